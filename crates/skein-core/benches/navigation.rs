//! Query speed on the corpus with the memory provider, against the floor
//! of reading a cached index and finding the node at a position.
//!
//! ```text
//! cargo bench -p skein-core --bench navigation -- [CORPUS_DIR]
//! ```
//! - `floor`: `file_index` (cached) + the position lookup, no resolution.
//! - `go_to_definition`: every reference of the corpus (up to 50,000, evenly sampled).
//! - `find_references`: 300 definitions, evenly sampled.

mod corpus;

use corpus::{median, percentile};
use skein_core::position::Point;
use skein_core::project::{Project, ProjectOptions};
use skein_core::scope_graph::Node;
use skein_core::storage::MemoryStorage;
use std::path::PathBuf;
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
    let corpus = std::env::args()
        .skip(1)
        .find(|a| a != "--bench")
        .map(PathBuf::from)
        .unwrap_or_else(corpus::default_dir);
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
}
