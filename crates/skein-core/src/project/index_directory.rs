//! [`Project::index_directory`]: a folder on disk made the project's files.
//!
//! Files are found (`folder_walk`), read a chunk at a time on a blocking
//! thread (chunks of 32 files, doubling up to 512; the last takes the rest
//! when fewer than two chunks remain), and compared by content
//! hash with what the project stores: unchanged files are skipped, the rest
//! analyzed on every core and committed as [`Project::add_or_update_files`]
//! does (`analysis_batch`). The next chunk is read while this one is
//! analyzed, and queued as soon as the last file of this one is handed to
//! the analysis threads, so they do not wait at chunk ends. Files the
//! project has that the folder no longer does are removed. A file that
//! cannot be read or analyzed is listed and the rest go on; a storage
//! failure stops the run, since every file after it would fail the same
//! way.

use super::analysis_batch::{AnalysisBatch, Done, QueuedFile};
use super::file_index::ANALYZER_VERSION;
use super::folder_walk::{find_files, read_file, FolderFilter, FoundFile, ReadFile};
use super::Project;
use crate::error::{Error, ErrorKind, Result};
use std::collections::HashSet;
use std::future::Future;
use std::path::Path;
use std::time::{Duration, Instant};

/// How many files are read ahead and indexed together. The first chunk is
/// small, so analysis starts soon; each next one doubles, so fewer chunk
/// ends leave cores idle, up to a bound on the sources held in memory.
const FIRST_CHUNK: usize = 32;
const LARGEST_CHUNK: usize = 512;

/// How [`Project::index_directory`] cuts `files` found files into chunks,
/// read together and handed to the analysis threads each largest file
/// first: 32 files, doubling up to 512, the last taking the rest once fewer
/// than two chunks' worth remain (a short last chunk holding a large file
/// would leave it analyzed alone at the end). Public so that a bench can
/// schedule its parse floor as a run does.
pub fn chunk_sizes(files: usize) -> Vec<usize> {
    let mut sizes = Vec::new();
    let (mut left, mut size) = (files, FIRST_CHUNK);
    while left > 0 {
        let take = if left < 2 * size { left } else { size };
        sizes.push(take);
        left -= take;
        size = (size * 2).min(LARGEST_CHUNK);
    }
    sizes
}

/// `files` cut into chunks of [`chunk_sizes`].
fn chunked(files: Vec<FoundFile>) -> impl Iterator<Item = Vec<FoundFile>> {
    let mut files = files.into_iter();
    chunk_sizes(files.len())
        .into_iter()
        .map(move |size| files.by_ref().take(size).collect())
}

/// Reported after each file [`Project::index_directory`] is done with.
#[derive(Clone, Copy, Debug)]
pub struct IndexProgress<'a> {
    /// Files done so far, this one included.
    pub done: usize,
    /// Files found to index.
    pub total: usize,
    /// The file, relative to the folder.
    pub file_path: &'a str,
}

/// A file [`Project::index_directory`] could not read or analyze.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FailedFile {
    /// Relative to the folder, with `/` between names.
    pub file_path: String,
    /// Why.
    pub error: String,
}

/// What [`Project::index_directory`] did.
#[derive(Clone, Debug, Default)]
pub struct IndexSummary {
    /// Files analyzed and stored: new, or changed since last stored.
    pub files_indexed: usize,
    /// Files whose stored index already matched their content.
    pub files_unchanged: usize,
    /// Files an earlier run brought in that the folder no longer has.
    pub files_removed: usize,
    /// Files that could not be read or analyzed, for which the project keeps
    /// what it had; and files over the size bound, for which it keeps
    /// nothing.
    pub files_failed: Vec<FailedFile>,
    /// Definitions in the folder's files, as the project now holds them.
    pub definitions: u64,
    /// References in the folder's files, as the project now holds them.
    pub references: u64,
    /// How long the run took.
    pub elapsed: Duration,
}

impl Project {
    /// Brings the project up to date with the folder `root`: every file
    /// `filter` (and, unless it says not to, `.gitignore` and `.ignore`
    /// files) leaves, in a language Skein reads, that is not binary, is
    /// stored under its path relative to `root` with `/` between names.
    /// A file over `filter`'s size bound is listed as failed, not read.
    /// Files an earlier run brought in that the folder no longer has are
    /// removed; files added one by one stay. `progress` is told of each
    /// file once done with it; an error it returns stops the run.
    pub async fn index_directory(
        &self,
        root: &Path,
        filter: &FolderFilter,
        mut progress: impl FnMut(IndexProgress<'_>) -> Result<()> + Send,
    ) -> Result<IndexSummary> {
        let started = Instant::now();
        self.check_open()?;
        let found = {
            let (root, filter) = (root.to_path_buf(), filter.clone());
            join(start_blocking(move || find_files(&root, &filter))).await??
        };
        let mut summary = IndexSummary {
            files_failed: found
                .failed
                .into_iter()
                .map(|(file_path, error)| FailedFile { file_path, error })
                .collect(),
            ..IndexSummary::default()
        };
        let total = found.files.len();
        // Files that stay: all found but the binary ones.
        let mut kept: HashSet<String> = HashSet::with_capacity(total);
        let mut done = 0;
        let mut report = |file_path: &str| {
            done += 1;
            progress(IndexProgress {
                done,
                total,
                file_path,
            })
        };
        let max_bytes = filter.max_file_bytes();
        let mut chunks = chunked(found.files);
        let read = |files| read_chunk(files, max_bytes);
        let mut reading = chunks.next().map(read);
        let mut batch = AnalysisBatch::new(self, true);
        while let Some(chunk) = reading.take() {
            let chunk = chunk.await?;
            // Read the next chunk while this one is analyzed.
            reading = chunks.next().map(read);
            let hashes: Vec<Option<[u8; 32]>> = chunk
                .iter()
                .map(|(_, read)| match read {
                    ReadFile::Text { hash, .. } => Some(*hash),
                    _ => None,
                })
                .collect();
            let unchanged: Vec<bool> = self
                .with_directory(|directory| {
                    chunk
                        .iter()
                        .zip(&hashes)
                        .map(|((path, _), hash)| {
                            hash.is_some_and(|hash| {
                                directory.get(path).is_some_and(|entry| {
                                    entry.content_hash == hash
                                        && entry.analyzer_version == ANALYZER_VERSION
                                        && entry.from_folder
                                })
                            })
                        })
                        .collect()
                })
                .await?;
            let mut to_index = Vec::new();
            for ((path, read), unchanged) in chunk.into_iter().zip(unchanged) {
                match read {
                    // Not source code, or gone since the walk: not kept, so
                    // removed if the project had it.
                    ReadFile::Binary | ReadFile::Vanished => {}
                    // Listed, and not kept either: an index stored for it
                    // when it was smaller no longer matches it.
                    ReadFile::TooLarge { bytes } => summary.files_failed.push(FailedFile {
                        file_path: path.clone(),
                        error: format!(
                            "not indexed: {bytes} bytes, over max_file_bytes ({max_bytes})"
                        ),
                    }),
                    ReadFile::Failed(error) => {
                        kept.insert(path.clone());
                        summary.files_failed.push(FailedFile {
                            file_path: path.clone(),
                            error,
                        });
                    }
                    ReadFile::Text { .. } if unchanged => {
                        kept.insert(path.clone());
                        summary.files_unchanged += 1;
                    }
                    ReadFile::Text { source, hash } => {
                        kept.insert(path.clone());
                        to_index.push(QueuedFile {
                            path,
                            source,
                            content_hash: Some(hash),
                        });
                        continue;
                    }
                }
                report(&path)?;
            }
            take_done(batch.queue(to_index), &mut summary, &mut report)?;
            // Take the next chunk once every file of this one is with the
            // analysis threads, which then still have work in flight.
            while batch.waiting() > 0 {
                take_done(batch.next_done().await, &mut summary, &mut report)?;
            }
        }
        while !batch.is_done() {
            take_done(batch.next_done().await, &mut summary, &mut report)?;
        }
        // Files not found when read count as deleted; but if the folder
        // itself is gone (deleted, unmounted), the project is not emptied.
        if !root.is_dir() {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                "index_directory: the folder went away during the run; nothing was removed",
            )
            .with_path(root.display().to_string()));
        }
        let vanished = self
            .with_directory(|directory| {
                vanished_paths(
                    directory
                        .entries()
                        .map(|(path, entry)| (path.as_str(), entry.from_folder)),
                    &kept,
                    &summary.files_failed,
                )
            })
            .await?;
        for path in vanished {
            self.remove_file(&path).await?;
            summary.files_removed += 1;
        }
        (summary.definitions, summary.references) = self
            .with_directory(|directory| {
                kept.iter()
                    .filter_map(|path| directory.get(path))
                    .fold((0, 0), |(d, r), entry| {
                        (
                            d + u64::from(entry.definitions),
                            r + u64::from(entry.references),
                        )
                    })
            })
            .await?;
        summary.elapsed = started.elapsed();
        Ok(summary)
    }
}

/// Counts and reports the files a batch is done with; a storage failure
/// stops the run.
fn take_done(
    done: Vec<Done>,
    summary: &mut IndexSummary,
    report: &mut impl FnMut(&str) -> Result<()>,
) -> Result<()> {
    for (_, path, result) in done {
        match result {
            Ok(_) => summary.files_indexed += 1,
            Err(err) if stops_the_run(&err) => return Err(err),
            Err(err) => summary.files_failed.push(FailedFile {
                error: without_path(&err),
                file_path: path.clone(),
            }),
        }
        report(&path)?;
    }
    Ok(())
}

/// The paths of `entries` (path, whether a folder brought it in) to remove:
/// brought in by a folder, not `kept` by this run, and not under a folder
/// the walk could not read (`failed`), which may still hold them.
fn vanished_paths<'a>(
    entries: impl Iterator<Item = (&'a str, bool)>,
    kept: &HashSet<String>,
    failed: &[FailedFile],
) -> Vec<String> {
    let unread: Vec<String> = failed
        .iter()
        .map(|failed| format!("{}/", failed.file_path))
        .collect();
    entries
        .filter(|&(path, from_folder)| {
            from_folder
                && !kept.contains(path)
                && !unread
                    .iter()
                    .any(|folder| path.starts_with(folder.as_str()))
        })
        .map(|(path, _)| path.to_string())
        .collect()
}

/// Errors of the storage, not of a file: every file after would fail alike.
fn stops_the_run(err: &Error) -> bool {
    matches!(
        err.kind(),
        ErrorKind::Provider
            | ErrorKind::ProviderType
            | ErrorKind::Timeout
            | ErrorKind::Corrupt
            | ErrorKind::Closed
    )
}

/// The error's text without the file path it starts with (the failed file
/// names it apart).
fn without_path(err: &Error) -> String {
    let text = err.to_string();
    match err.path() {
        Some(path) => text
            .strip_prefix(path)
            .and_then(|rest| rest.strip_prefix(": "))
            .map_or(text.clone(), str::to_string),
        None => text,
    }
}

/// Reads `files` on a blocking thread, starting now.
fn read_chunk(
    files: Vec<FoundFile>,
    max_bytes: u64,
) -> impl Future<Output = Result<Vec<(String, ReadFile)>>> {
    join(start_blocking(move || {
        files
            .into_iter()
            .map(|file| {
                let read = read_file(&file, max_bytes);
                (file.relative, read)
            })
            .collect()
    }))
}

/// `work` started on tokio's blocking threads, or done here when there is
/// no tokio runtime.
fn start_blocking<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> std::result::Result<tokio::task::JoinHandle<T>, T> {
    match tokio::runtime::Handle::try_current() {
        Ok(runtime) => Ok(runtime.spawn_blocking(work)),
        Err(_) => Err(work()),
    }
}

async fn join<T>(started: std::result::Result<tokio::task::JoinHandle<T>, T>) -> Result<T> {
    match started {
        Ok(handle) => handle.await.map_err(|err| {
            Error::new(
                ErrorKind::Internal,
                format!("index_directory: reading files failed: {err}"),
            )
        }),
        Err(done) => Ok(done),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_grow_and_the_last_takes_what_is_left_of_two() {
        assert_eq!(chunk_sizes(0), Vec::<usize>::new());
        assert_eq!(chunk_sizes(63), [63]);
        assert_eq!(chunk_sizes(64), [32, 32]);
        // The corpus: 32, 64, 128, and the 310 left rather than 256 and 54.
        assert_eq!(chunk_sizes(534), [32, 64, 128, 310]);
        assert_eq!(chunk_sizes(2136), [32, 64, 128, 256, 512, 512, 632]);
        // In order, each file once.
        let found = (0..1000)
            .map(|i| FoundFile {
                relative: format!("{i:04}"),
                absolute: i.to_string().into(),
            })
            .collect();
        let chunks: Vec<Vec<FoundFile>> = chunked(found).collect();
        let sizes: Vec<usize> = chunks.iter().map(Vec::len).collect();
        assert_eq!(sizes, chunk_sizes(1000));
        let paths: Vec<String> = chunks.into_iter().flatten().map(|f| f.relative).collect();
        assert_eq!(
            paths,
            (0..1000).map(|i| format!("{i:04}")).collect::<Vec<_>>()
        );
    }

    #[test]
    fn vanished_files_are_the_folders_own_not_kept_and_not_behind_an_unread_folder() {
        let kept: HashSet<String> = ["a.py".to_string()].into();
        let failed = [FailedFile {
            file_path: "locked".into(),
            error: "Permission denied".into(),
        }];
        let entries = [
            ("a.py", true),         // found again
            ("gone.py", true),      // deleted from the folder
            ("added.py", false),    // added one by one
            ("locked/b.py", true),  // behind a folder the walk could not read
            ("locked2/c.py", true), // a sibling with a longer name
        ];
        assert_eq!(
            vanished_paths(entries.into_iter(), &kept, &failed),
            ["gone.py", "locked2/c.py"]
        );
    }
}
