//! Files analyzed on the analysis threads and committed as they come back,
//! fed in parts: what [`Project::add_or_update_files`] does with one list,
//! and what `index_directory` does with each chunk it reads.
//!
//! Taking a chunk at a time and waiting for all of it left a core idle at
//! every chunk's end, while the last file of the chunk was analyzed and
//! before the next chunk was read and queued. A batch takes the next chunk
//! as soon as the last file of this one is handed to the threads, with up
//! to [`ANALYSES_IN_FLIGHT`] files still being worked on.
//!
//! The analysis threads wake the batch every [`WAKE_EVERY`] files rather
//! than for each, and a file from a folder is handed back encoded only.
//! On the 4× corpus that took a folder run from about 10,300 futex calls
//! and 4,900 context switches to 3,400 and 1,700: each wake-up crosses
//! cores and preempts an analysis thread, which the parse floor never
//! does.

use super::{analysis_failed, analysis_pool, analyze_now, Project, SealedIndex};
use crate::error::Result;
use crate::lang::Language;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::Notify;

/// How many files a batch has analyzed or handed to the analysis threads
/// and not yet committed: enough to keep every core busy while commits
/// run, few enough that a large batch is not all in memory at once.
const ANALYSES_IN_FLIGHT: usize = 64;

/// A file's place in the batch (its order of queueing), its path, and what
/// analysis gave.
type Analyzed = (
    usize,
    String,
    std::result::Result<Result<SealedIndex>, String>,
);

/// A file done with: its place in the batch, its path, and whether
/// anything was written (or why it failed).
pub(super) type Done = (usize, String, Result<bool>);

/// How many analyses come back before the batch is woken to commit them,
/// while more of its files wait in the pool's queue. Waking it for each
/// one cost five futex calls per file (the analysis thread waking the
/// committing thread, which then sleeps again), each a wake-up across
/// cores that preempts an analysis thread.
const WAKE_EVERY: usize = 8;

/// Analyses come back here from the analysis threads.
struct Returned {
    analyzed: Mutex<Vec<Analyzed>>,
    /// This batch's files in the pool's queue, not yet started.
    not_started: AtomicUsize,
    ready: Notify,
}

impl Returned {
    /// Keeps one analysis, and wakes the batch once `WAKE_EVERY` are back,
    /// when none of its files is left to start (the last ones of a batch,
    /// or of a small one), or on a failure.
    fn put(&self, analyzed: Analyzed) {
        let failed = analyzed.2.is_err();
        let back = {
            let mut list = self.analyzed.lock().unwrap_or_else(|e| e.into_inner());
            list.push(analyzed);
            list.len()
        };
        if back >= WAKE_EVERY || failed || self.not_started.load(Ordering::SeqCst) == 0 {
            self.ready.notify_one();
        }
    }

    /// A list with room for every analysis in flight, made by the
    /// batch's thread: an analysis thread that grew the list would leave
    /// the batch freeing its block (see `SealedIndex::new`).
    fn new() -> Self {
        Returned {
            analyzed: Mutex::new(Vec::with_capacity(ANALYSES_IN_FLIGHT)),
            not_started: AtomicUsize::new(0),
            ready: Notify::new(),
        }
    }

    /// The analyses back so far (the batch has at most
    /// `ANALYSES_IN_FLIGHT` out, so the list never grows).
    fn take(&self) -> Vec<Analyzed> {
        let room = Vec::with_capacity(ANALYSES_IN_FLIGHT);
        let mut list = self.analyzed.lock().unwrap_or_else(|e| e.into_inner());
        match list.is_empty() {
            true => Vec::new(),
            false => std::mem::replace(&mut *list, room),
        }
    }
}

/// A file to analyze.
pub(super) struct QueuedFile {
    pub path: String,
    pub source: String,
    /// The source's content hash, when whoever read the file computed it
    /// already (`index_directory`, to compare with the directory): then it
    /// is not hashed twice.
    pub content_hash: Option<[u8; 32]>,
}

/// `files` numbered from `first` in the order given, then ordered by
/// source size, largest first (in the order given among equals).
fn numbered_largest_first(files: Vec<QueuedFile>, first: usize) -> Vec<(usize, QueuedFile)> {
    let mut files: Vec<(usize, QueuedFile)> = files
        .into_iter()
        .enumerate()
        .map(|(i, file)| (first + i, file))
        .collect();
    files.sort_by_key(|(_, file)| std::cmp::Reverse(file.source.len()));
    files
}

pub(super) struct AnalysisBatch<'p> {
    project: &'p Project,
    from_folder: bool,
    /// Queued, not yet handed to the analysis threads, with their places
    /// in the batch.
    waiting: VecDeque<(usize, QueuedFile)>,
    queued: usize,
    in_flight: usize,
    returned: Arc<Returned>,
}

impl<'p> AnalysisBatch<'p> {
    /// A batch storing into `project`, marking its files as from a folder
    /// when `from_folder`.
    pub(super) fn new(project: &'p Project, from_folder: bool) -> Self {
        AnalysisBatch {
            project,
            from_folder,
            waiting: VecDeque::new(),
            queued: 0,
            in_flight: 0,
            returned: Arc::new(Returned::new()),
        }
    }

    /// Queues `files`, numbered on from the files queued before, largest
    /// first, and hands the analysis threads what they have room for.
    /// Returns the files done with at once: those in no language Skein
    /// reads.
    ///
    /// Largest first, because the files handed out last decide how long
    /// the other cores sit idle at the end: in path order the corpus ends
    /// with its largest file (zod's `types.ts`), analyzed alone for the
    /// last 80–90 ms of a 630 ms run on two cores.
    pub(super) fn queue(&mut self, files: Vec<QueuedFile>) -> Vec<Done> {
        let first = self.queued;
        self.queued += files.len();
        self.waiting.extend(numbered_largest_first(files, first));
        self.hand_out()
    }

    /// Files queued and not yet handed to the analysis threads.
    pub(super) fn waiting(&self) -> usize {
        self.waiting.len()
    }

    /// Whether every file queued is done with.
    pub(super) fn is_done(&self) -> bool {
        self.waiting.is_empty() && self.in_flight == 0
    }

    /// Waits for at least one analysis to come back, commits every one
    /// back by then under one taking of the write lock, and hands out
    /// more work. Returns the files done with, none if nothing was in
    /// flight.
    pub(super) async fn next_done(&mut self) -> Vec<Done> {
        if self.in_flight == 0 {
            return Vec::new();
        }
        let ready = loop {
            let back = self.returned.take();
            if !back.is_empty() {
                break back;
            }
            // A wake-up sent since `take` is kept for this wait.
            self.returned.ready.notified().await;
        };
        self.in_flight -= ready.len();
        // Analysis goes on while this commits.
        let mut done = self.hand_out();
        let project = self.project;
        let _guard = project.write_lock.lock().await;
        // The files analyzed are stored in groups, one commit each (`store_group`).
        let mut stored = Vec::new();
        let mut group = Vec::new();
        for (i, path, outcome) in ready {
            match outcome {
                Err(reason) => {
                    let failed = analysis_failed(&path, reason);
                    done.push((i, path, Err(failed)));
                }
                Ok(Err(err)) => done.push((i, path, Err(err))),
                Ok(Ok(sealed)) => {
                    project.trees_mut().remove(&path);
                    stored.push((i, path));
                    group.push(sealed);
                }
            }
        }
        let outcomes = project.store_groups_locked(group, self.from_folder).await;
        for ((i, path), result) in stored.into_iter().zip(outcomes) {
            done.push((i, path, result));
        }
        done
    }

    /// Hands waiting files to the analysis threads up to the in-flight
    /// bound; returns those it could not (no language).
    fn hand_out(&mut self) -> Vec<Done> {
        let mut done = Vec::new();
        while self.in_flight < ANALYSES_IN_FLIGHT {
            let Some((i, file)) = self.waiting.pop_front() else {
                break;
            };
            let QueuedFile {
                path,
                source,
                content_hash,
            } = file;
            let language = match Language::for_path(&path) {
                Ok(language) => language,
                Err(err) => {
                    done.push((i, path, Err(err)));
                    continue;
                }
            };
            let (started, returned) = (self.returned.clone(), self.returned.clone());
            let work_path = path.clone();
            let from_folder = self.from_folder;
            self.in_flight += 1;
            self.returned.not_started.fetch_add(1, Ordering::SeqCst);
            analysis_pool::submit(
                source.len(),
                move || {
                    started.not_started.fetch_sub(1, Ordering::SeqCst);
                    let (sealed, _) =
                        analyze_now(work_path, language, source, content_hash, None, false)?;
                    // The cache keeps no file from a folder run, and the
                    // thread that built its decoded index frees it.
                    Ok(if from_folder {
                        sealed.drop_index()
                    } else {
                        sealed
                    })
                },
                // A dropped batch leaves its results here, dropped with the last job.
                move |outcome| returned.put((i, path, outcome)),
            );
        }
        done
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_keep_their_numbers_and_go_largest_first() {
        let files = ["a.py:x", "b.py:xxx", "c.py:xx", "d.py:xxx"]
            .iter()
            .map(|spec| {
                let (path, source) = spec.split_once(':').unwrap();
                QueuedFile {
                    path: path.to_string(),
                    source: source.to_string(),
                    content_hash: None,
                }
            })
            .collect();
        let order: Vec<(usize, String)> = numbered_largest_first(files, 10)
            .into_iter()
            .map(|(i, file)| (i, file.path))
            .collect();
        assert_eq!(
            order,
            [
                (11, "b.py".to_string()),
                (13, "d.py".to_string()),
                (12, "c.py".to_string()),
                (10, "a.py".to_string()),
            ]
        );
    }
}
