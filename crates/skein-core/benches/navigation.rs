//! Query speed on the corpus with the memory provider, against the floor
//! of reading a cached index and finding the node at a position.
//!
//! ```text
//! cargo bench -p skein-core --bench navigation -- [CORPUS_DIR]
//! ```
//! - `floor`: `file_index` (cached) + the position lookup, no resolution.
//! - `go_to_definition`: every reference of the corpus (up to 50,000, evenly sampled).
//! - `find_references`: 300 definitions, evenly sampled.
//! - edits of the largest corpus file: `update_file_range` (incremental
//!   re-parse from the cached tree) against `add_or_update_file` of the
//!   same new text (a full parse), one character typed at a time.
//!
//! `SKEIN_BENCH_SLOWEST=1` also prints the slowest `find_references` targets.

mod corpus;

use corpus::{median, percentile};
use skein_core::position::Point;
use skein_core::project::{Project, ProjectOptions};
use skein_core::scope_graph::Node;
use skein_core::storage::MemoryStorage;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Times `query` once per target; returns sorted latencies and the sum of
/// what the queries counted (answers, or references found).
async fn time_each<F, Fut>(targets: &[(String, Point)], query: F) -> (Vec<Duration>, usize)
where
    F: Fn(String, Point) -> Fut,
    Fut: std::future::Future<Output = usize>,
{
    let mut latencies = Vec::with_capacity(targets.len());
    let mut answered = 0;
    for (path, at) in targets {
        let start = Instant::now();
        answered += query(path.clone(), *at).await;
        latencies.push(start.elapsed());
    }
    latencies.sort_unstable();
    (latencies, answered)
}

fn evenly<T: Clone>(items: &[T], count: usize) -> Vec<T> {
    let step = (items.len() / count.max(1)).max(1);
    items.iter().step_by(step).take(count).cloned().collect()
}

fn main() {
    let corpus = corpus::dir_from_args();
    let files = corpus::load(&corpus);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let project = Arc::new(Project::new(
        Arc::new(MemoryStorage::new()),
        ProjectOptions::default(),
    ));
    let index_start = Instant::now();
    runtime.block_on(async {
        for file in &files {
            project
                .add_or_update_file(&file.path, &file.source)
                .await
                .unwrap();
        }
    });
    let index_time = index_start.elapsed();

    // Every reference and every definition position of the corpus.
    let (mut references, mut definitions) = (Vec::new(), Vec::new());
    runtime.block_on(async {
        for file in &files {
            let index = project.file_index(&file.path).await.unwrap().unwrap();
            for node in &index.graph.nodes {
                match node {
                    Node::Reference(r) => references.push((file.path.clone(), r.range.start)),
                    Node::Definition(d) => definitions.push((file.path.clone(), d.range.start)),
                    _ => {}
                }
            }
        }
    });
    let references = evenly(&references, 50_000);
    let definitions = evenly(&definitions, 300);

    let (floor, found) = runtime.block_on(time_each(&references, |path, at| {
        let project = project.clone();
        async move {
            let index = project.file_index(&path).await.unwrap().unwrap();
            usize::from(index.lookup().node_at(at).is_some())
        }
    }));
    assert_eq!(
        found,
        references.len(),
        "every reference position finds its node"
    );
    let (definition, resolved) = runtime.block_on(time_each(&references, |path, at| {
        let project = project.clone();
        async move { usize::from(project.go_to_definition(&path, at).await.unwrap().is_some()) }
    }));
    if std::env::var("SKEIN_BENCH_SLOWEST").is_ok() {
        runtime.block_on(async {
            let mut timed = Vec::new();
            for (path, at) in &definitions {
                let start = Instant::now();
                let n = project
                    .find_references(path, *at, false)
                    .await
                    .unwrap()
                    .len();
                timed.push((start.elapsed(), path.clone(), *at, n));
            }
            timed.sort();
            for slow in timed.iter().rev().take(8) {
                println!(
                    "slow: {:?} {} {}:{} -> {}",
                    slow.0, slow.1, slow.2.row, slow.2.column, slow.3
                );
            }
        });
    }
    let (references_found, total_sites) = runtime.block_on(time_each(&definitions, |path, at| {
        let project = project.clone();
        async move {
            project
                .find_references(&path, at, false)
                .await
                .unwrap()
                .len()
        }
    }));

    // Typing into the largest file: insert one character per edit.
    let largest = files.iter().max_by_key(|f| f.source.len()).unwrap();
    let (incremental, full) = runtime.block_on(async {
        let edit_at = skein_core::position::LineIndex::new(&largest.source)
            .point_at(largest.source.len() / 2);
        let anchor = Point {
            row: edit_at.row,
            column: 0,
        };
        let (mut incremental, mut full) = (Vec::new(), Vec::new());
        let mut text = largest.source.clone();
        let insert_byte = skein_core::position::LineIndex::new(&text)
            .byte_at(anchor)
            .unwrap();
        for i in 0..40 {
            let start = Instant::now();
            project
                .update_file_range(&largest.path, anchor, anchor, " ")
                .await
                .unwrap();
            incremental.push(start.elapsed());
            text.insert(insert_byte, ' ');
            // The same text through a full parse, in a second file.
            let copy = format!("copy-{}", largest.path);
            let start = Instant::now();
            project.add_or_update_file(&copy, &text).await.unwrap();
            full.push(start.elapsed());
            assert_eq!(i + 1, text.len() - largest.source.len());
        }
        (incremental, full)
    });
    let us = |d: Duration| d.as_secs_f64() * 1e6;
    println!(
        "corpus {}: {} files indexed in {:.0} ms (memory provider, one at a time)",
        corpus.display(),
        files.len(),
        index_time.as_secs_f64() * 1e3
    );
    println!();
    println!("| query | count | median | p90 | max | answered |");
    println!("|---|---:|---:|---:|---:|---:|");
    for (name, latencies, answered) in [
        ("floor: cached index + node at position", &floor, found),
        ("go_to_definition", &definition, resolved),
        ("find_references", &references_found, total_sites),
    ] {
        let mut sorted = latencies.clone();
        println!(
            "| {name} | {} | {:.1} µs | {:.1} µs | {:.0} µs | {answered} |",
            latencies.len(),
            us(median(&mut sorted)),
            us(percentile(&sorted, 0.9)),
            us(*sorted.last().unwrap()),
        );
    }
    println!();
    println!("(find_references `answered` = references returned in total)");
    println!();
    println!(
        "| edit {} ({:.0} KB), one character | median | p90 |",
        largest.path,
        largest.source.len() as f64 / 1e3
    );
    println!("|---|---:|---:|");
    for (name, mut latencies) in [
        ("update_file_range (incremental re-parse)", incremental),
        ("add_or_update_file (full parse)", full),
    ] {
        let median = median(&mut latencies);
        println!(
            "| {name} | {:.2} ms | {:.2} ms |",
            median.as_secs_f64() * 1e3,
            percentile(&latencies, 0.9).as_secs_f64() * 1e3
        );
    }
}
