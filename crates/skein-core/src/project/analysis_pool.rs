//! The threads that parse and analyze files: one per core, fed from one
//! queue, for the whole process.
//!
//! Analysis is CPU work that must stay off the async threads. A blocking
//! task per file (`spawn_blocking` behind a semaphore) hands every file from
//! thread to thread: when a project indexes many files at once, those
//! hand-offs cost about nine context switches per file and leave cores
//! idle between files. Here a thread that finishes a file takes the next one
//! from the queue at once, and only the result crosses threads.

use std::collections::VecDeque;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Condvar, Mutex, OnceLock};

type Job = Box<dyn FnOnce() + Send>;

struct Pool {
    queue: Mutex<Queue>,
    ready: Condvar,
}

#[derive(Default)]
struct Queue {
    jobs: VecDeque<Job>,
    /// Threads waiting for a job. A job queued while none waits needs no
    /// wake-up: std's `notify_one` makes a system call even then.
    idle: usize,
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
        loop {
            let job = {
                let mut queue = self.queue.lock().unwrap_or_else(|e| e.into_inner());
                loop {
                    match queue.jobs.pop_front() {
                        Some(job) => break job,
                        None => {
                            queue.idle += 1;
                            queue = self.ready.wait(queue).unwrap_or_else(|e| e.into_inner());
                            queue.idle -= 1;
                        }
                    }
                }
            };
            job();
        }
    }
}

/// Runs `work` on an analysis thread and waits for its result without
/// blocking the caller's thread. A panic in `work` comes back as `Err`
/// with its message, as does a pool that could start no thread.
pub(super) async fn run<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, String> {
    let (sender, receiver) = tokio::sync::oneshot::channel();
    // The caller may have stopped waiting; the result is then dropped.
    submit(work, move |outcome| drop(sender.send(outcome)));
    receiver
        .await
        .map_err(|_| "the analysis thread stopped".to_string())?
}

/// Queues `work` for an analysis thread, which then hands its outcome to
/// `done`: a panic in `work` as `Err` with its message. With no thread in
/// the pool, `done` gets the reason at once, on the caller's thread.
pub(super) fn submit<T: Send + 'static>(
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
        queue.jobs.push_back(job);
        queue.idle > 0
    };
    if wake {
        pool.ready.notify_one();
    }
}

#[cfg(test)]
mod tests {
    use super::run;

    #[tokio::test]
    async fn returns_results_and_survives_panics() {
        assert_eq!(run(|| 6 * 7).await, Ok(42));
        let panicked = run(|| -> u8 { panic!("boom in analysis") }).await;
        assert_eq!(panicked, Err("boom in analysis".to_string()));
        // Every thread still works after a panic: more jobs than threads.
        let jobs: Vec<_> = (0..16).map(|i| run(move || i * 2)).collect();
        for (i, job) in jobs.into_iter().enumerate() {
            assert_eq!(job.await, Ok(i * 2));
        }
    }
}
