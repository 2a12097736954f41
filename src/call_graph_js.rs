//! Moving a [`CallGraph`] into JS as api.md's `CallGraph`.
//!
//! A graph of a few thousand nodes holds tens of thousands of small objects
//! (definitions, ranges, calls, edges). Setting their properties one napi
//! call at a time took several times as long as resolving the graph, and
//! `JSON.parse` of the same objects about as long. So the graph crosses
//! flat: every distinct string once, in one string, and everything else
//! as numbers in one `Uint32Array`. `call_graph_builder.js` reads both
//! front to back and builds the objects; shared strings and definitions
//! (a call's `resolved_definition` is the called node's `definition`) stay
//! shared. Only nodes that changed since the project's last graph are
//! sent in full; the others are the JS side's frozen objects, reused
//! (`sent_graph`).
//!
//! The numbers, in order (`NONE` = `u32::MAX`, `s` = a string's index,
//! slot = a node's place in the JS side's arrays):
//! - how to build (`sent_graph::Mode`): 0 on what the JS side holds, 1 dropping it
//!   first, 2 apart from it;
//! - node count `n`; then per node: its slot, then flags (1: its definition
//!   follows, 2: its node is built anew, below), then if flagged, its
//!   definition: `id`, `s name`, `s symbol_kind`, `s file_path`, range
//!   (4 numbers: start row, column, end row, column), whether it has an
//!   enclosing range, that range (zeros if not), `s symbol_id`,
//!   `is_exported` (0/1), `s docstring` or `NONE`;
//! - edge count; then per node, its call count and per call its edge
//!   number; for a node built anew, each call also gives the target slot
//!   or `NONE`, `s` name written (for calls outside the project), range
//!   and call type (0 direct, 1 method, 2 constructor), and after its
//!   calls come its caller count and the callers' slots;
//! - top-level node count, then their slots.
//!
//! The strings go joined by NUL, which `split` takes apart faster than
//! `JSON.parse` reads an array, unless one of them holds a NUL.

use crate::project::ImmutableProject;
use crate::sent_graph::{callers_of_new_nodes, Plan, NONE};
use napi::bindgen_prelude::*;
use rustc_hash::FxHashMap as HashMap;
use skein_core::position::Range;
use skein_core::project::{CallGraph, GraphNumbering};
use skein_core::scope_graph::CallKind;
use std::cell::RefCell;
use std::mem::ManuallyDrop;
use std::sync::Arc;

const BUILDER: &str = include_str!("call_graph_builder.js");

/// Strings by first appearance, each once.
#[derive(Default)]
struct Strings<'a> {
    list: Vec<&'a str>,
    index: HashMap<&'a str, u32>,
}

impl<'a> Strings<'a> {
    /// A string met once in the graph (a symbol id, a docstring): not
    /// worth hashing.
    fn unique(&mut self, text: &'a str) -> u32 {
        self.list.push(text);
        (self.list.len() - 1) as u32
    }

    fn of(&mut self, text: &'a str) -> u32 {
        let list = &mut self.list;
        *self.index.entry(text).or_insert_with(|| {
            list.push(text);
            (list.len() - 1) as u32
        })
    }
}

fn push_range(numbers: &mut Vec<u32>, range: Range) {
    numbers.extend([
        range.start.row,
        range.start.column,
        range.end.row,
        range.end.column,
    ]);
}

fn call_kind_number(kind: CallKind) -> u32 {
    match kind {
        CallKind::Direct => 0,
        CallKind::Method => 1,
        CallKind::Constructor => 2,
    }
}

const DEFINITION_FOLLOWS: u32 = 1;
const NODE_FOLLOWS: u32 = 2;

/// The graph's flat form: the strings and the numbers.
fn flatten<'g>(graph: &'g CallGraph, plan: &Plan) -> (Vec<&'g str>, Vec<u32>) {
    let callers = callers_of_new_nodes(graph, plan);
    let mut strings = Strings::default();
    let mut numbers = Vec::with_capacity(graph.nodes.len() * 4 + graph.edges.len() * 2);
    numbers.push(plan.mode as u32);
    numbers.push(graph.nodes.len() as u32);
    for (i, node) in graph.nodes.values().enumerate() {
        let mut flags = 0;
        if plan.new_definition[i] {
            flags |= DEFINITION_FOLLOWS;
        }
        if plan.new_node[i] {
            flags |= NODE_FOLLOWS;
        }
        numbers.extend([plan.slots[i], flags]);
        if !plan.new_definition[i] {
            continue;
        }
        let def = &node.definition;
        numbers.extend([
            def.id,
            strings.of(&def.name),
            strings.of(def.symbol_kind.as_str()),
            strings.of(&node.path),
        ]);
        push_range(&mut numbers, def.range);
        numbers.push(u32::from(def.enclosing_range.is_some()));
        push_range(&mut numbers, def.enclosing_range.unwrap_or_default());
        numbers.extend([
            strings.unique(&def.symbol_id),
            u32::from(def.is_exported),
            def.docstring.as_deref().map_or(NONE, |d| strings.unique(d)),
        ]);
    }
    numbers.push(graph.edges.len() as u32);
    for (i, node) in graph.nodes.values().enumerate() {
        numbers.push(node.calls.len() as u32);
        if !plan.new_node[i] {
            numbers.extend(node.calls.iter().map(|&e| e as u32));
            continue;
        }
        for &e in &node.calls {
            let edge = &graph.edges[e];
            let target = plan.edge_targets[e];
            numbers.extend([
                e as u32,
                target,
                if target == NONE {
                    strings.of(&edge.to)
                } else {
                    NONE
                },
            ]);
            push_range(&mut numbers, edge.location);
            numbers.push(call_kind_number(edge.call_type));
        }
        debug_assert_eq!(callers[i].len(), node.called_by.len());
        numbers.push(callers[i].len() as u32);
        numbers.extend(&callers[i]);
    }
    numbers.push(plan.top_level.len() as u32);
    numbers.extend(plan.top_level.iter());
    (strings.list, numbers)
}

/// The builder's arguments: the project (whose JS side keeps the objects
/// of its last graph), the strings, whether they are JSON, the numbers.
type BuilderArgs = FnArgs<(Reference<ImmutableProject>, String, bool, Uint32Array)>;
type Builder = FunctionRef<BuilderArgs, Unknown<'static>>;

thread_local! {
    /// The builder compiled for this thread's env, and which env: V8
    /// optimizes a function it runs again, not one compiled anew for each
    /// graph. Never dropped: releasing a reference once the env is gone,
    /// at exit, would crash.
    static BUILDER_FOR_ENV: RefCell<Option<(usize, ManuallyDrop<Builder>)>> =
        const { RefCell::new(None) };
}

/// The builder function, compiled once per env.
fn builder<'env>(env: &'env Env) -> Result<Function<'env, BuilderArgs, Unknown<'static>>> {
    let key = env.raw() as usize;
    BUILDER_FOR_ENV.with(|cell| {
        let mut cached = cell.borrow_mut();
        if !matches!(&*cached, Some((owner, _)) if *owner == key) {
            let compiled: Function<BuilderArgs, Unknown<'static>> = env.run_script(BUILDER)?;
            // A replaced builder (another env on this thread) is leaked too.
            *cached = Some((key, ManuallyDrop::new(compiled.create_ref()?)));
        }
        let (_, builder) = cached.as_ref().expect("set above");
        builder.borrow_back(env)
    })
}

/// The graph as api.md has it: `nodes` is a `Map` keyed by symbol id.
/// `project` is the project it is of: its JS side holds the objects of
/// its last numbered graph, and only what changed since is built.
pub fn call_graph_to_js<'env>(
    env: &'env Env,
    graph: Arc<CallGraph>,
    numbering: Option<GraphNumbering>,
    project: Reference<ImmutableProject>,
) -> Result<Unknown<'env>> {
    let built = build_graph(env, &graph, numbering.as_ref(), project);
    // The project updates its kept graph in place if this one is gone by
    // then. A graph it did not keep is freed here, off the JS thread.
    if Arc::strong_count(&graph) == 1 {
        napi::bindgen_prelude::spawn_blocking(move || drop(graph));
    }
    built
}

fn build_graph<'env>(
    env: &'env Env,
    graph: &CallGraph,
    numbering: Option<&GraphNumbering>,
    project: Reference<ImmutableProject>,
) -> Result<Unknown<'env>> {
    let mut sent = project.sent_graph.borrow_mut();
    let plan = sent.plan(graph, numbering);
    let (strings, numbers) = flatten(graph, &plan);
    let (text, is_json) = if strings.iter().any(|s| s.contains('\0')) {
        let json = serde_json::to_string(&strings).map_err(|e| {
            Error::from_reason(format!("get_call_graph: cannot encode the graph: {e}"))
        })?;
        (json, true)
    } else {
        (strings.join("\0"), false)
    };
    drop(strings);
    let build = builder(env)?;
    let key = project.clone(*env)?;
    match build.call(FnArgs::from((
        key,
        text,
        is_json,
        Uint32Array::new(numbers),
    ))) {
        Ok(built) => {
            sent.sent(&plan);
            Ok(built)
        }
        Err(err) => {
            // The JS side may hold part of this graph: start over next time.
            sent.forget();
            Err(err)
        }
    }
}
