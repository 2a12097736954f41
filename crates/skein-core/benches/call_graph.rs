//! Call graph speed on the corpus with the memory provider, against the
//! floor of indexing the same files in the same run (issue 4's goals: a
//! full `get_call_graph` within 0.2× of indexing; one file updated, then
//! `get_call_graph`, on a 2,000-file project within 50 ms).
//!
//! ```text
//! cargo bench -p skein-core --bench call_graph -- [CORPUS_DIR]
//! CACHE_MB=256 cargo bench -p skein-core --bench call_graph   # cache_bytes 256 MiB
//! ```
//! - `index`: `add_or_update_files` of the corpus (the floor).
//! - `first graph`: `get_call_graph` on the freshly indexed project.
//! - `again`: `get_call_graph` with nothing changed.
//! - `reopened`: `get_call_graph` on a second project over the same storage.
//! - `update + graph`: the corpus copied under several folders (2,000 files
//!   or more); one Python file edited, then `get_call_graph`: once right
//!   after the first graph (the project starts keeping its last graph
//!   then), then alternately a comment added and a function added and
//!   called; then with `get_shared_call_graph`, which shares the kept
//!   graph instead of copying it (as the Node binding does).

mod corpus;

use corpus::median;
use skein_core::project::{CallGraphOptions, Project, ProjectOptions};
use skein_core::storage::MemoryStorage;
use std::sync::Arc;
use std::time::{Duration, Instant};

const ROUNDS: usize = 7;

/// The default options, or `cache_bytes` of `CACHE_MB` MiB.
fn options() -> ProjectOptions {
    let mut options = ProjectOptions::default();
    if let Some(mb) = std::env::var("CACHE_MB")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
    {
        options.cache_bytes = Some(mb << 20);
    }
    options
}

async fn index(project: &Project, files: &[(String, String)]) -> Duration {
    let start = Instant::now();
    for result in project.add_or_update_files(files.to_vec()).await {
        result.unwrap();
    }
    start.elapsed()
}

async fn graph_time(project: &Project) -> (Duration, usize) {
    let start = Instant::now();
    let graph = project
        .get_call_graph(&CallGraphOptions::default())
        .await
        .unwrap();
    (start.elapsed(), graph.edges.len())
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let corpus = corpus::dir_from_args();
    let files: Vec<(String, String)> = corpus::load(&corpus)
        .into_iter()
        .map(|f| (f.path, f.source))
        .collect();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let (mut ratios, mut indexing, mut first, mut again, mut reopened) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let mut edges = 0;
        for _ in 0..ROUNDS {
            let storage = Arc::new(MemoryStorage::new());
            let project = Project::new(storage.clone(), options());
            let index_time = index(&project, &files).await;
            let (first_time, n) = graph_time(&project).await;
            let (again_time, _) = graph_time(&project).await;
            let other = Project::open(storage, options()).await.unwrap();
            let (reopened_time, m) = graph_time(&other).await;
            assert_eq!(n, m, "a reopened project has the same graph");
            edges = n;
            ratios.push(first_time.as_secs_f64() / index_time.as_secs_f64());
            indexing.push(index_time);
            first.push(first_time);
            again.push(again_time);
            reopened.push(reopened_time);
        }
        println!("corpus: {} files, {edges} edges", files.len());
        println!("| measurement (median of {ROUNDS}) | time | vs indexing |");
        println!("|---|---:|---:|");
        let index_median = median(&mut indexing);
        println!("| index (floor) | {} | 1.00× |", ms(index_median));
        let share = |d: Duration| d.as_secs_f64() / index_median.as_secs_f64();
        ratios.sort_by(f64::total_cmp);
        let first_median = median(&mut first);
        println!(
            "| first get_call_graph | {} | {:.2}× (median of per-run ratios {:.2}×) |",
            ms(first_median),
            share(first_median),
            ratios[ratios.len() / 2]
        );
        let again_median = median(&mut again);
        println!(
            "| get_call_graph again | {} | {:.2}× |",
            ms(again_median),
            share(again_median)
        );
        let reopened_median = median(&mut reopened);
        println!(
            "| get_call_graph, reopened project | {} | {:.2}× |",
            ms(reopened_median),
            share(reopened_median)
        );

        let copies = 2000usize.div_ceil(files.len());
        let big: Vec<(String, String)> = (0..copies)
            .flat_map(|c| {
                files
                    .iter()
                    .map(move |(path, source)| (format!("copy{c}/{path}"), source.clone()))
            })
            .collect();
        let project = Project::new(Arc::new(MemoryStorage::new()), options());
        let big_index = index(&project, &big).await;
        let (big_first, _) = graph_time(&project).await;
        let (edited, source) = big.iter().find(|(p, _)| p.ends_with(".py")).unwrap();
        // Two kinds of edit: a comment added (no call changes), and a
        // function added and called (a node and an edge more, so every
        // later edge moves).
        let comment = |i: usize| format!("{source}\n# edit {i}\n");
        let call = |i: usize| format!("{source}\ndef _edit_{i}():\n    return {i}\n_edit_{i}()\n");
        let update_round = |source: String| {
            let project = &project;
            async move {
                let start = Instant::now();
                project.add_or_update_file(edited, &source).await.unwrap();
                graph_time(project).await;
                start.elapsed()
            }
        };
        // The first graph after the first is assembled whole and kept
        // (`get_call_graph` keeps the last graph from its second on);
        // later ones update it.
        let first_update = update_round(call(usize::MAX)).await;
        let (mut comments, mut calls) = (Vec::new(), Vec::new());
        for round in 0..ROUNDS {
            comments.push(update_round(comment(round)).await);
            calls.push(update_round(call(round)).await);
        }
        // The graph shared with the project rather than copied, as the
        // Node binding takes it.
        let mut shared = Vec::new();
        for round in 0..ROUNDS {
            let start = Instant::now();
            let source = call(ROUNDS + round);
            project.add_or_update_file(edited, &source).await.unwrap();
            let graph = project
                .get_shared_call_graph(&CallGraphOptions::default())
                .await
                .unwrap();
            drop(graph);
            shared.push(start.elapsed());
        }
        println!();
        println!("| {}-file project | time |", big.len());
        println!("|---|---:|");
        println!("| index | {} |", ms(big_index));
        println!("| first get_call_graph | {} |", ms(big_first));
        println!(
            "| update one file, then get_call_graph: the first time | {} |",
            ms(first_update)
        );
        println!(
            "| update one file (a comment added), then get_call_graph (median of {ROUNDS}) | {} |",
            ms(median(&mut comments))
        );
        println!(
            "| update one file (a function added and called), then get_call_graph (median of {ROUNDS}) | {} |",
            ms(median(&mut calls))
        );
        println!(
            "| the same, then get_shared_call_graph: shared, not copied (median of {ROUNDS}) | {} |",
            ms(median(&mut shared))
        );
    });
}
