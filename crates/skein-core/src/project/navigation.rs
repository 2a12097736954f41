//! Navigation queries: go-to-definition, find-references, what a file's
//! imports bring in and what it exports. The resolution itself lives in
//! [`crate::resolve`]; this module feeds it the project's files.

use super::Project;
use crate::error::Result;
use crate::position::{Point, Range};
use crate::project::FileIndex;
use crate::resolve::{FileSource, PathIndex, Resolved, Resolver};
use crate::scope_graph::{Definition, Import, Node, SymbolKind};
use async_trait::async_trait;
use std::sync::Arc;

/// A place that refers to a definition: a reference, or an import of it.
#[derive(Clone, Debug, PartialEq)]
pub struct ReferenceSite {
    /// The file it is in.
    pub path: String,
    /// Its node id in that file's scope graph.
    pub id: u32,
    /// The name used there (an alias where the import renames it).
    pub name: String,
    /// The span of the name.
    pub range: Range,
    /// The kind of the definition it refers to.
    pub symbol_kind: SymbolKind,
}

/// An import and the definition it brings in.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportedDefinition {
    /// The import in the asking file.
    pub import: Import,
    /// The file of the definition.
    pub path: String,
    /// The definition.
    pub definition: Definition,
}

/// A whole module as a definition, for names that denote one (`import * as
/// m`, `from pkg import sub`, `mod m;`): its name, at the start of its file,
/// enclosing the whole file, with symbol id `<path>#` (an empty qualified
/// name, so it never meets a definition's id).
pub(super) fn module_definition(module: &FileIndex) -> Definition {
    let stem = module
        .path
        .rsplit(['/', '\\'])
        .next()
        .and_then(|name| name.split('.').next())
        .unwrap_or(&module.path);
    // A package or folder module is named after its folder.
    let name = match stem {
        "__init__" | "index" | "mod" | "lib" | "main" => {
            module.path.rsplit(['/', '\\']).nth(1).unwrap_or(stem)
        }
        _ => stem,
    };
    Definition {
        id: 0,
        name: name.into(),
        symbol_kind: SymbolKind::Module,
        range: Range::default(),
        enclosing_range: Some(Range {
            start: Point::default(),
            end: crate::position::end_of(&module.source),
        }),
        symbol_id: format!("{}#", module.path),
        is_exported: true,
        docstring: None,
        type_ref: None,
        self_alias: false,
        bases: Vec::new(),
        owner: None,
    }
}

#[async_trait]
impl FileSource for Project {
    async fn file(&self, path: &str) -> Result<Option<Arc<FileIndex>>> {
        self.file_index(path).await
    }

    async fn paths(&self) -> Result<Arc<PathIndex>> {
        if let Some(index) = self
            .path_index
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
        {
            return Ok(index);
        }
        let index = Arc::new(
            self.with_directory(|d| PathIndex::new(d.entries().map(|(path, _)| path.clone())))
                .await?,
        );
        *self.path_index.lock().unwrap_or_else(|e| e.into_inner()) = Some(index.clone());
        Ok(index)
    }

    async fn files_mentioning(&self, name: &str) -> Result<Vec<String>> {
        self.with_directory(|d| super::calls::names_in(d, name))
            .await
    }

    async fn files_importing(&self, name: &str, stems: &[String]) -> Result<Vec<String>> {
        self.with_directory(|d| super::calls::importers_in(d, name, stems))
            .await
    }

    async fn files(&self, paths: &[String]) -> Result<Vec<Option<Arc<FileIndex>>>> {
        // Decoded here, one after another: on the analysis threads, a
        // query through minified bundles peaked 40–60 MB higher (their
        // malloc arenas kept the pages) for no time saved.
        Ok(self
            .file_indexes(paths, false)
            .await?
            .into_iter()
            .map(|read| read.map(|(file, _)| file))
            .collect())
    }

    async fn read_batches(&self, paths: Vec<String>) -> Result<Vec<Vec<String>>> {
        let weights: Vec<u64> = self
            .with_directory(|d| {
                paths
                    .iter()
                    .map(|path| {
                        d.get(path).map_or(0, |entry| {
                            u64::from(entry.definitions) + u64::from(entry.references)
                        })
                    })
                    .collect()
            })
            .await?;
        Ok(read_batches(paths, &weights))
    }
}

/// At most this many files are read together.
const READ_BATCH_FILES: usize = 32;

/// Files read together hold at most this many definitions and references
/// between them (about 4 MB stored), unless one file alone has more: a
/// batch is held decoded until it is scanned, and a minified bundle has
/// hundreds of thousands.
const READ_BATCH_NODES: u64 = 50_000;

/// `paths` cut into runs, in order, of at most [`READ_BATCH_FILES`] files
/// and [`READ_BATCH_NODES`] by their `weights`; a file over the bound
/// alone.
fn read_batches(paths: Vec<String>, weights: &[u64]) -> Vec<Vec<String>> {
    let mut batches: Vec<Vec<String>> = Vec::new();
    let mut weight = 0;
    for (path, &w) in paths.into_iter().zip(weights) {
        match batches.last_mut() {
            Some(batch) if batch.len() < READ_BATCH_FILES && weight + w <= READ_BATCH_NODES => {
                weight += w;
                batch.push(path);
            }
            _ => {
                weight = w;
                batches.push(vec![path]);
            }
        }
    }
    batches
}

impl Project {
    /// The definition the name at `at` in `path` denotes, in whichever file
    /// it is: imports are followed to the exporting module, member accesses
    /// to the class whose member they name. `None` when the name is not
    /// defined in the project (a global, an npm package, the standard
    /// library) or nothing is at `at`.
    pub async fn go_to_definition(
        &self,
        path: &str,
        at: Point,
    ) -> Result<Option<(String, Definition)>> {
        self.check_open()?;
        let resolver = Resolver::new(self).await?;
        match resolver.resolve_at(path, at).await? {
            Some(Resolved::Module { path }) => Ok(self
                .file_index(&path)
                .await?
                .map(|module| (path, module_definition(&module)))),
            found => Ok(found
                .as_ref()
                .and_then(Resolved::definition)
                .map(|(file, definition)| (file.path.clone(), definition.clone()))),
        }
    }

    /// Every reference to the definition the name at `at` denotes, across
    /// the project, including imports of it; with `include_definition`,
    /// the definition itself first. Sorted by path and position.
    pub async fn find_references(
        &self,
        path: &str,
        at: Point,
        include_definition: bool,
    ) -> Result<Vec<ReferenceSite>> {
        self.check_open()?;
        let resolver = Resolver::new(self).await?;
        let Some(Resolved::Definition { file, id }) = resolver.resolve_at(path, at).await? else {
            return Ok(Vec::new());
        };
        let Some(Node::Definition(definition)) = file.graph.nodes.get(id as usize) else {
            return Ok(Vec::new());
        };
        let mut sites = Vec::new();
        for (occurrence, site) in resolver.references_to(&file, id).await? {
            sites.push(ReferenceSite {
                path: occurrence.path,
                id: occurrence.id,
                name: site.name,
                range: site.range,
                symbol_kind: definition.symbol_kind,
            });
        }
        sites.sort_by(|a, b| (&a.path, a.range.start).cmp(&(&b.path, b.range.start)));
        if include_definition {
            sites.insert(
                0,
                ReferenceSite {
                    path: file.path.clone(),
                    id: definition.id,
                    name: definition.name.to_string(),
                    range: definition.range,
                    symbol_kind: definition.symbol_kind,
                },
            );
        }
        Ok(sites)
    }

    /// The imports of `path` that resolve to a definition in the project
    /// (or to a whole module, as a module definition), with that
    /// definition; `[]` for an unknown path.
    pub async fn get_imports_with_definitions(
        &self,
        path: &str,
    ) -> Result<Vec<ImportedDefinition>> {
        self.check_open()?;
        let Some(file) = self.file_index(path).await? else {
            return Ok(Vec::new());
        };
        let resolver = Resolver::new(self).await?;
        let mut imported = Vec::new();
        for import in file.graph.imports() {
            let found = match resolver.resolve_import(&file, import.id).await? {
                // A whole module (`import pkg.core as core`) as go_to_definition gives it.
                Some(Resolved::Module { path }) => resolver
                    .read_file(&path)
                    .await?
                    .map(|module| (path, module_definition(&module))),
                found => found
                    .as_ref()
                    .and_then(Resolved::definition)
                    .map(|(holder, definition)| (holder.path.clone(), definition.clone())),
            };
            if let Some((path, definition)) = found {
                imported.push(ImportedDefinition {
                    import: import.clone(),
                    path,
                    definition,
                });
            }
        }
        Ok(imported)
    }

    /// The exported functions of `path` (functions, and methods of exported
    /// classes are not included); `[]` for an unknown path.
    pub async fn get_exported_functions(&self, path: &str) -> Result<Vec<Definition>> {
        let mut definitions = self.get_definitions(path).await?;
        definitions.retain(|d| d.is_exported && d.symbol_kind == SymbolKind::Function);
        Ok(definitions)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("{i}.py")).collect()
    }

    #[test]
    fn read_batches_hold_a_bounded_count_of_files_and_nodes() {
        let sizes = |batches: &[Vec<String>]| batches.iter().map(Vec::len).collect::<Vec<_>>();
        // By count: 70 small files are 32 + 32 + 6.
        let batches = read_batches(paths(70), &[10; 70]);
        assert_eq!(sizes(&batches), [32, 32, 6]);
        assert_eq!(batches.concat(), paths(70), "in order, none lost");
        // By nodes: a bundle over the bound goes alone, and those around
        // it batch up to the bound.
        let weights = [20_000, 20_000, 20_000, 400_000, 10, 10];
        assert_eq!(sizes(&read_batches(paths(6), &weights)), [2, 1, 1, 2]);
        assert!(read_batches(Vec::new(), &[]).is_empty());
    }
}
