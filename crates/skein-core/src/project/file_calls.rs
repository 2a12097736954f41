//! Each file's calls, resolved, kept in memory with what resolving them
//! read, so that the call graph after an edit re-resolves only the files
//! the edit can affect.
//!
//! A file's resolved calls stay valid while the file itself, every file
//! their resolution read (at the content it had), the project's set of
//! paths (module resolution) and the answers of the name searches they
//! made are all unchanged. The first three are checked exactly against the
//! directory; name searches are asked again only when some file's names
//! changed since.

use super::directory::Directory;
use super::file_index::ANALYZER_VERSION;
use super::navigation::module_definition;
use super::FileIndex;
use crate::error::Result;
use crate::lang::Language;
use crate::position::Range;
use crate::resolve::{Reads, Resolver};
use crate::scope_graph::{CallKind, Definition, Node, SlotKey, SymbolKind};
use std::collections::HashMap;
use std::hash::BuildHasher;
use std::sync::Arc;

/// Definitions that calls may belong to.
pub(super) fn holds_calls(kind: SymbolKind) -> bool {
    kind.is_callable() || creates_instances(kind) || kind == SymbolKind::Trait
}

/// Definitions whose value may be another name (`f = a`).
fn holds_value(definition: &Definition) -> bool {
    matches!(
        definition.symbol_kind,
        SymbolKind::Variable | SymbolKind::Constant
    )
}

/// Definitions that calling constructs.
pub(super) fn creates_instances(kind: SymbolKind) -> bool {
    matches!(kind, SymbolKind::Class | SymbolKind::Struct)
}

/// A definition as the graph shares it: its symbol id, and itself.
#[derive(Clone, Debug)]
pub(super) struct SharedDefinition {
    pub symbol_id: Arc<str>,
    /// The symbol id's hash, computed once: assembling a graph looks up
    /// every node's id, and the ids are long.
    pub symbol_hash: u64,
    pub definition: Arc<Definition>,
}

impl SharedDefinition {
    fn new(definition: Definition) -> SharedDefinition {
        SharedDefinition {
            symbol_id: definition.symbol_id.as_str().into(),
            symbol_hash: rustc_hash::FxBuildHasher.hash_one(definition.symbol_id.as_str()),
            definition: Arc::new(definition),
        }
    }
}

/// What a call reaches: a definition and its file.
#[derive(Clone, Debug)]
pub(super) struct Callee {
    pub path: Arc<str>,
    pub definition: SharedDefinition,
}

/// One call site, resolved.
#[derive(Debug)]
pub(super) struct SiteCall {
    /// The innermost function, method or class holding the call, as an
    /// index into [`FileCalls::holders`]; `None` for module-level code.
    pub caller: Option<usize>,
    /// The called name as written.
    pub name: Arc<str>,
    /// The span of that name.
    pub range: Range,
    pub kind: CallKind,
    /// What the name reaches in the project.
    pub callee: Option<Callee>,
    /// Whether the name resolves to nothing in the project (`print`, a
    /// package's function), rather than to something it cannot call by
    /// itself (a parameter).
    pub outside_project: bool,
}

/// The project's state a file's calls were resolved against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Generations {
    /// Changes whenever a file is added or removed.
    pub paths: u64,
    /// Changes whenever some file's names (its name filter) change.
    pub names: u64,
}

/// A file's call sites, resolved, with what that read.
#[derive(Debug)]
pub(super) struct FileCalls {
    /// The file's path.
    pub path: Arc<str>,
    /// The content the calls were resolved from.
    pub content_hash: [u8; 32],
    /// The project's state they were resolved against.
    pub generations: Generations,
    /// Files and name searches the resolution depended on.
    pub reads: Reads,
    /// The file's module-level code, the caller of calls outside any holder.
    pub module: SharedDefinition,
    /// Definitions calls may belong to, in source order.
    pub holders: Vec<SharedDefinition>,
    /// Call sites in source order.
    pub calls: Vec<SiteCall>,
    /// Estimated memory.
    pub bytes: usize,
}

impl FileCalls {
    /// Resolves the call sites of `file` whose caller `wanted` accepts
    /// (`None`: module-level code), recording reads if `resolver` traces.
    pub async fn resolve(
        resolver: &Resolver<'_>,
        file: &Arc<FileIndex>,
        generations: Generations,
        wanted: impl Fn(Option<&Definition>) -> bool,
    ) -> Result<FileCalls> {
        resolver.begin_reads();
        let holders: Vec<SharedDefinition> = file
            .graph
            .definitions()
            .filter(|d| holds_calls(d.symbol_kind) && d.enclosing_range.is_some())
            .map(|d| SharedDefinition::new(d.clone()))
            .collect();
        // Declarations nest: the innermost holder starts last.
        let caller_of = |at: Range| {
            holders
                .iter()
                .enumerate()
                .filter_map(|(i, d)| d.definition.enclosing_range.map(|r| (i, r)))
                .filter(|(_, r)| r.start <= at.start && at.end <= r.end)
                .max_by_key(|(_, r)| (r.start, std::cmp::Reverse(r.end)))
                .map(|(i, _)| i)
        };
        let mut calls = Vec::new();
        for reference in file.graph.references() {
            let Some(kind) = reference.call else { continue };
            let at = reference.range;
            let caller = caller_of(at);
            if !wanted(caller.map(|i| &*holders[i].definition)) {
                continue;
            }
            let resolved = resolver.resolve_each(file, reference.id).await?;
            // A variable set to a function once (`f = a`) calls it; one
            // holding anything else (a parameter, `next`, a call's result)
            // reaches what the code does not make evident: no callee.
            let resolved = match resolved {
                Some(found) if found.definition().is_some_and(|(_, d)| holds_value(d)) => {
                    let (holder_file, holder) = found.definition().expect("checked");
                    let (holder_file, id) = (holder_file.clone(), holder.id);
                    Some(
                        resolver
                            .slot_value(&holder_file, id, &SlotKey::Value)
                            .await?
                            .unwrap_or(found),
                    )
                }
                other => other,
            };
            let callee = resolved
                .as_ref()
                .and_then(|r| r.definition())
                .filter(|(_, d)| d.symbol_kind.is_callable() || creates_instances(d.symbol_kind));
            // Constructing a class also runs its constructor, its own or
            // inherited: a second call at the same site.
            let constructor = match callee {
                Some((class_file, class)) if creates_instances(class.symbol_kind) => {
                    constructor_of(resolver, class_file, class).await?
                }
                _ => None,
            };
            let name: Arc<str> = reference.name.as_str().into();
            calls.push(SiteCall {
                caller,
                name: name.clone(),
                range: at,
                kind,
                callee: callee.map(|(holder, d)| Callee {
                    path: holder.path.as_str().into(),
                    definition: SharedDefinition::new(d.clone()),
                }),
                outside_project: resolved.is_none(),
            });
            if let Some(constructor) = constructor {
                calls.push(SiteCall {
                    caller,
                    name,
                    range: at,
                    kind: CallKind::Constructor,
                    callee: Some(constructor),
                    outside_project: false,
                });
            }
        }
        // Calls of what a name's value holds: `HANDLERS["a"]()`, `make()()`.
        for slot_call in &file.graph.slot_calls {
            let Some(Node::Reference(reference)) =
                file.graph.nodes.get(slot_call.reference as usize)
            else {
                continue;
            };
            let caller = caller_of(reference.range);
            if !wanted(caller.map(|i| &*holders[i].definition)) {
                continue;
            }
            let Some(found) = resolver.resolve_each(file, reference.id).await? else {
                continue;
            };
            let Some((holder_file, holder)) = found.definition() else {
                continue;
            };
            let (holder_file, id) = (holder_file.clone(), holder.id);
            let held = resolver
                .slot_value(&holder_file, id, &slot_call.key)
                .await?;
            let Some((callee_file, callee)) = held
                .as_ref()
                .and_then(|r| r.definition())
                .filter(|(_, d)| d.symbol_kind.is_callable())
            else {
                continue;
            };
            calls.push(SiteCall {
                caller,
                name: reference.name.as_str().into(),
                range: reference.range,
                kind: CallKind::Direct,
                callee: Some(Callee {
                    path: callee_file.path.as_str().into(),
                    definition: SharedDefinition::new(callee.clone()),
                }),
                outside_project: false,
            });
        }
        // Source order; a site's own calls before its slot's.
        calls.sort_by_key(|call| call.range.start);
        let reads = resolver.take_reads();
        let bytes = estimate_bytes(&holders, &calls, &reads);
        Ok(FileCalls {
            path: file.path.as_str().into(),
            content_hash: file.content_hash,
            generations,
            reads,
            module: SharedDefinition::new(module_definition(file)),
            holders,
            calls,
            bytes,
        })
    }

    /// Whether the calls still hold for `path`, with `current` the
    /// directory and `generations` the project's now. Name searches that
    /// may have changed are asked again through `search`.
    pub fn still_valid<'a>(
        &'a self,
        path: &'a str,
        current: &mut CurrentFiles<'a>,
        generations: Generations,
    ) -> bool {
        // An index of another analyzer version may differ at equal content.
        let mut same = |p: &'a str, hash: Option<[u8; 32]>| match (current.get(p), hash) {
            (None, None) => true,
            (Some((now, true)), Some(then)) => now == then,
            _ => false,
        };
        same(path, Some(self.content_hash))
            && self.generations.paths == generations.paths
            && self.reads.files.iter().all(|(p, hash)| same(p, *hash))
            && (self.generations.names == generations.names
                || self
                    .reads
                    .searches
                    .iter()
                    .all(|(name, found)| current.search_gives(name, found)))
    }
}

/// The directory's entry of each path, as [`FileCalls::still_valid`]
/// compares it: its content hash and whether this analyzer version built
/// it. Each path is looked up once per pass, though every file that
/// imports it read it: a lookup hashes the path to find its bucket.
/// Likewise each name search is made once per pass: it reads every
/// file's name filter, and many files search for the same names.
pub struct CurrentFiles<'a> {
    directory: &'a Directory,
    seen: rustc_hash::FxHashMap<&'a str, Option<([u8; 32], bool)>>,
    searches: rustc_hash::FxHashMap<&'a str, Vec<&'a str>>,
}

impl<'a> CurrentFiles<'a> {
    /// Lookups into `directory`.
    pub fn new(directory: &'a Directory) -> Self {
        CurrentFiles {
            directory,
            seen: Default::default(),
            searches: Default::default(),
        }
    }

    /// Whether searching for `name` now finds the paths `found`.
    fn search_gives(&mut self, name: &'a str, found: &[String]) -> bool {
        let directory = self.directory;
        let now = self
            .searches
            .entry(name)
            .or_insert_with(|| super::calls::paths_mentioning(directory, name).collect());
        now.len() == found.len() && now.iter().zip(found).all(|(now, then)| *now == then)
    }

    fn get(&mut self, path: &'a str) -> Option<([u8; 32], bool)> {
        let directory = self.directory;
        *self.seen.entry(path).or_insert_with(|| {
            directory
                .get(path)
                .map(|e| (e.content_hash, e.analyzer_version == ANALYZER_VERSION))
        })
    }
}

/// The constructor that constructing `class` runs: `__init__` in Python,
/// `constructor` in JS/TS, found on the class or its bases.
async fn constructor_of(
    resolver: &Resolver<'_>,
    class_file: &Arc<FileIndex>,
    class: &Definition,
) -> Result<Option<Callee>> {
    let name = match class_file.language {
        Language::Python => "__init__",
        Language::JavaScript | Language::TypeScript | Language::Tsx => "constructor",
        Language::Rust => return Ok(None),
    };
    let found = resolver.member_of(class_file, class.id, name).await?;
    Ok(found
        .as_ref()
        .and_then(|r| r.definition())
        .filter(|(_, d)| d.symbol_kind.is_callable())
        .map(|(file, d)| Callee {
            path: file.path.as_str().into(),
            definition: SharedDefinition::new(d.clone()),
        }))
}

fn estimate_bytes(holders: &[SharedDefinition], calls: &[SiteCall], reads: &Reads) -> usize {
    let definition = |shared: &SharedDefinition| {
        let d = &shared.definition;
        std::mem::size_of::<Definition>()
            + d.name.len()
            + d.symbol_id.len()
            + d.docstring.as_ref().map_or(0, String::len)
    };
    std::mem::size_of::<FileCalls>()
        + holders.iter().map(definition).sum::<usize>()
        + calls
            .iter()
            .map(|c| {
                std::mem::size_of::<SiteCall>()
                    + c.name.len()
                    + c.callee
                        .as_ref()
                        .map_or(0, |c| c.path.len() + definition(&c.definition))
            })
            .sum::<usize>()
        + reads.files.iter().map(|(p, _)| p.len() + 56).sum::<usize>()
        + reads
            .searches
            .iter()
            .map(|(n, found)| n.len() + found.iter().map(|p| p.len() + 24).sum::<usize>())
            .sum::<usize>()
}

/// Resolved calls by path, bounded by an estimate of their memory: past
/// the bound, new files are resolved for each graph and not kept.
#[derive(Debug)]
pub(super) struct CallCache {
    capacity: usize,
    used: usize,
    files: HashMap<String, Arc<FileCalls>>,
}

impl CallCache {
    pub fn new(capacity: usize) -> CallCache {
        CallCache {
            capacity,
            used: 0,
            files: HashMap::new(),
        }
    }

    pub fn get(&self, path: &str) -> Option<Arc<FileCalls>> {
        self.files.get(path).cloned()
    }

    pub fn insert(&mut self, path: &str, calls: Arc<FileCalls>) {
        self.remove(path);
        if self.used + calls.bytes > self.capacity {
            return;
        }
        self.used += calls.bytes;
        self.files.insert(path.to_string(), calls);
    }

    pub fn remove(&mut self, path: &str) {
        if let Some(old) = self.files.remove(path) {
            self.used -= old.bytes;
        }
    }

    pub fn clear(&mut self) {
        self.files.clear();
        self.used = 0;
    }
}
