//! TypeScript and TSX: the JavaScript query plus type-level constructs.
//!
//! The TypeScript grammars extend the JavaScript one, so the JavaScript query
//! applies as it is (`; inherits: ecma`), followed by TypeScript's own
//! patterns; TSX adds the JSX patterns the plain TypeScript grammar lacks.

/// The TypeScript query; with `tsx`, also the JSX patterns.
pub(super) fn query(tsx: bool) -> String {
    let mut query = String::new();
    query.push_str(include_str!("../javascript/queries.scm"));
    query.push('\n');
    query.push_str(include_str!("queries.scm"));
    if tsx {
        query.push('\n');
        query.push_str(include_str!("../javascript/jsx.scm"));
    }
    query
}
