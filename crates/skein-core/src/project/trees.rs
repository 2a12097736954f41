//! Recently edited files' syntax trees, so the next edit re-parses
//! incrementally (tree-sitter reuses the unchanged parts of the old tree).
//! Only `update_file_range` keeps trees: a file's first edit parses it
//! anew, later ones reuse its tree. Bounded by a file count: trees take
//! several times their source in memory.

use std::collections::HashMap;
use tree_sitter::Tree;

/// Trees kept per project.
pub const TREE_CACHE_FILES: usize = 16;

/// Trees by path, each for the source with a given content hash; the least
/// recently used goes first.
pub struct TreeCache {
    capacity: usize,
    tick: u64,
    trees: HashMap<String, (u64, [u8; 32], Tree)>,
}

impl TreeCache {
    /// A cache of at most `capacity` trees.
    pub fn new(capacity: usize) -> TreeCache {
        TreeCache {
            capacity,
            tick: 0,
            trees: HashMap::new(),
        }
    }

    /// The tree of `path` if it was parsed from the source with `content_hash`.
    pub fn take(&mut self, path: &str, content_hash: &[u8; 32]) -> Option<Tree> {
        match self.trees.remove(path) {
            Some((_, hash, tree)) if &hash == content_hash => Some(tree),
            _ => None,
        }
    }

    /// Keeps `tree`, parsed from the source with `content_hash`.
    pub fn insert(&mut self, path: &str, content_hash: [u8; 32], tree: Tree) {
        self.tick += 1;
        self.trees
            .insert(path.to_string(), (self.tick, content_hash, tree));
        if self.trees.len() > self.capacity {
            let oldest = self
                .trees
                .iter()
                .min_by_key(|(_, (tick, _, _))| *tick)
                .map(|(path, _)| path.clone());
            if let Some(oldest) = oldest {
                self.trees.remove(&oldest);
            }
        }
    }

    /// Drops the tree of `path`.
    pub fn remove(&mut self, path: &str) {
        self.trees.remove(path);
    }

    /// Drops every tree.
    pub fn clear(&mut self) {
        self.trees.clear();
    }
}
