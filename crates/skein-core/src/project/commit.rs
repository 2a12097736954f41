//! The commit protocol: how one file update becomes all-or-nothing on any
//! provider, with or without transactions, across crashes.
//!
//! 0. If the file's bucket is new, mark it in the root (see `directory`):
//!    a bit over an empty bucket is harmless, so this needs no atomicity.
//! 1. Write the new index into the file's free slot (`a`/`b`, whichever the
//!    directory does not point to). Nothing points to it yet: a failure here
//!    changes nothing visible.
//! 2. Write the file's directory bucket, now pointing to the new slot. This
//!    single-key write is the commit point: before it readers see the old
//!    file, after it the new one.
//! 3. Delete the old slot. A failure here is not the caller's failure: the
//!    delete is queued and retried later; until then the old value is just
//!    unreferenced.
//!
//! On a provider with transactions, the three go in one batch. A removal is
//! steps 2 and 3 (the bucket is deleted when it empties; both slots deleted). Every bucket entry carries the hash of
//! the value it points to, so a slot rewritten by a failed, later update is
//! never mistaken for the committed one. An update writes its own index and
//! one bucket, which holds about 1/256 of the project's entries.

use super::directory::{FileEntry, RootMap};
use crate::error::Result;
use crate::storage::keys::KeySpace;
use crate::storage::{envelope, tag, Storage, StorageOp};

/// The other slot.
pub fn other_slot(slot: char) -> char {
    if slot == 'a' {
        'b'
    } else {
        'a'
    }
}

/// What a commit failure means for the stored state.
pub enum CommitError {
    /// Failed before the commit point: storage is as before.
    Before(crate::Error),
    /// The commit point itself failed: the bucket may or may not have landed.
    Uncertain(crate::Error),
}

/// A file slot: (path, `'a'`/`'b'`).
pub type SlotRef = (String, char);

/// One file update, ready to commit.
pub struct Update<'a> {
    /// The file.
    pub path: &'a str,
    /// Its current entry, if the directory has one.
    pub old: Option<&'a FileEntry>,
    /// The slot the new index goes to (the one `old` does not use).
    pub new_slot: char,
    /// The sealed new index.
    pub value: Vec<u8>,
    /// The file's bucket as it must be after the update, sealed
    /// ([`super::directory::Directory::seal_change`]).
    pub bucket_value: Vec<u8>,
    /// The new root, when the bucket is not marked yet.
    pub root: Option<&'a RootMap>,
}

/// Writes a new index for a file and points the directory at it.
/// Returns the old slots whose deletion failed (to retry later).
pub async fn commit_update(
    storage: &dyn Storage,
    keys: &KeySpace,
    update: Update<'_>,
) -> Result<Vec<SlotRef>, CommitError> {
    let Update {
        path,
        old,
        new_slot,
        value,
        bucket_value,
        root,
    } = update;
    let value_key = keys.file(path, new_slot);
    let bucket_key = keys.bucket_of(path);
    let stale: Vec<SlotRef> = old
        .map(|e| (path.to_string(), e.slot))
        .into_iter()
        .collect();
    let root_op = root.map(|root| StorageOp::Set {
        key: keys.root(),
        value: envelope::seal(root),
    });
    if storage.capabilities().transaction {
        let mut ops: Vec<StorageOp> = root_op.into_iter().collect();
        ops.push(StorageOp::Set {
            key: value_key,
            value,
        });
        ops.push(StorageOp::Set {
            key: bucket_key,
            value: bucket_value,
        });
        ops.extend(slot_deletes(keys, &stale));
        return commit_batch(storage, ops).await;
    }
    mark_root(storage, root_op).await?;
    storage
        .set(&value_key, value)
        .await
        .map_err(|e| CommitError::Before(tag(e, "set", Some(&value_key))))?;
    storage
        .set(&bucket_key, bucket_value)
        .await
        .map_err(|e| CommitError::Uncertain(tag(e, "set", Some(&bucket_key))))?;
    Ok(delete_slots(storage, keys, stale).await)
}

/// A file's new index in a group update ([`commit_updates`]).
pub struct NewValue {
    /// The file.
    pub path: String,
    /// The slot its current entry uses, if the directory has one.
    pub old_slot: Option<char>,
    /// The slot the new index goes to (not `old_slot`).
    pub new_slot: char,
    /// The sealed new index.
    pub value: Vec<u8>,
}

/// Commits several file updates together, by the same protocol as
/// [`commit_update`]: every new index first, then every bucket they
/// change (each written once, as it must be after all of them), then the
/// old slots' deletes. With transactions, the three go in one batch. Without,
/// each step is one [`Storage::commit_unordered`], whose failure can leave
/// any of its writes applied: new indexes nothing points to yet, or
/// buckets that point each of their files to its new index, whole.
/// Each bucket is `(bucket number, sealed bucket)`. Returns the old slots
/// whose deletion failed.
pub async fn commit_updates(
    storage: &dyn Storage,
    keys: &KeySpace,
    values: Vec<NewValue>,
    buckets: Vec<(usize, Vec<u8>)>,
    root: Option<&RootMap>,
) -> Result<Vec<SlotRef>, CommitError> {
    let stale: Vec<SlotRef> = values
        .iter()
        .filter_map(|v| v.old_slot.map(|slot| (v.path.clone(), slot)))
        .collect();
    let root_op = root.map(|root| StorageOp::Set {
        key: keys.root(),
        value: envelope::seal(root),
    });
    let value_ops = values.into_iter().map(|v| StorageOp::Set {
        key: keys.file(&v.path, v.new_slot),
        value: v.value,
    });
    let bucket_ops = buckets.into_iter().map(|(bucket, value)| StorageOp::Set {
        key: keys.bucket(bucket),
        value,
    });
    if storage.capabilities().transaction {
        let mut ops: Vec<StorageOp> = root_op.into_iter().collect();
        ops.extend(value_ops);
        ops.extend(bucket_ops);
        ops.extend(slot_deletes(keys, &stale));
        return commit_batch(storage, ops).await;
    }
    mark_root(storage, root_op).await?;
    // Neither the new indexes nor the buckets depend on each other: any of
    // them may land first, or alone.
    storage
        .commit_unordered(value_ops.collect())
        .await
        .map_err(|e| CommitError::Before(tag(e, "commit", None)))?;
    storage
        .commit_unordered(bucket_ops.collect())
        .await
        .map_err(|e| CommitError::Uncertain(tag(e, "commit", None)))?;
    Ok(delete_slots(storage, keys, stale).await)
}

/// Drops `path` from the directory, then deletes both of its slots.
/// `bucket_value` is the bucket without `path`, sealed; `None` if that
/// leaves it empty, and then it is deleted, not kept as an empty map.
pub async fn commit_removal(
    storage: &dyn Storage,
    keys: &KeySpace,
    path: &str,
    bucket_value: Option<Vec<u8>>,
) -> Result<Vec<SlotRef>, CommitError> {
    let bucket_key = keys.bucket_of(path);
    let bucket_op = match bucket_value {
        None => StorageOp::Delete { key: bucket_key },
        Some(value) => StorageOp::Set {
            key: bucket_key,
            value,
        },
    };
    let slots: Vec<SlotRef> = vec![(path.to_string(), 'a'), (path.to_string(), 'b')];
    if storage.capabilities().transaction {
        let mut ops = vec![bucket_op];
        ops.extend(slot_deletes(keys, &slots));
        return commit_batch(storage, ops).await;
    }
    let committed = match bucket_op {
        StorageOp::Set { key, value } => storage
            .set(&key, value)
            .await
            .map_err(|e| tag(e, "set", Some(&key))),
        StorageOp::Delete { key } => storage
            .delete(&key)
            .await
            .map_err(|e| tag(e, "delete", Some(&key))),
    };
    committed.map_err(CommitError::Uncertain)?;
    Ok(delete_slots(storage, keys, slots).await)
}

/// The deletes of `slots`' values.
fn slot_deletes<'a>(
    keys: &'a KeySpace,
    slots: &'a [SlotRef],
) -> impl Iterator<Item = StorageOp> + 'a {
    slots.iter().map(|(p, s)| StorageOp::Delete {
        key: keys.file(p, *s),
    })
}

/// Writes the root marking a new bucket, if any, before anything else.
async fn mark_root(storage: &dyn Storage, root_op: Option<StorageOp>) -> Result<(), CommitError> {
    if let Some(StorageOp::Set { key, value }) = root_op {
        storage
            .set(&key, value)
            .await
            .map_err(|e| CommitError::Before(tag(e, "set", Some(&key))))?;
    }
    Ok(())
}

/// Commits `ops` as one transaction: the commit point, so a failure is uncertain.
async fn commit_batch(
    storage: &dyn Storage,
    ops: Vec<StorageOp>,
) -> Result<Vec<SlotRef>, CommitError> {
    storage
        .commit(ops)
        .await
        .map_err(|e| CommitError::Uncertain(tag(e, "transaction", None)))?;
    Ok(Vec::new())
}

/// Deletes the values in `slots`; returns those whose delete failed.
pub async fn delete_slots(
    storage: &dyn Storage,
    keys: &KeySpace,
    slots: Vec<SlotRef>,
) -> Vec<SlotRef> {
    if slots.is_empty() {
        return slots;
    }
    if storage.capabilities().transaction {
        let ops = slot_deletes(keys, &slots).collect();
        return match storage.commit(ops).await {
            Ok(()) => Vec::new(),
            Err(_) => slots,
        };
    }
    let mut failed = Vec::new();
    for slot in slots {
        if storage.delete(&keys.file(&slot.0, slot.1)).await.is_err() {
            failed.push(slot);
        }
    }
    failed
}
