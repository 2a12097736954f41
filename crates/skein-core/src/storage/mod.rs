//! Storage: the one trait every provider implements, and the built-in providers.
//!
//! Skein keeps all project state as opaque byte values under string keys
//! ([`keys`] documents the layout, [`envelope`] the value format, and
//! [`compressed`] how values bound for a store outside the process are
//! compressed). A provider
//! is anything that implements [`Storage`]: the built-in [`MemoryStorage`] and
//! [`DiskStorage`], a JavaScript object (through the Node binding), or your own.
//!
//! ```
//! use skein_core::storage::{MemoryStorage, Storage, StorageOp};
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! let storage = MemoryStorage::new();
//! storage.commit(vec![
//!     StorageOp::Set { key: "a".into(), value: b"1".to_vec() },
//!     StorageOp::Set { key: "b".into(), value: b"2".to_vec() },
//! ]).await.unwrap();
//! assert_eq!(storage.get("a").await.unwrap(), Some(b"1".to_vec()));
//! # });
//! ```
//!
//! Providers that are simplest to write synchronously implement [`SyncStorage`]
//! and are wrapped in [`SyncAdapter`], which implements [`Storage`] for them.

pub mod byte_fields;
pub mod compressed;
pub mod disk;
pub mod envelope;
pub mod faulty;
pub mod keys;
pub mod memory;
pub mod sqlite;

pub use compressed::Compressed;
pub use disk::DiskStorage;
pub use faulty::FaultyStorage;
pub use memory::MemoryStorage;
pub use sqlite::SqliteStorage;

use crate::error::{Error, Result};
use async_trait::async_trait;

/// One write of an atomic batch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StorageOp {
    /// Store `value` under `key`, replacing what was there.
    Set {
        /// The key.
        key: String,
        /// The bytes to store.
        value: Vec<u8>,
    },
    /// Remove `key`; removing a missing key is not an error.
    Delete {
        /// The key.
        key: String,
    },
}

impl StorageOp {
    /// The key this op writes.
    pub fn key(&self) -> &str {
        match self {
            StorageOp::Set { key, .. } | StorageOp::Delete { key } => key,
        }
    }
}

/// What a provider does natively, beyond the four required methods.
///
/// The behaviour suite skips the atomicity checks a provider does not claim,
/// and the project picks its write path from these (one batch vs. ordered writes).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Capabilities {
    /// `commit` applies a batch all-or-nothing.
    pub transaction: bool,
    /// `get_many` is one round trip, not one per key.
    pub get_many: bool,
    /// Every value lives in this process's memory (`MemoryStorage`): a
    /// project's memory grows with the store anyway, so it caches decoded
    /// files more freely ([`crate::project::ProjectOptions::cache_bytes`]).
    pub in_process: bool,
}

/// An async key-value store of byte values.
///
/// Only `get`, `set`, `delete` and `clear` are required; `commit` and
/// `get_many` default to one call per key. A provider that overrides them
/// says so in [`Storage::capabilities`].
#[async_trait]
pub trait Storage: Send + Sync {
    /// The value under `key`, or `None`.
    async fn get(&self, key: &str) -> Result<Option<Vec<u8>>>;
    /// Stores `value` under `key`.
    async fn set(&self, key: &str, value: Vec<u8>) -> Result<()>;
    /// Removes `key`. Removing a missing key succeeds.
    async fn delete(&self, key: &str) -> Result<()>;
    /// Removes every key.
    async fn clear(&self) -> Result<()>;

    /// Applies `ops` in order. Atomic only if `capabilities().transaction`;
    /// otherwise a failure can leave a prefix of the batch applied.
    async fn commit(&self, ops: Vec<StorageOp>) -> Result<()> {
        for op in ops {
            match op {
                StorageOp::Set { key, value } => self.set(&key, value).await?,
                StorageOp::Delete { key } => self.delete(&key).await?,
            }
        }
        Ok(())
    }

    /// Applies `ops`, each to a different key, in any order, possibly at
    /// once: for writes that do not depend on each other, such as the new
    /// indexes of a group of files, then their buckets
    /// (`project/store_group.rs`). Never atomic: a failure can leave any of
    /// them applied. The default is [`Storage::commit`].
    async fn commit_unordered(&self, ops: Vec<StorageOp>) -> Result<()> {
        self.commit(ops).await
    }

    /// The values under `keys`, in order.
    async fn get_many(&self, keys: &[String]) -> Result<Vec<Option<Vec<u8>>>> {
        let mut values = Vec::with_capacity(keys.len());
        for key in keys {
            values.push(self.get(key).await?);
        }
        Ok(values)
    }

    /// What this provider does natively.
    fn capabilities(&self) -> Capabilities {
        Capabilities::default()
    }

    /// Releases resources. The default does nothing.
    async fn close(&self) -> Result<()> {
        Ok(())
    }
}

/// A synchronous store; wrap it in [`SyncAdapter`] to use it as a [`Storage`].
///
/// The Rust counterpart of the original library's `StorageInterfaceSync`.
pub trait SyncStorage: Send + Sync {
    /// The value under `key`, or `None`.
    fn get(&self, key: &str) -> Result<Option<Vec<u8>>>;
    /// Stores `value` under `key`.
    fn set(&self, key: &str, value: Vec<u8>) -> Result<()>;
    /// Removes `key`.
    fn delete(&self, key: &str) -> Result<()>;
    /// Removes every key.
    fn clear(&self) -> Result<()>;
    /// Applies `ops`; atomic only if `capabilities().transaction`.
    fn commit(&self, ops: Vec<StorageOp>) -> Result<()> {
        for op in ops {
            match op {
                StorageOp::Set { key, value } => self.set(&key, value)?,
                StorageOp::Delete { key } => self.delete(&key)?,
            }
        }
        Ok(())
    }
    /// What this store does natively.
    fn capabilities(&self) -> Capabilities {
        Capabilities::default()
    }
}

/// Implements [`Storage`] for a [`SyncStorage`] (the original's
/// `SyncToAsyncStorageAdapter`, done once).
///
/// Calls run inline on the calling task: the built-in sync stores answer in
/// microseconds (memory) or one small file operation (disk), less than a hop
/// to a blocking thread would cost.
#[derive(Debug, Default)]
pub struct SyncAdapter<S>(pub S);

#[async_trait]
impl<S: SyncStorage> Storage for SyncAdapter<S> {
    async fn get(&self, key: &str) -> Result<Option<Vec<u8>>> {
        self.0.get(key)
    }
    async fn set(&self, key: &str, value: Vec<u8>) -> Result<()> {
        self.0.set(key, value)
    }
    async fn delete(&self, key: &str) -> Result<()> {
        self.0.delete(key)
    }
    async fn clear(&self) -> Result<()> {
        self.0.clear()
    }
    async fn commit(&self, ops: Vec<StorageOp>) -> Result<()> {
        self.0.commit(ops)
    }
    fn capabilities(&self) -> Capabilities {
        self.0.capabilities()
    }
}

/// Tags an error from a provider method with the method and key, unless already tagged.
pub(crate) fn tag(err: Error, method: &str, key: Option<&str>) -> Error {
    if err.method().is_some() {
        return err;
    }
    let err = err.with_method(method);
    match key {
        Some(key) => err.with_key(key),
        None => err,
    }
}
