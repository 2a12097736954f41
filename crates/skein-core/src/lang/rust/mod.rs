//! Rust: the query that finds scopes, definitions, references and imports,
//! and doc comments (found by walking siblings, see `leading_doc`).

/// The rust query (see `lang` for the capture names).
pub(super) fn query() -> String {
    include_str!("queries.scm").to_string()
}

/// The outer doc comments (`///`, `/** */`) right before the item spanning
/// `enclosing`, attributes allowed in between, joined in source order.
pub(super) fn leading_doc(
    root: tree_sitter::Node,
    enclosing: (usize, usize),
    source: &str,
) -> Option<String> {
    // Most items have no comment or attribute right before them: a look at
    // the text saves the tree walk (sibling steps cost O(siblings) each).
    let before = source[..enclosing.0].trim_end();
    let last_line = before.rsplit('\n').next().unwrap_or(before).trim_start();
    if !(before.ends_with("*/") || before.ends_with(']') || last_line.starts_with("//")) {
        return None;
    }
    let mut item = root.descendant_for_byte_range(enclosing.0, enclosing.1)?;
    while let Some(parent) = item.parent() {
        if parent.byte_range() != item.byte_range() {
            break;
        }
        item = parent;
    }
    let mut parts = Vec::new();
    let mut at = item.prev_sibling();
    while let Some(node) = at {
        match node.kind() {
            "attribute_item" => {}
            "line_comment" | "block_comment" => {
                let text = source[node.byte_range()].trim_end();
                let outer_line = text.starts_with("///") && !text.starts_with("////");
                let outer_block =
                    text.starts_with("/**") && !text.starts_with("/***") && text != "/**/";
                if !(outer_line || outer_block) {
                    break;
                }
                parts.push(text);
            }
            _ => break,
        }
        at = node.prev_sibling();
    }
    if parts.is_empty() {
        return None;
    }
    parts.reverse();
    Some(parts.join("\n"))
}
