//! Languages: which file is which, and each language's tree-sitter queries.
//!
//! Every language goes through the same pipeline (parse, run one query, build
//! a scope graph); what differs lives here, one module per language, each with
//! its query file. Captures the pipeline understands:
//!
//! | capture | meaning |
//! |---|---|
//! | `@local.scope` | the node opens a block scope |
//! | `@local.scope.function` | the node opens a function-level scope (hoisting target; lookups from inside see later bindings outside) |
//! | `@local.definition.<kind>` | the node is the name of a definition of `<kind>` (api.md's `symbol_kind`), visible after its declaration (after the end of `@enclosing` when given, so `x = f(x)` reads the earlier `x`) |
//! | `@hoist.definition.<kind>` | the same, but visible in the whole nearest function-level scope (JS `function`, `var`) |
//! | `….exported` suffix | the definition is exported |
//! | `@binding.condition` / `@binding.scope` | definitions inside the condition belong to the scope, not to the scope around both (`if let Some(x) = a { x } else { … }`: `x` is not bound in the `else`) |
//! | `@local.import` | the node is the local name of an imported binding |
//! | `@local.import.namespace` | the same, binding the whole module (`import * as m`, Python `import m`) |
//! | `@local.import.default` | the same, binding the module's default export (`import x from 'm'`; `require('m')`: what the module assigns to `module.exports`) |
//! | `@local.reference` | the node is a use of a name (uses that are definition or import names are dropped) |
//! | `@reference.export` | the node is a use of a local binding that the file exports (`export { a }`); the binding it resolves to becomes exported |
//! | `@reference.skip` | the node is not a use of a name, whatever other patterns say (property names, the tail of `a::b`) |
//! | `@definition.skip` | the node is assigned, not declared (`[a, b] = [b, a]`): no pattern makes it a definition |
//! | `@reference.call` | the node is the callee name of a call (a method call when it is a member access) |
//! | `@reference.call.constructor` | the node is the class name of a constructor call (`C` in `new C()`) |
//! | `@reference.member` | the node is the name of a member access (`save` in `u.save()`, `new` in `Foo::new`); never resolved as a bare name |
//! | `@receiver` | the object of that member access (`u`); a reference or another member access, else not resolvable |
//! | `@receiver.self` | the object is `this`/`self`/`Self`: the enclosing class or `impl` |
//! | `@receiver.instance` | the object is an instance built in place (`new C()`, Python `C()`): this node names its class |
//! | `@receiver.super` | the object is `super` / `super()`: the bases of the enclosing class |
//! | `@definition.type` | the type of the definition in the same match, when evident (`x: Foo`, `new Foo()`); a reference |
//! | `@definition.self` | the definition in the same match holds `this` (`var self = this`): member accesses on it are on the enclosing class |
//! | `@definition.base` | a class or interface the definition in the same match extends; a reference |
//! | `@export.alias` | the exported name, when it differs from the local one (`b` in `export { a as b }`) |
//! | `@export.default` | the match exports its definition or `@reference.export` as `default` |
//! | `@export.from` | a name re-exported from the match's `@import.module` (`a` in `export { a as b } from 'm'`; `*` for the whole module) |
//! | `@export.star` | the match re-exports every export of `@import.module` (`export * from 'm'`) |
//! | `@import.path` | a dotted module path (`..a.b`): each of its names becomes a reference to that module (`a` to `..a`, `b` to `..a.b`) |
//! | `@import.star` | the match imports (and re-exports) every export of `@import.module` (`from m import *`, `use m::*`) |
//! | `@enclosing` | the whole declaration of the definition in the same match |
//! | `@import.module` | the module of the import in the same match (quotes are stripped; several captures are joined in source order with the language's path separator, as in `use a::{b::C}`) |
//! | `@import.name` | the name in the source module when the import renames it |
//! | `@docstring` | documentation of the definition in the same match (several captures, like consecutive `///` lines, are joined) |
//! | `@impl.trait` / `@impl.type` | the trait and the type of an `impl Trait for Type` (both also references) |
//! | `@qualifier.name` | a name that qualifies the symbol ids of the definitions inside the match's `@enclosing` without being a definition (`impl Foo { fn m }` gives `Foo.m`) |
//!
//! Captures whose name starts with `_` are for predicates only.
//!
//! When several patterns capture the same node as a definition or import,
//! the earliest pattern in the query decides what it is (its kind, or import
//! rather than variable), so specific patterns come before generic ones. The
//! others complete it: the node is exported if any says so, it keeps the
//! longest docstring offered, and takes the first `@enclosing` if its own
//! match has none. Documentation patterns therefore go last.
//!
//! Definitions of the member kinds (`method`, `constructor`, `property`,
//! `field`) belong to their scope but never answer a bare name: members are
//! reached through an object (`this.save()`, `self.x`).
//!
//! ```
//! use skein_core::lang::Language;
//! assert_eq!(Language::from_path("src/App.tsx"), Some(Language::Tsx));
//! assert_eq!(Language::from_path("README.md"), None);
//! ```

mod javascript;
mod python;
mod rust;
mod typescript;

use crate::error::{Error, ErrorKind, Result};
use crate::scope_graph::SymbolKind;
use crate::tree_query::TreeQuery;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;
use tree_sitter::Query;

/// A language Skein analyzes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[allow(missing_docs)]
pub enum Language {
    JavaScript,
    TypeScript,
    Tsx,
    Python,
    Rust,
}

/// Extensions Skein analyzes, as listed in errors.
pub const SUPPORTED_EXTENSIONS: &[&str] = &[
    ".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx", ".py", ".rs",
];

impl Language {
    /// Every language.
    pub const ALL: [Language; 5] = [
        Language::JavaScript,
        Language::TypeScript,
        Language::Tsx,
        Language::Python,
        Language::Rust,
    ];

    /// The language of a path, by its extension.
    pub fn from_path(path: &str) -> Option<Language> {
        let file_name = path.rsplit(['/', '\\']).next().unwrap_or(path);
        let (_, ext) = file_name.rsplit_once('.')?;
        Some(match ext {
            "js" | "mjs" | "cjs" | "jsx" => Language::JavaScript,
            "ts" | "mts" | "cts" => Language::TypeScript,
            "tsx" => Language::Tsx,
            "py" => Language::Python,
            "rs" => Language::Rust,
            _ => return None,
        })
    }

    /// Like [`from_path`](Self::from_path), with the error the API promises.
    pub fn for_path(path: &str) -> Result<Language> {
        Language::from_path(path).ok_or_else(|| {
            Error::new(
                ErrorKind::UnsupportedLanguage,
                format!(
                    "unsupported file extension; supported: {}",
                    SUPPORTED_EXTENSIONS.join(" ")
                ),
            )
            .with_path(path)
        })
    }

    /// Whether a file in this language can import from one in `other`:
    /// JavaScript, TypeScript and TSX import from each other; Python and
    /// Rust only from themselves.
    ///
    /// ```
    /// use skein_core::lang::Language;
    /// assert!(Language::JavaScript.shares_modules_with(Language::Tsx));
    /// assert!(!Language::Python.shares_modules_with(Language::Rust));
    /// ```
    pub fn shares_modules_with(self, other: Language) -> bool {
        self.module_family() == other.module_family()
    }

    fn module_family(self) -> u8 {
        match self {
            Language::JavaScript | Language::TypeScript | Language::Tsx => 0,
            Language::Python => 1,
            Language::Rust => 2,
        }
    }

    /// The lowercase name (`javascript`, `typescript`, `tsx`, `python`, `rust`).
    pub fn name(self) -> &'static str {
        match self {
            Language::JavaScript => "javascript",
            Language::TypeScript => "typescript",
            Language::Tsx => "tsx",
            Language::Python => "python",
            Language::Rust => "rust",
        }
    }

    /// The tree-sitter grammar.
    pub fn grammar(self) -> tree_sitter::Language {
        match self {
            Language::JavaScript => tree_sitter_javascript::LANGUAGE.into(),
            Language::TypeScript => tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
            Language::Tsx => tree_sitter_typescript::LANGUAGE_TSX.into(),
            Language::Python => tree_sitter_python::LANGUAGE.into(),
            Language::Rust => tree_sitter_rust::LANGUAGE.into(),
        }
    }

    fn query_source(self) -> String {
        match self {
            Language::JavaScript => javascript::query(),
            Language::TypeScript => typescript::query(false),
            Language::Tsx => typescript::query(true),
            Language::Python => python::query(),
            Language::Rust => rust::query(),
        }
    }

    /// The analysis query compiled by tree-sitter, built once per process.
    /// Analysis itself runs the same query as a [`TreeQuery`]; this one is
    /// for benchmarks and tests that compare the two.
    pub fn query(self) -> &'static Query {
        static CELLS: [OnceLock<Query>; 5] = [const { OnceLock::new() }; 5];
        CELLS[self.index()].get_or_init(|| {
            Query::new(&self.grammar(), &self.query_source())
                .unwrap_or_else(|err| panic!("{} query does not compile: {err}", self.name()))
        })
    }

    /// The analysis query as analysis runs it, built once per process.
    pub fn tree_query(self) -> &'static TreeQuery {
        &self.analysis().query
    }

    fn index(self) -> usize {
        Language::ALL.iter().position(|&l| l == self).unwrap_or(0)
    }

    /// The compiled query and its capture roles, built once per process.
    pub(crate) fn analysis(self) -> &'static Analysis {
        static CELLS: [OnceLock<Analysis>; 5] = [const { OnceLock::new() }; 5];
        CELLS[self.index()].get_or_init(|| {
            let source = self.query_source();
            // The queries ship inside the crate and are compiled in tests for
            // every language, so a failure here is a build defect.
            let query = TreeQuery::new(&self.grammar(), &source)
                .unwrap_or_else(|err| panic!("{} query: {err}", self.name()));
            let roles = query
                .capture_names()
                .iter()
                .map(|name| CaptureRole::parse(name))
                .collect();
            Analysis { query, roles }
        })
    }

    /// Whether every module-level name not starting with `_` is exported
    /// (Python's convention: anything `from m import x` can reach). Checked
    /// in the builder: a query pattern rooted at the module would be matched
    /// against every top-level statement, at a cost that grows with the file.
    pub(crate) fn exports_public_module_names(self) -> bool {
        matches!(self, Language::Python)
    }

    /// Documentation written in comments just before declarations (Rust
    /// `///`, `/** */`), by the start byte of the declaration, or `None`
    /// for languages whose queries find their documentation. Found by one
    /// walk over item lists: the equivalent query pattern (a repeated
    /// comment run) is quadratic in the length of the run.
    pub(crate) fn leading_docs(
        self,
        root: tree_sitter::Node,
        source: &str,
    ) -> Option<std::collections::HashMap<usize, String>> {
        match self {
            Language::Rust => Some(rust::leading_docs(root, source)),
            _ => None,
        }
    }

    /// A member access made on something that is not a reference but reads
    /// as a module path (`crate::util` in `crate::util::f()`): that path.
    pub(crate) fn module_path_receiver(self, receiver: &str) -> Option<String> {
        let is_path = |text: &str| {
            text.split("::").all(|segment| {
                !segment.is_empty() && segment.chars().all(|c| c.is_alphanumeric() || c == '_')
            })
        };
        (self == Language::Rust && is_path(receiver)).then(|| receiver.to_string())
    }

    /// Strips the quotes of a module specifier as written in source.
    pub(crate) fn module_text(self, raw: &str) -> String {
        raw.trim_matches(|c| c == '"' || c == '\'' || c == '`')
            .to_string()
    }

    /// The module named by one or more `@import.module` parts, in source order.
    pub(crate) fn module_path<'a>(self, parts: impl Iterator<Item = &'a str>) -> String {
        let separator = match self {
            Language::Rust => "::",
            Language::Python => ".",
            Language::JavaScript | Language::TypeScript | Language::Tsx => "/",
        };
        parts
            .map(|part| self.module_text(part))
            .collect::<Vec<_>>()
            .join(separator)
    }
}

/// A compiled query with the meaning of each capture index.
pub(crate) struct Analysis {
    pub query: TreeQuery,
    pub roles: Vec<CaptureRole>,
}

/// What a capture means to the scope-graph builder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CaptureRole {
    Scope {
        function: bool,
    },
    BindingCondition,
    BindingScope,
    Definition {
        kind: SymbolKind,
        hoist: bool,
        exported: bool,
    },
    Import {
        /// `*` (whole module) or `default`; `None` for a named import.
        source: Option<&'static str>,
    },
    Reference,
    Member,
    Receiver,
    ReceiverSelf,
    ReceiverSuper,
    ReceiverInstance,
    TypeName,
    SelfAlias,
    Base,
    Export,
    ExportAlias,
    ExportDefault,
    ExportFrom,
    ExportStar,
    ImportStar,
    ImportPath,
    NotReference,
    NotDefinition,
    Qualifier,
    ImplTrait,
    ImplType,
    /// The name of a definition whose value has slots.
    ValueHolder,
    /// A slot's key (a string's content, or an integer).
    ValueKey,
    /// A name in a slot: keyed by the match's `ValueKey`, else by its
    /// place among its siblings (a list or array element).
    ValueEntry,
    /// A name in the slot named after it (`{ a }`).
    ValueEntryNamed,
    /// A name a function returns.
    ValueReturned,
    /// A name a variable is set to.
    ValueAssigned,
    /// A name whose slot (the match's `CallKey`) is called.
    CallSlot,
    CallKey,
    /// A called name whose result is called (`make` in `make()()`).
    CallResult,
    Call {
        constructor: bool,
    },
    Enclosing,
    ImportModule,
    ImportName,
    Docstring,
    Ignored,
}

impl CaptureRole {
    fn parse(name: &str) -> CaptureRole {
        let definition = |rest: &str, hoist: bool| {
            let (kind, exported) = match rest.strip_suffix(".exported") {
                Some(kind) => (kind, true),
                None => (rest, false),
            };
            match SymbolKind::parse(kind) {
                Some(kind) => CaptureRole::Definition {
                    kind,
                    hoist,
                    exported,
                },
                None => panic!("query capture @{name}: unknown symbol kind '{kind}'"),
            }
        };
        match name {
            "local.scope" => CaptureRole::Scope { function: false },
            "local.scope.function" => CaptureRole::Scope { function: true },
            "binding.condition" => CaptureRole::BindingCondition,
            "binding.scope" => CaptureRole::BindingScope,
            "local.import" => CaptureRole::Import { source: None },
            "local.import.namespace" => CaptureRole::Import { source: Some("*") },
            "local.import.default" => CaptureRole::Import {
                source: Some("default"),
            },
            "local.reference" => CaptureRole::Reference,
            "reference.member" => CaptureRole::Member,
            "receiver" => CaptureRole::Receiver,
            "receiver.self" => CaptureRole::ReceiverSelf,
            "receiver.super" => CaptureRole::ReceiverSuper,
            "receiver.instance" => CaptureRole::ReceiverInstance,
            "definition.type" => CaptureRole::TypeName,
            "definition.base" => CaptureRole::Base,
            "definition.self" => CaptureRole::SelfAlias,
            "reference.export" => CaptureRole::Export,
            "export.alias" => CaptureRole::ExportAlias,
            "export.default" => CaptureRole::ExportDefault,
            "export.from" => CaptureRole::ExportFrom,
            "export.star" => CaptureRole::ExportStar,
            "import.star" => CaptureRole::ImportStar,
            "import.path" => CaptureRole::ImportPath,
            "reference.skip" => CaptureRole::NotReference,
            "definition.skip" => CaptureRole::NotDefinition,
            "qualifier.name" => CaptureRole::Qualifier,
            "impl.trait" => CaptureRole::ImplTrait,
            "impl.type" => CaptureRole::ImplType,
            "value.holder" => CaptureRole::ValueHolder,
            "value.key" => CaptureRole::ValueKey,
            "value.entry" => CaptureRole::ValueEntry,
            "value.entry.named" => CaptureRole::ValueEntryNamed,
            "value.returned" => CaptureRole::ValueReturned,
            "value.assigned" => CaptureRole::ValueAssigned,
            "call.slot" => CaptureRole::CallSlot,
            "call.key" => CaptureRole::CallKey,
            "call.result" => CaptureRole::CallResult,
            "reference.call" => CaptureRole::Call { constructor: false },
            "reference.call.constructor" => CaptureRole::Call { constructor: true },
            "enclosing" => CaptureRole::Enclosing,
            "import.module" => CaptureRole::ImportModule,
            "import.name" => CaptureRole::ImportName,
            "docstring" => CaptureRole::Docstring,
            _ if name.starts_with('_') => CaptureRole::Ignored,
            _ => {
                if let Some(rest) = name.strip_prefix("local.definition.") {
                    definition(rest, false)
                } else if let Some(rest) = name.strip_prefix("hoist.definition.") {
                    definition(rest, true)
                } else {
                    panic!("query capture @{name} is not one the scope-graph builder knows")
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_query_compiles() {
        for language in Language::ALL {
            let analysis = language.analysis();
            assert!(!analysis.roles.is_empty(), "{}", language.name());
            // tree-sitter reads it the same way: the same patterns.
            assert_eq!(
                language.query().pattern_count(),
                analysis.query.pattern_count(),
                "{}",
                language.name()
            );
        }
    }

    #[test]
    fn extensions() {
        for (path, lang) in [
            ("a.cjs", Some(Language::JavaScript)),
            ("a.d.ts", Some(Language::TypeScript)),
            ("dir.rs/a", None),
            ("a.PY", None),
            ("noext", None),
            ("C:\\x\\a.py", Some(Language::Python)),
        ] {
            assert_eq!(Language::from_path(path), lang, "{path}");
        }
        let err = Language::for_path("a.md").unwrap_err();
        assert_eq!(
            err.to_string(),
            "a.md: unsupported file extension; supported: .js .mjs .cjs .jsx .ts .mts .cts .tsx .py .rs"
        );
    }
}
