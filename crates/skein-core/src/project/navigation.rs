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
        for occurrence in resolver.references_to(&file, id).await? {
            // Through the resolver: the occurrences of one file come in a
            // row, and a file too large for the cache would be decoded again
            // for each.
            let Some(holder) = resolver.read_file(&occurrence.path).await? else {
                continue;
            };
            let id = occurrence.id;
            let (name, range) = match holder.graph.nodes.get(id as usize) {
                Some(Node::Reference(r)) => (r.name.to_string(), r.range),
                Some(Node::Import(i)) => (i.name.clone(), i.range),
                _ => continue,
            };
            sites.push(ReferenceSite {
                path: occurrence.path,
                id,
                name,
                range,
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
