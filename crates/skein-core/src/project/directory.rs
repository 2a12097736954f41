//! The directory: which files the project has and where each one's index is.
//!
//! It is stored as [`BUCKET_COUNT`] buckets (see `storage::keys`); each maps
//! the paths that hash into it to a [`FileEntry`]. Writing one bucket is the
//! commit point of a file update. A small root value marks the buckets that
//! may hold files, so a project of a few files opens with a few reads, not
//! 256. A bit is set before its bucket is first written and never cleared: a
//! set bit over an empty bucket costs one read, a missing bit would lose files.

use crate::error::{Error, ErrorKind, Result};
use crate::storage::envelope;
use crate::storage::keys::{bucket_index, KeySpace, BUCKET_COUNT};

fn is_marked(root: &RootMap, bucket: usize) -> bool {
    root[bucket / 8] & (1 << (bucket % 8)) != 0
}
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
    /// The stored index value's [`envelope::identity`], checked on every
    /// read so a stale or foreign value in the slot is never taken for this
    /// entry's.
    pub value_hash: [u8; 32],
    /// The names the file mentions, so `find_references` reads only files
    /// that may refer to a name.
    pub names: crate::resolve::NameFilter,
    /// How many definitions the file has, so a project's totals need no
    /// file read.
    pub definitions: u32,
    /// How many references the file has.
    pub references: u32,
    /// Whether `index_directory` brought the file in: then a later run that
    /// no longer finds it removes it. Files added one by one stay.
    pub from_folder: bool,
}

/// One bucket: path → entry.
pub type Bucket = BTreeMap<String, FileEntry>;

/// Bucket number `bucket` from its stored value, checked: every entry has
/// a real slot and belongs in that bucket.
fn open_bucket(key: &str, bytes: &[u8], bucket: usize) -> Result<Bucket> {
    let entries = envelope::open::<Bucket>(key, bytes)?;
    for (path, entry) in &entries {
        if !matches!(entry.slot, 'a' | 'b') || bucket_index(path) != bucket {
            return Err(Error::new(
                ErrorKind::Corrupt,
                format!(
                    "bucket lists '{path}' with an impossible entry (slot {:?})",
                    entry.slot
                ),
            )
            .with_key(key));
        }
    }
    Ok(entries)
}

/// Which buckets may hold files: bit `b % 8` of byte `b / 8` for bucket `b`.
pub type RootMap = [u8; BUCKET_COUNT / 8];

/// All buckets, as loaded from storage.
#[derive(Clone, Debug)]
pub struct Directory {
    root: RootMap,
    buckets: Vec<Bucket>,
}

impl Directory {
    /// Reads the root, then the buckets it marks (one `get_many`).
    pub async fn load(storage: &dyn Storage, keys: &KeySpace) -> Result<Directory> {
        let root_key = keys.root();
        let root: RootMap = match storage
            .get(&root_key)
            .await
            .map_err(|e| crate::storage::tag(e, "get", Some(&root_key)))?
        {
            Some(bytes) => envelope::open(&root_key, &bytes)?,
            None => [0; BUCKET_COUNT / 8],
        };
        let marked: Vec<usize> = (0..BUCKET_COUNT).filter(|&b| is_marked(&root, b)).collect();
        let bucket_keys: Vec<String> = marked.iter().map(|&b| keys.bucket(b)).collect();
        let values = if bucket_keys.is_empty() {
            Vec::new()
        } else {
            storage
                .get_many(&bucket_keys)
                .await
                .map_err(|e| crate::storage::tag(e, "getMany", None))?
        };
        let mut buckets = vec![Bucket::new(); BUCKET_COUNT];
        for ((&bucket, key), value) in marked.iter().zip(&bucket_keys).zip(values) {
            if let Some(bytes) = value {
                buckets[bucket] = open_bucket(key, &bytes, bucket)?;
            }
        }
        Ok(Directory { root, buckets })
    }

    /// Whether the root marks `path`'s bucket.
    pub fn marks_bucket_of(&self, path: &str) -> bool {
        is_marked(&self.root, bucket_index(path))
    }

    /// Reads `path`'s bucket from storage, and the root unless `marked`
    /// (see [`Directory::marks_bucket_of`]): another project on the same
    /// store (in this process or another) may have written them since they
    /// were loaded. Apply what it returns with [`Directory::refresh`].
    pub async fn read_bucket_of(
        storage: &dyn Storage,
        keys: &KeySpace,
        path: &str,
        marked: bool,
    ) -> Result<(Option<RootMap>, Bucket)> {
        let bucket = bucket_index(path);
        let mut root = None;
        if !marked {
            let root_key = keys.root();
            if let Some(bytes) = storage
                .get(&root_key)
                .await
                .map_err(|e| crate::storage::tag(e, "get", Some(&root_key)))?
            {
                root = Some(envelope::open(&root_key, &bytes)?);
            }
        }
        let key = keys.bucket(bucket);
        let stored = match storage
            .get(&key)
            .await
            .map_err(|e| crate::storage::tag(e, "get", Some(&key)))?
        {
            Some(bytes) => open_bucket(&key, &bytes, bucket)?,
            None => Bucket::new(),
        };
        Ok((root, stored))
    }

    /// Takes in what [`Directory::read_bucket_of`] read for `path`; returns
    /// whether the bucket changed.
    pub fn refresh(&mut self, path: &str, root: Option<RootMap>, stored: Bucket) -> bool {
        if let Some(root) = root {
            // Marks are only ever added, so both sets hold.
            for (mine, theirs) in self.root.iter_mut().zip(root) {
                *mine |= theirs;
            }
        }
        let bucket = bucket_index(path);
        let changed = stored != self.buckets[bucket];
        self.buckets[bucket] = stored;
        changed
    }

    /// The root with `path`'s bucket marked, if it is not marked yet.
    pub fn root_marking(&self, path: &str) -> Option<RootMap> {
        self.root_marking_all([bucket_index(path)])
    }

    /// The root with `buckets` marked, if any is not marked yet.
    pub fn root_marking_all(&self, buckets: impl IntoIterator<Item = usize>) -> Option<RootMap> {
        let mut root = self.root;
        for bucket in buckets {
            root[bucket / 8] |= 1 << (bucket % 8);
        }
        (root != self.root).then_some(root)
    }

    /// Records a root that was committed.
    pub fn replace_root(&mut self, root: RootMap) {
        self.root = root;
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

    /// Bucket number `bucket` as it is.
    pub fn bucket(&self, bucket: usize) -> &Bucket {
        &self.buckets[bucket]
    }

    /// Replaces bucket number `bucket` (after it was committed).
    pub fn replace_bucket_at(&mut self, bucket: usize, entries: Bucket) {
        self.buckets[bucket] = entries;
    }

    /// Replaces the bucket of `path` (after it was committed).
    pub fn replace_bucket(&mut self, path: &str, bucket: Bucket) {
        self.replace_bucket_at(bucket_index(path), bucket);
    }

    /// Every entry, in no particular order.
    pub fn entries(&self) -> impl Iterator<Item = (&String, &FileEntry)> {
        self.buckets.iter().flat_map(|b| b.iter())
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
