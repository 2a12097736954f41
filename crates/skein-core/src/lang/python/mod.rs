//! Python: the query that finds scopes, definitions, references and imports.

/// The python query (see `lang` for the capture names).
pub(super) fn query() -> String {
    include_str!("queries.scm").to_string()
}
