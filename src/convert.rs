//! Core data as the plain objects of api.md, and back.

use napi::bindgen_prelude::*;
use skein_core::position::{Point as CorePoint, Range as CoreRange};
use skein_core::project::{
    CallGraph, ClassRelationship, FileIndex, FunctionCall, ImportedDefinition, Located,
    ReferenceSite,
};
use skein_core::scope_graph::{
    Definition, Import as CoreImport, Node as CoreNode, Reference, Scope as CoreScope,
};

/// A position: 0-based row, 0-based column in UTF-16 code units.
#[napi(object)]
#[derive(Clone, Copy)]
pub struct Point {
    pub row: u32,
    pub column: u32,
}

/// A position argument (`{ row, column }`), checked: napi's `u32`
/// conversion would wrap `-1` and truncate `0.5` without a word.
pub struct Position(pub CorePoint);

impl FromNapiValue for Position {
    unsafe fn from_napi_value(
        env: napi::sys::napi_env,
        value: napi::sys::napi_value,
    ) -> Result<Self> {
        let object = unsafe { Object::from_napi_value(env, value) }.map_err(|_| {
            Error::new(
                Status::InvalidArg,
                "a position must be an object { row, column }",
            )
        })?;
        let field = |name: &str| -> Result<u32> {
            match object.get_named_property::<Option<f64>>(name)? {
                Some(n) if n >= 0.0 && n.fract() == 0.0 && n <= f64::from(u32::MAX) => Ok(n as u32),
                Some(n) => Err(Error::new(
                    Status::InvalidArg,
                    format!("a position's {name} must be a non-negative integer, got {n}"),
                )),
                None => Err(Error::new(
                    Status::InvalidArg,
                    format!("a position has no {name}"),
                )),
            }
        };
        Ok(Position(CorePoint {
            row: field("row")?,
            column: field("column")?,
        }))
    }
}

impl Position {
    /// Reads a position argument; a bad one is an error for the caller's
    /// Promise to reject with, not a synchronous throw.
    pub fn from_arg(value: Unknown) -> Result<CorePoint> {
        if value.get_type()? != ValueType::Object {
            return Err(Error::new(
                Status::InvalidArg,
                "a position must be an object { row, column }",
            ));
        }
        // Safety: `value` is a live handle of the current call's scope.
        unsafe { Position::from_napi_value(value.env(), value.raw()) }.map(|p| p.0)
    }
}

/// A span of positions; `end` is exclusive.
#[napi(object)]
#[derive(Clone, Copy)]
pub struct Range {
    pub start: Point,
    pub end: Point,
}

/// A definition.
#[napi(object, js_name = "Def")]
pub struct JsDef {
    pub id: u32,
    #[napi(ts_type = "'definition'")]
    pub kind: String,
    pub name: String,
    #[napi(js_name = "symbol_kind", ts_type = "SymbolKind")]
    pub symbol_kind: String,
    #[napi(js_name = "file_path")]
    pub file_path: String,
    pub range: Range,
    #[napi(js_name = "enclosing_range")]
    pub enclosing_range: Option<Range>,
    #[napi(js_name = "symbol_id")]
    pub symbol_id: String,
    #[napi(js_name = "is_exported")]
    pub is_exported: Option<bool>,
    pub docstring: Option<String>,
}

/// A reference.
#[napi(object, js_name = "Ref", object_from_js = false)]
pub struct JsRef {
    pub id: u32,
    #[napi(ts_type = "'reference'")]
    pub kind: String,
    pub name: String,
    #[napi(js_name = "file_path")]
    pub file_path: String,
    pub range: Range,
    #[napi(js_name = "symbol_kind", ts_type = "SymbolKind")]
    pub symbol_kind: Option<String>,
}

/// An import.
#[napi(object, js_name = "Import", object_from_js = false)]
pub struct JsImport {
    pub id: u32,
    #[napi(ts_type = "'import'")]
    pub kind: String,
    pub name: String,
    pub range: Range,
    #[napi(js_name = "source_name")]
    pub source_name: Option<String>,
    #[napi(js_name = "source_module")]
    pub source_module: Option<String>,
}

/// A scope.
#[napi(object, js_name = "Scope", object_from_js = false)]
pub struct JsScope {
    pub id: u32,
    #[napi(ts_type = "'scope'")]
    pub kind: String,
    pub range: Range,
}

/// An edge of a scope graph.
#[napi(object, js_name = "Edge", object_from_js = false)]
pub struct JsEdge {
    #[napi(
        ts_type = "'def_to_scope' | 'scope_to_scope' | 'import_to_scope' | 'ref_to_scope' | 'ref_to_def' | 'ref_to_import'"
    )]
    pub kind: String,
    #[napi(js_name = "source_id")]
    pub source_id: u32,
    #[napi(js_name = "target_id")]
    pub target_id: u32,
}

/// The scope graph of one file.
#[napi(object, js_name = "ScopeGraph", object_from_js = false)]
pub struct JsScopeGraph {
    #[napi(js_name = "file_path")]
    pub file_path: String,
    #[napi(ts_type = "'javascript' | 'typescript' | 'tsx' | 'python' | 'rust'")]
    pub language: String,
    #[napi(ts_type = "Node[]")]
    pub nodes: Vec<Either4<JsDef, JsRef, JsImport, JsScope>>,
    pub edges: Vec<JsEdge>,
}

impl From<CorePoint> for Point {
    fn from(p: CorePoint) -> Self {
        Point {
            row: p.row,
            column: p.column,
        }
    }
}

impl From<Point> for CorePoint {
    fn from(p: Point) -> Self {
        CorePoint {
            row: p.row,
            column: p.column,
        }
    }
}

impl From<CoreRange> for Range {
    fn from(r: CoreRange) -> Self {
        Range {
            start: r.start.into(),
            end: r.end.into(),
        }
    }
}

impl From<Range> for CoreRange {
    fn from(r: Range) -> Self {
        CoreRange {
            start: r.start.into(),
            end: r.end.into(),
        }
    }
}

pub fn def_to_js(def: &Definition, file_path: &str) -> JsDef {
    JsDef {
        id: def.id,
        kind: "definition".into(),
        name: def.name.to_string(),
        symbol_kind: def.symbol_kind.as_str().into(),
        file_path: file_path.into(),
        range: def.range.into(),
        enclosing_range: def.enclosing_range.map(Into::into),
        symbol_id: def.symbol_id.clone(),
        is_exported: Some(def.is_exported),
        docstring: def.docstring.clone(),
    }
}

pub fn defs_to_js(definitions: &[Definition], file_path: &str) -> Vec<JsDef> {
    definitions
        .iter()
        .map(|d| def_to_js(d, file_path))
        .collect()
}

fn ref_to_js(reference: &Reference, file_path: &str) -> JsRef {
    JsRef {
        id: reference.id,
        kind: "reference".into(),
        name: reference.name.to_string(),
        file_path: file_path.into(),
        range: reference.range.into(),
        symbol_kind: reference.symbol_kind.map(|k| k.as_str().into()),
    }
}

/// An import and the definition it brings in.
#[napi(object, js_name = "ImportInfo", object_from_js = false)]
pub struct JsImportInfo {
    #[napi(js_name = "imported_function")]
    pub imported_function: JsDef,
    #[napi(js_name = "import_statement")]
    pub import_statement: JsImport,
    #[napi(js_name = "local_name")]
    pub local_name: String,
}

pub fn imported_to_js(imported: &ImportedDefinition) -> JsImportInfo {
    JsImportInfo {
        imported_function: def_to_js(&imported.definition, &imported.path),
        import_statement: import_to_js(&imported.import),
        local_name: imported.import.name.clone(),
    }
}

/// A call from one definition to another.
#[napi(object, js_name = "FunctionCall", object_from_js = false)]
pub struct JsFunctionCall {
    #[napi(js_name = "caller_def")]
    pub caller_def: JsDef,
    #[napi(js_name = "called_def")]
    pub called_def: JsDef,
    /// Where the called name starts at the call site.
    #[napi(js_name = "call_location")]
    pub call_location: Point,
    #[napi(js_name = "is_method_call")]
    pub is_method_call: bool,
    /// `new C()`, or a plain call of a class (`C()` in Python).
    #[napi(js_name = "is_constructor_call")]
    pub is_constructor_call: bool,
}

pub fn call_to_js(call: &FunctionCall) -> JsFunctionCall {
    JsFunctionCall {
        caller_def: def_to_js(&call.caller, &call.caller_path),
        called_def: def_to_js(&call.callee, &call.callee_path),
        call_location: call.location.into(),
        is_method_call: call.kind == skein_core::scope_graph::CallKind::Method,
        is_constructor_call: call.is_constructor_call(),
    }
}

/// What a class extends and implements.
#[napi(object, js_name = "ClassRelationship", object_from_js = false)]
pub struct JsClassRelationship {
    /// The name of the class it extends, as written.
    #[napi(js_name = "parent_class")]
    pub parent_class: Option<String>,
    /// That class, when the project has it.
    #[napi(js_name = "parent_class_def")]
    pub parent_class_def: Option<JsDef>,
    /// The names of the interfaces it implements (traits a trait extends).
    #[napi(js_name = "implemented_interfaces")]
    pub implemented_interfaces: Vec<String>,
    /// Those the project has.
    #[napi(js_name = "interface_defs")]
    pub interface_defs: Vec<JsDef>,
}

pub fn relationship_to_js(relationship: &ClassRelationship) -> JsClassRelationship {
    JsClassRelationship {
        parent_class: relationship.parent.as_ref().map(|b| b.name.clone()),
        parent_class_def: relationship
            .parent
            .as_ref()
            .and_then(|b| b.definition.as_ref())
            .map(|(path, d)| def_to_js(d, path)),
        implemented_interfaces: relationship
            .interfaces
            .iter()
            .map(|b| b.name.clone())
            .collect(),
        interface_defs: relationship
            .interfaces
            .iter()
            .filter_map(|b| b.definition.as_ref())
            .map(|(path, d)| def_to_js(d, path))
            .collect(),
    }
}

pub fn located_to_js(found: &[Located]) -> Vec<JsDef> {
    found.iter().map(|(path, d)| def_to_js(d, path)).collect()
}

/// A call graph on its way to JS, converted when the Promise resolves, and
/// the project it is of.
pub struct JsCallGraph {
    pub graph: std::sync::Arc<CallGraph>,
    pub numbering: Option<skein_core::project::GraphNumbering>,
    pub project: napi::bindgen_prelude::Reference<crate::project::ImmutableProject>,
}

impl ToNapiValue for JsCallGraph {
    unsafe fn to_napi_value(
        env: napi::sys::napi_env,
        value: Self,
    ) -> Result<napi::sys::napi_value> {
        let env = Env::from_raw(env);
        let graph = crate::call_graph_js::call_graph_to_js(
            &env,
            value.graph,
            value.numbering,
            value.project,
        )?;
        Ok(graph.raw())
    }
}

pub fn site_to_js(site: &ReferenceSite) -> JsRef {
    JsRef {
        id: site.id,
        kind: "reference".into(),
        name: site.name.clone(),
        file_path: site.path.clone(),
        range: site.range.into(),
        symbol_kind: Some(site.symbol_kind.as_str().into()),
    }
}

fn import_to_js(import: &CoreImport) -> JsImport {
    JsImport {
        id: import.id,
        kind: "import".into(),
        name: import.name.clone(),
        range: import.range.into(),
        source_name: import.source_name.clone(),
        source_module: import.source_module.clone(),
    }
}

fn scope_to_js(scope: &CoreScope) -> JsScope {
    JsScope {
        id: scope.id,
        kind: "scope".into(),
        range: scope.range.into(),
    }
}

pub fn scope_graph_to_js(index: &FileIndex) -> JsScopeGraph {
    let path = index.path.as_str();
    JsScopeGraph {
        file_path: path.into(),
        language: index.language.name().into(),
        nodes: index
            .graph
            .nodes
            .iter()
            .map(|node| match node {
                CoreNode::Definition(d) => Either4::A(def_to_js(d, path)),
                CoreNode::Reference(r) => Either4::B(ref_to_js(r, path)),
                CoreNode::Import(i) => Either4::C(import_to_js(i)),
                CoreNode::Scope(s) => Either4::D(scope_to_js(s)),
            })
            .collect(),
        edges: index
            .graph
            .edges
            .iter()
            .map(|e| JsEdge {
                kind: e.kind.as_str().into(),
                source_id: e.source_id,
                target_id: e.target_id,
            })
            .collect(),
    }
}
