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
//! storage.set("skein/v6/dir/00", vec![1, 2]).await.unwrap();
//! let again = DiskStorage::open(dir.path()).unwrap();
//! assert_eq!(again.get("skein/v6/dir/00").await.unwrap(), Some(vec![1, 2]));
//! # });
//! ```

use super::{Capabilities, Storage};
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

    fn write_atomically(&self, target: &Path, value: &[u8]) -> std::io::Result<()> {
        let n = NEXT_TMP.fetch_add(1, Ordering::Relaxed);
        let tmp = self.tmp.join(format!("{}-{n}.tmp", std::process::id()));
        let result = (|| {
            let mut file = fs::File::create(&tmp)?;
            file.write_all(value)?;
            file.sync_all()?;
            drop(file);
            if let Some(parent) = target.parent() {
                fs::create_dir_all(parent)?;
            }
            fs::rename(&tmp, target)
        })();
        if result.is_err() {
            let _ = fs::remove_file(&tmp);
        }
        result
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
        let path = self.path_of(key);
        match fs::remove_file(&path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == IoKind::NotFound => Ok(()),
            Err(e) => Err(io_error("delete", &path, e).with_key(key)),
        }
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
