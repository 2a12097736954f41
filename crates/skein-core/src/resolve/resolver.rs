//! The resolution algorithm: from a name in one file to the definition it
//! denotes, across imports, re-exports, module paths, receivers with
//! evident types and class hierarchies.
//!
//! Each step reads stored per-file facts (through [`FileSource`]) and the
//! file's [`FileLookup`](super::FileLookup) tables; nothing is re-parsed.
//! Cycles (`a` re-exports `b` re-exports `a`) are cut where an export is met
//! again while being resolved; a step budget and a depth bound end any other
//! pathological chain.

use super::lookup::{is_type_like, qualified_name};
use super::memo::{Keep, KeptFile};
use super::modules::{script_module_stems, PathIndex};
use super::pair_map::PairMap;
use super::recent::RecentFiles;
use super::trace::{ReadIds, Reads, Trace};
use crate::error::Result;
use crate::lang::Language;
use crate::position::{Point, Range};
use crate::project::FileIndex;
use crate::scope_graph::{Definition, ExportTarget, Import, Node, Receiver, SlotKey, SymbolKind};
use async_trait::async_trait;
use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// Where the resolver reads files from: a project.
#[async_trait]
pub trait FileSource: Send + Sync {
    /// The stored index of `path`, or `None` if the project has no such file.
    async fn file(&self, path: &str) -> Result<Option<Arc<FileIndex>>>;
    /// The project's paths, indexed for module resolution.
    async fn paths(&self) -> Result<Arc<PathIndex>>;
    /// Paths of the files that may mention `name` (a superset).
    async fn files_mentioning(&self, name: &str) -> Result<Vec<String>>;
    /// Paths of the files that may mention `name` and import from a module
    /// with one of `stems` ([`script_module_stems`]); a file indexed before
    /// name filters held import stems counts as importing anything (a
    /// superset).
    async fn files_importing(&self, name: &str, stems: &[String]) -> Result<Vec<String>>;
    /// The stored indexes of `paths`, in order, read together: in one round
    /// trip where the store can. The default reads them one by one.
    async fn files(&self, paths: &[String]) -> Result<Vec<Option<Arc<FileIndex>>>> {
        let mut files = Vec::with_capacity(paths.len());
        for path in paths {
            files.push(self.file(path).await?);
        }
        Ok(files)
    }
    /// `paths` cut into runs worth reading together with [`files`](Self::files),
    /// in order. The default reads one file at a time.
    async fn read_batches(&self, paths: Vec<String>) -> Result<Vec<Vec<String>>> {
        Ok(paths.into_iter().map(|path| vec![path]).collect())
    }
}

/// A definition: its file and node id.
type DefinitionAt = (Arc<FileIndex>, u32);

/// What a name resolves to.
#[derive(Clone, Debug)]
pub enum Resolved {
    /// A definition: its file and node id.
    Definition {
        /// The file holding it.
        file: Arc<FileIndex>,
        /// Its node id in that file's graph.
        id: u32,
    },
    /// A whole module (`import * as m`, `mod m;`): its file.
    Module {
        /// The module's path.
        path: String,
    },
}

impl Resolved {
    /// The definition, if it is one.
    pub fn definition(&self) -> Option<(&Arc<FileIndex>, &Definition)> {
        match self {
            Resolved::Definition { file, id } => match file.graph.nodes.get(*id as usize) {
                Some(Node::Definition(d)) => Some((file, d)),
                _ => None,
            },
            Resolved::Module { .. } => None,
        }
    }

    fn same_definition(&self, path: &str, id: u32) -> bool {
        matches!(self, Resolved::Definition { file, id: found } if file.path == path && *found == id)
    }
}

/// A reference (or import) that denotes a definition: its file and node.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Occurrence {
    /// The file it is in.
    pub path: String,
    /// Its node id there.
    pub id: u32,
}

/// What a found [`Occurrence`] is: its name and where it is, taken while
/// its file was at hand, so that the sites need no second read.
#[derive(Clone, Debug)]
pub struct OccurrenceSite {
    /// The name as written there (an alias, for `import { a as b }`).
    pub name: String,
    /// Where the name is.
    pub range: Range,
}

/// What members are looked up in.
#[derive(Clone)]
enum Owner {
    /// The members of a class, struct, `impl` or inline module of a file.
    Type { file: Arc<FileIndex>, owner: String },
    /// The exports of a module.
    Module { path: String },
    /// The members a class inherits, not its own (`super.m()`).
    Bases { file: Arc<FileIndex>, owner: String },
    /// The keys of the dict or object literal a variable is set to.
    Slots { file: Arc<FileIndex>, holder: u32 },
}

/// [`Owner`], kept by a memo (see [`Keep`]).
#[derive(Clone)]
enum KeptOwner {
    Type { file: KeptFile, owner: String },
    Module { path: String },
    Bases { file: KeptFile, owner: String },
    Slots { file: KeptFile, holder: u32 },
}

#[async_trait]
impl Keep for Owner {
    type Kept = KeptOwner;

    fn keep(&self) -> KeptOwner {
        match self {
            Owner::Type { file, owner } => KeptOwner::Type {
                file: KeptFile::new(file),
                owner: owner.clone(),
            },
            Owner::Module { path } => KeptOwner::Module { path: path.clone() },
            Owner::Bases { file, owner } => KeptOwner::Bases {
                file: KeptFile::new(file),
                owner: owner.clone(),
            },
            Owner::Slots { file, holder } => KeptOwner::Slots {
                file: KeptFile::new(file),
                holder: *holder,
            },
        }
    }

    async fn revive(kept: &KeptOwner, files: &dyn FileSource) -> Result<Option<Owner>> {
        Ok(match kept {
            KeptOwner::Type { file, owner } => file.revive(files).await?.map(|file| Owner::Type {
                file,
                owner: owner.clone(),
            }),
            KeptOwner::Module { path } => Some(Owner::Module { path: path.clone() }),
            KeptOwner::Bases { file, owner } => {
                file.revive(files).await?.map(|file| Owner::Bases {
                    file,
                    owner: owner.clone(),
                })
            }
            KeptOwner::Slots { file, holder } => {
                file.revive(files).await?.map(|file| Owner::Slots {
                    file,
                    holder: *holder,
                })
            }
        })
    }
}

/// A remembered answer of type `T` (kept without its files), with what
/// computing it read when tracing.
type Remembered<T> = (<T as Keep>::Kept, Option<Arc<ReadIds>>);

type RememberedMember = Remembered<Option<Resolved>>;
type RememberedType = Remembered<Option<DefinitionAt>>;

/// A poisoned memo is still a valid memo: entries are written whole.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// Resolution steps one query may take.
const STEP_BUDGET: usize = 512;
/// How deep resolutions may nest (an import of a re-export of a member…):
/// each level is a nested future on the stack.
const MAX_DEPTH: usize = 32;
/// Files searched for a Rust type's `impl` blocks before giving up.
const RUST_IMPL_CANDIDATES: usize = 64;
/// Base classes followed before giving up on a member.
const MAX_HIERARCHY_DEPTH: usize = 16;

/// Resolves names for one query.
pub struct Resolver<'a> {
    files: &'a dyn FileSource,
    paths: Arc<PathIndex>,
    steps: AtomicUsize,
    depth: Arc<AtomicUsize>,
    /// Rust searches across files, remembered for the resolver's life (a
    /// `find_references` scan asks the same ones many times) when no step
    /// was refused on the way.
    rust_members: Mutex<HashMap<(String, String, String), RememberedMember>>,
    rust_types: Mutex<HashMap<(String, String), RememberedType>>,
    /// What modules export, by `(path, name)`: a `find_references` scan
    /// resolves the same names (`Ok`, `fmt`) through the same wildcard
    /// imports again and again.
    exports: Mutex<PairMap<Remembered<Option<Resolved>>>>,
    /// What a Rust wildcard import that names no module file names
    /// (`use self::Kind::*`, `use std::fmt::*`), by `(from, module)`: every
    /// name not bound in the file is looked up through it.
    rust_star_owners: Mutex<PairMap<Remembered<Option<Owner>>>>,
    /// Steps refused for the budget or depth, and cycles cut, so far: a
    /// result reached while any were may be incomplete and is not remembered.
    refused: AtomicUsize,
    /// `(path, name)` exports being resolved: meeting one again is a cycle
    /// (`use super::*` both ways), cut at once instead of re-walked.
    in_progress: Mutex<HashSet<(String, String)>>,
    /// What resolutions read, for a [`tracing`](Resolver::tracing) resolver.
    trace: Option<Mutex<Trace>>,
    /// The last files read, held for the resolver's life.
    recent: Mutex<RecentFiles>,
}

/// One level of nesting; leaving the level when dropped.
struct Level(Arc<AtomicUsize>);

impl Drop for Level {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

impl<'a> Resolver<'a> {
    /// A resolver reading from `files`.
    pub async fn new(files: &'a dyn FileSource) -> Result<Resolver<'a>> {
        Ok(Resolver {
            paths: files.paths().await?,
            files,
            steps: AtomicUsize::new(0),
            depth: Arc::new(AtomicUsize::new(0)),
            rust_members: Mutex::new(HashMap::new()),
            rust_types: Mutex::new(HashMap::new()),
            exports: Mutex::new(PairMap::default()),
            rust_star_owners: Mutex::new(PairMap::default()),
            refused: AtomicUsize::new(0),
            in_progress: Mutex::new(HashSet::new()),
            trace: None,
            recent: Mutex::new(RecentFiles::default()),
        })
    }

    /// A resolver that also records what it reads: between
    /// [`begin_reads`](Self::begin_reads) and [`take_reads`](Self::take_reads),
    /// every file and name search a resolution depended on, including those
    /// behind answers it remembered from earlier resolutions. Resolutions
    /// must then run one at a time.
    pub async fn tracing(files: &'a dyn FileSource) -> Result<Resolver<'a>> {
        let mut resolver = Resolver::new(files).await?;
        resolver.trace = Some(Mutex::new(Trace::default()));
        Ok(resolver)
    }

    /// Starts recording reads afresh (see [`tracing`](Self::tracing)).
    pub fn begin_reads(&self) {
        if let Some(trace) = &self.trace {
            let mut trace = lock(trace);
            trace.finish();
            trace.begin();
        }
    }

    /// What was read since [`begin_reads`](Self::begin_reads); empty for a
    /// resolver that is not tracing.
    pub fn take_reads(&self) -> Reads {
        self.trace
            .as_ref()
            .map(|trace| lock(trace).finish())
            .unwrap_or_default()
    }

    /// Starts a computation whose answer will be remembered.
    fn begin_remembered(&self) {
        if let Some(trace) = &self.trace {
            lock(trace).begin();
        }
    }

    /// Ends it: what it read, to keep with the answer.
    fn end_remembered(&self) -> Option<Arc<ReadIds>> {
        self.trace.as_ref().map(|trace| lock(trace).end())
    }

    /// A remembered answer, with its reads counted as the current ones.
    async fn recall<K, T>(
        &self,
        memo: &Mutex<HashMap<K, Remembered<T>>>,
        key: &K,
    ) -> Result<Option<T>>
    where
        K: std::hash::Hash + Eq,
        T: Keep,
    {
        let remembered = lock(memo).get(key).cloned();
        self.replayed(remembered).await
    }

    /// `remembered`'s answer, with its reads counted as the current ones;
    /// `None` when there is none, or a file it refers to has changed since.
    async fn replayed<T: Keep>(&self, remembered: Option<Remembered<T>>) -> Result<Option<T>> {
        let Some((kept, reads)) = remembered else {
            return Ok(None);
        };
        let Some(answer) = T::revive(&kept, self.files).await? else {
            return Ok(None);
        };
        if let (Some(trace), Some(reads)) = (&self.trace, reads) {
            lock(trace).replay(&reads);
        }
        Ok(Some(answer))
    }

    /// The stored index of `path`, counted as read. A file read in the
    /// resolver's life is taken from its recent files when still there:
    /// one larger than the project's cache is decoded anew at every
    /// [`FileSource::file`].
    pub async fn read_file(&self, path: &str) -> Result<Option<Arc<FileIndex>>> {
        let recent = lock(&self.recent).peek(path);
        let file = match recent {
            Some(file) => Some(file),
            None => self.files.file(path).await?,
        };
        Ok(self.took_file(path, file))
    }

    /// The stored indexes of `paths`, in order, as [`read_file`] would give
    /// them, but those not among the recent files read together; none is
    /// counted as read or kept as recent until [`took_file`] takes it.
    ///
    /// [`read_file`]: Self::read_file
    /// [`took_file`]: Self::took_file
    async fn read_files(&self, paths: &[String]) -> Result<Vec<Option<Arc<FileIndex>>>> {
        let mut files: Vec<Option<Arc<FileIndex>>> = {
            let recent = lock(&self.recent);
            paths.iter().map(|path| recent.peek(path)).collect()
        };
        let missing: Vec<String> = paths
            .iter()
            .zip(&files)
            .filter(|(_, file)| file.is_none())
            .map(|(path, _)| path.clone())
            .collect();
        if !missing.is_empty() {
            let mut read = self.files.files(&missing).await?.into_iter();
            for file in files.iter_mut().filter(|file| file.is_none()) {
                *file = read.next().flatten();
            }
        }
        Ok(files)
    }

    /// A file [`read_files`](Self::read_files) gave for `path`, now counted
    /// as read and kept as the most recent, as [`read_file`](Self::read_file)
    /// does.
    fn took_file(&self, path: &str, file: Option<Arc<FileIndex>>) -> Option<Arc<FileIndex>> {
        if let Some(file) = &file {
            lock(&self.recent).insert(file.clone());
        }
        if let Some(trace) = &self.trace {
            lock(trace).read_file(path, file.as_ref().map(|f| f.content_hash));
        }
        file
    }

    /// The files that may mention `name`, counted as read.
    async fn search_name(&self, name: &str) -> Result<Vec<String>> {
        let found = self.files.files_mentioning(name).await?;
        if let Some(trace) = &self.trace {
            lock(trace).searched(name, &found);
        }
        Ok(found)
    }

    /// Takes one more step one level deeper, if the query may: `None` ends
    /// the resolution (cycles and pathological chains resolve to nothing).
    fn step(&self) -> Option<Level> {
        let level = Level(self.depth.clone());
        let depth = self.depth.fetch_add(1, Ordering::Relaxed);
        let steps = self.steps.fetch_add(1, Ordering::Relaxed);
        let allowed = depth < MAX_DEPTH && steps < STEP_BUDGET;
        if !allowed {
            self.refused.fetch_add(1, Ordering::Relaxed);
        }
        allowed.then_some(level)
    }

    /// What the name at `at` in `path` denotes: a definition there denotes
    /// itself; an import or reference, what it resolves to.
    pub async fn resolve_at(&self, path: &str, at: Point) -> Result<Option<Resolved>> {
        let Some(file) = self.read_file(path).await? else {
            return Ok(None);
        };
        let Some(id) = file.lookup().node_at(at) else {
            return Ok(None);
        };
        self.resolve_node(&file, id).await
    }

    /// [`resolve_node`](Self::resolve_node) as a query of its own, with a
    /// fresh step budget: for callers that resolve many names (a call
    /// graph, a hierarchy) with one resolver, sharing its caches. The
    /// budget bounds one name's resolution, not a whole scan.
    pub async fn resolve_each(&self, file: &Arc<FileIndex>, id: u32) -> Result<Option<Resolved>> {
        self.steps.store(0, Ordering::Relaxed);
        self.resolve_node(file, id).await
    }

    /// What slot `key` of definition `holder`'s value holds (see
    /// [`ScopeGraph::values`](crate::scope_graph::ScopeGraph::values)):
    /// resolved only when the code sets it exactly once.
    pub async fn slot_value(
        &self,
        file: &Arc<FileIndex>,
        holder: u32,
        key: &SlotKey,
    ) -> Result<Option<Resolved>> {
        let mut held = file
            .graph
            .values
            .iter()
            .filter(|v| v.holder == holder && v.key == *key)
            .map(|v| v.value);
        let (Some(value), None) = (held.next(), held.next()) else {
            return Ok(None);
        };
        let Some(_level) = self.step() else {
            return Ok(None);
        };
        Box::pin(self.resolve_reference(file, value)).await
    }

    /// Member `name` of the class-like definition `id` of `file`, its own
    /// or inherited (following base classes in order), as a query of its
    /// own (see [`resolve_each`](Self::resolve_each)).
    pub async fn member_of(
        &self,
        file: &Arc<FileIndex>,
        id: u32,
        name: &str,
    ) -> Result<Option<Resolved>> {
        let Some(Node::Definition(class)) = file.graph.nodes.get(id as usize) else {
            return Ok(None);
        };
        self.steps.store(0, Ordering::Relaxed);
        let owner = Owner::Type {
            file: file.clone(),
            owner: qualified_name(&class.symbol_id).to_string(),
        };
        self.member(owner, name, 0).await
    }

    /// What node `id` of `file` denotes.
    pub async fn resolve_node(&self, file: &Arc<FileIndex>, id: u32) -> Result<Option<Resolved>> {
        match file.graph.nodes.get(id as usize) {
            Some(Node::Definition(_)) => Ok(Some(Resolved::Definition {
                file: file.clone(),
                id,
            })),
            Some(Node::Import(_)) => self.resolve_import(file, id).await,
            Some(Node::Reference(_)) => self.resolve_reference(file, id).await,
            _ => Ok(None),
        }
    }

    /// What reference `id` of `file` denotes.
    pub async fn resolve_reference(
        &self,
        file: &Arc<FileIndex>,
        id: u32,
    ) -> Result<Option<Resolved>> {
        let Some(Node::Reference(reference)) = file.graph.nodes.get(id as usize) else {
            return Ok(None);
        };
        let Some(_level) = self.step() else {
            return Ok(None);
        };
        if let Some(receiver) = &reference.receiver {
            if matches!(receiver, Receiver::Path(path) if path.is_empty()) {
                // The first name of an absolute module path: a top-level module.
                return Ok(self
                    .paths
                    .resolve(&file.path, file.language, &reference.name)
                    .map(|path| Resolved::Module { path }));
            }
            let found = match self.receiver_owner(file, reference.range, receiver).await? {
                Some(owner) => self.member(owner, &reference.name, 0).await?,
                None => None,
            };
            // `from .. import shop` in a folder that is no package: the
            // name can only be a module beside it.
            return Ok(found.or_else(|| match (receiver, file.language) {
                (Receiver::Path(path), Language::Python) => {
                    let dot = if path.ends_with('.') { "" } else { "." };
                    self.paths
                        .resolve(
                            &file.path,
                            file.language,
                            &format!("{path}{dot}{}", reference.name),
                        )
                        .map(|path| Resolved::Module { path })
                }
                _ => None,
            }));
        }
        match file.lookup().local_target(id) {
            Some(target) => match file.graph.nodes.get(target as usize) {
                Some(Node::Definition(_)) => Ok(Some(Resolved::Definition {
                    file: file.clone(),
                    id: target,
                })),
                Some(Node::Import(_)) => self.resolve_import(file, target).await,
                _ => Ok(None),
            },
            // Not bound in the file: a name a wildcard import brings in, or a global.
            None => {
                for star in file.graph.star_modules.iter().filter(|s| s.binds_locally) {
                    let found = self
                        .star_member(&file.path, file.language, &star.module, &reference.name)
                        .await?;
                    if found.is_some() {
                        return Ok(found);
                    }
                }
                Ok(None)
            }
        }
    }

    /// What import `id` of `file` brings in.
    pub async fn resolve_import(&self, file: &Arc<FileIndex>, id: u32) -> Result<Option<Resolved>> {
        let Some(Node::Import(import)) = file.graph.nodes.get(id as usize) else {
            return Ok(None);
        };
        let Some(_level) = self.step() else {
            return Ok(None);
        };
        let Some(specifier) = import.source_module.as_deref() else {
            return Ok(None);
        };
        let name = import.source_name.as_deref().unwrap_or(&import.name);
        let module = self.paths.resolve(&file.path, file.language, specifier);
        let found = match (&module, name) {
            (None, _) => None,
            (Some(module), "*") => Some(Resolved::Module {
                path: module.clone(),
            }),
            // `require('./m')` of a module that assigns nothing to
            // `module.exports` is the module itself.
            (Some(module), "default") => Some(
                Box::pin(self.resolve_export(module, "default"))
                    .await?
                    .unwrap_or(Resolved::Module {
                        path: module.clone(),
                    }),
            ),
            (Some(module), name) => Box::pin(self.resolve_export(module, name)).await?,
        };
        if found.is_some() {
            return Ok(found);
        }
        if module.is_none() && file.language == Language::Rust {
            // `use self::private::X`: a path into inline modules or types.
            return Box::pin(self.rust_item_path(&file.path, &format!("{specifier}::{name}")))
                .await;
        }
        // `from pkg import sub` and `use crate::a::b` may name a module
        // rather than a name the parent module binds.
        Ok(self
            .submodule_path(file.language, specifier, import)
            .and_then(|spec| self.paths.resolve(&file.path, file.language, &spec))
            .map(|path| Resolved::Module { path }))
    }

    fn submodule_path(
        &self,
        language: Language,
        specifier: &str,
        import: &Import,
    ) -> Option<String> {
        let name = import.source_name.as_deref().unwrap_or(&import.name);
        match language {
            Language::Python if specifier.ends_with('.') => Some(format!("{specifier}{name}")),
            Language::Python => Some(format!("{specifier}.{name}")),
            Language::Rust => Some(format!("{specifier}::{name}")),
            _ => None,
        }
    }

    /// What module `path` exports as `name`.
    pub async fn resolve_export(&self, path: &str, name: &str) -> Result<Option<Resolved>> {
        let remembered = lock(&self.exports).get(path, name).cloned();
        if let Some(known) = self.replayed::<Option<Resolved>>(remembered).await? {
            return Ok(known);
        }
        let key = (path.to_string(), name.to_string());
        if !lock(&self.in_progress).insert(key.clone()) {
            self.refused.fetch_add(1, Ordering::Relaxed);
            return Ok(None);
        }
        let refused = self.refused.load(Ordering::Relaxed);
        self.begin_remembered();
        let found = self.resolve_export_uncached(path, name).await;
        let reads = self.end_remembered();
        lock(&self.in_progress).remove(&key);
        let found = found?;
        if self.refused.load(Ordering::Relaxed) == refused {
            lock(&self.exports).insert(path, name, (found.keep(), reads));
        }
        Ok(found)
    }

    async fn resolve_export_uncached(&self, path: &str, name: &str) -> Result<Option<Resolved>> {
        let Some(_level) = self.step() else {
            return Ok(None);
        };
        let Some(file) = self.read_file(path).await? else {
            return Ok(None);
        };
        let lookup = file.lookup();
        for &index in lookup.exports(name) {
            let found = match &file.graph.exports[index].target {
                ExportTarget::Definition(id) => Some(Resolved::Definition {
                    file: file.clone(),
                    id: *id,
                }),
                ExportTarget::Reference(id) => Box::pin(self.resolve_reference(&file, *id)).await?,
                ExportTarget::Module { module, name } => {
                    match self.paths.resolve(path, file.language, module) {
                        None => None,
                        Some(module) if name == "*" => Some(Resolved::Module { path: module }),
                        Some(module) => Box::pin(self.resolve_export(&module, name)).await?,
                    }
                }
            };
            if found.is_some() {
                return Ok(found);
            }
        }
        let module_level: &[u32] = match file.language {
            // Every module-level name of a Python module or Rust file can be
            // imported (visibility aside); JS/TS only what it exports.
            Language::Python | Language::Rust => lookup.module_bindings(name),
            _ => lookup.exported(name),
        };
        for &id in module_level {
            let found = Box::pin(self.resolve_node(&file, id)).await?;
            if found.is_some() {
                return Ok(found);
            }
        }
        if name != "default" {
            for star in &file.graph.star_modules {
                let found = self
                    .star_member(path, file.language, &star.module, name)
                    .await?;
                if found.is_some() {
                    return Ok(found);
                }
            }
        }
        let submodule = match file.language {
            Language::Python => self.paths.python_submodule(path, name),
            Language::Rust => self.paths.rust_child_module(path, name),
            // CommonJS: `module.exports = Foo` with `Foo.x = …` exports `x`
            // through Foo (`require('./m').x`).
            _ if name != "default" => {
                return self.member_of_default_export(path, name).await;
            }
            _ => None,
        };
        Ok(submodule.map(|path| Resolved::Module { path }))
    }

    /// Member `name` of what module `path` exports as default, unless that
    /// is the module's own exports (which were searched already).
    async fn member_of_default_export(&self, path: &str, name: &str) -> Result<Option<Resolved>> {
        let Some(default) = Box::pin(self.resolve_export(path, "default")).await? else {
            return Ok(None);
        };
        match Box::pin(self.owner_of(default, false)).await? {
            Some(Owner::Module { path: module }) if module == path => Ok(None),
            Some(owner) => Box::pin(self.member(owner, name, 0)).await,
            None => Ok(None),
        }
    }

    /// Name `name` of what a wildcard import's `module` names: a module
    /// file, or for Rust an inline module or enum (`use self::Kind::*`).
    async fn star_member(
        &self,
        from: &str,
        language: Language,
        module: &str,
        name: &str,
    ) -> Result<Option<Resolved>> {
        if let Some(module) = self.paths.resolve(from, language, module) {
            return Box::pin(self.resolve_export(&module, name)).await;
        }
        if language != Language::Rust {
            return Ok(None);
        }
        match self.rust_star_owner(from, module).await? {
            Some(owner) => Box::pin(self.member(owner, name, 0)).await,
            None => Ok(None),
        }
    }

    /// What the Rust path `module` of a wildcard import in `from` has
    /// members of, when it is not a module file.
    async fn rust_star_owner(&self, from: &str, module: &str) -> Result<Option<Owner>> {
        let remembered = lock(&self.rust_star_owners).get(from, module).cloned();
        if let Some(known) = self.replayed::<Option<Owner>>(remembered).await? {
            return Ok(known);
        }
        let refused = self.refused.load(Ordering::Relaxed);
        self.begin_remembered();
        let found = match Box::pin(self.rust_item_path(from, module)).await {
            Ok(Some(target)) => Box::pin(self.owner_of(target, false)).await,
            other => other.map(|_| None),
        };
        let reads = self.end_remembered();
        let found = found?;
        if self.refused.load(Ordering::Relaxed) == refused {
            lock(&self.rust_star_owners).insert(from, module, (found.keep(), reads));
        }
        Ok(found)
    }

    /// A Rust path written in `from` that goes past module files: the
    /// longest prefix naming a module file, then items inside it (inline
    /// `mod`s, types, enums). A path whose first name is an item of `from`
    /// itself (`Kind::A` with `enum Kind` beside it) starts at `self`.
    async fn rust_item_path(&self, from: &str, path: &str) -> Result<Option<Resolved>> {
        let segments: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
        for split in (1..=segments.len()).rev() {
            let Some(module) =
                self.paths
                    .resolve(from, Language::Rust, &segments[..split].join("::"))
            else {
                continue;
            };
            let mut current = Resolved::Module { path: module };
            for item in &segments[split..] {
                let Some(owner) = Box::pin(self.owner_of(current, false)).await? else {
                    return Ok(None);
                };
                let Some(next) = Box::pin(self.member(owner, item, 0)).await? else {
                    return Ok(None);
                };
                current = next;
            }
            return Ok(Some(current));
        }
        match segments.first() {
            Some(&("crate" | "super" | "self")) | None => Ok(None),
            Some(_) => Box::pin(self.rust_item_path(from, &format!("self::{path}"))).await,
        }
    }

    /// What a member access's receiver has members of.
    async fn receiver_owner(
        &self,
        file: &Arc<FileIndex>,
        at: crate::position::Range,
        receiver: &Receiver,
    ) -> Result<Option<Owner>> {
        match receiver {
            Receiver::SelfType => Ok(file.lookup().owner_around(at).map(|owner| Owner::Type {
                file: file.clone(),
                owner: owner.to_string(),
            })),
            Receiver::SuperType => Ok(file.lookup().owner_around(at).map(|owner| Owner::Bases {
                file: file.clone(),
                owner: owner.to_string(),
            })),
            Receiver::Reference(id) => match Box::pin(self.resolve_reference(file, *id)).await? {
                Some(resolved) => self.owner_of(resolved, true).await,
                // CommonJS `exports.x`: the module's own exports.
                None if self.is_commonjs_exports(file, *id) => Ok(Some(Owner::Module {
                    path: file.path.clone(),
                })),
                None => Ok(None),
            },
            Receiver::Path(path) => {
                if let Some(module) = self.paths.resolve(&file.path, file.language, path) {
                    return Ok(Some(Owner::Module { path: module }));
                }
                if file.language != Language::Rust {
                    return Ok(None);
                }
                // `module::Type::assoc`, `private::Pair`: items of modules.
                match Box::pin(self.rust_item_path(&file.path, path)).await? {
                    Some(resolved) => self.owner_of(resolved, false).await,
                    None => Ok(None),
                }
            }
            Receiver::Instance(id) => match Box::pin(self.resolve_reference(file, *id)).await? {
                // Only a class builds an instance; a function's result is unknown.
                Some(resolved)
                    if resolved
                        .definition()
                        .is_some_and(|(_, d)| is_type_like(d.symbol_kind)) =>
                {
                    self.owner_of(resolved, false).await
                }
                _ => Ok(None),
            },
            Receiver::Unknown => Ok(None),
        }
    }

    fn is_commonjs_exports(&self, file: &FileIndex, id: u32) -> bool {
        matches!(
            file.language,
            Language::JavaScript | Language::TypeScript | Language::Tsx
        ) && matches!(
            file.graph.nodes.get(id as usize),
            Some(Node::Reference(r)) if r.name == "exports" && r.receiver.is_none()
        )
    }

    /// What a resolved receiver has members of: a type itself (static
    /// access), a module, or, when `through_values`, the evident type of a
    /// variable, parameter or field.
    async fn owner_of(&self, resolved: Resolved, through_values: bool) -> Result<Option<Owner>> {
        let (file, definition) = match &resolved {
            Resolved::Module { path } => return Ok(Some(Owner::Module { path: path.clone() })),
            Resolved::Definition { .. } => match resolved.definition() {
                Some((file, d)) => (file.clone(), d.clone()),
                None => return Ok(None),
            },
        };
        if is_type_like(definition.symbol_kind) {
            return Ok(Some(Owner::Type {
                owner: qualified_name(&definition.symbol_id).to_string(),
                file,
            }));
        }
        if definition.symbol_kind == SymbolKind::Module {
            return Ok(Some(self.module_owner(&file, &definition)));
        }
        if definition.self_alias {
            // `var self = this`: the class around the declaration.
            return Ok(file
                .lookup()
                .owner_around(definition.range)
                .map(|owner| Owner::Type {
                    owner: owner.to_string(),
                    file: file.clone(),
                }));
        }
        let qualified = qualified_name(&definition.symbol_id);
        if file.lookup().owns_members(qualified) {
            // An ES5 class (`function Foo() {}` with prototype methods) or
            // any other definition things are attached to (`Foo.x = 1`).
            return Ok(Some(Owner::Type {
                owner: qualified.to_string(),
                file,
            }));
        }
        if definition.name == "default" && definition.symbol_kind == SymbolKind::Variable {
            // `export default { a, b }`: its keys are the module's exports.
            return Ok(Some(Owner::Module {
                path: file.path.clone(),
            }));
        }
        if !through_values {
            return Ok(None);
        }
        // A declared type comes first; else `handlers = { a, run: b }`
        // makes `handlers.run` the `b` it holds.
        if let Some(type_ref) = definition.type_ref {
            if let Some(resolved) = Box::pin(self.resolve_reference(&file, type_ref)).await? {
                if let Some(owner) = Box::pin(self.owner_of(resolved, false)).await? {
                    return Ok(Some(owner));
                }
            }
        }
        let has_keys = file
            .graph
            .values
            .iter()
            .any(|v| v.holder == definition.id && matches!(v.key, SlotKey::Key(_)));
        Ok(has_keys.then(|| Owner::Slots {
            holder: definition.id,
            file,
        }))
    }

    /// A module definition: `mod m;` names a file, `mod m { … }` owns its items.
    fn module_owner(&self, file: &Arc<FileIndex>, module: &Definition) -> Owner {
        let declares_file = module
            .enclosing_range
            .and_then(|range| file.text_of(range).ok())
            .is_some_and(|text| text.trim_end().ends_with(';'));
        if declares_file {
            if let Some(path) = self.paths.rust_child_module(&file.path, &module.name) {
                return Owner::Module { path };
            }
        }
        Owner::Type {
            file: file.clone(),
            owner: qualified_name(&module.symbol_id).to_string(),
        }
    }

    /// Member `name` of `owner`, following base classes.
    async fn member(&self, owner: Owner, name: &str, depth: usize) -> Result<Option<Resolved>> {
        let (file, owner, own_members) = match owner {
            Owner::Module { path } => return Box::pin(self.resolve_export(&path, name)).await,
            Owner::Slots { file, holder } => {
                let key = SlotKey::Key(name.to_string());
                return Box::pin(self.slot_value(&file, holder, &key)).await;
            }
            Owner::Type { file, owner } => (file, owner, true),
            Owner::Bases { file, owner } => (file, owner, false),
        };
        let lookup = file.lookup();
        if let (true, Some(&id)) = (own_members, lookup.members(&owner, name).first()) {
            return Ok(Some(Resolved::Definition { file, id }));
        }
        if depth >= MAX_HIERARCHY_DEPTH {
            return Ok(None);
        }
        if own_members && file.language == Language::Rust {
            if let Some(found) = self.rust_member_elsewhere(&file, &owner, name).await? {
                return Ok(Some(found));
            }
            if let Some(found) = self.rust_trait_default(&file, &owner, name, depth).await? {
                return Ok(Some(found));
            }
        }
        let Some(_level) = self.step() else {
            return Ok(None);
        };
        let Some(class) = lookup.by_qualified_name(&owner) else {
            return Ok(None);
        };
        let Some(Node::Definition(class)) = file.graph.nodes.get(class as usize) else {
            return Ok(None);
        };
        for &base in &class.bases {
            let Some(resolved) = Box::pin(self.resolve_reference(&file, base)).await? else {
                continue;
            };
            let Some(base_owner) = Box::pin(self.owner_of(resolved, false)).await? else {
                continue;
            };
            if let Some(found) = Box::pin(self.member(base_owner, name, depth + 1)).await? {
                return Ok(Some(found));
            }
        }
        Ok(None)
    }

    /// A trait's default method a Rust type gets from an `impl Trait for
    /// Type` in the type's file (`s.twice()` with `fn twice` only in the
    /// trait).
    async fn rust_trait_default(
        &self,
        file: &Arc<FileIndex>,
        owner: &str,
        name: &str,
        depth: usize,
    ) -> Result<Option<Resolved>> {
        let simple = owner.rsplit('.').next().unwrap_or(owner);
        for implementation in &file.graph.implementations {
            let names_type = matches!(
                file.graph.nodes.get(implementation.type_ref as usize),
                Some(Node::Reference(r)) if r.name == simple
            );
            if !names_type {
                continue;
            }
            let Some(_level) = self.step() else {
                return Ok(None);
            };
            let Some(resolved) =
                Box::pin(self.resolve_reference(file, implementation.trait_ref)).await?
            else {
                continue;
            };
            let Some(trait_owner) = Box::pin(self.owner_of(resolved, false)).await? else {
                continue;
            };
            if let Some(found) = Box::pin(self.member(trait_owner, name, depth + 1)).await? {
                return Ok(Some(found));
            }
        }
        Ok(None)
    }

    /// Rust keeps a type and its `impl` blocks apart: a member of `Error`
    /// may sit in the type's file or in any file of the crate whose
    /// `impl Error` names the same type.
    async fn rust_member_elsewhere(
        &self,
        file: &Arc<FileIndex>,
        owner: &str,
        name: &str,
    ) -> Result<Option<Resolved>> {
        let key = (file.path.clone(), owner.to_string(), name.to_string());
        if let Some(known) = self.recall(&self.rust_members, &key).await? {
            return Ok(known);
        }
        let refused = self.refused.load(Ordering::Relaxed);
        self.begin_remembered();
        let found = self.rust_member_search(file, owner, name).await;
        let reads = self.end_remembered();
        let found = found?;
        if self.refused.load(Ordering::Relaxed) == refused {
            lock(&self.rust_members).insert(key, (found.keep(), reads));
        }
        Ok(found)
    }

    async fn rust_member_search(
        &self,
        file: &Arc<FileIndex>,
        owner: &str,
        name: &str,
    ) -> Result<Option<Resolved>> {
        // Impls at a module's top level own members by the plain type name.
        if owner.contains('.') {
            return Ok(None);
        }
        let Some((type_file, type_id)) = self.rust_type_named(file, owner).await? else {
            return Ok(None);
        };
        if type_file.path != file.path {
            if let Some(&id) = type_file.lookup().members(owner, name).first() {
                return Ok(Some(Resolved::Definition {
                    file: type_file,
                    id,
                }));
            }
        }
        let crate_root = self.paths.rust_crate_root(&file.path);
        let candidates = self.search_name(owner).await?;
        for path in candidates.iter().take(RUST_IMPL_CANDIDATES) {
            if *path == file.path
                || *path == type_file.path
                || self.paths.rust_crate_root(path) != crate_root
            {
                continue;
            }
            let Some(other) = self.read_file(path).await? else {
                continue;
            };
            let Some(&id) = other.lookup().members(owner, name).first() else {
                continue;
            };
            // The impl there must be for the same type, not a namesake.
            if let Some((found_file, found_id)) = self.rust_type_named(&other, owner).await? {
                if found_file.path == type_file.path && found_id == type_id {
                    return Ok(Some(Resolved::Definition { file: other, id }));
                }
            }
        }
        Ok(None)
    }

    /// The type definition the plain name `simple` denotes in `file`: its
    /// own, or what a reference to it there resolves to.
    async fn rust_type_named(
        &self,
        file: &Arc<FileIndex>,
        simple: &str,
    ) -> Result<Option<DefinitionAt>> {
        let key = (file.path.clone(), simple.to_string());
        if let Some(known) = self.recall(&self.rust_types, &key).await? {
            return Ok(known);
        }
        let refused = self.refused.load(Ordering::Relaxed);
        self.begin_remembered();
        let found = self.rust_type_search(file, simple).await;
        let reads = self.end_remembered();
        let found = found?;
        if self.refused.load(Ordering::Relaxed) == refused {
            lock(&self.rust_types).insert(key, (found.keep(), reads));
        }
        Ok(found)
    }

    async fn rust_type_search(
        &self,
        file: &Arc<FileIndex>,
        simple: &str,
    ) -> Result<Option<DefinitionAt>> {
        if let Some(id) = file.lookup().by_qualified_name(simple) {
            return Ok(Some((file.clone(), id)));
        }
        let references = file
            .graph
            .references()
            .filter(|r| r.name == simple && r.receiver.is_none())
            .take(3);
        for reference in references {
            let resolved = Box::pin(self.resolve_reference(file, reference.id)).await?;
            if let Some((holder, definition)) = resolved.as_ref().and_then(Resolved::definition) {
                if is_type_like(definition.symbol_kind) {
                    return Ok(Some((holder.clone(), definition.id)));
                }
            }
        }
        Ok(None)
    }

    /// Every reference and import in the project that denotes definition
    /// `id` of `target`, sorted by path and node id.
    pub async fn references_to(
        &self,
        target: &Arc<FileIndex>,
        id: u32,
    ) -> Result<Vec<(Occurrence, OccurrenceSite)>> {
        let Some(Node::Definition(definition)) = target.graph.nodes.get(id as usize) else {
            return Ok(Vec::new());
        };
        // Names the definition goes by: its own, and aliases found on the
        // way (`import { a as b }`, `export { a as b }`). A JS/TS `default`
        // is searched for by the module exporting it: every module has
        // one, and the files importing some `default` are most files.
        let own = (definition.name.to_string(), None);
        let mut names: Vec<(String, Option<String>)> = vec![own.clone()];
        let mut queue: VecDeque<(String, Option<String>)> = VecDeque::from([own]);
        let mut scanned: HashSet<String> = HashSet::new();
        let mut found: HashMap<Occurrence, OccurrenceSite> = HashMap::new();
        // A parameter or local can only be named in its own file.
        let file_local = target.lookup().is_file_local(id);
        let crate_root = (target.language == Language::Rust)
            .then(|| self.paths.rust_crate_root(&target.path))
            .flatten();
        while let Some((name, exporter)) = queue.pop_front() {
            let candidates = if file_local {
                vec![target.path.clone()]
            } else {
                let mut candidates = match &exporter {
                    // The exporter, and the files that may import it.
                    Some(exporter) => {
                        let stems = script_module_stems(exporter);
                        let mut importers = self.files.files_importing(&name, &stems).await?;
                        importers.push(exporter.clone());
                        importers
                    }
                    None => self.search_name(&name).await?,
                };
                candidates.retain(|path| self.may_refer_to(path, target, crate_root.as_deref()));
                candidates
            };
            let unscanned: Vec<String> = candidates
                .into_iter()
                .filter(|path| scanned.insert(format!("{path}\u{0}{name}")))
                .collect();
            // Read a run of candidates at a time (one round trip where the
            // store can), then scan them in order: a scan over hundreds of
            // files is mostly reading them.
            for batch in self.files.read_batches(unscanned).await? {
                for (path, file) in batch.iter().zip(self.read_files(&batch).await?) {
                    let Some(file) = self.took_file(path, file) else {
                        continue;
                    };
                    for alias in self.scan_file(&file, &name, target, id, &mut found).await? {
                        let exporter = (alias == "default"
                            && file.language.shares_modules_with(Language::JavaScript))
                        .then(|| file.path.clone());
                        let alias = (alias, exporter);
                        if !names.contains(&alias) {
                            names.push(alias.clone());
                            queue.push_back(alias);
                        }
                    }
                }
            }
        }
        let mut found: Vec<(Occurrence, OccurrenceSite)> = found.into_iter().collect();
        found.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(found)
    }

    /// Whether the file at `path` can refer to a definition in `target`,
    /// by their languages and, in Rust, their crates (`crate_root` is
    /// `target`'s): a path into another crate of the project resolves to
    /// nothing, as one into crates.io does.
    fn may_refer_to(&self, path: &str, target: &FileIndex, crate_root: Option<&str>) -> bool {
        let Some(language) = Language::from_path(path) else {
            return false;
        };
        if !language.shares_modules_with(target.language) {
            return false;
        }
        match (crate_root, language) {
            (Some(root), Language::Rust) => self
                .paths
                .rust_crate_root(path)
                .is_none_or(|other| other == root),
            _ => true,
        }
    }

    /// Collects the references and imports named `name` in `file` that
    /// denote the target; returns aliases the target has there.
    async fn scan_file(
        &self,
        file: &Arc<FileIndex>,
        name: &str,
        target: &Arc<FileIndex>,
        id: u32,
        found: &mut HashMap<Occurrence, OccurrenceSite>,
    ) -> Result<Vec<String>> {
        let mut aliases = Vec::new();
        let mut local_names: Vec<String> = vec![name.to_string()];
        let mut index = 0;
        while index < local_names.len() {
            let current = local_names[index].clone();
            index += 1;
            for node in &file.graph.nodes {
                let (node_id, is_import, node_name, source_name, range) = match node {
                    Node::Reference(r) => (r.id, false, r.name.as_str(), None, r.range),
                    Node::Import(i) => (
                        i.id,
                        true,
                        i.name.as_str(),
                        i.source_name.as_deref(),
                        i.range,
                    ),
                    _ => continue,
                };
                if node_name != current && source_name != Some(current.as_str()) {
                    continue;
                }
                let occurrence = Occurrence {
                    path: file.path.clone(),
                    id: node_id,
                };
                if found.contains_key(&occurrence) {
                    continue;
                }
                // Each occurrence gets a fresh budget: one query per reference.
                self.steps.store(0, Ordering::Relaxed);
                let resolved = if is_import {
                    self.resolve_import(file, node_id).await?
                } else {
                    self.resolve_reference(file, node_id).await?
                };
                if resolved.is_some_and(|r| r.same_definition(&target.path, id)) {
                    let site = OccurrenceSite {
                        name: node_name.to_string(),
                        range,
                    };
                    found.insert(occurrence, site);
                    if is_import
                        && node_name != current
                        && !local_names.iter().any(|n| n == node_name)
                    {
                        local_names.push(node_name.to_string());
                    }
                }
            }
            // Re-exports under another name reach files that never mention this one.
            for export in &file.graph.exports {
                if export.name != current && !aliases.contains(&export.name) {
                    let denotes_target = match &export.target {
                        ExportTarget::Reference(r) => found.contains_key(&Occurrence {
                            path: file.path.clone(),
                            id: *r,
                        }),
                        ExportTarget::Module { name: source, .. } => source == &current,
                        ExportTarget::Definition(d) => file.path == target.path && *d == id,
                    };
                    if denotes_target {
                        aliases.push(export.name.clone());
                    }
                }
            }
        }
        Ok(aliases)
    }
}
