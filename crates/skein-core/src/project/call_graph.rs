//! The call graph's shape and its assembly from every file's resolved
//! calls (`file_calls`): nodes numbered as met and linked by number, then
//! sorted by symbol id once; and the options that cut it down
//! (`max_depth`, the binding's `file_filter`).

use super::file_calls::{creates_instances, Callee, FileCalls, SharedDefinition, SiteCall};
use crate::position::Range;
use crate::scope_graph::{CallKind, Definition};
use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};
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

/// A symbol id with the hash it was given once ([`SharedDefinition`]).
#[derive(Eq)]
struct HashedId<'a> {
    hash: u64,
    id: &'a str,
}

impl PartialEq for HashedId<'_> {
    /// A callee is mostly the very definition its file holds: the same
    /// text, compared without reading it.
    fn eq(&self, other: &Self) -> bool {
        self.hash == other.hash && (std::ptr::eq(self.id, other.id) || self.id == other.id)
    }
}

impl Hash for HashedId<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

/// Nodes numbered as met.
struct Numbered<'a> {
    numbers: FxHashMap<HashedId<'a>, u32>,
    nodes: Vec<Gathered<'a>>,
}

impl<'a> Numbered<'a> {
    fn with_capacity(nodes: usize) -> Self {
        Numbered {
            numbers: FxHashMap::with_capacity_and_hasher(nodes, Default::default()),
            nodes: Vec::with_capacity(nodes),
        }
    }

    fn number(&mut self, shared: &'a SharedDefinition, path: &'a Arc<str>) -> u32 {
        let nodes = &mut self.nodes;
        let key = HashedId {
            hash: shared.symbol_hash,
            id: &shared.symbol_id,
        };
        *self.numbers.entry(key).or_insert_with(|| {
            nodes.push((shared, path));
            (nodes.len() - 1) as u32
        })
    }
}

/// The nodes' numbers in symbol id order. An id is `<path>#<name>`, so
/// nodes sort by file (in `<path>#` order), then by name: short names are
/// compared instead of long ids. A `#` in a path can make one file's ids
/// begin with another's path; then, or for an id not of that form, the
/// whole ids are compared.
fn symbol_order(gathered: &[Gathered]) -> Vec<u32> {
    let mut order: Vec<u32> = (0..gathered.len() as u32).collect();
    let by_id = |a: &u32, b: &u32| {
        gathered[*a as usize]
            .0
            .symbol_id
            .cmp(&gathered[*b as usize].0.symbol_id)
    };
    let mut file_of: FxHashMap<&str, u32> = FxHashMap::default();
    let mut files: Vec<&str> = Vec::new();
    // Consecutive nodes are mostly of one file: its number is remembered.
    let mut last: Option<(&str, u32)> = None;
    let mut node_files = Vec::with_capacity(gathered.len());
    for (shared, path) in gathered {
        let path: &str = path;
        let id: &str = &shared.symbol_id;
        if path.contains('#')
            || !(id.starts_with(path) && id.as_bytes().get(path.len()) == Some(&b'#'))
        {
            order.sort_unstable_by(by_id);
            return order;
        }
        let file = match last {
            Some((last_path, file)) if std::ptr::eq(last_path, path) => file,
            _ => {
                let file = *file_of.entry(path).or_insert_with(|| {
                    files.push(path);
                    (files.len() - 1) as u32
                });
                last = Some((path, file));
                file
            }
        };
        node_files.push(file);
    }
    // In `<path>#` order, which is not path order: `a b#` < `a#`.
    let mut file_order: Vec<u32> = (0..files.len() as u32).collect();
    let with_hash = |f: u32| files[f as usize].bytes().chain(std::iter::once(b'#'));
    file_order.sort_unstable_by(|&a, &b| with_hash(a).cmp(with_hash(b)));
    let mut file_rank = vec![0u32; files.len()];
    for (rank, &file) in file_order.iter().enumerate() {
        file_rank[file as usize] = rank as u32;
    }
    // Placed by file rank (a counting sort: no comparisons), then each
    // file's nodes sorted by name: a few names per file, not one sort of
    // every node.
    let ranked = Grouped::new(
        files.len(),
        node_files
            .iter()
            .enumerate()
            .map(|(n, &file)| (file_rank[file as usize], n as u32)),
    );
    let name_of = |n: u32| {
        let (shared, path) = gathered[n as usize];
        &shared.symbol_id[path.len() + 1..]
    };
    let mut keyed: Vec<(&str, u32)> = Vec::new();
    let mut place = 0;
    for rank in 0..files.len() {
        keyed.clear();
        keyed.extend(ranked.of(rank).iter().map(|&n| (name_of(n), n)));
        keyed.sort_unstable();
        for &(_, number) in &keyed {
            order[place] = number;
            place += 1;
        }
    }
    order
}

/// Values grouped by a key in `0..keys`, in one list: each key's values
/// in the order given.
struct Grouped {
    starts: Vec<u32>,
    values: Vec<u32>,
}

impl Grouped {
    fn new(keys: usize, pairs: impl Iterator<Item = (u32, u32)> + Clone) -> Grouped {
        let mut starts = vec![0u32; keys + 1];
        for (key, _) in pairs.clone() {
            starts[key as usize + 1] += 1;
        }
        for k in 0..keys {
            starts[k + 1] += starts[k];
        }
        let mut next = starts.clone();
        let mut values = vec![0u32; starts[keys] as usize];
        for (key, value) in pairs {
            values[next[key as usize] as usize] = value;
            next[key as usize] += 1;
        }
        Grouped { starts, values }
    }

    fn of(&self, key: usize) -> &[u32] {
        &self.values[self.starts[key] as usize..self.starts[key + 1] as usize]
    }

    /// A key's values sorted, each once.
    fn sorted_unique(&mut self, key: usize) -> &[u32] {
        let (start, end) = (self.starts[key] as usize, self.starts[key + 1] as usize);
        let values = &mut self.values[start..end];
        values.sort_unstable();
        let mut kept = 0;
        for i in 0..values.len() {
            if i == 0 || values[i] != values[kept - 1] {
                values[kept] = values[i];
                kept += 1;
            }
        }
        &values[..kept]
    }
}

/// Whether a holder is a node for holding calls (a callable one); any
/// other holder is a node only if it calls or is called.
pub(super) fn is_node(holder: &SharedDefinition) -> bool {
    holder.definition.symbol_kind.is_callable()
}

/// Whether a call site is an edge of the graph, and if so what it calls
/// (`None`: outside the project, with `include_external`) and how: a plain
/// call of a class constructs it.
pub(super) fn call_edge(
    call: &SiteCall,
    include_external: bool,
) -> Option<(Option<&Callee>, CallKind)> {
    match &call.callee {
        Some(callee) => {
            let call_type = if creates_instances(callee.definition.definition.symbol_kind) {
                CallKind::Constructor
            } else {
                call.kind
            };
            Some((Some(callee), call_type))
        }
        None if include_external && call.outside_project => Some((None, call.kind)),
        None => None,
    }
}

/// An assembled graph, with where its edges lead and its top-level nodes
/// as places in its node order (for [`NodeNumbers`](super::graph_numbering::NodeNumbers)).
pub(super) struct Assembled {
    pub graph: CallGraph,
    /// By edge: the called node's place, or [`NO_SLOT`](super::graph_numbering::NO_SLOT)
    /// for a call outside the project.
    pub edge_targets: Vec<u32>,
    /// The top-level nodes' places, in order.
    pub top_level: Vec<u32>,
}

/// The graph of every file's resolved calls. Nodes are numbered as met and
/// linked by number; symbol ids are compared only to sort the nodes once.
pub(super) fn assemble(files: &[Arc<FileCalls>], include_external: bool) -> Assembled {
    let holders: usize = files.iter().map(|f| f.holders.len() + 1).sum();
    let mut numbered = Numbered::with_capacity(holders);
    let mut edges: Vec<GatheredEdge> = Vec::new();
    for calls in files {
        let path = &calls.path;
        let module = numbered.number(&calls.module, path);
        for holder in &calls.holders {
            if is_node(holder) {
                numbered.number(holder, path);
            }
        }
        for call in &calls.calls {
            let Some((callee, call_type)) = call_edge(call, include_external) else {
                continue;
            };
            let to = callee.map(|callee| numbered.number(&callee.definition, &callee.path));
            let from = match call.caller {
                Some(i) => numbered.number(&calls.holders[i], path),
                None => module,
            };
            edges.push((from, to, calls, call, call_type));
        }
    }
    let gathered = numbered.nodes;
    // Sorted by symbol id: `rank[number]` is the node's place.
    let order = symbol_order(&gathered);
    let mut rank = vec![0u32; gathered.len()];
    for (place, &number) in order.iter().enumerate() {
        rank[number as usize] = place as u32;
    }
    // Each node's calls (edge numbers) and callers (places), side by side
    // in two flat lists rather than a list per node.
    let calls_of = Grouped::new(
        gathered.len(),
        edges
            .iter()
            .enumerate()
            .map(|(i, &(from, ..))| (rank[from as usize], i as u32)),
    );
    let mut callers_of = Grouped::new(
        gathered.len(),
        edges
            .iter()
            .filter_map(|&(from, to, ..)| to.map(|to| (rank[to as usize], rank[from as usize]))),
    );
    let mut graph_edges = Vec::with_capacity(edges.len());
    let edge_targets = edges
        .iter()
        .map(|&(_, to, ..)| to.map_or(super::graph_numbering::NO_SLOT, |to| rank[to as usize]))
        .collect();
    for &(from, to, file, call, call_type) in &edges {
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
    let mut top_level = Vec::new();
    for place in 0..gathered.len() {
        let (shared, path) = gathered[order[place] as usize];
        let calls = calls_of.of(place).iter().map(|&e| e as usize).collect();
        let callers = callers_of.sorted_unique(place);
        if callers.iter().all(|&caller| caller as usize == place) {
            top_level_nodes.push(shared.symbol_id.clone());
            top_level.push(place as u32);
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
    Assembled {
        graph: CallGraph {
            // Already sorted: the map is built in one pass.
            nodes: nodes.into_iter().collect(),
            edges: graph_edges,
            top_level_nodes,
        },
        edge_targets,
        top_level,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scope_graph::SymbolKind;
    use proptest::prelude::*;
    use std::hash::BuildHasher;

    fn shared(symbol_id: &str) -> SharedDefinition {
        SharedDefinition {
            symbol_id: symbol_id.into(),
            symbol_hash: rustc_hash::FxBuildHasher.hash_one(symbol_id),
            definition: Arc::new(Definition {
                id: 0,
                name: Default::default(),
                symbol_kind: SymbolKind::Function,
                range: Range::default(),
                enclosing_range: None,
                symbol_id: symbol_id.into(),
                is_exported: false,
                docstring: None,
                type_ref: None,
                self_alias: false,
                bases: Vec::new(),
                owner: None,
            }),
        }
    }

    proptest! {
        /// Ordering by file, then name, is ordering by the whole id, with
        /// paths that sort apart from their ids (`a b` before `a`'s ids
        /// follow them) and paths holding `#`.
        #[test]
        fn symbol_order_is_id_order(
            nodes in proptest::collection::vec(("[ab #!.é]{0,4}", "[ab.:]{0,3}"), 0..40),
        ) {
            let entries: Vec<(SharedDefinition, Arc<str>)> = nodes
                .iter()
                .map(|(path, name)| (shared(&format!("{path}#{name}")), Arc::from(path.as_str())))
                .collect();
            let gathered: Vec<Gathered> = entries.iter().map(|(s, p)| (s, p)).collect();
            let ids = |order: Vec<u32>| -> Vec<Arc<str>> {
                order.iter().map(|&n| gathered[n as usize].0.symbol_id.clone()).collect()
            };
            let mut expected: Vec<Arc<str>> = gathered.iter().map(|(s, _)| s.symbol_id.clone()).collect();
            expected.sort();
            prop_assert_eq!(ids(symbol_order(&gathered)), expected);
        }
    }
}
