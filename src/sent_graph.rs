//! What a project's JS side already holds of its call graphs, so the next
//! graph builds only the nodes that changed.
//!
//! Building a graph's objects in JS costs several times what assembling it
//! in Rust does; after an edit, almost every node is what it was. So each
//! project keeps, on the JS side, the frozen objects of every node it was
//! sent (its definition, its node, its edges) in arrays indexed by the
//! node's slot, and here which graph those objects are of. The core numbers
//! the nodes of the graph it keeps ([`GraphNumbering`]): a slot per node for
//! as long as the node lasts, and the version that last changed it. So a
//! graph of the lineage the JS side holds sends in full only the nodes
//! stamped after the version it holds; any other graph resets what it holds.
//! A graph the core did not number (cut down by `max_depth` or
//! `file_filter`, or past `call_graph_bytes`) is built on its own and
//! leaves what the JS side holds alone.
//!
//! Everything here runs on the JS thread, in the order graphs are handed
//! to JS, so this side and the JS side never disagree; if building fails
//! midway, [`SentGraph::forget`] makes the next graph start over.

use rustc_hash::FxHashMap as HashMap;
use skein_core::project::{CallGraph, GraphNumbering, NO_SLOT};
use std::borrow::Cow;

/// No slot: a call outside the project.
pub const NONE: u32 = NO_SLOT;

/// Lineage and version of the graph whose objects the JS side holds.
#[derive(Default)]
pub struct SentGraph {
    held: Option<(u64, u64)>,
}

/// How the JS side builds a graph: the first number it is sent.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Mode {
    /// On the objects it holds, replacing the nodes sent.
    Continue = 0,
    /// Dropping what it holds first: a graph of another lineage.
    Reset = 1,
    /// Apart, leaving what it holds alone: a graph not numbered.
    Standalone = 2,
}

/// What to send of one graph (its nodes in the graph's order).
pub struct Plan<'g> {
    pub mode: Mode,
    /// Each node's slot.
    pub slots: Cow<'g, [u32]>,
    /// Whether a node's definition object must be built anew.
    pub new_definition: Vec<bool>,
    /// Whether a node's own object (and its calls and edges) must be built anew.
    pub new_node: Vec<bool>,
    /// Each edge's target slot; [`NONE`] for a call outside the project.
    pub edge_targets: Cow<'g, [u32]>,
    /// The top-level nodes' slots.
    pub top_level: Cow<'g, [u32]>,
    /// What the JS side holds once this graph is built.
    held: Option<(u64, u64)>,
}

impl SentGraph {
    /// Which nodes of `graph` to send, and by which slots.
    pub fn plan<'g>(
        &self,
        graph: &'g CallGraph,
        numbering: Option<&'g GraphNumbering>,
    ) -> Plan<'g> {
        let Some(numbering) = numbering else {
            return standalone(graph, self.held);
        };
        // Stamps after the version held say what changed since; an older
        // graph (one that was overtaken) cannot say.
        let since = self.held.and_then(|(lineage, version)| {
            (lineage == numbering.lineage && version <= numbering.version).then_some(version)
        });
        let changed_since = |stamps: &[u64]| -> Vec<bool> {
            match since {
                Some(version) => stamps.iter().map(|&stamp| stamp > version).collect(),
                None => vec![true; stamps.len()],
            }
        };
        Plan {
            mode: if since.is_some() {
                Mode::Continue
            } else {
                Mode::Reset
            },
            slots: Cow::Borrowed(&numbering.slots),
            new_definition: changed_since(&numbering.definition_changed),
            new_node: changed_since(&numbering.node_changed),
            edge_targets: Cow::Borrowed(&numbering.edge_targets),
            top_level: Cow::Borrowed(&numbering.top_level),
            held: Some((numbering.lineage, numbering.version)),
        }
    }

    /// Records that the JS side built the graph of `plan`.
    pub fn sent(&mut self, plan: &Plan) {
        self.held = plan.held;
    }

    /// Forgets what the JS side holds: the next graph resets it.
    pub fn forget(&mut self) {
        self.held = None;
    }
}

/// A graph the core did not number: slots are places, every node is
/// built, and edges find their targets by id.
fn standalone(graph: &CallGraph, held: Option<(u64, u64)>) -> Plan<'_> {
    let place_of: HashMap<&str, u32> = graph
        .nodes
        .keys()
        .enumerate()
        .map(|(place, id)| (&**id, place as u32))
        .collect();
    let edge_targets = graph
        .edges
        .iter()
        .map(|edge| match edge.external {
            true => NONE,
            false => place_of.get(&*edge.to).copied().unwrap_or(NONE),
        })
        .collect();
    let top_level = graph
        .top_level_nodes
        .iter()
        .map(|id| place_of.get(&**id).copied().unwrap_or(NONE))
        .collect();
    let every = vec![true; graph.nodes.len()];
    Plan {
        mode: Mode::Standalone,
        slots: Cow::Owned((0..graph.nodes.len() as u32).collect()),
        new_definition: every.clone(),
        new_node: every,
        edge_targets: Cow::Owned(edge_targets),
        top_level: Cow::Owned(top_level),
        held,
    }
}

/// The callers' slots of each node built anew, from the edges (a node's
/// callers are the nodes with an edge to it, in graph order): by node,
/// empty for a node not built anew.
pub fn callers_of_new_nodes(graph: &CallGraph, plan: &Plan) -> Vec<Vec<u32>> {
    if !plan.new_node.contains(&true) {
        return vec![Vec::new(); graph.nodes.len()];
    }
    let slot_count = plan
        .slots
        .iter()
        .map(|&s| s as usize + 1)
        .max()
        .unwrap_or(0);
    let mut place_of_slot = vec![NONE; slot_count];
    for (place, &slot) in plan.slots.iter().enumerate() {
        place_of_slot[slot as usize] = place as u32;
    }
    let mut callers: Vec<Vec<u32>> = vec![Vec::new(); graph.nodes.len()];
    for (place, node) in graph.nodes.values().enumerate() {
        for &e in &node.calls {
            let target = plan.edge_targets[e];
            if target == NONE {
                continue;
            }
            let target = place_of_slot[target as usize] as usize;
            if !plan.new_node[target] {
                continue;
            }
            // Callers come in graph order: a repeat is the last one.
            let slot = plan.slots[place];
            if callers[target].last() != Some(&slot) {
                callers[target].push(slot);
            }
        }
    }
    callers
}
