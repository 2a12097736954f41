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
//! file's resolved calls, which are kept between graphs and resolved again
//! only when something they depend on changed (see `file_calls` and
//! `docs/calls.md`).

use super::file_calls::{
    creates_instances, holds_calls, FileCalls, Generations, SharedDefinition, SiteCall,
};
use super::FileIndex;
use super::Project;
use crate::error::{Error, ErrorKind, Result};
use crate::position::{Point, Range};
use crate::resolve::{FileSource, NameFilter, PathIndex, Resolver};
use crate::scope_graph::{CallKind, Definition};
use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::Ordering;
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
        // The file's calls as kept for the graph if they still hold; else
        // only the definition's own, resolved now.
        let generations = self.generations();
        let kept = self.call_cache_mut().get(path);
        let kept = match kept {
            Some(kept) if self.kept_calls_valid(path, &kept, generations).await? => Some(kept),
            _ => None,
        };
        let calls = match kept {
            Some(kept) => kept,
            None => {
                let resolver = Resolver::new(self).await?;
                let own = |holder: Option<&Definition>| holder.is_some_and(|h| h.id == caller.id);
                Arc::new(FileCalls::resolve(&resolver, &file, generations, own).await?)
            }
        };
        Ok(calls
            .calls
            .iter()
            .filter(|call| {
                call.caller
                    .is_some_and(|i| calls.holders[i].definition.id == caller.id)
            })
            .filter_map(|call| {
                let callee = call.callee.as_ref()?;
                let (callee_path, callee) = (
                    callee.path.to_string(),
                    (*callee.definition.definition).clone(),
                );
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
        let files = self.resolved_calls().await?;
        let mut graph = assemble(&files, options.include_external);
        if let Some(depth) = options.max_depth {
            keep_within(&mut graph, depth);
        }
        Ok(graph)
    }

    /// Every file's resolved calls, by path: those kept that still hold,
    /// the others resolved now (and kept).
    async fn resolved_calls(&self) -> Result<Vec<Arc<FileCalls>>> {
        // Read before anything is resolved: a change from here on makes
        // what is resolved now look older than it is, never newer.
        let generations = self.generations();
        let paths = self.get_file_paths().await?;
        let kept: Vec<Option<Arc<FileCalls>>> = {
            let cache = self.call_cache_mut();
            paths.iter().map(|path| cache.get(path)).collect()
        };
        let valid: Vec<bool> = self
            .with_directory(|directory| {
                paths
                    .iter()
                    .zip(&kept)
                    .map(|(path, kept)| {
                        kept.as_ref().is_some_and(|kept| {
                            kept.still_valid(path, directory, generations, |name| {
                                names_in(directory, name)
                            })
                        })
                    })
                    .collect()
            })
            .await?;
        let stale: Vec<String> = paths
            .iter()
            .zip(&valid)
            .filter(|(_, valid)| !**valid)
            .map(|(path, _)| path.clone())
            .collect();
        // Workers are tokio tasks: without a tokio runtime, resolve here.
        let parallel =
            stale.len() >= PARALLEL_FROM && tokio::runtime::Handle::try_current().is_ok();
        let mut fresh = if parallel {
            self.resolve_in_parallel(stale, generations).await?
        } else {
            self.resolve_here(stale, generations).await?
        };
        let mut out = Vec::with_capacity(paths.len());
        for ((path, kept), valid) in paths.into_iter().zip(kept).zip(valid) {
            match (kept, valid) {
                (Some(kept), true) => out.push(kept),
                // Gone since the paths were listed: left out.
                _ => out.extend(fresh.remove(&path)),
            }
        }
        Ok(out)
    }

    /// Resolves the calls of `paths` on this task, one file after another.
    async fn resolve_here(
        &self,
        paths: Vec<String>,
        generations: Generations,
    ) -> Result<HashMap<String, Arc<FileCalls>>> {
        let mut resolver = None;
        let mut fresh = HashMap::new();
        for path in paths {
            let Some(file) = self.file_index(&path).await? else {
                continue;
            };
            if resolver.is_none() {
                resolver = Some(Resolver::tracing(self).await?);
            }
            let resolver = resolver.as_ref().expect("made above");
            let calls = Arc::new(FileCalls::resolve(resolver, &file, generations, |_| true).await?);
            self.call_cache_mut().insert(&path, calls.clone());
            fresh.insert(path, calls);
        }
        Ok(fresh)
    }

    /// Resolves the calls of `paths` on every core: the project's files are
    /// read once into a snapshot, then each worker resolves its share
    /// against it with a tracing resolver of its own.
    async fn resolve_in_parallel(
        &self,
        paths: Vec<String>,
        generations: Generations,
    ) -> Result<HashMap<String, Arc<FileCalls>>> {
        let snapshot = Arc::new(Snapshot::read(self).await?);
        let workers = std::thread::available_parallelism()
            .map_or(2, |n| n.get())
            .min(paths.len());
        // Runs of neighbouring files, dealt in turn: files of one folder
        // mostly resolve the same imports, which each worker remembers on
        // its own; a whole folder per worker would leave the others idle.
        let mut shares: Vec<Vec<String>> = vec![Vec::new(); workers];
        for (i, path) in paths.into_iter().enumerate() {
            shares[(i / FILES_PER_RUN) % workers].push(path);
        }
        let tasks: Vec<_> = shares
            .into_iter()
            .map(|share| {
                let snapshot = snapshot.clone();
                tokio::spawn(async move {
                    let resolver = Resolver::tracing(snapshot.as_ref()).await?;
                    let mut resolved = Vec::with_capacity(share.len());
                    for path in share {
                        if let Some(file) = snapshot.files.get(&path) {
                            let calls =
                                FileCalls::resolve(&resolver, file, generations, |_| true).await?;
                            resolved.push((path, Arc::new(calls)));
                        }
                    }
                    Ok::<_, Error>(resolved)
                })
            })
            .collect();
        let mut fresh = HashMap::new();
        for task in tasks {
            let resolved = task.await.map_err(|e| {
                Error::new(
                    ErrorKind::Internal,
                    format!("get_call_graph: a resolution task failed: {e}"),
                )
            })??;
            let mut cache = self.call_cache_mut();
            for (path, calls) in resolved {
                cache.insert(&path, calls.clone());
                fresh.insert(path, calls);
            }
        }
        Ok(fresh)
    }

    /// Whether the calls kept for `path` still hold.
    async fn kept_calls_valid(
        &self,
        path: &str,
        kept: &FileCalls,
        generations: Generations,
    ) -> Result<bool> {
        self.with_directory(|directory| {
            kept.still_valid(path, directory, generations, |name| {
                names_in(directory, name)
            })
        })
        .await
    }

    /// The project's generations now.
    fn generations(&self) -> Generations {
        Generations {
            paths: self.path_generation.load(Ordering::SeqCst),
            names: self.names_generation.load(Ordering::SeqCst),
        }
    }
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
fn assemble(files: &[Arc<FileCalls>], include_external: bool) -> CallGraph {
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

/// How many files must need resolving before they are resolved on every
/// core: below it, reading the whole project into a snapshot costs more
/// than it saves.
const PARALLEL_FROM: usize = 256;

/// Neighbouring files a parallel worker takes at a time.
const FILES_PER_RUN: usize = 32;

/// Every file of the project, read once, for resolvers on other threads.
struct Snapshot {
    files: HashMap<String, Arc<FileIndex>>,
    paths: Arc<PathIndex>,
    names: Vec<(String, NameFilter)>,
}

impl Snapshot {
    async fn read(project: &Project) -> Result<Snapshot> {
        let names: Vec<(String, NameFilter)> = project
            .with_directory(|d| {
                d.entries()
                    .map(|(path, entry)| (path.clone(), entry.names.clone()))
                    .collect()
            })
            .await?;
        let mut files = HashMap::with_capacity(names.len());
        for (path, _) in &names {
            if let Some(file) = project.file_index(path).await? {
                files.insert(path.clone(), file);
            }
        }
        Ok(Snapshot {
            files,
            paths: FileSource::paths(project).await?,
            names,
        })
    }
}

#[async_trait::async_trait]
impl FileSource for Snapshot {
    async fn file(&self, path: &str) -> Result<Option<Arc<FileIndex>>> {
        Ok(self.files.get(path).cloned())
    }

    async fn paths(&self) -> Result<Arc<PathIndex>> {
        Ok(self.paths.clone())
    }

    async fn files_mentioning(&self, name: &str) -> Result<Vec<String>> {
        Ok(self
            .names
            .iter()
            .filter(|(_, names)| names.may_contain(name))
            .map(|(path, _)| path.clone())
            .collect())
    }
}

/// The paths of the files in `directory` that may mention `name`.
pub(super) fn names_in(directory: &super::directory::Directory, name: &str) -> Vec<String> {
    directory
        .entries()
        .filter(|(_, entry)| entry.names.may_contain(name))
        .map(|(path, _)| path.clone())
        .collect()
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
fn keep_within(graph: &mut CallGraph, depth: usize) {
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
