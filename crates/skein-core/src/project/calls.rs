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
//! are left out rather than guessed. The graph is assembled
//! (`call_graph`) from every file's resolved calls, which are kept between
//! graphs and resolved again only when something they depend on changed
//! (see `file_calls` and `docs/calls.md`).

use super::call_graph::{keep_within, CallGraph, CallGraphOptions};
use super::call_graph_files::CallGraphFiles;
use super::file_calls::{creates_instances, holds_calls, CurrentFiles, FileCalls, Generations};
use super::file_index::{import_stem_key, IMPORT_STEMS_SINCE};
use super::graph_numbering::{GraphNumbering, SharedCallGraph};
use super::last_graph;
use super::{FileIndex, Project};
use crate::error::{Error, ErrorKind, Result};
use crate::position::Point;
use crate::resolve::{FileSource, NameFilter, PathIndex, Resolver};
use crate::scope_graph::{CallKind, Definition};
use std::collections::HashMap;
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
        let (graph, _) = self.call_graph_of(options.include_external, false).await?;
        let mut graph = Arc::unwrap_or_clone(graph);
        if let Some(depth) = options.max_depth {
            keep_within(&mut graph, depth);
        }
        Ok(graph)
    }

    /// The call graph as [`Project::get_call_graph`] gives it, shared with
    /// the project instead of copied, and numbered so that a consumer that
    /// builds something of each node rebuilds only the nodes that changed
    /// since its last graph ([`GraphNumbering`]).
    pub async fn get_shared_call_graph(
        &self,
        options: &CallGraphOptions,
    ) -> Result<SharedCallGraph> {
        if options.max_depth.is_some() {
            let graph = self.get_call_graph(options).await?;
            return Ok(SharedCallGraph {
                graph: Arc::new(graph),
                numbering: None,
            });
        }
        let (graph, numbering) = self.call_graph_of(options.include_external, true).await?;
        Ok(SharedCallGraph { graph, numbering })
    }

    /// The whole graph, from the kept one where it can be (see
    /// [`last_graph::graph_of`]).
    async fn call_graph_of(
        &self,
        include_external: bool,
        shares: bool,
    ) -> Result<(Arc<CallGraph>, Option<GraphNumbering>)> {
        self.check_open()?;
        let files = self.resolved_calls().await?;
        Ok(last_graph::graph_of(
            &self.kept_graph,
            files,
            include_external,
            self.call_graph_bytes,
            shares,
        ))
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
                let mut current = CurrentFiles::new(directory);
                paths
                    .iter()
                    .zip(&kept)
                    .map(|(path, kept)| {
                        kept.as_ref()
                            .is_some_and(|kept| kept.still_valid(path, &mut current, generations))
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
        // Read through the call graph's own files: the query cache may be
        // too small to hold what an update re-resolves against.
        let files = CallGraphFiles(self);
        let mut resolver = None;
        let mut fresh = HashMap::new();
        for path in paths {
            let Some(file) = files.file(&path).await? else {
                continue;
            };
            if resolver.is_none() {
                resolver = Some(Resolver::tracing(&files).await?);
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
        let Some(snapshot) = Snapshot::read(self).await? else {
            return self.resolve_here(paths, generations).await;
        };
        let snapshot = Arc::new(snapshot);
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
            kept.still_valid(path, &mut CurrentFiles::new(directory), generations)
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

/// How many files must need resolving before they are resolved on every
/// core: below it, reading the whole project into a snapshot costs more
/// than it saves.
const PARALLEL_FROM: usize = 256;

/// Files a snapshot reads and decodes at a time.
const SNAPSHOT_BATCH: usize = 64;

/// Neighbouring files a parallel worker takes at a time.
const FILES_PER_RUN: usize = 32;

/// Every file of the project, read once, for resolvers on other threads.
struct Snapshot {
    files: HashMap<String, Arc<FileIndex>>,
    paths: Arc<PathIndex>,
    /// Each file's name filter and analyzer version.
    names: Vec<(String, NameFilter, u32)>,
}

impl Snapshot {
    /// The project's files, or `None` once they would take more memory than
    /// the project's `call_graph_bytes`: a project too large to hold decoded
    /// at once is resolved one file at a time instead.
    async fn read(project: &Project) -> Result<Option<Snapshot>> {
        let names: Vec<(String, NameFilter, u32)> = project
            .with_directory(|d| {
                d.entries()
                    .map(|(path, entry)| {
                        (path.clone(), entry.names.clone(), entry.analyzer_version)
                    })
                    .collect()
            })
            .await?;
        let mut files = HashMap::with_capacity(names.len());
        let mut bytes = 0;
        // A batch at a time, decoded on every core, so that what is read
        // past the bound is at most one batch.
        let paths: Vec<String> = names.iter().map(|(path, ..)| path.clone()).collect();
        for batch in paths.chunks(SNAPSHOT_BATCH) {
            for (path, read) in batch.iter().zip(project.file_indexes(batch, true).await?) {
                let Some((file, value_hash)) = read else {
                    continue;
                };
                let estimate = super::cache::decoded_bytes_estimate(&file);
                bytes += estimate;
                if bytes > project.call_graph_bytes {
                    return Ok(None);
                }
                // Kept for the graphs after this one too, which re-resolve
                // against them; within the same bound, so they all fit.
                if let Some(value_hash) = value_hash {
                    project
                        .call_files_mut()
                        .insert_estimated(file.clone(), value_hash, estimate);
                }
                files.insert(path.clone(), file);
            }
        }
        Ok(Some(Snapshot {
            files,
            paths: FileSource::paths(project).await?,
            names,
        }))
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
        let files = self.names.iter().map(|(p, n, _)| (p, n));
        Ok(mentioning(files, name).map(str::to_string).collect())
    }

    async fn files_importing(&self, name: &str, stems: &[String]) -> Result<Vec<String>> {
        Ok(importing(
            self.names.iter().map(|(p, n, v)| (p, n, *v)),
            name,
            stems,
        ))
    }
}

/// The paths of the files in `directory` that may mention `name`.
pub(super) fn names_in(directory: &super::directory::Directory, name: &str) -> Vec<String> {
    paths_mentioning(directory, name)
        .map(str::to_string)
        .collect()
}

/// [`names_in`], borrowed from the directory.
pub(super) fn paths_mentioning<'d>(
    directory: &'d super::directory::Directory,
    name: &'d str,
) -> impl Iterator<Item = &'d str> {
    mentioning(directory.entries().map(|(p, e)| (p, &e.names)), name)
}

/// The paths of the files in `directory` that may mention `name` and
/// import from a module with one of `stems`
/// ([`crate::resolve::FileSource::files_importing`]).
pub(super) fn importers_in(
    directory: &super::directory::Directory,
    name: &str,
    stems: &[String],
) -> Vec<String> {
    importing(
        directory
            .entries()
            .map(|(p, e)| (p, &e.names, e.analyzer_version)),
        name,
        stems,
    )
}

/// The paths whose name filter may hold `name` and one of `stems` as an
/// import stem (any stem, if indexed before filters held them).
fn importing<'a>(
    files: impl Iterator<Item = (&'a String, &'a NameFilter, u32)>,
    name: &str,
    stems: &[String],
) -> Vec<String> {
    let keys: Vec<String> = stems.iter().map(|stem| import_stem_key(stem)).collect();
    files
        .filter(|(_, names, version)| {
            names.may_contain(name)
                && (*version < IMPORT_STEMS_SINCE || keys.iter().any(|key| names.may_contain(key)))
        })
        .map(|(path, ..)| path.clone())
        .collect()
}

/// The paths whose name filter may hold `name`.
fn mentioning<'a>(
    files: impl Iterator<Item = (&'a String, &'a NameFilter)> + 'a,
    name: &'a str,
) -> impl Iterator<Item = &'a str> + 'a {
    files
        .filter(move |(_, names)| names.may_contain(name))
        .map(|(path, _)| path.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn importers_are_found_by_stem_and_older_files_always_count() {
        let key = import_stem_key("button");
        let files = [
            (
                "imports.js".to_string(),
                NameFilter::new(["default", key.as_str()]),
                5,
            ),
            ("other.js".to_string(), NameFilter::new(["default"]), 5),
            // Indexed before filters held stems: it may import anything.
            ("older.js".to_string(), NameFilter::new(["default"]), 4),
        ];
        let found = importing(
            files.iter().map(|(p, n, v)| (p, n, *v)),
            "default",
            &["index".to_string(), "button".to_string()],
        );
        assert_eq!(found, ["imports.js", "older.js"]);
    }
}
