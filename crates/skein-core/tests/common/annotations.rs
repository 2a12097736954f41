//! The annotation format shared by the fixture tests: a comment line below
//! a code line, with `^` under a character (or `<-` where the comment starts)
//! and one assertion about what is there. See `lang.rs` for the assertions.

use skein_core::lang::Language;
use skein_core::position::Point;

pub fn comment_prefix(language: Language) -> &'static str {
    match language {
        Language::Python => "#",
        _ => "//",
    }
}

/// One `^` annotation.
#[derive(Debug)]
pub struct Assertion {
    /// 1-based line of the annotation itself, for messages.
    pub line: usize,
    pub at: Point,
    pub text: String,
}

pub fn utf16_len(s: &str) -> u32 {
    s.chars().map(char::len_utf16).sum::<usize>() as u32
}

pub fn parse_assertions(source: &str, language: Language) -> Result<Vec<Assertion>, String> {
    let prefix = comment_prefix(language);
    let mut assertions = Vec::new();
    let mut code_row: Option<usize> = None;
    let lines: Vec<&str> = source.lines().collect();
    for (row, line) in lines.iter().enumerate() {
        let indent = line.len() - line.trim_start().len();
        let content = line.trim_start().strip_prefix(prefix).map(str::trim_start);
        // `^` marks a column; `<-` marks the column where the comment starts,
        // for names in the first columns.
        let caret = match content {
            Some(rest) if rest.starts_with('^') => line.find('^').map(|at| (at, "^")),
            Some(rest) if rest.starts_with("<-") => Some((indent, "<-")),
            _ => None,
        };
        let Some((caret, marker)) = caret else {
            code_row = Some(row);
            continue;
        };
        let Some(target) = code_row else {
            return Err(format!("line {}: annotation before any code", row + 1));
        };
        let after = line[caret..].trim_start_matches(prefix).trim_start();
        let text = after.strip_prefix(marker).unwrap_or(after);
        let text = text.trim_start_matches('^').trim().to_string();
        let column = utf16_len(&line[..caret]);
        if column >= utf16_len(lines[target]) {
            return Err(format!(
                "line {}: caret past the end of line {}",
                row + 1,
                target + 1
            ));
        }
        assertions.push(Assertion {
            line: row + 1,
            at: Point {
                row: target as u32,
                column,
            },
            text,
        });
    }
    Ok(assertions)
}
