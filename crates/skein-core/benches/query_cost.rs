//! Where analysis time goes, per language, on trees parsed beforehand: the
//! parse itself (the floor), a plain `TreeCursor` walk over every node, the
//! analysis query run by tree-sitter's `QueryCursor` and by Skein's
//! `TreeQuery` (every match consumed, nothing built), and `TreeQuery` plus
//! the scope-graph builder (what analysis runs). One thread, best of 5.
//!
//! ```text
//! cargo bench -p skein-core --bench query_cost -- [CORPUS_DIR]
//! ```
//! This is the evidence behind `tree_query`: the walk is a floor of its
//! own (about 0.2× the parse), and tree-sitter's query cursor costs three
//! to four times that on the same patterns.

mod corpus;

use corpus::best_of;
use skein_core::lang::Language;
use skein_core::scope_graph;
use streaming_iterator::StreamingIterator;
use tree_sitter::{QueryCursor, Tree};

/// Visits every node once, reading its kind, as a hand-written analysis would.
fn walk(tree: &Tree) -> usize {
    let mut cursor = tree.walk();
    let mut kinds = 0usize;
    loop {
        kinds = kinds.wrapping_add(cursor.node().kind_id() as usize);
        if cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return kinds;
            }
        }
    }
}

fn main() {
    let dir = corpus::dir_from_args();
    let files = corpus::load(&dir);
    println!(
        "corpus {}: {} files; 1 thread, best of 5",
        dir.display(),
        files.len()
    );
    println!();
    println!("| language | parse (floor) | tree walk | tree-sitter query alone | TreeQuery alone | TreeQuery + builder |");
    println!("|---|---:|---:|---:|---:|---:|");
    for language in Language::ALL {
        let subset: Vec<_> = files.iter().filter(|f| f.language == language).collect();
        if subset.is_empty() {
            continue;
        }
        let query = language.query();
        let (parse, trees) = best_of(5, || {
            subset
                .iter()
                .map(|f| scope_graph::parse(language, &f.source, None).unwrap())
                .collect::<Vec<_>>()
        });
        let (walk_time, _) = best_of(5, || trees.iter().map(walk).sum::<usize>());
        let (query_time, _) = best_of(5, || {
            let mut cursor = QueryCursor::new();
            let mut captures = 0usize;
            for (file, tree) in subset.iter().zip(&trees) {
                let mut matches = cursor.matches(query, tree.root_node(), file.source.as_bytes());
                while let Some(m) = matches.next() {
                    captures += m.captures.len();
                }
            }
            captures
        });
        let tree_query = language.tree_query();
        let (tree_query_time, _) = best_of(5, || {
            let mut captures = 0usize;
            for (file, tree) in subset.iter().zip(&trees) {
                let matches = tree_query.matches(tree.root_node(), file.source.as_bytes());
                captures += matches.iter().map(|m| m.captures.len()).sum::<usize>();
            }
            captures
        });
        let (build, _) = best_of(5, || {
            for (file, tree) in subset.iter().zip(&trees) {
                std::hint::black_box(scope_graph::build_from_tree(
                    &file.path,
                    language,
                    &file.source,
                    tree,
                ));
            }
        });
        let ms = |d: std::time::Duration| d.as_secs_f64() * 1e3;
        let ratio = |d: std::time::Duration| d.as_secs_f64() / parse.as_secs_f64();
        println!(
            "| {} | {:.0} ms | {:.0} ms ({:.2}×) | {:.0} ms ({:.2}×) | {:.0} ms ({:.2}×) | {:.0} ms ({:.2}×) |",
            language.name(),
            ms(parse),
            ms(walk_time),
            ratio(walk_time),
            ms(query_time),
            ratio(query_time),
            ms(tree_query_time),
            ratio(tree_query_time),
            ms(build),
            ratio(build),
        );
    }
}
