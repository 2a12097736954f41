//! A map keyed by two strings that is read without building an owned key:
//! the resolver's memos are read far more often than written (every name
//! through the same import asks the same `(module, name)`), and allocating
//! a key per read cost more than the lookups.

use rustc_hash::{FxHashMap, FxHasher};
use std::hash::{Hash, Hasher};
use std::sync::{Mutex, MutexGuard};

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

/// Lock shards of a [`SharedPairMap`].
const SHARDS: usize = 16;

/// A [`PairMap`] that threads read and fill at once: one lock per shard of
/// the first keys, so two resolver threads rarely wait for each other.
#[derive(Debug)]
pub struct SharedPairMap<V> {
    shards: [Mutex<PairMap<V>>; SHARDS],
}

impl<V> Default for SharedPairMap<V> {
    fn default() -> Self {
        SharedPairMap {
            shards: std::array::from_fn(|_| Mutex::new(PairMap::default())),
        }
    }
}

impl<V> SharedPairMap<V> {
    /// The shard holding the pairs that start with `first`, locked. A
    /// poisoned shard is still a valid memo: entries are written whole.
    pub fn lock(&self, first: &str) -> MutexGuard<'_, PairMap<V>> {
        let mut hasher = FxHasher::default();
        first.hash(&mut hasher);
        let shard = &self.shards[hasher.finish() as usize % SHARDS];
        shard.lock().unwrap_or_else(|e| e.into_inner())
    }
}
