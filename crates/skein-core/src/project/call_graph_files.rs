//! The decoded files the call graph resolves against, kept apart from the
//! query cache and bounded by `call_graph_bytes`.
//!
//! After an edit, the next graph re-resolves the edited file and the files
//! whose calls read it, and they read the modules they import. A query
//! cache small enough to keep navigation's memory flat would decode those
//! again for every graph; this keeps them while they are unchanged.

use super::Project;
use crate::error::{ErrorKind, Result};
use crate::project::FileIndex;
use crate::resolve::{FileSource, PathIndex};
use std::sync::Arc;

/// The project, read through its call-graph files.
pub(super) struct CallGraphFiles<'a>(pub &'a Project);

#[async_trait::async_trait]
impl FileSource for CallGraphFiles<'_> {
    async fn file(&self, path: &str) -> Result<Option<Arc<FileIndex>>> {
        let project = self.0;
        project.check_open()?;
        let Some(entry) = project.with_directory(|d| d.get(path).cloned()).await? else {
            return Ok(None);
        };
        if let Some(index) = project.call_files_mut().get(path, &entry.value_hash) {
            return Ok(Some(index));
        }
        match project.read_entry(path, &entry).await {
            Ok(index) => {
                // Read for this entry's value (checked on decoding), so it
                // is kept under that value's hash.
                let bytes = super::cache::decoded_bytes_estimate(&index);
                project
                    .call_files_mut()
                    .insert_estimated(index.clone(), entry.value_hash, bytes);
                Ok(Some(index))
            }
            // Moved by an update since, or damaged: the project tells which.
            Err(err) if err.kind() == ErrorKind::Corrupt => project.file_index(path).await,
            Err(err) => Err(err),
        }
    }

    async fn paths(&self) -> Result<Arc<PathIndex>> {
        self.0.paths().await
    }

    async fn files_mentioning(&self, name: &str) -> Result<Vec<String>> {
        self.0.files_mentioning(name).await
    }

    async fn files_importing(&self, name: &str, stems: &[String]) -> Result<Vec<String>> {
        self.0.files_importing(name, stems).await
    }
}
