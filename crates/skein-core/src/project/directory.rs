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
    #[serde(with = "crate::storage::byte_fields::hash")]
    pub content_hash: [u8; 32],
    /// The analyzer version that built the index.
    pub analyzer_version: u32,
    /// The slot holding the index: `'a'` or `'b'`.
    pub slot: char,
    /// The stored index value's [`envelope::identity`], checked on every
    /// read so a stale or foreign value in the slot is never taken for this
    /// entry's.
    #[serde(with = "crate::storage::byte_fields::hash")]
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
    /// Each bucket's stored value's [`envelope::identity`], as last read
    /// or written (`None`: unknown, or no value): a refresh that finds the
    /// same identity has nothing to decode.
    identities: Vec<Option<[u8; 32]>>,
}

/// A bucket sealed for a commit: the value to write and what the
/// directory takes in once the commit lands ([`Directory::replace_bucket`]).
#[derive(Clone, Debug)]
pub struct SealedBucket {
    /// The bucket's number.
    pub number: usize,
    /// Its entries after the commit.
    pub entries: Bucket,
    /// The stored value's identity; `None` for an emptied bucket, which
    /// is deleted.
    pub identity: Option<[u8; 32]>,
}

impl SealedBucket {
    /// Seals `entries` as bucket `number`: the value to store, and the
    /// bucket to take in once it is stored.
    pub fn new(number: usize, entries: Bucket) -> (Vec<u8>, SealedBucket) {
        // Entries run at about 250 bytes, most of it the name filter.
        let value = envelope::seal_with_capacity(&entries, entries.len() * 320);
        let sealed = SealedBucket {
            number,
            entries,
            identity: Some(envelope::identity(&value)),
        };
        (value, sealed)
    }
}

/// What [`Directory::read_bucket_of`] found stored for a bucket.
pub enum StoredBucket {
    /// The value the directory last read or wrote: nothing to take in.
    Known,
    /// Another value (or none): its entries, and its identity.
    Read(Bucket, Option<[u8; 32]>),
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
        let mut identities = vec![None; BUCKET_COUNT];
        for ((&bucket, key), value) in marked.iter().zip(&bucket_keys).zip(values) {
            if let Some(bytes) = value {
                buckets[bucket] = open_bucket(key, &bytes, bucket)?;
                identities[bucket] = Some(envelope::identity(&bytes));
            }
        }
        Ok(Directory {
            root,
            buckets,
            identities,
        })
    }

    /// Whether the root marks `path`'s bucket.
    pub fn marks_bucket_of(&self, path: &str) -> bool {
        is_marked(&self.root, bucket_index(path))
    }

    /// Reads `path`'s bucket from storage, and the root unless `marked`
    /// (see [`Directory::marks_bucket_of`]): another project on the same
    /// store (in this process or another) may have written them since they
    /// were loaded. A value with the identity `known` (see
    /// [`Directory::identity_of`]) is not decoded. Apply what it returns
    /// with [`Directory::refresh`].
    pub async fn read_bucket_of(
        storage: &dyn Storage,
        keys: &KeySpace,
        path: &str,
        marked: bool,
        known: Option<[u8; 32]>,
    ) -> Result<(Option<RootMap>, StoredBucket)> {
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
            Some(bytes) => {
                let identity = envelope::identity(&bytes);
                if known == Some(identity) {
                    StoredBucket::Known
                } else {
                    StoredBucket::Read(open_bucket(&key, &bytes, bucket)?, Some(identity))
                }
            }
            None => StoredBucket::Read(Bucket::new(), None),
        };
        Ok((root, stored))
    }

    /// The identity of the stored value `path`'s bucket was last read
    /// from or written as, if known.
    pub fn identity_of(&self, path: &str) -> Option<[u8; 32]> {
        self.identities[bucket_index(path)]
    }

    /// Takes in what [`Directory::read_bucket_of`] read for `path`; returns
    /// whether the bucket changed.
    pub fn refresh(&mut self, path: &str, root: Option<RootMap>, stored: StoredBucket) -> bool {
        if let Some(root) = root {
            // Marks are only ever added, so both sets hold.
            for (mine, theirs) in self.root.iter_mut().zip(root) {
                *mine |= theirs;
            }
        }
        let StoredBucket::Read(entries, identity) = stored else {
            return false;
        };
        let bucket = bucket_index(path);
        let changed = entries != self.buckets[bucket];
        self.buckets[bucket] = entries;
        self.identities[bucket] = identity;
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

    /// The bucket `path` belongs to, with `path` set to `entry`, sealed
    /// for a commit.
    pub fn seal_bucket_with(&self, path: &str, entry: FileEntry) -> (Vec<u8>, SealedBucket) {
        let number = bucket_index(path);
        let mut bucket = self.buckets[number].clone();
        bucket.insert(path.to_string(), entry);
        SealedBucket::new(number, bucket)
    }

    /// The bucket `path` belongs to, without `path`, sealed for a commit;
    /// with no value if that empties it (an empty bucket is deleted, not
    /// stored).
    pub fn seal_bucket_without(&self, path: &str) -> (Option<Vec<u8>>, SealedBucket) {
        let number = bucket_index(path);
        let mut bucket = self.buckets[number].clone();
        bucket.remove(path);
        if bucket.is_empty() {
            let emptied = SealedBucket {
                number,
                entries: bucket,
                identity: None,
            };
            return (None, emptied);
        }
        let (value, sealed) = SealedBucket::new(number, bucket);
        (Some(value), sealed)
    }

    /// Bucket number `bucket` as it is.
    pub fn bucket(&self, bucket: usize) -> &Bucket {
        &self.buckets[bucket]
    }

    /// Takes in a bucket that was committed.
    pub fn replace_bucket(&mut self, bucket: SealedBucket) {
        self.buckets[bucket.number] = bucket.entries;
        self.identities[bucket.number] = bucket.identity;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resolve::NameFilter;
    use crate::storage::MemoryStorage;

    fn entry(definitions: u32) -> FileEntry {
        FileEntry {
            content_hash: [1; 32],
            analyzer_version: 1,
            slot: 'a',
            value_hash: [2; 32],
            names: NameFilter::new(["name"]),
            definitions,
            references: 0,
            from_folder: false,
        }
    }

    async fn store(
        storage: &MemoryStorage,
        keys: &KeySpace,
        bucket: &SealedBucket,
        value: Vec<u8>,
    ) {
        storage
            .set(&keys.bucket(bucket.number), value)
            .await
            .unwrap();
        storage
            .set(&keys.root(), envelope::seal(&[0xffu8; BUCKET_COUNT / 8]))
            .await
            .unwrap();
    }

    /// A bucket as this directory wrote it is not decoded again; one that
    /// another writer changed is, and taken in with its new identity.
    #[tokio::test]
    async fn a_refresh_decodes_only_a_bucket_someone_else_wrote() {
        let (storage, keys) = (MemoryStorage::new(), KeySpace::new("t"));
        let mut directory = Directory::load(&storage, &keys).await.unwrap();
        let (value, sealed) = directory.seal_bucket_with("a.py", entry(1));
        store(&storage, &keys, &sealed, value).await;
        directory.replace_bucket(sealed);

        let read = |directory: &Directory| {
            let known = directory.identity_of("a.py");
            Directory::read_bucket_of(&storage, &keys, "a.py", true, known)
        };
        let (_, stored) = read(&directory).await.unwrap();
        assert!(matches!(stored, StoredBucket::Known));
        assert!(!directory.refresh("a.py", None, stored));

        // Another project over the store updates the same bucket.
        let other = Directory::load(&storage, &keys).await.unwrap();
        let (value, theirs) = other.seal_bucket_with("a.py", entry(2));
        store(&storage, &keys, &theirs, value).await;
        let (_, stored) = read(&directory).await.unwrap();
        assert!(matches!(stored, StoredBucket::Read(..)));
        assert!(directory.refresh("a.py", None, stored));
        assert_eq!(directory.get("a.py").unwrap().definitions, 2);
        assert_eq!(directory.identity_of("a.py"), theirs.identity);
        let (_, stored) = read(&directory).await.unwrap();
        assert!(matches!(stored, StoredBucket::Known));

        // And empties it: no value, nothing known.
        storage.delete(&keys.bucket(theirs.number)).await.unwrap();
        let (_, stored) = read(&directory).await.unwrap();
        assert!(directory.refresh("a.py", None, stored));
        assert!(directory.get("a.py").is_none());
        assert_eq!(directory.identity_of("a.py"), None);
    }
}
