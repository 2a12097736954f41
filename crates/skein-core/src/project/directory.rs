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

/// A commit's change to one bucket: entries set or removed, applied to
/// the directory in place once the commit lands
/// ([`Directory::apply`]).
#[derive(Clone, Debug)]
pub struct BucketChange {
    /// The bucket's number.
    pub number: usize,
    /// Sorted by path, each path once: its new entry, or `None` to remove it.
    changes: Vec<(String, Option<FileEntry>)>,
    /// The stored value's identity; `None` for an emptied bucket, which
    /// is deleted.
    identity: Option<[u8; 32]>,
    /// The identity the directory knew for the bucket the change was made
    /// against.
    base: Option<[u8; 32]>,
}

/// A bucket as a change leaves it, encoded from the directory's bucket and
/// the change without copying the bucket: the same bytes as the changed
/// `Bucket` (postcard writes a map as its length, then each key and value
/// in order).
struct BucketAfter<'a> {
    bucket: &'a Bucket,
    changes: &'a [(String, Option<FileEntry>)],
}

impl<'a> BucketAfter<'a> {
    /// The entries after the change, in path order.
    fn entries(&self) -> impl Iterator<Item = (&'a str, &'a FileEntry)> {
        let mut old = self.bucket.iter().peekable();
        let mut new = self.changes.iter().peekable();
        std::iter::from_fn(move || loop {
            let order = match (old.peek(), new.peek()) {
                (None, None) => return None,
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (Some((kept, _)), Some((changed, _))) => kept.as_str().cmp(changed.as_str()),
            };
            if order.is_lt() {
                return old.next().map(|(path, entry)| (path.as_str(), entry));
            }
            if order.is_eq() {
                old.next();
            }
            if let Some((path, Some(entry))) = new.next() {
                return Some((path.as_str(), entry));
            }
        })
    }
}

impl Serialize for BucketAfter<'_> {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.entries().count()))?;
        for (path, entry) in self.entries() {
            map.serialize_entry(path, entry)?;
        }
        map.end()
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

    /// Bucket `number` with `changes` (each path once, and in that
    /// bucket) sealed for a commit: the value to store, `None` if the
    /// change empties the bucket (an empty bucket is deleted, not stored);
    /// and the change, to [`apply`](Directory::apply) once it is stored.
    pub fn seal_change(
        &self,
        number: usize,
        mut changes: Vec<(String, Option<FileEntry>)>,
    ) -> (Option<Vec<u8>>, BucketChange) {
        changes.sort_by(|(a, _), (b, _)| a.cmp(b));
        let after = BucketAfter {
            bucket: &self.buckets[number],
            changes: &changes,
        };
        let value = after.entries().next().is_some().then(|| {
            // Entries run at about 250 bytes, most of it the name filter.
            let guess = (self.buckets[number].len() + changes.len()) * 320;
            envelope::seal_with_capacity(&after, guess)
        });
        let identity = value.as_deref().map(envelope::identity);
        let change = BucketChange {
            number,
            changes,
            identity,
            base: self.identities[number],
        };
        (value, change)
    }

    /// Takes in a change that was committed, in place. If the bucket is
    /// no longer the one the change was made against (a query re-read the
    /// directory meanwhile, finding another writer's), the stored value's
    /// identity is forgotten, so the next refresh decodes what is stored.
    pub fn apply(&mut self, change: BucketChange) {
        let number = change.number;
        let unchanged_since = self.identities[number] == change.base;
        let bucket = &mut self.buckets[number];
        for (path, entry) in change.changes {
            match entry {
                Some(entry) => bucket.insert(path, entry),
                None => bucket.remove(&path),
            };
        }
        self.identities[number] = change.identity.filter(|_| unchanged_since);
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

    async fn store(storage: &MemoryStorage, keys: &KeySpace, number: usize, value: Vec<u8>) {
        storage.set(&keys.bucket(number), value).await.unwrap();
        let root = envelope::seal(&[0xffu8; BUCKET_COUNT / 8]);
        storage.set(&keys.root(), root).await.unwrap();
    }

    fn set(path: &str, definitions: u32) -> (String, Option<FileEntry>) {
        (path.to_string(), Some(entry(definitions)))
    }

    /// A bucket as this directory wrote it is not decoded again; one that
    /// another writer changed is, and taken in with its new identity.
    #[tokio::test]
    async fn a_refresh_decodes_only_a_bucket_someone_else_wrote() {
        let (storage, keys) = (MemoryStorage::new(), KeySpace::new("t"));
        let number = bucket_index("a.py");
        let mut directory = Directory::load(&storage, &keys).await.unwrap();
        let (value, change) = directory.seal_change(number, vec![set("a.py", 1)]);
        store(&storage, &keys, number, value.unwrap()).await;
        directory.apply(change);

        let read = |directory: &Directory| {
            let known = directory.identity_of("a.py");
            Directory::read_bucket_of(&storage, &keys, "a.py", true, known)
        };
        let (_, stored) = read(&directory).await.unwrap();
        assert!(matches!(stored, StoredBucket::Known));
        assert!(!directory.refresh("a.py", None, stored));

        // Another project over the store updates the same bucket.
        let other = Directory::load(&storage, &keys).await.unwrap();
        let (value, theirs) = other.seal_change(number, vec![set("a.py", 2)]);
        store(&storage, &keys, number, value.unwrap()).await;
        let (_, stored) = read(&directory).await.unwrap();
        assert!(matches!(stored, StoredBucket::Read(..)));
        assert!(directory.refresh("a.py", None, stored));
        assert_eq!(directory.get("a.py").unwrap().definitions, 2);
        assert_eq!(directory.identity_of("a.py"), theirs.identity);
        let (_, stored) = read(&directory).await.unwrap();
        assert!(matches!(stored, StoredBucket::Known));

        // And empties it: no value, nothing known.
        storage.delete(&keys.bucket(number)).await.unwrap();
        let (_, stored) = read(&directory).await.unwrap();
        assert!(directory.refresh("a.py", None, stored));
        assert!(directory.get("a.py").is_none());
        assert_eq!(directory.identity_of("a.py"), None);
    }

    /// A change is sealed without copying the bucket: the bytes are the
    /// changed bucket's own, whatever it sets, replaces or removes, and
    /// applying it leaves the bucket they decode to.
    #[test]
    fn a_sealed_change_is_the_changed_bucket_and_applies_in_place() {
        let number = 7;
        let mut directory = Directory {
            root: [0; BUCKET_COUNT / 8],
            buckets: vec![Bucket::new(); BUCKET_COUNT],
            identities: vec![None; BUCKET_COUNT],
        };
        directory.buckets[number] = ["b", "d", "f"]
            .iter()
            .map(|path| (path.to_string(), entry(0)))
            .collect();
        let remove = |path: &str| (path.to_string(), None);
        let cases: Vec<Vec<(String, Option<FileEntry>)>> = vec![
            vec![set("a", 1)],
            vec![set("g", 1), set("c", 2)],
            vec![set("d", 3)],
            vec![remove("b"), set("e", 4)],
            vec![remove("missing")],
            vec![remove("b"), remove("d"), remove("f")],
            vec![remove("f"), remove("b"), set("a", 5), remove("d")],
        ];
        for changes in cases {
            let mut expected = directory.buckets[number].clone();
            for (path, entry) in &changes {
                match entry {
                    Some(entry) => expected.insert(path.clone(), entry.clone()),
                    None => expected.remove(path),
                };
            }
            let mut after = directory.clone();
            let (value, change) = after.seal_change(number, changes.clone());
            match &value {
                Some(value) => assert_eq!(*value, envelope::seal(&expected), "{changes:?}"),
                None => assert!(expected.is_empty(), "{changes:?}"),
            }
            assert_eq!(change.identity, value.as_deref().map(envelope::identity));
            let identity = change.identity;
            after.apply(change);
            assert_eq!(after.buckets[number], expected, "{changes:?}");
            assert_eq!(after.identities[number], identity);
        }

        // Applied to a bucket re-read meanwhile, the change is made, but
        // the stored identity is no longer known to match what is held.
        let (_, change) = directory.seal_change(number, vec![set("a", 6)]);
        let mut reread = directory.clone();
        reread.identities[number] = Some([9; 32]);
        reread.apply(change);
        assert_eq!(reread.buckets[number]["a"].definitions, 6);
        assert_eq!(reread.identities[number], None);
    }
}
