//! Calls: which definitions a definition calls, and the project's call
//! graph, resolved across files.
//!
//! Each file's index records its call sites (the callee name of every call,
//! and whether it is a plain, method or `new` call). A call belongs to the
//! innermost function, method or class whose declaration holds it (so a
//! nested function's calls are its own, not its parent's), or else to the
//! file's module-level code. The callee is what `go_to_definition` gives
//! for the callee name: calls whose target is outside the project (the
//! standard library, packages) or not evident from the code (`f().g()`)
//! are left out rather than guessed. The graph is assembled from every
//! file's calls each time it is asked for (see `docs/calls.md`).

use super::navigation::module_definition;
use super::{FileIndex, Located, Project};
use crate::error::{Error, ErrorKind, Result};
use crate::position::{Point, Range};
use crate::resolve::Resolver;
use crate::scope_graph::{CallKind, Definition, SymbolKind};
use std::collections::BTreeMap;
use std::sync::Arc;

/// A call from one definition to another.
#[derive(Clone, Debug, PartialEq)]
pub struct FunctionCall {
    /// The file of the calling definition.
    pub caller_path: String,
    /// The calling definition.
    pub caller: Definition,
    /// The file of the called definition.
    pub callee_path: String,
    /// The called definition: for a constructor call, the class.
    pub callee: Definition,
    /// Where the callee's name starts at the call site.
    pub location: Point,
    /// How the call site calls.
    pub kind: CallKind,
}

impl FunctionCall {
    /// Whether it is `new C()`, or a plain call of a class (`C()` in Python).
    pub fn is_constructor_call(&self) -> bool {
        self.kind == CallKind::Constructor || creates_instances(self.callee.symbol_kind)
    }
}

/// Definitions that calls may belong to.
fn holds_calls(kind: SymbolKind) -> bool {
    kind.is_callable() || creates_instances(kind) || kind == SymbolKind::Trait
}

/// Definitions that calling constructs.
fn creates_instances(kind: SymbolKind) -> bool {
    matches!(kind, SymbolKind::Class | SymbolKind::Struct)
}

/// One call site of a file, with the definition whose code makes it.
struct SiteCall {
    /// The innermost function, method or class holding the call; `None`
    /// for module-level code.
    caller: Option<Definition>,
    /// The called name as written.
    name: String,
    /// The span of that name.
    range: Range,
    kind: CallKind,
    /// What the name reaches in the project, with its file.
    callee: Option<Located>,
    /// Whether the name resolves to nothing in the project (`print`, a
    /// package's function), rather than to something it cannot call by
    /// itself (a parameter).
    outside_project: bool,
}

/// The call sites of `file` whose caller `wanted` accepts (`None`:
/// module-level code), in source order; only those are resolved.
async fn calls_in_file(
    resolver: &Resolver<'_>,
    file: &Arc<FileIndex>,
    wanted: impl Fn(Option<&Definition>) -> bool,
) -> Result<Vec<SiteCall>> {
    let holders: Vec<(&Definition, Range)> = file
        .graph
        .definitions()
        .filter(|d| holds_calls(d.symbol_kind))
        .filter_map(|d| d.enclosing_range.map(|r| (d, r)))
        .collect();
    let mut calls = Vec::new();
    for reference in file.graph.references() {
        let Some(kind) = reference.call else { continue };
        let at = reference.range;
        // Declarations nest: the innermost holder starts last.
        let caller = holders
            .iter()
            .filter(|(_, r)| r.start <= at.start && at.end <= r.end)
            .max_by_key(|(_, r)| (r.start, std::cmp::Reverse(r.end)))
            .map(|(d, _)| (*d).clone());
        if !wanted(caller.as_ref()) {
            continue;
        }
        let resolved = resolver.resolve_each(file, reference.id).await?;
        // A call through a parameter or variable (`next()`, `cb()`) reaches
        // whatever it holds, which the code does not make evident: no callee.
        let callee = resolved
            .as_ref()
            .and_then(|r| r.definition())
            .filter(|(_, d)| d.symbol_kind.is_callable() || creates_instances(d.symbol_kind))
            .map(|(holder, d)| (holder.path.clone(), d.clone()));
        calls.push(SiteCall {
            caller,
            name: reference.name.to_string(),
            range: at,
            kind,
            callee,
            outside_project: resolved.is_none(),
        });
    }
    Ok(calls)
}

/// Options of [`Project::get_call_graph`].
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
    pub path: String,
    /// Its definition; for module-level code, the module (symbol id `<path>#`).
    pub definition: Definition,
    /// Indexes into [`CallGraph::edges`] of the calls it makes, in source order.
    pub calls: Vec<usize>,
    /// Symbol ids of the nodes that call it, sorted, each once.
    pub called_by: Vec<String>,
}

/// A call from one node to another (or, with `include_external`, to a
/// name outside the project).
#[derive(Clone, Debug, PartialEq)]
pub struct CallGraphEdge {
    /// The calling node's symbol id.
    pub from: String,
    /// The called node's symbol id; for an external call, the name as written.
    pub to: String,
    /// Whether `to` is outside the project.
    pub external: bool,
    /// The file of the call site.
    pub path: String,
    /// The span of the called name at the call site.
    pub location: Range,
    /// How it calls: `direct`, `method` or `constructor` (a plain call of a
    /// class is a constructor call).
    pub call_type: CallKind,
}

/// The project's calls: nodes by symbol id, the edges, and the nodes no
/// one calls.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CallGraph {
    /// Every node, by symbol id.
    pub nodes: BTreeMap<String, CallGraphNode>,
    /// Every call, by file and position.
    pub edges: Vec<CallGraphEdge>,
    /// Symbol ids of the nodes no node calls (entry points, dead code,
    /// module-level code), sorted.
    pub top_level_nodes: Vec<String>,
}

impl Project {
    /// The calls the definition `symbol_id` of `path` makes itself (not
    /// those of functions nested in it), in source order, each with the
    /// definition it reaches. `[]` for a definition that makes no calls or
    /// cannot (a variable); an error when `path` has no such definition.
    pub async fn get_calls_from_definition(
        &self,
        path: &str,
        symbol_id: &str,
    ) -> Result<Vec<FunctionCall>> {
        self.check_open()?;
        let file = self.file_index(path).await?.ok_or_else(|| {
            Error::new(ErrorKind::InvalidInput, "no such file in the project").with_path(path)
        })?;
        let Some(caller) = file.graph.definitions().find(|d| d.symbol_id == symbol_id) else {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                format!("no definition '{symbol_id}' in the file (was it edited since?)"),
            )
            .with_path(path));
        };
        if !holds_calls(caller.symbol_kind) {
            return Ok(Vec::new());
        }
        let resolver = Resolver::new(self).await?;
        let own = |holder: Option<&Definition>| holder.is_some_and(|h| h.id == caller.id);
        let calls = calls_in_file(&resolver, &file, own).await?;
        Ok(calls
            .into_iter()
            .filter_map(|call| {
                let (callee_path, callee) = call.callee?;
                Some(FunctionCall {
                    caller_path: path.to_string(),
                    caller: caller.clone(),
                    callee_path,
                    callee,
                    location: call.range.start,
                    kind: call.kind,
                })
            })
            .collect())
    }

    /// The call graph of the whole project: every function, method and
    /// constructor, the module-level code of every file, and every class
    /// that is constructed, with the calls between them. Deterministic:
    /// nodes by symbol id, edges by file and position.
    pub async fn get_call_graph(&self, options: &CallGraphOptions) -> Result<CallGraph> {
        self.check_open()?;
        let resolver = Resolver::new(self).await?;
        let mut graph = CallGraph::default();
        let add_node = |graph: &mut CallGraph, path: &str, definition: &Definition| {
            graph
                .nodes
                .entry(definition.symbol_id.clone())
                .or_insert_with(|| CallGraphNode {
                    path: path.to_string(),
                    definition: definition.clone(),
                    calls: Vec::new(),
                    called_by: Vec::new(),
                });
        };
        for path in self.get_file_paths().await? {
            let Some(file) = self.file_index(&path).await? else {
                continue;
            };
            let module = module_definition(&file);
            add_node(&mut graph, &path, &module);
            for definition in file.graph.definitions() {
                if definition.symbol_kind.is_callable() {
                    add_node(&mut graph, &path, definition);
                }
            }
            for call in calls_in_file(&resolver, &file, |_| true).await? {
                let caller = call.caller.unwrap_or_else(|| module.clone());
                let (to, external, call_type) = match call.callee {
                    Some((callee_path, callee)) => {
                        add_node(&mut graph, &callee_path, &callee);
                        let call_type = if creates_instances(callee.symbol_kind) {
                            CallKind::Constructor
                        } else {
                            call.kind
                        };
                        (callee.symbol_id, false, call_type)
                    }
                    None if options.include_external && call.outside_project => {
                        (call.name, true, call.kind)
                    }
                    None => continue,
                };
                add_node(&mut graph, &path, &caller);
                graph.edges.push(CallGraphEdge {
                    from: caller.symbol_id,
                    to,
                    external,
                    path: path.clone(),
                    location: call.range,
                    call_type,
                });
            }
        }
        link_edges(&mut graph);
        if let Some(depth) = options.max_depth {
            keep_within(&mut graph, depth);
        }
        Ok(graph)
    }
}

impl CallGraph {
    /// Keeps the nodes of the files `keep` accepts, and the edges between
    /// them (and their external calls); `called_by` and `top_level_nodes`
    /// follow. Each file is asked once.
    pub fn retain_files(&mut self, mut keep: impl FnMut(&str) -> bool) {
        let mut verdicts: BTreeMap<String, bool> = BTreeMap::new();
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
fn keep_within(graph: &mut CallGraph, depth: usize) {
    let mut distance: BTreeMap<String, usize> = graph
        .top_level_nodes
        .iter()
        .map(|id| (id.clone(), 0))
        .collect();
    let mut frontier: Vec<String> = graph.top_level_nodes.clone();
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
