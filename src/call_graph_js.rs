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
//! shared.
//!
//! The numbers, in order (`NONE` = `u32::MAX`, `s` = a string's index):
//! - node count `n`; then per node, its definition: `id`, `s name`,
//!   `s symbol_kind`, `s file_path`, range (4 numbers: start row, column,
//!   end row, column), whether it has an enclosing range, that range
//!   (zeros if not), `s symbol_id`, `is_exported` (0/1), `s docstring` or
//!   `NONE`;
//! - edge count, then per edge: from node, to node or `NONE`, `s` name
//!   written (for calls outside the project), range, call type (0 direct,
//!   1 method, 2 constructor);
//! - per node: call count and its calls as edge numbers (a call is its
//!   edge seen from the caller: same range object, same target); then
//!   caller count and the callers' node numbers;
//! - top-level node count, then their node numbers.
//!
//! The strings go joined by NUL, which `split` takes apart faster than
//! `JSON.parse` reads an array, unless one of them holds a NUL.

use napi::bindgen_prelude::*;
use rustc_hash::FxHashMap as HashMap;
use skein_core::position::Range;
use skein_core::project::CallGraph;
use skein_core::scope_graph::CallKind;
use std::cell::RefCell;
use std::mem::ManuallyDrop;

const NONE: u32 = u32::MAX;
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

/// The graph's flat form: the strings and the numbers.
fn flatten(graph: &CallGraph) -> (Vec<&str>, Vec<u32>) {
    let mut strings = Strings::default();
    let position: HashMap<&str, u32> = graph
        .nodes
        .keys()
        .enumerate()
        .map(|(i, symbol)| (&**symbol, i as u32))
        .collect();
    let node_of = |symbol: &str| position.get(symbol).copied().unwrap_or(NONE);
    let mut numbers = Vec::with_capacity(graph.nodes.len() * 24 + graph.edges.len() * 12);
    numbers.push(graph.nodes.len() as u32);
    for node in graph.nodes.values() {
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
    for edge in &graph.edges {
        numbers.push(node_of(&edge.from));
        let target = if edge.external {
            NONE
        } else {
            node_of(&edge.to)
        };
        numbers.push(target);
        numbers.push(if target == NONE {
            strings.of(&edge.to)
        } else {
            NONE
        });
        push_range(&mut numbers, edge.location);
        numbers.push(call_kind_number(edge.call_type));
    }
    for node in graph.nodes.values() {
        numbers.push(node.calls.len() as u32);
        numbers.extend(node.calls.iter().map(|&i| i as u32));
        numbers.push(node.called_by.len() as u32);
        numbers.extend(node.called_by.iter().map(|caller| node_of(caller)));
    }
    numbers.push(graph.top_level_nodes.len() as u32);
    numbers.extend(graph.top_level_nodes.iter().map(|id| node_of(id)));
    (strings.list, numbers)
}

/// The builder's arguments: the strings, whether they are JSON, the numbers.
type BuilderArgs = FnArgs<(String, bool, Uint32Array)>;
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
pub fn call_graph_to_js<'env>(env: &'env Env, graph: &CallGraph) -> Result<Unknown<'env>> {
    let (strings, numbers) = flatten(graph);
    let (text, is_json) = if strings.iter().any(|s| s.contains('\0')) {
        let json = serde_json::to_string(&strings).map_err(|e| {
            Error::from_reason(format!("get_call_graph: cannot encode the graph: {e}"))
        })?;
        (json, true)
    } else {
        (strings.join("\0"), false)
    };
    let build = builder(env)?;
    build.call(FnArgs::from((text, is_json, Uint32Array::new(numbers))))
}
