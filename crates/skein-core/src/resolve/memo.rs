//! What the resolver's memos keep of an answer: its files as [`Weak`]
//! references, not [`Arc`]s. A memo then keeps no file decoded that the
//! project's cache has let go of. Without this, one `find_references` on a
//! common name held every file it resolved through until it returned, and
//! more of them the larger the project.

use super::resolver::{FileSource, Resolved};
use crate::error::Result;
use crate::project::FileIndex;
use async_trait::async_trait;
use std::sync::{Arc, Weak};

/// A file an answer refers to, without keeping it in memory.
#[derive(Clone)]
pub struct KeptFile {
    file: Weak<FileIndex>,
    path: String,
    content_hash: [u8; 32],
}

impl KeptFile {
    pub fn new(file: &Arc<FileIndex>) -> KeptFile {
        KeptFile {
            file: Arc::downgrade(file),
            path: file.path.clone(),
            content_hash: file.content_hash,
        }
    }

    /// The file: the same one while anything still holds it, else read
    /// again. `None` if it has changed since: the answer is stale.
    pub async fn revive(&self, files: &dyn FileSource) -> Result<Option<Arc<FileIndex>>> {
        if let Some(file) = self.file.upgrade() {
            return Ok(Some(file));
        }
        Ok(files
            .file(&self.path)
            .await?
            .filter(|file| file.content_hash == self.content_hash))
    }
}

/// An answer a memo can keep without its files.
#[async_trait]
pub trait Keep: Sized + Send {
    /// What the memo holds.
    type Kept: Clone + Send + Sync;
    fn keep(&self) -> Self::Kept;
    /// The answer again; `None` when a file it refers to has changed.
    async fn revive(kept: &Self::Kept, files: &dyn FileSource) -> Result<Option<Self>>;
}

#[async_trait]
impl<T: Keep> Keep for Option<T> {
    type Kept = Option<T::Kept>;

    fn keep(&self) -> Self::Kept {
        self.as_ref().map(Keep::keep)
    }

    async fn revive(kept: &Self::Kept, files: &dyn FileSource) -> Result<Option<Self>> {
        match kept {
            None => Ok(Some(None)),
            Some(kept) => Ok(T::revive(kept, files).await?.map(Some)),
        }
    }
}

/// A definition: its file and node id.
#[async_trait]
impl Keep for (Arc<FileIndex>, u32) {
    type Kept = (KeptFile, u32);

    fn keep(&self) -> Self::Kept {
        (KeptFile::new(&self.0), self.1)
    }

    async fn revive(kept: &Self::Kept, files: &dyn FileSource) -> Result<Option<Self>> {
        Ok(kept.0.revive(files).await?.map(|file| (file, kept.1)))
    }
}

/// [`Resolved`], kept.
#[derive(Clone)]
pub enum KeptResolved {
    Definition { file: KeptFile, id: u32 },
    Module { path: String },
}

#[async_trait]
impl Keep for Resolved {
    type Kept = KeptResolved;

    fn keep(&self) -> KeptResolved {
        match self {
            Resolved::Definition { file, id } => KeptResolved::Definition {
                file: KeptFile::new(file),
                id: *id,
            },
            Resolved::Module { path } => KeptResolved::Module { path: path.clone() },
        }
    }

    async fn revive(kept: &KeptResolved, files: &dyn FileSource) -> Result<Option<Self>> {
        Ok(match kept {
            KeptResolved::Definition { file, id } => file
                .revive(files)
                .await?
                .map(|file| Resolved::Definition { file, id: *id }),
            KeptResolved::Module { path } => Some(Resolved::Module { path: path.clone() }),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resolve::PathIndex;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Mutex;

    /// One file, decoded anew on each read (as a project whose cache let
    /// it go), with the reads counted.
    struct Store {
        source: Mutex<String>,
        reads: AtomicUsize,
    }

    #[async_trait]
    impl FileSource for Store {
        async fn file(&self, path: &str) -> Result<Option<Arc<FileIndex>>> {
            self.reads.fetch_add(1, Ordering::SeqCst);
            let source = self.source.lock().unwrap().clone();
            FileIndex::analyze(path, source).map(|file| Some(Arc::new(file)))
        }
        async fn paths(&self) -> Result<Arc<PathIndex>> {
            unreachable!("a memo reads files only")
        }
        async fn files_mentioning(&self, _: &str) -> Result<Vec<String>> {
            unreachable!("a memo reads files only")
        }
        async fn files_importing(&self, _: &str, _: &[String]) -> Result<Vec<String>> {
            unreachable!("a memo reads files only")
        }
    }

    #[tokio::test]
    async fn a_kept_answer_holds_no_file_and_is_read_again_unless_it_changed() {
        let store = Store {
            source: Mutex::new("def f():\n    pass\n".into()),
            reads: AtomicUsize::new(0),
        };
        let file = store.file("m.py").await.unwrap().unwrap();
        let answer = Some(Resolved::Definition {
            file: file.clone(),
            id: 1,
        });
        let kept = answer.keep();
        assert_eq!(
            Arc::strong_count(&file),
            2,
            "only `file` and `answer` hold it"
        );

        // While something holds the file, it is the same one, not read again.
        let again = <Option<Resolved>>::revive(&kept, &store).await.unwrap();
        let Some(Some(Resolved::Definition { file: same, id: 1 })) = again else {
            panic!("the answer comes back");
        };
        assert!(Arc::ptr_eq(&same, &file));
        assert_eq!(store.reads.load(Ordering::SeqCst), 1);

        // Let go of, it is read again.
        drop((answer, same, file));
        let again = <Option<Resolved>>::revive(&kept, &store).await.unwrap();
        assert!(matches!(
            again,
            Some(Some(Resolved::Definition { id: 1, .. }))
        ));
        assert_eq!(store.reads.load(Ordering::SeqCst), 2);

        // Changed since: stale, to be resolved anew.
        *store.source.lock().unwrap() = "def g():\n    pass\n".into();
        let stale = <Option<Resolved>>::revive(&kept, &store).await.unwrap();
        assert!(stale.is_none());

        // "Resolved to nothing" is an answer too.
        let nothing = <Option<Resolved>>::revive(&None, &store).await.unwrap();
        assert!(matches!(nothing, Some(None)));
    }
}
