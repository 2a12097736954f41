//! The stored per-file state: the file's source and its scope graph.

use crate::error::{Error, ErrorKind, Result};
use crate::lang::Language;
use crate::position::{LineIndex, Range};
use crate::scope_graph::{self, ScopeGraph};
use serde::{Deserialize, Serialize};

/// Bumped when analysis changes what it produces, so stored indexes re-build.
pub const ANALYZER_VERSION: u32 = 1;

/// Everything Skein keeps about one file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FileIndex {
    /// The path exactly as given.
    pub path: String,
    /// The file's language.
    pub language: Language,
    /// blake3 of the source text.
    pub content_hash: [u8; 32],
    /// The source text.
    pub source: String,
    /// The scope graph.
    pub graph: ScopeGraph,
}

impl FileIndex {
    /// Parses and analyzes `source`. CPU-bound: call it off the async threads.
    pub fn analyze(path: &str, source: String) -> Result<FileIndex> {
        let language = Language::for_path(path)?;
        let graph = scope_graph::build(path, language, &source)?;
        Ok(FileIndex {
            path: path.to_string(),
            language,
            content_hash: content_hash(&source),
            source,
            graph,
        })
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
