//! A query reads each stored file once, even a file the project's cache
//! cannot hold. Such a file is decoded anew at every read, and one query
//! used to read it again for each of its occurrences: `find_references`
//! on a function with 17 uses in TypeScript's 9 MB `typescript.js` took
//! 4.4 s instead of 0.8 s.
//!
//! Between queries, the last such file read twice stays decoded outside the
//! cache's bound: every query in that file used to read and decode it anew
//! (270 ms for a `go_to_definition` in `typescript.js`).

mod common;

use common::counting_storage::CountingStorage;
use skein_core::position::Point;
use skein_core::project::Project;
use std::sync::Arc;

/// `files` stored, then opened afresh with a cache too small for any of
/// them, the read counts reset.
async fn opened_with_a_tiny_cache(files: &[(&str, String)]) -> (Project, Arc<CountingStorage>) {
    let files: Vec<(&str, &str)> = files.iter().map(|(p, s)| (*p, s.as_str())).collect();
    CountingStorage::stored_then_opened(&files, 1).await
}

#[tokio::test]
async fn find_references_reads_a_file_once_for_all_its_uses() {
    let uses = 40;
    let lib = format!("def target():\n    pass\n\n{}", "target()\n".repeat(uses));
    let user = format!("from lib import target\n\n{}", "target()\n".repeat(uses));
    let (project, storage) = opened_with_a_tiny_cache(&[("lib.py", lib), ("user.py", user)]).await;

    let sites = project
        .find_references("lib.py", Point { row: 0, column: 4 }, false)
        .await
        .unwrap();
    // Every call in both files, and the import.
    assert_eq!(sites.len(), 2 * uses + 1);
    let (most, key) = storage.take_most_read();
    assert!(
        most <= 2,
        "{key} was read {most} times for {} references",
        sites.len()
    );
}

#[tokio::test]
async fn an_inheritance_chain_reads_a_base_file_once() {
    // Every class of `bases.py` derives from the one before: the chain of
    // the last goes through the file at each step.
    let classes = 30;
    let mut bases = "class C0:\n    pass\n".to_string();
    for i in 1..classes {
        bases.push_str(&format!("\nclass C{i}(C{}):\n    pass\n", i - 1));
    }
    let user = format!(
        "from bases import C{}\n\nclass Leaf(C{}):\n    pass\n",
        classes - 1,
        classes - 1
    );
    let (project, storage) =
        opened_with_a_tiny_cache(&[("bases.py", bases), ("user.py", user)]).await;

    let leaf = project
        .get_definitions("user.py")
        .await
        .unwrap()
        .into_iter()
        .find(|d| d.name == "Leaf")
        .unwrap();
    let chain = project
        .get_inheritance_chain("user.py", &leaf.symbol_id)
        .await
        .unwrap();
    assert_eq!(chain.len(), classes);
    let (most, key) = storage.take_most_read();
    assert!(
        most <= 2,
        "{key} was read {most} times for a chain of {classes}"
    );
}

#[tokio::test]
async fn the_last_file_larger_than_the_cache_stays_decoded_between_queries() {
    let source = format!("def target():\n    pass\n\n{}", "target()\n".repeat(50));
    let (project, storage) = opened_with_a_tiny_cache(&[("big.py", source)]).await;
    let at = Point { row: 3, column: 0 };
    let mut reads = Vec::new();
    for _ in 0..3 {
        let found = project.go_to_definition("big.py", at).await.unwrap();
        assert_eq!(
            found.map(|(_, d)| d.name.to_string()),
            Some("target".to_string())
        );
        reads.push(storage.take_most_read().0);
    }
    // Read on the first query, kept on its second read, then not read.
    assert_eq!(reads, vec![1, 1, 0]);
}
