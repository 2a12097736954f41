//! Indexing speed against the raw tree-sitter parse floor, in one run.
//!
//! ```text
//! cargo bench -p skein-core --bench index_corpus -- [CORPUS_DIR] [--threads N]
//! ```
//! CORPUS_DIR defaults to `$SKEIN_CORPUS` or `~/.cache/skein-corpus` (see
//! `../shared/corpus/fetch.sh`). Every measurement uses the same files and
//! the same number of threads. They run in turns, 11 rounds, with the parse
//! floor timed again between every two; each is reported as its best time
//! and the median of its ratio to the floors timed just before and after
//! it, in wall time and in CPU time (see `Rounds`).
//!
//! - `parse floor`: tree-sitter parses every file, largest first (as the
//!   one-batch path hands them out), nothing else.
//! - `analyze`: parse + query + scope graph (`FileIndex::analyze`).
//! - `storing alone`: `Project::store_index` of every file analyzed
//!   beforehand, one at a time, memory provider (encode, hash, commit).
//! - `index memory` / `index disk`: `Project::add_or_update_file` for every
//!   file, all in flight at once, through `MemoryStorage` / `DiskStorage`.
//! - `index as one batch`: `Project::add_or_update_files` of all files,
//!   through `MemoryStorage`.

mod corpus;

use async_trait::async_trait;
use corpus::{parallel_largest_first, process_cpu_time, File};
use skein_core::lang::Language;
use skein_core::project::{FileIndex, Project, ProjectOptions};
use skein_core::storage::{DiskStorage, MemoryStorage, Storage};
use std::path::PathBuf;
use std::sync::atomic::AtomicU64;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

fn index_all(
    runtime: &tokio::runtime::Runtime,
    storage: Arc<dyn Storage>,
    files: &Arc<Vec<File>>,
) -> Project {
    runtime.block_on(async {
        let project = Arc::new(Project::new(storage, ProjectOptions::default()));
        let mut tasks = tokio::task::JoinSet::new();
        for i in 0..files.len() {
            let project = project.clone();
            let files = files.clone();
            tasks.spawn(async move {
                project
                    .add_or_update_file(&files[i].path, &files[i].source)
                    .await
            });
        }
        while let Some(done) = tasks.join_next().await {
            done.expect("task").expect("index");
        }
        Arc::try_unwrap(project).ok().expect("no other owner")
    })
}

/// Counts provider writes and the bytes they carry.
#[derive(Default)]
struct Counting {
    inner: MemoryStorage,
    writes: AtomicU64,
    bytes: AtomicU64,
}

#[async_trait]
impl Storage for Counting {
    async fn get(&self, key: &str) -> skein_core::Result<Option<Vec<u8>>> {
        self.inner.get(key).await
    }
    async fn set(&self, key: &str, value: Vec<u8>) -> skein_core::Result<()> {
        self.writes.fetch_add(1, Ordering::Relaxed);
        self.bytes
            .fetch_add((key.len() + value.len()) as u64, Ordering::Relaxed);
        self.inner.set(key, value).await
    }
    async fn delete(&self, key: &str) -> skein_core::Result<()> {
        self.writes.fetch_add(1, Ordering::Relaxed);
        self.inner.delete(key).await
    }
    async fn clear(&self) -> skein_core::Result<()> {
        self.inner.clear().await
    }
}

fn main() {
    let mut args = std::env::args().skip(1).filter(|a| a != "--bench");
    let mut corpus = corpus::default_dir();
    let mut threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    while let Some(arg) = args.next() {
        if arg == "--threads" {
            threads = args
                .next()
                .and_then(|n| n.parse().ok())
                .expect("--threads N");
        } else {
            corpus = PathBuf::from(arg);
        }
    }
    let files = Arc::new(corpus::load(&corpus));
    let bytes: usize = files.iter().map(|f| f.source.len()).sum();
    let lines: usize = files.iter().map(|f| f.source.lines().count()).sum();
    println!(
        "corpus {}: {} files, {lines} lines, {:.1} MB; {threads} threads",
        corpus.display(),
        files.len(),
        bytes as f64 / 1e6
    );
    for language in Language::ALL {
        // compile queries outside the timings
        let _ = FileIndex::analyze(&format!("warm.{}", ext(language)), String::new());
    }

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let sizes: Vec<usize> = files.iter().map(|file| file.source.len()).collect();
    let parse_all = || {
        parallel_largest_first(threads, &sizes, |i| {
            let file = &files[i];
            let mut parser = tree_sitter::Parser::new();
            parser.set_language(&file.language.grammar()).unwrap();
            std::hint::black_box(parser.parse(&file.source, None).unwrap());
        })
    };
    let analyze_all = || {
        parallel_largest_first(threads, &sizes, |i| {
            let file = &files[i];
            std::hint::black_box(FileIndex::analyze(&file.path, file.source.clone()).unwrap());
        })
    };
    // Storing alone: files analyzed beforehand, then committed one by one.
    let analyzed: Vec<FileIndex> = files
        .iter()
        .map(|f| FileIndex::analyze(&f.path, f.source.clone()).unwrap())
        .collect();
    let mut stored_bytes = 0;
    let disk_dir = tempfile::tempdir().unwrap();
    const FLOOR: &str = "parse floor (tree-sitter only)";
    let mut rounds = Rounds::default();
    for _ in 0..ROUNDS {
        rounds.time(FLOOR, &mut || parse_all());
        rounds.time("analyze (parse + query + scope graph)", &mut || {
            analyze_all()
        });
        rounds.time(FLOOR, &mut || parse_all());
        let mut indexes = Some(analyzed.clone());
        rounds.time_dropping_after(
            "of which storing alone (analyzed beforehand, one at a time)",
            &mut || {
                let indexes = indexes.take().expect("one run per round");
                runtime.block_on(async {
                    let project =
                        Project::new(Arc::new(MemoryStorage::new()), ProjectOptions::default());
                    for index in indexes {
                        project.store_index(index).await.unwrap();
                    }
                    project
                })
            },
        );
        rounds.time(FLOOR, &mut || parse_all());
        rounds.time_dropping_after("index, memory provider", &mut || {
            let storage = Arc::new(MemoryStorage::new());
            let project = index_all(&runtime, storage.clone(), &files);
            stored_bytes = storage.byte_size();
            project
        });
        rounds.time(FLOOR, &mut || parse_all());
        rounds.time_dropping_after("index as one batch, memory provider", &mut || {
            runtime.block_on(async {
                let project =
                    Project::new(Arc::new(MemoryStorage::new()), ProjectOptions::default());
                let batch = files
                    .iter()
                    .map(|f| (f.path.clone(), f.source.clone()))
                    .collect();
                for result in project.add_or_update_files(batch).await {
                    result.expect("index");
                }
                project
            })
        });
        rounds.time(FLOOR, &mut || parse_all());
        rounds.time_dropping_after("index, disk provider", &mut || {
            let dir = tempfile::tempdir_in(disk_dir.path()).unwrap();
            let project = index_all(
                &runtime,
                Arc::new(DiskStorage::open(dir.path()).unwrap()),
                &files,
            );
            (project, dir)
        });
    }
    rounds.time(FLOOR, &mut || parse_all());
    // Per language, single-threaded: where analysis spends its time.
    let mut per_language = Vec::new();
    for language in Language::ALL {
        let subset: Vec<&File> = files.iter().filter(|f| f.language == language).collect();
        if subset.is_empty() {
            continue;
        }
        let parse_subset = || {
            for file in &subset {
                let mut parser = tree_sitter::Parser::new();
                parser.set_language(&file.language.grammar()).unwrap();
                std::hint::black_box(parser.parse(&file.source, None).unwrap());
            }
        };
        let mut rounds = Rounds::default();
        for _ in 0..ROUNDS {
            rounds.time("parse", &mut || parse_subset());
            rounds.time("analyze", &mut || {
                for file in &subset {
                    std::hint::black_box(
                        FileIndex::analyze(&file.path, file.source.clone()).unwrap(),
                    );
                }
            });
        }
        rounds.time("parse", &mut || parse_subset());
        per_language.push((language, subset.len(), rounds));
    }

    // Writes and bytes for updating each file once in the indexed project
    // (a provider without transactions, so every write is counted).
    let counting = Arc::new(Counting::default());
    let project = index_all(&runtime, counting.clone(), &files);
    counting.writes.store(0, Ordering::Relaxed);
    counting.bytes.store(0, Ordering::Relaxed);
    runtime.block_on(async {
        for file in files.iter() {
            project
                .add_or_update_file(&file.path, &format!("{}\n", file.source))
                .await
                .unwrap();
        }
    });
    let writes = counting.writes.load(Ordering::Relaxed);
    let written = counting.bytes.load(Ordering::Relaxed) as usize;

    if std::env::var_os("SKEIN_BENCH_ROUNDS").is_some() {
        for name in rounds.names() {
            let ms: Vec<String> = rounds
                .times(name)
                .iter()
                .map(|t| format!("{:.0}", t.as_secs_f64() * 1e3))
                .collect();
            println!("{name}: {} ms", ms.join(" "));
        }
    }
    println!();
    println!("| measurement | best time | wall time vs parse floor | CPU time vs parse floor |");
    println!("|---|---:|---:|---:|");
    for (name, best, ratio, cpu_ratio) in rounds.report() {
        println!("| {name} | {best:.0} ms | {ratio:.2}× | {cpu_ratio:.2}× |");
    }
    println!();
    println!("| language (1 thread) | files | parse floor | analyze | wall time vs parse floor | CPU time vs parse floor |");
    println!("|---|---:|---:|---:|---:|---:|");
    for (language, count, rounds) in &per_language {
        let report = rounds.report();
        println!(
            "| {} | {count} | {:.0} ms | {:.0} ms | {:.2}× | {:.2}× |",
            language.name(),
            report[0].1,
            report[1].1,
            report[1].2,
            report[1].3,
        );
    }
    println!();
    println!(
        "stored: {:.1} MB for {:.1} MB of source ({:.2}× source); per file update: {:.2} provider writes, {:.1} KB written on average",
        stored_bytes as f64 / 1e6,
        bytes as f64 / 1e6,
        stored_bytes as f64 / bytes as f64,
        writes as f64 / files.len() as f64,
        written as f64 / files.len() as f64 / 1e3,
    );
}

/// How many times each measurement runs.
const ROUNDS: usize = 11;

/// Measurements taken in turns, round after round, with the floor (the
/// first measurement named) taken again between every two others. This
/// VM's speed drifts by ±20% within a minute, so each measurement is
/// compared with the mean of the floors timed just before and just after
/// it, and the median of those ratios is reported (with the best time of
/// each). CPU time (all threads of the process) is reported the same way:
/// it counts the work done and is less disturbed by other tenants than
/// wall time.
#[derive(Default)]
struct Rounds {
    /// (name, wall time, CPU time of the whole process), in the order taken.
    log: Vec<(&'static str, Duration, Duration)>,
}

impl Rounds {
    fn time(&mut self, name: &'static str, work: &mut dyn FnMut()) {
        self.time_dropping_after(name, &mut || work());
    }

    /// Times `work`; what it returns is dropped after the clock stops.
    fn time_dropping_after<T>(&mut self, name: &'static str, work: &mut dyn FnMut() -> T) {
        let start = Instant::now();
        let cpu_start = process_cpu_time();
        let kept = work();
        let took = start.elapsed();
        let cpu = process_cpu_time() - cpu_start;
        drop(kept);
        self.log.push((name, took, cpu));
    }

    /// The names measured, in the order first taken; the floor first.
    fn names(&self) -> Vec<&'static str> {
        let mut names: Vec<&'static str> = Vec::new();
        for (name, _, _) in &self.log {
            if !names.contains(name) {
                names.push(name);
            }
        }
        names
    }

    /// Wall times of `name`, in the order taken.
    fn times(&self, name: &str) -> Vec<Duration> {
        self.log
            .iter()
            .filter(|(n, _, _)| *n == name)
            .map(|(_, wall, _)| *wall)
            .collect()
    }

    /// (name, best ms, median ratio of wall times to the adjacent floors,
    /// the same for CPU times)
    fn report(&self) -> Vec<(&'static str, f64, f64, f64)> {
        let names = self.names();
        let floor = names[0];
        let median = |mut ratios: Vec<f64>| {
            ratios.sort_by(f64::total_cmp);
            ratios[ratios.len() / 2]
        };
        names
            .iter()
            .map(|&name| {
                let mut wall_ratios = Vec::new();
                let mut cpu_ratios = Vec::new();
                for (i, (n, wall, cpu)) in self.log.iter().enumerate() {
                    if *n != name {
                        continue;
                    }
                    if name == floor {
                        wall_ratios.push(1.0);
                        cpu_ratios.push(1.0);
                        continue;
                    }
                    let before = self.log[..i].iter().rev().find(|m| m.0 == floor);
                    let after = self.log[i + 1..].iter().find(|m| m.0 == floor);
                    let adjacent: Vec<_> = before.into_iter().chain(after).collect();
                    let mean = |pick: fn(&(&str, Duration, Duration)) -> Duration| {
                        adjacent.iter().map(|m| pick(m).as_secs_f64()).sum::<f64>()
                            / adjacent.len() as f64
                    };
                    wall_ratios.push(wall.as_secs_f64() / mean(|m| m.1));
                    cpu_ratios.push(cpu.as_secs_f64() / mean(|m| m.2));
                }
                let best = self.times(name).into_iter().min().unwrap_or_default();
                (
                    name,
                    best.as_secs_f64() * 1e3,
                    median(wall_ratios),
                    median(cpu_ratios),
                )
            })
            .collect()
    }
}

fn ext(language: Language) -> &'static str {
    match language {
        Language::JavaScript => "js",
        Language::TypeScript => "ts",
        Language::Tsx => "tsx",
        Language::Python => "py",
        Language::Rust => "rs",
    }
}
