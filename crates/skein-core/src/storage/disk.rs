//! `disk`: a folder, one file per key.
//!
//! A key's file is `<root>/objects/<h[0..2]>/<h[2..]>`, where `h` is the
//! lowercase hex blake3 hash of the key, so any key (long, unicode, with
//! separators) maps to a safe, fixed-length name. Each write goes to a fresh
//! file under `<root>/tmp/`, is fsynced, then renamed over the target: a reader
//! (in this or another process) sees the old value or the new one, never a
//! partial file, even after `kill -9`. Batches are not atomic across keys; the
//! project's commit protocol does not need them to be.
//!
//! ```
//! use skein_core::storage::{DiskStorage, Storage};
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! let dir = tempfile::tempdir().unwrap();
//! let storage = DiskStorage::open(dir.path()).unwrap();
//! storage.set("skein/v7/dir/00", vec![1, 2]).await.unwrap();
//! let again = DiskStorage::open(dir.path()).unwrap();
//! assert_eq!(again.get("skein/v7/dir/00").await.unwrap(), Some(vec![1, 2]));
//! # });
//! ```

use super::{Capabilities, Storage, StorageOp};
use crate::error::{Error, ErrorKind, Result};
use async_trait::async_trait;
use std::fs;
use std::io::{ErrorKind as IoKind, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Temp-file counter shared by every handle in the process, so two handles
/// on one folder never pick the same temp name (the pid separates processes).
static NEXT_TMP: AtomicU64 = AtomicU64::new(0);

/// A folder of values, one file per key.
#[derive(Debug)]
pub struct DiskStorage {
    root: PathBuf,
    objects: PathBuf,
    tmp: PathBuf,
}

impl DiskStorage {
    /// Opens (creating if needed) the store in folder `root`.
    pub fn open(root: impl AsRef<Path>) -> Result<Self> {
        let root = root.as_ref().to_path_buf();
        let objects = root.join("objects");
        let tmp = root.join("tmp");
        for dir in [&root, &objects, &tmp] {
            fs::create_dir_all(dir).map_err(|e| io_error("open", dir, e))?;
        }
        Ok(DiskStorage { root, objects, tmp })
    }

    /// The folder this store lives in.
    pub fn root(&self) -> &Path {
        &self.root
    }

    fn path_of(&self, key: &str) -> PathBuf {
        let hash = blake3::hash(key.as_bytes()).to_hex();
        self.objects.join(&hash[..2]).join(&hash[2..])
    }

    /// A fresh temporary file's path, unique in this process and among
    /// processes (the pid).
    fn tmp_path(&self) -> PathBuf {
        let n = NEXT_TMP.fetch_add(1, Ordering::Relaxed);
        self.tmp.join(format!("{}-{n}.tmp", std::process::id()))
    }

    fn write_atomically(&self, target: &Path, value: &[u8]) -> std::io::Result<()> {
        let tmp = self.tmp_path();
        let result = write_tmp(&tmp, value)
            .and_then(|file| file.sync_all())
            .and_then(|()| rename_into_place(&tmp, target));
        if result.is_err() {
            let _ = fs::remove_file(&tmp);
        }
        result
    }

    /// `commit`'s first step: every value of `ops` written to its own
    /// temporary file, fsynced together (up to [`OPEN_AT_ONCE`] at a time);
    /// their paths, in the order of the sets. On failure, nothing is left
    /// behind.
    fn stage(&self, ops: &[StorageOp]) -> Result<Vec<PathBuf>> {
        let mut staged = Vec::with_capacity(ops.len());
        let mut open = Vec::new();
        let sets = ops.iter().filter_map(|op| match op {
            StorageOp::Set { key, value } => Some((key, value)),
            StorageOp::Delete { .. } => None,
        });
        let mut sets = sets.peekable();
        while let Some((key, value)) = sets.next() {
            let tmp = self.tmp_path();
            let written = write_tmp(&tmp, value);
            staged.push(tmp);
            let failure = match written {
                Ok(file) => {
                    open.push((file, key));
                    if open.len() < OPEN_AT_ONCE && sets.peek().is_some() {
                        continue;
                    }
                    // Synced, then closed with `open`.
                    sync_together(&std::mem::take(&mut open))
                        .err()
                        .map(|(e, key)| io_error("commit", &self.tmp, e).with_key(key))
                }
                Err(e) => {
                    Some(io_error("commit", staged.last().unwrap_or(&self.tmp), e).with_key(key))
                }
            };
            if let Some(err) = failure {
                drop(open);
                remove_staged(staged);
                return Err(err);
            }
        }
        Ok(staged)
    }
}

/// Writes `value` to a new file at `tmp`, left open for its fsync.
fn write_tmp(tmp: &Path, value: &[u8]) -> std::io::Result<fs::File> {
    let mut file = fs::File::create(tmp)?;
    file.write_all(value)?;
    Ok(file)
}

/// Renames `tmp` over `target`, creating `target`'s folder if it is
/// missing: tried first, since it almost always exists.
fn rename_into_place(tmp: &Path, target: &Path) -> std::io::Result<()> {
    match fs::rename(tmp, target) {
        Err(e) if e.kind() == IoKind::NotFound && tmp.exists() => {
            if let Some(parent) = target.parent() {
                fs::create_dir_all(parent)?;
            }
            fs::rename(tmp, target)
        }
        other => other,
    }
}

/// The most threads `sync_together` fsyncs on.
const SYNC_THREADS: usize = 8;

/// The most temporary files a commit keeps open (written, not yet
/// fsynced): a batch of thousands of values must not run out of file
/// descriptors.
const OPEN_AT_ONCE: usize = 256;

/// Fsyncs `files` at once, from up to [`SYNC_THREADS`] threads: fsyncs
/// that wait together share the file system's journal commits, where one
/// after another each waits for its own.
fn sync_together<'k>(
    files: &[(fs::File, &'k String)],
) -> std::result::Result<(), (std::io::Error, &'k String)> {
    let sync_chunk = |chunk: &[(fs::File, &'k String)]| {
        chunk
            .iter()
            .try_for_each(|(file, key)| file.sync_all().map_err(|e| (e, *key)))
    };
    if files.len() <= 1 {
        return sync_chunk(files);
    }
    let per_thread = files.len().div_ceil(SYNC_THREADS);
    std::thread::scope(|scope| {
        let mut threads = Vec::new();
        let mut inline = Ok(());
        for chunk in files.chunks(per_thread) {
            match std::thread::Builder::new().spawn_scoped(scope, move || sync_chunk(chunk)) {
                Ok(thread) => threads.push(thread),
                // No thread to be had: this chunk is synced here.
                Err(_) => inline = inline.and_then(|()| sync_chunk(chunk)),
            }
        }
        let mut outcome = inline;
        for thread in threads {
            let synced = thread.join().unwrap_or_else(|_| {
                Err((
                    std::io::Error::other("an fsync thread panicked"),
                    files[0].1,
                ))
            });
            outcome = outcome.and(synced);
        }
        outcome
    })
}

/// Removes the temporary files of a commit that stopped.
fn remove_staged(staged: impl IntoIterator<Item = PathBuf>) {
    for tmp in staged {
        let _ = fs::remove_file(tmp);
    }
}

impl DiskStorage {
    /// Removes `key`'s file; a missing one is no error.
    fn remove(&self, key: &str, method: &str) -> Result<()> {
        let path = self.path_of(key);
        match fs::remove_file(&path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == IoKind::NotFound => Ok(()),
            Err(e) => Err(io_error(method, &path, e).with_key(key)),
        }
    }
}

fn io_error(method: &str, path: &Path, err: std::io::Error) -> Error {
    Error::new(ErrorKind::Provider, format!("{}: {err}", path.display())).with_method(method)
}

#[async_trait]
impl Storage for DiskStorage {
    async fn get(&self, key: &str) -> Result<Option<Vec<u8>>> {
        let path = self.path_of(key);
        match fs::read(&path) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == IoKind::NotFound => Ok(None),
            Err(e) => Err(io_error("get", &path, e).with_key(key)),
        }
    }

    async fn set(&self, key: &str, value: Vec<u8>) -> Result<()> {
        let path = self.path_of(key);
        self.write_atomically(&path, &value)
            .map_err(|e| io_error("set", &path, e).with_key(key))
    }

    async fn delete(&self, key: &str) -> Result<()> {
        self.remove(key, "delete")
    }

    /// As a run of `set`s and `delete`s in order, and as safe: each value
    /// is fsynced before it is renamed into place, and a failure or a
    /// `kill -9` leaves a prefix of `ops` applied. But every value is
    /// written first and fsynced together with the others (up to 256 at a
    /// time), then all are renamed in order: one wait for the disk where a
    /// run of `set`s waits once per value (a cold `index_directory` into
    /// `disk` spent most of its time there).
    async fn commit(&self, ops: Vec<StorageOp>) -> Result<()> {
        let mut staged = self.stage(&ops)?.into_iter();
        for op in &ops {
            let applied = match op {
                StorageOp::Set { key, .. } => {
                    let target = self.path_of(key);
                    // `stage` wrote one file per set, in order.
                    let tmp = staged.next().unwrap_or_default();
                    rename_into_place(&tmp, &target).map_err(|e| {
                        let _ = fs::remove_file(&tmp);
                        io_error("commit", &target, e).with_key(key)
                    })
                }
                StorageOp::Delete { key } => self.remove(key, "commit"),
            };
            if let Err(err) = applied {
                remove_staged(staged);
                return Err(err);
            }
        }
        Ok(())
    }

    async fn clear(&self) -> Result<()> {
        // Only our own folders: the root may hold the user's other files.
        for dir in [&self.objects, &self.tmp] {
            match fs::remove_dir_all(dir) {
                Ok(()) => {}
                Err(e) if e.kind() == IoKind::NotFound => {}
                Err(e) => return Err(io_error("clear", dir, e)),
            }
            fs::create_dir_all(dir).map_err(|e| io_error("clear", dir, e))?;
        }
        Ok(())
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities {
            transaction: false,
            get_many: false,
            in_process: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(key: &str, value: &[u8]) -> StorageOp {
        StorageOp::Set {
            key: key.to_string(),
            value: value.to_vec(),
        }
    }

    /// A store in a fresh folder, and the folder (removed when dropped).
    fn fresh() -> (tempfile::TempDir, DiskStorage) {
        let dir = tempfile::tempdir().unwrap();
        let storage = DiskStorage::open(dir.path()).unwrap();
        (dir, storage)
    }

    fn leftover_tmp_files(storage: &DiskStorage) -> usize {
        fs::read_dir(&storage.tmp).unwrap().count()
    }

    #[tokio::test]
    async fn a_commit_applies_its_ops_in_order_and_leaves_no_temporary_file() {
        let (_dir, storage) = fresh();
        storage.set("gone", b"x".to_vec()).await.unwrap();
        let ops = vec![
            set("a", b"1"),
            StorageOp::Delete {
                key: "gone".to_string(),
            },
            set("b", b"2"),
            set("a", b"3"),
        ];
        storage.commit(ops).await.unwrap();
        assert_eq!(storage.get("a").await.unwrap(), Some(b"3".to_vec()));
        assert_eq!(storage.get("b").await.unwrap(), Some(b"2".to_vec()));
        assert_eq!(storage.get("gone").await.unwrap(), None);
        assert_eq!(leftover_tmp_files(&storage), 0);
    }

    #[tokio::test]
    async fn a_commit_that_fails_midway_leaves_a_prefix_and_no_temporary_file() {
        let (_dir, storage) = fresh();
        storage.set("c", b"old".to_vec()).await.unwrap();
        // A folder where `b`'s file goes: its rename fails.
        let blocked = storage.path_of("b");
        fs::create_dir_all(blocked.join("in-the-way")).unwrap();
        let ops = vec![set("a", b"1"), set("b", b"2"), set("c", b"new")];
        let err = storage.commit(ops).await.unwrap_err();
        assert_eq!(err.method(), Some("commit"));
        assert_eq!(err.key(), Some("b"));
        assert_eq!(storage.get("a").await.unwrap(), Some(b"1".to_vec()));
        assert_eq!(storage.get("c").await.unwrap(), Some(b"old".to_vec()));
        assert_eq!(leftover_tmp_files(&storage), 0);
    }

    #[tokio::test]
    async fn a_commit_of_more_values_than_it_keeps_open_applies_them_all() {
        let (_dir, storage) = fresh();
        let count = OPEN_AT_ONCE * 2 + 3;
        let ops = (0..count)
            .map(|i| set(&format!("k{i}"), i.to_string().as_bytes()))
            .collect();
        storage.commit(ops).await.unwrap();
        for i in [0, OPEN_AT_ONCE, count - 1] {
            let value = storage.get(&format!("k{i}")).await.unwrap();
            assert_eq!(value, Some(i.to_string().into_bytes()));
        }
        assert_eq!(leftover_tmp_files(&storage), 0);
    }

    #[tokio::test]
    async fn a_commit_into_a_missing_objects_folder_recreates_it() {
        let (_dir, storage) = fresh();
        storage.set("a", b"1".to_vec()).await.unwrap();
        fs::remove_dir_all(storage.path_of("a").parent().unwrap()).unwrap();
        storage
            .commit(vec![set("a", b"2"), set("b", b"3")])
            .await
            .unwrap();
        assert_eq!(storage.get("a").await.unwrap(), Some(b"2".to_vec()));
        assert_eq!(storage.get("b").await.unwrap(), Some(b"3".to_vec()));
    }
}
