//! `index_directory` on the corpus folder, against the raw parse floor, in
//! one run (issue 5's goals: cold on 2 cores ≥ 1.7× faster than on 1, and
//! ≤ 1.5× the parse floor; a warm re-run with nothing changed ≥ 10× faster
//! than cold).
//!
//! ```text
//! cargo bench -p skein-core --bench index_directory -- [CORPUS_DIR]
//! ```
//! Rounds alternate the measurements, on the corpus as it is (1×) and on
//! a copy of it under four folder names (4×). This VM's speed drifts by
//! a third from one minute to the next, so the ratios are taken within
//! each of 9 rounds, from measurements seconds apart (the floor first in
//! one round, cold first in the next), and their median is reported
//! beside the median times:
//! - `parse floor`: every found file, already in memory, parsed by
//!   tree-sitter on every core, in the order `index_directory` hands them
//!   out (chunks in path order, each largest first), nothing else;
//! - `cold`: `index_directory` into a fresh memory project (walk, read,
//!   hash, analyze, commit); against the floor in wall time and in CPU
//!   time (every thread of the process), which shows the work apart from
//!   how well it kept the cores busy;
//! - `cold, 1 core`: the same in a child process pinned to one core
//!   (`taskset -c 0`), which sizes its analysis threads to that core; the
//!   child indexes once untimed (compiling queries, starting threads), as
//!   the parent's project did, then once timed;
//! - `parse floor: 1 core vs 2`: the floor in such a child, against the
//!   round's floor: what a second core gives tree-sitter alone here;
//! - `warm`: `index_directory` again with nothing changed;
//! - `open + first query`: a disk project indexed beforehand, opened and
//!   asked for one file's definitions.

mod corpus;

use corpus::{median, parallel_as_index_directory, process_cpu_time};
use skein_core::lang::Language;
use skein_core::project::{FolderFilter, Project, ProjectOptions};
use skein_core::storage::{DiskStorage, MemoryStorage};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

const ROUNDS: usize = 9;

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

/// The median of per-round ratios, and their range.
fn ratio(ratios: &mut [f64]) -> String {
    if ratios.is_empty() {
        return "n/a".to_string();
    }
    ratios.sort_by(f64::total_cmp);
    format!(
        "{:.2}× ({:.2}–{:.2}×)",
        ratios[ratios.len() / 2],
        ratios[0],
        ratios[ratios.len() - 1]
    )
}

/// A cold run: its wall time and the CPU time of every thread of the process.
async fn cold(dir: &Path) -> (Duration, Duration) {
    let project = Project::new(Arc::new(MemoryStorage::new()), ProjectOptions::default());
    let (start, cpu_start) = (Instant::now(), process_cpu_time());
    let summary = project
        .index_directory(dir, &FolderFilter::default(), |_| Ok(()))
        .await
        .unwrap();
    assert!(summary.files_indexed > 0);
    (start.elapsed(), process_cpu_time() - cpu_start)
}

/// Every file `index_directory` takes, already read, parsed on every core
/// in the order it hands them out: wall time and CPU time, as for [`cold`].
fn parse_floor(sources: &[(Language, String)]) -> (Duration, Duration) {
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let sizes: Vec<usize> = sources.iter().map(|(_, source)| source.len()).collect();
    let (start, cpu_start) = (Instant::now(), process_cpu_time());
    parallel_as_index_directory(threads, &sizes, |i| {
        let (language, source) = &sources[i];
        let mut parser = tree_sitter::Parser::new();
        parser.set_language(&language.grammar()).unwrap();
        std::hint::black_box(parser.parse(source, None).unwrap());
    });
    (start.elapsed(), process_cpu_time() - cpu_start)
}

/// The files index_directory takes under `dir`, as (language, source).
async fn found_sources(dir: &Path) -> Vec<(Language, String)> {
    let project = Project::new(Arc::new(MemoryStorage::new()), ProjectOptions::default());
    project
        .index_directory(dir, &FolderFilter::default(), |_| Ok(()))
        .await
        .unwrap();
    let mut sources = Vec::new();
    for path in project.get_file_paths().await.unwrap() {
        let source = std::fs::read_to_string(dir.join(&path)).unwrap();
        sources.push((Language::for_path(&path).unwrap(), source));
    }
    sources
}

/// The corpus copied under `copies` folder names.
fn copied(corpus: &Path, copies: usize) -> tempfile::TempDir {
    let target = tempfile::tempdir().unwrap();
    for c in 0..copies {
        copy_tree(corpus, &target.path().join(format!("copy{c}")));
    }
    target
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let path = entry.path();
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&path, &to.join(entry.file_name()));
        } else {
            std::fs::copy(&path, to.join(entry.file_name())).unwrap();
        }
    }
}

/// The child's part: one cold run to warm up, one timed and printed.
fn child(dir: &Path, runtime: &tokio::runtime::Runtime) {
    runtime.block_on(cold(dir));
    println!("{}", runtime.block_on(cold(dir)).0.as_secs_f64());
}

/// The child's part for the floor: the files parsed once untimed, once
/// timed, on the cores it was given.
fn child_floor(dir: &Path, runtime: &tokio::runtime::Runtime) {
    let sources = runtime.block_on(found_sources(dir));
    parse_floor(&sources);
    println!("{}", parse_floor(&sources).0.as_secs_f64());
}

/// A cold run in a child process pinned to one core.
fn cold_on_one_core(dir: &Path) -> Option<Duration> {
    on_one_core("--child", dir)
}

/// The parse floor in a child process pinned to one core: how much two
/// cores give tree-sitter alone on this machine.
fn floor_on_one_core(dir: &Path) -> Option<Duration> {
    on_one_core("--child-floor", dir)
}

fn on_one_core(mode: &str, dir: &Path) -> Option<Duration> {
    let output = std::process::Command::new("taskset")
        .args(["-c", "0"])
        .arg(std::env::current_exe().ok()?)
        .arg(mode)
        .arg(dir)
        .output()
        .ok()?;
    let text = String::from_utf8(output.stdout).ok()?;
    let seconds: f64 = text.trim().lines().last()?.parse().ok()?;
    Some(Duration::from_secs_f64(seconds))
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    match args.first().map(String::as_str) {
        Some("--child") => return child(Path::new(&args[1]), &runtime),
        Some("--child-floor") => return child_floor(Path::new(&args[1]), &runtime),
        _ => {}
    }
    let corpus: PathBuf = args
        .first()
        .map(PathBuf::from)
        .unwrap_or_else(corpus::default_dir);
    let four = copied(&corpus, 4);
    println!(
        "cores: {}",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    println!("| folder | files | parse floor | cold | cold vs floor, per round (range) | the same in CPU time | cold, 1 core | 1 core vs 2, per round (range) | parse floor: 1 core vs 2 | warm | cold vs warm | open + first query (disk) |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (name, dir) in [
        ("corpus (1×)", corpus.as_path()),
        ("corpus 4×", four.path()),
    ] {
        let sources = runtime.block_on(found_sources(dir));
        let (mut floors, mut colds, mut warms, mut opens) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        // Ratios within each round: against the floor, and 1 core against 2
        // for indexing and for the floor itself.
        let (mut vs_floor, mut one_cores, mut vs_one_core, mut floor_vs_one_core) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let mut cpu_vs_floor = Vec::new();
        let warm_project = Project::new(Arc::new(MemoryStorage::new()), ProjectOptions::default());
        runtime
            .block_on(warm_project.index_directory(dir, &FolderFilter::default(), |_| Ok(())))
            .unwrap();
        let store = tempfile::tempdir().unwrap();
        runtime.block_on(async {
            let storage = Arc::new(DiskStorage::open(store.path()).unwrap());
            Project::new(storage, ProjectOptions::default())
                .index_directory(dir, &FolderFilter::default(), |_| Ok(()))
                .await
                .unwrap();
        });
        let first_path = runtime.block_on(warm_project.get_file_paths()).unwrap()[0].clone();
        for round in 0..ROUNDS {
            // Which of the two runs first alternates, so that a machine
            // speeding up or slowing down within a round favours neither.
            let ((floor, floor_cpu), (cold_time, cold_cpu)) = if round % 2 == 0 {
                let floor = parse_floor(&sources);
                (floor, runtime.block_on(cold(dir)))
            } else {
                let cold_time = runtime.block_on(cold(dir));
                (parse_floor(&sources), cold_time)
            };
            vs_floor.push(cold_time.as_secs_f64() / floor.as_secs_f64());
            cpu_vs_floor.push(cold_cpu.as_secs_f64() / floor_cpu.as_secs_f64());
            floors.push(floor);
            colds.push(cold_time);
            if let Some(one) = cold_on_one_core(dir) {
                vs_one_core.push(one.as_secs_f64() / cold_time.as_secs_f64());
                one_cores.push(one);
            }
            if let Some(one) = floor_on_one_core(dir) {
                floor_vs_one_core.push(one.as_secs_f64() / floor.as_secs_f64());
            }
            warms.push(runtime.block_on(async {
                let start = Instant::now();
                let summary = warm_project
                    .index_directory(dir, &FolderFilter::default(), |_| Ok(()))
                    .await
                    .unwrap();
                assert_eq!(summary.files_indexed, 0);
                start.elapsed()
            }));
            opens.push(runtime.block_on(async {
                let start = Instant::now();
                let storage = Arc::new(DiskStorage::open(store.path()).unwrap());
                let project = Project::open(storage, ProjectOptions::default())
                    .await
                    .unwrap();
                std::hint::black_box(project.get_definitions(&first_path).await.unwrap());
                start.elapsed()
            }));
        }
        let (floor, cold_time, warm, open) = (
            median(&mut floors),
            median(&mut colds),
            median(&mut warms),
            median(&mut opens),
        );
        println!(
            "| {name} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {:.1}× | {} |",
            sources.len(),
            ms(floor),
            ms(cold_time),
            ratio(&mut vs_floor),
            ratio(&mut cpu_vs_floor),
            if one_cores.is_empty() {
                "n/a".into()
            } else {
                ms(median(&mut one_cores))
            },
            ratio(&mut vs_one_core),
            ratio(&mut floor_vs_one_core),
            ms(warm),
            cold_time.as_secs_f64() / warm.as_secs_f64(),
            ms(open),
        );
    }
}
