//! Stable numbers for the nodes of a project's kept call graph, and the
//! version in which each node last changed.
//!
//! A consumer that turns graphs into objects of its own (the Node binding
//! builds JS objects, several times as costly as the graph) wants to build
//! only what changed since the graph it last turned. Comparing two graphs
//! node by node means finding each node of one in the other: a hash
//! lookup per node and per edge, more than the rest of the work after a
//! small edit. The kept graph already knows which nodes an update
//! touched, so it numbers its nodes once and stamps each with the version
//! that last changed it.

use super::call_graph::{Assembled, CallGraph, CallGraphEdge, CallGraphNode};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// No slot: an edge to a name outside the project.
pub const NO_SLOT: u32 = u32::MAX;

/// How the nodes of one call graph are numbered, and what changed since an
/// earlier graph of the same lineage.
///
/// Graphs of one lineage give a node the same slot for as long as it is in
/// the graph; a slot freed by a node that left may later go to another
/// node, stamped with the version that added it. So a consumer that holds
/// what it built for version `v` of this lineage rebuilds exactly the nodes
/// (and definitions) stamped after `v`, and keeps the rest by slot. A graph
/// of another lineage, or older than `v`, must be built whole.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GraphNumbering {
    /// Which numbering this is: unique within the process.
    pub lineage: u64,
    /// This graph's version in its lineage; later graphs have higher ones.
    pub version: u64,
    /// By node, in the graph's order: its slot.
    pub slots: Vec<u32>,
    /// By node: the last version in which its definition (or file) may
    /// have changed. A definition not stamped after `v` is what it was in
    /// version `v`.
    pub definition_changed: Vec<u64>,
    /// By node: the last version in which the node may have changed: its
    /// definition, its calls (target, place, kind), its callers, or the
    /// definition of a node it calls. A node not stamped after `v` is in
    /// all of that what it was in version `v`; one stamped may be too (an
    /// update stamps every node it works out again).
    pub node_changed: Vec<u64>,
    /// By edge: the called node's slot, [`NO_SLOT`] for a call outside the
    /// project.
    pub edge_targets: Vec<u32>,
    /// The slots of the top-level nodes, in `top_level_nodes` order.
    pub top_level: Vec<u32>,
}

/// A call graph shared with the project that keeps it, and how its nodes
/// are numbered ([`Project::get_shared_call_graph`](super::Project::get_shared_call_graph)).
#[derive(Clone, Debug)]
pub struct SharedCallGraph {
    /// The graph. The project updates its own copy in place after an edit
    /// if this one is gone by then; drop it once read.
    pub graph: Arc<CallGraph>,
    /// Its numbering; `None` for a graph the project did not keep (past
    /// `call_graph_bytes`, or cut down by `max_depth`).
    pub numbering: Option<GraphNumbering>,
}

static NEXT_LINEAGE: AtomicU64 = AtomicU64::new(1);

/// The numbering kept with a graph, updated with it.
pub(super) struct NodeNumbers {
    lineage: u64,
    version: u64,
    /// Every node's id and slot, in the graph's order (by id): an id's slot
    /// is found by binary search, and the order needs no second lookup.
    order: Vec<(Arc<str>, u32)>,
    /// By slot.
    definition_changed: Vec<u64>,
    /// By slot.
    node_changed: Vec<u64>,
    /// Slots no node holds.
    free: Vec<u32>,
    /// By edge: the called node's slot, or [`NO_SLOT`].
    pub edge_targets: Vec<u32>,
    /// The top-level nodes' slots, in order.
    pub top_level: Vec<u32>,
}

impl NodeNumbers {
    /// A new lineage for `assembled`: each node's slot is its place.
    pub fn fresh(assembled: &Assembled) -> NodeNumbers {
        let nodes = assembled.graph.nodes.len();
        NodeNumbers {
            lineage: NEXT_LINEAGE.fetch_add(1, Ordering::Relaxed),
            version: 0,
            order: assembled
                .graph
                .nodes
                .keys()
                .enumerate()
                .map(|(place, id)| (id.clone(), place as u32))
                .collect(),
            definition_changed: vec![0; nodes],
            node_changed: vec![0; nodes],
            free: Vec::new(),
            edge_targets: assembled.edge_targets.clone(),
            top_level: assembled.top_level.clone(),
        }
    }

    /// Numbers for `assembled`, a graph assembled anew after `old_graph`
    /// (numbered by `old`): nodes still there keep their slots, and are
    /// stamped changed only if they differ from what they were.
    pub fn carried(old: NodeNumbers, old_graph: &CallGraph, assembled: &Assembled) -> NodeNumbers {
        let graph = &assembled.graph;
        // Slots of nodes long gone would pile up: renumber past a bound.
        if old.definition_changed.len() > 2 * graph.nodes.len() + 4096 {
            return NodeNumbers::fresh(assembled);
        }
        let mut numbers = NodeNumbers {
            version: old.version + 1,
            order: Vec::with_capacity(graph.nodes.len()),
            edge_targets: Vec::new(),
            top_level: Vec::new(),
            ..old
        };
        let version = numbers.version;
        // Both graphs' nodes are in id order: walk them side by side.
        let mut before = old
            .order
            .into_iter()
            .zip(old_graph.nodes.values())
            .peekable();
        let mut was: Vec<Option<&CallGraphNode>> = Vec::with_capacity(graph.nodes.len());
        for id in graph.nodes.keys() {
            while let Some(((_, slot), _)) =
                before.next_if(|((old_id, _), _)| !Arc::ptr_eq(old_id, id) && **old_id < **id)
            {
                numbers.free.push(slot);
            }
            match before.next_if(|((old_id, _), _)| Arc::ptr_eq(old_id, id) || old_id == id) {
                Some(((_, slot), old_node)) => {
                    numbers.order.push((id.clone(), slot));
                    was.push(Some(old_node));
                }
                None => {
                    let slot = numbers.allocate();
                    numbers.order.push((id.clone(), slot));
                    was.push(None);
                }
            }
        }
        numbers.free.extend(before.map(|((_, slot), _)| slot));
        let slots: Vec<u32> = numbers.order.iter().map(|&(_, slot)| slot).collect();
        numbers.edge_targets = assembled
            .edge_targets
            .iter()
            .map(|&place| match place {
                NO_SLOT => NO_SLOT,
                place => slots[place as usize],
            })
            .collect();
        numbers.top_level = assembled
            .top_level
            .iter()
            .map(|&place| slots[place as usize])
            .collect();
        for ((node, old_node), &slot) in graph.nodes.values().zip(&was).zip(&slots) {
            let slot = slot as usize;
            match old_node {
                None => {}
                Some(old_node) if !same_definition(old_node, node) => {
                    numbers.definition_changed[slot] = version;
                    numbers.node_changed[slot] = version;
                }
                Some(old_node) => {
                    let same = old_node.called_by == node.called_by
                        && old_node.calls.len() == node.calls.len()
                        && old_node
                            .calls
                            .iter()
                            .zip(&node.calls)
                            .all(|(&a, &b)| same_call(&old_graph.edges[a], &graph.edges[b]));
                    if !same {
                        numbers.node_changed[slot] = version;
                    }
                }
            }
        }
        numbers.mark_callers_of_changed_definitions(graph);
        numbers
    }

    /// Begins the next version: what changes from here on is stamped with it.
    pub fn begin_update(&mut self) {
        self.version += 1;
    }

    /// The slot of node `id`, if the graph has it.
    pub fn slot_of(&self, id: &str) -> Option<u32> {
        self.place_of(id).ok().map(|place| self.order[place].1)
    }

    fn place_of(&self, id: &str) -> std::result::Result<usize, usize> {
        self.order.binary_search_by(|(node, _)| (**node).cmp(id))
    }

    /// Node `id`, now in the graph, was worked out again: stamps it
    /// changed (and its definition, if `definition_changed`), giving it a
    /// slot if it is new. Returns its slot.
    pub fn touch(&mut self, id: &Arc<str>, definition_changed: bool) -> u32 {
        let slot = match self.place_of(id) {
            Ok(place) => self.order[place].1,
            Err(place) => {
                let slot = self.allocate();
                self.order.insert(place, (id.clone(), slot));
                slot
            }
        };
        self.node_changed[slot as usize] = self.version;
        if definition_changed {
            self.definition_changed[slot as usize] = self.version;
        }
        slot
    }

    /// Node `id` left the graph: its slot is free.
    pub fn remove(&mut self, id: &str) {
        if let Ok(place) = self.place_of(id) {
            let (_, slot) = self.order.remove(place);
            self.free.push(slot);
        }
    }

    /// A node whose call leads to a changed definition holds that
    /// definition: it changed too. (One pass over every node's calls.)
    fn mark_callers_of_changed_definitions(&mut self, graph: &CallGraph) {
        let version = self.version;
        for (node, &(_, slot)) in graph.nodes.values().zip(&self.order) {
            if self.node_changed[slot as usize] == version {
                continue;
            }
            let calls_changed = node.calls.iter().any(|&e| match self.edge_targets[e] {
                NO_SLOT => false,
                target => self.definition_changed[target as usize] == version,
            });
            if calls_changed {
                self.node_changed[slot as usize] = version;
            }
        }
    }

    /// A slot for a new node, stamped with this version.
    fn allocate(&mut self) -> u32 {
        let slot = match self.free.pop() {
            Some(slot) => slot,
            None => {
                self.definition_changed.push(0);
                self.node_changed.push(0);
                (self.definition_changed.len() - 1) as u32
            }
        };
        self.definition_changed[slot as usize] = self.version;
        self.node_changed[slot as usize] = self.version;
        slot
    }

    /// Estimated memory, per node and per edge.
    pub fn bytes(nodes: usize, edges: usize) -> usize {
        nodes * 40 + edges * 4
    }

    /// The numbering as the graph's consumer sees it.
    pub fn snapshot(&self) -> GraphNumbering {
        GraphNumbering {
            lineage: self.lineage,
            version: self.version,
            slots: self.order.iter().map(|&(_, slot)| slot).collect(),
            definition_changed: self
                .order
                .iter()
                .map(|&(_, slot)| self.definition_changed[slot as usize])
                .collect(),
            node_changed: self
                .order
                .iter()
                .map(|&(_, slot)| self.node_changed[slot as usize])
                .collect(),
            edge_targets: self.edge_targets.clone(),
            top_level: self.top_level.clone(),
        }
    }
}

/// Whether a node keeps its definition and file.
pub(super) fn same_definition(old: &CallGraphNode, new: &CallGraphNode) -> bool {
    old.path == new.path
        && (Arc::ptr_eq(&old.definition, &new.definition) || old.definition == new.definition)
}

/// The same call as seen from its caller (the caller is compared apart).
fn same_call(old: &CallGraphEdge, new: &CallGraphEdge) -> bool {
    old.to == new.to
        && old.external == new.external
        && old.location == new.location
        && old.call_type == new.call_type
}
