//! A fault-injecting wrapper, for testing what survives a failing provider.
//!
//! [`FaultyStorage`] passes calls through to an inner store until a chosen
//! write (counting every `set`, `delete`, `commit` and `clear`) fails, or
//! makes every call hang. The project's commit protocol is tested by failing
//! the N-th write for every N of an update and checking each file reads as
//! fully old or fully new afterwards.
//!
//! ```
//! use skein_core::storage::{FaultyStorage, MemoryStorage, Storage};
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! let storage = FaultyStorage::new(MemoryStorage::new());
//! storage.fail_write(1); // the second write fails
//! storage.set("a", vec![1]).await.unwrap();
//! assert!(storage.set("b", vec![2]).await.is_err());
//! assert_eq!(storage.get("b").await.unwrap(), None);
//! # });
//! ```

use super::{Capabilities, Storage, StorageOp};
use crate::error::{Error, ErrorKind, Result};
use async_trait::async_trait;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// Wraps a store and fails one chosen write, or hangs.
#[derive(Debug)]
pub struct FaultyStorage<S> {
    inner: S,
    writes: AtomicU64,
    fail_at: AtomicU64,
    hang: AtomicBool,
    /// Whether every write from `fail_at` on fails, not only that one.
    fail_on: AtomicBool,
    transaction: bool,
    /// What `capabilities` says of `in_process`, if not the inner store's.
    in_process: Option<bool>,
}

const NEVER: u64 = u64::MAX;

impl<S: Storage> FaultyStorage<S> {
    /// Passes everything through until told otherwise. Batches are applied op
    /// by op (each op counts as a write), so it does not claim `transaction`.
    pub fn new(inner: S) -> Self {
        FaultyStorage {
            inner,
            writes: AtomicU64::new(0),
            fail_at: AtomicU64::new(NEVER),
            hang: AtomicBool::new(false),
            fail_on: AtomicBool::new(false),
            transaction: false,
            in_process: None,
        }
    }

    /// Like [`new`](Self::new), but `commit` goes to the inner store whole and
    /// counts as one write, so a transactional inner store stays transactional.
    pub fn transactional(inner: S) -> Self {
        FaultyStorage {
            transaction: true,
            ..Self::new(inner)
        }
    }

    /// Like the inner store, but says its values live outside the process,
    /// as `disk`'s and `sqlite`'s do: a project then stores a batch's files
    /// in groups (`project/store_group.rs`).
    pub fn outside_process(self) -> Self {
        FaultyStorage {
            in_process: Some(false),
            ..self
        }
    }

    /// Fails write number `n` (0-based, counted from now) and no other.
    pub fn fail_write(&self, n: u64) {
        self.fail_on.store(false, Ordering::SeqCst);
        self.writes.store(0, Ordering::SeqCst);
        self.fail_at.store(n, Ordering::SeqCst);
    }

    /// Fails write number `n` (counted from now) and every write after it.
    pub fn fail_writes_from(&self, n: u64) {
        self.fail_write(n);
        self.fail_on.store(true, Ordering::SeqCst);
    }

    /// Stops injecting failures.
    pub fn heal(&self) {
        self.fail_at.store(NEVER, Ordering::SeqCst);
        self.fail_on.store(false, Ordering::SeqCst);
        self.hang.store(false, Ordering::SeqCst);
    }

    /// Makes every call hang until [`heal`](Self::heal) (checked when a call starts).
    pub fn hang(&self) {
        self.hang.store(true, Ordering::SeqCst);
    }

    /// Writes counted since the last [`fail_write`](Self::fail_write).
    pub fn writes(&self) -> u64 {
        self.writes.load(Ordering::SeqCst)
    }

    /// The wrapped store.
    pub fn inner(&self) -> &S {
        &self.inner
    }

    async fn before(&self, method: &str, key: Option<&str>, is_write: bool) -> Result<()> {
        while self.hang.load(Ordering::SeqCst) {
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        if is_write {
            let n = self.writes.fetch_add(1, Ordering::SeqCst);
            let fail_at = self.fail_at.load(Ordering::SeqCst);
            if n == fail_at || (n > fail_at && self.fail_on.load(Ordering::SeqCst)) {
                let err = Error::new(
                    ErrorKind::Provider,
                    format!("injected failure of write {n}"),
                )
                .with_method(method);
                return Err(match key {
                    Some(key) => err.with_key(key),
                    None => err,
                });
            }
        }
        Ok(())
    }
}

#[async_trait]
impl<S: Storage> Storage for FaultyStorage<S> {
    async fn get(&self, key: &str) -> Result<Option<Vec<u8>>> {
        self.before("get", Some(key), false).await?;
        self.inner.get(key).await
    }

    async fn set(&self, key: &str, value: Vec<u8>) -> Result<()> {
        self.before("set", Some(key), true).await?;
        self.inner.set(key, value).await
    }

    async fn delete(&self, key: &str) -> Result<()> {
        self.before("delete", Some(key), true).await?;
        self.inner.delete(key).await
    }

    async fn clear(&self) -> Result<()> {
        self.before("clear", None, true).await?;
        self.inner.clear().await
    }

    async fn commit(&self, ops: Vec<StorageOp>) -> Result<()> {
        if self.transaction {
            self.before("transaction", None, true).await?;
            return self.inner.commit(ops).await;
        }
        for op in ops {
            match op {
                StorageOp::Set { key, value } => self.set(&key, value).await?,
                StorageOp::Delete { key } => self.delete(&key).await?,
            }
        }
        Ok(())
    }

    async fn get_many(&self, keys: &[String]) -> Result<Vec<Option<Vec<u8>>>> {
        self.before("getMany", None, false).await?;
        self.inner.get_many(keys).await
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities {
            transaction: self.transaction && self.inner.capabilities().transaction,
            get_many: self.inner.capabilities().get_many,
            in_process: self
                .in_process
                .unwrap_or(self.inner.capabilities().in_process),
        }
    }
}
