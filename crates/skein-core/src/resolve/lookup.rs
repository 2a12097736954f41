//! Indexed views of one file's scope graph, built once per decoded file, so
//! each resolution step is a hash or binary-search lookup, not a scan.

use crate::position::{Point, Range};
use crate::scope_graph::{CompactString, EdgeKind, ExportTarget, Node, ScopeGraph, SymbolKind};
// Fx hashing: the tables are built for each file a query or a call graph
// reads (most keys are node ids), and SipHash showed in their profile.
use super::pair_map::PairMap;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// No local target, in [`FileLookup::local_target`]'s table.
const NO_TARGET: u32 = u32::MAX;

/// Lookup tables over one [`ScopeGraph`].
#[derive(Debug, Default)]
pub struct FileLookup {
    /// Definitions, imports and references by start of their name, for
    /// position lookups: `(start, end, node id)`.
    named: Vec<(Point, Point, u32)>,
    /// What each reference resolves to within the file (definition or
    /// import), by node id ([`NO_TARGET`] for none): ids are dense indexes
    /// into the graph's nodes, so a `Vec` beats a map in time and space.
    local_target: Vec<u32>,
    /// Module-level bindings (definitions and imports) by name, in source order.
    module_bindings: HashMap<CompactString, Vec<u32>>,
    /// Definitions by `(owner, name)`: the members of classes and `impl`s.
    /// Read by `(&str, &str)` without building owned keys, and its owners
    /// are those that own members.
    members: PairMap<Vec<u32>>,
    /// Class-like definitions by qualified name (`User`, `Outer.Inner`).
    by_qualified_name: HashMap<String, u32>,
    /// Member definitions with a body, for finding the class around a
    /// position: `(enclosing range, owner)`, in source order.
    member_bodies: Vec<(Range, CompactString)>,
    /// Definitions nothing outside the file can name: parameters, locals,
    /// type parameters, functions inside functions.
    file_local: HashSet<u32>,
    /// Explicit exports by name: indexes into `graph.exports`.
    exports: HashMap<String, Vec<usize>>,
    /// Exported definitions by name.
    exported: HashMap<CompactString, Vec<u32>>,
}

impl FileLookup {
    /// Builds the tables for `graph`.
    pub fn new(graph: &ScopeGraph) -> FileLookup {
        let mut lookup = FileLookup::default();
        // Whether each definition or import is bound in the module scope
        // (0); `None` for a node bound in no scope.
        let mut at_module_scope = vec![None; graph.nodes.len()];
        lookup.local_target = vec![NO_TARGET; graph.nodes.len()];
        for edge in &graph.edges {
            let source = edge.source_id as usize;
            match edge.kind {
                EdgeKind::DefToScope | EdgeKind::ImportToScope => {
                    if let Some(slot) = at_module_scope.get_mut(source) {
                        *slot = Some(edge.target_id == 0);
                    }
                }
                EdgeKind::RefToDef | EdgeKind::RefToImport => {
                    if let Some(slot) = lookup.local_target.get_mut(source) {
                        *slot = edge.target_id;
                    }
                }
                _ => {}
            }
        }
        let in_inner_scope = |id: u32| at_module_scope.get(id as usize) == Some(&Some(false));
        let at_module_scope = |id: u32| at_module_scope.get(id as usize) == Some(&Some(true));
        for node in &graph.nodes {
            match node {
                Node::Definition(d) => {
                    lookup.named.push((d.range.start, d.range.end, d.id));
                    let at_module_level = at_module_scope(d.id);
                    if in_inner_scope(d.id) && !d.is_exported && d.owner.is_none() {
                        lookup.file_local.insert(d.id);
                    }
                    if at_module_level && d.owner.is_none() {
                        lookup
                            .module_bindings
                            .entry(d.name.clone())
                            .or_default()
                            .push(d.id);
                    }
                    if d.is_exported {
                        lookup
                            .exported
                            .entry(d.name.clone())
                            .or_default()
                            .push(d.id);
                    }
                    if let Some(owner) = &d.owner {
                        match lookup.members.get_mut(owner, &d.name) {
                            Some(ids) => ids.push(d.id),
                            None => lookup.members.insert(owner, &d.name, vec![d.id]),
                        }
                        if let (true, Some(range)) =
                            (d.symbol_kind.is_callable(), d.enclosing_range)
                        {
                            lookup.member_bodies.push((range, owner.clone()));
                        }
                    }
                    // `this` in a class body outside methods (a field
                    // initializer) is an instance of the class too.
                    if let (true, Some(range)) = (is_type_like(d.symbol_kind), d.enclosing_range) {
                        lookup
                            .member_bodies
                            .push((range, qualified_name(&d.symbol_id).into()));
                    }
                    if is_type_like(d.symbol_kind) || d.symbol_kind == SymbolKind::Module {
                        lookup
                            .by_qualified_name
                            .entry(qualified_name(&d.symbol_id).to_string())
                            .or_insert(d.id);
                    }
                }
                Node::Import(i) => {
                    lookup.named.push((i.range.start, i.range.end, i.id));
                    if at_module_scope(i.id) {
                        lookup
                            .module_bindings
                            .entry(i.name.as_str().into())
                            .or_default()
                            .push(i.id);
                    }
                }
                Node::Reference(r) => lookup.named.push((r.range.start, r.range.end, r.id)),
                Node::Scope(_) => {}
            }
        }
        // Nodes come mostly in source order: a stable sort merges the runs
        // where an unstable one would partition them all again.
        lookup.named.sort_by_key(|&(start, end, _)| (start, end));
        for (i, export) in graph.exports.iter().enumerate() {
            lookup
                .exports
                .entry(export.name.clone())
                .or_default()
                .push(i);
            // What a file exports, other files can name, wherever it is
            // defined (`exports.f = f` inside a UMD wrapper).
            let exported = match export.target {
                ExportTarget::Definition(id) => id,
                ExportTarget::Reference(id) => lookup
                    .local_target
                    .get(id as usize)
                    .copied()
                    .unwrap_or(NO_TARGET),
                ExportTarget::Module { .. } => NO_TARGET,
            };
            lookup.file_local.remove(&exported);
        }
        // Functions with members are ES5 classes (`function Foo() { this.x = 1 }`,
        // `Foo.prototype.m = …`): `this` in their bodies is an instance.
        for node in &graph.nodes {
            let Node::Definition(d) = node else { continue };
            let (SymbolKind::Function, Some(range)) = (d.symbol_kind, d.enclosing_range) else {
                continue;
            };
            let qualified = qualified_name(&d.symbol_id);
            if lookup.members.contains_first(qualified) {
                lookup.member_bodies.push((range, qualified.into()));
            }
        }
        lookup
    }

    /// The definition, import or reference whose name covers `at`, or ends
    /// right at it (a cursor just after `foo|` still means `foo`).
    pub fn node_at(&self, at: Point) -> Option<u32> {
        // Names never overlap: only the last one starting at or before `at`
        // can cover it.
        let after = self.named.partition_point(|&(start, _, _)| start <= at);
        self.named[..after]
            .last()
            .filter(|&&(_, end, _)| at <= end)
            .map(|&(_, _, id)| id)
    }

    /// The definition or import a reference resolves to within the file.
    pub fn local_target(&self, reference: u32) -> Option<u32> {
        self.local_target
            .get(reference as usize)
            .copied()
            .filter(|&target| target != NO_TARGET)
    }

    /// Module-level definitions and imports named `name`, in source order.
    pub fn module_bindings(&self, name: &str) -> &[u32] {
        self.module_bindings.get(name).map_or(&[], Vec::as_slice)
    }

    /// The members named `name` of the class or `impl` `owner`.
    pub fn members(&self, owner: &str, name: &str) -> &[u32] {
        self.members.get(owner, name).map_or(&[], Vec::as_slice)
    }

    /// Whether only this file can refer to definition `id` (it is neither
    /// at module level, nor exported, nor a member).
    pub fn is_file_local(&self, id: u32) -> bool {
        self.file_local.contains(&id)
    }

    /// Whether any definition is a member of `owner`.
    pub fn owns_members(&self, owner: &str) -> bool {
        self.members.contains_first(owner)
    }

    /// The class-like definition with this qualified name.
    pub fn by_qualified_name(&self, qualified: &str) -> Option<u32> {
        self.by_qualified_name.get(qualified).copied()
    }

    /// The class (or `impl`) whose method body contains `range`: the
    /// innermost one.
    pub fn owner_around(&self, range: Range) -> Option<&str> {
        self.member_bodies
            .iter()
            .filter(|(body, _)| body.start <= range.start && range.end <= body.end)
            .min_by_key(|(body, _)| (body.end.row - body.start.row, body.end.column))
            .map(|(_, owner)| owner.as_str())
    }

    /// Indexes into `graph.exports` of the exports named `name`.
    pub fn exports(&self, name: &str) -> &[usize] {
        self.exports.get(name).map_or(&[], Vec::as_slice)
    }

    /// Definitions exported under their own name.
    pub fn exported(&self, name: &str) -> &[u32] {
        self.exported.get(name).map_or(&[], Vec::as_slice)
    }
}

/// Kinds whose definitions are types members can be looked up in.
pub fn is_type_like(kind: SymbolKind) -> bool {
    matches!(
        kind,
        SymbolKind::Class
            | SymbolKind::Struct
            | SymbolKind::Interface
            | SymbolKind::Enum
            | SymbolKind::Trait
    )
}

/// The qualified name in a symbol id: `User.save` in `a.py#User.save:12`.
pub fn qualified_name(symbol_id: &str) -> &str {
    let name = symbol_id.rsplit_once('#').map_or(symbol_id, |(_, n)| n);
    match name.rsplit_once(':') {
        Some((base, row)) if row.bytes().all(|b| b.is_ascii_digit()) => base,
        _ => name,
    }
}
