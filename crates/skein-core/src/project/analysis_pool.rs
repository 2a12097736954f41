//! The threads that parse and analyze files: one per core, fed from one
//! queue, for the whole process.
//!
//! Analysis is CPU work that must stay off the async threads. A blocking
//! task per file (`spawn_blocking` behind a semaphore) hands every file from
//! thread to thread: when a project indexes many files at once, those
//! hand-offs cost about nine context switches per file and leave cores
//! idle between files. Here a thread that finishes a file takes the next one
//! from the queue at once, and only the result crosses threads.
//!
//! Analysis takes about 45 bytes of memory per byte of source while it runs
//! (a 9 MB bundle peaks at 400 MB: tree-sitter's tree, the node table, the
//! matches). One such file per core at once would put a many-core machine in
//! gigabytes, so the threads share a budget of source bytes
//! ([`SOURCE_BYTES_AT_ONCE`]): a thread takes the first queued file that
//! fits, past any that does not, and the large ones wait their turn while
//! the small ones keep the other cores busy.

use super::heap_trim;
use std::collections::VecDeque;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Condvar, Mutex, OnceLock};

type Job = Box<dyn FnOnce() + Send>;

/// Source bytes being analyzed at once, by all threads together: at about
/// 45 bytes a byte, at most some 370 MB of analysis. Files of everyday size
/// never wait for it (two cores analyze 15 KB at a time on the corpus).
///
/// Batches queue their files largest first, so the largest file runs beside
/// the largest that fits: the whole budget is in use whenever large files
/// are. At 12 MiB (9 MiB the largest charge) that took the `large_files`
/// bench from 454 MB to 575 MB; at 8 MiB it peaks at 469 MB.
const SOURCE_BYTES_AT_ONCE: usize = 8 << 20;

/// What a file larger than this counts as: it runs alone among the large
/// ones, while files adding up to the rest of the budget (2 MiB) run
/// beside it.
const LARGEST_CHARGE: usize = 6 << 20;
// With nothing running, any file fits: work always goes on.
const _: () = assert!(LARGEST_CHARGE <= SOURCE_BYTES_AT_ONCE);

/// Source bytes after whose analysis the allocator gives its free pages
/// back. Each thread's malloc arena otherwise keeps the most its analyses
/// ever took, so two cores that took turns at large files held the peak of
/// both.
const TRIM_AFTER: usize = 1 << 20;

/// A queued job and the source bytes it counts against the budget.
struct Queued {
    job: Job,
    charge: usize,
}

struct Pool {
    queue: Mutex<Queue>,
    ready: Condvar,
}

#[derive(Default)]
struct Queue {
    jobs: VecDeque<Queued>,
    /// Threads waiting for a job. A job queued while none waits needs no
    /// wake-up: std's `notify_one` makes a system call even then.
    idle: usize,
    /// The charges of the jobs running.
    charged: usize,
    /// Threads waiting while jobs are queued, none of which fits the budget:
    /// a job that ends wakes them.
    stalled: usize,
}

impl Queue {
    /// Takes the first job that fits the budget beside those running, and
    /// counts its charge. With nothing running every job fits, so work
    /// always goes on.
    fn take(&mut self) -> Option<Queued> {
        let room = SOURCE_BYTES_AT_ONCE - self.charged;
        let at = self.jobs.iter().position(|q| q.charge <= room)?;
        let queued = self.jobs.remove(at)?;
        self.charged += queued.charge;
        Some(queued)
    }
}

/// The pool, or why it has no thread (then every analysis fails with that
/// message rather than waiting forever).
fn pool() -> Result<&'static Pool, &'static str> {
    static POOL: OnceLock<Result<&'static Pool, String>> = OnceLock::new();
    let pool = POOL.get_or_init(|| {
        let pool: &'static Pool = Box::leak(Box::new(Pool {
            queue: Mutex::new(Queue::default()),
            ready: Condvar::new(),
        }));
        let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
        let mut started = 0;
        let mut failure = String::new();
        for i in 0..threads {
            // A thread that cannot start leaves the work to the others.
            match std::thread::Builder::new()
                .name(format!("skein-analysis-{i}"))
                .spawn(move || pool.work())
            {
                Ok(_) => started += 1,
                Err(err) => failure = format!("cannot start an analysis thread: {err}"),
            }
        }
        if started > 0 {
            Ok(pool)
        } else {
            Err(failure)
        }
    });
    pool.as_ref().copied().map_err(String::as_str)
}

impl Pool {
    fn work(&self) {
        // The charge of the job this thread just ran, given back when it
        // takes the next one: one taking of the lock per job.
        let mut finished = 0;
        loop {
            let Queued { job, charge } = {
                let mut queue = self.queue.lock().unwrap_or_else(|e| e.into_inner());
                queue.charged -= finished;
                if finished > 0 && queue.stalled > 0 {
                    self.ready.notify_all();
                }
                loop {
                    if let Some(queued) = queue.take() {
                        break queued;
                    }
                    let stalled = !queue.jobs.is_empty();
                    queue.idle += 1;
                    queue.stalled += usize::from(stalled);
                    queue = self.ready.wait(queue).unwrap_or_else(|e| e.into_inner());
                    queue.idle -= 1;
                    queue.stalled -= usize::from(stalled);
                }
            };
            finished = charge;
            // Never unwinds: `submit` wraps the work in `catch_unwind`.
            job();
            if charge >= TRIM_AFTER {
                heap_trim::release_free_pages();
            }
        }
    }
}

/// Runs `work` on an analysis thread and waits for its result without
/// blocking the caller's thread. A panic in `work` comes back as `Err`
/// with its message, as does a pool that could start no thread.
/// `source_bytes` is what the work analyzes, counted against the budget
/// ([`SOURCE_BYTES_AT_ONCE`]); 0 for work that parses nothing.
pub(super) async fn run<T: Send + 'static>(
    source_bytes: usize,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, String> {
    let (sender, receiver) = tokio::sync::oneshot::channel();
    // The caller may have stopped waiting; the result is then dropped.
    submit(source_bytes, work, move |outcome| {
        drop(sender.send(outcome))
    });
    receiver
        .await
        .map_err(|_| "the analysis thread stopped".to_string())?
}

/// Queues `work` for an analysis thread, which then hands its outcome to
/// `done`: a panic in `work` as `Err` with its message. With no thread in
/// the pool, `done` gets the reason at once, on the caller's thread.
/// `source_bytes` as for [`run`].
pub(super) fn submit<T: Send + 'static>(
    source_bytes: usize,
    work: impl FnOnce() -> T + Send + 'static,
    done: impl FnOnce(Result<T, String>) + Send + 'static,
) {
    let pool = match pool() {
        Ok(pool) => pool,
        Err(reason) => return done(Err(reason.to_string())),
    };
    let job: Job = Box::new(move || {
        let outcome = catch_unwind(AssertUnwindSafe(work)).map_err(|panic| {
            panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "panicked".to_string())
        });
        done(outcome);
    });
    let wake = {
        let mut queue = pool.queue.lock().unwrap_or_else(|e| e.into_inner());
        queue.jobs.push_back(Queued {
            job,
            charge: source_bytes.min(LARGEST_CHARGE),
        });
        queue.idle > 0
    };
    if wake {
        pool.ready.notify_one();
    }
}

#[cfg(test)]
mod tests {
    use super::{run, submit, Queue, Queued, LARGEST_CHARGE};
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{mpsc, Arc, Mutex};
    use std::time::Duration;

    const MIB: usize = 1 << 20;

    fn queue_of(charges: &[usize]) -> Queue {
        let mut queue = Queue::default();
        for &charge in charges {
            queue.jobs.push_back(Queued {
                job: Box::new(|| {}),
                charge,
            });
        }
        queue
    }

    #[test]
    fn takes_the_first_job_that_fits_the_budget() {
        // Nothing running: the largest charge fits.
        let mut queue = queue_of(&[LARGEST_CHARGE, LARGEST_CHARGE, MIB, 3 * MIB]);
        assert_eq!(queue.take().map(|q| q.charge), Some(LARGEST_CHARGE));
        // A second large one waits; the smaller one behind it goes first.
        assert_eq!(queue.take().map(|q| q.charge), Some(MIB));
        assert_eq!(queue.charged, LARGEST_CHARGE + MIB);
        // 1 MiB left: neither the large one nor 3 MiB fits.
        assert!(queue.take().is_none());
        assert_eq!(queue.jobs.len(), 2);
        // Once the running ones end, the large one is first again.
        queue.charged = 0;
        assert_eq!(queue.take().map(|q| q.charge), Some(LARGEST_CHARGE));
        assert_eq!(queue.charged, LARGEST_CHARGE);
    }

    /// Two files over the largest charge, then a small one: the large ones
    /// never run at once, and the small one runs while the first large one
    /// does (given a second thread).
    #[test]
    fn large_files_take_turns_while_small_ones_run_beside_them() {
        let large_running = Arc::new(AtomicUsize::new(0));
        let most_large_at_once = Arc::new(AtomicUsize::new(0));
        let (small_ran, small_ran_seen) = mpsc::channel::<()>();
        let small_ran_seen = Arc::new(Mutex::new(small_ran_seen));
        let second_thread = std::thread::available_parallelism().map_or(1, |n| n.get()) >= 2;
        // A large file's outcome: whether it saw the small one run meanwhile.
        let (finished, all_finished) = mpsc::channel::<Result<Option<bool>, String>>();
        for _ in 0..2 {
            let (running, most) = (large_running.clone(), most_large_at_once.clone());
            let small_ran_seen = small_ran_seen.clone();
            let finished = finished.clone();
            submit(
                9 * MIB,
                move || {
                    let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    // The second large file finds the channel closed.
                    let wait = Duration::from_secs(if second_thread { 20 } else { 0 });
                    let saw = small_ran_seen.lock().unwrap().recv_timeout(wait).is_ok();
                    std::thread::sleep(Duration::from_millis(50));
                    running.fetch_sub(1, Ordering::SeqCst);
                    Some(saw)
                },
                move |outcome| finished.send(outcome).unwrap(),
            );
        }
        submit(
            10_000,
            move || {
                let _ = small_ran.send(());
                None
            },
            move |outcome| finished.send(outcome).unwrap(),
        );
        let mut saw_small = Vec::new();
        for _ in 0..3 {
            let outcome = all_finished.recv_timeout(Duration::from_secs(60)).unwrap();
            saw_small.extend(outcome.unwrap());
        }
        assert_eq!(most_large_at_once.load(Ordering::SeqCst), 1);
        if second_thread {
            assert_eq!(
                saw_small.iter().filter(|&&saw| saw).count(),
                1,
                "{saw_small:?}"
            );
        }
    }

    #[tokio::test]
    async fn returns_results_and_survives_panics() {
        assert_eq!(run(0, || 6 * 7).await, Ok(42));
        let panicked = run(0, || -> u8 { panic!("boom in analysis") }).await;
        assert_eq!(panicked, Err("boom in analysis".to_string()));
        // Every thread still works after a panic: more jobs than threads.
        let jobs: Vec<_> = (0..16).map(|i| run(0, move || i * 2)).collect();
        for (i, job) in jobs.into_iter().enumerate() {
            assert_eq!(job.await, Ok(i * 2));
        }
    }
}
