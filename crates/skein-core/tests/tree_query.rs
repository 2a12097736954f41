//! `TreeQuery` must give exactly the matches tree-sitter's `QueryCursor`
//! gives for Skein's analysis queries: compared match for match on every
//! test fixture, on each fixture cut short (trees with ERROR and MISSING
//! nodes), and on the benchmark corpus when it is present
//! (`$SKEIN_CORPUS` or `~/.cache/skein-corpus`).

use skein_core::lang::Language;
use skein_core::tree_query::TreeQuery;
use std::path::{Path, PathBuf};
use streaming_iterator::StreamingIterator;
use tree_sitter::QueryCursor;

/// A match as (pattern, [(capture name, start, end, kind)]), sorted.
type Described = (usize, Vec<(String, usize, usize, u16)>);

/// One match, described the same way whichever matcher found it.
fn describe<'t>(
    pattern: usize,
    captures: impl Iterator<Item = (&'t str, tree_sitter::Node<'t>)>,
) -> Described {
    let mut captures: Vec<_> = captures
        .map(|(name, node)| {
            (
                name.to_string(),
                node.start_byte(),
                node.end_byte(),
                node.kind_id(),
            )
        })
        .collect();
    captures.sort();
    (pattern, captures)
}

fn tree_sitter_matches(
    language: Language,
    tree: &tree_sitter::Tree,
    source: &str,
) -> Vec<Described> {
    let query = language.query();
    let names = query.capture_names();
    let mut cursor = QueryCursor::new();
    let mut matches = cursor.matches(query, tree.root_node(), source.as_bytes());
    let mut out = Vec::new();
    while let Some(m) = matches.next() {
        let captures = m.captures.iter().map(|c| (names[c.index as usize], c.node));
        out.push(describe(m.pattern_index, captures));
    }
    out.sort();
    out.dedup();
    out
}

fn our_matches(language: Language, tree: &tree_sitter::Tree, source: &str) -> Vec<Described> {
    let query: &TreeQuery = language.tree_query();
    let names = query.capture_names();
    let matches = query.matches(tree.root_node(), source.as_bytes());
    let mut out: Vec<Described> = matches
        .iter()
        .map(|m| {
            let captures = m
                .captures
                .iter()
                .map(|c| (names[c.index as usize].as_str(), c.node));
            describe(m.pattern_index, captures)
        })
        .collect();
    let count = out.len();
    out.sort();
    out.dedup();
    assert_eq!(count, out.len(), "TreeQuery gave a match twice");
    out
}

/// Compares the two on one source; returns a description of the first difference.
fn compare(path: &str, source: &str) -> Option<String> {
    let language = Language::from_path(path)?;
    let tree = skein_core::scope_graph::parse(language, source, None).ok()?;
    let expected = tree_sitter_matches(language, &tree, source);
    let actual = our_matches(language, &tree, source);
    if expected == actual {
        return None;
    }
    let missing: Vec<_> = expected
        .iter()
        .filter(|m| !actual.contains(m))
        .take(3)
        .collect();
    let extra: Vec<_> = actual
        .iter()
        .filter(|m| !expected.contains(m))
        .take(3)
        .collect();
    Some(format!(
        "{path}: {} matches from tree-sitter, {} from TreeQuery\n  missing: {missing:?}\n  extra: {extra:?}",
        expected.len(),
        actual.len()
    ))
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, files);
        } else if Language::from_path(&path.to_string_lossy()).is_some() {
            files.push(path);
        }
    }
    files.sort();
}

fn check_files(files: &[PathBuf], cuts: usize) {
    let mut failures = Vec::new();
    for file in files {
        let Ok(source) = std::fs::read_to_string(file) else {
            continue;
        };
        let path = file.to_string_lossy();
        failures.extend(compare(&path, &source));
        // The same file cut short at a few places: unfinished code.
        for cut in 1..=cuts {
            let mut at = source.len() * cut / (cuts + 1);
            while !source.is_char_boundary(at) {
                at -= 1;
            }
            failures.extend(compare(&path, &source[..at]));
        }
    }
    assert!(
        failures.is_empty(),
        "{} differences:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn same_matches_as_tree_sitter_on_every_fixture() {
    let tests = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut files = Vec::new();
    collect(&tests.join("lang"), &mut files);
    collect(&tests.join("navigation"), &mut files);
    assert!(
        files.len() >= 50,
        "fixtures not found under {}",
        tests.display()
    );
    check_files(&files, 7);
}

#[test]
fn same_matches_as_tree_sitter_on_the_corpus() {
    let dir = std::env::var_os("SKEIN_CORPUS")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cache/skein-corpus")));
    let Some(dir) = dir.filter(|d| d.is_dir()) else {
        eprintln!("no corpus (see ../shared/corpus/fetch.sh); skipped");
        return;
    };
    let mut files = Vec::new();
    collect(&dir, &mut files);
    check_files(&files, 0);
}

#[test]
fn syntax_errors_name_line_and_column() {
    let grammar = Language::JavaScript.grammar();
    let err = |source: &str| match TreeQuery::new(&grammar, source) {
        Ok(_) => panic!("{source:?} compiled"),
        Err(err) => err.to_string(),
    };
    assert_eq!(
        err("(program)\n  (no_such_node)"),
        "2:4: the grammar has no node 'no_such_node'"
    );
    assert_eq!(
        err("(call_expression nope: (identifier))"),
        "1:18: the grammar has no field 'nope'"
    );
    assert_eq!(err("(identifier)*"), "1:13: quantifiers are not supported");
    assert_eq!(
        err("((identifier) (#frobnicate? @x))").split(':').next(),
        Some("1")
    );
    assert_eq!(err("(program"), "1:1: unclosed '('");
}

#[test]
fn anchors_alternations_negated_fields_and_predicates() {
    let grammar = Language::JavaScript.grammar();
    let source = "f(a, b); g(c); import { x as y, z } from 'm';";
    let mut parser = tree_sitter::Parser::new();
    parser.set_language(&grammar).unwrap();
    let tree = parser.parse(source, None).unwrap();
    let run = |query: &str| -> Vec<String> {
        let query = TreeQuery::new(&grammar, query).unwrap();
        let matches = query.matches(tree.root_node(), source.as_bytes());
        matches
            .iter()
            .map(|m| {
                m.captures
                    .iter()
                    .map(|c| {
                        let name = &query.capture_names()[c.index as usize];
                        format!("{name}={}", &source[c.node.byte_range()])
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    };
    assert_eq!(
        run("(arguments . (identifier) @first)"),
        ["first=a", "first=c"]
    );
    assert_eq!(
        run("(arguments (identifier) @last .)"),
        ["last=b", "last=c"]
    );
    assert_eq!(
        run("(arguments (identifier) @a (identifier) @b)"),
        ["a=a b=b"]
    );
    assert_eq!(
        run("(call_expression function: [(identifier) (member_expression)] @f)"),
        ["f=f", "f=g"]
    );
    assert_eq!(
        run("((call_expression function: (identifier) @f) (#eq? @f \"g\"))"),
        ["f=g"]
    );
    assert_eq!(
        run("((call_expression function: (identifier) @f) (#not-any-of? @f \"g\" \"h\"))"),
        ["f=f"]
    );
    assert_eq!(
        run("((identifier) @id (#match? @id \"^[xy]$\"))"),
        ["id=x", "id=y"]
    );
    assert_eq!(
        run("(import_specifier name: (identifier) @n !alias)"),
        ["n=z"]
    );
}
