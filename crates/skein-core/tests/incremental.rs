//! `update_file_range` re-parses incrementally from a cached tree; the
//! result must equal a fresh analysis of the same text after every edit.

use skein_core::position::{LineIndex, Point};
use skein_core::project::{FileIndex, Project, ProjectOptions};
use skein_core::storage::MemoryStorage;
use std::sync::Arc;

/// A small deterministic generator (no seed file, same edits every run).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

const SNIPPETS: &[&str] = &[
    "x",
    "(",
    ")",
    "{",
    "}",
    "\n",
    " ",
    "é",
    "😀",
    "return y;",
    "const z = 1;\n",
    "function g(a) { return a }\n",
    "class K { m() { return this.m } }\n",
    "",
];

async fn check_edits(path: &str, mut source: String, edits: usize, seed: u64) {
    let project = Project::new(Arc::new(MemoryStorage::new()), ProjectOptions::default());
    project.add_or_update_file(path, &source).await.unwrap();
    let mut random = Lcg(seed);
    for step in 0..edits {
        // Pick two char boundaries and a replacement, as an editor would send them.
        let boundaries: Vec<usize> = source
            .char_indices()
            .map(|(i, _)| i)
            .chain([source.len()])
            .collect();
        let a = boundaries[random.below(boundaries.len())];
        let b = boundaries[random.below(boundaries.len())];
        let (start, end) = (a.min(b), a.max(b).min(a.min(b) + 40));
        let end = *boundaries.iter().find(|&&i| i >= end).unwrap();
        let text = SNIPPETS[random.below(SNIPPETS.len())];
        let lines = LineIndex::new(&source);
        let (from, to): (Point, Point) = (lines.point_at(start), lines.point_at(end));
        project
            .update_file_range(path, from, to, text)
            .await
            .unwrap();
        source = format!("{}{}{}", &source[..start], text, &source[end..]);
        let stored = project.file_index(path).await.unwrap().unwrap();
        let fresh = FileIndex::analyze(path, source.clone()).unwrap();
        assert_eq!(
            stored.source, fresh.source,
            "{path}: text after edit {step}"
        );
        assert_eq!(stored.graph, fresh.graph, "{path}: graph after edit {step}");
    }
}

#[tokio::test]
async fn incremental_edits_equal_fresh_analysis() {
    let js = "import { a } from './a.js';\nexport function f(x) {\n  const y = a(x);\n  return y;\n}\nclass C extends B { m() { return this.n } }\n";
    let py = "from .a import b\n\nclass C(B):\n    def m(self, x):\n        return self.n(x)\n\ndef f():\n    return C().m(1)\n";
    let rs = "use crate::a::B;\n\nstruct S { v: u32 }\n\nimpl S {\n    fn m(&self) -> u32 { self.v }\n}\n\nfn main() { let s = S { v: 1 }; s.m(); }\n";
    check_edits("a.js", js.to_string(), 60, 1).await;
    check_edits("a.tsx", js.to_string(), 40, 2).await;
    check_edits("a.py", py.to_string(), 60, 3).await;
    check_edits("a.rs", rs.to_string(), 60, 4).await;
}
