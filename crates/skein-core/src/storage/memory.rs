//! `memory`: the default provider, a map in this process.
//!
//! Batches are atomic (applied under one lock) and `get_many` is one lock.
//!
//! ```
//! use skein_core::storage::{MemoryStorage, Storage};
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! let storage = MemoryStorage::new();
//! storage.set("k", vec![1]).await.unwrap();
//! assert_eq!(storage.len(), 1);
//! # });
//! ```

use super::{Capabilities, Storage, StorageOp};
use crate::error::Result;
use async_trait::async_trait;
use std::collections::HashMap;
use std::sync::RwLock;

/// A map of keys to values in this process.
#[derive(Debug, Default)]
pub struct MemoryStorage {
    map: RwLock<HashMap<String, Vec<u8>>>,
}

impl MemoryStorage {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of keys stored.
    pub fn len(&self) -> usize {
        self.read().len()
    }

    /// Whether nothing is stored.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Total bytes of keys and values stored.
    pub fn byte_size(&self) -> usize {
        self.read().iter().map(|(k, v)| k.len() + v.len()).sum()
    }

    /// A copy of every key, sorted; for tests and tools.
    pub fn keys(&self) -> Vec<String> {
        let mut keys: Vec<String> = self.read().keys().cloned().collect();
        keys.sort();
        keys
    }

    // A panic while holding the lock cannot leave the map half-updated (every
    // write is one insert/remove or a prepared batch), so poisoning is ignored.
    fn read(&self) -> std::sync::RwLockReadGuard<'_, HashMap<String, Vec<u8>>> {
        self.map.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, HashMap<String, Vec<u8>>> {
        self.map.write().unwrap_or_else(|e| e.into_inner())
    }
}

#[async_trait]
impl Storage for MemoryStorage {
    async fn get(&self, key: &str) -> Result<Option<Vec<u8>>> {
        Ok(self.read().get(key).cloned())
    }

    async fn set(&self, key: &str, value: Vec<u8>) -> Result<()> {
        self.write().insert(key.to_owned(), value);
        Ok(())
    }

    async fn delete(&self, key: &str) -> Result<()> {
        self.write().remove(key);
        Ok(())
    }

    async fn clear(&self) -> Result<()> {
        self.write().clear();
        Ok(())
    }

    async fn commit(&self, ops: Vec<StorageOp>) -> Result<()> {
        let mut map = self.write();
        for op in ops {
            match op {
                StorageOp::Set { key, value } => {
                    map.insert(key, value);
                }
                StorageOp::Delete { key } => {
                    map.remove(&key);
                }
            }
        }
        Ok(())
    }

    async fn get_many(&self, keys: &[String]) -> Result<Vec<Option<Vec<u8>>>> {
        let map = self.read();
        Ok(keys.iter().map(|k| map.get(k).cloned()).collect())
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities {
            transaction: true,
            get_many: true,
            in_process: true,
        }
    }
}
