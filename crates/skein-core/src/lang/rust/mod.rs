//! Rust: the query that finds scopes, definitions, references and imports,
//! and doc comments (found in one pass over item lists, see `leading_docs`).

use std::collections::HashMap;

/// The rust query (see `lang` for the capture names).
pub(super) fn query() -> String {
    include_str!("queries.scm").to_string()
}

/// The outer doc comments (`///`, `/** */`) before each item, attributes
/// allowed in between, joined in source order, by the item's start byte.
/// One pass over the item lists (the file, `mod`/`impl`/`trait` bodies,
/// struct fields, enum variants, blocks): walking back over siblings from
/// each item is quadratic in long lists, as tree-sitter finds a previous
/// sibling by scanning from the first.
pub(super) fn leading_docs(root: tree_sitter::Node, source: &str) -> HashMap<usize, String> {
    // Kinds and the field by id: looking them up by name costs a string
    // search of the grammar's tables per node.
    let grammar = root.language();
    let attribute = grammar.id_for_node_kind("attribute_item", true);
    let line_comment = grammar.id_for_node_kind("line_comment", true);
    let block_comment = grammar.id_for_node_kind("block_comment", true);
    let body = grammar.field_id_for_name("body");
    let mut docs = HashMap::new();
    let mut lists = vec![root];
    let mut run: Vec<&str> = Vec::new();
    let mut cursor = root.walk();
    while let Some(list) = lists.pop() {
        run.clear();
        for child in list.named_children(&mut cursor) {
            match child.kind_id() {
                kind if kind == attribute => {}
                kind if kind == line_comment || kind == block_comment => {
                    let text = source[child.byte_range()].trim_end();
                    let outer_line = text.starts_with("///") && !text.starts_with("////");
                    let outer_block =
                        text.starts_with("/**") && !text.starts_with("/***") && text != "/**/";
                    if outer_line || outer_block {
                        run.push(text);
                    } else {
                        run.clear();
                    }
                }
                _ => {
                    if !run.is_empty() {
                        docs.insert(child.start_byte(), run.join("\n"));
                        run.clear();
                    }
                    if let Some(body) = body.and_then(|field| child.child_by_field_id(field.get()))
                    {
                        lists.push(body);
                    }
                }
            }
        }
    }
    docs
}
