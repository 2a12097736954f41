//! Tree patterns written in tree-sitter's query language, matched by one
//! walk over the tree.
//!
//! tree-sitter's own `QueryCursor` runs every pattern as a state machine over
//! every node; on Skein's analysis queries (a hundred patterns or more per
//! language) that costs 0.6–0.9× the parse itself, while a plain walk over
//! the tree costs about 0.2× (`cargo bench -p skein-core --bench
//! query_cost`). Here one walk copies the tree's shape into a table (kind,
//! field, parent, first child, next sibling of every node), each pattern
//! is tried only at nodes of its root's kind, and matching moves through
//! the table without going back to tree-sitter. Punctuation and keywords
//! that no pattern names are left out of the table: four nodes in ten.
//! The walk is not
//! tree-sitter's `TreeCursor`, whose steps cost about 0.16× the parse on
//! Skein's corpus, but `node_table.c`, one loop over tree-sitter's own
//! subtrees that lists the nodes the cursor would, at under half that.
//!
//! The matches are those tree-sitter gives, for the subset of the query
//! language Skein's queries use (see `syntax`): `tests/tree_query.rs`
//! compares them match for match on every test fixture, on each fixture
//! cut short (ERROR and MISSING nodes), and on the benchmark corpus.
//! Matches come in tree order (pre-order of the root node), and for one
//! node in pattern order.

mod syntax;

pub use syntax::QuerySyntaxError;
use syntax::{EqValue, Kind, NodeStep, Predicate, Step};
use tree_sitter::{Language, Node};

/// A compiled query.
pub struct TreeQuery {
    /// Each pattern's predicates, by pattern index.
    predicates: Vec<Vec<Predicate>>,
    /// Every root of every pattern (an alternation at the top has several).
    roots: Vec<Root>,
    /// For each node kind id, the roots that may match it, in pattern order.
    roots_by_kind: Vec<Vec<u32>>,
    /// The anonymous kinds the node table keeps as leaves outside a field,
    /// as a bit set: those some step names (all, if a step is `_` with no
    /// field). Other anonymous leaves cannot match.
    kept_anonymous: Vec<u64>,
    capture_names: Vec<String>,
}

struct Root {
    pattern: u32,
    step: NodeStep,
    /// The step is a sibling group: its children match consecutive
    /// children of one parent, the first at the node the walk is on.
    siblings: bool,
    /// A lone node kind with captures and nothing else (`(identifier) @x`):
    /// every node of the kind matches it, once.
    plain: bool,
}

impl Root {
    /// What the node the walk is on must be.
    fn kind(&self) -> Kind {
        match (self.siblings, self.step.children.first()) {
            (true, Some(Step::Node(first))) => first.kind,
            _ => self.step.kind,
        }
    }
}

/// One captured node.
#[derive(Clone, Copy, Debug)]
pub struct QueryCapture<'tree> {
    /// Index into [`TreeQuery::capture_names`].
    pub index: u32,
    /// The captured node.
    pub node: Node<'tree>,
    /// `node.start_byte()`, at no cost.
    pub start_byte: usize,
    /// `node.end_byte()`, at no cost: the walk that found the node knew it,
    /// where `end_byte()` reads the node's subtree again.
    pub end_byte: usize,
}

/// One match: the pattern and what it captured.
#[derive(Clone, Copy, Debug)]
pub struct QueryMatch<'m, 'tree> {
    /// The pattern's position in the query, from 0.
    pub pattern_index: usize,
    /// The captures, in the order of the pattern's steps.
    pub captures: &'m [QueryCapture<'tree>],
}

/// Every match of a query over a tree.
#[derive(Default)]
pub struct QueryMatches<'tree> {
    /// (pattern, start, end) into `captures`.
    entries: Vec<(u32, u32, u32)>,
    captures: Vec<QueryCapture<'tree>>,
}

impl<'tree> QueryMatches<'tree> {
    /// The matches in tree order.
    pub fn iter(&self) -> impl Iterator<Item = QueryMatch<'_, 'tree>> + '_ {
        self.entries
            .iter()
            .map(|&(pattern, start, end)| QueryMatch {
                pattern_index: pattern as usize,
                captures: &self.captures[start as usize..end as usize],
            })
    }

    /// How many matches there are.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether nothing matched.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl TreeQuery {
    /// Compiles `source` for `language`; errors give the line and column.
    pub fn new(language: &Language, source: &str) -> Result<TreeQuery, QuerySyntaxError> {
        let parsed = syntax::parse(language, source)?;
        let kind_count = language.node_kind_count();
        let mut kept_anonymous = KindSet::new(kind_count);
        for pattern in &parsed.patterns {
            kept_anonymous.add_step(language, &pattern.root, false);
        }
        let mut roots = Vec::new();
        let mut predicates = Vec::new();
        for (index, pattern) in parsed.patterns.into_iter().enumerate() {
            flatten_root(index as u32, pattern.root, &[], &mut roots);
            predicates.push(pattern.predicates);
        }
        for root in &mut roots {
            root.plain = !root.siblings
                && matches!(root.step.kind, Kind::Symbol(_))
                && root.step.children.is_empty()
                && root.step.negated_fields.is_empty()
                && predicates[root.pattern as usize].is_empty();
        }
        let mut roots_by_kind = vec![Vec::new(); kind_count];
        for (kind, list) in roots_by_kind.iter_mut().enumerate() {
            let kind = kind as u16;
            let named = language.node_kind_is_named(kind);
            for (i, root) in roots.iter().enumerate() {
                let fits = match root.kind() {
                    Kind::Symbol(symbol) => symbol == kind,
                    Kind::AnyNamed => named,
                    Kind::Any => true,
                };
                if fits {
                    list.push(i as u32);
                }
            }
        }
        Ok(TreeQuery {
            predicates,
            roots,
            roots_by_kind,
            kept_anonymous: kept_anonymous.words,
            capture_names: parsed.capture_names,
        })
    }

    /// The capture names, by capture index.
    pub fn capture_names(&self) -> &[String] {
        &self.capture_names
    }

    /// How many patterns the query has.
    pub fn pattern_count(&self) -> usize {
        self.predicates.len()
    }

    /// Every match in the tree under `root`.
    pub fn matches<'tree>(&self, root: Node<'tree>, source: &[u8]) -> QueryMatches<'tree> {
        let nodes = NodeTable::new(root, &self.kept_anonymous);
        let mut matcher = Matcher {
            query: self,
            source,
            nodes: &nodes,
            captures: Vec::new(),
            found: Vec::new(),
            out: QueryMatches::default(),
        };
        for at in 0..nodes.nodes.len() as u32 {
            // ERROR nodes (kind 65535) start no pattern, as in tree-sitter.
            let Some(candidates) = self.roots_by_kind.get(nodes.get(at).kind as usize) else {
                continue;
            };
            for &root in candidates {
                let root = &self.roots[root as usize];
                if root.siblings {
                    matcher.try_siblings(root, at);
                } else {
                    matcher.try_root(root, at);
                }
            }
        }
        let mut out = matcher.out;
        out.captures.extend(matcher.found.into_iter().map(|c| {
            let entry = nodes.get(c.node);
            QueryCapture {
                index: c.index,
                node: nodes.node(c.node),
                start_byte: entry.start_byte(),
                end_byte: entry.end_byte(),
            }
        }));
        out
    }
}

/// The anonymous kinds a query's steps name, as a bit set of node kind ids.
struct KindSet {
    words: Vec<u64>,
}

impl KindSet {
    fn new(kind_count: usize) -> KindSet {
        KindSet {
            words: vec![0; kind_count.div_ceil(64)],
        }
    }

    fn add_step(&mut self, language: &Language, step: &Step, in_field: bool) {
        match step {
            Step::Node(step) => self.add_node_step(language, step, in_field),
            // A sibling group's own step is not a node; its children are.
            Step::Siblings(group) => {
                for child in &group.children {
                    self.add_step(language, child, false);
                }
            }
            Step::Alternation {
                field, branches, ..
            } => {
                for branch in branches {
                    self.add_step(language, branch, in_field || field.is_some());
                }
            }
        }
    }

    /// `in_field`: an enclosing alternation requires a field of the node.
    fn add_node_step(&mut self, language: &Language, step: &NodeStep, in_field: bool) {
        match step.kind {
            Kind::Symbol(kind) if !language.node_kind_is_named(kind) => {
                if let Some(word) = self.words.get_mut(kind as usize / 64) {
                    *word |= 1 << (kind % 64);
                }
            }
            // `_` matches anonymous nodes too; the table keeps every one in
            // a field, so only a `_` in no field needs them all.
            Kind::Any if !in_field && step.field.is_none() => self.words.fill(u64::MAX),
            _ => {}
        }
        for child in &step.children {
            self.add_step(language, child, false);
        }
    }
}

/// Splits a top-level alternation into one root per branch, each keeping
/// the alternation's captures.
fn flatten_root(pattern: u32, step: Step, outer: &[u32], roots: &mut Vec<Root>) {
    match step {
        Step::Node(mut step) => {
            step.captures.extend_from_slice(outer);
            roots.push(Root {
                pattern,
                step,
                siblings: false,
                plain: false,
            });
        }
        Step::Siblings(step) => roots.push(Root {
            pattern,
            step,
            siblings: true,
            plain: false,
        }),
        Step::Alternation {
            captures, branches, ..
        } => {
            let mut outer = outer.to_vec();
            outer.extend_from_slice(&captures);
            for branch in branches {
                flatten_root(pattern, branch, &outer, roots);
            }
        }
    }
}

const NONE: u32 = u32::MAX;

/// Every node of a tree in pre-order, linked to its parent, first child and
/// next sibling, as a `TreeCursor` walk visits them. `node_table.c` fills
/// it in one pass over tree-sitter's subtrees (its header says why);
/// matching then moves through it without going back to tree-sitter.
struct NodeTable<'tree> {
    nodes: Vec<TableNode>,
    root: Node<'tree>,
}

/// One node of the table. `node_table.c` writes these: the layout is its
/// `SkeinTableNode`.
#[repr(C)]
struct TableNode {
    /// With `id` and the table's tree, the node's `TSNode`.
    context: [u32; 4],
    id: *const std::ffi::c_void,
    /// The kinds of the node's children, as `kind_bit`s.
    child_kinds: u64,
    parent: u32,
    first_child: u32,
    next_sibling: u32,
    /// Used while the table is filled.
    last_child: u32,
    end_byte: u32,
    kind: u16,
    /// The field the node sits in, 0 for none.
    field: u16,
    named: bool,
}

// One cache line a node.
#[cfg(target_pointer_width = "64")]
const _: () = assert!(std::mem::size_of::<TableNode>() == 64);

impl TableNode {
    fn start_byte(&self) -> usize {
        self.context[0] as usize
    }

    fn end_byte(&self) -> usize {
        self.end_byte as usize
    }
}

extern "C" {
    /// Fills `out` (room for `capacity` nodes) and returns how many nodes
    /// the tree under `root` has, `u32::MAX` if it ran out of memory.
    /// Anonymous leaves outside a field are listed only if their kind is in
    /// the bit set `kept_anonymous` of `kept_words` words.
    fn skein_node_table(
        root: tree_sitter::ffi::TSNode,
        out: *mut TableNode,
        capacity: u32,
        kept_anonymous: *const u64,
        kept_words: u32,
    ) -> u32;
}

impl<'tree> NodeTable<'tree> {
    /// The table of `root`'s tree, without the anonymous leaves outside a
    /// field whose kinds are not in `kept_anonymous` (a bit set).
    fn new(root: Node<'tree>, kept_anonymous: &[u64]) -> NodeTable<'tree> {
        let mut capacity = root.descendant_count();
        loop {
            let mut nodes: Vec<TableNode> = Vec::with_capacity(capacity);
            let room = u32::try_from(capacity).unwrap_or(u32::MAX - 1);
            // SAFETY: `out` has room for `room` nodes, which is all the C
            // side writes.
            let count = unsafe {
                skein_node_table(
                    root.into_raw(),
                    nodes.as_mut_ptr(),
                    room,
                    kept_anonymous.as_ptr(),
                    kept_anonymous.len() as u32,
                )
            };
            if count == u32::MAX {
                std::alloc::handle_alloc_error(std::alloc::Layout::new::<[usize; 1024]>());
            }
            if count <= room {
                // SAFETY: the first `count` nodes were written.
                unsafe { nodes.set_len(count as usize) };
                return NodeTable { nodes, root };
            }
            // descendant_count was short (it should not be): ask again.
            capacity = count as usize;
        }
    }

    fn get(&self, at: u32) -> &TableNode {
        &self.nodes[at as usize]
    }

    /// The tree-sitter node at `at`.
    fn node(&self, at: u32) -> Node<'tree> {
        let entry = self.get(at);
        let raw = tree_sitter::ffi::TSNode {
            context: entry.context,
            id: entry.id,
            tree: self.root.into_raw().tree,
        };
        // SAFETY: `context` and `id` are what `ts_node_new` gives this node
        // of `root`'s tree (node_table.c), which outlives 'tree.
        unsafe { Node::from_raw(raw) }
    }

    /// `at` and its later siblings.
    fn siblings_from(&self, at: u32) -> impl Iterator<Item = u32> + '_ {
        std::iter::successors((at != NONE).then_some(at), |&n| {
            let next = self.get(n).next_sibling;
            (next != NONE).then_some(next)
        })
    }
}

/// A capture while matching: the node by its place in the table.
#[derive(Clone, Copy)]
struct TableCapture {
    index: u32,
    node: u32,
}

struct Matcher<'q, 'n, 'tree, 's> {
    query: &'q TreeQuery,
    source: &'s [u8],
    nodes: &'n NodeTable<'tree>,
    /// Captures of the match being tried.
    captures: Vec<TableCapture>,
    /// Captures of the matches found so far, converted to nodes at the end.
    found: Vec<TableCapture>,
    /// Matches found so far (their captures index `found`).
    out: QueryMatches<'tree>,
}

impl<'q, 'n, 'tree> Matcher<'q, 'n, 'tree, '_> {
    fn try_root(&mut self, root: &'q Root, at: u32) {
        if root.plain {
            let start = self.found.len() as u32;
            self.found.extend(
                root.step
                    .captures
                    .iter()
                    .map(|&index| TableCapture { index, node: at }),
            );
            self.out
                .entries
                .push((root.pattern, start, self.found.len() as u32));
            return;
        }
        if !self.node_may_match(&root.step, at) {
            return;
        }
        let first = self.out.entries.len();
        self.match_node(&root.step, at, &mut |m: &mut Self| {
            m.finish(root.pattern, first)
        });
    }

    /// Tries a sibling group whose first step is at node `at`: the other
    /// steps match its later siblings. As in tree-sitter, the parent must
    /// exist and not be an ERROR node.
    fn try_siblings(&mut self, root: &'q Root, at: u32) {
        let parent = self.nodes.get(at).parent;
        if parent == NONE || self.nodes.get(parent).kind == ERROR_KIND {
            return;
        }
        let steps = &root.step;
        if !self.may_match(&steps.children[0], at) {
            return;
        }
        let first = self.out.entries.len();
        let next = self.nodes.get(at).next_sibling;
        self.match_step(&steps.children[0], at, &mut |m: &mut Self| {
            m.match_children(steps, next, 1, &mut |m: &mut Self| {
                m.finish(root.pattern, first)
            })
        });
    }

    /// Records the current captures as a match of `pattern`, unless its
    /// predicates fail or the same match was already recorded at this node.
    fn finish(&mut self, pattern: u32, first_at_node: usize) {
        let predicates = &self.query.predicates[pattern as usize];
        if !predicates.iter().all(|p| self.holds(p)) {
            return;
        }
        let same = |a: &[TableCapture], b: &[TableCapture]| {
            a.len() == b.len()
                && a.iter()
                    .zip(b)
                    .all(|(x, y)| x.index == y.index && x.node == y.node)
        };
        let found = &self.found;
        let duplicate = self.out.entries[first_at_node..]
            .iter()
            .any(|&(p, start, end)| {
                p == pattern && same(&found[start as usize..end as usize], &self.captures)
            });
        if duplicate {
            return;
        }
        let start = self.found.len() as u32;
        self.found.extend_from_slice(&self.captures);
        self.out
            .entries
            .push((pattern, start, self.found.len() as u32));
    }

    fn text(&self, at: u32) -> &[u8] {
        let node = self.nodes.get(at);
        &self.source[node.start_byte()..node.end_byte()]
    }

    /// Whether every node captured under the predicate's capture passes it
    /// (tree-sitter's rule: a capture absent from the match passes).
    fn holds(&self, predicate: &Predicate) -> bool {
        let nodes = |capture: u32| {
            self.captures
                .iter()
                .filter(move |c| c.index == capture)
                .map(|c| c.node)
        };
        match predicate {
            Predicate::Eq {
                capture,
                value,
                positive,
            } => nodes(*capture).all(|node| {
                let equal = match value {
                    EqValue::Text(text) => self.text(node) == text.as_bytes(),
                    EqValue::Capture(other) => {
                        nodes(*other).all(|o| self.text(o) == self.text(node))
                    }
                };
                equal == *positive
            }),
            Predicate::Match {
                capture,
                regex,
                positive,
            } => nodes(*capture).all(|node| {
                let found = std::str::from_utf8(self.text(node)).is_ok_and(|t| regex.is_match(t));
                found == *positive
            }),
            Predicate::AnyOf {
                capture,
                values,
                positive,
            } => nodes(*capture).all(|node| {
                let text = self.text(node);
                values.iter().any(|v| v.as_bytes() == text) == *positive
            }),
        }
    }

    /// Matches `step` against node `at`, which passed `may_match`, and
    /// calls `then` once for every way it matches.
    fn match_step(&mut self, step: &'q Step, at: u32, then: &mut dyn FnMut(&mut Self)) {
        match step {
            Step::Node(node_step) => self.match_node(node_step, at, then),
            Step::Siblings(_) => unreachable!("sibling groups are roots only"),
            Step::Alternation {
                captures, branches, ..
            } => {
                for branch in branches {
                    if !self.may_match(branch, at) {
                        continue;
                    }
                    self.match_step(branch, at, &mut |m: &mut Self| {
                        let mark = m.captures.len();
                        m.captures.extend(
                            captures
                                .iter()
                                .map(|&index| TableCapture { index, node: at }),
                        );
                        then(m);
                        m.captures.truncate(mark);
                    });
                }
            }
        }
    }

    /// Whether node `at` passes the checks of `step` that need only the
    /// node itself: its kind, its field and its children's kinds. Callers
    /// test it before `match_step`, which most nodes fail, to skip the
    /// call and the continuation it takes.
    fn may_match(&self, step: &Step, at: u32) -> bool {
        match step {
            Step::Node(step) => self.node_may_match(step, at),
            Step::Alternation { field, .. } => field.is_none_or(|f| f == self.nodes.get(at).field),
            Step::Siblings(_) => true,
        }
    }

    fn node_may_match(&self, step: &NodeStep, at: u32) -> bool {
        let node = self.nodes.get(at);
        let kind_fits = match step.kind {
            Kind::Symbol(symbol) => node.kind == symbol,
            Kind::AnyNamed => node.named && node.kind != ERROR_KIND,
            Kind::Any => node.kind != ERROR_KIND,
        };
        kind_fits
            && step.field.is_none_or(|f| f == node.field)
            && step.required_child_kinds & !node.child_kinds == 0
    }

    /// Matches `step` against node `at`, which passed `node_may_match`.
    fn match_node(&mut self, step: &'q NodeStep, at: u32, then: &mut dyn FnMut(&mut Self)) {
        let node = self.nodes.get(at);
        if !step.negated_fields.is_empty()
            && self
                .nodes
                .siblings_from(node.first_child)
                .any(|child| step.negated_fields.contains(&self.nodes.get(child).field))
        {
            return;
        }
        let mark = self.captures.len();
        self.captures.extend(
            step.captures
                .iter()
                .map(|&index| TableCapture { index, node: at }),
        );
        if step.children.is_empty() {
            then(self);
        } else {
            self.match_children(step, node.first_child, 0, then);
        }
        self.captures.truncate(mark);
    }

    /// Matches child steps `item..` of `parent` against node `from` and its
    /// later siblings, in order, each after the one before.
    fn match_children(
        &mut self,
        parent: &'q NodeStep,
        from: u32,
        item: usize,
        then: &mut dyn FnMut(&mut Self),
    ) {
        let Some(step) = parent.children.get(item) else {
            // `(a (b) .)`: no named node may follow the last child step's.
            if !(parent.anchor_last
                && self
                    .nodes
                    .siblings_from(from)
                    .any(|n| self.nodes.get(n).named))
            {
                then(self);
            }
            return;
        };
        let anchored = if item == 0 {
            parent.anchor_first
        } else {
            parent.anchored[item]
        };
        let mut child = from;
        while child != NONE {
            let next = self.nodes.get(child).next_sibling;
            if self.may_match(step, child) {
                self.match_step(step, child, &mut |m: &mut Self| {
                    m.match_children(parent, next, item + 1, then)
                });
            }
            // An anchored step takes the first named node or none.
            if anchored && self.nodes.get(child).named {
                break;
            }
            child = next;
        }
    }
}

/// tree-sitter's kind id of ERROR nodes.
const ERROR_KIND: u16 = u16::MAX;

#[cfg(test)]
mod node_table_tests {
    //! The table must hold what a `TreeCursor` walk gives, node for node.

    use super::{NodeTable, NONE};
    use crate::lang::Language;
    use std::path::{Path, PathBuf};

    /// Keeps every anonymous leaf: the table is then the whole cursor walk.
    const EVERY_KIND: [u64; 1024] = [u64::MAX; 1024];

    /// What tree-sitter's public API says of every node, in a cursor walk:
    /// (raw node, kind, field, named, parent, first child, next sibling).
    fn cursor_walk(tree: &tree_sitter::Tree) -> Vec<String> {
        let mut cursor = tree.walk();
        let mut rows: Vec<(String, u32, u32, u32)> = Vec::new();
        let mut parents: Vec<u32> = Vec::new();
        let mut last_child: Vec<u32> = Vec::new();
        loop {
            let node = cursor.node();
            let at = rows.len() as u32;
            let parent = parents.last().copied().unwrap_or(NONE);
            if let Some(last) = last_child.last_mut() {
                if *last == NONE {
                    rows[parent as usize].2 = at;
                } else {
                    rows[*last as usize].3 = at;
                }
                *last = at;
            }
            let raw = node.into_raw();
            let field = cursor.field_id().map_or(0, |f| f.get());
            let described = format!(
                "{:?} {:?} kind {} field {field} named {} parent {parent}",
                raw.context,
                raw.id,
                node.kind_id(),
                node.is_named()
            );
            rows.push((described, parent, NONE, NONE));
            if cursor.goto_first_child() {
                parents.push(at);
                last_child.push(NONE);
                continue;
            }
            while !cursor.goto_next_sibling() {
                if !cursor.goto_parent() {
                    return rows
                        .into_iter()
                        .map(|(row, _, first, next)| format!("{row} first {first} next {next}"))
                        .collect();
                }
                parents.pop();
                last_child.pop();
            }
        }
    }

    fn table_rows(tree: &tree_sitter::Tree) -> Vec<String> {
        let table = NodeTable::new(tree.root_node(), &EVERY_KIND);
        let mut child_kinds = vec![0u64; table.nodes.len()];
        for node in &table.nodes {
            if node.parent != NONE {
                child_kinds[node.parent as usize] |= super::syntax::kind_bit(node.kind);
            }
        }
        table
            .nodes
            .iter()
            .zip(child_kinds)
            .enumerate()
            .map(|(at, (n, kinds))| {
                let node = table.node(at as u32);
                let raw = node.into_raw();
                assert_eq!(n.child_kinds, kinds, "child kinds of {:?}", raw.context);
                assert_eq!(n.kind, node.kind_id());
                assert_eq!(n.end_byte(), node.end_byte(), "end of {:?}", raw.context);
                format!(
                    "{:?} {:?} kind {} field {} named {} parent {} first {} next {}",
                    raw.context,
                    raw.id,
                    n.kind,
                    n.field,
                    n.named,
                    n.parent,
                    n.first_child,
                    n.next_sibling
                )
            })
            .collect()
    }

    /// The table a query uses is the whole table less the anonymous leaves
    /// outside a field that the query does not name, linked past them.
    fn check_kept(language: Language, tree: &tree_sitter::Tree) {
        let kept = &language.analysis().query.kept_anonymous;
        let whole = NodeTable::new(tree.root_node(), &EVERY_KIND);
        let table = NodeTable::new(tree.root_node(), kept);
        let listed = |kind: u16| {
            kept.get(kind as usize / 64)
                .is_some_and(|w| w >> (kind % 64) & 1 == 1)
        };
        let keep: Vec<bool> = whole
            .nodes
            .iter()
            .map(|n| n.named || n.field != 0 || n.first_child != NONE || listed(n.kind))
            .collect();
        let mut new_at = vec![NONE; whole.nodes.len()];
        let mut count = 0;
        for (at, &k) in keep.iter().enumerate() {
            if k {
                new_at[at] = count;
                count += 1;
            }
        }
        let kept_from = |mut at: u32| {
            while at != NONE && !keep[at as usize] {
                at = whole.get(at).next_sibling;
            }
            if at == NONE {
                NONE
            } else {
                new_at[at as usize]
            }
        };
        assert_eq!(table.nodes.len(), count as usize);
        let mut child_kinds = vec![0u64; table.nodes.len()];
        for node in &table.nodes {
            if node.parent != NONE {
                child_kinds[node.parent as usize] |= super::syntax::kind_bit(node.kind);
            }
        }
        for (node, kinds) in table.nodes.iter().zip(child_kinds) {
            assert_eq!(node.child_kinds, kinds, "child kinds of {:?}", node.context);
        }
        for (at, n) in whole.nodes.iter().enumerate() {
            if !keep[at] {
                continue;
            }
            let t = table.get(new_at[at]);
            let parent = if n.parent == NONE {
                NONE
            } else {
                new_at[n.parent as usize]
            };
            assert_eq!(
                (t.context, t.id, t.end_byte, t.kind, t.field, t.named),
                (n.context, n.id, n.end_byte, n.kind, n.field, n.named)
            );
            assert_eq!(t.parent, parent, "parent of {:?}", n.context);
            assert_eq!(
                t.first_child,
                kept_from(n.first_child),
                "first child of {:?}",
                n.context
            );
            assert_eq!(
                t.next_sibling,
                kept_from(n.next_sibling),
                "next of {:?}",
                n.context
            );
        }
    }

    fn check(path: &str, source: &str) {
        let Some(language) = Language::from_path(path) else {
            return;
        };
        let tree = crate::scope_graph::parse(language, source, None).unwrap();
        check_kept(language, &tree);
        let expected = cursor_walk(&tree);
        let actual = table_rows(&tree);
        if let Some(at) =
            (0..expected.len().max(actual.len())).find(|&i| expected.get(i) != actual.get(i))
        {
            panic!(
                "{path} ({} bytes): node {at} differs\n  cursor: {:?}\n  table:  {:?}",
                source.len(),
                expected.get(at),
                actual.get(at)
            );
        }
    }

    fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                collect(&path, files);
            } else if Language::from_path(&path.to_string_lossy()).is_some() {
                files.push(path);
            }
        }
    }

    #[test]
    fn the_table_is_the_cursor_walk_on_every_fixture_and_cut() {
        let tests = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
        let mut files = Vec::new();
        collect(&tests, &mut files);
        assert!(
            files.len() >= 50,
            "fixtures not found under {}",
            tests.display()
        );
        for file in files {
            let source = std::fs::read_to_string(&file).unwrap();
            let path = file.to_string_lossy();
            check(&path, &source);
            // Cut short: ERROR and MISSING nodes.
            for cut in 1..=5 {
                let mut at = source.len() * cut / 6;
                while !source.is_char_boundary(at) {
                    at -= 1;
                }
                check(&path, &source[..at]);
            }
        }
    }

    #[test]
    fn the_table_is_the_cursor_walk_on_the_corpus() {
        let dir = std::env::var_os("SKEIN_CORPUS")
            .map(PathBuf::from)
            .or_else(|| {
                std::env::var_os("HOME").map(|h| Path::new(&h).join(".cache/skein-corpus"))
            });
        let Some(dir) = dir.filter(|d| d.is_dir()) else {
            eprintln!("no corpus (see ../shared/corpus/fetch.sh); skipped");
            return;
        };
        let mut files = Vec::new();
        collect(&dir, &mut files);
        for file in files {
            if let Ok(source) = std::fs::read_to_string(&file) {
                check(&file.to_string_lossy(), &source);
            }
        }
    }

    #[test]
    fn deep_trees_and_odd_input() {
        // Deeper than the walk's 64 frames on the stack.
        let deep = format!("x = {}1{};", "[".repeat(3000), "]".repeat(3000));
        check("deep.js", &deep);
        check(
            "deep.py",
            &format!("x = {}1{}\n", "(".repeat(2000), ")".repeat(2000)),
        );
        check("empty.rs", "");
        check("broken.ts", "class { f( : => ;; \u{0} ]] type <");
        check("comments.rs", "// a\nfn f() { /* b */ g(/* c */) }\n");
    }
}
