//! What a project's JS side already holds of its call graphs, so the next
//! graph sends only the nodes that changed.
//!
//! Building a graph's objects in JS costs several times what assembling it
//! in Rust does; after an edit, almost every node is what it was. So each
//! project keeps, on the JS side, the frozen objects of every node it sent
//! (its definition, its node, its edges) in arrays indexed by a slot per
//! symbol id, and here the last graph it sent. A new graph is compared
//! with that one node by node: a node whose definition, calls and callers
//! are unchanged (and whose calls' targets kept their definition objects)
//! is reused as it is; the rest are sent and replace their slot.
//!
//! Everything here runs on the JS thread, in the order graphs are handed
//! to JS, so this side and the JS side never disagree; if building fails
//! midway, [`SentGraph::forget`] makes the next graph start over.

use rustc_hash::FxHashMap as HashMap;
use skein_core::project::{CallGraph, CallGraphEdge, CallGraphNode};
use std::sync::Arc;

/// No slot: a call outside the project, or a node the last graph lacked.
pub const NONE: u32 = u32::MAX;

/// The last graph sent to JS and the slots of its symbol ids.
#[derive(Default)]
pub struct SentGraph {
    /// Each symbol id's slot in the JS side's arrays.
    slot_of: HashMap<Arc<str>, u32>,
    /// Slots by the address of a symbol id's text: a graph's ids are
    /// mostly the very `Arc`s of the last graph, and an address is hashed
    /// and compared without reading the text. The `Arc`s are held, so an
    /// address is not reused for another id while it is here.
    by_address: HashMap<usize, (Arc<str>, u32)>,
    previous: Option<Previous>,
}

fn address(symbol: &Arc<str>) -> usize {
    Arc::as_ptr(symbol) as *const u8 as usize
}

/// The last graph sent, by slot.
struct Previous {
    nodes: Vec<CallGraphNode>,
    edges: Vec<CallGraphEdge>,
    /// By slot: the node's place in `nodes`, or [`NONE`].
    place: Vec<u32>,
}

/// What to send of one graph (its nodes in the graph's order).
pub struct Plan {
    /// The JS side must drop what it holds: slots were renumbered.
    pub reset: bool,
    /// Each node's slot.
    pub slots: Vec<u32>,
    /// Whether a node's definition object must be built anew.
    pub new_definition: Vec<bool>,
    /// Whether a node's own object (and its calls and edges) must be built anew.
    pub new_node: Vec<bool>,
    /// Each edge's target slot; [`NONE`] for a call outside the project.
    pub edge_targets: Vec<u32>,
}

impl SentGraph {
    /// Compares `graph` with the last graph sent and gives every node a slot.
    pub fn plan(&mut self, graph: &CallGraph) -> Plan {
        // Slots of symbols long gone would pile up in both places: start
        // over when they outnumber the live ones.
        if self.previous.is_none() || self.slot_of.len() > 2 * graph.nodes.len() + 4096 {
            self.forget();
        }
        // Each edit makes new `Arc`s for some ids: drop the old ones now and then.
        if self.by_address.len() > 4 * graph.nodes.len() + 4096 {
            self.by_address.clear();
        }
        let reset = self.previous.is_none();
        let slots: Vec<u32> = graph
            .nodes
            .keys()
            .map(|symbol| self.assign_slot(symbol))
            .collect();
        let edge_targets: Vec<u32> = graph
            .edges
            .iter()
            .map(|edge| match edge.external {
                true => NONE,
                false => self.slot(&edge.to),
            })
            .collect();
        let Some(previous) = &self.previous else {
            let every = vec![true; slots.len()];
            return Plan {
                reset,
                slots,
                new_definition: every.clone(),
                new_node: every,
                edge_targets,
            };
        };
        let earlier = |slot: u32| match previous.place.get(slot as usize) {
            Some(&place) if place != NONE => Some(&previous.nodes[place as usize]),
            _ => None,
        };
        // By slot, for the calls' targets.
        let mut rebuilt_definition = vec![false; self.slot_of.len()];
        let new_definition: Vec<bool> = graph
            .nodes
            .values()
            .zip(&slots)
            .map(|(node, &slot)| {
                let changed = earlier(slot).is_none_or(|old| !same_definition(old, node));
                rebuilt_definition[slot as usize] = changed;
                changed
            })
            .collect();
        let new_node = graph
            .nodes
            .values()
            .zip(&slots)
            .zip(&new_definition)
            .map(|((node, &slot), &new_definition)| {
                new_definition
                    || earlier(slot).is_none_or(|old| {
                        old.called_by != node.called_by
                            || old.calls.len() != node.calls.len()
                            || old.calls.iter().zip(&node.calls).any(|(&was, &is)| {
                                let target = edge_targets[is];
                                !same_call(&previous.edges[was], &graph.edges[is])
                                    || (target != NONE && rebuilt_definition[target as usize])
                            })
                    })
            })
            .collect();
        Plan {
            reset,
            slots,
            new_definition,
            new_node,
            edge_targets,
        }
    }

    /// A symbol id's slot, given one now if it has none.
    fn assign_slot(&mut self, symbol: &Arc<str>) -> u32 {
        if let Some(&(_, slot)) = self.by_address.get(&address(symbol)) {
            return slot;
        }
        let next = self.slot_of.len() as u32;
        let slot = *self.slot_of.entry(symbol.clone()).or_insert(next);
        self.by_address
            .insert(address(symbol), (symbol.clone(), slot));
        slot
    }

    /// A symbol id's slot, [`NONE`] if it has none.
    pub fn slot(&self, symbol: &Arc<str>) -> u32 {
        match self.by_address.get(&address(symbol)) {
            Some(&(_, slot)) => slot,
            None => self.slot_of.get(&**symbol).copied().unwrap_or(NONE),
        }
    }

    /// Records `graph` as what the JS side now holds.
    pub fn sent(&mut self, graph: CallGraph, plan: &Plan) {
        let mut place = vec![NONE; self.slot_of.len()];
        for (i, &slot) in plan.slots.iter().enumerate() {
            place[slot as usize] = i as u32;
        }
        let earlier = self.previous.replace(Previous {
            nodes: graph.nodes.into_values().collect(),
            edges: graph.edges,
            place,
        });
        // Freeing a large graph takes milliseconds: not on the JS thread.
        if let Some(earlier) = earlier {
            napi::bindgen_prelude::spawn_blocking(move || drop(earlier));
        }
    }

    /// Forgets everything: the next graph is sent whole, with `reset`.
    pub fn forget(&mut self) {
        self.slot_of.clear();
        self.by_address.clear();
        self.previous = None;
    }
}

fn same_definition(old: &CallGraphNode, new: &CallGraphNode) -> bool {
    old.path == new.path
        && (Arc::ptr_eq(&old.definition, &new.definition) || old.definition == new.definition)
}

/// The same call as seen from its caller (the caller itself is compared
/// apart).
fn same_call(old: &CallGraphEdge, new: &CallGraphEdge) -> bool {
    old.to == new.to
        && old.external == new.external
        && old.location == new.location
        && old.call_type == new.call_type
}
