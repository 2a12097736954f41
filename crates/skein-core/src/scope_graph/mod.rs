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
pub use compact_str::CompactString;
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
    /// The bound name (inline up to 24 bytes, as a reference's).
    pub name: CompactString,
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
    /// The reference naming its type, when the code makes it evident
    /// (`x: Foo`, `new Foo()`, `Foo { .. }`): member accesses on it look there.
    pub type_ref: Option<u32>,
    /// Whether it holds `this` (`var self = this`): member accesses on it
    /// are made on the enclosing class.
    pub self_alias: bool,
    /// References naming the classes or interfaces it extends, in order.
    pub bases: Vec<u32>,
    /// The qualified name of the class-like definition (or Rust `impl`) it
    /// is a member of (`User`, `Outer.Inner`), reached as `this.x`/`self.x`.
    pub owner: Option<CompactString>,
}

/// A use of a name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Reference {
    /// Node id, unique in the file.
    pub id: u32,
    /// The name used. Most names fit inline (up to 24 bytes), so the many
    /// references of a file cost no allocation each; stored as a string.
    pub name: CompactString,
    /// The span of the name.
    pub range: Range,
    /// The kind of the definition it resolves to within the file, if any.
    pub symbol_kind: Option<SymbolKind>,
    /// For a member access (`obj.name`, `Type::name`), what it is accessed on.
    /// Member references are never resolved by their bare name.
    pub receiver: Option<Receiver>,
    /// When the name is what a call calls (`f` in `f()`, `save` in
    /// `u.save()`, `C` in `new C()`), how it is called.
    pub call: Option<CallKind>,
}

/// How a call site calls; spelled as in the JS API's `call_type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CallKind {
    /// A plain name: `f()`, `C()` (a constructor call when `C` is a class).
    Direct,
    /// A member: `u.save()`, `Type::new()`, `self.run()`.
    Method,
    /// `new C()`.
    Constructor,
}

impl CallKind {
    /// The API spelling (`direct`, `method`, `constructor`).
    pub fn as_str(self) -> &'static str {
        match self {
            CallKind::Direct => "direct",
            CallKind::Method => "method",
            CallKind::Constructor => "constructor",
        }
    }
}

/// What a member access is made on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Receiver {
    /// `this`, `self`, `Self`: the enclosing class (or `impl`).
    SelfType,
    /// `super`, `super()`: the bases of the enclosing class.
    SuperType,
    /// An instance built in place, `new C()` or Python's `C()`: the node
    /// id of the reference naming the class (a function's result is not
    /// looked into).
    Instance(u32),
    /// An expression that is itself a reference of this graph (`u` in
    /// `u.save()`, `a.b` in `a.b.c`): its node id.
    Reference(u32),
    /// A module written as a path or specifier, not a reference: `crate`
    /// in Rust's `crate::f`, `'./m'` for `a` in `export { a } from './m'`
    /// and in `import { a as b } from './m'`.
    Path(String),
    /// Anything else (`f().x`): not resolvable without types.
    Unknown,
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
    /// The name in the source module (differs from `name` when aliased);
    /// `*` when the whole module is bound (`import * as m`, `require`,
    /// Python `import m`), `default` for a default import.
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
///
/// Definitions and imports are boxed: a node is as large as its largest
/// variant, and references, by far the most nodes, need 72 bytes where a
/// definition needs 176. Boxing is invisible to the stored encoding.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub enum Node {
    Definition(Box<Definition>),
    Reference(Reference),
    Import(Box<Import>),
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
    /// Exports under a name other than a definition's own (`export { a as
    /// b }`, `export default x`, `module.exports = { a }`, re-exports from
    /// other modules). Definitions marked `is_exported` export themselves.
    pub exports: Vec<Export>,
    /// Modules whose exports this file re-exports or imports whole
    /// (`export * from 'm'`, `from m import *`, `use m::*`).
    pub star_modules: Vec<StarModule>,
    /// Rust's `impl Trait for Type`: a type implementing a trait, away from
    /// both definitions.
    pub implementations: Vec<Implementation>,
    /// Names a definition's value evidently holds: a dict, object, list or
    /// array literal's entries, what a function returns, what a variable is
    /// set to (`HANDLERS = {"a": a}`, `return helper`, `f = a`).
    pub values: Vec<ValueSlot>,
    /// Calls of a slot of what a name denotes rather than of the name
    /// itself: `HANDLERS["a"]()`, `FUNCS[1]()`, `make()()`.
    pub slot_calls: Vec<SlotCall>,
}

/// Where in a definition's value a name is held.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SlotKey {
    /// A dict or object entry (`{"a": a}`, `{ a }`, `{ run: b }`).
    Key(String),
    /// A list or array element.
    Index(u32),
    /// What a function returns.
    Return,
    /// What a variable is set to.
    Value,
}

/// A name held in a slot of a definition's value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValueSlot {
    /// The definition whose value it is.
    pub holder: u32,
    /// Which slot.
    pub key: SlotKey,
    /// The reference naming what the slot holds.
    pub value: u32,
}

/// A call of a slot of what a reference denotes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotCall {
    /// The reference (`HANDLERS`, `make`).
    pub reference: u32,
    /// The slot called: `Key("a")`, `Index(1)`, `Return` for `make()()`.
    pub key: SlotKey,
}

/// `impl Trait for Type`, as the references naming the two.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Implementation {
    /// The reference naming the trait.
    pub trait_ref: u32,
    /// The reference naming the type.
    pub type_ref: u32,
}

/// A name a file exports, and what it stands for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Export {
    /// The exported name (`default` for a default export or `module.exports = x`).
    pub name: String,
    /// What it stands for.
    pub target: ExportTarget,
}

/// What an exported name stands for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ExportTarget {
    /// A definition of this file (node id).
    Definition(u32),
    /// What a reference of this file resolves to (node id): `export { a }`.
    Reference(u32),
    /// A name of another module: `export { a as b } from './m'`; `*` for
    /// the whole module (`export * as ns from './m'`).
    Module {
        /// The module as written.
        module: String,
        /// The name in that module.
        name: String,
    },
}

/// A module whose names a file takes over wholesale.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StarModule {
    /// The module as written.
    pub module: String,
    /// Whether its names are also visible in this file (`from m import *`,
    /// `use m::*`), not only re-exported (`export * from`).
    pub binds_locally: bool,
}

impl ScopeGraph {
    /// The definitions, in source order.
    pub fn definitions(&self) -> impl Iterator<Item = &Definition> {
        self.nodes.iter().filter_map(|n| match n {
            Node::Definition(d) => Some(&**d),
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
            Node::Import(i) => Some(&**i),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_node_is_as_small_as_a_reference() {
        // Every node of every decoded file is this size; a field added to
        // a reference or scope, or a definition unboxed, shows here.
        assert_eq!(
            std::mem::size_of::<Node>(),
            std::mem::size_of::<Reference>()
        );
        assert_eq!(std::mem::size_of::<Reference>(), 72);
    }
}
