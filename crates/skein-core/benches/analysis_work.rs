//! The work analysis adds to parsing, counted in instructions: run under
//! callgrind, whose counts do not move with the machine's load (wall time
//! on this VM varies by ±20% from one minute to the next).
//!
//! ```text
//! benches/instructions.sh [CORPUS_DIR]
//! ```
//! runs this binary under `valgrind --tool=callgrind` once per mode:
//! `parse` parses every corpus file once with a fresh tree-sitter parser
//! (the floor, as in `index_corpus`), `analyze` runs `FileIndex::analyze`
//! on each (parse, query, scope graph), `index` adds every file to a
//! `Project` with the memory provider, all in flight at once (analysis,
//! encoding, commit), `index-batch` does the same with one
//! `add_or_update_files`, `index-graph` then asks for the call graph once
//! (every call resolved), `index-dir` runs `index_directory` on the corpus
//! folder (walk, read, hash, analyze, commit), and the script prints their
//! ratios to the floor. Each run loads the corpus and compiles every query
//! first; the script subtracts a run that does only that (`load`).
//! `parse-2` and `analyze-2`, the floor and the analysis on two threads,
//! are for timing beside `index-dir` (BENCHMARKS.md, `index_directory`).

mod corpus;

use skein_core::lang::Language;
use skein_core::project::{FileIndex, Project, ProjectOptions};
use skein_core::storage::MemoryStorage;
use std::path::PathBuf;
use std::sync::Arc;

fn main() {
    let mut args = std::env::args().skip(1).filter(|a| a != "--bench");
    let mode = args.next().unwrap_or_default();
    let dir = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(corpus::default_dir);
    let files = corpus::load(&dir);
    for language in Language::ALL {
        // compile every query outside the work measured
        let _ = language.tree_query();
    }
    match mode.as_str() {
        "parse" => {
            files.iter().for_each(parse_alone);
        }
        "parse-2" => {
            // The floor on two threads, as the index_directory bench takes
            // it: for timing against `index-dir`, not under callgrind.
            corpus::parallel_as_index_directory(2, &sizes(&files), |i| parse_alone(&files[i]));
        }
        "analyze-2" => {
            // `analyze` on two threads, as `parse-2` is the floor on two.
            corpus::parallel_as_index_directory(2, &sizes(&files), |i| analyze_alone(&files[i]));
        }
        "analyze" => {
            files.iter().for_each(analyze_alone);
        }
        "index" => {
            // As `index_corpus` does: every file in flight at once, memory provider.
            let runtime = two_thread_runtime();
            runtime.block_on(async {
                let project = Arc::new(Project::new(
                    Arc::new(MemoryStorage::new()),
                    ProjectOptions::default(),
                ));
                let files = Arc::new(files);
                let mut tasks = tokio::task::JoinSet::new();
                for i in 0..files.len() {
                    let (project, files) = (project.clone(), files.clone());
                    tasks.spawn(async move {
                        let file = &files[i];
                        project.add_or_update_file(&file.path, &file.source).await
                    });
                }
                while let Some(done) = tasks.join_next().await {
                    done.unwrap().unwrap();
                }
            });
        }
        "index-batch" | "index-graph" => {
            // As `index_corpus`'s one batch: `add_or_update_files` of every file.
            let runtime = two_thread_runtime();
            runtime.block_on(async {
                let project =
                    Project::new(Arc::new(MemoryStorage::new()), ProjectOptions::default());
                let batch = files.into_iter().map(|f| (f.path, f.source)).collect();
                for result in project.add_or_update_files(batch).await {
                    result.unwrap();
                }
                if mode == "index-graph" {
                    let options = skein_core::project::CallGraphOptions::default();
                    std::hint::black_box(project.get_call_graph(&options).await.unwrap());
                }
            });
        }
        "index-dir" => {
            // `index_directory` of the folder: walk, read, hash, analyze, commit.
            let runtime = two_thread_runtime();
            runtime.block_on(async {
                let project =
                    Project::new(Arc::new(MemoryStorage::new()), ProjectOptions::default());
                let filter = skein_core::project::FolderFilter::default();
                let summary = project.index_directory(&dir, &filter, |_| Ok(())).await;
                assert!(summary.unwrap().files_indexed > 0);
            });
        }
        "load" => {}
        _ => {
            eprintln!(
                "usage: analysis_work parse|parse-2|analyze|analyze-2|index|index-batch|index-graph|index-dir|load [CORPUS_DIR]"
            );
            std::process::exit(2);
        }
    }
}

fn sizes(files: &[corpus::File]) -> Vec<usize> {
    files.iter().map(|file| file.source.len()).collect()
}

/// The runtime the indexing modes run on, as `index_corpus`'s: two workers.
fn two_thread_runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .unwrap()
}

/// The floor's unit: one file parsed by a fresh tree-sitter parser.
fn parse_alone(file: &corpus::File) {
    let mut parser = tree_sitter::Parser::new();
    parser.set_language(&file.language.grammar()).unwrap();
    std::hint::black_box(parser.parse(&file.source, None).unwrap());
}

fn analyze_alone(file: &corpus::File) {
    std::hint::black_box(FileIndex::analyze(&file.path, file.source.clone()).unwrap());
}
