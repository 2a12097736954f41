//! Storing a group of analyzed files with one commit: what a batch
//! (`add_or_update_files`, `index_directory`) does with the files its
//! analysis threads hand back together.
//!
//! One at a time, each file is a commit of its own: a transaction on
//! `sqlite`, and on a store without transactions two writes waited for in
//! turn, each fsynced on `disk`. Together, the group is one transaction,
//! or, without transactions, one `commit_unordered` of every new index
//! then one of every bucket they change: `disk` makes each durable with one
//! wait for the disk (`storage/disk.rs`), a JavaScript provider gets each
//! as calls issued at once. The protocol is the same as for one
//! file (`commit.rs`): after a failure or a crash, each file is old or new,
//! whole.

use super::commit::{self, CommitError, NewValue};
use super::directory::{BucketChange, FileEntry, RootMap};
use super::{Project, SealedIndex};
use crate::error::Result;
use crate::storage::keys::bucket_index;
use std::collections::{BTreeMap, HashSet};

/// A file of the group that needs writing: its place in the group, its
/// current entry, and the entry it gets.
struct Planned {
    place: usize,
    old: Option<FileEntry>,
    entry: FileEntry,
}

/// What a group commits: its files to write, the buckets as they must be
/// after (sealed: their values, then what the directory takes in), and the
/// root if it changes.
struct Plan {
    files: Vec<Planned>,
    values: Vec<NewValue>,
    bucket_values: Vec<(usize, Vec<u8>)>,
    buckets: Vec<BucketChange>,
    root: Option<RootMap>,
}

/// The most bytes of new indexes one group commits (more files go in the
/// next group; a larger file alone). A group holds its values twice until
/// it is committed (a copy is kept for a retry file by file), and
/// unbounded it could be every file in analysis at once: up to 8 MiB of
/// source, some 20 MiB of values. A commit gains little from more than a
/// few dozen small files.
const GROUP_BYTES: usize = 1 << 20;

impl Project {
    /// Stores `files` as [`Project::store_locked`] stores each one, with
    /// the write lock held: on a store outside the process in groups of up
    /// to [`GROUP_BYTES`] of new indexes, one commit each; on `memory`,
    /// whose commits cost nothing to share, file by file. Returns each
    /// file's outcome, in order: whether it was written.
    pub(super) async fn store_groups_locked(
        &self,
        files: Vec<SealedIndex>,
        from_folder: bool,
    ) -> Vec<Result<bool>> {
        if self.storage.capabilities().in_process {
            return self.store_each_locked(files, from_folder).await;
        }
        let mut outcomes = Vec::with_capacity(files.len());
        let mut group = Vec::new();
        let mut group_bytes = 0;
        for sealed in files {
            if !group.is_empty() && group_bytes + sealed.value.len() > GROUP_BYTES {
                let full = std::mem::take(&mut group);
                outcomes.extend(self.store_group_locked(full, from_folder).await);
                group_bytes = 0;
            }
            group_bytes += sealed.value.len();
            group.push(sealed);
        }
        outcomes.extend(self.store_group_locked(group, from_folder).await);
        outcomes
    }

    /// Stores `group` in one commit on a store outside the process.
    ///
    /// File by file instead: a group of one, or one naming a path twice;
    /// one whose preparation fails (a closed project, a bucket that cannot
    /// be read); and after the group's commit fails, so that each file gets
    /// its own outcome and error, as if committed alone. Files the failed
    /// commit did store are found stored and reported so.
    async fn store_group_locked(
        &self,
        group: Vec<SealedIndex>,
        from_folder: bool,
    ) -> Vec<Result<bool>> {
        if group.len() < 2
            || group.iter().map(|s| &s.path).collect::<HashSet<_>>().len() < group.len()
            || self.prepare_group(&group).await.is_err()
        {
            return self.store_each_locked(group, from_folder).await;
        }
        let plan = match self.plan_group(&group, from_folder).await {
            Ok(plan) => plan,
            Err(_) => return self.store_each_locked(group, from_folder).await,
        };
        if plan.files.is_empty() {
            return group.iter().map(|_| Ok(false)).collect();
        }
        for file in &plan.files {
            self.forget_pending(&group[file.place].path, file.entry.slot);
        }
        let outcome = commit::commit_updates(
            self.storage.as_ref(),
            &self.keys,
            plan.values,
            plan.bucket_values,
            plan.root.as_ref(),
        )
        .await;
        match outcome {
            Ok(failed_deletes) => {
                self.take_in_committed(plan.buckets, plan.root).await;
                self.pending_deletes
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .extend(failed_deletes);
                let mut outcomes: Vec<Result<bool>> = group.iter().map(|_| Ok(false)).collect();
                let mut group: Vec<Option<SealedIndex>> = group.into_iter().map(Some).collect();
                for file in plan.files {
                    if let Some(sealed) = group[file.place].take() {
                        let stored_bytes = sealed.value.len();
                        self.after_commit(
                            &sealed.path,
                            file.old.as_ref(),
                            &file.entry,
                            sealed.index,
                            stored_bytes,
                            from_folder,
                        );
                        outcomes[file.place] = Ok(true);
                    }
                }
                outcomes
            }
            Err(failure) => {
                let uncertain = matches!(failure, CommitError::Uncertain(_));
                // As for one file (`Project::settle`): the root may have
                // been marked, some buckets may have landed. Re-read them.
                if uncertain || plan.root.is_some() {
                    *self.directory.write().await = None;
                }
                self.queue_both_slots(plan.files.iter().map(|f| group[f.place].path.as_str()));
                for file in &plan.files {
                    // Whatever was decoded of these files may be stale now.
                    self.cache_mut().remove(&group[file.place].path);
                    self.call_files_mut().remove(&group[file.place].path);
                }
                let planned: HashSet<usize> = plan.files.iter().map(|f| f.place).collect();
                let mut outcomes = self.store_each_locked(group, from_folder).await;
                for place in planned {
                    // Stored by the failed commit: written by this call all the same.
                    if let Ok(written) = &mut outcomes[place] {
                        *written = true;
                    }
                }
                outcomes
            }
        }
    }

    async fn store_each_locked(
        &self,
        group: Vec<SealedIndex>,
        from_folder: bool,
    ) -> Vec<Result<bool>> {
        let mut outcomes = Vec::with_capacity(group.len());
        for sealed in group {
            outcomes.push(self.store_locked(sealed, from_folder).await);
        }
        outcomes
    }

    /// What [`Project::store_locked`] does before it looks at a file:
    /// the project must be open, old slots are deleted if they can be, and
    /// each bucket the group touches is read again (another project on the
    /// store may have written it), once.
    async fn prepare_group(&self, group: &[SealedIndex]) -> Result<()> {
        self.check_open()?;
        self.retry_pending_deletes().await;
        let mut refreshed = HashSet::new();
        for sealed in group {
            if refreshed.insert(bucket_index(&sealed.path)) {
                self.refresh_bucket(&sealed.path).await?;
            }
        }
        Ok(())
    }

    /// Decides, against the directory, which files of `group` change and
    /// how: the same decisions as [`Project::store_locked`]'s. The values
    /// are copies: the group keeps its own for a retry file by file.
    async fn plan_group(&self, group: &[SealedIndex], from_folder: bool) -> Result<Plan> {
        self.with_directory(move |directory| {
            let mut files = Vec::new();
            let mut values = Vec::new();
            let mut changes: BTreeMap<usize, Vec<(String, Option<FileEntry>)>> = BTreeMap::new();
            for (place, sealed) in group.iter().enumerate() {
                let path = &sealed.path;
                let old = directory.get(path).cloned();
                if sealed.stands_for(old.as_ref(), from_folder) {
                    continue;
                }
                let entry = sealed.entry_over(old.as_ref(), from_folder, sealed.names.clone());
                changes
                    .entry(bucket_index(path))
                    .or_default()
                    .push((path.clone(), Some(entry.clone())));
                values.push(NewValue {
                    path: path.clone(),
                    old_slot: old.as_ref().map(|e| e.slot),
                    new_slot: entry.slot,
                    value: sealed.value.clone(),
                });
                files.push(Planned { place, old, entry });
            }
            let root = directory.root_marking_all(changes.keys().copied());
            let (bucket_values, buckets) = changes
                .into_iter()
                .map(|(number, changes)| {
                    let (value, change) = directory.seal_change(number, changes);
                    // A bucket the change sets entries in is not empty.
                    ((number, value.unwrap_or_default()), change)
                })
                .unzip();
            Plan {
                files,
                values,
                bucket_values,
                buckets,
                root,
            }
        })
        .await
    }

    /// Takes the bucket changes and root of a commit that landed into the
    /// directory (one file's, or a group's).
    pub(super) async fn take_in_committed(
        &self,
        buckets: Vec<BucketChange>,
        root: Option<RootMap>,
    ) {
        if let Some(directory) = self.directory.write().await.as_mut() {
            for change in buckets {
                directory.apply(change);
            }
            if let Some(root) = root {
                directory.replace_root(root);
            }
        }
    }
}
