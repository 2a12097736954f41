//! Builds a [`ScopeGraph`] from one parse: run the language's query, sort the
//! captures into scopes, bindings and uses, then resolve uses within the file.

use super::nesting::Nesting;
use super::{Definition, Edge, EdgeKind, Import, Node, Reference, Scope, ScopeGraph, SymbolKind};
use crate::error::{Error, ErrorKind, Result};
use crate::lang::{CaptureRole, Language};
use crate::position::LineIndex;
use std::collections::{HashMap, HashSet};
use streaming_iterator::StreamingIterator;
use tree_sitter::{Parser, QueryCursor, Tree};

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

struct RawDefinition {
    name: (usize, usize),
    kind: SymbolKind,
    hoist: bool,
    exported: bool,
    enclosing: Option<(usize, usize)>,
    docstring: Option<String>,
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
    exported: bool,
    enclosing: Option<(usize, usize)>,
    docstring: Option<String>,
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

/// Builds the scope graph of an already parsed file.
pub fn build_from_tree(path: &str, language: Language, source: &str, tree: &Tree) -> ScopeGraph {
    let analysis = language.analysis();
    let text = |(s, e): (usize, usize)| &source[s..e];

    let mut scopes: HashMap<(usize, usize), bool> = HashMap::new();
    let mut offers: Vec<Offer> = Vec::new();
    let mut references: Vec<(usize, usize)> = Vec::new();
    let mut not_references: HashSet<(usize, usize)> = HashSet::new();
    let mut not_definitions: HashSet<(usize, usize)> = HashSet::new();
    let mut exports: HashSet<(usize, usize)> = HashSet::new();
    let mut qualifiers: Vec<(Span, Span)> = Vec::new();

    let mut cursor = QueryCursor::new();
    let mut matches = cursor.matches(&analysis.query, tree.root_node(), source.as_bytes());
    let mut module_parts: Vec<(usize, &str)> = Vec::new();
    let mut doc_parts: Vec<(usize, &str)> = Vec::new();
    while let Some(m) = matches.next() {
        let mut enclosing = None;
        let mut import_name = None;
        module_parts.clear();
        doc_parts.clear();
        for capture in m.captures {
            let span = (capture.node.start_byte(), capture.node.end_byte());
            match analysis.roles[capture.index as usize] {
                CaptureRole::Enclosing => enclosing = Some(span),
                CaptureRole::ImportModule => module_parts.push((span.0, text(span))),
                CaptureRole::ImportName => import_name = Some(text(span).to_string()),
                CaptureRole::Docstring => doc_parts.push((span.0, text(span))),
                _ => {}
            }
        }
        // Parts come in source order: `a` then `b` for `use a::{b::C}`.
        module_parts.sort_unstable();
        doc_parts.sort_unstable();
        let module = (!module_parts.is_empty())
            .then(|| language.module_path(module_parts.iter().map(|&(_, t)| t)));
        let docstring = (!doc_parts.is_empty()).then(|| {
            let joined: Vec<&str> = doc_parts.iter().map(|&(_, t)| t.trim_end()).collect();
            clean_docstring(&joined.join("\n"))
        });
        for capture in m.captures {
            let span = (capture.node.start_byte(), capture.node.end_byte());
            let binding = match analysis.roles[capture.index as usize] {
                CaptureRole::Scope { function } => {
                    *scopes.entry(span).or_default() |= function;
                    continue;
                }
                CaptureRole::Definition {
                    kind,
                    hoist,
                    exported,
                } => {
                    offers.push(Offer {
                        span,
                        pattern: m.pattern_index,
                        binding: OfferKind::Definition { kind, hoist },
                        exported,
                        enclosing,
                        docstring: docstring.clone(),
                    });
                    continue;
                }
                CaptureRole::Import => OfferKind::Import {
                    module: module.clone(),
                    source_name: import_name.clone(),
                },
                CaptureRole::Reference => {
                    references.push(span);
                    continue;
                }
                CaptureRole::Export => {
                    references.push(span);
                    exports.insert(span);
                    continue;
                }
                CaptureRole::NotReference => {
                    not_references.insert(span);
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
                exported: false,
                enclosing: None,
                docstring: None,
            });
        }
    }

    // One binding per name: the earliest pattern's, completed by the others.
    offers.sort_by_key(|o| (o.span, o.pattern));
    let mut definitions: Vec<RawDefinition> = Vec::new();
    let mut imports: Vec<RawImport> = Vec::new();
    let mut bound_names: HashSet<(usize, usize)> = HashSet::new();
    for group in offers.chunk_by_mut(|a, b| a.span == b.span) {
        let span = group[0].span;
        if not_definitions.contains(&span) {
            continue;
        }
        bound_names.insert(span);
        let exported = group.iter().any(|o| o.exported);
        let docstring = group
            .iter_mut()
            .filter_map(|o| o.docstring.take())
            .max_by_key(|d| d.len());
        let enclosing = group.iter().find_map(|o| o.enclosing);
        match std::mem::replace(
            &mut group[0].binding,
            OfferKind::Import {
                module: None,
                source_name: None,
            },
        ) {
            OfferKind::Definition { kind, hoist } => definitions.push(RawDefinition {
                name: span,
                kind,
                hoist,
                exported,
                enclosing: group[0].enclosing.or(enclosing),
                docstring,
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

    // Scopes in pre-order; the whole file is always the root.
    scopes.insert((0, source.len()), true);
    let mut scope_list: Vec<((usize, usize), bool)> = scopes.into_iter().collect();
    // Pre-order; nothing starts before 0 or is longer, so the root comes first.
    scope_list.sort_by_key(|&((s, e), _)| (s, std::cmp::Reverse(e)));
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
    references.retain(|span| !bound_names.contains(span) && !not_references.contains(span));

    let lines = LineIndex::new(source);
    let mut nodes =
        Vec::with_capacity(scope_list.len() + definitions.len() + imports.len() + references.len());
    let mut edges = Vec::new();
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
    let mut bindings: HashMap<(usize, &str), Vec<Binding>> = HashMap::new();
    let symbol_ids = symbol_ids(path, source, &definitions, &qualifiers, &lines);

    let def_base = nodes.len();
    for (i, def) in definitions.iter().enumerate() {
        let mut scope = scope_of(def.name, def.enclosing);
        if def.hoist {
            while !is_function[scope] {
                scope = nesting.parent(scope).unwrap_or(0);
            }
        }
        let id = def_base + i;
        let name = text(def.name);
        let exported = def.exported
            || (scope == 0
                && language.exports_public_module_names()
                && !name.starts_with('_')
                && !matches!(def.kind, SymbolKind::Parameter));
        let docstring = def.docstring.clone().or_else(|| {
            def.enclosing
                .and_then(|enclosing| language.leading_doc(tree.root_node(), enclosing, source))
                .map(|raw| clean_docstring(&raw))
        });
        nodes.push(Node::Definition(Definition {
            id: id as u32,
            name: text(def.name).to_string(),
            symbol_kind: def.kind,
            range: lines.range(def.name.0, def.name.1),
            enclosing_range: def.enclosing.map(|(s, e)| lines.range(s, e)),
            symbol_id: symbol_ids[i].clone(),
            is_exported: exported,
            docstring,
        }));
        edges.push(edge(EdgeKind::DefToScope, id, scope));
        if is_member(def.kind) {
            // Reached through an object (`this.save`, `self.x`), never by a bare name.
            continue;
        }
        bindings
            .entry((scope, text(def.name)))
            .or_default()
            .push(Binding {
                node: id,
                at: def.name.0,
                visible_from: def.enclosing.map_or(def.name.1, |(_, e)| e),
                anywhere: def.hoist,
                is_import: false,
            });
    }
    let import_base = nodes.len();
    for (i, import) in imports.iter().enumerate() {
        let scope = scope_of(import.name, None);
        let id = import_base + i;
        let name = text(import.name).to_string();
        nodes.push(Node::Import(Import {
            id: id as u32,
            source_name: Some(import.source_name.clone().unwrap_or_else(|| name.clone())),
            name,
            range: lines.range(import.name.0, import.name.1),
            source_module: import.module.clone(),
        }));
        edges.push(edge(EdgeKind::ImportToScope, id, scope));
        bindings
            .entry((scope, text(import.name)))
            .or_default()
            .push(Binding {
                node: id,
                at: import.name.0,
                visible_from: 0,
                anywhere: true,
                is_import: true,
            });
    }

    for candidates in bindings.values_mut() {
        candidates.sort_by_key(|b| b.at);
    }

    let ref_base = nodes.len();
    for (i, &span) in references.iter().enumerate() {
        let id = ref_base + i;
        let name = text(span);
        let mut scope = scope_of(span, None);
        let mut crossed_function = false;
        let mut resolved = None;
        loop {
            if let Some(candidates) = bindings.get(&(scope, name)) {
                let before = candidates
                    .iter()
                    .rev()
                    .find(|b| b.anywhere || b.visible_from <= span.0);
                resolved = before
                    .copied()
                    .or_else(|| crossed_function.then(|| candidates[0]));
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
        let symbol_kind = resolved.and_then(|b| match &nodes[b.node] {
            Node::Definition(d) => Some(d.symbol_kind),
            _ => None,
        });
        nodes.push(Node::Reference(Reference {
            id: id as u32,
            name: name.to_string(),
            range: lines.range(span.0, span.1),
            symbol_kind,
        }));
        edges.push(edge(EdgeKind::RefToScope, id, scope_of(span, None)));
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

    ScopeGraph {
        language,
        nodes,
        edges,
    }
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
fn symbol_ids(
    path: &str,
    source: &str,
    definitions: &[RawDefinition],
    qualifiers: &[(Span, Span)],
    lines: &LineIndex,
) -> Vec<String> {
    // Containers (name, span, definition index) in pre-order, to qualify names.
    let mut containers: Vec<(Span, Span, Option<usize>)> = definitions
        .iter()
        .enumerate()
        // Type aliases also qualify their type parameters (`Pair.A`).
        .filter(|(_, d)| d.kind.is_container() || d.kind == SymbolKind::Type)
        .filter_map(|(i, d)| d.enclosing.map(|e| (d.name, e, Some(i))))
        .chain(qualifiers.iter().map(|&(name, span)| (name, span, None)))
        .collect();
    containers.sort_by_key(|&(_, (s, e), _)| (s, std::cmp::Reverse(e)));
    let nesting = Nesting::new(containers.iter().map(|&(_, r, _)| r).collect());
    let container_slot: HashMap<usize, usize> = containers
        .iter()
        .enumerate()
        .filter_map(|(slot, &(_, _, def))| def.map(|def| (def, slot)))
        .collect();

    let mut seen = HashSet::new();
    definitions
        .iter()
        .enumerate()
        .map(|(i, def)| {
            let own = def.enclosing.unwrap_or(def.name);
            let exclude = container_slot.get(&i).copied();
            let mut chain = vec![&source[def.name.0..def.name.1]];
            let mut at = nesting.innermost(own.0, own.1, exclude);
            while let Some(slot) = at {
                let (name, _, _) = containers[slot];
                chain.push(&source[name.0..name.1]);
                at = nesting.parent(slot);
            }
            chain.reverse();
            let mut id = format!("{path}#{}", chain.join("."));
            if !seen.insert(id.clone()) {
                id = format!("{id}:{}", lines.point_at(def.name.0).row);
                seen.insert(id.clone());
            }
            id
        })
        .collect()
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
    let text = match inner {
        Some(inner) => inner.to_string(),
        None => trimmed
            .lines()
            .map(|l| {
                l.trim_start()
                    .trim_start_matches("///")
                    .trim_start_matches("//!")
                    .trim_start_matches("//")
                    .trim_start_matches('#')
            })
            .collect::<Vec<_>>()
            .join("\n"),
    };
    text.lines()
        .map(|l| {
            l.trim()
                .trim_start_matches("* ")
                .trim_start_matches('*')
                .trim_end()
        })
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defs(graph: &ScopeGraph) -> Vec<(String, &'static str, String)> {
        graph
            .definitions()
            .map(|d| (d.name.clone(), d.symbol_kind.as_str(), d.symbol_id.clone()))
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
