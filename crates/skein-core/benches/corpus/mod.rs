//! The benchmark corpus: every source file under a folder (see
//! `../shared/corpus/fetch.sh`), shared by the benches.

// Each bench uses a different part.
#![allow(dead_code)]

use skein_core::lang::Language;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

pub struct File {
    pub path: String,
    pub language: Language,
    pub source: String,
}

pub fn collect(root: &Path, dir: &Path, files: &mut Vec<File>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        if path.is_dir() {
            if !entry.file_name().to_string_lossy().starts_with('.') {
                collect(root, &path, files);
            }
            continue;
        }
        let relative = path
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let Some(language) = Language::from_path(&relative) else {
            continue;
        };
        let Ok(source) = std::fs::read_to_string(&path) else {
            continue;
        };
        files.push(File {
            path: relative,
            language,
            source,
        });
    }
}

pub fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut last = None;
    for _ in 0..runs {
        let start = Instant::now();
        let out = f();
        best = best.min(start.elapsed());
        last = Some(out);
    }
    (best, last.unwrap())
}

/// The corpus folder: the first argument, else `$SKEIN_CORPUS`, else
/// `~/.cache/skein-corpus`.
pub fn default_dir() -> PathBuf {
    std::env::var("SKEIN_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            PathBuf::from(std::env::var("HOME").unwrap_or_default()).join(".cache/skein-corpus")
        })
}

/// The corpus folder named by the bench's one argument, else [`default_dir`].
pub fn dir_from_args() -> PathBuf {
    std::env::args()
        .skip(1)
        .find(|a| a != "--bench")
        .map(PathBuf::from)
        .unwrap_or_else(default_dir)
}

/// Every supported file under `dir`, sorted by path; panics with a hint when there are none.
pub fn load(dir: &Path) -> Vec<File> {
    let mut files = Vec::new();
    collect(dir, dir, &mut files);
    assert!(
        !files.is_empty(),
        "no source files under {} (run ../shared/corpus/fetch.sh)",
        dir.display()
    );
    files
}

/// The median of `samples` (sorted in place).
pub fn median(samples: &mut [Duration]) -> Duration {
    samples.sort_unstable();
    samples[samples.len() / 2]
}

/// The `p`-th percentile of sorted `samples`.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p) as usize]
}

/// Runs `work(i)` for every file index on `threads` threads.
pub fn parallel(threads: usize, count: usize, work: impl Fn(usize) + Sync) {
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= count {
                    break;
                }
                work(i);
            });
        }
    });
}

/// Runs `work(i)` for every index of `sizes` on `threads` threads, largest
/// size first. `add_or_update_files` hands out files largest first, so
/// that a run ends on small files; a floor timed in path order would end
/// on whatever file is last, and compare an unlucky schedule with a lucky
/// one.
pub fn parallel_largest_first(threads: usize, sizes: &[usize], work: impl Fn(usize) + Sync) {
    parallel_in_chunks(threads, sizes, &[sizes.len()], work);
}

/// Runs `work(i)` for every index of `sizes` (files in path order) on
/// `threads` threads, in the order `index_directory` hands them out: in
/// its chunks (`skein_core::project::chunk_sizes`), each largest first.
pub fn parallel_as_index_directory(threads: usize, sizes: &[usize], work: impl Fn(usize) + Sync) {
    let chunks = skein_core::project::chunk_sizes(sizes.len());
    parallel_in_chunks(threads, sizes, &chunks, work);
}

/// `work(i)` for every index of `sizes`, cut in order into `chunks`, each
/// chunk largest size first.
fn parallel_in_chunks(
    threads: usize,
    sizes: &[usize],
    chunks: &[usize],
    work: impl Fn(usize) + Sync,
) {
    let mut order: Vec<usize> = (0..sizes.len()).collect();
    let mut start = 0;
    for &chunk in chunks {
        order[start..start + chunk].sort_by_key(|&i| std::cmp::Reverse(sizes[i]));
        start += chunk;
    }
    parallel(threads, order.len(), |k| work(order[k]));
}

/// CPU time used so far by every thread of this process.
pub fn process_cpu_time() -> Duration {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes one timespec through a valid pointer.
    unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut now) };
    Duration::new(now.tv_sec as u64, now.tv_nsec as u32)
}
