//! The work analysis adds to parsing, counted in instructions: run under
//! callgrind, whose counts do not move with the machine's load (wall time
//! on this VM varies by ±20% from one minute to the next).
//!
//! ```text
//! benches/instructions.sh [CORPUS_DIR]
//! ```
//! runs this binary twice under `valgrind --tool=callgrind`: `parse` parses
//! every corpus file once with a fresh tree-sitter parser (the floor, as in
//! `index_corpus`), `analyze` runs `FileIndex::analyze` on each (parse,
//! query, scope graph), and prints the ratio of the two counts. Both load
//! the corpus and compile every query first, so the ratio is of the work
//! per file.

mod corpus;

use skein_core::lang::Language;
use skein_core::project::FileIndex;
use std::path::PathBuf;

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
            for file in &files {
                let mut parser = tree_sitter::Parser::new();
                parser.set_language(&file.language.grammar()).unwrap();
                std::hint::black_box(parser.parse(&file.source, None).unwrap());
            }
        }
        "analyze" => {
            for file in &files {
                std::hint::black_box(FileIndex::analyze(&file.path, file.source.clone()).unwrap());
            }
        }
        "load" => {}
        _ => {
            eprintln!("usage: analysis_work parse|analyze|load [CORPUS_DIR]");
            std::process::exit(2);
        }
    }
}
