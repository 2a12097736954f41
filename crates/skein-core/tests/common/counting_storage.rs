//! A storage that counts reads, for tests of what a query reads and in how
//! many round trips.

use async_trait::async_trait;
use skein_core::error::Result;
use skein_core::project::{Project, ProjectOptions};
use skein_core::storage::{Capabilities, MemoryStorage, Storage, StorageOp};
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// A memory store that counts the reads of each key, and the calls that
/// read them.
#[derive(Default)]
pub struct CountingStorage {
    inner: MemoryStorage,
    reads: Mutex<HashMap<String, usize>>,
    round_trips: AtomicUsize,
    /// Says it has no native `get_many`, as the disk and sqlite stores.
    without_get_many: bool,
}

impl CountingStorage {
    /// A store that says it has no native `get_many`, as the disk and
    /// sqlite stores: its `get_many` is a `get` per key.
    pub fn without_get_many() -> CountingStorage {
        CountingStorage {
            without_get_many: true,
            ..CountingStorage::default()
        }
    }

    /// `files` stored, then a project opened afresh over them with a cache
    /// of `cache_bytes`, the read counts reset.
    pub async fn stored_then_opened(
        files: &[(&str, &str)],
        cache_bytes: usize,
    ) -> (Project, Arc<CountingStorage>) {
        Self::stored_then_opened_in(CountingStorage::default(), files, cache_bytes).await
    }

    /// [`stored_then_opened`](Self::stored_then_opened) in `storage`.
    pub async fn stored_then_opened_in(
        storage: CountingStorage,
        files: &[(&str, &str)],
        cache_bytes: usize,
    ) -> (Project, Arc<CountingStorage>) {
        let storage = Arc::new(storage);
        let writer = Project::new(storage.clone(), ProjectOptions::default());
        for (path, source) in files {
            writer.add_or_update_file(path, source).await.unwrap();
        }
        let options = ProjectOptions {
            cache_bytes: Some(cache_bytes),
            ..ProjectOptions::default()
        };
        let project = Project::open(storage.clone(), options).await.unwrap();
        storage.take_most_read();
        storage.take_round_trips();
        (project, storage)
    }

    /// The `get` and `get_many` calls since the last call.
    pub fn take_round_trips(&self) -> usize {
        self.round_trips.swap(0, Ordering::SeqCst)
    }

    fn count(&self, key: &str) {
        *self
            .reads
            .lock()
            .unwrap()
            .entry(key.to_string())
            .or_default() += 1;
    }

    /// The most reads of any one key since the last call, and that key.
    pub fn take_most_read(&self) -> (usize, String) {
        let reads = std::mem::take(&mut *self.reads.lock().unwrap());
        reads
            .into_iter()
            .map(|(key, n)| (n, key))
            .max()
            .unwrap_or_default()
    }

    /// Reads of keys that contain `fragment` since the last `take_most_read`.
    pub fn reads_of(&self, fragment: &str) -> usize {
        let reads = self.reads.lock().unwrap();
        reads
            .iter()
            .filter(|(key, _)| key.contains(fragment))
            .map(|(_, n)| n)
            .sum()
    }
}

#[async_trait]
impl Storage for CountingStorage {
    async fn get(&self, key: &str) -> Result<Option<Vec<u8>>> {
        self.round_trips.fetch_add(1, Ordering::SeqCst);
        self.count(key);
        self.inner.get(key).await
    }
    async fn set(&self, key: &str, value: Vec<u8>) -> Result<()> {
        self.inner.set(key, value).await
    }
    async fn delete(&self, key: &str) -> Result<()> {
        self.inner.delete(key).await
    }
    async fn clear(&self) -> Result<()> {
        self.inner.clear().await
    }
    async fn commit(&self, ops: Vec<StorageOp>) -> Result<()> {
        self.inner.commit(ops).await
    }
    async fn get_many(&self, keys: &[String]) -> Result<Vec<Option<Vec<u8>>>> {
        if self.without_get_many {
            // What the trait's default does: a `get` per key.
            let mut values = Vec::with_capacity(keys.len());
            for key in keys {
                values.push(self.get(key).await?);
            }
            return Ok(values);
        }
        self.round_trips.fetch_add(1, Ordering::SeqCst);
        keys.iter().for_each(|key| self.count(key));
        self.inner.get_many(keys).await
    }
    fn capabilities(&self) -> Capabilities {
        Capabilities {
            get_many: !self.without_get_many,
            ..self.inner.capabilities()
        }
    }
}
