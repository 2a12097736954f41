//! What a resolution read: the files (at which content) and the name
//! searches it depended on. A caller that keeps results (the call graph
//! keeps each file's resolved calls) checks them against the project later
//! and resolves again only when something read has changed.
//!
//! The resolver remembers answers across names (what a module exports, a
//! Rust type's `impl`s); an answer remembered while resolving one file and
//! reused for another must count as read by both. So each remembered
//! answer keeps the reads made while computing it, and replays them on
//! every reuse.

use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc;

/// A file as read: its path and content hash, or `None` when the project
/// had no such file.
pub type FileRead = (String, Option<[u8; 32]>);

/// A name search ([`FileSource::files_mentioning`]) and the paths it gave.
///
/// [`FileSource::files_mentioning`]: super::FileSource::files_mentioning
pub type NameSearch = (String, Vec<String>);

/// Everything read by some resolutions, each item once.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Reads {
    /// Files read, sorted by path.
    pub files: Vec<FileRead>,
    /// Name searches made, sorted by name.
    pub searches: Vec<NameSearch>,
}

/// Reads as numbers into the trace's tables: cheap to copy on every reuse
/// of a remembered answer.
#[derive(Debug, Default)]
pub(super) struct ReadIds {
    files: Vec<u32>,
    searches: Vec<u32>,
}

impl ReadIds {
    fn extend(&mut self, other: &ReadIds) {
        self.files.extend_from_slice(&other.files);
        self.searches.extend_from_slice(&other.searches);
    }

    fn dedup(&mut self) {
        self.files.sort_unstable();
        self.files.dedup();
        self.searches.sort_unstable();
        self.searches.dedup();
    }
}

/// The number of `item` in `table`, adding it if new.
fn intern<T: Clone + Eq + std::hash::Hash>(
    table: &mut Vec<T>,
    ids: &mut HashMap<T, u32>,
    item: T,
) -> u32 {
    let next = table.len() as u32;
    let id = *ids.entry(item.clone()).or_insert(next);
    if id == next {
        table.push(item);
    }
    id
}

/// The reads of the resolutions in progress, innermost last.
#[derive(Debug, Default)]
pub(super) struct Trace {
    files: Vec<FileRead>,
    file_ids: HashMap<FileRead, u32>,
    searches: Vec<NameSearch>,
    search_ids: HashMap<NameSearch, u32>,
    frames: Vec<ReadIds>,
}

impl Trace {
    /// Starts collecting the reads of one computation inside the current one.
    pub fn begin(&mut self) {
        self.frames.push(ReadIds::default());
    }

    /// Ends the innermost computation: its reads, which also count as the
    /// enclosing computation's.
    pub fn end(&mut self) -> Arc<ReadIds> {
        let mut reads = self.frames.pop().unwrap_or_default();
        reads.dedup();
        if let Some(outer) = self.frames.last_mut() {
            outer.extend(&reads);
        }
        Arc::new(reads)
    }

    /// Counts a remembered answer's reads as the current computation's.
    pub fn replay(&mut self, reads: &ReadIds) {
        if let Some(current) = self.frames.last_mut() {
            current.extend(reads);
        }
    }

    pub fn read_file(&mut self, path: &str, content_hash: Option<[u8; 32]>) {
        let id = intern(
            &mut self.files,
            &mut self.file_ids,
            (path.to_string(), content_hash),
        );
        if let Some(current) = self.frames.last_mut() {
            current.files.push(id);
        }
    }

    pub fn searched(&mut self, name: &str, found: &[String]) {
        let id = intern(
            &mut self.searches,
            &mut self.search_ids,
            (name.to_string(), found.to_vec()),
        );
        if let Some(current) = self.frames.last_mut() {
            current.searches.push(id);
        }
    }

    /// Ends the outermost computation, dropping any left open by an error,
    /// and spells out its reads.
    pub fn finish(&mut self) -> Reads {
        let mut root = ReadIds::default();
        while let Some(frame) = self.frames.pop() {
            root.extend(&frame);
        }
        root.dedup();
        let mut reads = Reads {
            files: root
                .files
                .iter()
                .map(|&i| self.files[i as usize].clone())
                .collect(),
            searches: root
                .searches
                .iter()
                .map(|&i| self.searches[i as usize].clone())
                .collect(),
        };
        reads.files.sort();
        reads.searches.sort();
        reads
    }
}
