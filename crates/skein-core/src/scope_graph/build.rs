//! Builds a [`ScopeGraph`] from one parse: run the language's query, sort the
//! captures into scopes, bindings and uses, then resolve uses within the file.

use super::nesting::Nesting;
use super::CompactString;
use super::{
    CallKind, Definition, Edge, EdgeKind, Export, ExportTarget, Implementation, Import, Node,
    Receiver, Reference, Scope, ScopeGraph, SlotCall, SlotKey, StarModule, SymbolKind, ValueSlot,
};
use crate::error::{Error, ErrorKind, Result};
use crate::lang::{CaptureRole, Language};
use crate::position::LineIndex;
// Keys here are byte spans and small ids, hashed by the million per corpus:
// FxHash is several times cheaper than std's SipHash for them, and nothing
// here takes keys from outside the file being analyzed.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use tree_sitter::{Parser, Tree};

/// Parses `source` and builds its scope graph. `path` goes into symbol ids.
pub fn build(path: &str, language: Language, source: &str) -> Result<ScopeGraph> {
    let tree = parse(language, source, None).map_err(|e| e.with_path(path))?;
    Ok(build_from_tree(path, language, source, &tree))
}

/// Parses `source`, reusing `old_tree` (already edited) when given.
pub fn parse(language: Language, source: &str, old_tree: Option<&Tree>) -> Result<Tree> {
    thread_local! {
        // One parser per thread, re-pointed at each file's grammar: creating
        // a parser allocates its stacks anew every time.
        static PARSER: std::cell::RefCell<Parser> = std::cell::RefCell::new(Parser::new());
    }
    PARSER.with(|parser| {
        let mut parser = parser.borrow_mut();
        parser
            .set_language(&language.grammar())
            .map_err(|e| Error::new(ErrorKind::Internal, format!("grammar version: {e}")))?;
        parser
            .parse(source, old_tree)
            .ok_or_else(|| Error::new(ErrorKind::Internal, "tree-sitter returned no tree"))
    })
}

/// A byte range of the source.
type Span = (usize, usize);

/// What matches say about a definition besides its kind. Several matches
/// may speak of one name; [`DefinitionFacts::merge`] combines them.
#[derive(Default)]
struct DefinitionFacts {
    exported: bool,
    enclosing: Option<Span>,
    docstring: Option<String>,
    type_name: Option<Span>,
    self_alias: bool,
    bases: Vec<Span>,
}

impl DefinitionFacts {
    /// The facts of the offers at `group` for one name, the deciding offer
    /// first: its declaration if it has one (else the first given), exported
    /// or holding `this` if any says so, the longest docstring, the first
    /// type, every base.
    fn merge(offers: &mut [Offer], group: impl Iterator<Item = usize>) -> DefinitionFacts {
        let mut merged = DefinitionFacts::default();
        for i in group {
            let facts = &mut offers[i].facts;
            merged.exported |= facts.exported;
            merged.self_alias |= facts.self_alias;
            merged.enclosing = merged.enclosing.or(facts.enclosing);
            merged.type_name = merged.type_name.or(facts.type_name);
            if let Some(doc) = facts.docstring.take() {
                if merged
                    .docstring
                    .as_ref()
                    .is_none_or(|d| d.len() <= doc.len())
                {
                    merged.docstring = Some(doc);
                }
            }
            merged.bases.extend(facts.bases.iter().copied());
        }
        merged.bases.dedup();
        merged
    }
}

struct RawDefinition {
    name: (usize, usize),
    kind: SymbolKind,
    hoist: bool,
    facts: DefinitionFacts,
    /// A member that is also a parameter (a TypeScript parameter property,
    /// `constructor(private repo: Repo)`): bare names reach it too.
    also_parameter: bool,
}

/// What a member access is made on, before references are numbered.
#[derive(Clone)]
enum RawReceiver {
    SelfType,
    SuperType,
    /// `new C()`: the span of `C`.
    Instance(Span),
    Expression(Span),
    /// A module written as a string or path (`a` in `export { a } from './m'`).
    Module(String),
    Unknown,
}

enum RawExportTarget {
    Definition(Span),
    Reference(Span),
    Module { module: String, name: String },
}

struct RawImport {
    name: (usize, usize),
    module: Option<String>,
    source_name: Option<String>,
}

/// A binding one match offers for a name. Several matches may offer one for
/// the same name; the earliest pattern decides what it is (see `lang`).
struct Offer {
    span: (usize, usize),
    pattern: usize,
    binding: OfferKind,
    /// Empty for imports.
    facts: DefinitionFacts,
}

enum OfferKind {
    Definition {
        kind: SymbolKind,
        hoist: bool,
    },
    Import {
        module: Option<String>,
        source_name: Option<String>,
    },
}

/// Which bindings a reference can mean, by their kind.
#[derive(Clone, Copy)]
enum Namespace {
    /// Any (every language but TypeScript).
    Any,
    /// A TypeScript type position: classes, interfaces, aliases, enums,
    /// namespaces.
    Type,
    /// A TypeScript expression: anything but an interface or a type alias.
    Value,
}

impl Namespace {
    fn holds(self, kind: SymbolKind) -> bool {
        match self {
            Namespace::Any => true,
            Namespace::Type => matches!(
                kind,
                SymbolKind::Class
                    | SymbolKind::Interface
                    | SymbolKind::Enum
                    | SymbolKind::Type
                    | SymbolKind::Module
                    | SymbolKind::Struct
                    | SymbolKind::Trait
            ),
            Namespace::Value => !matches!(kind, SymbolKind::Interface | SymbolKind::Type),
        }
    }
}

/// Builds the scope graph of an already parsed file.
pub fn build_from_tree(path: &str, language: Language, source: &str, tree: &Tree) -> ScopeGraph {
    let analysis = language.analysis();
    let text = |(s, e): (usize, usize)| &source[s..e];

    // (span, whether a function's); a span may come from several matches.
    let mut scopes: Vec<(Span, bool)> = Vec::new();
    let mut offers: Vec<Offer> = Vec::new();
    let mut references: Vec<(usize, usize)> = Vec::new();
    // TypeScript names in a type position (`type_identifier`): they name
    // an interface, alias or class, never a variable of the same name.
    let mut type_references: Vec<Span> = Vec::new();
    let names_types_apart = matches!(language, Language::TypeScript | Language::Tsx);
    let mut not_references: Vec<Span> = Vec::new();
    // Callee names, and whether the call is `new C()`.
    let mut calls: Vec<(Span, bool)> = Vec::new();
    let mut not_definitions: HashSet<(usize, usize)> = HashSet::default();
    let mut exports: HashSet<(usize, usize)> = HashSet::default();
    let mut qualifiers: Vec<(Span, Span)> = Vec::new();

    let mut members: HashMap<Span, RawReceiver> = HashMap::default();
    // (condition, scope): definitions inside the condition belong to the scope.
    let mut binding_regions: Vec<(Span, Span)> = Vec::new();
    let mut raw_exports: Vec<(String, RawExportTarget)> = Vec::new();
    let mut star_modules: Vec<StarModule> = Vec::new();
    // (trait, type) of each `impl Trait for Type`.
    let mut raw_implementations: Vec<(Span, Span)> = Vec::new();
    // (holder name, key, held name) and (called name, key).
    let mut raw_values: Vec<(Span, SlotKey, Span)> = Vec::new();
    let mut raw_slot_calls: Vec<(Span, SlotKey)> = Vec::new();

    let matches = analysis.query.matches(tree.root_node(), source.as_bytes());
    references.reserve(matches.len());
    let mut module_parts: Vec<(usize, &str)> = Vec::new();
    let mut doc_parts: Vec<(usize, &str)> = Vec::new();
    let mut bases: Vec<Span> = Vec::new();
    for m in matches.iter() {
        // First what the match says as a whole, then what each name is.
        let mut enclosing = None;
        let mut import_name = None;
        let mut type_name = None;
        let mut self_alias = false;
        let mut receiver = RawReceiver::Unknown;
        let mut export_alias = None;
        let mut export_default = false;
        let mut star = None;
        let mut binding_condition = None;
        let mut binding_scope = None;
        let mut impl_trait = None;
        let mut impl_type = None;
        let mut value_holder = None;
        let mut slot_key = None;
        let mut held: Option<(Span, Option<SlotKey>)> = None;
        let mut slot_called: Option<(Span, Option<SlotKey>)> = None;
        module_parts.clear();
        doc_parts.clear();
        bases.clear();
        for capture in m.captures {
            let span = (capture.start_byte, capture.end_byte);
            match analysis.roles[capture.index as usize] {
                CaptureRole::Enclosing => enclosing = Some(span),
                CaptureRole::ImportModule => module_parts.push((span.0, text(span))),
                CaptureRole::ImportName => import_name = Some(text(span).to_string()),
                CaptureRole::Docstring => doc_parts.push((span.0, text(span))),
                CaptureRole::BindingCondition => binding_condition = Some(span),
                CaptureRole::BindingScope => binding_scope = Some(span),
                CaptureRole::TypeName => type_name = Some(span),
                CaptureRole::SelfAlias => self_alias = true,
                CaptureRole::Base => bases.push(span),
                CaptureRole::Receiver => receiver = RawReceiver::Expression(span),
                CaptureRole::ReceiverSelf => receiver = RawReceiver::SelfType,
                CaptureRole::ReceiverSuper => receiver = RawReceiver::SuperType,
                CaptureRole::ReceiverInstance => receiver = RawReceiver::Instance(span),
                CaptureRole::ExportAlias => export_alias = Some(text(span).to_string()),
                CaptureRole::ExportDefault => export_default = true,
                CaptureRole::ExportStar => star = Some(false),
                CaptureRole::ImportStar => star = Some(true),
                CaptureRole::ImplTrait => impl_trait = Some(span),
                CaptureRole::ImplType => impl_type = Some(span),
                CaptureRole::ValueHolder => value_holder = Some(span),
                CaptureRole::ValueKey | CaptureRole::CallKey => {
                    slot_key = Some(slot_key_of(capture.node, text(span)))
                }
                CaptureRole::ValueEntry => {
                    held = Some((span, Some(SlotKey::Index(element_index(capture.node)))))
                }
                CaptureRole::ValueEntryNamed => {
                    held = Some((span, Some(SlotKey::Key(text(span).to_string()))))
                }
                CaptureRole::ValueReturned => held = Some((span, Some(SlotKey::Return))),
                CaptureRole::ValueAssigned => held = Some((span, Some(SlotKey::Value))),
                CaptureRole::CallSlot => slot_called = Some((span, None)),
                CaptureRole::CallResult => slot_called = Some((span, Some(SlotKey::Return))),
                _ => {}
            }
        }
        if let (Some(holder), Some((entry, key))) = (value_holder, held) {
            // An entry with a key capture is keyed by it, not by its place.
            let key = match (&slot_key, key) {
                (Some(written), Some(SlotKey::Index(_))) => Some(written.clone()),
                (_, key) => key,
            };
            raw_values.extend(key.map(|key| (holder, key, entry)));
        }
        if let Some((called, key)) = slot_called {
            raw_slot_calls.extend(key.or_else(|| slot_key.clone()).map(|key| (called, key)));
        }
        // Parts come in source order: `a` then `b` for `use a::{b::C}`.
        module_parts.sort_unstable();
        doc_parts.sort_unstable();
        bases.sort_unstable();
        let module = (!module_parts.is_empty())
            .then(|| language.module_path(module_parts.iter().map(|&(_, t)| t)));
        let docstring = (!doc_parts.is_empty()).then(|| {
            let joined: Vec<&str> = doc_parts.iter().map(|&(_, t)| t.trim_end()).collect();
            clean_docstring(&joined.join("\n"))
        });
        if let (Some(condition), Some(scope)) = (binding_condition, binding_scope) {
            binding_regions.push((condition, scope));
        }
        if let (Some(trait_name), Some(type_name)) = (impl_trait, impl_type) {
            raw_implementations.push((trait_name, type_name));
        }
        if let (Some(binds_locally), Some(module)) = (star, &module) {
            star_modules.push(StarModule {
                module: module.clone(),
                binds_locally,
            });
        }
        let export_name = |local: &str| {
            if export_default {
                "default".to_string()
            } else {
                export_alias.clone().unwrap_or_else(|| local.to_string())
            }
        };
        for capture in m.captures {
            let span = (capture.start_byte, capture.end_byte);
            let binding = match analysis.roles[capture.index as usize] {
                CaptureRole::Scope { function } => {
                    scopes.push((span, function));
                    continue;
                }
                CaptureRole::Definition {
                    kind,
                    hoist,
                    exported,
                } => {
                    if export_default {
                        raw_exports
                            .push(("default".to_string(), RawExportTarget::Definition(span)));
                    }
                    offers.push(Offer {
                        span,
                        pattern: m.pattern_index,
                        binding: OfferKind::Definition { kind, hoist },
                        facts: DefinitionFacts {
                            exported: exported || export_default,
                            enclosing,
                            docstring: docstring.clone(),
                            type_name,
                            self_alias,
                            bases: bases.clone(),
                        },
                    });
                    continue;
                }
                CaptureRole::Import { source } => OfferKind::Import {
                    module: module.clone(),
                    source_name: source.map(str::to_string).or_else(|| import_name.clone()),
                },
                CaptureRole::Reference => {
                    references.push(span);
                    if names_types_apart && capture.node.kind() == "type_identifier" {
                        type_references.push(span);
                    }
                    continue;
                }
                CaptureRole::Member => {
                    references.push(span);
                    // Where a specific pattern (`super.x`) and a generic one
                    // (`recv.x`) both match, the specific receiver wins.
                    let rank = |r: &RawReceiver| match r {
                        RawReceiver::Unknown => 0,
                        RawReceiver::Expression(_) => 1,
                        _ => 2,
                    };
                    let entry = members.entry(span).or_insert(RawReceiver::Unknown);
                    if rank(&receiver) > rank(entry) {
                        *entry = receiver.clone();
                    }
                    continue;
                }
                CaptureRole::ImportName => {
                    // The source name of `import { a as b }` names `a` of the module.
                    if let Some(module) = &module {
                        references.push(span);
                        members
                            .entry(span)
                            .or_insert_with(|| RawReceiver::Module(module.clone()));
                    }
                    continue;
                }
                CaptureRole::Export => {
                    references.push(span);
                    exports.insert(span);
                    raw_exports.push((export_name(text(span)), RawExportTarget::Reference(span)));
                    continue;
                }
                CaptureRole::ImportPath => {
                    for (part, receiver) in module_path_parts(text(span), span.0) {
                        references.push(part);
                        members.insert(part, RawReceiver::Module(receiver));
                    }
                    continue;
                }
                CaptureRole::ExportFrom => {
                    if let Some(module) = &module {
                        // `a` in `export { a } from './m'` names `a` of the module.
                        if text(span) != "*" {
                            references.push(span);
                            members
                                .entry(span)
                                .or_insert_with(|| RawReceiver::Module(module.clone()));
                        }
                        raw_exports.push((
                            export_name(text(span)),
                            RawExportTarget::Module {
                                module: module.clone(),
                                name: text(span).to_string(),
                            },
                        ));
                    }
                    continue;
                }
                CaptureRole::NotReference => {
                    not_references.push(span);
                    continue;
                }
                CaptureRole::Call { constructor } => {
                    calls.push((span, constructor));
                    continue;
                }
                CaptureRole::NotDefinition => {
                    not_definitions.insert(span);
                    continue;
                }
                CaptureRole::Qualifier => {
                    if let Some(enclosing) = enclosing {
                        qualifiers.push((span, enclosing));
                    }
                    continue;
                }
                _ => continue,
            };
            offers.push(Offer {
                span,
                pattern: m.pattern_index,
                binding,
                facts: DefinitionFacts::default(),
            });
        }
    }

    // One binding per name: the earliest pattern's, completed by the others.
    // Their order is sorted, not the offers themselves: an offer is about
    // 180 bytes, and sorting moved each a dozen times. The index breaks
    // ties, so the order is as a stable sort's.
    let mut order: Vec<(Span, usize, usize)> = offers
        .iter()
        .enumerate()
        .map(|(i, o)| (o.span, o.pattern, i))
        .collect();
    order.sort_unstable();
    let mut definitions: Vec<RawDefinition> = Vec::new();
    let mut imports: Vec<RawImport> = Vec::new();
    // In span order: offers are sorted.
    let mut bound_names: Vec<Span> = Vec::new();
    for group in order.chunk_by(|a, b| a.0 == b.0) {
        let span = group[0].0;
        if not_definitions.contains(&span) {
            continue;
        }
        bound_names.push(span);
        let also_parameter = group.iter().any(|&(_, _, i)| {
            matches!(
                offers[i].binding,
                OfferKind::Definition {
                    kind: SymbolKind::Parameter,
                    ..
                }
            )
        });
        match std::mem::replace(
            &mut offers[group[0].2].binding,
            OfferKind::Import {
                module: None,
                source_name: None,
            },
        ) {
            OfferKind::Definition { kind, hoist } => definitions.push(RawDefinition {
                name: span,
                kind,
                hoist,
                facts: DefinitionFacts::merge(&mut offers, group.iter().map(|&(_, _, i)| i)),
                also_parameter,
            }),
            OfferKind::Import {
                module,
                source_name,
            } => imports.push(RawImport {
                name: span,
                module,
                source_name,
            }),
        }
    }

    // Scopes in pre-order; the whole file is always the root. The tree's
    // root node (`module`, `program`) is that scope even where it starts
    // after leading blank lines: otherwise module-level names would bind
    // in a scope of their own, below the root.
    let root = tree.root_node();
    let root_span = (root.start_byte(), root.end_byte());
    let mut scope_list = scopes;
    scope_list.retain(|&(span, _)| span != root_span);
    scope_list.push(((0, source.len()), true));
    // Pre-order; nothing starts before 0 or is longer, so the root comes first.
    scope_list.sort_unstable_by_key(|&((s, e), _)| (s, std::cmp::Reverse(e)));
    // One scope per span, a function's if any match says so.
    scope_list.dedup_by(|later, kept| {
        let same = later.0 == kept.0;
        if same {
            kept.1 |= later.1;
        }
        same
    });
    let nesting = Nesting::new(scope_list.iter().map(|&(r, _)| r).collect());
    let is_function: Vec<bool> = scope_list.iter().map(|&(_, f)| f).collect();
    let scope_of = |span: (usize, usize), exclude: Option<(usize, usize)>| -> usize {
        let inner = nesting.innermost(span.0, span.1, None).unwrap_or(0);
        match exclude {
            // A declaration that is itself a scope (a function) binds its
            // name in the scope around it.
            Some(decl) if nesting.range(inner) == decl => nesting.parent(inner).unwrap_or(0),
            _ => inner,
        }
    };

    references.sort_unstable();
    references.dedup();
    type_references.sort_unstable();
    not_references.sort_unstable();
    let mut members: Vec<(Span, RawReceiver)> = members.into_iter().collect();
    members.sort_unstable_by_key(|&(span, _)| span);
    // A member name is a member access even where generic patterns skip
    // the name (Python's `attribute`), unless something binds it there.
    // All four lists are sorted: one walk through them, no hashing.
    let in_sorted = |list: &[Span], at: &mut usize, span: Span| {
        while list.get(*at).is_some_and(|&s| s < span) {
            *at += 1;
        }
        list.get(*at) == Some(&span)
    };
    let member_spans: Vec<Span> = members.iter().map(|&(span, _)| span).collect();
    let (mut bound_at, mut member_at, mut skipped_at) = (0, 0, 0);
    references.retain(|&span| {
        !in_sorted(&bound_names, &mut bound_at, span)
            && (in_sorted(&member_spans, &mut member_at, span)
                || !in_sorted(&not_references, &mut skipped_at, span))
    });
    // The receiver of each reference that is a member access, by index.
    let mut member_at = 0;
    let receivers: Vec<Option<&RawReceiver>> = references
        .iter()
        .map(|&span| in_sorted(&member_spans, &mut member_at, span).then(|| &members[member_at].1))
        .collect();
    // How each reference is called, if it is: `new` wins where a generic
    // call pattern matches the same name.
    calls.sort_unstable();
    calls.dedup_by(|later, kept| {
        let same = later.0 == kept.0;
        if same {
            kept.1 |= later.1;
        }
        same
    });
    let call_spans: Vec<Span> = calls.iter().map(|&(span, _)| span).collect();
    let mut call_at = 0;
    let call_kinds: Vec<Option<CallKind>> = references
        .iter()
        .zip(&receivers)
        .map(|(&span, receiver)| {
            in_sorted(&call_spans, &mut call_at, span).then(|| {
                if calls[call_at].1 {
                    CallKind::Constructor
                } else if receiver.is_some() {
                    CallKind::Method
                } else {
                    CallKind::Direct
                }
            })
        })
        .collect();

    let lines = LineIndex::new(source);
    let mut nodes =
        Vec::with_capacity(scope_list.len() + definitions.len() + imports.len() + references.len());
    // Sized for the most there can be (two for a reference), rather than
    // grown and copied a dozen times on a large file.
    let mut edges = Vec::with_capacity(nodes.capacity() + references.len());
    for (i, &((s, e), _)) in scope_list.iter().enumerate() {
        nodes.push(Node::Scope(Scope {
            id: i as u32,
            range: lines.range(s, e),
        }));
        if let Some(parent) = nesting.parent(i) {
            edges.push(edge(EdgeKind::ScopeToScope, i, parent));
        }
    }

    // Bindings visible per (scope, name): definitions and imports, in source order.
    #[derive(Clone, Copy)]
    struct Binding {
        node: usize,
        at: usize,
        visible_from: usize,
        anywhere: bool,
        is_import: bool,
    }
    // (name number, scope, binding). Names are numbered as they are bound,
    // so a reference finds every binding of its name with one lookup, and
    // one of a name bound nowhere in the file is done there.
    let mut binding_list: Vec<(u32, usize, Binding)> =
        Vec::with_capacity(definitions.len() + imports.len());
    let mut name_numbers: HashMap<&str, u32> = HashMap::default();
    let (mut symbol_ids, mut owners) = symbol_ids(path, source, &definitions, &qualifiers, &lines);

    // Where a condition's bindings go (`if let`): the innermost condition
    // holding the name decides, if its scope was captured as a scope.
    let scope_index = |&(s, e): &Span| -> Option<usize> {
        let key = |&((s, e), _): &(Span, bool)| (s, std::cmp::Reverse(e));
        scope_list
            .binary_search_by_key(&(s, std::cmp::Reverse(e)), key)
            .ok()
    };
    let condition_scope = |name: Span| -> Option<usize> {
        binding_regions
            .iter()
            .filter(|((s, e), _)| *s <= name.0 && name.1 <= *e)
            .min_by_key(|((s, e), _)| e - s)
            .and_then(|(_, body)| scope_index(body))
    };

    let leading_docs = language.leading_docs(tree.root_node(), source);
    let def_base = nodes.len();
    for (i, def) in definitions.iter_mut().enumerate() {
        let mut scope = match def.kind {
            SymbolKind::Variable if !binding_regions.is_empty() => {
                condition_scope(def.name).unwrap_or_else(|| scope_of(def.name, def.facts.enclosing))
            }
            _ => scope_of(def.name, def.facts.enclosing),
        };
        if def.hoist {
            while !is_function[scope] {
                scope = nesting.parent(scope).unwrap_or(0);
            }
        }
        let id = def_base + i;
        let name = text(def.name);
        let exported = def.facts.exported
            || (scope == 0
                && language.exports_public_module_names()
                && !name.starts_with('_')
                && !matches!(def.kind, SymbolKind::Parameter));
        let docstring = def.facts.docstring.take().or_else(|| {
            let (start, _) = def.facts.enclosing?;
            leading_docs
                .as_ref()?
                .get(&start)
                .map(|raw| clean_docstring(raw))
        });
        nodes.push(Node::Definition(Box::new(Definition {
            id: id as u32,
            name: text(def.name).into(),
            symbol_kind: def.kind,
            range: lines.range(def.name.0, def.name.1),
            enclosing_range: def.facts.enclosing.map(|(s, e)| lines.range(s, e)),
            symbol_id: std::mem::take(&mut symbol_ids[i]),
            is_exported: exported,
            docstring,
            // Filled in once references have ids.
            type_ref: None,
            self_alias: def.facts.self_alias,
            bases: Vec::new(),
            owner: owners[i].take().map(CompactString::from),
        })));
        edges.push(edge(EdgeKind::DefToScope, id, scope));
        if is_member(def.kind) && !def.also_parameter {
            // Reached through an object (`this.save`, `self.x`), never by a bare name.
            continue;
        }
        binding_list.push((
            number_of(&mut name_numbers, text(def.name)),
            scope,
            Binding {
                node: id,
                at: def.name.0,
                visible_from: def.facts.enclosing.map_or(def.name.1, |(_, e)| e),
                anywhere: def.hoist,
                is_import: false,
            },
        ));
    }
    let import_base = nodes.len();
    for (i, import) in imports.iter_mut().enumerate() {
        let scope = scope_of(import.name, None);
        let id = import_base + i;
        let name = text(import.name).to_string();
        nodes.push(Node::Import(Box::new(Import {
            id: id as u32,
            source_name: Some(import.source_name.take().unwrap_or_else(|| name.clone())),
            name,
            range: lines.range(import.name.0, import.name.1),
            source_module: import.module.take(),
        })));
        edges.push(edge(EdgeKind::ImportToScope, id, scope));
        binding_list.push((
            number_of(&mut name_numbers, text(import.name)),
            scope,
            Binding {
                node: id,
                at: import.name.0,
                visible_from: 0,
                anywhere: true,
                is_import: true,
            },
        ));
    }

    // Grouped by name, then scope, each group in source order; one list and
    // each name's range in it rather than a vector per name. Node ids break
    // ties: a definition and an import at one place keep their order.
    binding_list.sort_unstable_by_key(|&(name, scope, b)| (name, scope, b.at, b.node));
    let binding_scopes: Vec<usize> = binding_list.iter().map(|&(_, scope, _)| scope).collect();
    let binding_slots: Vec<Binding> = binding_list.iter().map(|&(_, _, b)| b).collect();
    let mut name_ranges = vec![0..0; name_numbers.len()];
    for (i, &(name, _, _)) in binding_list.iter().enumerate() {
        // Each name's bindings are one run of the sorted list.
        let range = &mut name_ranges[name as usize];
        if range.end == 0 {
            range.start = i;
        }
        range.end = i + 1;
    }
    // The bindings of a name (its range in the list) in one scope.
    let bindings_in = |named: &std::ops::Range<usize>, scope: usize| -> &[Binding] {
        let scopes = &binding_scopes[named.clone()];
        let from = scopes.partition_point(|&s| s < scope);
        let to = from + scopes[from..].partition_point(|&s| s == scope);
        &binding_slots[named.start + from..named.start + to]
    };

    let ref_base = nodes.len();
    // References are sorted and unique: their ids by binary search.
    let ref_id = |span: Span| -> Option<usize> {
        references.binary_search(&span).ok().map(|i| ref_base + i)
    };
    // `a.b` as a receiver ends where the member reference `b` ends. Built
    // when first asked: many files have no such receiver.
    let member_id_by_end = std::cell::OnceCell::new();
    let reference_at = |span: Span| -> Option<u32> {
        ref_id(span)
            .or_else(|| {
                let by_end: &HashMap<usize, usize> = member_id_by_end.get_or_init(|| {
                    references
                        .iter()
                        .enumerate()
                        .filter(|&(i, _)| receivers[i].is_some())
                        .map(|(i, &(_, end))| (end, ref_base + i))
                        .collect()
                });
                by_end
                    .get(&span.1)
                    .copied()
                    .filter(|&id| id >= ref_base && references[id - ref_base].0 > span.0)
            })
            .map(|id| id as u32)
    };
    for (i, &span) in references.iter().enumerate() {
        let id = ref_base + i;
        let name = text(span);
        if let Some(receiver) = receivers[i] {
            let receiver = match receiver {
                RawReceiver::SelfType => Receiver::SelfType,
                RawReceiver::SuperType => Receiver::SuperType,
                RawReceiver::Unknown => Receiver::Unknown,
                RawReceiver::Module(module) => Receiver::Path(module.clone()),
                &RawReceiver::Instance(class) => match reference_at(class) {
                    Some(node) => Receiver::Instance(node),
                    None => Receiver::Unknown,
                },
                &RawReceiver::Expression(expr) => match reference_at(expr) {
                    Some(node) => Receiver::Reference(node),
                    None => match language.module_path_receiver(text(expr)) {
                        Some(path) => Receiver::Path(path),
                        None => Receiver::Unknown,
                    },
                },
            };
            nodes.push(Node::Reference(Reference {
                id: id as u32,
                name: CompactString::from(name),
                range: lines.range(span.0, span.1),
                symbol_kind: None,
                receiver: Some(receiver),
                call: call_kinds[i],
            }));
            edges.push(edge(EdgeKind::RefToScope, id, scope_of(span, None)));
            continue;
        }
        let own_scope = scope_of(span, None);
        let mut scope = own_scope;
        let mut crossed_function = false;
        let mut resolved = None;
        // TypeScript keeps types and values apart: `interface W` and
        // `declare var W` (lib.dom.d.ts has hundreds) are two bindings, and
        // which one a name means depends on where it stands.
        // An export (`export { W }`, `export type { W }`) names both.
        let namespace = match names_types_apart {
            false => Namespace::Any,
            true if exports.contains(&span) => Namespace::Any,
            true if type_references.binary_search(&span).is_ok() => Namespace::Type,
            true => Namespace::Value,
        };
        let fits = |b: &Binding| match &nodes[b.node] {
            Node::Definition(d) => namespace.holds(d.symbol_kind),
            _ => true,
        };
        // A name bound nowhere in the file resolves nowhere in it.
        if let Some(&number) = name_numbers.get(name) {
            let named = &name_ranges[number as usize];
            loop {
                let candidates = bindings_in(named, scope);
                if candidates.iter().any(fits) {
                    let before = candidates
                        .iter()
                        .rev()
                        .find(|b| (b.anywhere || b.visible_from <= span.0) && fits(b));
                    resolved = before
                        .or_else(|| candidates.iter().find(|b| crossed_function && fits(b)))
                        .copied();
                    if resolved.is_some() {
                        break;
                    }
                }
                crossed_function |= is_function[scope];
                match nesting.parent(scope) {
                    Some(parent) => scope = parent,
                    None => break,
                }
            }
        }
        let symbol_kind = resolved.and_then(|b| match &nodes[b.node] {
            Node::Definition(d) => Some(d.symbol_kind),
            _ => None,
        });
        nodes.push(Node::Reference(Reference {
            id: id as u32,
            name: CompactString::from(name),
            range: lines.range(span.0, span.1),
            symbol_kind,
            receiver: None,
            call: call_kinds[i],
        }));
        edges.push(edge(EdgeKind::RefToScope, id, own_scope));
        if let Some(b) = resolved {
            if exports.contains(&span) {
                if let Node::Definition(d) = &mut nodes[b.node] {
                    d.is_exported = true;
                }
            }
            let kind = if b.is_import {
                EdgeKind::RefToImport
            } else {
                EdgeKind::RefToDef
            };
            edges.push(edge(kind, id, b.node));
        }
    }

    // Types and bases name references, which have ids now.
    for (i, def) in definitions.iter().enumerate() {
        if let Node::Definition(d) = &mut nodes[def_base + i] {
            d.type_ref = def.facts.type_name.and_then(reference_at);
            d.bases = def
                .facts
                .bases
                .iter()
                .filter_map(|&b| reference_at(b))
                .collect();
        }
    }
    // Definitions are in span order, one per span.
    let def_id = |span: &Span| -> Option<u32> {
        let at = definitions.binary_search_by_key(span, |d| d.name).ok()?;
        Some((def_base + at) as u32)
    };
    let export_table = raw_exports
        .into_iter()
        .filter_map(|(name, target)| {
            let target = match target {
                RawExportTarget::Definition(span) => ExportTarget::Definition(def_id(&span)?),
                RawExportTarget::Reference(span) => ExportTarget::Reference(ref_id(span)? as u32),
                RawExportTarget::Module { module, name } => ExportTarget::Module { module, name },
            };
            Some(Export { name, target })
        })
        .collect();

    let implementations = raw_implementations
        .into_iter()
        .filter_map(|(trait_name, type_name)| {
            Some(Implementation {
                trait_ref: ref_id(trait_name)? as u32,
                type_ref: ref_id(type_name)? as u32,
            })
        })
        .collect();

    let values = raw_values
        .into_iter()
        .filter_map(|(holder, key, held)| {
            Some(ValueSlot {
                holder: def_id(&holder)?,
                key,
                value: ref_id(held)? as u32,
            })
        })
        .collect();
    let slot_calls = raw_slot_calls
        .into_iter()
        .filter_map(|(called, key)| {
            Some(SlotCall {
                reference: ref_id(called)? as u32,
                key,
            })
        })
        .collect();

    edges.shrink_to_fit();
    ScopeGraph {
        language,
        nodes,
        edges,
        exports: export_table,
        star_modules,
        implementations,
        values,
        slot_calls,
    }
}

/// The key a slot capture spells: an integer is an index, anything else
/// (a string's content, a property name) a key.
fn slot_key_of(node: tree_sitter::Node, text: &str) -> SlotKey {
    match (node.kind().contains("integer") || node.kind() == "number")
        .then(|| text.parse::<u32>().ok())
        .flatten()
    {
        Some(index) => SlotKey::Index(index),
        None => SlotKey::Key(text.to_string()),
    }
}

/// The place of a list or array element among its siblings.
fn element_index(node: tree_sitter::Node) -> u32 {
    let mut index = 0;
    let mut sibling = node.prev_named_sibling();
    while let Some(before) = sibling {
        if !before.kind().contains("comment") {
            index += 1;
        }
        sibling = before.prev_named_sibling();
    }
    index
}

/// The names of a dotted module path (`..a.b` at byte `at`) with the module
/// each is a member of: `a` of `..`, `b` of `..a`. The first name of an
/// absolute path is a member of `""`: a top-level module.
fn module_path_parts(path: &str, at: usize) -> Vec<(Span, String)> {
    let dots = path.len() - path.trim_start_matches('.').len();
    let mut prefix = path[..dots].to_string();
    let mut offset = at + dots;
    let mut parts = Vec::new();
    for name in path[dots..].split('.') {
        let trimmed = name.trim();
        if !trimmed.is_empty() {
            let start = offset + (name.len() - name.trim_start().len());
            parts.push(((start, start + trimmed.len()), prefix.clone()));
            if !(prefix.is_empty() || prefix.ends_with('.')) {
                prefix.push('.');
            }
            prefix.push_str(trimmed);
        }
        offset += name.len() + 1;
    }
    parts
}

/// The number of a bound name, numbering it if it is new.
fn number_of<'t>(numbers: &mut HashMap<&'t str, u32>, name: &'t str) -> u32 {
    let next = numbers.len() as u32;
    *numbers.entry(name).or_insert(next)
}

fn edge(kind: EdgeKind, source: usize, target: usize) -> Edge {
    Edge {
        kind,
        source_id: source as u32,
        target_id: target as u32,
    }
}

/// Whether bare names never resolve to definitions of this kind: members
/// are reached through their object (`this.save()`, `self.name`, `p.x`).
fn is_member(kind: SymbolKind) -> bool {
    matches!(
        kind,
        SymbolKind::Method | SymbolKind::Constructor | SymbolKind::Property | SymbolKind::Field
    )
}

/// `<path>#<Outer.inner.name>`; later duplicates get `:<row>` appended.
/// Containers are definitions of container kinds and qualifiers (a name
/// and the span it qualifies, like a Rust `impl Foo` block).
///
/// Also returns each definition's owner: the qualified name of the
/// class-like container (or qualifier) it is a member of. Fields and
/// properties assigned inside methods (`self.x = 1`) belong to the class
/// around the method, and their ids are qualified by it.
fn symbol_ids(
    path: &str,
    source: &str,
    definitions: &[RawDefinition],
    qualifiers: &[(Span, Span)],
    lines: &LineIndex,
) -> (Vec<String>, Vec<Option<String>>) {
    // Containers (name, span, definition index) in pre-order, to qualify names.
    let mut containers: Vec<(Span, Span, Option<usize>)> = definitions
        .iter()
        .enumerate()
        // Type aliases also qualify their type parameters (`Pair.A`).
        .filter(|(_, d)| d.kind.is_container() || d.kind == SymbolKind::Type)
        .filter_map(|(i, d)| d.facts.enclosing.map(|e| (d.name, e, Some(i))))
        .chain(qualifiers.iter().map(|&(name, span)| (name, span, None)))
        .collect();
    // A qualifier spanning exactly a definition (`Foo.prototype.m = function`)
    // is its parent: qualifiers sort first among equal spans.
    containers.sort_by_key(|&(_, (s, e), def)| (s, std::cmp::Reverse(e), def.is_some()));
    let nesting = Nesting::new(containers.iter().map(|&(_, r, _)| r).collect());
    let container_slot: HashMap<usize, usize> = containers
        .iter()
        .enumerate()
        .filter_map(|(slot, &(_, _, def))| def.map(|def| (def, slot)))
        .collect();
    // Pre-order puts parents first, so each qualified name extends its parent's.
    let mut qualified: Vec<String> = Vec::with_capacity(containers.len());
    for (slot, &(name, _, _)) in containers.iter().enumerate() {
        let name = &source[name.0..name.1];
        let full = match nesting.parent(slot) {
            Some(parent) => [&qualified[parent], ".", name].concat(),
            None => name.to_string(),
        };
        qualified.push(full);
    }
    let class_like = |slot: usize| match containers[slot].2 {
        None => true,
        Some(def) => matches!(
            definitions[def].kind,
            SymbolKind::Class
                | SymbolKind::Struct
                | SymbolKind::Interface
                | SymbolKind::Enum
                | SymbolKind::Trait
                | SymbolKind::Module
        ),
    };

    let mut owners = Vec::with_capacity(definitions.len());
    let mut ids: Vec<String> = definitions
        .iter()
        .enumerate()
        .map(|(i, def)| {
            let own = def.facts.enclosing.unwrap_or(def.name);
            let exclude = container_slot.get(&i).copied();
            let name = &source[def.name.0..def.name.1];
            let innermost = nesting.innermost(own.0, own.1, exclude);
            let mut owner = innermost;
            let is_field = matches!(def.kind, SymbolKind::Field | SymbolKind::Property);
            if is_field {
                while let Some(slot) = owner.filter(|&slot| !class_like(slot)) {
                    owner = nesting.parent(slot);
                }
                // Outside any class, `this.x = 1` in `function Foo() {}`
                // (an ES5 constructor) is a field of Foo.
                if owner.is_none() {
                    owner = innermost.filter(|&slot| {
                        containers[slot]
                            .2
                            .is_some_and(|d| definitions[d].kind == SymbolKind::Function)
                    });
                }
            }
            // Parameters and variables are never members, even where no
            // function definition stands between them and a class body
            // (`static create = (arg) => …`).
            let local = matches!(def.kind, SymbolKind::Parameter | SymbolKind::Variable);
            owners.push(
                owner
                    .filter(|&slot| (class_like(slot) || is_field) && !local)
                    .map(|slot| qualified[slot].clone()),
            );
            // A field assigned in a method (`self.x = 1`) is named after its
            // class (`User.x`), not the method, whose parameters share names.
            let in_callable = innermost
                .and_then(|slot| containers[slot].2)
                .is_some_and(|d| definitions[d].kind.is_callable());
            let qualifier = match owner {
                Some(_) if in_callable && is_field => owner,
                _ => innermost,
            };
            match qualifier {
                // `concat`, not `format!`: ids are made for every
                // definition, and `format!` took about 1% of analysis.
                Some(slot) => [path, "#", &qualified[slot], ".", name].concat(),
                None => [path, "#", name].concat(),
            }
        })
        .collect();
    // Later duplicates get their row (names hold no ':', so a suffixed id
    // never equals another's plain one).
    let mut seen: HashSet<&str> = HashSet::default();
    let duplicates: Vec<usize> = (0..ids.len())
        .filter(|&i| !seen.insert(ids[i].as_str()))
        .collect();
    drop(seen);
    for i in duplicates {
        let row = lines.point_at(definitions[i].name.0).row;
        ids[i] = format!("{}:{row}", ids[i]);
    }
    (ids, owners)
}

/// `text` without any number of `prefix`es at its start: what
/// `trim_start_matches` does, without building a string searcher per call.
fn strip_all<'t>(mut text: &'t str, prefix: &str) -> &'t str {
    while let Some(rest) = text.strip_prefix(prefix) {
        text = rest;
    }
    text
}

/// Strips comment markers and string quotes from documentation text.
fn clean_docstring(raw: &str) -> String {
    let trimmed = raw.trim();
    let inner = ["\"\"\"", "'''", "\"", "'"]
        .iter()
        .find_map(|q| trimmed.strip_prefix(q).and_then(|t| t.strip_suffix(q)))
        .or_else(|| {
            trimmed
                .strip_prefix("/**")
                .and_then(|t| t.strip_suffix("*/"))
        })
        .or_else(|| {
            trimmed
                .strip_prefix("/*")
                .and_then(|t| t.strip_suffix("*/"))
        });
    // One pass over the lines: comment markers off (for line comments),
    // then each line's own `*` and surrounding space.
    let mut text = String::with_capacity(trimmed.len());
    for (i, line) in inner.unwrap_or(trimmed).lines().enumerate() {
        let line = match inner {
            Some(_) => line,
            None => {
                let line = strip_all(line.trim_start(), "///");
                strip_all(strip_all(line, "//!"), "//").trim_start_matches('#')
            }
        };
        if i > 0 {
            text.push('\n');
        }
        text.push_str(
            strip_all(line.trim(), "* ")
                .trim_start_matches('*')
                .trim_end(),
        );
    }
    match text.trim() {
        clean if clean.len() == text.len() => text,
        clean => clean.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defs(graph: &ScopeGraph) -> Vec<(String, &'static str, String)> {
        graph
            .definitions()
            .map(|d| {
                (
                    d.name.to_string(),
                    d.symbol_kind.as_str(),
                    d.symbol_id.clone(),
                )
            })
            .collect()
    }

    #[test]
    fn javascript_functions_classes_and_parameters() {
        let src = "export function outer(a) {\n  const b = a;\n  return b;\n}\nclass User { save(x) { return x } }\n";
        let g = build("m.js", Language::JavaScript, src).unwrap();
        let d = defs(&g);
        assert!(
            d.contains(&("outer".into(), "function", "m.js#outer".into())),
            "{d:?}"
        );
        assert!(
            d.contains(&("a".into(), "parameter", "m.js#outer.a".into())),
            "{d:?}"
        );
        assert!(
            d.contains(&("save".into(), "method", "m.js#User.save".into())),
            "{d:?}"
        );
        let outer = g.definitions().find(|d| d.name == "outer").unwrap();
        assert!(outer.is_exported);
    }

    #[test]
    fn references_resolve_to_the_nearest_earlier_binding() {
        let src = "let x = 1;\nfunction f(x) { return x; }\nx;\n";
        let g = build("a.js", Language::JavaScript, src).unwrap();
        let target = |row: u32| {
            let r = g
                .references()
                .find(|r| r.name == "x" && r.range.start.row == row)
                .unwrap();
            let e = g
                .edges
                .iter()
                .find(|e| e.kind == EdgeKind::RefToDef && e.source_id == r.id)
                .unwrap();
            g.nodes[e.target_id as usize].clone()
        };
        match (target(1), target(2)) {
            (Node::Definition(inner), Node::Definition(outer)) => {
                assert_eq!(inner.symbol_kind, SymbolKind::Parameter);
                assert_eq!(outer.symbol_kind, SymbolKind::Variable);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn duplicate_names_get_row_suffix() {
        let src = "def f():\n    pass\n\ndef f():\n    pass\n";
        let g = build("a.py", Language::Python, src).unwrap();
        let ids: Vec<_> = g.definitions().map(|d| d.symbol_id.clone()).collect();
        assert_eq!(ids, ["a.py#f", "a.py#f:3"]);
    }

    #[test]
    fn utf16_columns() {
        let src = "const é = '😀'; const z = 1;";
        let g = build("a.js", Language::JavaScript, src).unwrap();
        let z = g.definitions().find(|d| d.name == "z").unwrap();
        assert_eq!(z.range.start.column, 22);
    }

    #[test]
    fn syntax_errors_still_yield_definitions() {
        let src = "function ok() {}\nfunction broken( {\n";
        let g = build("a.js", Language::JavaScript, src).unwrap();
        assert!(g.definitions().any(|d| d.name == "ok"));
    }

    #[test]
    fn docstrings_are_cleaned() {
        assert_eq!(
            clean_docstring("\"\"\" Saves.\n  More. \"\"\""),
            "Saves.\nMore."
        );
        assert_eq!(clean_docstring("/**\n * Adds.\n */"), "Adds.");
        assert_eq!(clean_docstring("/// One\n/// Two"), "One\nTwo");
    }
}
