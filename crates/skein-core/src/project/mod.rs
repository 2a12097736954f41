//! A project: the files Skein knows, their indexes in storage, and queries.
//!
//! Every mutation parses off the async threads, then commits through the
//! storage provider with the protocol in [`commit`]; queries read indexes
//! back through a bounded cache. Two `Project`s over the same storage and
//! namespace see the same files.
//!
//! ```
//! use skein_core::project::{Project, ProjectOptions};
//! use skein_core::storage::MemoryStorage;
//! use std::sync::Arc;
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! let storage = Arc::new(MemoryStorage::new());
//! let first = Project::new(storage.clone(), ProjectOptions::default());
//! first.add_or_update_file("lib.rs", "pub fn answer() -> u32 { 42 }").await.unwrap();
//! let second = Project::open(storage, ProjectOptions::default()).await.unwrap();
//! assert_eq!(second.get_file_paths().await.unwrap(), ["lib.rs"]);
//! # });
//! ```

mod analysis_batch;
mod analysis_pool;
mod cache;
mod call_graph;
mod call_graph_files;
mod calls;
pub mod commit;
pub mod directory;
mod edit;
mod file_calls;
pub mod file_index;
mod folder_walk;
mod graph_numbering;
mod heap_trim;
mod hierarchy;
mod index_directory;
mod last_graph;
mod navigation;
mod store_group;
mod trees;

pub use call_graph::{CallGraph, CallGraphEdge, CallGraphNode, CallGraphOptions};
pub use calls::FunctionCall;
pub use graph_numbering::{GraphNumbering, SharedCallGraph, NO_SLOT};
pub use hierarchy::{Base, ClassRelationship, Located};
pub use navigation::{ImportedDefinition, ReferenceSite};

pub use file_index::FileIndex;

/// A file's counts, as [`Project::file_stats`] lists them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileStats {
    /// The file's path.
    pub path: String,
    /// How many definitions it has.
    pub definitions: u32,
    /// How many references it has.
    pub references: u32,
}
pub use folder_walk::{FolderFilter, DEFAULT_MAX_FILE_BYTES};
pub use index_directory::{chunk_sizes, FailedFile, IndexProgress, IndexSummary};

use crate::error::{Error, ErrorKind, Result};
use crate::lang::Language;
use crate::position::{Point, Range};
use crate::resolve::NameFilter;
use crate::scope_graph::{self, Definition, Node};
use crate::storage::keys::{bucket_index, KeySpace};
use crate::storage::{envelope, tag, Storage};
use cache::IndexCache;
use commit::{CommitError, SlotRef};
use directory::{Directory, FileEntry};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::{Mutex as AsyncMutex, RwLock};

/// A file's index, with the `value_hash` it was read for when known.
type ReadIndex = (Arc<FileIndex>, Option<[u8; 32]>);

/// Options of a [`Project`].
#[derive(Clone, Debug)]
pub struct ProjectOptions {
    /// Key prefix, so several projects can share one store. Default `skein`.
    pub namespace: String,
    /// Bound on decoded per-file state kept in memory. `None`: 16 MiB
    /// ([`CACHE_BYTES`]), or 256 MiB ([`IN_PROCESS_CACHE_BYTES`]) over a
    /// store that holds every value in this process anyway
    /// ([`crate::storage::Capabilities::in_process`]).
    pub cache_bytes: Option<usize>,
    /// Bound on the call graph's state, apart from `cache_bytes`: each
    /// file's resolved calls kept between graphs take at most this much, and
    /// so do the decoded files it resolves against (`call_graph_files`).
    /// The last graph is kept for the next to update (`last_graph`) only if
    /// it fits with its calls. Default 256 MiB. Nothing is held until a
    /// call graph is asked for.
    pub call_graph_bytes: usize,
}

/// The decoded-file cache's default bound over a store outside the process:
/// small, so that memory stays flat as the project grows (a miss costs a
/// read and a decode; docs/storage.md has the measured trade).
pub const CACHE_BYTES: usize = 16 << 20;

/// The default bound over a store that holds every value in this process:
/// memory grows with the project there anyway, and a larger cache spares
/// the call graph and queries decoding.
pub const IN_PROCESS_CACHE_BYTES: usize = 256 << 20;

impl Default for ProjectOptions {
    fn default() -> Self {
        ProjectOptions {
            namespace: "skein".to_string(),
            cache_bytes: None,
            call_graph_bytes: 256 << 20,
        }
    }
}

/// Parses and analyzes a file on an analysis thread (one per core, see
/// `analysis_pool`); returns the index, ready to store, and, with
/// `keep_tree`, the tree for incremental re-parsing (otherwise it is freed
/// on the analysis thread: freeing a tree costs a good part of parsing it).
async fn analyze(
    path: &str,
    language: Language,
    source: String,
    old_tree: Option<tree_sitter::Tree>,
    keep_tree: bool,
) -> Result<(SealedIndex, Option<tree_sitter::Tree>)> {
    let owned_path = path.to_string();
    analysis_pool::run(source.len(), move || {
        analyze_now(owned_path, language, source, None, old_tree, keep_tree)
    })
    .await
    .map_err(|e| analysis_failed(path, e))?
}

/// The work of [`analyze`], on the thread that calls it. `content_hash`,
/// when known, is the source's (`file_index::content_hash`). `path` is
/// kept as the sealed index's: the thread that made it frees it.
fn analyze_now(
    path: String,
    language: Language,
    source: String,
    content_hash: Option<[u8; 32]>,
    old_tree: Option<tree_sitter::Tree>,
    keep_tree: bool,
) -> Result<(SealedIndex, Option<tree_sitter::Tree>)> {
    let tree =
        scope_graph::parse(language, &source, old_tree.as_ref()).map_err(|e| e.with_path(&path))?;
    let graph = scope_graph::build_from_tree(&path, language, &source, &tree);
    let content_hash = content_hash.unwrap_or_else(|| file_index::content_hash(&source));
    let index = FileIndex::from_hashed_graph(&path, language, source, content_hash, graph);
    // The tree is freed after the value is encoded, not before: its
    // thousands of small blocks, freed first, were merged by glibc's
    // malloc when the encoding buffer was allocated (1.4% of the parse's
    // instructions); freed last, the next file's parse reuses them as they
    // are, as the parse floor does.
    let sealed = SealedIndex::new(index, path);
    Ok((sealed, keep_tree.then_some(tree)))
}

/// A file's index from its stored value, checked against the directory
/// entry's `value_hash` first: a stale or foreign value in the slot is
/// never taken for the entry's.
fn decode_entry(key: &str, value_hash: &[u8; 32], bytes: &[u8]) -> Result<FileIndex> {
    if envelope::identity(bytes) != *value_hash {
        return Err(Error::new(
            ErrorKind::Corrupt,
            "index does not match its directory entry (written by another update or corrupted)",
        )
        .with_key(key));
    }
    let mut index: FileIndex = envelope::open(key, bytes)?;
    // serde preallocates at most 1 MiB of a list and grows the rest by
    // doubling, so a large file's lists may hold spare capacity, kept for
    // as long as the index is cached. A no-op when there is none.
    index.graph.nodes.shrink_to_fit();
    index.graph.edges.shrink_to_fit();
    Ok(index)
}

/// The error of an analysis that panicked or found no thread to run on.
fn analysis_failed(path: &str, reason: String) -> Error {
    Error::new(
        ErrorKind::Internal,
        format!("analysis task failed: {reason}"),
    )
    .with_path(path)
}

/// A file's index with what storing it takes: its stored value, that
/// value's hash, the name filter and the directory entry's counts. Made
/// where the file is analyzed, so that the work runs in parallel rather
/// than under the write lock.
struct SealedIndex {
    path: String,
    content_hash: [u8; 32],
    /// The decoded index, for the cache; `None` once `drop_index` ran.
    index: Option<FileIndex>,
    value: Vec<u8>,
    value_hash: [u8; 32],
    names: NameFilter,
    definitions: u32,
    references: u32,
}

impl SealedIndex {
    /// Seals `index` of the file `path` (its own path, passed apart so that
    /// a batch's commit frees a string the batch made: freeing another
    /// thread's block takes that thread's allocator lock, which its
    /// analysis is using).
    fn new(index: FileIndex, path: String) -> SealedIndex {
        debug_assert_eq!(index.path, path);
        // Stored indexes run at about 2.7 times their source.
        let value = envelope::seal_with_capacity(&index, index.source.len() * 3);
        let (definitions, references) =
            index
                .graph
                .nodes
                .iter()
                .fold((0, 0), |(d, r), node| match node {
                    Node::Definition(_) => (d + 1, r),
                    Node::Reference(_) => (d, r + 1),
                    _ => (d, r),
                });
        SealedIndex {
            path,
            content_hash: index.content_hash,
            value_hash: envelope::identity(&value),
            names: index.name_filter(),
            value,
            index: Some(index),
            definitions,
            references,
        }
    }

    /// Whether the file's entry `old` already stands for this index: the
    /// same source, analyzed by this analyzer version, and from a folder if
    /// this one is. Then storing it writes nothing.
    fn stands_for(&self, old: Option<&FileEntry>, from_folder: bool) -> bool {
        old.is_some_and(|old| {
            old.content_hash == self.content_hash
                && old.analyzer_version == file_index::ANALYZER_VERSION
                && (old.from_folder || !from_folder)
        })
    }

    /// The directory entry this index gets over the file's entry `old`,
    /// with `names` (this index's filter) as its name filter. It points to
    /// the slot `old` does not use.
    fn entry_over(
        &self,
        old: Option<&FileEntry>,
        from_folder: bool,
        names: NameFilter,
    ) -> FileEntry {
        FileEntry {
            content_hash: self.content_hash,
            analyzer_version: file_index::ANALYZER_VERSION,
            slot: old.map_or('a', |e| commit::other_slot(e.slot)),
            value_hash: self.value_hash,
            names,
            definitions: self.definitions,
            references: self.references,
            from_folder: from_folder || old.is_some_and(|old| old.from_folder),
        }
    }

    /// Frees the decoded index, for a file the cache will not keep
    /// (`index_directory`'s), on the analysis thread that built it. Freed
    /// by the commit instead, its blocks went back to that thread's
    /// allocator arena from another core, while the thread allocated
    /// there: a third of a folder run's futex calls.
    fn drop_index(mut self) -> SealedIndex {
        self.index = None;
        self
    }
}

/// The files of a project and their analysis, kept in a [`Storage`].
pub struct Project {
    storage: Arc<dyn Storage>,
    keys: KeySpace,
    /// `None` until loaded, and again after a commit whose outcome is unknown.
    directory: RwLock<Option<Directory>>,
    /// Serializes mutations, so overlapping calls equal some sequential order.
    write_lock: AsyncMutex<()>,
    cache: Mutex<IndexCache>,
    /// Old slots whose delete failed after a commit; retried on the next write.
    pending_deletes: Mutex<Vec<SlotRef>>,
    closed: std::sync::atomic::AtomicBool,
    /// The paths indexed for module resolution; dropped when a file is
    /// added or removed (updates keep the set of paths).
    path_index: Mutex<Option<Arc<crate::resolve::PathIndex>>>,
    /// Recently parsed trees, for incremental re-parsing of edits.
    trees: Mutex<trees::TreeCache>,
    /// Each file's resolved calls, kept for the next call graph.
    call_cache: Mutex<file_calls::CallCache>,
    /// Decoded files the call graph resolved against, kept for the next
    /// (`call_graph_files`).
    call_files: Mutex<IndexCache>,
    /// The last call graph and the calls it was made from (`last_graph`).
    kept_graph: Mutex<last_graph::KeptGraph>,
    /// Bumped whenever the set of paths may have changed (a file added or
    /// removed, the directory re-read): resolved calls depend on it.
    path_generation: AtomicU64,
    /// Bumped whenever some file's names may have changed.
    names_generation: AtomicU64,
    /// `ProjectOptions::call_graph_bytes`: bounds the snapshot a parallel
    /// call graph reads, as it bounds `call_cache` and `call_files`.
    call_graph_bytes: usize,
    /// Decoded bytes between heap trims, from `cache_bytes` (`heap_trim`).
    trim_every: usize,
}

impl Project {
    /// A project over `storage`; what it already holds is loaded on first use.
    /// Values bound for a store outside the process are compressed
    /// ([`crate::storage::compressed`]).
    pub fn new(storage: Arc<dyn Storage>, options: ProjectOptions) -> Project {
        let in_process = storage.capabilities().in_process;
        let cache_bytes = options.cache_bytes.unwrap_or(if in_process {
            IN_PROCESS_CACHE_BYTES
        } else {
            CACHE_BYTES
        });
        let storage: Arc<dyn Storage> = if in_process {
            storage
        } else {
            Arc::new(crate::storage::Compressed::new(storage))
        };
        Project {
            storage,
            keys: KeySpace::new(&options.namespace),
            directory: RwLock::new(None),
            write_lock: AsyncMutex::new(()),
            cache: Mutex::new(IndexCache::new(cache_bytes)),
            pending_deletes: Mutex::new(Vec::new()),
            closed: std::sync::atomic::AtomicBool::new(false),
            path_index: Mutex::new(None),
            trees: Mutex::new(trees::TreeCache::new(trees::TREE_CACHE_FILES)),
            call_cache: Mutex::new(file_calls::CallCache::new(options.call_graph_bytes)),
            call_files: Mutex::new(IndexCache::new(options.call_graph_bytes)),
            kept_graph: Mutex::new(last_graph::KeptGraph::default()),
            path_generation: AtomicU64::new(0),
            names_generation: AtomicU64::new(0),
            call_graph_bytes: options.call_graph_bytes,
            trim_every: heap_trim::trim_every(cache_bytes),
        }
    }

    /// A project over `storage`, with its directory loaded now: fails if what
    /// is stored cannot be read.
    pub async fn open(storage: Arc<dyn Storage>, options: ProjectOptions) -> Result<Project> {
        let project = Project::new(storage, options);
        project.with_directory(|_| ()).await?;
        Ok(project)
    }

    /// The storage this project writes to (through [`crate::storage::Compressed`]
    /// unless it is in the process).
    pub fn storage(&self) -> &Arc<dyn Storage> {
        &self.storage
    }

    /// Adds or replaces a file. Unchanged content writes nothing.
    pub async fn add_or_update_file(&self, path: &str, source: &str) -> Result<()> {
        self.check_open()?;
        let language = Language::for_path(path)?;
        let (index, _) = analyze(path, language, source.to_string(), None, false).await?;
        // An edit replaces whatever tree was cached for the file.
        self.trees_mut().remove(path);
        let _guard = self.write_lock.lock().await;
        self.store_locked(index, false).await.map(|_| ())
    }

    /// Adds or replaces many files, each as [`add_or_update_file`] would:
    /// files are analyzed on every core, largest first, while those already
    /// analyzed are committed, one file at a time, so a file that fails (bad extension,
    /// storage error) leaves the others. Returns, for each file in the
    /// order given, whether anything was written.
    ///
    /// Unlike that many calls of `add_or_update_file` at once, finished
    /// analyses gather in one queue that this call's task drains, taking
    /// the write lock once for all files ready at that moment: no task per
    /// file, and no caller, is woken as each file finishes, hand-offs that
    /// on a busy machine cost about as much as storing the file.
    ///
    /// [`add_or_update_file`]: Self::add_or_update_file
    pub async fn add_or_update_files(&self, files: Vec<(String, String)>) -> Vec<Result<bool>> {
        self.add_or_update_files_from(files, false).await
    }

    /// [`add_or_update_files`](Self::add_or_update_files), marking the
    /// files as from a folder when `from_folder`.
    async fn add_or_update_files_from(
        &self,
        files: Vec<(String, String)>,
        from_folder: bool,
    ) -> Vec<Result<bool>> {
        let mut results: Vec<Option<Result<bool>>> = (0..files.len()).map(|_| None).collect();
        let mut batch = analysis_batch::AnalysisBatch::new(self, from_folder);
        let files = files
            .into_iter()
            .map(|(path, source)| analysis_batch::QueuedFile {
                path,
                source,
                content_hash: None,
            })
            .collect();
        let mut done = batch.queue(files);
        loop {
            for (i, _, result) in done {
                results[i] = Some(result);
            }
            if batch.is_done() {
                break;
            }
            done = batch.next_done().await;
        }
        results
            .into_iter()
            .map(|result| {
                result.unwrap_or_else(|| {
                    Err(Error::new(
                        ErrorKind::Internal,
                        "an analysis never reported back",
                    ))
                })
            })
            .collect()
    }

    /// Replaces the text from `start` to `old_end` (UTF-16 points of the
    /// current source) with `new_text`, re-parsing incrementally when the
    /// file's tree is still cached.
    pub async fn update_file_range(
        &self,
        path: &str,
        start: Point,
        old_end: Point,
        new_text: &str,
    ) -> Result<()> {
        let _guard = self.write_lock.lock().await;
        self.check_open()?;
        let language = Language::for_path(path)?;
        let old = self.file_index(path).await?.ok_or_else(|| {
            Error::new(ErrorKind::InvalidInput, "no such file in the project").with_path(path)
        })?;
        let edit = edit::TextEdit::new(&old.source, start, old_end, new_text)
            .map_err(|e| e.with_path(path))?;
        let old_tree = self.trees_mut().take(path, &old.content_hash);
        let old_tree = old_tree.map(|mut tree| {
            tree.edit(&edit.input_edit);
            tree
        });
        let (index, tree) = analyze(path, language, edit.new_source, old_tree, true).await?;
        let hash = index.content_hash;
        self.store_locked(index, false).await?;
        if let Some(tree) = tree {
            self.trees_mut().insert(path, hash, tree);
        }
        Ok(())
    }

    /// Stores an already analyzed file; returns whether anything was written.
    pub async fn store_index(&self, index: FileIndex) -> Result<bool> {
        let path = index.path.clone();
        let index = SealedIndex::new(index, path);
        let _guard = self.write_lock.lock().await;
        self.store_locked(index, false).await
    }

    /// [`store_index`](Self::store_index) with the write lock held.
    /// `from_folder`: the file comes from `index_directory`, which may
    /// remove it later (a file once from a folder stays so).
    async fn store_locked(&self, mut sealed: SealedIndex, from_folder: bool) -> Result<bool> {
        self.check_open()?;
        self.retry_pending_deletes().await;
        self.refresh_bucket(&sealed.path).await?;
        let old = self
            .with_directory(|d| d.get(&sealed.path).cloned())
            .await?;
        if sealed.stands_for(old.as_ref(), from_folder) {
            return Ok(false);
        }
        // The directory keeps the filter the analysis made, not a copy:
        // freed here, it would take the analysis thread's allocator lock.
        let names = std::mem::take(&mut sealed.names);
        let entry = sealed.entry_over(old.as_ref(), from_folder, names);
        let SealedIndex {
            path, index, value, ..
        } = sealed;
        let stored_bytes = value.len();
        let number = bucket_index(&path);
        // The change takes the entry itself (and its filter) into the
        // directory; what follows the commit looks at a copy.
        let (entry, stored_entry) = (entry.clone(), entry);
        let ((bucket_value, change), root) = self
            .with_directory(|d| {
                (
                    d.seal_change(number, vec![(path.clone(), Some(stored_entry))]),
                    d.root_marking(&path),
                )
            })
            .await?;
        // A bucket the change sets an entry in is not empty: it has a value.
        let bucket_value = bucket_value.unwrap_or_default();
        self.forget_pending(&path, entry.slot);
        let outcome = commit::commit_update(
            self.storage.as_ref(),
            &self.keys,
            commit::Update {
                path: &path,
                old: old.as_ref(),
                new_slot: entry.slot,
                value,
                bucket_value,
                root: root.as_ref(),
            },
        )
        .await;
        let failed_deletes = match self.settle(&path, outcome, change, root).await {
            Ok(failed) => failed,
            Err(err) => {
                self.queue_both_slots([path.as_str()]);
                return Err(err);
            }
        };
        self.pending_deletes
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend(failed_deletes);
        self.after_commit(
            &path,
            old.as_ref(),
            &entry,
            index,
            stored_bytes,
            from_folder,
        );
        Ok(true)
    }

    /// What follows a file's commit: the path list and name lookups are
    /// built again if it is new or its names changed, and its decoded index
    /// is cached, unless it comes from a folder run: a run over thousands
    /// of files would evict the files in use for ones nobody asked for,
    /// and hold the cache full as the folder grows.
    fn after_commit(
        &self,
        path: &str,
        old: Option<&FileEntry>,
        entry: &FileEntry,
        index: Option<FileIndex>,
        stored_bytes: usize,
        from_folder: bool,
    ) {
        if old.is_none() {
            self.forget_path_index();
        }
        if old.is_none_or(|old| old.names != entry.names) {
            self.names_generation.fetch_add(1, Ordering::SeqCst);
        }
        match index {
            Some(index) if !from_folder => {
                self.cache_mut()
                    .insert(Arc::new(index), entry.value_hash, stored_bytes);
            }
            _ => self.cache_mut().remove(path),
        }
        self.call_files_mut().remove(path);
    }

    /// Removes a file; an unknown path does nothing.
    pub async fn remove_file(&self, path: &str) -> Result<()> {
        let _guard = self.write_lock.lock().await;
        self.check_open()?;
        self.retry_pending_deletes().await;
        self.refresh_bucket(path).await?;
        if self.with_directory(|d| d.get(path).is_none()).await? {
            return Ok(());
        }
        let removal = vec![(path.to_string(), None)];
        let (bucket_value, change) = self
            .with_directory(|d| d.seal_change(bucket_index(path), removal))
            .await?;
        let outcome =
            commit::commit_removal(self.storage.as_ref(), &self.keys, path, bucket_value).await;
        let failed_deletes = self.settle(path, outcome, change, None).await?;
        self.pending_deletes
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend(failed_deletes);
        self.cache_mut().remove(path);
        self.trees_mut().remove(path);
        self.call_cache_mut().remove(path);
        self.call_files_mut().remove(path);
        self.forget_path_index();
        self.names_generation.fetch_add(1, Ordering::SeqCst);
        Ok(())
    }

    /// Every file path, sorted.
    pub async fn get_file_paths(&self) -> Result<Vec<String>> {
        self.check_open()?;
        self.with_directory(|d| d.paths()).await
    }

    /// Number of files.
    pub async fn file_count(&self) -> Result<usize> {
        self.check_open()?;
        self.with_directory(|d| d.len()).await
    }

    /// Every file with its definition and reference counts, sorted by
    /// path, from the directory alone: no file is read.
    pub async fn file_stats(&self) -> Result<Vec<FileStats>> {
        self.check_open()?;
        self.with_directory(|d| {
            let mut stats: Vec<FileStats> = d
                .entries()
                .map(|(path, entry)| FileStats {
                    path: path.clone(),
                    definitions: entry.definitions,
                    references: entry.references,
                })
                .collect();
            stats.sort_by(|a, b| a.path.cmp(&b.path));
            stats
        })
        .await
    }

    /// The index of `path`, or `None` if the project has no such file.
    pub async fn file_index(&self, path: &str) -> Result<Option<Arc<FileIndex>>> {
        self.check_open()?;
        let Some(entry) = self.with_directory(|d| d.get(path).cloned()).await? else {
            return Ok(None);
        };
        match self.read_entry(path, &entry).await {
            Err(err) if err.kind() == ErrorKind::Corrupt => {
                // The entry may be stale: an update in flight (or another
                // project on the same storage) moved the file. Re-read the
                // directory; report corruption only if the file did not move.
                *self.directory.write().await = None;
                match self.with_directory(|d| d.get(path).cloned()).await? {
                    None => Ok(None),
                    Some(now) if now != entry => self.read_entry(path, &now).await.map(Some),
                    Some(_) => Err(err),
                }
            }
            other => other.map(Some),
        }
    }

    /// The indexes of `paths`, in order (`None` for a path the project does
    /// not have), each with the `value_hash` it was read for when known:
    /// cached ones as they are, the others read from storage and decoded,
    /// on every core if `on_every_core`. A store with a native `get_many`
    /// is asked once for all of them; another is read a key at a time, each
    /// decode starting as its value arrives. A file that does not
    /// decode that way (moved by another update, damaged, or its read
    /// failed) goes through [`file_index`], which tells those apart.
    ///
    /// [`file_index`]: Self::file_index
    pub(super) async fn file_indexes(
        &self,
        paths: &[String],
        on_every_core: bool,
    ) -> Result<Vec<Option<ReadIndex>>> {
        self.check_open()?;
        let entries: Vec<Option<FileEntry>> = self
            .with_directory(|d| paths.iter().map(|p| d.get(p).cloned()).collect())
            .await?;
        let mut out: Vec<Option<ReadIndex>> = vec![None; paths.len()];
        // (position, key, entry) of each file not in the cache.
        let mut to_read = Vec::new();
        for (i, entry) in entries.into_iter().enumerate() {
            let Some(entry) = entry else { continue };
            let path = &paths[i];
            if let Some(index) = self.cache_mut().get(path, &entry.value_hash) {
                out[i] = Some((index, Some(entry.value_hash)));
                continue;
            }
            to_read.push((i, self.keys.file(path, entry.slot), entry));
        }
        let (sender, mut receiver) = tokio::sync::mpsc::unbounded_channel();
        let decode = |(i, key, entry): (usize, String, FileEntry), bytes: Vec<u8>| {
            let work = move || {
                let decoded = decode_entry(&key, &entry.value_hash, &bytes).ok();
                (decoded, entry.value_hash, bytes.len())
            };
            let sender = sender.clone();
            if on_every_core {
                // Decoding parses no source: nothing counts against the budget.
                analysis_pool::submit(0, work, move |outcome| drop(sender.send((i, outcome))));
            } else {
                drop(sender.send((i, Ok(work()))));
            }
        };
        let mut decoding = 0;
        // Missing or unreadable values are left out: each file's own read,
        // below, says why.
        if to_read.len() > 1 && self.storage.capabilities().get_many {
            let keys: Vec<String> = to_read.iter().map(|(_, key, _)| key.clone()).collect();
            let values = self.storage.get_many(&keys).await.unwrap_or_default();
            for (read, bytes) in to_read.into_iter().zip(values) {
                if let Some(bytes) = bytes {
                    decode(read, bytes);
                    decoding += 1;
                }
            }
        } else {
            for read in to_read {
                if let Ok(Some(bytes)) = self.storage.get(&read.1).await {
                    decode(read, bytes);
                    decoding += 1;
                }
            }
        }
        drop(sender);
        for _ in 0..decoding {
            let Some((i, outcome)) = receiver.recv().await else {
                break;
            };
            if let Ok((Some(index), value_hash, stored_bytes)) = outcome {
                self.count_decoded(stored_bytes);
                let index = Arc::new(index);
                self.cache_mut()
                    .insert_read(index.clone(), value_hash, stored_bytes);
                out[i] = Some((index, Some(value_hash)));
            }
        }
        // Whatever did not come through here takes the careful path.
        for (i, path) in paths.iter().enumerate() {
            if out[i].is_none() {
                out[i] = self.file_index(path).await?.map(|index| (index, None));
            }
        }
        Ok(out)
    }

    /// Reads (or takes from the cache) the index an entry points to.
    async fn read_entry(&self, path: &str, entry: &FileEntry) -> Result<Arc<FileIndex>> {
        if let Some(index) = self.cache_mut().get(path, &entry.value_hash) {
            return Ok(index);
        }
        let key = self.keys.file(path, entry.slot);
        let bytes = self
            .storage
            .get(&key)
            .await
            .map_err(|e| tag(e, "get", Some(&key)))?
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::Corrupt,
                    "index is missing though the directory lists the file",
                )
                .with_key(&key)
            })?;
        let index =
            Arc::new(decode_entry(&key, &entry.value_hash, &bytes).map_err(|e| e.with_path(path))?);
        self.count_decoded(bytes.len());
        self.cache_mut()
            .insert_read(index.clone(), entry.value_hash, bytes.len());
        Ok(index)
    }

    /// Every definition in `path`, in source order; `[]` for an unknown path.
    pub async fn get_definitions(&self, path: &str) -> Result<Vec<Definition>> {
        Ok(self
            .file_index(path)
            .await?
            .map(|index| index.graph.definitions().cloned().collect())
            .unwrap_or_default())
    }

    /// The functions, methods and constructors in `path`, in source order;
    /// `[]` for an unknown path.
    pub async fn get_functions_in_file(&self, path: &str) -> Result<Vec<Definition>> {
        let mut definitions = self.get_definitions(path).await?;
        definitions.retain(|d| d.symbol_kind.is_callable());
        Ok(definitions)
    }

    /// The text of `range` in `path`.
    pub async fn get_source_code(&self, path: &str, range: Range) -> Result<String> {
        let index = self.file_index(path).await?.ok_or_else(|| {
            Error::new(ErrorKind::InvalidInput, "no such file in the project").with_path(path)
        })?;
        index.text_of(range).map(str::to_string)
    }

    /// Waits for pending writes, retries failed clean-ups once and drops the
    /// cache. Later calls fail with [`ErrorKind::Closed`]. The storage is not closed.
    pub async fn close(&self) -> Result<()> {
        let _guard = self.write_lock.lock().await;
        if self.closed.swap(true, std::sync::atomic::Ordering::SeqCst) {
            return Ok(());
        }
        self.retry_pending_deletes().await;
        self.cache_mut().clear();
        self.trees_mut().clear();
        self.call_cache_mut().clear();
        self.call_files_mut().clear();
        self.kept_graph
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
        *self.directory.write().await = None;
        Ok(())
    }

    /// Estimated bytes of decoded indexes held in memory.
    pub fn cached_bytes(&self) -> usize {
        self.cache_mut().used_bytes()
    }

    fn check_open(&self) -> Result<()> {
        if self.closed.load(std::sync::atomic::Ordering::SeqCst) {
            return Err(Error::new(ErrorKind::Closed, "project is closed"));
        }
        Ok(())
    }

    fn trees_mut(&self) -> std::sync::MutexGuard<'_, trees::TreeCache> {
        // Trees are only a speed-up; a poisoned cache is still usable.
        self.trees.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn forget_path_index(&self) {
        *self.path_index.lock().unwrap_or_else(|e| e.into_inner()) = None;
        self.path_generation.fetch_add(1, Ordering::SeqCst);
    }

    /// Counts a decoded index of `stored_bytes` towards the next heap trim
    /// (`heap_trim`), at the cache's estimate of it without its source.
    fn count_decoded(&self, stored_bytes: usize) {
        heap_trim::count_decoded(stored_bytes * 3, self.trim_every);
    }

    fn call_files_mut(&self) -> std::sync::MutexGuard<'_, IndexCache> {
        // The cache holds no invariant a panic could break mid-update.
        self.call_files.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn call_cache_mut(&self) -> std::sync::MutexGuard<'_, file_calls::CallCache> {
        // Kept calls are checked before each use; a poisoned cache is still usable.
        self.call_cache.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn cache_mut(&self) -> std::sync::MutexGuard<'_, IndexCache> {
        // The cache is rebuilt from storage on any miss; a poisoned one is still consistent.
        self.cache.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Runs `f` on the directory, loading it first if needed.
    async fn with_directory<T>(&self, f: impl FnOnce(&Directory) -> T) -> Result<T> {
        {
            let guard = self.directory.read().await;
            if let Some(directory) = guard.as_ref() {
                return Ok(f(directory));
            }
        }
        let mut guard = self.directory.write().await;
        if guard.is_none() {
            *guard = Some(Directory::load(self.storage.as_ref(), &self.keys).await?);
            // Another project on the storage may have added or removed
            // files, or changed their names.
            self.forget_path_index();
            self.names_generation.fetch_add(1, Ordering::SeqCst);
        }
        Ok(f(guard.as_ref().expect("loaded above")))
    }

    /// Re-reads `path`'s bucket (and the root, if it does not mark that
    /// bucket yet) before an update: another project on the same store, in
    /// this process or another, may have written them since they were
    /// loaded. Choosing the new slot from a stale entry could delete the
    /// slot the other's entry points to, and writing the bucket back from a
    /// stale copy would undo the other's changes to its files.
    /// Read without the directory locked, so queries go on meanwhile; the
    /// caller holds the write lock, so nothing else changes the bucket.
    async fn refresh_bucket(&self, path: &str) -> Result<()> {
        let (marked, known) = self
            .with_directory(|d| (d.marks_bucket_of(path), d.identity_of(path)))
            .await?;
        let (root, bucket) =
            Directory::read_bucket_of(self.storage.as_ref(), &self.keys, path, marked, known)
                .await?;
        let changed = self
            .directory
            .write()
            .await
            .as_mut()
            .is_some_and(|directory| directory.refresh(path, root, bucket));
        if changed {
            self.forget_path_index();
            self.names_generation.fetch_add(1, Ordering::SeqCst);
        }
        Ok(())
    }

    /// Applies a commit's outcome to the in-memory directory.
    async fn settle(
        &self,
        path: &str,
        outcome: Result<Vec<SlotRef>, CommitError>,
        change: directory::BucketChange,
        root: Option<directory::RootMap>,
    ) -> Result<Vec<SlotRef>> {
        match outcome {
            Ok(failed) => {
                self.take_in_committed(vec![change], root).await;
                Ok(failed)
            }
            Err(CommitError::Before(err)) => {
                // The root may have been marked already; re-reading is cheap and exact.
                if root.is_some() {
                    *self.directory.write().await = None;
                }
                Err(err.with_path(path))
            }
            Err(CommitError::Uncertain(err)) => {
                // Whether the bucket landed is unknown: re-read it next time.
                *self.directory.write().await = None;
                self.cache_mut().remove(path);
                Err(err.with_path(path))
            }
        }
    }

    /// Queues both slots of each of `paths` for deletion: after a failed
    /// commit either may hold a value nothing points to (and, if a bucket
    /// landed unseen, the old one); the retry deletes only what the
    /// directory does not reference.
    fn queue_both_slots<'p>(&self, paths: impl IntoIterator<Item = &'p str>) {
        let mut pending = self
            .pending_deletes
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        for path in paths {
            pending.extend([(path.to_string(), 'a'), (path.to_string(), 'b')]);
        }
    }

    fn forget_pending(&self, path: &str, slot: char) {
        self.pending_deletes
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|(p, s)| !(p == path && *s == slot));
    }

    /// Retries queued deletes of slots nothing points to; never fails.
    async fn retry_pending_deletes(&self) {
        let pending = std::mem::take(
            &mut *self
                .pending_deletes
                .lock()
                .unwrap_or_else(|e| e.into_inner()),
        );
        if pending.is_empty() {
            return;
        }
        let Ok(unreferenced) = self
            .with_directory(|d| {
                pending
                    .iter()
                    .filter(|(p, s)| d.get(p).is_none_or(|e| e.slot != *s))
                    .cloned()
                    .collect::<Vec<_>>()
            })
            .await
        else {
            self.pending_deletes
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .extend(pending);
            return;
        };
        let failed = commit::delete_slots(self.storage.as_ref(), &self.keys, unreferenced).await;
        self.pending_deletes
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend(failed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::MemoryStorage;

    /// A store outside the process, as far as the project can tell.
    struct Outside(MemoryStorage);

    #[async_trait::async_trait]
    impl Storage for Outside {
        async fn get(&self, key: &str) -> Result<Option<Vec<u8>>> {
            self.0.get(key).await
        }
        async fn set(&self, key: &str, value: Vec<u8>) -> Result<()> {
            self.0.set(key, value).await
        }
        async fn delete(&self, key: &str) -> Result<()> {
            self.0.delete(key).await
        }
        async fn clear(&self) -> Result<()> {
            self.0.clear().await
        }
    }

    #[test]
    fn the_default_cache_is_small_unless_the_store_is_in_the_process() {
        let capacity = |storage: Arc<dyn Storage>, cache_bytes| {
            let options = ProjectOptions {
                cache_bytes,
                ..ProjectOptions::default()
            };
            Project::new(storage, options).cache_mut().capacity()
        };
        let inside = || Arc::new(MemoryStorage::new());
        let outside = || Arc::new(Outside(MemoryStorage::new()));
        assert_eq!(capacity(inside(), None), IN_PROCESS_CACHE_BYTES);
        assert_eq!(capacity(outside(), None), CACHE_BYTES);
        assert_eq!(capacity(inside(), Some(1 << 20)), 1 << 20);
        assert_eq!(capacity(outside(), Some(1 << 20)), 1 << 20);
    }
}
