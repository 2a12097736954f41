//! JavaScript: the ECMAScript query (shared with TypeScript) plus JSX.

/// The JavaScript query (see `lang` for the capture names).
pub(super) fn query() -> String {
    let mut query = include_str!("queries.scm").to_string();
    query.push('\n');
    query.push_str(include_str!("jsx.scm"));
    query
}
