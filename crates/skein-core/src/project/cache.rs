//! A bounded cache of decoded file indexes, least recently used out first.
//!
//! A file read from storage is cached only when it is read a second time
//! (while it is still remembered as read once): a pass over many files
//! (every file's definitions, a `find_references` scan of a common name)
//! would otherwise push out the files in use for ones asked for once, and
//! keep the cache full at its bound however large the project. That
//! bound, multiplied by the allocator's fragmentation, was most of the
//! memory a large project's queries took. A file written by an edit is
//! cached at once: it is the one being worked on.
//!
//! A file larger than the bound is kept too, outside it, while it is the
//! last such file cached: otherwise every query in a large file (the
//! TypeScript compiler's 9 MB `typescript.js`, 30 MB stored) read and
//! decoded it anew, 270 ms for a `go_to_definition`. So the cache holds at most
//! its bound plus one file.

use super::file_index::FileIndex;
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::Arc;

struct Slot {
    index: Arc<FileIndex>,
    value_hash: [u8; 32],
    bytes: usize,
    tick: u64,
}

/// Memory a decoded index takes, estimated from its source when its stored
/// size is not at hand: stored values run at about 2.7 times the source
/// (see `insert` for the rest).
pub fn decoded_bytes_estimate(index: &FileIndex) -> usize {
    index.source.len() * 9
}

/// Decoded indexes by path, bounded by an estimate of their memory.
pub struct IndexCache {
    capacity: usize,
    used: usize,
    tick: u64,
    slots: HashMap<String, Slot>,
    by_age: BTreeMap<u64, String>,
    read_once: ReadOnce,
    /// The last file cached that is larger than `capacity`, by path; not
    /// counted in `used`.
    oversized: Option<(String, Slot)>,
}

/// Files read once and not cached, by stored value: a second read of the
/// same value caches it. Forgets the oldest past [`READ_ONCE_REMEMBERED`].
#[derive(Default)]
struct ReadOnce {
    /// Each remembered value, with when it was read.
    values: HashMap<[u8; 32], u64>,
    /// Values by when they were read, oldest first; an entry whose value
    /// was read again since (or read once anew) is stale and skipped.
    by_age: VecDeque<([u8; 32], u64)>,
    reads: u64,
}

/// How many once-read files are remembered: a few bytes each, and more
/// files than a large cache holds, so a file read again soon after is
/// recognised.
const READ_ONCE_REMEMBERED: usize = 16_384;

impl ReadOnce {
    /// Whether `value` was read once before (and is now forgotten here);
    /// if not, it is remembered.
    fn read_again(&mut self, value: &[u8; 32]) -> bool {
        if self.values.remove(value).is_some() {
            return true;
        }
        while self.values.len() >= READ_ONCE_REMEMBERED {
            let Some((oldest, read)) = self.by_age.pop_front() else {
                break;
            };
            if self.values.get(&oldest) == Some(&read) {
                self.values.remove(&oldest);
            }
        }
        self.reads += 1;
        self.values.insert(*value, self.reads);
        self.by_age.push_back((*value, self.reads));
        // Stale entries would pile up where values are read twice in turn.
        if self.by_age.len() > 2 * READ_ONCE_REMEMBERED {
            let values = &self.values;
            self.by_age
                .retain(|(value, read)| values.get(value) == Some(read));
        }
        false
    }
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
            read_once: ReadOnce::default(),
            oversized: None,
        }
    }

    /// The index of `path` if it is cached for `value_hash`.
    pub fn get(&mut self, path: &str, value_hash: &[u8; 32]) -> Option<Arc<FileIndex>> {
        self.tick += 1;
        let tick = self.tick;
        if let Some((oversized, slot)) = &self.oversized {
            if oversized == path {
                return (&slot.value_hash == value_hash).then(|| slot.index.clone());
            }
        }
        let slot = self.slots.get_mut(path)?;
        if &slot.value_hash != value_hash {
            return None;
        }
        self.by_age.remove(&slot.tick);
        slot.tick = tick;
        self.by_age.insert(tick, path.to_string());
        Some(slot.index.clone())
    }

    /// Caches `index`, just read from storage, if it was read once before;
    /// `stored_bytes` is the size of its stored value.
    pub fn insert_read(
        &mut self,
        index: Arc<FileIndex>,
        value_hash: [u8; 32],
        stored_bytes: usize,
    ) {
        if self.read_once.read_again(&value_hash) {
            self.insert(index, value_hash, stored_bytes);
        }
    }

    /// Caches `index`; `stored_bytes` is the size of its stored value.
    pub fn insert(&mut self, index: Arc<FileIndex>, value_hash: [u8; 32], stored_bytes: usize) {
        // Decoded graphs take about twice their compact encoding, and the
        // lookup tables navigation builds on first use a little more; the
        // source is in both. On the corpus this is 15% over what a counting
        // allocator measures (`benches/cached_queries.rs`).
        let bytes = stored_bytes * 3 + index.source.len();
        self.insert_estimated(index, value_hash, bytes);
    }

    /// Caches `index`, estimated at `bytes`.
    pub fn insert_estimated(&mut self, index: Arc<FileIndex>, value_hash: [u8; 32], bytes: usize) {
        self.remove(&index.path);
        if bytes > self.capacity {
            if self.capacity > 0 {
                let path = index.path.clone();
                let slot = Slot {
                    index,
                    value_hash,
                    bytes,
                    tick: 0,
                };
                self.oversized = Some((path, slot));
            }
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
        if self.oversized.as_ref().is_some_and(|(p, _)| p == path) {
            self.oversized = None;
        }
        if let Some(slot) = self.slots.remove(path) {
            self.used -= slot.bytes;
            self.by_age.remove(&slot.tick);
        }
    }

    /// Drops everything.
    pub fn clear(&mut self) {
        self.slots.clear();
        self.by_age.clear();
        self.read_once = ReadOnce::default();
        self.used = 0;
        self.oversized = None;
    }

    /// Estimated bytes held, the file larger than the bound included.
    pub fn used_bytes(&self) -> usize {
        self.used + self.oversized.as_ref().map_or(0, |(_, slot)| slot.bytes)
    }

    /// The bound on estimated bytes held.
    #[cfg(test)]
    pub fn capacity(&self) -> usize {
        self.capacity
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str) -> Arc<FileIndex> {
        Arc::new(FileIndex::analyze(path, "x = 1\n".to_string()).unwrap())
    }

    #[test]
    fn a_file_read_from_storage_is_cached_when_read_again() {
        let mut cache = IndexCache::new(1 << 20);
        let value = [1; 32];
        cache.insert_read(file("a.py"), value, 100);
        assert!(
            cache.get("a.py", &value).is_none(),
            "cached on its first read"
        );
        cache.insert_read(file("a.py"), value, 100);
        assert!(
            cache.get("a.py", &value).is_some(),
            "not cached on its second read"
        );
        // Another version of the file is a file read once.
        cache.insert_read(file("a.py"), [2; 32], 100);
        assert!(cache.get("a.py", &[2; 32]).is_none());
    }

    #[test]
    fn the_last_file_larger_than_the_bound_is_kept_outside_it() {
        let mut cache = IndexCache::new(1000);
        cache.insert(file("small.py"), [1; 32], 100);
        let small = cache.used_bytes();
        // Read twice, as a query in it reads it: kept, the bound's files too.
        cache.insert_read(file("big.py"), [2; 32], 5000);
        assert!(cache.get("big.py", &[2; 32]).is_none());
        cache.insert_read(file("big.py"), [2; 32], 5000);
        assert!(cache.get("big.py", &[2; 32]).is_some());
        assert!(cache.get("big.py", &[3; 32]).is_none(), "another version");
        assert!(cache.get("small.py", &[1; 32]).is_some());
        assert!(cache.used_bytes() > 15_000 + small);
        // The next one takes its place.
        cache.insert(file("bigger.py"), [4; 32], 9000);
        assert!(cache.get("big.py", &[2; 32]).is_none());
        assert!(cache.get("bigger.py", &[4; 32]).is_some());
        cache.remove("bigger.py");
        assert!(cache.get("bigger.py", &[4; 32]).is_none());
        assert_eq!(cache.used_bytes(), small);
        // A cache of 0 bytes keeps nothing.
        let mut none = IndexCache::new(0);
        none.insert(file("big.py"), [2; 32], 5000);
        assert!(none.get("big.py", &[2; 32]).is_none());
        assert_eq!(none.used_bytes(), 0);
    }

    #[test]
    fn an_edited_file_is_cached_at_once() {
        let mut cache = IndexCache::new(1 << 20);
        cache.insert(file("a.py"), [1; 32], 100);
        assert!(cache.get("a.py", &[1; 32]).is_some());
    }

    #[test]
    fn a_value_read_once_anew_is_remembered_from_its_new_read() {
        let mut once = ReadOnce::default();
        let value = [7; 32];
        assert!(!once.read_again(&value));
        assert!(once.read_again(&value));
        // Read once anew (evicted from the cache, say): its stale entry in
        // the age list must not make it forgotten early.
        assert!(!once.read_again(&value));
        for i in 0..READ_ONCE_REMEMBERED as u32 - 1 {
            let mut other = [0; 32];
            other[..4].copy_from_slice(&i.to_le_bytes());
            assert!(!once.read_again(&other));
        }
        assert!(once.read_again(&value), "forgotten by its stale entry");
    }

    #[test]
    fn files_read_once_are_remembered_up_to_a_bound() {
        let mut once = ReadOnce::default();
        for i in 0..READ_ONCE_REMEMBERED as u32 + 10 {
            let mut value = [0; 32];
            value[..4].copy_from_slice(&i.to_le_bytes());
            assert!(!once.read_again(&value));
        }
        assert_eq!(once.values.len(), READ_ONCE_REMEMBERED);
        // The oldest were forgotten, the newest are known.
        assert!(!once.read_again(&[0; 32]));
        assert_eq!(once.values.len(), READ_ONCE_REMEMBERED);
        let mut newest = [0; 32];
        newest[..4].copy_from_slice(&(READ_ONCE_REMEMBERED as u32 + 9).to_le_bytes());
        assert!(once.read_again(&newest));
    }
}
