//! Class hierarchies: what a class extends and implements, its subclasses,
//! its inheritance chain (Python's method resolution order), the
//! implementations of an interface or trait.
//!
//! Each class-like definition lists the references naming its bases, in
//! source order (`class A(B, C)`, `class A extends B implements I`,
//! `interface I extends J`, `trait T: U`). A base is what `go_to_definition`
//! gives for that name, so bases in other files are found through imports;
//! a base outside the project (`Exception`, `React.Component`) is known by
//! its name only.

use super::Project;
use crate::error::{Error, ErrorKind, Result};
use crate::project::FileIndex;
use crate::resolve::{is_type_like, Resolver};
use crate::scope_graph::{Definition, Node, SymbolKind};
use std::sync::Arc;

/// A definition and the file it is in.
pub type Located = (String, Definition);

/// A base of a class-like definition: its name as written, and its
/// definition when the project has it.
#[derive(Clone, Debug, PartialEq)]
pub struct Base {
    /// The name as written at the base (the last part of `ns.Base`).
    pub name: String,
    /// Its definition, when the project has it.
    pub definition: Option<Located>,
}

/// What a class extends and implements.
#[derive(Clone, Debug, PartialEq)]
pub struct ClassRelationship {
    /// The class it extends: its first base that is not an interface or a
    /// trait (a base the project does not have counts as a class). Further
    /// class bases (Python's multiple inheritance) are in the chain.
    pub parent: Option<Base>,
    /// The interfaces it implements, or the traits a trait extends.
    pub interfaces: Vec<Base>,
}

/// Longest inheritance chain followed; deeper (or cyclic) ones stop there.
const MAX_DEPTH: usize = 32;

/// The type that reference `id` of `file` names, as a base: its name, and
/// its definition when the project has one.
async fn base_named_by(
    resolver: &Resolver<'_>,
    file: &Arc<FileIndex>,
    id: u32,
) -> Result<Option<Base>> {
    let Some(Node::Reference(reference)) = file.graph.nodes.get(id as usize) else {
        return Ok(None);
    };
    let definition = resolver
        .resolve_each(file, id)
        .await?
        .as_ref()
        .and_then(|r| r.definition())
        .filter(|(_, d)| is_type_like(d.symbol_kind))
        .map(|(holder, d)| (holder.path.clone(), d.clone()));
    Ok(Some(Base {
        name: reference.name.to_string(),
        definition,
    }))
}

/// Which side of `impl Trait for Type` a definition is looked up on.
#[derive(Clone, Copy)]
enum Side {
    Trait,
    Type,
}

fn is_interface(kind: SymbolKind) -> bool {
    matches!(kind, SymbolKind::Interface | SymbolKind::Trait)
}

impl Project {
    /// The class-like definition `symbol_id` of `path`, with its file.
    async fn class_like(
        &self,
        path: &str,
        symbol_id: &str,
    ) -> Result<(Arc<FileIndex>, Definition)> {
        let file = self.file_index(path).await?.ok_or_else(|| {
            Error::new(ErrorKind::InvalidInput, "no such file in the project").with_path(path)
        })?;
        let definition = file
            .graph
            .definitions()
            .find(|d| d.symbol_id == symbol_id)
            .cloned()
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::InvalidInput,
                    format!("no definition '{symbol_id}' in the file (was it edited since?)"),
                )
                .with_path(path)
            })?;
        Ok((file, definition))
    }

    /// The bases of `definition` (of `file`), in source order.
    async fn bases(
        &self,
        resolver: &Resolver<'_>,
        file: &Arc<FileIndex>,
        definition: &Definition,
    ) -> Result<Vec<Base>> {
        let mut bases = Vec::new();
        for &base in &definition.bases {
            bases.extend(base_named_by(resolver, file, base).await?);
        }
        Ok(bases)
    }

    /// What the class-like definition `symbol_id` of `path` extends and
    /// implements; `None` for a definition that is not class-like.
    pub async fn get_class_relationships(
        &self,
        path: &str,
        symbol_id: &str,
    ) -> Result<Option<ClassRelationship>> {
        self.check_open()?;
        let (file, definition) = self.class_like(path, symbol_id).await?;
        if !is_type_like(definition.symbol_kind) {
            return Ok(None);
        }
        let resolver = Resolver::new(self).await?;
        let mut parent = None;
        let mut interfaces = Vec::new();
        for base in self.bases(&resolver, &file, &definition).await? {
            let base_is_interface = match &base.definition {
                Some((_, d)) => is_interface(d.symbol_kind),
                // An interface extends interfaces, a trait traits.
                None => is_interface(definition.symbol_kind),
            };
            if base_is_interface {
                interfaces.push(base);
            } else if parent.is_none() {
                parent = Some(base);
            }
        }
        if !is_interface(definition.symbol_kind) {
            // Rust: the traits that `impl Trait for Type` blocks give the type.
            for (trait_base, _) in self
                .implementations(&resolver, (path, &definition), Side::Type)
                .await?
            {
                interfaces.push(trait_base);
            }
        }
        Ok(Some(ClassRelationship { parent, interfaces }))
    }

    /// The ancestors of the class-like definition `symbol_id` of `path` that
    /// the project has, nearest first, in Python's method resolution order
    /// (C3) where there are several bases: the order in which a member is
    /// looked up. The definition itself is not included.
    pub async fn get_inheritance_chain(&self, path: &str, symbol_id: &str) -> Result<Vec<Located>> {
        self.check_open()?;
        let (file, definition) = self.class_like(path, symbol_id).await?;
        let resolver = Resolver::new(self).await?;
        let mut linearization = self.linearize(&resolver, file, definition, 0).await?;
        linearization.remove(0);
        Ok(linearization)
    }

    /// C3 linearization of `definition`: itself, then its ancestors. Where
    /// the bases admit no consistent order (Python would refuse the class),
    /// the remaining ancestors follow depth-first, each once.
    async fn linearize(
        &self,
        resolver: &Resolver<'_>,
        file: Arc<FileIndex>,
        definition: Definition,
        depth: usize,
    ) -> Result<Vec<Located>> {
        let own = (file.path.clone(), definition.clone());
        if depth >= MAX_DEPTH {
            return Ok(vec![own]);
        }
        let mut sequences: Vec<Vec<Located>> = Vec::new();
        let mut direct = Vec::new();
        for base in self.bases(resolver, &file, &definition).await? {
            let Some((base_path, base_definition)) = base.definition else {
                continue;
            };
            let Some(base_file) = resolver.read_file(&base_path).await? else {
                continue;
            };
            direct.push((base_path, base_definition.clone()));
            let chain =
                Box::pin(self.linearize(resolver, base_file, base_definition, depth + 1)).await?;
            sequences.push(chain);
        }
        sequences.push(direct);
        let same = |a: &Located, b: &Located| a.0 == b.0 && a.1.symbol_id == b.1.symbol_id;
        let mut merged = vec![own];
        loop {
            sequences.retain(|s| !s.is_empty());
            if sequences.is_empty() {
                return Ok(merged);
            }
            // The first head that is in no other sequence's tail.
            let head = sequences
                .iter()
                .map(|s| &s[0])
                .find(|head| {
                    !sequences
                        .iter()
                        .any(|s| s[1..].iter().any(|later| same(later, head)))
                })
                .unwrap_or(&sequences[0][0])
                .clone();
            for sequence in &mut sequences {
                sequence.retain(|entry| !same(entry, &head));
            }
            if !merged.iter().any(|m| same(m, &head)) {
                merged.push(head);
            }
        }
    }

    /// Whether `child` (`symbol_id` of `path`) has `parent` among its
    /// ancestors, through classes or interfaces; a class is not its own
    /// subclass.
    pub async fn is_subclass_of(&self, child: (&str, &str), parent: (&str, &str)) -> Result<bool> {
        let chain = self.get_inheritance_chain(child.0, child.1).await?;
        Ok(chain
            .iter()
            .any(|(path, d)| path == parent.0 && d.symbol_id == parent.1))
    }

    /// The class-like definitions that name `symbol_id` of `path` as a
    /// direct base, across the project, sorted by file and position.
    pub async fn find_subclasses(&self, path: &str, symbol_id: &str) -> Result<Vec<Located>> {
        self.check_open()?;
        let (_, target) = self.class_like(path, symbol_id).await?;
        let resolver = Resolver::new(self).await?;
        let mut found = Vec::new();
        for file in self.files_naming(&target.name).await? {
            for definition in file.graph.definitions() {
                if definition.bases.is_empty() || !is_type_like(definition.symbol_kind) {
                    continue;
                }
                let bases = self.bases(&resolver, &file, definition).await?;
                if bases.iter().any(|b| {
                    b.definition
                        .as_ref()
                        .is_some_and(|(p, d)| p == path && d.symbol_id == symbol_id)
                }) {
                    found.push((file.path.clone(), definition.clone()));
                }
            }
        }
        Ok(found)
    }

    /// The classes that implement the interface (or the types and traits
    /// that extend the trait) `symbol_id` of `path`: its direct subclasses
    /// that are not themselves interfaces, then those of the interfaces
    /// extending it, each once.
    pub async fn find_implementations(&self, path: &str, symbol_id: &str) -> Result<Vec<Located>> {
        let mut pending = vec![(path.to_string(), symbol_id.to_string())];
        let mut seen = vec![(path.to_string(), symbol_id.to_string())];
        let mut found: Vec<Located> = Vec::new();
        while let Some((path, symbol_id)) = pending.pop() {
            let mut direct = self.find_subclasses(&path, &symbol_id).await?;
            let (_, definition) = self.class_like(&path, &symbol_id).await?;
            if definition.symbol_kind == SymbolKind::Trait {
                let resolver = Resolver::new(self).await?;
                for (_, implementer) in self
                    .implementations(&resolver, (&path, &definition), Side::Trait)
                    .await?
                {
                    direct.extend(implementer);
                }
            }
            for (sub_path, sub) in direct {
                let key = (sub_path.clone(), sub.symbol_id.clone());
                if seen.contains(&key) {
                    continue;
                }
                seen.push(key.clone());
                if is_interface(sub.symbol_kind) {
                    pending.push(key);
                } else {
                    found.push((sub_path, sub));
                }
            }
        }
        Ok(found)
    }

    /// The `impl Trait for Type` blocks across the project whose trait (or
    /// type, by `side`) is `target`: for each, the trait as a base, and
    /// the type's definition when the project has it. Sorted by file.
    async fn implementations(
        &self,
        resolver: &Resolver<'_>,
        target: (&str, &Definition),
        side: Side,
    ) -> Result<Vec<(Base, Option<Located>)>> {
        let (target_path, target) = target;
        let mut found = Vec::new();
        for file in self.files_naming(&target.name).await? {
            for implementation in &file.graph.implementations {
                let ours = match side {
                    Side::Trait => implementation.trait_ref,
                    Side::Type => implementation.type_ref,
                };
                let is_target = resolver
                    .resolve_each(&file, ours)
                    .await?
                    .as_ref()
                    .and_then(|r| r.definition())
                    .is_some_and(|(holder, d)| {
                        holder.path == target_path && d.symbol_id == target.symbol_id
                    });
                if !is_target {
                    continue;
                }
                let (Some(trait_base), Some(type_base)) = (
                    base_named_by(resolver, &file, implementation.trait_ref).await?,
                    base_named_by(resolver, &file, implementation.type_ref).await?,
                ) else {
                    continue;
                };
                found.push((trait_base, type_base.definition));
            }
        }
        Ok(found)
    }

    /// The files whose name filters may hold `name` (a superset of those
    /// that mention it), sorted by path.
    async fn files_naming(&self, name: &str) -> Result<Vec<Arc<FileIndex>>> {
        let mut paths = crate::resolve::FileSource::files_mentioning(self, name).await?;
        paths.sort();
        let mut files = Vec::with_capacity(paths.len());
        for path in paths {
            files.extend(self.file_index(&path).await?);
        }
        Ok(files)
    }
}
