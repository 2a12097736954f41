//! The files a query read last, kept decoded for the query's life.
//!
//! A query goes back to the same few files again and again: the file it
//! started in, a crate root or package `__init__.py` every path goes
//! through, the module a name is re-exported from. `find_references` on
//! `Error` in a Rust crate read the crate root 4,700 times. The project's
//! cache usually has them, but a small `cache_bytes` on a large project
//! lets a scan over many files push them out, and then each read decodes
//! the file again. Holding the last few here bounds a query's memory by a
//! handful of files while sparing those decodes.

use crate::project::FileIndex;
use std::sync::Arc;

/// How many files a query keeps: enough for the files every resolution
/// passes through, few enough that holding them costs little.
pub const RECENT_FILES: usize = 16;

/// The last files read, most recent first.
#[derive(Default)]
pub struct RecentFiles {
    files: Vec<Arc<FileIndex>>,
}

impl RecentFiles {
    /// The file at `path` if it is among the last read, leaving the order
    /// as it is.
    pub fn peek(&self, path: &str) -> Option<Arc<FileIndex>> {
        self.files.iter().find(|f| f.path == path).cloned()
    }

    /// Keeps `file` as the most recent, letting the oldest go when full.
    pub fn insert(&mut self, file: Arc<FileIndex>) {
        if let Some(at) = self.files.iter().position(|f| f.path == file.path) {
            self.files.remove(at);
        } else if self.files.len() == RECENT_FILES {
            self.files.pop();
        }
        self.files.insert(0, file);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str) -> Arc<FileIndex> {
        Arc::new(FileIndex::analyze(path, "x = 1\n".to_string()).unwrap())
    }

    #[test]
    fn keeps_the_most_recent_files_and_lets_the_oldest_go() {
        let mut recent = RecentFiles::default();
        for i in 0..RECENT_FILES {
            recent.insert(file(&format!("{i}.py")));
        }
        // Taking 0.py again makes it the most recent, so 1.py goes next.
        recent.insert(recent.peek("0.py").unwrap());
        recent.insert(file("new.py"));
        assert!(recent.peek("1.py").is_none());
        assert!(recent.peek("0.py").is_some());
        assert!(recent.peek("new.py").is_some());
        assert_eq!(recent.files.len(), RECENT_FILES);
    }

    #[test]
    fn a_file_read_again_replaces_its_older_copy() {
        let mut recent = RecentFiles::default();
        recent.insert(file("a.py"));
        let newer = file("a.py");
        recent.insert(newer.clone());
        assert_eq!(recent.files.len(), 1);
        assert!(Arc::ptr_eq(&recent.peek("a.py").unwrap(), &newer));
    }
}
