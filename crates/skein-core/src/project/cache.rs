//! A bounded cache of decoded file indexes, least recently used out first.

use super::file_index::FileIndex;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

struct Slot {
    index: Arc<FileIndex>,
    value_hash: [u8; 32],
    bytes: usize,
    tick: u64,
}

/// Memory a decoded index takes, estimated from its source when its stored
/// size is not at hand: stored values run at about 2.7 times the source,
/// decoded ones at about 5 times their stored value (see `insert`).
pub fn decoded_bytes_estimate(index: &FileIndex) -> usize {
    index.source.len() * 14
}

/// Decoded indexes by path, bounded by an estimate of their memory.
pub struct IndexCache {
    capacity: usize,
    used: usize,
    tick: u64,
    slots: HashMap<String, Slot>,
    by_age: BTreeMap<u64, String>,
}

impl IndexCache {
    /// A cache that holds about `capacity` bytes.
    pub fn new(capacity: usize) -> Self {
        IndexCache {
            capacity,
            used: 0,
            tick: 0,
            slots: HashMap::new(),
            by_age: BTreeMap::new(),
        }
    }

    /// The index of `path` if it is cached for `value_hash`.
    pub fn get(&mut self, path: &str, value_hash: &[u8; 32]) -> Option<Arc<FileIndex>> {
        self.tick += 1;
        let tick = self.tick;
        let slot = self.slots.get_mut(path)?;
        if &slot.value_hash != value_hash {
            return None;
        }
        self.by_age.remove(&slot.tick);
        slot.tick = tick;
        self.by_age.insert(tick, path.to_string());
        Some(slot.index.clone())
    }

    /// Caches `index`; `stored_bytes` is the size of its stored value.
    pub fn insert(&mut self, index: Arc<FileIndex>, value_hash: [u8; 32], stored_bytes: usize) {
        self.remove(&index.path);
        // Decoded graphs take a few times their compact encoding, and the
        // lookup tables navigation builds on first use about as much again.
        let bytes = stored_bytes * 5 + index.source.len();
        if bytes > self.capacity {
            return;
        }
        while self.used + bytes > self.capacity {
            let Some((_, oldest)) = self.by_age.pop_first() else {
                break;
            };
            if let Some(slot) = self.slots.remove(&oldest) {
                self.used -= slot.bytes;
            }
        }
        self.tick += 1;
        self.by_age.insert(self.tick, index.path.clone());
        self.used += bytes;
        self.slots.insert(
            index.path.clone(),
            Slot {
                index,
                value_hash,
                bytes,
                tick: self.tick,
            },
        );
    }

    /// Drops `path`.
    pub fn remove(&mut self, path: &str) {
        if let Some(slot) = self.slots.remove(path) {
            self.used -= slot.bytes;
            self.by_age.remove(&slot.tick);
        }
    }

    /// Drops everything.
    pub fn clear(&mut self) {
        self.slots.clear();
        self.by_age.clear();
        self.used = 0;
    }

    /// Estimated bytes held.
    pub fn used_bytes(&self) -> usize {
        self.used
    }
}
