//! TypeScript and TSX: type-level constructs plus the JavaScript query.
//!
//! The TypeScript grammars extend the JavaScript one, so the shared
//! ECMAScript query applies as it is (`; inherits: ecma`). TypeScript's own
//! patterns come first so that they take precedence (see `lang`); TSX adds
//! the JSX patterns the plain TypeScript grammar lacks.

/// The TypeScript query; with `tsx`, also the JSX patterns.
pub(super) fn query(tsx: bool) -> String {
    let mut parts = vec![
        include_str!("queries.scm"),
        include_str!("../javascript/queries.scm"),
    ];
    if tsx {
        parts.push(include_str!("../javascript/jsx.scm"));
    }
    parts.join("\n")
}
