//! The call graph's shape and its assembly from every file's resolved
//! calls (`file_calls`): nodes numbered as met and linked by number, then
//! sorted by symbol id once; and the options that cut it down
//! (`max_depth`, the binding's `file_filter`).

use super::file_calls::{creates_instances, FileCalls, SharedDefinition, SiteCall};
use crate::position::Range;
use crate::scope_graph::{CallKind, Definition};
use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// Options of [`Project::get_call_graph`](super::Project::get_call_graph).
#[derive(Clone, Debug, Default)]
pub struct CallGraphOptions {
    /// Also list calls whose target is outside the project (`print`,
    /// `console.log`), as edges to the name as written.
    pub include_external: bool,
    /// Keep only nodes at most this many calls away from a top-level node.
    pub max_depth: Option<usize>,
}

/// A node of the call graph: a function, method, constructor or class that
/// calls or is called, or the module-level code of a file.
#[derive(Clone, Debug, PartialEq)]
pub struct CallGraphNode {
    /// The file it is in.
    pub path: Arc<str>,
    /// Its definition; for module-level code, the module (symbol id `<path>#`).
    pub definition: Arc<Definition>,
    /// Indexes into [`CallGraph::edges`] of the calls it makes, in source order.
    pub calls: Vec<usize>,
    /// Symbol ids of the nodes that call it, sorted, each once.
    pub called_by: Vec<Arc<str>>,
}

/// A call from one node to another (or, with `include_external`, to a
/// name outside the project).
#[derive(Clone, Debug, PartialEq)]
pub struct CallGraphEdge {
    /// The calling node's symbol id.
    pub from: Arc<str>,
    /// The called node's symbol id; for an external call, the name as written.
    pub to: Arc<str>,
    /// Whether `to` is outside the project.
    pub external: bool,
    /// The file of the call site.
    pub path: Arc<str>,
    /// The span of the called name at the call site.
    pub location: Range,
    /// How it calls: `direct`, `method` or `constructor` (a plain call of a
    /// class is a constructor call).
    pub call_type: CallKind,
}

/// The project's calls: nodes by symbol id, the edges, and the nodes no
/// one calls. Strings and definitions are shared (`Arc`) with the
/// project's kept calls, so assembling a large graph copies no text.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CallGraph {
    /// Every node, by symbol id.
    pub nodes: BTreeMap<Arc<str>, CallGraphNode>,
    /// Every call, by file and position.
    pub edges: Vec<CallGraphEdge>,
    /// Symbol ids of the nodes no node calls (entry points, dead code,
    /// module-level code), sorted.
    pub top_level_nodes: Vec<Arc<str>>,
}

/// A node being assembled: its definition and file.
type Gathered<'a> = (&'a SharedDefinition, &'a Arc<str>);

/// An edge being assembled: caller and callee as node numbers (the callee
/// `None` when outside the project), then the call itself.
type GatheredEdge<'a> = (u32, Option<u32>, &'a FileCalls, &'a SiteCall, CallKind);

/// Nodes numbered as met.
#[derive(Default)]
struct Numbered<'a> {
    numbers: FxHashMap<&'a str, u32>,
    nodes: Vec<Gathered<'a>>,
}

impl<'a> Numbered<'a> {
    fn number(&mut self, shared: &'a SharedDefinition, path: &'a Arc<str>) -> u32 {
        let nodes = &mut self.nodes;
        *self.numbers.entry(&shared.symbol_id).or_insert_with(|| {
            nodes.push((shared, path));
            (nodes.len() - 1) as u32
        })
    }
}

/// The graph of every file's resolved calls. Nodes are numbered as met and
/// linked by number; symbol ids are compared only to sort the nodes once.
pub(super) fn assemble(files: &[Arc<FileCalls>], include_external: bool) -> CallGraph {
    let mut numbered = Numbered::default();
    let mut edges: Vec<GatheredEdge> = Vec::new();
    for calls in files {
        let path = &calls.path;
        let module = numbered.number(&calls.module, path);
        for holder in &calls.holders {
            if holder.definition.symbol_kind.is_callable() {
                numbered.number(holder, path);
            }
        }
        for call in &calls.calls {
            let (to, call_type) = match &call.callee {
                Some(callee) => {
                    let call_type = if creates_instances(callee.definition.definition.symbol_kind) {
                        CallKind::Constructor
                    } else {
                        call.kind
                    };
                    (
                        Some(numbered.number(&callee.definition, &callee.path)),
                        call_type,
                    )
                }
                None if include_external && call.outside_project => (None, call.kind),
                None => continue,
            };
            let from = match call.caller {
                Some(i) => numbered.number(&calls.holders[i], path),
                None => module,
            };
            edges.push((from, to, calls, call, call_type));
        }
    }
    let gathered = numbered.nodes;
    // Sorted by symbol id: `rank[number]` is the node's place.
    let mut order: Vec<u32> = (0..gathered.len() as u32).collect();
    order.sort_unstable_by(|&a, &b| {
        gathered[a as usize]
            .0
            .symbol_id
            .cmp(&gathered[b as usize].0.symbol_id)
    });
    let mut rank = vec![0u32; gathered.len()];
    for (place, &number) in order.iter().enumerate() {
        rank[number as usize] = place as u32;
    }
    let mut calls_of: Vec<Vec<usize>> = vec![Vec::new(); gathered.len()];
    let mut callers_of: Vec<Vec<u32>> = vec![Vec::new(); gathered.len()];
    let mut graph_edges = Vec::with_capacity(edges.len());
    for (i, &(from, to, file, call, call_type)) in edges.iter().enumerate() {
        calls_of[rank[from as usize] as usize].push(i);
        if let Some(to) = to {
            callers_of[rank[to as usize] as usize].push(rank[from as usize]);
        }
        let caller = gathered[from as usize].0;
        graph_edges.push(CallGraphEdge {
            from: caller.symbol_id.clone(),
            to: match to {
                Some(to) => gathered[to as usize].0.symbol_id.clone(),
                None => call.name.clone(),
            },
            external: to.is_none(),
            path: file.path.clone(),
            location: call.range,
            call_type,
        });
    }
    let mut nodes = Vec::with_capacity(gathered.len());
    let mut top_level_nodes = Vec::new();
    for (place, (calls, mut callers)) in calls_of.into_iter().zip(callers_of).enumerate() {
        let (shared, path) = gathered[order[place] as usize];
        callers.sort_unstable();
        callers.dedup();
        if callers.iter().all(|&caller| caller as usize == place) {
            top_level_nodes.push(shared.symbol_id.clone());
        }
        let called_by = callers
            .iter()
            .map(|&caller| {
                gathered[order[caller as usize] as usize]
                    .0
                    .symbol_id
                    .clone()
            })
            .collect();
        nodes.push((
            shared.symbol_id.clone(),
            CallGraphNode {
                path: path.clone(),
                definition: shared.definition.clone(),
                calls,
                called_by,
            },
        ));
    }
    CallGraph {
        // Already sorted: the map is built in one pass.
        nodes: nodes.into_iter().collect(),
        edges: graph_edges,
        top_level_nodes,
    }
}

impl CallGraph {
    /// Keeps the nodes of the files `keep` accepts, and the edges between
    /// them (and their external calls); `called_by` and `top_level_nodes`
    /// follow. Each file is asked once.
    pub fn retain_files(&mut self, mut keep: impl FnMut(&str) -> bool) {
        let mut verdicts: HashMap<Arc<str>, bool> = HashMap::new();
        for node in self.nodes.values() {
            if !verdicts.contains_key(&node.path) {
                let verdict = keep(&node.path);
                verdicts.insert(node.path.clone(), verdict);
            }
        }
        self.nodes.retain(|_, node| verdicts[&node.path]);
        drop_dangling_edges(self);
        link_edges(self);
    }
}

/// Drops the edges from or to a node the graph no longer has.
fn drop_dangling_edges(graph: &mut CallGraph) {
    let kept = &graph.nodes;
    graph
        .edges
        .retain(|e| kept.contains_key(&e.from) && (e.external || kept.contains_key(&e.to)));
}

/// Fills `calls`, `called_by` and `top_level_nodes` from the edges.
fn link_edges(graph: &mut CallGraph) {
    for node in graph.nodes.values_mut() {
        node.calls.clear();
        node.called_by.clear();
    }
    for (i, edge) in graph.edges.iter().enumerate() {
        if let Some(node) = graph.nodes.get_mut(&edge.from) {
            node.calls.push(i);
        }
        if !edge.external {
            if let Some(node) = graph.nodes.get_mut(&edge.to) {
                node.called_by.push(edge.from.clone());
            }
        }
    }
    for node in graph.nodes.values_mut() {
        node.called_by.sort();
        node.called_by.dedup();
    }
    graph.top_level_nodes = graph
        .nodes
        .iter()
        .filter(|(id, node)| node.called_by.iter().all(|caller| caller == *id))
        .map(|(id, _)| id.clone())
        .collect();
}

/// Keeps the nodes at most `depth` calls from a top-level node, and the
/// edges between them.
pub(super) fn keep_within(graph: &mut CallGraph, depth: usize) {
    let mut distance: HashMap<Arc<str>, usize> = graph
        .top_level_nodes
        .iter()
        .map(|id| (id.clone(), 0))
        .collect();
    let mut frontier: Vec<Arc<str>> = graph.top_level_nodes.clone();
    for level in 1..=depth {
        let mut next = Vec::new();
        for id in &frontier {
            for &edge in &graph.nodes[id].calls {
                let to = &graph.edges[edge].to;
                if graph.nodes.contains_key(to) && !distance.contains_key(to) {
                    distance.insert(to.clone(), level);
                    next.push(to.clone());
                }
            }
        }
        frontier = next;
    }
    graph.nodes.retain(|id, _| distance.contains_key(id));
    drop_dangling_edges(graph);
    // Top-level nodes stay what they were in the whole graph.
    let top = std::mem::take(&mut graph.top_level_nodes);
    link_edges(graph);
    graph.top_level_nodes = top;
}
