//! Positions as editors count them: 0-based rows and UTF-16 columns.
//!
//! tree-sitter reports byte offsets; JavaScript strings, VS Code and LSP count
//! UTF-16 code units. [`LineIndex`] converts between the two, once per file.
//!
//! ```
//! use skein_core::position::{LineIndex, Point};
//! let index = LineIndex::new("é = 1\nlet 😀x = 2");
//! // `x` is at byte 15 on row 1, after a 4-byte emoji: UTF-16 column 6.
//! assert_eq!(index.point_at(15), Point { row: 1, column: 6 });
//! assert_eq!(index.byte_at(Point { row: 1, column: 6 }), Some(15));
//! ```

use serde::{Deserialize, Serialize};

/// A 0-based row and UTF-16 column.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Point {
    /// 0-based line number.
    pub row: u32,
    /// 0-based column in UTF-16 code units.
    pub column: u32,
}

/// A half-open range of [`Point`]s: `end` is exclusive.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Range {
    /// First position inside the range.
    pub start: Point,
    /// First position after the range.
    pub end: Point,
}

impl Range {
    /// Whether `point` lies inside the range (start inclusive, end exclusive).
    pub fn contains(&self, point: Point) -> bool {
        self.start <= point && point < self.end
    }
}

/// Byte offsets of line starts, for converting byte offsets to [`Point`]s and back.
#[derive(Clone, Debug)]
pub struct LineIndex<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
    /// Per line: whether it is all ASCII, so its UTF-16 column is its byte offset.
    ascii_lines: Vec<bool>,
    /// The row of the last lookup: analysis asks in source order, so the
    /// next answer is usually on the same row or the next.
    last_row: std::cell::Cell<usize>,
}

impl<'a> LineIndex<'a> {
    /// Indexes the line starts of `text` (`\n` ends a line; `\r\n` counts as one).
    pub fn new(text: &'a str) -> Self {
        let mut line_starts = Vec::with_capacity(text.len() / 32 + 1);
        line_starts.push(0);
        // memchr scans with SIMD; analysis indexes every file's lines.
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        // Most files are ASCII throughout: one check for the whole text
        // rather than one per line.
        let ascii_lines = if text.is_ascii() {
            vec![true; line_starts.len()]
        } else {
            (0..line_starts.len())
                .map(|row| {
                    let end = line_starts.get(row + 1).copied().unwrap_or(text.len());
                    text.as_bytes()[line_starts[row]..end].is_ascii()
                })
                .collect()
        };
        LineIndex {
            text,
            line_starts,
            ascii_lines,
            last_row: std::cell::Cell::new(0),
        }
    }

    /// The point of a byte offset. Offsets inside a multi-byte character round down.
    pub fn point_at(&self, byte: usize) -> Point {
        let byte = byte.min(self.text.len());
        let on_row = |row: usize| {
            self.line_starts
                .get(row)
                .is_some_and(|&start| start <= byte)
                && self
                    .line_starts
                    .get(row + 1)
                    .is_none_or(|&next| byte < next)
        };
        let hint = self.last_row.get();
        let row = if on_row(hint) {
            hint
        } else if on_row(hint + 1) {
            hint + 1
        } else {
            self.line_starts.partition_point(|&start| start <= byte) - 1
        };
        self.last_row.set(row);
        let line_start = self.line_starts[row];
        if self.ascii_lines[row] {
            return Point {
                row: row as u32,
                column: (byte - line_start) as u32,
            };
        }
        let mut end = byte;
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let column: usize = self.text[line_start..end]
            .chars()
            .map(char::len_utf16)
            .sum();
        Point {
            row: row as u32,
            column: column as u32,
        }
    }

    /// The byte offset of a point, or `None` if the row is past the end or the
    /// column past the end of its line (the line break itself is addressable).
    pub fn byte_at(&self, point: Point) -> Option<usize> {
        let row = point.row as usize;
        let line_start = *self.line_starts.get(row)?;
        let line_end = self
            .line_starts
            .get(row + 1)
            .map_or(self.text.len(), |next| next - 1);
        let mut column = 0u32;
        for (offset, ch) in self.text[line_start..line_end].char_indices() {
            if column >= point.column {
                return (column == point.column).then_some(line_start + offset);
            }
            column += ch.len_utf16() as u32;
        }
        (column == point.column).then_some(line_end)
    }

    /// Converts a byte range to a [`Range`].
    pub fn range(&self, start_byte: usize, end_byte: usize) -> Range {
        Range {
            start: self.point_at(start_byte),
            end: self.point_at(end_byte),
        }
    }

    /// Number of lines (a trailing newline starts an empty last line).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }
}

/// The point just past the end of `text`, as
/// `LineIndex::new(text).point_at(text.len())` gives it, without indexing
/// every line: a module's whole-file range needs only its end.
pub fn end_of(text: &str) -> Point {
    let bytes = text.as_bytes();
    let last_line = &text[memchr::memrchr(b'\n', bytes).map_or(0, |i| i + 1)..];
    let column = if last_line.is_ascii() {
        last_line.len()
    } else {
        last_line.chars().map(char::len_utf16).sum()
    };
    Point {
        row: memchr::memchr_iter(b'\n', bytes).count() as u32,
        column: column as u32,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn end_of_is_where_a_line_index_puts_the_end(text in "[a\r\n é😀]{0,40}") {
            prop_assert_eq!(end_of(&text), LineIndex::new(&text).point_at(text.len()));
        }
    }

    #[test]
    fn ascii_columns_equal_bytes() {
        let index = LineIndex::new("ab\ncd");
        assert_eq!(index.point_at(4), Point { row: 1, column: 1 });
        assert_eq!(index.byte_at(Point { row: 1, column: 1 }), Some(4));
    }

    #[test]
    fn astral_characters_count_two_units() {
        let text = "😀😀x";
        let index = LineIndex::new(text);
        assert_eq!(index.point_at(8), Point { row: 0, column: 4 });
        assert_eq!(index.byte_at(Point { row: 0, column: 4 }), Some(8));
        // the middle of a surrogate pair is not a position
        assert_eq!(index.byte_at(Point { row: 0, column: 1 }), None);
    }

    #[test]
    fn out_of_range_points_are_none() {
        let index = LineIndex::new("a\nb");
        assert_eq!(index.byte_at(Point { row: 2, column: 0 }), None);
        assert_eq!(index.byte_at(Point { row: 0, column: 2 }), None);
        assert_eq!(index.byte_at(Point { row: 0, column: 1 }), Some(1));
    }

    #[test]
    fn crlf_line_ends() {
        let index = LineIndex::new("a\r\nb");
        assert_eq!(index.point_at(3), Point { row: 1, column: 0 });
    }
}
