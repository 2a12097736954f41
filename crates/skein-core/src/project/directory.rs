//! The directory: which files the project has and where each one's index is.
//!
//! It is stored as [`BUCKET_COUNT`] buckets (see `storage::keys`); each maps
//! the paths that hash into it to a [`FileEntry`]. Writing one bucket is the
//! commit point of a file update.

use crate::error::Result;
use crate::storage::envelope;
use crate::storage::keys::{bucket_index, KeySpace, BUCKET_COUNT};
use crate::storage::Storage;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Where a file's index is stored, and what it must hash to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    /// blake3 of the file's source.
    pub content_hash: [u8; 32],
    /// The analyzer version that built the index.
    pub analyzer_version: u32,
    /// The slot holding the index: `'a'` or `'b'`.
    pub slot: char,
    /// blake3 of the stored index value, checked on every read so a stale or
    /// foreign value in the slot is never taken for this entry's.
    pub value_hash: [u8; 32],
}

/// One bucket: path → entry.
pub type Bucket = BTreeMap<String, FileEntry>;

/// All buckets, as loaded from storage.
#[derive(Clone, Debug)]
pub struct Directory {
    buckets: Vec<Bucket>,
}

impl Directory {
    /// Reads every bucket (one `get_many`).
    pub async fn load(storage: &dyn Storage, keys: &KeySpace) -> Result<Directory> {
        let bucket_keys = keys.all_buckets();
        let values = storage
            .get_many(&bucket_keys)
            .await
            .map_err(|e| crate::storage::tag(e, "getMany", None))?;
        let mut buckets = Vec::with_capacity(BUCKET_COUNT);
        for (key, value) in bucket_keys.iter().zip(values) {
            buckets.push(match value {
                Some(bytes) => envelope::open::<Bucket>(key, &bytes)?,
                None => Bucket::new(),
            });
        }
        Ok(Directory { buckets })
    }

    /// The entry of `path`.
    pub fn get(&self, path: &str) -> Option<&FileEntry> {
        self.buckets[bucket_index(path)].get(path)
    }

    /// The bucket `path` belongs to, with `path` set to `entry` (or removed).
    pub fn bucket_with(&self, path: &str, entry: Option<FileEntry>) -> Bucket {
        let mut bucket = self.buckets[bucket_index(path)].clone();
        match entry {
            Some(entry) => bucket.insert(path.to_string(), entry),
            None => bucket.remove(path),
        };
        bucket
    }

    /// Replaces the bucket of `path` (after it was committed).
    pub fn replace_bucket(&mut self, path: &str, bucket: Bucket) {
        self.buckets[bucket_index(path)] = bucket;
    }

    /// Every path, sorted.
    pub fn paths(&self) -> Vec<String> {
        let mut paths: Vec<String> = self
            .buckets
            .iter()
            .flat_map(|b| b.keys().cloned())
            .collect();
        paths.sort();
        paths
    }

    /// Number of files.
    pub fn len(&self) -> usize {
        self.buckets.iter().map(|b| b.len()).sum()
    }

    /// Whether there are no files.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
