//! Skein's core: storage, tree-sitter analysis and project state, with no
//! Node.js in sight.
//!
//! A [`Project`](project::Project) keeps every file's index (source and scope
//! graph) in a [`Storage`](storage::Storage) provider: in memory, in a folder,
//! or anything that implements the trait. The Node binding wraps this crate
//! and adds JavaScript providers.
//!
//! ```
//! use skein_core::project::{Project, ProjectOptions};
//! use skein_core::storage::MemoryStorage;
//! use std::sync::Arc;
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! let project = Project::new(Arc::new(MemoryStorage::new()), ProjectOptions::default());
//! project.add_or_update_file("a.py", "def greet(name):\n    return name\n").await.unwrap();
//! let defs = project.get_definitions("a.py").await.unwrap();
//! assert_eq!(defs[0].symbol_id, "a.py#greet");
//! # });
//! ```
//!
//! For a folder on disk, use [`DiskStorage`](storage::DiskStorage); a second
//! process that opens the same folder sees the same project.

#![deny(missing_docs)]

pub mod error;
pub mod lang;
pub mod position;
pub mod project;
pub mod resolve;
pub mod scope_graph;
pub mod storage;
pub mod tree_query;

pub use error::{Error, ErrorKind, Result};
