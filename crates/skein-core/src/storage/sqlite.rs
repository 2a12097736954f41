//! `sqlite`: one SQLite database file, one row per key.
//!
//! The database runs in WAL mode: readers in other processes keep reading
//! while one process writes, and a `commit` is one SQLite transaction, so a
//! batch lands whole or not at all, even after `kill -9`. A writer that
//! finds the database locked by another process waits for it (up to
//! [`BUSY_TIMEOUT`]) rather than failing at once.
//!
//! ```
//! use skein_core::storage::{SqliteStorage, Storage};
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! let dir = tempfile::tempdir().unwrap();
//! let path = dir.path().join("index.db");
//! let storage = SqliteStorage::open(&path).unwrap();
//! storage.set("skein/v7/dir/00", vec![1, 2]).await.unwrap();
//! let again = SqliteStorage::open(&path).unwrap();
//! assert_eq!(again.get("skein/v7/dir/00").await.unwrap(), Some(vec![1, 2]));
//! # });
//! ```

use super::{Capabilities, Storage, StorageOp, SyncStorage};
use crate::error::{Error, ErrorKind, Result};
use async_trait::async_trait;
use rusqlite::{params, Connection, OptionalExtension};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

/// How long a write waits for another process's write to finish.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// A SQLite database of values, one row per key. Calls run inline on the
/// calling task, as the disk store's do: each is one short statement.
#[derive(Debug)]
pub struct SqliteStorage {
    path: PathBuf,
    // One connection per handle; SQLite serializes it, the mutex makes it Sync.
    connection: Mutex<Connection>,
}

impl SqliteStorage {
    /// Opens (creating if needed) the database file at `path`.
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref().to_path_buf();
        let fail = |e: rusqlite::Error| sqlite_error("open", &path, e);
        let connection = Connection::open(&path).map_err(fail)?;
        connection.busy_timeout(BUSY_TIMEOUT).map_err(fail)?;
        // WAL: readers never block the writer nor see a half-done commit;
        // NORMAL: a commit is durable once the WAL is checkpointed, and never torn.
        connection
            .pragma_update(None, "journal_mode", "WAL")
            .map_err(fail)?;
        connection
            .pragma_update(None, "synchronous", "NORMAL")
            .map_err(fail)?;
        connection
            .execute_batch(
                "CREATE TABLE IF NOT EXISTS skein_values (
                     key TEXT PRIMARY KEY NOT NULL,
                     value BLOB NOT NULL
                 ) WITHOUT ROWID;",
            )
            .map_err(fail)?;
        Ok(SqliteStorage {
            path,
            connection: Mutex::new(connection),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn with<T>(
        &self,
        method: &str,
        work: impl FnOnce(&mut Connection) -> rusqlite::Result<T>,
    ) -> Result<T> {
        let mut connection = self.connection.lock().unwrap_or_else(|e| e.into_inner());
        work(&mut connection).map_err(|e| sqlite_error(method, &self.path, e))
    }
}

fn sqlite_error(method: &str, path: &Path, err: rusqlite::Error) -> Error {
    Error::new(
        ErrorKind::Provider,
        format!("sqlite '{}': {err}", path.display()),
    )
    .with_method(method)
}

impl SyncStorage for SqliteStorage {
    fn get(&self, key: &str) -> Result<Option<Vec<u8>>> {
        self.with("get", |c| {
            c.prepare_cached("SELECT value FROM skein_values WHERE key = ?1")?
                .query_row(params![key], |row| row.get(0))
                .optional()
        })
        .map_err(|e| e.with_key(key))
    }

    fn set(&self, key: &str, value: Vec<u8>) -> Result<()> {
        self.with("set", |c| {
            c.prepare_cached("INSERT OR REPLACE INTO skein_values (key, value) VALUES (?1, ?2)")?
                .execute(params![key, value])
                .map(|_| ())
        })
        .map_err(|e| e.with_key(key))
    }

    fn delete(&self, key: &str) -> Result<()> {
        self.with("delete", |c| {
            c.prepare_cached("DELETE FROM skein_values WHERE key = ?1")?
                .execute(params![key])
                .map(|_| ())
        })
        .map_err(|e| e.with_key(key))
    }

    fn clear(&self) -> Result<()> {
        self.with("clear", |c| {
            c.execute("DELETE FROM skein_values", []).map(|_| ())
        })
    }

    /// All of `ops` in one SQLite transaction.
    fn commit(&self, ops: Vec<StorageOp>) -> Result<()> {
        self.with("transaction", |c| {
            let transaction = c.transaction()?;
            {
                let mut set = transaction.prepare_cached(
                    "INSERT OR REPLACE INTO skein_values (key, value) VALUES (?1, ?2)",
                )?;
                let mut delete =
                    transaction.prepare_cached("DELETE FROM skein_values WHERE key = ?1")?;
                for op in &ops {
                    match op {
                        StorageOp::Set { key, value } => set.execute(params![key, value])?,
                        StorageOp::Delete { key } => delete.execute(params![key])?,
                    };
                }
            }
            transaction.commit()
        })
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities {
            transaction: true,
            get_many: false,
            in_process: false,
        }
    }
}

#[async_trait]
impl Storage for SqliteStorage {
    async fn get(&self, key: &str) -> Result<Option<Vec<u8>>> {
        SyncStorage::get(self, key)
    }
    async fn set(&self, key: &str, value: Vec<u8>) -> Result<()> {
        SyncStorage::set(self, key, value)
    }
    async fn delete(&self, key: &str) -> Result<()> {
        SyncStorage::delete(self, key)
    }
    async fn clear(&self) -> Result<()> {
        SyncStorage::clear(self)
    }
    async fn commit(&self, ops: Vec<StorageOp>) -> Result<()> {
        SyncStorage::commit(self, ops)
    }
    fn capabilities(&self) -> Capabilities {
        SyncStorage::capabilities(self)
    }
}
