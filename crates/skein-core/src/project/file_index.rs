//! The stored per-file state: the file's source and its scope graph.

use crate::error::{Error, ErrorKind, Result};
use crate::lang::Language;
use crate::position::{LineIndex, Range};
use crate::resolve::{script_import_stem, FileLookup, NameFilter};
use crate::scope_graph::{self, Node, ScopeGraph};
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// Bumped when analysis changes what it produces, so stored indexes re-build.
/// 5: JS/TS name filters hold the stems of the modules a file imports.
/// 6: a TypeScript name in a type position resolves to a type, in an
/// expression to a value (`interface W` beside `declare var W`).
pub const ANALYZER_VERSION: u32 = 6;

/// The first [`ANALYZER_VERSION`] whose name filters hold import stems
/// ([`FileIndex::name_filter`]); a file indexed before may import anything.
pub const IMPORT_STEMS_SINCE: u32 = 5;

/// How an import stem goes into a name filter: apart from every name,
/// which never holds a NUL.
pub fn import_stem_key(stem: &str) -> String {
    format!("\0{stem}")
}

/// Everything Skein keeps about one file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FileIndex {
    /// The path exactly as given.
    pub path: String,
    /// The file's language.
    pub language: Language,
    /// blake3 of the source text.
    #[serde(with = "crate::storage::byte_fields::hash")]
    pub content_hash: [u8; 32],
    /// The source text.
    pub source: String,
    /// The scope graph.
    pub graph: ScopeGraph,
    /// Lookup tables over the graph, built on first use; never stored.
    #[serde(skip)]
    lookup: LazyLookup,
}

/// Derived tables: built from the graph, so they take no part in equality
/// and a clone starts without them.
#[derive(Default)]
struct LazyLookup(OnceLock<FileLookup>);

impl Clone for LazyLookup {
    fn clone(&self) -> Self {
        LazyLookup::default()
    }
}

impl PartialEq for LazyLookup {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl std::fmt::Debug for LazyLookup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LazyLookup")
    }
}

impl FileIndex {
    /// Parses and analyzes `source`. CPU-bound: call it off the async threads.
    pub fn analyze(path: &str, source: String) -> Result<FileIndex> {
        let language = Language::for_path(path)?;
        let graph = scope_graph::build(path, language, &source)?;
        Ok(FileIndex::from_graph(path, language, source, graph))
    }

    /// Wraps an already built graph of `source`.
    pub fn from_graph(
        path: &str,
        language: Language,
        source: String,
        graph: ScopeGraph,
    ) -> FileIndex {
        let content_hash = content_hash(&source);
        FileIndex::from_hashed_graph(path, language, source, content_hash, graph)
    }

    /// [`from_graph`](Self::from_graph), given the source's
    /// [`content_hash`] computed already.
    pub fn from_hashed_graph(
        path: &str,
        language: Language,
        source: String,
        content_hash: [u8; 32],
        graph: ScopeGraph,
    ) -> FileIndex {
        debug_assert_eq!(content_hash, self::content_hash(&source), "{path}");
        FileIndex {
            path: path.to_string(),
            language,
            content_hash,
            source,
            graph,
            lookup: LazyLookup::default(),
        }
    }

    /// Lookup tables over the graph (built on first use).
    pub fn lookup(&self) -> &FileLookup {
        self.lookup.0.get_or_init(|| FileLookup::new(&self.graph))
    }

    /// The names the file mentions (defines, imports, uses, exports), for
    /// the directory's name filter; in JS/TS also the stem of every module
    /// it imports or re-exports from ([`import_stem_key`]), so the files
    /// that import one module's `default` are found without reading all
    /// that import some `default`.
    pub fn name_filter(&self) -> NameFilter {
        let mut stems: Vec<String> = Vec::new();
        if self.language.shares_modules_with(Language::JavaScript) {
            let imports = self.graph.nodes.iter().filter_map(|node| match node {
                Node::Import(i) => i.source_module.as_deref(),
                _ => None,
            });
            let exports = self.graph.exports.iter().filter_map(|e| match &e.target {
                scope_graph::ExportTarget::Module { module, .. } => Some(module.as_str()),
                _ => None,
            });
            let stars = self.graph.star_modules.iter().map(|s| s.module.as_str());
            stems = imports
                .chain(exports)
                .chain(stars)
                .filter_map(|module| script_import_stem(&self.path, module))
                .map(|stem| import_stem_key(&stem))
                .collect();
        }
        let mut names: Vec<&str> = stems.iter().map(String::as_str).collect();
        for node in &self.graph.nodes {
            match node {
                Node::Definition(d) => names.push(&d.name),
                Node::Reference(r) => names.push(&r.name),
                Node::Import(i) => {
                    names.push(&i.name);
                    names.extend(i.source_name.as_deref());
                }
                Node::Scope(_) => {}
            }
        }
        for export in &self.graph.exports {
            names.push(&export.name);
            // `export { a as b } from './m'` mentions `a` without a reference to it.
            if let scope_graph::ExportTarget::Module { name, .. } = &export.target {
                names.push(name);
            }
        }
        NameFilter::new(names)
    }

    /// The text of `range` (end exclusive), or an error naming the range if it
    /// does not lie inside the file.
    pub fn text_of(&self, range: Range) -> Result<&str> {
        let lines = LineIndex::new(&self.source);
        let bad = || {
            Error::new(
                ErrorKind::InvalidInput,
                format!(
                    "range {}:{}-{}:{} is outside the file",
                    range.start.row, range.start.column, range.end.row, range.end.column
                ),
            )
            .with_path(&self.path)
        };
        let start = lines.byte_at(range.start).ok_or_else(bad)?;
        let end = lines.byte_at(range.end).ok_or_else(bad)?;
        self.source.get(start..end.max(start)).ok_or_else(bad)
    }
}

/// The content hash stored for a file: blake3 of its source.
pub fn content_hash(source: &str) -> [u8; 32] {
    *blake3::hash(source.as_bytes()).as_bytes()
}
