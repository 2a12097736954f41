//! Per-file scope graphs: scopes, definitions, references, imports, and the
//! edges between them.
//!
//! A [`ScopeGraph`] is built from one parse of one file ([`build`]) and is
//! part of the file's stored index. Node ids are unique within the file.
//!
//! ```
//! use skein_core::lang::Language;
//! use skein_core::scope_graph::{self, Node};
//! let graph = scope_graph::build("a.js", Language::JavaScript, "function f(x) { return x }").unwrap();
//! let names: Vec<&str> = graph.definitions().map(|d| d.name.as_str()).collect();
//! assert_eq!(names, ["f", "x"]);
//! ```

mod build;
mod nesting;

pub use build::{build, build_from_tree, parse};

use crate::lang::Language;
use crate::position::Range;
use serde::{Deserialize, Serialize};

/// What a definition defines; spelled as in the JS API.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[allow(missing_docs)]
pub enum SymbolKind {
    Function,
    Method,
    Class,
    Interface,
    Struct,
    Enum,
    Trait,
    Type,
    Variable,
    Constant,
    Parameter,
    Property,
    Field,
    Module,
    Constructor,
}

impl SymbolKind {
    /// Every kind, in declaration order.
    pub const ALL: [SymbolKind; 15] = [
        SymbolKind::Function,
        SymbolKind::Method,
        SymbolKind::Class,
        SymbolKind::Interface,
        SymbolKind::Struct,
        SymbolKind::Enum,
        SymbolKind::Trait,
        SymbolKind::Type,
        SymbolKind::Variable,
        SymbolKind::Constant,
        SymbolKind::Parameter,
        SymbolKind::Property,
        SymbolKind::Field,
        SymbolKind::Module,
        SymbolKind::Constructor,
    ];

    /// The API spelling (`function`, `method`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            SymbolKind::Function => "function",
            SymbolKind::Method => "method",
            SymbolKind::Class => "class",
            SymbolKind::Interface => "interface",
            SymbolKind::Struct => "struct",
            SymbolKind::Enum => "enum",
            SymbolKind::Trait => "trait",
            SymbolKind::Type => "type",
            SymbolKind::Variable => "variable",
            SymbolKind::Constant => "constant",
            SymbolKind::Parameter => "parameter",
            SymbolKind::Property => "property",
            SymbolKind::Field => "field",
            SymbolKind::Module => "module",
            SymbolKind::Constructor => "constructor",
        }
    }

    /// Parses the API spelling.
    pub fn parse(name: &str) -> Option<SymbolKind> {
        SymbolKind::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// Whether definitions of this kind name a container whose members are
    /// qualified by it in symbol ids (`User.save`).
    pub fn is_container(self) -> bool {
        matches!(
            self,
            SymbolKind::Function
                | SymbolKind::Method
                | SymbolKind::Class
                | SymbolKind::Interface
                | SymbolKind::Struct
                | SymbolKind::Enum
                | SymbolKind::Trait
                | SymbolKind::Module
                | SymbolKind::Constructor
        )
    }

    /// Whether `get_functions_in_file` lists it.
    pub fn is_callable(self) -> bool {
        matches!(
            self,
            SymbolKind::Function | SymbolKind::Method | SymbolKind::Constructor
        )
    }
}

/// A definition: a name bound in a scope.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Definition {
    /// Node id, unique in the file.
    pub id: u32,
    /// The bound name.
    pub name: String,
    /// What it defines.
    pub symbol_kind: SymbolKind,
    /// The span of the name.
    pub range: Range,
    /// The span of the whole declaration, when there is one.
    pub enclosing_range: Option<Range>,
    /// `<file path>#<qualified name>`, unique in the project.
    pub symbol_id: String,
    /// Whether the file exports it.
    pub is_exported: bool,
    /// The documentation attached to it.
    pub docstring: Option<String>,
}

/// A use of a name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Reference {
    /// Node id, unique in the file.
    pub id: u32,
    /// The name used.
    pub name: String,
    /// The span of the name.
    pub range: Range,
    /// The kind of the definition it resolves to within the file, if any.
    pub symbol_kind: Option<SymbolKind>,
}

/// A name brought in from another module.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Import {
    /// Node id, unique in the file.
    pub id: u32,
    /// The local name.
    pub name: String,
    /// The span of the local name.
    pub range: Range,
    /// The name in the source module (differs from `name` when aliased).
    pub source_name: Option<String>,
    /// The module as written (`./util`, `os.path`, `crate::a`).
    pub source_module: Option<String>,
}

/// A lexical scope.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scope {
    /// Node id, unique in the file.
    pub id: u32,
    /// The span of the scope.
    pub range: Range,
}

/// A node of a scope graph.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub enum Node {
    Definition(Definition),
    Reference(Reference),
    Import(Import),
    Scope(Scope),
}

impl Node {
    /// The node id.
    pub fn id(&self) -> u32 {
        match self {
            Node::Definition(d) => d.id,
            Node::Reference(r) => r.id,
            Node::Import(i) => i.id,
            Node::Scope(s) => s.id,
        }
    }
}

/// The kind of an edge; spelled as in the JS API.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EdgeKind {
    /// A definition belongs to a scope.
    DefToScope,
    /// A scope is nested in a scope (child → parent).
    ScopeToScope,
    /// An import belongs to a scope.
    ImportToScope,
    /// A reference occurs in a scope.
    RefToScope,
    /// A reference resolves to a definition in the same file.
    RefToDef,
    /// A reference resolves to an import in the same file.
    RefToImport,
}

impl EdgeKind {
    /// The API spelling (`def_to_scope`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            EdgeKind::DefToScope => "def_to_scope",
            EdgeKind::ScopeToScope => "scope_to_scope",
            EdgeKind::ImportToScope => "import_to_scope",
            EdgeKind::RefToScope => "ref_to_scope",
            EdgeKind::RefToDef => "ref_to_def",
            EdgeKind::RefToImport => "ref_to_import",
        }
    }
}

/// A directed edge between two nodes of one graph.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edge {
    /// What the edge means.
    pub kind: EdgeKind,
    /// The node it leaves.
    pub source_id: u32,
    /// The node it reaches.
    pub target_id: u32,
}

/// The scope graph of one file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScopeGraph {
    /// The file's language.
    pub language: Language,
    /// Scopes first (the root scope is node 0), then definitions, imports, references.
    pub nodes: Vec<Node>,
    /// Edges, grouped by kind.
    pub edges: Vec<Edge>,
}

impl ScopeGraph {
    /// The definitions, in source order.
    pub fn definitions(&self) -> impl Iterator<Item = &Definition> {
        self.nodes.iter().filter_map(|n| match n {
            Node::Definition(d) => Some(d),
            _ => None,
        })
    }

    /// The references, in source order.
    pub fn references(&self) -> impl Iterator<Item = &Reference> {
        self.nodes.iter().filter_map(|n| match n {
            Node::Reference(r) => Some(r),
            _ => None,
        })
    }

    /// The imports, in source order.
    pub fn imports(&self) -> impl Iterator<Item = &Import> {
        self.nodes.iter().filter_map(|n| match n {
            Node::Import(i) => Some(i),
            _ => None,
        })
    }

    /// The scopes, root first.
    pub fn scopes(&self) -> impl Iterator<Item = &Scope> {
        self.nodes.iter().filter_map(|n| match n {
            Node::Scope(s) => Some(s),
            _ => None,
        })
    }
}
