//! `ImmutableProject`: the api.md project class, a thin shell over
//! `skein_core::project::Project`.

use crate::convert::{
    call_to_js, def_to_js, defs_to_js, imported_to_js, located_to_js, relationship_to_js,
    scope_graph_to_js, site_to_js, JsCallGraph, JsClassRelationship, JsDef, JsFunctionCall,
    JsImportInfo, JsRef, JsScopeGraph, Position,
};
use crate::index_directory::{
    directory_options, summary_to_js, DirectoryOptions, JsFileStats, JsIndexStats,
};
use crate::promise::spawn;
use crate::sent_graph::SentGraph;
use crate::storage::{storage_from_js, DEFAULT_PROVIDER_TIMEOUT};
use napi::bindgen_prelude::*;
use skein_core::project::{
    CallGraphOptions as CoreCallGraphOptions, Project, ProjectOptions as CoreOptions,
    SharedCallGraph,
};
use std::cell::RefCell;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

/// Options of `new ImmutableProject(storage, options)` and `ImmutableProject.open`.
#[napi(object)]
pub struct ProjectOptions {
    /// Key prefix, so several projects can share one store. Default `'skein'`.
    pub namespace: Option<String>,
    /// Bound on decoded per-file state kept in memory, in bytes. Default 16 MiB, or 256 MiB over
    /// the built-in `memory` store, which holds the whole project in this process anyway. The last
    /// file larger than the bound is kept too, outside it; `0` keeps nothing.
    #[napi(js_name = "cache_bytes")]
    pub cache_bytes: Option<f64>,
    /// Bound on the call graph's state, in bytes: the resolved calls kept between graphs, and
    /// apart from them the decoded files it resolves against; the last graph is kept, for the next
    /// to update, only if it fits with its calls (and without it, every graph is built whole in
    /// JS). Default 256 MiB.
    #[napi(js_name = "call_graph_bytes")]
    pub call_graph_bytes: Option<f64>,
    /// A provider call that never settles fails after this many milliseconds. Default 30000.
    #[napi(js_name = "provider_timeout_ms")]
    pub provider_timeout_ms: Option<f64>,
}

/// Which definitions of a file a query lists.
#[derive(Clone, Copy)]
enum FileDefinitions {
    All,
    Functions,
    ExportedFunctions,
}

/// Which relatives of a class-like definition a query lists.
#[derive(Clone, Copy)]
enum Relatives {
    Subclasses,
    Implementations,
    Ancestors,
}

impl ImmutableProject {
    /// A Promise of the relatives of `def` that `which` selects.
    fn relatives<'env>(
        &self,
        env: &'env Env,
        def: JsDef,
        which: Relatives,
    ) -> Result<PromiseRaw<'env, Vec<JsDef>>> {
        let inner = self.inner.clone();
        spawn(
            env,
            async move {
                let (path, id) = (&def.file_path, &def.symbol_id);
                match which {
                    Relatives::Subclasses => inner.find_subclasses(path, id).await,
                    Relatives::Implementations => inner.find_implementations(path, id).await,
                    Relatives::Ancestors => inner.get_inheritance_chain(path, id).await,
                }
            },
            |_, found| Ok(located_to_js(&found)),
        )
    }

    /// A Promise of the definitions of `file_path` that `which` selects.
    fn file_definitions<'env>(
        &self,
        env: &'env Env,
        file_path: String,
        which: FileDefinitions,
    ) -> Result<PromiseRaw<'env, Vec<JsDef>>> {
        let inner = self.inner.clone();
        spawn(
            env,
            async move {
                let definitions = match which {
                    FileDefinitions::All => inner.get_definitions(&file_path).await?,
                    FileDefinitions::Functions => inner.get_functions_in_file(&file_path).await?,
                    FileDefinitions::ExportedFunctions => {
                        inner.get_exported_functions(&file_path).await?
                    }
                };
                Ok((definitions, file_path))
            },
            |_, (definitions, path)| Ok(defs_to_js(&definitions, &path)),
        )
    }
}

/// Options of `find_references`.
#[napi(object)]
pub struct FindReferencesOptions {
    /// Put the definition itself first in the result. Default `false`.
    #[napi(js_name = "include_definition")]
    pub include_definition: Option<bool>,
}

/// `get_call_graph`'s options, checked; the filter kept for the JS thread.
fn call_graph_options(
    options: Option<Object>,
) -> Result<(CoreCallGraphOptions, Option<FunctionRef<String, bool>>)> {
    let mut core = CoreCallGraphOptions::default();
    let Some(options) = options else {
        return Ok((core, None));
    };
    core.include_external = options
        .get_named_property::<Option<bool>>("include_external")
        .map_err(|_| {
            Error::new(
                Status::InvalidArg,
                "options.include_external must be a boolean",
            )
        })?
        .unwrap_or(false);
    let depth = options
        .get_named_property::<Option<f64>>("max_depth")
        .map_err(|_| Error::new(Status::InvalidArg, "options.max_depth must be a number"))?;
    if let Some(depth) = depth {
        if !(depth >= 0.0 && depth.fract() == 0.0 && depth.is_finite()) {
            return Err(Error::new(
                Status::InvalidArg,
                format!("options.max_depth must be a non-negative integer, got {depth}"),
            ));
        }
        core.max_depth = Some(depth as usize);
    }
    let filter = options
        .get_named_property::<Option<Function<String, bool>>>("file_filter")
        .map_err(|_| Error::new(Status::InvalidArg, "options.file_filter must be a function"))?
        .map(|function| function.create_ref())
        .transpose()?;
    Ok((core, filter))
}

/// A byte bound from JS: a non-negative number (fractions are dropped).
fn byte_bound(option: &str, bytes: f64) -> Result<usize> {
    if !(bytes >= 0.0 && bytes.is_finite()) {
        return Err(Error::new(
            Status::InvalidArg,
            format!("options.{option} must be a non-negative number, got {bytes}"),
        ));
    }
    Ok(bytes as usize)
}

fn split_options(options: Option<ProjectOptions>) -> Result<(CoreOptions, Duration)> {
    let mut core = CoreOptions::default();
    let mut timeout = DEFAULT_PROVIDER_TIMEOUT;
    if let Some(options) = options {
        if let Some(namespace) = options.namespace {
            core.namespace = namespace;
        }
        if let Some(bytes) = options.cache_bytes {
            core.cache_bytes = Some(byte_bound("cache_bytes", bytes)?);
        }
        if let Some(bytes) = options.call_graph_bytes {
            core.call_graph_bytes = byte_bound("call_graph_bytes", bytes)?;
        }
        if let Some(ms) = options.provider_timeout_ms {
            if !(ms > 0.0 && ms.is_finite()) {
                return Err(Error::new(
                    Status::InvalidArg,
                    format!("options.provider_timeout_ms must be a positive number, got {ms}"),
                ));
            }
            timeout = Duration::from_secs_f64(ms / 1000.0);
        }
    }
    Ok((core, timeout))
}

/// A project: files, their scope graphs, and queries over them, kept in a
/// storage provider. Mutating methods resolve to the project itself.
#[napi]
pub struct ImmutableProject {
    inner: Arc<Project>,
    /// What this project's JS side holds of its last call graph.
    pub(crate) sent_graph: RefCell<SentGraph>,
}

#[napi]
impl ImmutableProject {
    /// A project over `storage` (default: a fresh in-memory store). What the
    /// storage already holds under the namespace is loaded on first use.
    #[napi(
        constructor,
        ts_args_type = "storage?: StorageProvider | Storage, options?: ProjectOptions"
    )]
    pub fn new(storage: Option<Unknown>, options: Option<ProjectOptions>) -> Result<Self> {
        let (core_options, timeout) = split_options(options)?;
        let storage = storage_from_js(storage, timeout)?;
        Ok(ImmutableProject {
            inner: Arc::new(Project::new(storage, core_options)),
            sent_graph: RefCell::default(),
        })
    }

    /// Like the constructor, but loads the stored project now and rejects if
    /// it cannot be read.
    #[napi(
        ts_args_type = "storage?: StorageProvider | Storage, options?: ProjectOptions",
        ts_return_type = "Promise<ImmutableProject>"
    )]
    pub fn open<'env>(
        env: &'env Env,
        storage: Option<Unknown>,
        options: Option<ProjectOptions>,
    ) -> Result<PromiseRaw<'env, ImmutableProject>> {
        let opened = split_options(options).and_then(|(core_options, timeout)| {
            storage_from_js(storage, timeout).map(|storage| (storage, core_options))
        });
        let (storage, core_options) = match opened {
            Ok(pair) => pair,
            Err(err) => return PromiseRaw::reject(env, err),
        };
        spawn(
            env,
            async move { Project::open(storage, core_options).await },
            |_, project| {
                Ok(ImmutableProject {
                    inner: Arc::new(project),
                    sent_graph: RefCell::default(),
                })
            },
        )
    }

    /// Adds or replaces a file (language by extension).
    #[napi(
        js_name = "add_or_update_file",
        ts_args_type = "file_path: string, source_code: string",
        ts_return_type = "Promise<ImmutableProject>"
    )]
    pub fn add_or_update_file<'env>(
        &self,
        env: &'env Env,
        this: Reference<ImmutableProject>,
        file_path: String,
        source_code: String,
    ) -> Result<PromiseRaw<'env, Reference<ImmutableProject>>> {
        let inner = self.inner.clone();
        spawn(
            env,
            async move { inner.add_or_update_file(&file_path, &source_code).await },
            move |_, ()| Ok(this),
        )
    }

    /// Brings the project up to date with the folder `root`: it walks the
    /// folder honouring `.gitignore` and `.ignore` files (unless
    /// `gitignore: false`) and the `include` and `exclude` globs, skips
    /// hidden, binary and unsupported files and symbolic links (as git
    /// does; `root` itself may be one), stores each file under its
    /// path relative to `root` with `/` between names, analyzes on every
    /// core only files whose content changed, and removes files an earlier
    /// run brought in that the folder no longer has (files added one by
    /// one stay). A file that cannot be read or analyzed, or is over
    /// `max_file_bytes`, is listed in `files_failed` and the rest go on.
    #[napi(
        js_name = "index_directory",
        ts_args_type = "root: string, options?: IndexOptions",
        ts_return_type = "Promise<IndexStats>"
    )]
    pub fn index_directory<'env>(
        &self,
        env: &'env Env,
        root: String,
        options: Option<Object<'env>>,
    ) -> Result<PromiseRaw<'env, JsIndexStats>> {
        let options = match directory_options(options) {
            Ok(options) => options,
            Err(err) => return PromiseRaw::reject(env, err),
        };
        let inner = self.inner.clone();
        spawn(
            env,
            async move {
                let DirectoryOptions {
                    filter,
                    on_progress,
                } = options;
                let summary = inner
                    .index_directory(Path::new(&root), &filter, |progress| match &on_progress {
                        Some(callback) => callback.report(progress),
                        None => Ok(()),
                    })
                    .await;
                // Every progress call runs before the call settles.
                if let Some(callback) = &on_progress {
                    callback.finish().await?;
                }
                summary
            },
            |_, summary| Ok(summary_to_js(summary)),
        )
    }

    /// Removes a file; an unknown path does nothing.
    #[napi(
        js_name = "remove_file",
        ts_args_type = "file_path: string",
        ts_return_type = "Promise<ImmutableProject>"
    )]
    pub fn remove_file<'env>(
        &self,
        env: &'env Env,
        this: Reference<ImmutableProject>,
        file_path: String,
    ) -> Result<PromiseRaw<'env, Reference<ImmutableProject>>> {
        let inner = self.inner.clone();
        spawn(
            env,
            async move { inner.remove_file(&file_path).await },
            move |_, ()| Ok(this),
        )
    }

    /// Every file with its definition and reference counts, sorted by
    /// path. Read from the project's directory: no file index is read.
    #[napi(js_name = "get_file_stats", ts_return_type = "Promise<FileStats[]>")]
    pub fn get_file_stats<'env>(
        &self,
        env: &'env Env,
    ) -> Result<PromiseRaw<'env, Vec<JsFileStats>>> {
        let inner = self.inner.clone();
        spawn(env, async move { inner.file_stats().await }, |_, stats| {
            Ok(stats
                .into_iter()
                .map(|s| JsFileStats {
                    file_path: s.path,
                    definitions: s.definitions,
                    references: s.references,
                })
                .collect())
        })
    }

    /// Every file path, sorted.
    #[napi(js_name = "get_file_paths", ts_return_type = "Promise<string[]>")]
    pub fn get_file_paths<'env>(&self, env: &'env Env) -> Result<PromiseRaw<'env, Vec<String>>> {
        let inner = self.inner.clone();
        spawn(
            env,
            async move { inner.get_file_paths().await },
            |_, paths| Ok(paths),
        )
    }

    /// Every definition in the file; `[]` for an unknown path.
    #[napi(
        js_name = "get_definitions",
        ts_args_type = "file_path: string",
        ts_return_type = "Promise<Def[]>"
    )]
    pub fn get_definitions<'env>(
        &self,
        env: &'env Env,
        file_path: String,
    ) -> Result<PromiseRaw<'env, Vec<JsDef>>> {
        self.file_definitions(env, file_path, FileDefinitions::All)
    }

    /// The functions and methods in the file; `[]` for an unknown path.
    #[napi(
        js_name = "get_functions_in_file",
        ts_args_type = "file_path: string",
        ts_return_type = "Promise<Def[]>"
    )]
    pub fn get_functions_in_file<'env>(
        &self,
        env: &'env Env,
        file_path: String,
    ) -> Result<PromiseRaw<'env, Vec<JsDef>>> {
        self.file_definitions(env, file_path, FileDefinitions::Functions)
    }

    /// The scope graph of the file, or `null` for an unknown path.
    #[napi(
        js_name = "get_scope_graph",
        ts_args_type = "file_path: string",
        ts_return_type = "Promise<ScopeGraph | null>"
    )]
    pub fn get_scope_graph<'env>(
        &self,
        env: &'env Env,
        file_path: String,
    ) -> Result<PromiseRaw<'env, Option<JsScopeGraph>>> {
        let inner = self.inner.clone();
        spawn(
            env,
            async move { inner.file_index(&file_path).await },
            |_, index| Ok(index.map(|index| scope_graph_to_js(&index))),
        )
    }

    /// The source text of the definition's `enclosing_range` (its `range`
    /// when it has none) in `file_path`.
    #[napi(
        js_name = "get_source_code",
        ts_args_type = "def: Def, file_path: string",
        ts_return_type = "Promise<string>"
    )]
    pub fn get_source_code<'env>(
        &self,
        env: &'env Env,
        def: JsDef,
        file_path: String,
    ) -> Result<PromiseRaw<'env, String>> {
        let inner = self.inner.clone();
        let range = def.enclosing_range.unwrap_or(def.range).into();
        spawn(
            env,
            async move { inner.get_source_code(&file_path, range).await },
            |_, text| Ok(text),
        )
    }

    /// Replaces the text from `start` to `old_end` of a file with `new_text`
    /// (positions in the current text; columns in UTF-16 code units), and
    /// re-analyzes it, re-parsing incrementally when its tree is cached.
    #[napi(
        js_name = "update_file_range",
        ts_args_type = "file_path: string, start: Point, old_end: Point, new_text: string",
        ts_return_type = "Promise<ImmutableProject>"
    )]
    pub fn update_file_range<'env>(
        &self,
        env: &'env Env,
        this: Reference<ImmutableProject>,
        file_path: String,
        start: Unknown,
        old_end: Unknown,
        new_text: String,
    ) -> Result<PromiseRaw<'env, Reference<ImmutableProject>>> {
        let (start, old_end) = match (Position::from_arg(start), Position::from_arg(old_end)) {
            (Ok(start), Ok(old_end)) => (start, old_end),
            (Err(err), _) | (_, Err(err)) => return PromiseRaw::reject(env, err),
        };
        let inner = self.inner.clone();
        spawn(
            env,
            async move {
                inner
                    .update_file_range(&file_path, start, old_end, &new_text)
                    .await
            },
            move |_, ()| Ok(this),
        )
    }

    /// The definition the name at `position` denotes, following imports,
    /// re-exports and member accesses into other files; `null` when it is
    /// not defined in the project (globals, packages, the standard library).
    #[napi(
        js_name = "go_to_definition",
        ts_args_type = "file_path: string, position: Point",
        ts_return_type = "Promise<Def | null>"
    )]
    pub fn go_to_definition<'env>(
        &self,
        env: &'env Env,
        file_path: String,
        position: Unknown,
    ) -> Result<PromiseRaw<'env, Option<JsDef>>> {
        let position = match Position::from_arg(position) {
            Ok(position) => position,
            Err(err) => return PromiseRaw::reject(env, err),
        };
        let inner = self.inner.clone();
        spawn(
            env,
            async move { inner.go_to_definition(&file_path, position).await },
            |_, found| Ok(found.map(|(path, def)| def_to_js(&def, &path))),
        )
    }

    /// Every reference (and import) across the project to the definition
    /// the name at `position` denotes, sorted by file and position. With
    /// `{ include_definition: true }` the definition itself comes first.
    #[napi(
        js_name = "find_references",
        ts_args_type = "file_path: string, position: Point, options?: FindReferencesOptions",
        ts_return_type = "Promise<Ref[]>"
    )]
    pub fn find_references<'env>(
        &self,
        env: &'env Env,
        file_path: String,
        position: Unknown,
        options: Option<FindReferencesOptions>,
    ) -> Result<PromiseRaw<'env, Vec<JsRef>>> {
        let position = match Position::from_arg(position) {
            Ok(position) => position,
            Err(err) => return PromiseRaw::reject(env, err),
        };
        let inner = self.inner.clone();
        let include_definition = options.and_then(|o| o.include_definition).unwrap_or(false);
        spawn(
            env,
            async move {
                inner
                    .find_references(&file_path, position, include_definition)
                    .await
            },
            |_, sites| Ok(sites.iter().map(site_to_js).collect()),
        )
    }

    /// The imports of the file that resolve to a definition in the project,
    /// each with that definition (a whole module as a `module` definition);
    /// `[]` for an unknown path.
    #[napi(
        js_name = "get_imports_with_definitions",
        ts_args_type = "file_path: string",
        ts_return_type = "Promise<ImportInfo[]>"
    )]
    pub fn get_imports_with_definitions<'env>(
        &self,
        env: &'env Env,
        file_path: String,
    ) -> Result<PromiseRaw<'env, Vec<JsImportInfo>>> {
        let inner = self.inner.clone();
        spawn(
            env,
            async move { inner.get_imports_with_definitions(&file_path).await },
            |_, imported| Ok(imported.iter().map(imported_to_js).collect()),
        )
    }

    /// The calls `def` makes itself (not those of functions nested in it),
    /// in source order, each with the definition it reaches in the project.
    /// Calls that leave the project, or whose target the code does not make
    /// evident, are left out.
    #[napi(
        js_name = "get_calls_from_definition",
        ts_args_type = "def: Def",
        ts_return_type = "Promise<FunctionCall[]>"
    )]
    pub fn get_calls_from_definition<'env>(
        &self,
        env: &'env Env,
        def: JsDef,
    ) -> Result<PromiseRaw<'env, Vec<JsFunctionCall>>> {
        let inner = self.inner.clone();
        spawn(
            env,
            async move {
                inner
                    .get_calls_from_definition(&def.file_path, &def.symbol_id)
                    .await
            },
            |_, calls| Ok(calls.iter().map(call_to_js).collect()),
        )
    }

    /// The project's call graph: `nodes` (a `Map` by symbol id: every
    /// function, method and constructor, each file's module-level code as
    /// `<path>#`, and every class that is constructed), `edges` and the
    /// `top_level_nodes` no node calls. `include_external` adds calls that
    /// leave the project (to the name as written); `max_depth` keeps nodes
    /// at most that many calls from a top-level node; `file_filter(path)`
    /// keeps the nodes of the files it accepts, and the edges among them.
    /// Nodes, edges and what they hold are frozen, and reused by the next
    /// graph where unchanged; the Map and the arrays are each graph's own.
    #[napi(
        js_name = "get_call_graph",
        ts_args_type = "options?: CallGraphOptions",
        ts_return_type = "Promise<CallGraph>"
    )]
    pub fn get_call_graph<'env>(
        &self,
        env: &'env Env,
        this: Reference<ImmutableProject>,
        options: Option<Object<'env>>,
    ) -> Result<PromiseRaw<'env, JsCallGraph>> {
        let (core, filter) = match call_graph_options(options) {
            Ok(parsed) => parsed,
            Err(err) => return PromiseRaw::reject(env, err),
        };
        let inner = self.inner.clone();
        let has_filter = filter.is_some();
        spawn(
            env,
            async move {
                // A graph to cut down is copied here, off the JS thread; a
                // whole one is shared with the project.
                if has_filter {
                    let graph = inner.get_call_graph(&core).await?;
                    return Ok(SharedCallGraph {
                        graph: Arc::new(graph),
                        numbering: None,
                    });
                }
                inner.get_shared_call_graph(&core).await
            },
            move |env, shared| {
                let Some(filter) = filter else {
                    return Ok(JsCallGraph {
                        graph: shared.graph,
                        numbering: shared.numbering,
                        project: this,
                    });
                };
                // Cut down, the graph is built apart from what the JS side
                // holds. It is this call's own: no copy is made here.
                let mut graph = Arc::unwrap_or_clone(shared.graph);
                let filter = filter.borrow_back(env)?;
                let mut failure = None;
                graph.retain_files(|path| match filter.call(path.to_string()) {
                    Ok(keep) => keep,
                    Err(err) => {
                        failure.get_or_insert(err);
                        false
                    }
                });
                if let Some(err) = failure {
                    return Err(err);
                }
                Ok(JsCallGraph {
                    graph: Arc::new(graph),
                    numbering: None,
                    project: this,
                })
            },
        )
    }

    /// What the class, interface or trait `def` extends and implements;
    /// `null` when `def` is not class-like.
    #[napi(
        js_name = "get_class_relationships",
        ts_args_type = "def: Def",
        ts_return_type = "Promise<ClassRelationship | null>"
    )]
    pub fn get_class_relationships<'env>(
        &self,
        env: &'env Env,
        def: JsDef,
    ) -> Result<PromiseRaw<'env, Option<JsClassRelationship>>> {
        let inner = self.inner.clone();
        spawn(
            env,
            async move {
                inner
                    .get_class_relationships(&def.file_path, &def.symbol_id)
                    .await
            },
            |_, found| Ok(found.as_ref().map(relationship_to_js)),
        )
    }

    /// The classes, interfaces and traits that name `def` as a direct
    /// base, across the project, sorted by file and position.
    #[napi(
        js_name = "find_subclasses",
        ts_args_type = "def: Def",
        ts_return_type = "Promise<Def[]>"
    )]
    pub fn find_subclasses<'env>(
        &self,
        env: &'env Env,
        def: JsDef,
    ) -> Result<PromiseRaw<'env, Vec<JsDef>>> {
        self.relatives(env, def, Relatives::Subclasses)
    }

    /// The classes that implement the interface (or trait) `def`, directly
    /// or through interfaces extending it.
    #[napi(
        js_name = "find_implementations",
        ts_args_type = "def: Def",
        ts_return_type = "Promise<Def[]>"
    )]
    pub fn find_implementations<'env>(
        &self,
        env: &'env Env,
        def: JsDef,
    ) -> Result<PromiseRaw<'env, Vec<JsDef>>> {
        self.relatives(env, def, Relatives::Implementations)
    }

    /// The ancestors of `def` the project has, nearest first, in Python's
    /// method resolution order where there are several bases; `def` itself
    /// is not included.
    #[napi(
        js_name = "get_inheritance_chain",
        ts_args_type = "def: Def",
        ts_return_type = "Promise<Def[]>"
    )]
    pub fn get_inheritance_chain<'env>(
        &self,
        env: &'env Env,
        def: JsDef,
    ) -> Result<PromiseRaw<'env, Vec<JsDef>>> {
        self.relatives(env, def, Relatives::Ancestors)
    }

    /// Whether `parent` is among the ancestors of `child` (classes or
    /// interfaces); a class is not its own subclass.
    #[napi(
        js_name = "is_subclass_of",
        ts_args_type = "child: Def, parent: Def",
        ts_return_type = "Promise<boolean>"
    )]
    pub fn is_subclass_of<'env>(
        &self,
        env: &'env Env,
        child: JsDef,
        parent: JsDef,
    ) -> Result<PromiseRaw<'env, bool>> {
        let inner = self.inner.clone();
        spawn(
            env,
            async move {
                inner
                    .is_subclass_of(
                        (&child.file_path, &child.symbol_id),
                        (&parent.file_path, &parent.symbol_id),
                    )
                    .await
            },
            |_, found| Ok(found),
        )
    }

    /// The functions the file exports; `[]` for an unknown path.
    #[napi(
        js_name = "get_exported_functions",
        ts_args_type = "file_path: string",
        ts_return_type = "Promise<Def[]>"
    )]
    pub fn get_exported_functions<'env>(
        &self,
        env: &'env Env,
        file_path: String,
    ) -> Result<PromiseRaw<'env, Vec<JsDef>>> {
        self.file_definitions(env, file_path, FileDefinitions::ExportedFunctions)
    }

    /// Waits for pending writes and releases the caches. The storage passed
    /// in is not closed: the caller owns it.
    #[napi(ts_return_type = "Promise<void>")]
    pub fn close<'env>(&self, env: &'env Env) -> Result<PromiseRaw<'env, ()>> {
        let inner = self.inner.clone();
        spawn(env, async move { inner.close().await }, |_, ()| Ok(()))
    }
}
