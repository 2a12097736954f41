//! Compiles `src/tree_query/node_table.c`, which reads tree-sitter's
//! subtrees directly, against the headers of the tree-sitter crate that
//! built the library: the layouts are the library's own.

use std::env;
use std::path::PathBuf;

fn main() {
    // tree-sitter's build script publishes its `include` folder
    // (`links = "tree-sitter"`); its sources and private headers sit
    // beside it in `src`.
    let include = PathBuf::from(
        env::var("DEP_TREE_SITTER_INCLUDE")
            .expect("the tree-sitter crate's build script sets DEP_TREE_SITTER_INCLUDE"),
    );
    let private = include
        .parent()
        .expect("tree-sitter's include folder has a parent")
        .join("src");
    let file = "src/tree_query/node_table.c";
    println!("cargo:rerun-if-changed={file}");
    cc::Build::new()
        .file(file)
        .include(&private)
        .include(&include)
        .flag_if_supported("-std=c11")
        .flag_if_supported("-fvisibility=hidden")
        .define("_POSIX_C_SOURCE", "200112L")
        .define("_DEFAULT_SOURCE", None)
        .warnings(true)
        .compile("skein-node-table");
}
