//! A storage that counts reads, for tests of what a query reads.

use async_trait::async_trait;
use skein_core::error::Result;
use skein_core::project::{Project, ProjectOptions};
use skein_core::storage::{Capabilities, MemoryStorage, Storage, StorageOp};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// A memory store that counts the reads of each key.
#[derive(Default)]
pub struct CountingStorage {
    inner: MemoryStorage,
    reads: Mutex<HashMap<String, usize>>,
}

impl CountingStorage {
    /// `files` stored, then a project opened afresh over them with a cache
    /// of `cache_bytes`, the read counts reset.
    pub async fn stored_then_opened(
        files: &[(&str, &str)],
        cache_bytes: usize,
    ) -> (Project, Arc<CountingStorage>) {
        let storage = Arc::new(CountingStorage::default());
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
        (project, storage)
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
        keys.iter().for_each(|key| self.count(key));
        self.inner.get_many(keys).await
    }
    fn capabilities(&self) -> Capabilities {
        self.inner.capabilities()
    }
}
