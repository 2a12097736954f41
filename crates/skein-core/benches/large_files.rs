//! Peak memory and time of `index_directory` on a folder of large files
//! (generated bundles, big declaration files), against tree-sitter parsing
//! the same files, each measurement a fresh process.
//!
//! ```text
//! cargo bench -p skein-core --bench large_files -- [FOLDER]
//! ```
//! Without a folder it copies every JavaScript and TypeScript file of 1 MiB
//! or more from the repository's `node_modules` (after `npm ci`: the
//! TypeScript compiler's `typescript.js`, `_tsc.js`, `lib.dom.d.ts`, …) into
//! a temporary folder. Three rounds alternate, each a child process:
//! - `parse floor, every core`: every file, already read, parsed by
//!   tree-sitter on every core, each tree freed after its parse;
//! - `parse floor, largest file`: the largest file alone parsed once: the
//!   least any analysis of that file can hold;
//! - `index_directory`: a cold run into a `disk` store in a temporary
//!   folder (so what is stored is not counted as the process's memory).
//!
//! Each prints its time and its peak resident memory (`getrusage`); the
//! medians over the rounds are reported.

mod corpus;

use corpus::parallel;
use skein_core::lang::Language;
use skein_core::project::{FolderFilter, Project, ProjectOptions};
use skein_core::storage::DiskStorage;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

const ROUNDS: usize = 3;
const LARGE: u64 = 1 << 20;

fn median(samples: &mut [f64]) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

/// The process's peak resident memory so far, in MB.
fn peak_rss_mb() -> f64 {
    // SAFETY: getrusage writes into the struct it is given, nothing else.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        usage
    };
    usage.ru_maxrss as f64 / 1024.0 // kilobytes on Linux
}

/// The supported files directly in `dir`, read, largest first.
fn sources(dir: &Path) -> Vec<(Language, String)> {
    let mut files: Vec<(Language, String)> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().to_string();
            let language = Language::from_path(&name)?;
            Some((language, std::fs::read_to_string(entry.path()).ok()?))
        })
        .collect();
    files.sort_by_key(|(_, source)| std::cmp::Reverse(source.len()));
    files
}

fn parse(language: Language, source: &str) {
    let mut parser = tree_sitter::Parser::new();
    parser.set_language(&language.grammar()).unwrap();
    std::hint::black_box(parser.parse(source, None).unwrap());
}

/// A child's part: one measurement, printed as `seconds peak_mb`.
fn child(mode: &str, dir: &Path) {
    let seconds = match mode {
        "--floor" => {
            let files = sources(dir);
            let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
            let start = Instant::now();
            parallel(threads, files.len(), |i| parse(files[i].0, &files[i].1));
            start.elapsed()
        }
        "--floor-largest" => {
            let files = sources(dir);
            let start = Instant::now();
            parse(files[0].0, &files[0].1);
            start.elapsed()
        }
        "--index" => {
            let store = tempfile::tempdir().unwrap();
            let runtime = tokio::runtime::Runtime::new().unwrap();
            runtime.block_on(async {
                let storage = Arc::new(DiskStorage::open(store.path()).unwrap());
                let project = Project::new(storage, ProjectOptions::default());
                let start = Instant::now();
                let summary = project
                    .index_directory(dir, &FolderFilter::default(), |_| Ok(()))
                    .await
                    .unwrap();
                assert!(summary.files_failed.is_empty());
                start.elapsed()
            })
        }
        _ => panic!("unknown mode {mode}"),
    };
    println!("{} {}", seconds.as_secs_f64(), peak_rss_mb());
}

/// Runs this binary as a child in `mode`: (seconds, peak MB).
fn measure(mode: &str, dir: &Path) -> (f64, f64) {
    let output = std::process::Command::new(std::env::current_exe().unwrap())
        .arg(mode)
        .arg(dir)
        .output()
        .unwrap();
    assert!(output.status.success(), "{mode}: {output:?}");
    let text = String::from_utf8(output.stdout).unwrap();
    let mut numbers = text.split_whitespace().map(|n| n.parse::<f64>().unwrap());
    (numbers.next().unwrap(), numbers.next().unwrap())
}

/// Every JavaScript and TypeScript file of `LARGE` bytes or more under
/// `from`, copied flat into `to`.
fn copy_large_files(from: &Path, to: &Path, copied: &mut usize) {
    let Ok(entries) = std::fs::read_dir(from) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            copy_large_files(&path, to, copied);
        } else if kind.is_file()
            && entry.metadata().is_ok_and(|m| m.len() >= LARGE)
            && Language::from_path(&path.to_string_lossy()).is_some()
        {
            *copied += 1;
            let name = format!("{copied}-{}", entry.file_name().to_string_lossy());
            std::fs::copy(&path, to.join(name)).unwrap();
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    if let Some(mode) = args.first().filter(|a| a.starts_with("--")) {
        return child(mode, Path::new(&args[1]));
    }
    let copies = tempfile::tempdir().unwrap();
    let dir: PathBuf = match args.first() {
        Some(dir) => PathBuf::from(dir),
        None => {
            let node_modules = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../node_modules");
            let mut copied = 0;
            copy_large_files(&node_modules, copies.path(), &mut copied);
            assert!(
                copied > 0,
                "no file of 1 MiB or more under {node_modules:?}: run npm ci first"
            );
            copies.path().to_path_buf()
        }
    };
    let files = sources(&dir);
    let total: usize = files.iter().map(|(_, s)| s.len()).sum();
    println!(
        "{} files, {:.1} MB of source, the largest {:.1} MB; cores: {}",
        files.len(),
        total as f64 / 1e6,
        files.first().map_or(0, |(_, s)| s.len()) as f64 / 1e6,
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    drop(files);
    let modes = ["--floor", "--floor-largest", "--index"];
    let mut times = vec![Vec::new(); modes.len()];
    let mut peaks = vec![Vec::new(); modes.len()];
    for _ in 0..ROUNDS {
        for (i, mode) in modes.iter().enumerate() {
            let (seconds, peak) = measure(mode, &dir);
            times[i].push(seconds);
            peaks[i].push(peak);
        }
    }
    let time: Vec<f64> = times.iter_mut().map(|t| median(t)).collect();
    let peak: Vec<f64> = peaks.iter_mut().map(|p| median(p)).collect();
    println!("| measurement | time | peak RSS |");
    println!("|---|---:|---:|");
    for (i, name) in [
        "parse floor, every core",
        "parse floor, largest file alone",
        "index_directory (disk store)",
    ]
    .iter()
    .enumerate()
    {
        println!("| {name} | {:.2} s | {:.0} MB |", time[i], peak[i]);
    }
    println!(
        "index_directory: {:.2}× the floor's time, {:.2}× its peak, {:.2}× the largest file's parse peak",
        time[2] / time[0],
        peak[2] / peak[0],
        peak[2] / peak[1]
    );
}
