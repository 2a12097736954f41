//! Reads tree-sitter's query language into [`Step`]s, with kinds and fields
//! looked up in the grammar, so a query file's mistakes are reported with
//! their line and column when the query is built.
//!
//! Supported: named and anonymous nodes, `_` and `(_)`, fields, negated
//! fields (`!alias`), anchors (`.`), alternations (`[…]`), captures, and
//! the predicates `#eq?`, `#not-eq?`, `#match?`, `#not-match?`,
//! `#any-of?` and `#not-any-of?`. Quantifiers (`?`, `*`, `+`) and sibling
//! groups at the top level are refused: Skein's queries do not use them.

use regex::Regex;
use tree_sitter::Language;

/// What a step matches: one node kind, any named node, or any node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    Symbol(u16),
    AnyNamed,
    Any,
}

/// One node of a pattern, or an alternation of several.
#[derive(Debug)]
pub(super) enum Step {
    Node(NodeStep),
    Alternation {
        field: Option<u16>,
        captures: Vec<u32>,
        branches: Vec<Step>,
    },
    /// `((comment) . (function))` at the top level: consecutive children of
    /// any node. Its `children` are the steps; its kind is unused.
    Siblings(NodeStep),
}

#[derive(Debug)]
pub(super) struct NodeStep {
    pub kind: Kind,
    /// The field the node must be in, when it is a child.
    pub field: Option<u16>,
    pub captures: Vec<u32>,
    /// Fields the node must not have.
    pub negated_fields: Vec<u16>,
    pub children: Vec<Step>,
    /// `(a . (b))`: the first child step matches the first named child.
    pub anchor_first: bool,
    /// `(a (b) .)`: the last child step matches the last named child.
    pub anchor_last: bool,
    /// `anchored[i]`: child step `i` follows step `i - 1` with no named node between.
    pub anchored: Vec<bool>,
    /// Kinds some child must have, as bits `1 << (kind % 64)`: a node whose
    /// children lack one of them cannot match (see `kind_bit`).
    pub required_child_kinds: u64,
}

/// A condition on captured text, checked once the whole pattern matched.
#[derive(Debug)]
pub(super) enum Predicate {
    Eq {
        capture: u32,
        value: EqValue,
        positive: bool,
    },
    Match {
        capture: u32,
        regex: Regex,
        positive: bool,
    },
    AnyOf {
        capture: u32,
        values: Vec<String>,
        positive: bool,
    },
}

#[derive(Debug)]
pub(super) enum EqValue {
    Text(String),
    Capture(u32),
}

/// One top-level pattern: its root step and its predicates.
#[derive(Debug)]
pub(super) struct Pattern {
    pub root: Step,
    pub predicates: Vec<Predicate>,
}

/// A parsed query: its patterns in source order and its capture names.
pub(super) struct Parsed {
    pub patterns: Vec<Pattern>,
    pub capture_names: Vec<String>,
}

/// A query that does not parse, or names what the grammar lacks.
#[derive(Debug)]
pub struct QuerySyntaxError {
    /// 1-based line of the offending text.
    pub line: usize,
    /// 1-based column (in characters).
    pub column: usize,
    /// What is wrong there.
    pub message: String,
}

impl std::fmt::Display for QuerySyntaxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

pub(super) fn parse(language: &Language, source: &str) -> Result<Parsed, QuerySyntaxError> {
    let mut parser = Parser {
        language,
        source,
        pos: 0,
        capture_names: Vec::new(),
        predicates: Vec::new(),
    };
    let mut patterns = Vec::new();
    loop {
        parser.skip_trivia();
        if parser.pos == source.len() {
            break;
        }
        let root = parser.pattern(true)?;
        let predicates = std::mem::take(&mut parser.predicates);
        patterns.push(Pattern { root, predicates });
    }
    Ok(Parsed {
        patterns,
        capture_names: parser.capture_names,
    })
}

struct Parser<'a> {
    language: &'a Language,
    source: &'a str,
    pos: usize,
    capture_names: Vec<String>,
    /// Predicates of the pattern being read (they may sit at any depth).
    predicates: Vec<Predicate>,
}

impl Parser<'_> {
    fn error(&self, at: usize, message: impl Into<String>) -> QuerySyntaxError {
        let before = &self.source[..at];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        QuerySyntaxError {
            line,
            column,
            message: message.into(),
        }
    }

    fn peek(&self) -> Option<char> {
        self.source[self.pos..].chars().next()
    }

    fn skip_trivia(&mut self) {
        while let Some(c) = self.peek() {
            if c.is_whitespace() {
                self.pos += c.len_utf8();
            } else if c == ';' {
                self.pos = self.source[self.pos..]
                    .find('\n')
                    .map_or(self.source.len(), |n| self.pos + n);
            } else {
                break;
            }
        }
    }

    fn expect(&mut self, c: char) -> Result<(), QuerySyntaxError> {
        self.skip_trivia();
        if self.peek() == Some(c) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.error(self.pos, format!("expected '{c}'")))
        }
    }

    /// A name: node kinds, fields, captures and predicates.
    fn identifier(&mut self) -> Result<&str, QuerySyntaxError> {
        let start = self.pos;
        let len = self.source[start..]
            .find(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '?' | '!')))
            .unwrap_or(self.source.len() - start);
        if len == 0 {
            return Err(self.error(start, "expected a name"));
        }
        self.pos += len;
        Ok(&self.source[start..start + len])
    }

    fn string(&mut self) -> Result<String, QuerySyntaxError> {
        let start = self.pos;
        self.expect('"')?;
        let mut text = String::new();
        let mut chars = self.source[self.pos..].char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => {
                    self.pos += i + 1;
                    return Ok(text);
                }
                '\\' => match chars.next() {
                    Some((_, 'n')) => text.push('\n'),
                    Some((_, 't')) => text.push('\t'),
                    Some((_, other)) => text.push(other),
                    None => break,
                },
                c => text.push(c),
            }
        }
        Err(self.error(start, "unterminated string"))
    }

    fn capture_index(&mut self, name: &str) -> u32 {
        match self.capture_names.iter().position(|n| n == name) {
            Some(i) => i as u32,
            None => {
                self.capture_names.push(name.to_string());
                (self.capture_names.len() - 1) as u32
            }
        }
    }

    fn captures(&mut self) -> Result<Vec<u32>, QuerySyntaxError> {
        let mut captures = Vec::new();
        loop {
            self.skip_trivia();
            match self.peek() {
                Some('@') => {
                    self.pos += 1;
                    let name = self.identifier()?.to_string();
                    captures.push(self.capture_index(&name));
                }
                Some('?' | '*' | '+') => {
                    return Err(self.error(self.pos, "quantifiers are not supported"))
                }
                _ => return Ok(captures),
            }
        }
    }

    fn field_id(&self, name: &str, at: usize) -> Result<u16, QuerySyntaxError> {
        self.language
            .field_id_for_name(name)
            .map(|id| id.get())
            .ok_or_else(|| self.error(at, format!("the grammar has no field '{name}'")))
    }

    fn kind_id(&self, name: &str, named: bool, at: usize) -> Result<u16, QuerySyntaxError> {
        // 0 is tree-sitter's end-of-input symbol, never a node: not found.
        let id = self.language.id_for_node_kind(name, named);
        if id == 0 {
            return Err(self.error(at, format!("the grammar has no node '{name}'")));
        }
        if self.language.node_kind_is_supertype(id) {
            return Err(self.error(at, format!("supertype '{name}' is not supported")));
        }
        Ok(id)
    }

    /// One pattern with its captures. `top` allows the `((pattern) (#pred))` group.
    fn pattern(&mut self, top: bool) -> Result<Step, QuerySyntaxError> {
        self.skip_trivia();
        let start = self.pos;
        let step = match self.peek() {
            Some('[') => {
                self.pos += 1;
                let mut branches = Vec::new();
                loop {
                    self.skip_trivia();
                    if self.peek() == Some(']') {
                        self.pos += 1;
                        break;
                    }
                    if self.peek().is_none() {
                        return Err(self.error(start, "unclosed '['"));
                    }
                    branches.push(self.pattern(false)?);
                }
                Step::Alternation {
                    field: None,
                    captures: Vec::new(),
                    branches,
                }
            }
            Some('"') => {
                let text = self.string()?;
                Step::Node(NodeStep::leaf(Kind::Symbol(
                    self.kind_id(&text, false, start)?,
                )))
            }
            Some('_')
                if !self.source[self.pos + 1..]
                    .starts_with(|c: char| c.is_alphanumeric() || c == '_') =>
            {
                self.pos += 1;
                Step::Node(NodeStep::leaf(Kind::Any))
            }
            Some('(') => {
                self.pos += 1;
                self.skip_trivia();
                match self.peek() {
                    Some('(' | '[' | '"') => {
                        // A group: sibling patterns and their predicates.
                        if !top {
                            return Err(
                                self.error(start, "groups are supported only at the top level")
                            );
                        }
                        let mut group = NodeStep::leaf(Kind::Any);
                        let mut pending_anchor = false;
                        loop {
                            self.skip_trivia();
                            match self.peek() {
                                Some(')') => {
                                    self.pos += 1;
                                    group.anchor_last = pending_anchor;
                                    break;
                                }
                                Some('.') => {
                                    self.pos += 1;
                                    pending_anchor = true;
                                }
                                Some('(')
                                    if self.source[self.pos + 1..]
                                        .trim_start()
                                        .starts_with('#') =>
                                {
                                    self.predicate()?
                                }
                                None => return Err(self.error(start, "unclosed '('")),
                                Some(_) => {
                                    let step = self.pattern(false)?;
                                    group.push_child(step, std::mem::take(&mut pending_anchor));
                                }
                            }
                        }
                        if group.children.len() == 1 && !group.anchor_first && !group.anchor_last {
                            group.children.pop().expect("one step")
                        } else if group.anchor_first
                            || !matches!(group.children.first(), Some(Step::Node(_)))
                        {
                            return Err(
                                self.error(start, "a sibling group must start with a node pattern")
                            );
                        } else {
                            Step::Siblings(group)
                        }
                    }
                    _ => Step::Node(self.node_body(start)?),
                }
            }
            _ => return Err(self.error(start, "expected a pattern")),
        };
        let more = self.captures()?;
        Ok(match step {
            Step::Siblings(_) if !more.is_empty() => {
                return Err(self.error(start, "a sibling group cannot be captured"))
            }
            Step::Siblings(group) => Step::Siblings(group),
            Step::Node(mut node) => {
                node.captures.extend(more);
                Step::Node(node)
            }
            Step::Alternation {
                field,
                mut captures,
                branches,
            } => {
                captures.extend(more);
                Step::Alternation {
                    field,
                    captures,
                    branches,
                }
            }
        })
    }

    /// The inside of `(kind …)`, after the parenthesis.
    fn node_body(&mut self, start: usize) -> Result<NodeStep, QuerySyntaxError> {
        let kind_at = self.pos;
        let name = self.identifier()?.to_string();
        let kind = if name == "_" {
            Kind::AnyNamed
        } else {
            Kind::Symbol(self.kind_id(&name, true, kind_at)?)
        };
        let mut node = NodeStep::leaf(kind);
        let mut pending_anchor = false;
        loop {
            self.skip_trivia();
            let at = self.pos;
            match self.peek() {
                None => return Err(self.error(start, "unclosed '('")),
                Some(')') => {
                    self.pos += 1;
                    node.anchor_last = pending_anchor && !node.children.is_empty();
                    return Ok(node);
                }
                Some('.') => {
                    self.pos += 1;
                    pending_anchor = true;
                }
                Some('!') => {
                    self.pos += 1;
                    let field = self.identifier()?.to_string();
                    node.negated_fields.push(self.field_id(&field, at)?);
                }
                Some('(') if self.source[self.pos + 1..].trim_start().starts_with('#') => {
                    self.predicate()?;
                }
                Some(c) if c.is_alphabetic() && self.is_field_label() => {
                    let field = self.identifier()?.to_string();
                    let field = self.field_id(&field, at)?;
                    self.expect(':')?;
                    let mut child = self.pattern(false)?;
                    match &mut child {
                        Step::Node(n) => n.field = Some(field),
                        Step::Alternation { field: f, .. } => *f = Some(field),
                        Step::Siblings(_) => unreachable!("groups are top-level only"),
                    }
                    node.push_child(child, std::mem::take(&mut pending_anchor));
                }
                Some(_) => {
                    let child = self.pattern(false)?;
                    node.push_child(child, std::mem::take(&mut pending_anchor));
                }
            }
        }
    }

    /// Whether a name followed by `:` starts here.
    fn is_field_label(&self) -> bool {
        let rest = &self.source[self.pos..];
        let name_len = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        rest[name_len..].trim_start().starts_with(':')
    }

    fn predicate(&mut self) -> Result<(), QuerySyntaxError> {
        let start = self.pos;
        self.expect('(')?;
        self.expect('#')?;
        let name = self.identifier()?.to_string();
        let mut captures = Vec::new();
        let mut strings = Vec::new();
        loop {
            self.skip_trivia();
            match self.peek() {
                Some(')') => {
                    self.pos += 1;
                    break;
                }
                Some('@') => {
                    self.pos += 1;
                    let capture = self.identifier()?.to_string();
                    if !strings.is_empty() || captures.len() == 2 {
                        return Err(self.error(start, "a capture after the predicate's values"));
                    }
                    captures.push(self.capture_index(&capture));
                }
                Some('"') => strings.push(self.string()?),
                _ => return Err(self.error(self.pos, "expected a capture, a string or ')'")),
            }
        }
        let (positive, base) = match name.strip_prefix("not-") {
            Some(base) => (false, base),
            None => (true, name.as_str()),
        };
        let Some(&capture) = captures.first() else {
            return Err(self.error(start, format!("#{name} needs a capture")));
        };
        let predicate = match (base, &captures[1..], strings.as_slice()) {
            ("eq?", [other], []) => Predicate::Eq {
                capture,
                value: EqValue::Capture(*other),
                positive,
            },
            ("eq?", [], [text]) => Predicate::Eq {
                capture,
                value: EqValue::Text(text.clone()),
                positive,
            },
            ("match?", [], [pattern]) => Predicate::Match {
                capture,
                regex: Regex::new(pattern)
                    .map_err(|err| self.error(start, format!("#{name}: {err}")))?,
                positive,
            },
            ("any-of?", [], values) if !values.is_empty() => Predicate::AnyOf {
                capture,
                values: values.to_vec(),
                positive,
            },
            _ => {
                return Err(self.error(
                    start,
                    format!("unsupported predicate #{name} or wrong arguments"),
                ))
            }
        };
        self.predicates.push(predicate);
        Ok(())
    }
}

impl NodeStep {
    fn leaf(kind: Kind) -> NodeStep {
        NodeStep {
            kind,
            field: None,
            captures: Vec::new(),
            negated_fields: Vec::new(),
            children: Vec::new(),
            anchor_first: false,
            anchor_last: false,
            anchored: Vec::new(),
            required_child_kinds: 0,
        }
    }

    fn push_child(&mut self, child: Step, anchored: bool) {
        if let Step::Node(NodeStep {
            kind: Kind::Symbol(kind),
            ..
        }) = child
        {
            self.required_child_kinds |= kind_bit(kind);
        }
        if self.children.is_empty() {
            self.anchor_first = anchored;
            self.anchored.push(false);
        } else {
            self.anchored.push(anchored);
        }
        self.children.push(child);
    }
}

/// A node kind's bit in a 64-bit summary of the kinds of a node's children.
pub(super) fn kind_bit(kind: u16) -> u64 {
    1 << (kind % 64)
}
