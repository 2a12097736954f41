//! Navigation across files: module resolution, per-file lookup tables, and
//! the resolver behind `go_to_definition` and `find_references`.
//!
//! Per-file analysis ([`crate::scope_graph`]) resolves what it can inside
//! one file and records the rest as facts: imports with their modules,
//! export tables, member accesses with their receivers, evident types and
//! base classes. The [`Resolver`] combines those facts across files at
//! query time, so updating one file never rewrites another.

mod lookup;
mod memo;
mod modules;
mod names;
mod pair_map;
mod recent;
mod resolver;
mod trace;

pub use lookup::{is_type_like, qualified_name, FileLookup};
pub use modules::{script_import_stem, script_module_stems, PathIndex};
pub use names::NameFilter;
pub use resolver::{FileSource, Occurrence, OccurrenceSite, Resolved, Resolver};
pub use trace::{FileRead, NameSearch, Reads};
