//! A text edit given in editor positions (UTF-16 points), turned into the
//! new source and the byte-based edit tree-sitter needs to re-parse
//! incrementally.

use crate::error::{Error, ErrorKind, Result};
use crate::position::{LineIndex, Point};

/// An edit applied to a source.
pub struct TextEdit {
    /// The source after the edit.
    pub new_source: String,
    /// The same edit for `Tree::edit`.
    pub input_edit: tree_sitter::InputEdit,
}

impl TextEdit {
    /// Replaces `start..old_end` of `source` with `new_text`. Errors name a
    /// point that lies outside the source or an end before the start.
    pub fn new(source: &str, start: Point, old_end: Point, new_text: &str) -> Result<TextEdit> {
        let lines = LineIndex::new(source);
        let byte = |point: Point, what: &str| {
            lines.byte_at(point).ok_or_else(|| {
                Error::new(
                    ErrorKind::InvalidInput,
                    format!(
                        "{what} {}:{} is outside the file or splits a character ({} lines)",
                        point.row,
                        point.column,
                        lines.line_count()
                    ),
                )
            })
        };
        let start_byte = byte(start, "start")?;
        let old_end_byte = byte(old_end, "old_end")?;
        if old_end_byte < start_byte {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                format!(
                    "old_end {}:{} is before start {}:{}",
                    old_end.row, old_end.column, start.row, start.column
                ),
            ));
        }
        let mut new_source =
            String::with_capacity(source.len() - (old_end_byte - start_byte) + new_text.len());
        new_source.push_str(&source[..start_byte]);
        new_source.push_str(new_text);
        new_source.push_str(&source[old_end_byte..]);

        let start_position = byte_point(source, start_byte);
        let new_end_position = match new_text.rfind('\n') {
            Some(last) => tree_sitter::Point {
                row: start_position.row + new_text.matches('\n').count(),
                column: new_text.len() - last - 1,
            },
            None => tree_sitter::Point {
                row: start_position.row,
                column: start_position.column + new_text.len(),
            },
        };
        let input_edit = tree_sitter::InputEdit {
            start_byte,
            old_end_byte,
            new_end_byte: start_byte + new_text.len(),
            start_position,
            old_end_position: byte_point(source, old_end_byte),
            new_end_position,
        };
        Ok(TextEdit {
            new_source,
            input_edit,
        })
    }
}

/// The tree-sitter point (row, byte column) of a byte offset.
fn byte_point(source: &str, byte: usize) -> tree_sitter::Point {
    let before = &source[..byte];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    tree_sitter::Point {
        row: before.matches('\n').count(),
        column: byte - line_start,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(row: u32, column: u32) -> Point {
        Point { row, column }
    }

    #[test]
    fn replaces_inserts_and_deletes_in_utf16_points() {
        let source = "const é = 1;\nlet x = 2;\n";
        let edit = TextEdit::new(source, p(0, 6), p(0, 7), "a").unwrap();
        assert_eq!(edit.new_source, "const a = 1;\nlet x = 2;\n");
        assert_eq!(edit.input_edit.start_byte, 6);
        assert_eq!(edit.input_edit.old_end_byte, 8);
        let insert = TextEdit::new(source, p(1, 0), p(1, 0), "// a\n// bc\n").unwrap();
        assert_eq!(insert.new_source, "const é = 1;\n// a\n// bc\nlet x = 2;\n");
        assert_eq!(
            insert.input_edit.new_end_position,
            tree_sitter::Point { row: 3, column: 0 }
        );
        let delete = TextEdit::new(source, p(0, 12), p(1, 10), "").unwrap();
        assert_eq!(delete.new_source, "const é = 1;\n");
    }

    #[test]
    fn points_outside_the_file_are_errors() {
        let source = "ab\ncd";
        let err = TextEdit::new(source, p(5, 0), p(5, 0), "x").err().unwrap();
        assert!(
            err.to_string().contains("start 5:0 is outside the file"),
            "{err}"
        );
        let err = TextEdit::new(source, p(1, 1), p(0, 1), "x").err().unwrap();
        assert!(
            err.to_string().contains("old_end 0:1 is before start 1:1"),
            "{err}"
        );
    }
}
