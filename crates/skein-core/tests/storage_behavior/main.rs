//! The storage behaviour suite: one set of cases, run against every Rust provider.
//!
//! Like OpenDAL's `core/tests/behavior` and Keyv's test-suite, every case is
//! written once, generic over an `Arc<dyn Storage>`, with one module per
//! operation. [`suite!`] instantiates every case for every provider listed at
//! the bottom of this file, so a failure reads `<provider>::<operation>::<case>`.
//! Cases that need a capability (`transaction`) check `capabilities()` and
//! skip what the provider does not claim.
//!
//! A new provider is one `Fixture` constructor and one line in the `suite!` call.

mod clear;
mod commit;
mod concurrency;
mod delete;
mod disk_only;
mod faulty_only;
mod get;
mod get_many;
mod keys;
mod set;
mod sqlite_only;

use skein_core::storage::{
    Capabilities, DiskStorage, FaultyStorage, MemoryStorage, SqliteStorage, Storage, StorageOp,
    SyncAdapter, SyncStorage,
};
use skein_core::Result;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use tempfile::TempDir;

/// A provider under test, plus whatever must outlive it (a temporary folder).
pub struct Fixture {
    pub storage: Arc<dyn Storage>,
    _dir: Option<TempDir>,
}

impl Fixture {
    fn new(storage: impl Storage + 'static) -> Fixture {
        Fixture {
            storage: Arc::new(storage),
            _dir: None,
        }
    }

    pub fn memory() -> Fixture {
        Fixture::new(MemoryStorage::new())
    }

    pub fn disk() -> Fixture {
        let dir = tempfile::tempdir().expect("tempdir");
        let storage = DiskStorage::open(dir.path()).expect("open disk storage");
        Fixture {
            storage: Arc::new(storage),
            _dir: Some(dir),
        }
    }

    pub fn sqlite() -> Fixture {
        let dir = tempfile::tempdir().expect("tempdir");
        let storage = SqliteStorage::open(dir.path().join("index.db")).expect("open sqlite");
        Fixture {
            storage: Arc::new(storage),
            _dir: Some(dir),
        }
    }

    pub fn sync_btree() -> Fixture {
        Fixture::new(SyncAdapter(BTreeStore::default()))
    }

    pub fn sync_btree_transactional() -> Fixture {
        Fixture::new(SyncAdapter(BTreeStore {
            transactional: true,
            ..BTreeStore::default()
        }))
    }

    pub fn faulty_memory() -> Fixture {
        Fixture::new(FaultyStorage::new(MemoryStorage::new()))
    }

    pub fn faulty_transactional_memory() -> Fixture {
        Fixture::new(FaultyStorage::transactional(MemoryStorage::new()))
    }
}

/// The smallest useful [`SyncStorage`]: a `BTreeMap` behind a mutex. With
/// `transactional`, `commit` applies the whole batch under one lock and says so.
#[derive(Debug, Default)]
pub struct BTreeStore {
    map: Mutex<BTreeMap<String, Vec<u8>>>,
    transactional: bool,
}

impl BTreeStore {
    fn map(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, Vec<u8>>> {
        self.map.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl SyncStorage for BTreeStore {
    fn get(&self, key: &str) -> Result<Option<Vec<u8>>> {
        Ok(self.map().get(key).cloned())
    }

    fn set(&self, key: &str, value: Vec<u8>) -> Result<()> {
        self.map().insert(key.to_owned(), value);
        Ok(())
    }

    fn delete(&self, key: &str) -> Result<()> {
        self.map().remove(key);
        Ok(())
    }

    fn clear(&self) -> Result<()> {
        self.map().clear();
        Ok(())
    }

    fn commit(&self, ops: Vec<StorageOp>) -> Result<()> {
        if !self.transactional {
            for op in ops {
                match op {
                    StorageOp::Set { key, value } => self.set(&key, value)?,
                    StorageOp::Delete { key } => self.delete(&key)?,
                }
            }
            return Ok(());
        }
        let mut map = self.map();
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

    fn capabilities(&self) -> Capabilities {
        Capabilities {
            transaction: self.transactional,
            get_many: false,
            in_process: false,
        }
    }
}

/// Deterministic pseudo-random bytes (xorshift), so big values are not runs of one byte.
pub fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect()
}

/// `Set` op shorthand.
pub fn set_op(key: &str, value: &[u8]) -> StorageOp {
    StorageOp::Set {
        key: key.to_owned(),
        value: value.to_vec(),
    }
}

/// `Delete` op shorthand.
pub fn delete_op(key: &str) -> StorageOp {
    StorageOp::Delete {
        key: key.to_owned(),
    }
}

/// Expands the case list inside one provider's module: `<module>::<case>` tests.
macro_rules! cases_for {
    ({ $($module:ident: [$($case:ident),* $(,)?],)* }) => {
        $(
            mod $module {
                $(
                    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                    async fn $case() {
                        let fixture = super::make();
                        $crate::$module::$case(&fixture.storage).await;
                    }
                )*
            }
        )*
    };
}

/// Instantiates every case for every provider: `<provider>::<module>::<case>`.
macro_rules! suite {
    (providers: { $($provider:ident => $make:expr,)* } cases: $cases:tt) => {
        $(
            mod $provider {
                fn make() -> $crate::Fixture {
                    $make
                }
                cases_for!($cases);
            }
        )*
    };
}

suite! {
    providers: {
        memory => crate::Fixture::memory(),
        disk => crate::Fixture::disk(),
        sqlite => crate::Fixture::sqlite(),
        sync_btree => crate::Fixture::sync_btree(),
        sync_btree_transactional => crate::Fixture::sync_btree_transactional(),
        faulty_memory => crate::Fixture::faulty_memory(),
        faulty_transactional_memory => crate::Fixture::faulty_transactional_memory(),
    }
    cases: {
        get: [missing_is_none, missing_after_other_keys_is_none],
        set: [
            round_trip,
            empty_value,
            one_mib_value,
            binary_bytes,
            overwrite,
            overwrite_with_shorter_and_empty,
            value_is_copied,
        ],
        delete: [delete_existing, delete_missing, delete_touches_nothing_else, set_after_delete],
        clear: [clear_removes_everything, clear_on_empty, usable_after_clear],
        commit: [
            sets_and_deletes_apply,
            set_then_delete_same_key_is_absent,
            delete_then_set_same_key_is_present,
            last_set_wins,
            empty_batch_is_a_no_op,
            batch_is_atomic_to_readers,
        ],
        get_many: [order_duplicates_and_missing, empty_key_list, big_key_list],
        keys: [awkward_keys_are_distinct_and_round_trip, keys_differing_by_escape_are_distinct],
        concurrency: [concurrent_writers_lose_nothing, concurrent_overwrites_never_tear],
    }
}
