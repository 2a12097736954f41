//! A map keyed by two strings that is read without building an owned key:
//! the resolver's memos are read far more often than written (every name
//! through the same import asks the same `(module, name)`), and allocating
//! a key per read cost more than the lookups.

use rustc_hash::FxHashMap;

/// Values by `(first, second)`.
#[derive(Debug)]
pub struct PairMap<V> {
    by_first: FxHashMap<String, FxHashMap<String, V>>,
}

impl<V> Default for PairMap<V> {
    fn default() -> Self {
        PairMap {
            by_first: FxHashMap::default(),
        }
    }
}

impl<V> PairMap<V> {
    pub fn get(&self, first: &str, second: &str) -> Option<&V> {
        self.by_first.get(first)?.get(second)
    }

    pub fn get_mut(&mut self, first: &str, second: &str) -> Option<&mut V> {
        self.by_first.get_mut(first)?.get_mut(second)
    }

    /// Whether any pair starts with `first`.
    pub fn contains_first(&self, first: &str) -> bool {
        self.by_first.contains_key(first)
    }

    pub fn insert(&mut self, first: &str, second: &str, value: V) {
        match self.by_first.get_mut(first) {
            Some(inner) => {
                inner.insert(second.to_string(), value);
            }
            None => {
                let mut inner = FxHashMap::default();
                inner.insert(second.to_string(), value);
                self.by_first.insert(first.to_string(), inner);
            }
        }
    }
}
