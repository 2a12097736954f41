//! Calls: which definitions a definition calls, resolved across files.
//!
//! Each file's index records its call sites (the callee name of every call,
//! and whether it is a plain, method or `new` call). A call belongs to the
//! innermost function, method or class whose declaration holds it, so a
//! nested function's calls are its own, not its parent's. The callee is
//! what `go_to_definition` gives for the callee name: calls whose target is
//! outside the project (the standard library, packages) or not evident from
//! the code (`f().g()`) are left out rather than guessed.

use super::Project;
use crate::error::{Error, ErrorKind, Result};
use crate::position::Point;
use crate::resolve::Resolver;
use crate::scope_graph::{CallKind, Definition, SymbolKind};

/// A call from one definition to another.
#[derive(Clone, Debug, PartialEq)]
pub struct FunctionCall {
    /// The file of the calling definition.
    pub caller_path: String,
    /// The calling definition.
    pub caller: Definition,
    /// The file of the called definition.
    pub callee_path: String,
    /// The called definition: for a constructor call, the class.
    pub callee: Definition,
    /// Where the callee's name starts at the call site.
    pub location: Point,
    /// How the call site calls.
    pub kind: CallKind,
}

impl FunctionCall {
    /// Whether it is `new C()`, or a plain call of a class (`C()` in Python).
    pub fn is_constructor_call(&self) -> bool {
        self.kind == CallKind::Constructor || creates_instances(self.callee.symbol_kind)
    }
}

/// Definitions that calls may belong to.
fn holds_calls(kind: SymbolKind) -> bool {
    kind.is_callable() || creates_instances(kind) || kind == SymbolKind::Trait
}

/// Definitions that calling constructs.
fn creates_instances(kind: SymbolKind) -> bool {
    matches!(kind, SymbolKind::Class | SymbolKind::Struct)
}

impl Project {
    /// The calls the definition `symbol_id` of `path` makes itself (not
    /// those of functions nested in it), in source order, each with the
    /// definition it reaches. `[]` for a definition that makes no calls or
    /// cannot (a variable); an error when `path` has no such definition.
    pub async fn get_calls_from_definition(
        &self,
        path: &str,
        symbol_id: &str,
    ) -> Result<Vec<FunctionCall>> {
        self.check_open()?;
        let file = self.file_index(path).await?.ok_or_else(|| {
            Error::new(ErrorKind::InvalidInput, "no such file in the project").with_path(path)
        })?;
        let Some(caller) = file.graph.definitions().find(|d| d.symbol_id == symbol_id) else {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                format!("no definition '{symbol_id}' in the file (was it edited since?)"),
            )
            .with_path(path));
        };
        let Some(body) = caller
            .enclosing_range
            .filter(|_| holds_calls(caller.symbol_kind))
        else {
            return Ok(Vec::new());
        };
        // The declarations nested in the caller that hold their own calls.
        let nested: Vec<_> = file
            .graph
            .definitions()
            .filter(|d| d.id != caller.id && holds_calls(d.symbol_kind))
            .filter_map(|d| d.enclosing_range)
            .filter(|r| body.start <= r.start && r.end <= body.end && *r != body)
            .collect();
        let resolver = Resolver::new(self).await?;
        let mut calls = Vec::new();
        for reference in file.graph.references() {
            let Some(kind) = reference.call else { continue };
            let at = reference.range;
            if at.start < body.start || body.end < at.end {
                continue;
            }
            if nested
                .iter()
                .any(|r| r.start <= at.start && at.end <= r.end)
            {
                continue;
            }
            let Some(resolved) = resolver.resolve_node(&file, reference.id).await? else {
                continue;
            };
            let Some((callee_file, callee)) = resolved.definition() else {
                continue;
            };
            calls.push(FunctionCall {
                caller_path: path.to_string(),
                caller: caller.clone(),
                callee_path: callee_file.path.clone(),
                callee: callee.clone(),
                location: at.start,
                kind,
            });
        }
        Ok(calls)
    }
}
