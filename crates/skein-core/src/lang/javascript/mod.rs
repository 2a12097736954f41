//! JavaScript: the ECMAScript query (shared with TypeScript), the nodes only
//! the JavaScript grammar has, and JSX.

/// The JavaScript query (see `lang` for the capture names).
pub(super) fn query() -> String {
    [
        include_str!("js.scm"),
        include_str!("queries.scm"),
        include_str!("jsx.scm"),
    ]
    .join("\n")
}
