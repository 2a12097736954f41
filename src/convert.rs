//! Core data as the plain objects of api.md, and back.

use napi::bindgen_prelude::*;
use skein_core::position::{Point as CorePoint, Range as CoreRange};
use skein_core::project::{
    CallGraph, ClassRelationship, FileIndex, FunctionCall, ImportedDefinition, Located,
    ReferenceSite,
};
use skein_core::scope_graph::CallKind;
use skein_core::scope_graph::{
    Definition, Import as CoreImport, Node as CoreNode, Reference, Scope as CoreScope,
};

/// A position: 0-based row, 0-based column in UTF-16 code units.
#[napi(object)]
#[derive(Clone, Copy, serde::Serialize)]
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
#[derive(Clone, Copy, serde::Serialize)]
pub struct Range {
    pub start: Point,
    pub end: Point,
}

/// A definition.
#[napi(object, js_name = "Def")]
#[derive(serde::Serialize)]
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
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enclosing_range: Option<Range>,
    #[napi(js_name = "symbol_id")]
    pub symbol_id: String,
    #[napi(js_name = "is_exported")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_exported: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
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
        name: def.name.clone(),
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

/// A call a call-graph node makes.
#[napi(object, js_name = "Call", object_from_js = false)]
#[derive(serde::Serialize)]
pub struct JsCall {
    /// The called symbol id; for a call outside the project, the name.
    pub symbol: String,
    /// The span of the called name.
    pub range: Range,
    #[napi(ts_type = "'function' | 'method' | 'constructor'")]
    pub kind: String,
    #[napi(js_name = "resolved_definition")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolved_definition: Option<JsDef>,
}

/// A node of the call graph.
#[napi(object, js_name = "CallGraphNode", object_from_js = false)]
#[derive(serde::Serialize)]
pub struct JsCallGraphNode {
    pub symbol: String,
    pub definition: JsDef,
    pub calls: Vec<JsCall>,
    #[napi(js_name = "called_by")]
    pub called_by: Vec<String>,
    #[napi(js_name = "is_exported")]
    pub is_exported: bool,
}

/// An edge of the call graph.
#[napi(object, js_name = "CallGraphEdge", object_from_js = false)]
#[derive(serde::Serialize)]
pub struct JsCallGraphEdge {
    pub from: String,
    pub to: String,
    pub location: Range,
    #[napi(js_name = "call_type", ts_type = "'direct' | 'method' | 'constructor'")]
    pub call_type: String,
}

/// A call graph on its way to JS, converted when the Promise resolves.
pub struct JsCallGraph(pub CallGraph);

impl ToNapiValue for JsCallGraph {
    unsafe fn to_napi_value(
        env: napi::sys::napi_env,
        value: Self,
    ) -> Result<napi::sys::napi_value> {
        let env = Env::from_raw(env);
        let object = call_graph_to_js(&env, &value.0)?;
        unsafe { Object::to_napi_value(env.raw(), object) }
    }
}

/// The call graph as api.md has it: `nodes` is a `Map` keyed by symbol id.
///
/// The graph goes over as one JSON text that `JSON.parse` turns into
/// objects: tens of thousands of definitions built property by property
/// through napi cost several times what V8's parser takes for the same.
/// A call's `resolved_definition` is then pointed at the called node's
/// `definition` object rather than sent twice (definitions carry their
/// docstrings, the bulk of the text).
fn call_graph_to_js<'env>(env: &'env Env, graph: &CallGraph) -> Result<Object<'env>> {
    let (json, resolved) = JsonCallGraph::new(graph);
    let json = serde_json::to_string(&json)
        .map_err(|e| Error::from_reason(format!("get_call_graph: cannot encode the graph: {e}")))?;
    let global = env.get_global()?;
    let parse: Function<String, Object> = global
        .get_named_property::<Object>("JSON")?
        .get_named_property("parse")?;
    let mut out = parse.call(json)?;
    // `nodes` arrives as `[symbol, node]` pairs, what `new Map` takes.
    let pairs: Array = out.get_named_property("nodes")?;
    let mut js_nodes = Vec::with_capacity(graph.nodes.len());
    for i in 0..pairs.len() {
        let pair: Array = pairs.get_element(i)?;
        js_nodes.push(pair.get_element::<Object>(1)?);
    }
    let definitions = js_nodes
        .iter()
        .map(|node| node.get_named_property::<Object>("definition"))
        .collect::<Result<Vec<_>>>()?;
    for (node, calls) in js_nodes.iter().zip(&resolved) {
        if calls.iter().all(Option::is_none) {
            continue;
        }
        let js_calls: Array = node.get_named_property("calls")?;
        for (j, target) in calls.iter().enumerate() {
            if let Some(target) = target {
                let mut call: Object = js_calls.get_element(j as u32)?;
                call.set_named_property("resolved_definition", definitions[*target])?;
            }
        }
    }
    let map_class: Function<Array, Unknown> = global.get_named_property("Map")?;
    let nodes = map_class.new_instance(pairs)?;
    out.set_named_property("nodes", nodes)?;
    Ok(out)
}

/// The shape `call_graph_to_js` parses.
#[derive(serde::Serialize)]
struct JsonCallGraph {
    nodes: Vec<(String, JsCallGraphNode)>,
    edges: Vec<JsCallGraphEdge>,
    top_level_nodes: Vec<String>,
}

impl JsonCallGraph {
    /// The graph to encode, without `resolved_definition`s, and for each
    /// node's calls the position in `nodes` of the node each one reaches.
    fn new(graph: &CallGraph) -> (JsonCallGraph, Vec<Vec<Option<usize>>>) {
        let position: std::collections::HashMap<&str, usize> = graph
            .nodes
            .keys()
            .enumerate()
            .map(|(i, symbol)| (&**symbol, i))
            .collect();
        let mut resolved = Vec::with_capacity(graph.nodes.len());
        let nodes = graph
            .nodes
            .iter()
            .map(|(symbol, node)| {
                let targets: Vec<Option<usize>> = node
                    .calls
                    .iter()
                    .map(|&i| {
                        let edge = &graph.edges[i];
                        (!edge.external)
                            .then(|| position.get(&*edge.to).copied())
                            .flatten()
                    })
                    .collect();
                resolved.push(targets);
                let calls = node
                    .calls
                    .iter()
                    .map(|&i| {
                        let edge = &graph.edges[i];
                        JsCall {
                            symbol: edge.to.to_string(),
                            range: edge.location.into(),
                            kind: match edge.call_type {
                                CallKind::Direct => "function",
                                CallKind::Method => "method",
                                CallKind::Constructor => "constructor",
                            }
                            .into(),
                            resolved_definition: None,
                        }
                    })
                    .collect();
                let js_node = JsCallGraphNode {
                    symbol: symbol.to_string(),
                    definition: def_to_js(&node.definition, &node.path),
                    calls,
                    called_by: node.called_by.iter().map(|id| id.to_string()).collect(),
                    is_exported: node.definition.is_exported,
                };
                (symbol.to_string(), js_node)
            })
            .collect();
        let edges = graph
            .edges
            .iter()
            .map(|e| JsCallGraphEdge {
                from: e.from.to_string(),
                to: e.to.to_string(),
                location: e.location.into(),
                call_type: e.call_type.as_str().into(),
            })
            .collect();
        let json = JsonCallGraph {
            nodes,
            edges,
            top_level_nodes: graph
                .top_level_nodes
                .iter()
                .map(|id| id.to_string())
                .collect(),
        };
        (json, resolved)
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
