//! The last call graph assembled, and the next one made from it.
//!
//! Assembling reads every node's definition and id, and on a large project
//! most of them are not in the processor's cache: about 40 ms for 2,000
//! files, where copying the finished graph takes 10. After an edit, only
//! the files whose resolved calls changed (new `Arc<FileCalls>`) can change
//! the graph, so the last graph is kept with the calls it was made from,
//! and the next one is that graph with those files' edges replaced and the
//! nodes they touch worked out again. `tests/call_graph_updates.rs`
//! compares every such graph with one a fresh project assembles whole.

use super::call_graph::{call_edge, is_node, Assembled, CallGraph, CallGraphEdge, CallGraphNode};
use super::file_calls::{FileCalls, SharedDefinition};
use super::graph_numbering::{same_definition, GraphNumbering, NodeNumbers, NO_SLOT};
use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::Arc;

/// Past one changed file in this many, the graph is assembled anew: an
/// update does for each changed file what assembling does for each file,
/// and more (hash lookups, moving edges), so it pays only for a few.
const FILES_PER_CHANGED: usize = 8;

/// A graph and the resolved calls it was assembled from.
pub(super) struct LastGraph {
    /// Every file's calls, in path order, as `assemble` took them.
    files: Vec<Arc<FileCalls>>,
    include_external: bool,
    /// Where each file's edges start in `graph.edges`, and one past the end.
    edge_starts: Vec<usize>,
    /// Shared with the graphs handed out: updated in place when they are
    /// gone, copied first when one is still held.
    graph: Arc<CallGraph>,
    numbers: NodeNumbers,
}

/// An edge of a changed file, as `assemble` would make it.
struct NewEdge<'a> {
    from: &'a SharedDefinition,
    /// The callee and its file; `None` for a call outside the project.
    to: Option<(&'a SharedDefinition, &'a Arc<str>)>,
    edge: CallGraphEdge,
}

impl LastGraph {
    /// Keeps `assembled`, assembled from `files`; its nodes keep the slots
    /// they had in `previous`, the graph kept before, if any.
    fn new(
        files: Vec<Arc<FileCalls>>,
        include_external: bool,
        assembled: Assembled,
        previous: Option<LastGraph>,
    ) -> LastGraph {
        let numbers = match previous {
            Some(previous) => NodeNumbers::carried(previous.numbers, &previous.graph, &assembled),
            None => NodeNumbers::fresh(&assembled),
        };
        let graph = assembled.graph;
        // Edges come file by file, each with its file's path.
        let mut edge_starts = Vec::with_capacity(files.len() + 1);
        let mut at = 0;
        for file in &files {
            edge_starts.push(at);
            while at < graph.edges.len() && *graph.edges[at].path == *file.path {
                at += 1;
            }
        }
        edge_starts.push(at);
        LastGraph {
            files,
            include_external,
            edge_starts,
            graph: Arc::new(graph),
            numbers,
        }
    }

    /// Estimated memory of the graph itself and its numbering (its files'
    /// calls are counted where they are kept).
    pub fn graph_bytes(graph: &CallGraph) -> usize {
        graph.nodes.len() * 160
            + graph.edges.len() * 96
            + graph.top_level_nodes.len() * 16
            + NodeNumbers::bytes(graph.nodes.len(), graph.edges.len())
    }

    /// Makes this the graph of `files`, changing only what the files whose
    /// calls changed can change. `false` (and this left as it was) when
    /// that is not quicker than assembling anew: the set of paths or
    /// `include_external` differ, or many files changed.
    pub fn update(&mut self, files: &[Arc<FileCalls>], include_external: bool) -> bool {
        if include_external != self.include_external || files.len() != self.files.len() {
            return false;
        }
        let mut changed = Vec::new();
        for (i, (old, new)) in self.files.iter().zip(files).enumerate() {
            if !Arc::ptr_eq(old, new) {
                if old.path != new.path {
                    return false;
                }
                changed.push(i);
            }
        }
        if changed.len() > files.len() / FILES_PER_CHANGED + 1 {
            return false;
        }
        if !changed.is_empty() {
            self.replace(&changed, files);
        }
        for &i in &changed {
            self.files[i] = files[i].clone();
        }
        true
    }

    /// Replaces the edges of the `changed` files (indexes into `files`)
    /// and works out again every node they can change.
    fn replace(&mut self, changed: &[usize], files: &[Arc<FileCalls>]) {
        let include_external = self.include_external;
        let numbers = &mut self.numbers;
        numbers.begin_update();
        let graph = Arc::make_mut(&mut self.graph);
        let new_edges: Vec<Vec<NewEdge>> = changed
            .iter()
            .map(|&i| edges_of(&files[i], include_external))
            .collect();

        // Every node whose existence, definition, calls or callers the
        // change can reach: the changed files' own definitions, before and
        // after, and both ends of their calls, before and after.
        let mut touched: FxHashSet<Arc<str>> = FxHashSet::default();
        // Callers, by callee, from the changed files' calls before.
        let mut old_callers: FxHashMap<Arc<str>, FxHashSet<Arc<str>>> = FxHashMap::default();
        for &i in changed {
            let old = &self.files[i];
            touched.insert(old.module.symbol_id.clone());
            touched.extend(old.holders.iter().map(|h| h.symbol_id.clone()));
            for edge in &graph.edges[self.edge_starts[i]..self.edge_starts[i + 1]] {
                touched.insert(edge.from.clone());
                if !edge.external {
                    touched.insert(edge.to.clone());
                    old_callers
                        .entry(edge.to.clone())
                        .or_default()
                        .insert(edge.from.clone());
                }
            }
        }
        // What the changed files now say of each node: its definition and
        // file (first mention wins, as in `assemble`), whether it is a
        // module or callable holder, and its callers.
        let mut mentioned: FxHashMap<&str, (&SharedDefinition, &Arc<str>)> = FxHashMap::default();
        let mut anchored: FxHashSet<&str> = FxHashSet::default();
        let mut new_callers: FxHashMap<&str, Vec<Arc<str>>> = FxHashMap::default();
        for (&i, edges) in changed.iter().zip(&new_edges) {
            let file = &files[i];
            for shared in
                std::iter::once(&file.module).chain(file.holders.iter().filter(|h| is_node(h)))
            {
                touched.insert(shared.symbol_id.clone());
                anchored.insert(&shared.symbol_id);
                mentioned
                    .entry(&shared.symbol_id)
                    .or_insert((shared, &file.path));
            }
            for edge in edges {
                touched.insert(edge.edge.from.clone());
                mentioned
                    .entry(&edge.from.symbol_id)
                    .or_insert((edge.from, &file.path));
                if let Some((callee, path)) = edge.to {
                    touched.insert(callee.symbol_id.clone());
                    mentioned.entry(&callee.symbol_id).or_insert((callee, path));
                    new_callers
                        .entry(&callee.symbol_id)
                        .or_default()
                        .push(edge.from.symbol_id.clone());
                }
            }
        }
        let new_lengths: Vec<usize> = new_edges.iter().map(Vec::len).collect();

        // The edges: each changed file's range replaced, last file first so
        // the earlier ranges stay where they are.
        let old_starts = self.edge_starts.clone();
        for (&i, edges) in changed.iter().zip(new_edges).rev() {
            let range = old_starts[i]..old_starts[i + 1];
            // Filled in below, once every new callee has its slot.
            numbers
                .edge_targets
                .splice(range.clone(), std::iter::repeat_n(NO_SLOT, edges.len()));
            graph.edges.splice(range, edges.into_iter().map(|e| e.edge));
        }
        // Each changed file moves the edges after it by its change in
        // length: `moves` holds, per changed file, where its old edges
        // ended and how far edges from there on moved in all.
        let mut shift = 0isize;
        let mut moves: Vec<(usize, isize)> = Vec::with_capacity(changed.len());
        let mut next_changed = changed.iter().zip(&new_lengths).peekable();
        for i in 0..self.files.len() {
            self.edge_starts[i] = (old_starts[i] as isize + shift) as usize;
            if let Some((_, &new_length)) = next_changed.next_if(|(&c, _)| c == i) {
                shift += new_length as isize - (old_starts[i + 1] - old_starts[i]) as isize;
                moves.push((old_starts[i + 1], shift));
            }
        }
        *self
            .edge_starts
            .last_mut()
            .expect("one start per file and the end") = graph.edges.len();
        // An old edge's index now: moved as far as the last changed file
        // ending at or before it.
        let moved = |old: usize| -> usize {
            match moves.partition_point(|&(end, _)| end <= old) {
                0 => old,
                n => (old as isize + moves[n - 1].1) as usize,
            }
        };
        // Only calls after the first changed file can have moved; those of
        // the changed files' own nodes are replaced below.
        if moves.iter().any(|&(_, shift)| shift != 0) {
            let first_moved = moves[0].0;
            for node in graph.nodes.values_mut() {
                for call in &mut node.calls {
                    if *call >= first_moved {
                        *call = moved(*call);
                    }
                }
            }
        }

        // The touched nodes, worked out again.
        let changed_paths: FxHashSet<&str> = changed.iter().map(|&i| &*files[i].path).collect();
        let mut calls_of: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
        for &i in changed {
            for e in self.edge_starts[i]..self.edge_starts[i + 1] {
                calls_of.entry(&graph.edges[e].from).or_default().push(e);
            }
        }
        for id in &touched {
            let old = graph.nodes.get(id);
            let mut called_by: Vec<Arc<str>> = old
                .map(|node| {
                    let gone = old_callers.get(id);
                    node.called_by
                        .iter()
                        .filter(|caller| gone.is_none_or(|gone| !gone.contains(*caller)))
                        .cloned()
                        .collect()
                })
                .unwrap_or_default();
            if let Some(callers) = new_callers.get(&**id) {
                called_by.extend(callers.iter().cloned());
            }
            called_by.sort();
            called_by.dedup();
            let (definition, path) = match (mentioned.get(&**id), old) {
                (Some((shared, path)), _) => (shared.definition.clone(), (*path).clone()),
                (None, Some(old)) => (old.definition.clone(), old.path.clone()),
                (None, None) => continue,
            };
            let in_changed_file = changed_paths.contains(&*path);
            let anchors = if in_changed_file {
                anchored.contains(&**id)
            } else {
                anchored_in(files, &path, id)
            };
            let calls = if in_changed_file {
                calls_of.get(&**id).cloned().unwrap_or_default()
            } else {
                old.map(|node| node.calls.clone()).unwrap_or_default()
            };
            // As in `assemble`: modules, callable holders, and every caller
            // and callee (a class calls from its body) are nodes.
            let exists = anchors || !calls.is_empty() || !called_by.is_empty();
            if !exists {
                if let Ok(at) = graph.top_level_nodes.binary_search(id) {
                    graph.top_level_nodes.remove(at);
                    numbers.top_level.remove(at);
                }
                graph.nodes.remove(id);
                numbers.remove(id);
                continue;
            }
            let node = CallGraphNode {
                path,
                definition,
                calls,
                called_by,
            };
            // A node that calls one whose definition changed is touched
            // too: its file's calls hold that definition, so they were
            // resolved again.
            let definition_changed = old.is_none_or(|old| !same_definition(old, &node));
            let slot = numbers.touch(id, definition_changed);
            // Top-level nodes are sorted ids; only touched ones can change.
            let top_level = node.called_by.iter().all(|caller| caller == id);
            match (graph.top_level_nodes.binary_search(id), top_level) {
                (Ok(at), false) => {
                    graph.top_level_nodes.remove(at);
                    numbers.top_level.remove(at);
                }
                (Err(at), true) => {
                    graph.top_level_nodes.insert(at, id.clone());
                    numbers.top_level.insert(at, slot);
                }
                _ => {}
            }
            graph.nodes.insert(id.clone(), node);
        }
        for &i in changed {
            for e in self.edge_starts[i]..self.edge_starts[i + 1] {
                let edge = &graph.edges[e];
                if !edge.external {
                    numbers.edge_targets[e] = numbers.slot_of(&edge.to).unwrap_or(NO_SLOT);
                }
            }
        }
    }
}

/// Whether `id` is the module or a callable holder of the file at `path`
/// (one of `files`, in path order).
fn anchored_in(files: &[Arc<FileCalls>], path: &str, id: &str) -> bool {
    let Ok(at) = files.binary_search_by(|f| (*f.path).cmp(path)) else {
        return false;
    };
    let file = &files[at];
    &*file.module.symbol_id == id
        || file
            .holders
            .iter()
            .any(|h| &*h.symbol_id == id && is_node(h))
}

/// A file's edges, in the order and form `assemble` gives them.
fn edges_of(file: &FileCalls, include_external: bool) -> Vec<NewEdge<'_>> {
    let mut edges = Vec::new();
    for call in &file.calls {
        let Some((callee, call_type)) = call_edge(call, include_external) else {
            continue;
        };
        let to = callee.map(|callee| (&callee.definition, &callee.path));
        let from = match call.caller {
            Some(i) => &file.holders[i],
            None => &file.module,
        };
        edges.push(NewEdge {
            from,
            to,
            edge: CallGraphEdge {
                from: from.symbol_id.clone(),
                to: match to {
                    Some((callee, _)) => callee.symbol_id.clone(),
                    None => call.name.clone(),
                },
                external: to.is_none(),
                path: file.path.clone(),
                location: call.range,
                call_type,
            },
        });
    }
    edges
}

/// What a project keeps of its graphs: the last one, if it fits in the
/// call graph's memory bound; for `get_call_graph`, which copies the kept
/// graph, only from the second graph asked for on (a project asked for one
/// graph may not ask again); for `get_shared_call_graph` from the first.
#[derive(Default)]
pub(super) struct KeptGraph {
    asked: bool,
    last: Option<LastGraph>,
}

impl KeptGraph {
    /// Whether a graph was asked for before, and the last graph, taken out
    /// (put it back with [`KeptGraph::keep`]).
    pub fn take(&mut self) -> (bool, Option<LastGraph>) {
        let asked = std::mem::replace(&mut self.asked, true);
        (asked, self.last.take())
    }

    /// Keeps `last` for the next graph.
    pub fn keep(&mut self, last: LastGraph) {
        self.last = Some(last);
    }

    /// Forgets the last graph.
    pub fn clear(&mut self) {
        self.last = None;
    }
}

/// The graph of `files`, from `kept`'s last graph when only a few files'
/// calls changed since, else assembled (its nodes keeping their slots);
/// kept for the next, with its numbering, when it fits in `bound` bytes.
/// A caller that `shares` the graph gets its numbering too, and has it
/// kept from the first graph on; one that copies it gets no numbering, and
/// has it kept only from the second (keeping costs that caller a copy, and
/// a project asked once may not be asked again).
pub(super) fn graph_of(
    kept: &std::sync::Mutex<KeptGraph>,
    files: Vec<Arc<FileCalls>>,
    include_external: bool,
    bound: usize,
    shares: bool,
) -> (Arc<CallGraph>, Option<GraphNumbering>) {
    // The graph is updated outside the lock: a graph asked for meanwhile
    // finds nothing kept and is assembled whole.
    let (asked, last) = kept.lock().unwrap_or_else(|e| e.into_inner()).take();
    let fits = |graph: &CallGraph, files: &[Arc<FileCalls>]| {
        LastGraph::graph_bytes(graph) + files.iter().map(|f| f.bytes).sum::<usize>() <= bound
    };
    let keep = |last: LastGraph| {
        let handed_out = (last.graph.clone(), shares.then(|| last.numbers.snapshot()));
        if fits(&last.graph, &last.files) {
            kept.lock().unwrap_or_else(|e| e.into_inner()).keep(last);
        }
        handed_out
    };
    let mut previous = last;
    if let Some(last) = &mut previous {
        if last.update(&files, include_external) {
            return keep(previous.expect("just updated"));
        }
    }
    let assembled = super::call_graph::assemble(&files, include_external);
    if (asked || shares) && fits(&assembled.graph, &files) {
        return keep(LastGraph::new(files, include_external, assembled, previous));
    }
    (Arc::new(assembled.graph), None)
}
