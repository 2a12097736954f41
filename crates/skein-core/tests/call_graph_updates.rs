//! The call graph after changes: a project keeps each file's resolved calls
//! between graphs, so every graph after an update, an addition or a removal
//! must equal the graph a fresh project over the same storage builds from
//! scratch, and show the change.

use skein_core::project::{
    CallGraph, CallGraphNode, CallGraphOptions, Project, ProjectOptions, SharedCallGraph, NO_SLOT,
};
use skein_core::storage::MemoryStorage;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

struct Fixture {
    storage: Arc<MemoryStorage>,
    project: Project,
}

impl Fixture {
    async fn new(files: &[(&str, &str)]) -> Fixture {
        let storage = Arc::new(MemoryStorage::new());
        let project = Project::new(storage.clone(), ProjectOptions::default());
        for (path, source) in files {
            project.add_or_update_file(path, source).await.unwrap();
        }
        // The first graph fills the kept calls that later graphs reuse.
        project
            .get_call_graph(&CallGraphOptions::default())
            .await
            .unwrap();
        Fixture { storage, project }
    }

    /// The live project's graph, checked against a fresh project's.
    async fn graph(&self) -> CallGraph {
        let options = CallGraphOptions::default();
        let kept = self.project.get_call_graph(&options).await.unwrap();
        let fresh = Project::open(self.storage.clone(), ProjectOptions::default())
            .await
            .unwrap()
            .get_call_graph(&options)
            .await
            .unwrap();
        assert_eq!(kept, fresh, "the kept calls gave another graph");
        kept
    }

    async fn edges(&self) -> Vec<String> {
        self.graph()
            .await
            .edges
            .iter()
            .map(|e| format!("{} -> {}", e.from, e.to))
            .collect()
    }

    async fn set(&self, path: &str, source: &str) {
        self.project.add_or_update_file(path, source).await.unwrap();
    }
}

#[tokio::test]
async fn an_edit_reaches_the_files_that_import_it() {
    let fixture = Fixture::new(&[
        (
            "app.py",
            "from util import helper\n\ndef main():\n    helper()\n",
        ),
        ("util.py", "def helper():\n    pass\n"),
    ])
    .await;
    assert_eq!(fixture.edges().await, ["app.py#main -> util.py#helper"]);
    fixture.set("util.py", "def other():\n    pass\n").await;
    assert_eq!(fixture.edges().await, Vec::<String>::new());
    fixture
        .set(
            "util.py",
            "\n\ndef helper():\n    other()\n\ndef other():\n    pass\n",
        )
        .await;
    assert_eq!(
        fixture.edges().await,
        [
            "app.py#main -> util.py#helper",
            "util.py#helper -> util.py#other"
        ]
    );
}

#[tokio::test]
async fn an_edit_reaches_through_re_exports() {
    let fixture = Fixture::new(&[
        (
            "app.js",
            "import { run } from './index.js'\nfunction main() { run() }\n",
        ),
        ("index.js", "export { run } from './impl.js'\n"),
        ("impl.js", "export function run() {}\n"),
    ])
    .await;
    assert_eq!(fixture.edges().await, ["app.js#main -> impl.js#run"]);
    fixture.set("impl.js", "export function walk() {}\n").await;
    assert_eq!(fixture.edges().await, Vec::<String>::new());
    fixture
        .set("index.js", "export { run } from './other.js'\n")
        .await;
    fixture.set("impl.js", "export function run() {}\n").await;
    assert_eq!(fixture.edges().await, Vec::<String>::new());
}

#[tokio::test]
async fn added_and_removed_files_change_what_modules_resolve_to() {
    let fixture = Fixture::new(&[(
        "app.ts",
        "import { load } from './store'\nexport function main() { load() }\n",
    )])
    .await;
    assert_eq!(fixture.edges().await, Vec::<String>::new());
    fixture.set("store.ts", "export function load() {}\n").await;
    assert_eq!(fixture.edges().await, ["app.ts#main -> store.ts#load"]);
    // A nearer candidate for the same specifier wins once it exists.
    fixture
        .set("store/index.ts", "export function load() {}\n")
        .await;
    assert_eq!(fixture.edges().await, ["app.ts#main -> store.ts#load"]);
    fixture.project.remove_file("store.ts").await.unwrap();
    assert_eq!(
        fixture.edges().await,
        ["app.ts#main -> store/index.ts#load"]
    );
}

#[tokio::test]
async fn a_rust_impl_in_a_new_file_is_found() {
    let fixture = Fixture::new(&[
        (
            "src/lib.rs",
            "mod shape;\nmod area;\nuse shape::Square;\npub fn run(s: Square) -> u32 { s.area() }\n",
        ),
        ("src/shape.rs", "pub struct Square(pub u32);\n"),
        ("src/area.rs", "use crate::shape::Square;\n"),
    ])
    .await;
    assert_eq!(fixture.edges().await, Vec::<String>::new());
    // Only a name search finds the impl: nothing imports area.rs's items.
    fixture
        .set(
            "src/area.rs",
            "use crate::shape::Square;\nimpl Square {\n    pub fn area(&self) -> u32 { self.0 * self.0 }\n}\n",
        )
        .await;
    assert_eq!(
        fixture.edges().await,
        ["src/lib.rs#run -> src/area.rs#Square.area"]
    );
    fixture
        .set("src/area.rs", "use crate::shape::Square;\n")
        .await;
    assert_eq!(fixture.edges().await, Vec::<String>::new());
}

#[tokio::test]
async fn inherited_methods_follow_their_base_class() {
    let fixture = Fixture::new(&[
        ("base.py", "class Base:\n    def save(self):\n        pass\n"),
        (
            "model.py",
            "from base import Base\n\nclass User(Base):\n    pass\n\ndef store(u: User):\n    u.save()\n",
        ),
    ])
    .await;
    assert_eq!(
        fixture.edges().await,
        ["model.py#store -> base.py#Base.save"]
    );
    fixture
        .set(
            "base.py",
            "class Base:\n    def write(self):\n        pass\n",
        )
        .await;
    assert_eq!(fixture.edges().await, Vec::<String>::new());
    fixture
        .set(
            "model.py",
            "from base import Base\n\nclass User(Base):\n    def save(self):\n        self.write()\n\ndef store(u: User):\n    u.save()\n",
        )
        .await;
    assert_eq!(
        fixture.edges().await,
        [
            "model.py#User.save -> base.py#Base.write",
            "model.py#store -> model.py#User.save"
        ]
    );
}

/// Calls kept for an unchanged file are reused, and answer the same as a
/// fresh resolution, also for `get_calls_from_definition`.
#[tokio::test]
async fn calls_from_a_definition_use_the_kept_calls() {
    let fixture = Fixture::new(&[
        (
            "app.py",
            "from util import helper\n\ndef main():\n    helper()\n",
        ),
        ("util.py", "def helper():\n    pass\n"),
    ])
    .await;
    let calls = fixture
        .project
        .get_calls_from_definition("app.py", "app.py#main")
        .await
        .unwrap();
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].callee.symbol_id, "util.py#helper");
    fixture.set("util.py", "def helpers():\n    pass\n").await;
    let calls = fixture
        .project
        .get_calls_from_definition("app.py", "app.py#main")
        .await
        .unwrap();
    assert!(calls.is_empty(), "a stale kept call was used: {calls:?}");
}

/// A first graph of many files is resolved on every core: it must agree
/// with each definition's calls resolved one by one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_graph_resolved_on_every_core_agrees_with_each_definition() {
    let mut files = vec![
        (
            "shared.py".to_string(),
            "class Base:\n    def save(self):\n        pass\n\ndef helper():\n    pass\n"
                .to_string(),
        ),
        (
            "lib.js".to_string(),
            "export function shared() {}\nexport class Shape { area() { return shared() } }\n"
                .to_string(),
        ),
    ];
    for i in 0..150 {
        files.push((
            format!("py/m{i}.py"),
            format!(
                "from shared import Base, helper\n\nclass C{i}(Base):\n    def run(self):\n        self.save()\n        helper()\n\ndef f{i}():\n    C{i}().run()\n"
            ),
        ));
        files.push((
            format!("js/m{i}.js"),
            format!(
                "import {{ shared, Shape }} from '../lib.js'\nexport function g{i}() {{ shared(); new Shape().area() }}\n"
            ),
        ));
    }
    let storage = Arc::new(MemoryStorage::new());
    let project = Project::new(storage.clone(), ProjectOptions::default());
    for result in project.add_or_update_files(files.clone()).await {
        result.unwrap();
    }
    let graph = project
        .get_call_graph(&CallGraphOptions::default())
        .await
        .unwrap();
    let mut from_graph: Vec<String> = graph
        .edges
        .iter()
        .filter(|e| !e.from.ends_with('#'))
        .map(|e| format!("{} -> {}", e.from, e.to))
        .collect();
    from_graph.sort();
    // A fresh project keeps no calls: each definition resolves its own.
    let fresh = Project::open(storage, ProjectOptions::default())
        .await
        .unwrap();
    let mut one_by_one = Vec::new();
    for (path, _) in &files {
        for definition in fresh.get_definitions(path).await.unwrap() {
            for call in fresh
                .get_calls_from_definition(path, &definition.symbol_id)
                .await
                .unwrap()
            {
                one_by_one.push(format!(
                    "{} -> {}",
                    call.caller.symbol_id, call.callee.symbol_id
                ));
            }
        }
    }
    one_by_one.sort();
    assert_eq!(from_graph.len(), 150 * 4 + 150 * 3 + 1);
    assert_eq!(from_graph, one_by_one);
}

/// The decoded-file cache and the call graph's state are bounded apart: a
/// project too large for either gives the same graph, before and after an
/// edit. Past `call_graph_bytes` it is resolved one file at a time, and
/// the calls that do not fit are resolved again for each graph.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_project_larger_than_its_bounds_gives_the_same_graph() {
    let mut files = vec![(
        "lib.py".to_string(),
        "def shared():\n    pass\n".to_string(),
    )];
    for i in 0..300 {
        files.push((
            format!("m{i}.py"),
            format!("from lib import shared\n\ndef f{i}():\n    shared()\n"),
        ));
    }
    let edit = (
        "m7.py".to_string(),
        "from lib import shared\n\ndef f7():\n    shared()\n    shared()\n".to_string(),
    );
    let (large, small) = (256 << 20, 64 << 10);
    let mut graphs = Vec::new();
    for (cache_bytes, call_graph_bytes) in [
        (large, large),
        (small, large),
        (large, small),
        (small, small),
    ] {
        let options = ProjectOptions {
            cache_bytes: Some(cache_bytes),
            call_graph_bytes,
            ..ProjectOptions::default()
        };
        let project = Project::new(Arc::new(MemoryStorage::new()), options);
        for result in project.add_or_update_files(files.clone()).await {
            result.unwrap();
        }
        let first = project
            .get_call_graph(&CallGraphOptions::default())
            .await
            .unwrap();
        project.add_or_update_file(&edit.0, &edit.1).await.unwrap();
        let edited = project
            .get_call_graph(&CallGraphOptions::default())
            .await
            .unwrap();
        graphs.push((first, edited));
    }
    assert_eq!(graphs[0].0.edges.len(), 300);
    assert_eq!(graphs[0].1.edges.len(), 301);
    for other in &graphs[1..] {
        assert_eq!(&graphs[0], other);
    }
}

/// A reopened project reads its files for the first graph many at a time;
/// a damaged one is still reported by key and path, not skipped.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_damaged_file_fails_the_first_graph_of_a_reopened_project() {
    use skein_core::error::ErrorKind;
    use skein_core::storage::keys::KeySpace;
    use skein_core::storage::Storage;
    let storage = Arc::new(MemoryStorage::new());
    let project = Project::new(storage.clone(), ProjectOptions::default());
    let files: Vec<(String, String)> = (0..300)
        .map(|i| (format!("m{i}.py"), format!("def f{i}():\n    pass\n")))
        .collect();
    for result in project.add_or_update_files(files).await {
        result.unwrap();
    }
    let key = KeySpace::new("skein").file("m7.py", 'a');
    storage.set(&key, vec![0; 64]).await.unwrap();
    let reopened = Project::open(storage, ProjectOptions::default())
        .await
        .unwrap();
    let err = reopened
        .get_call_graph(&CallGraphOptions::default())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Corrupt, "{err}");
    assert_eq!(err.path(), Some("m7.py"), "{err}");
}

/// A module of the edit sequence below: functions `f<m>_<i>` for the
/// `defs` given, each calling the `calls` given (module, function) through
/// imports, a class `C<m>` when `class` (calling in its body too), and
/// module-level calls.
fn module_source(m: usize, defs: &[usize], calls: &[(usize, usize)], class: bool) -> String {
    let mut source = String::new();
    for &(other, _) in calls {
        if other != m {
            source.push_str(&format!("from m{other} import *\n"));
        }
    }
    if class {
        source.push_str(&format!(
            "class C{m}:\n    def __init__(self):\n        self.n = 0\n    def run(self):\n        return f{m}_0()\n"
        ));
        // A call in the class body: the class is its caller.
        if let Some(&(other, function)) = calls.last().filter(|c| c.1 != usize::MAX) {
            source.push_str(&format!("    made = f{other}_{function}()\n"));
        }
    }
    for (k, &def) in defs.iter().enumerate() {
        source.push_str(&format!("def f{m}_{def}():\n"));
        // Calls are dealt out to the functions in turn.
        let own: Vec<&(usize, usize)> = calls
            .iter()
            .enumerate()
            .filter(|(i, _)| i % defs.len() == k)
            .map(|(_, call)| call)
            .collect();
        if own.is_empty() {
            source.push_str("    return 1\n");
        }
        for &&(other, function) in &own {
            if other == m && function == usize::MAX {
                source.push_str(&format!("    C{m}().run()\n"));
            } else if function == usize::MAX {
                source.push_str(&format!("    C{other}()\n"));
            } else {
                source.push_str(&format!("    f{other}_{function}()\n"));
            }
        }
    }
    // Module-level code calls too.
    if let Some(&(other, function)) = calls.first() {
        if function != usize::MAX {
            source.push_str(&format!("f{other}_{function}()\n"));
        }
    }
    source
}

/// Each graph after many edits of one or two files at a time (calls added
/// and removed, functions added, removed and renamed, classes constructed
/// or not, files added and removed) equals a fresh project's, with and
/// without calls outside the project. A kept graph is updated for the
/// files that changed rather than assembled anew; this checks every such
/// update against a whole assembly.
#[tokio::test]
async fn graphs_after_many_small_edits_equal_fresh_ones() {
    const MODULES: usize = 8;
    let mut seed: u64 = 0x5eed;
    let mut next = move |below: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((seed >> 33) as usize) % below
    };
    let random_module = |m: usize, next: &mut dyn FnMut(usize) -> usize| {
        let defs: Vec<usize> = (0..1 + next(4))
            .map(|_| next(4))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        let calls: Vec<(usize, usize)> = (0..next(6))
            .map(|_| {
                let other = next(MODULES);
                // usize::MAX: construct the other module's class.
                let function = if next(5) == 0 { usize::MAX } else { next(4) };
                (other, function)
            })
            .collect();
        module_source(m, &defs, &calls, next(2) == 0)
    };
    let files: Vec<(String, String)> = (0..MODULES)
        .map(|m| (format!("m{m}.py"), random_module(m, &mut next)))
        .collect();
    let storage = Arc::new(MemoryStorage::new());
    let project = Project::new(storage.clone(), ProjectOptions::default());
    for (path, source) in &files {
        project.add_or_update_file(path, source).await.unwrap();
    }
    let mut edges_seen = 0;
    let mut view = NumberedView::default();
    for step in 0..60 {
        // Whole runs with one option, so kept graphs are updated; a switch
        // assembles anew.
        let include_external = (step / 15) % 2 == 1;
        let options = CallGraphOptions {
            include_external,
            ..CallGraphOptions::default()
        };
        match next(10) {
            // A file added, or removed.
            0 => {
                let path = format!("extra{}.py", next(3));
                if next(2) == 0 {
                    let source = random_module(MODULES + next(3), &mut next);
                    project.add_or_update_file(&path, &source).await.unwrap();
                } else {
                    project.remove_file(&path).await.unwrap();
                }
            }
            // Two files at once, or one.
            kind => {
                for _ in 0..if kind == 1 { 2 } else { 1 } {
                    let m = next(MODULES);
                    let source = random_module(m, &mut next);
                    project
                        .add_or_update_file(&format!("m{m}.py"), &source)
                        .await
                        .unwrap();
                }
            }
        }
        let kept = project.get_call_graph(&options).await.unwrap();
        let fresh = Project::open(storage.clone(), ProjectOptions::default())
            .await
            .unwrap()
            .get_call_graph(&options)
            .await
            .unwrap();
        assert_eq!(kept, fresh, "step {step}: the kept graph differs");
        // Asking again with nothing changed gives the same graph.
        assert_eq!(project.get_call_graph(&options).await.unwrap(), fresh);
        edges_seen += fresh.edges.len();
        // A consumer of shared graphs that sometimes skips a few.
        if next(3) != 0 {
            let shared = project.get_shared_call_graph(&options).await.unwrap();
            assert_eq!(
                *shared.graph, fresh,
                "step {step}: the shared graph differs"
            );
            view.build(&shared, step);
            let again = project.get_shared_call_graph(&options).await.unwrap();
            let rebuilt = view.build(&again, step);
            assert!(rebuilt.is_empty(), "step {step}: nothing changed");
        }
    }
    assert!(
        edges_seen > 200,
        "the edits made too few calls to test: {edges_seen}"
    );
    assert!(
        view.reused > 100 && view.rebuilt > 100,
        "the numbering was barely used: {} nodes reused, {} rebuilt",
        view.reused,
        view.rebuilt
    );
}

/// What a consumer of shared graphs builds of each node, by slot, as the
/// Node binding does: it rebuilds only what the numbering says changed
/// since the version it holds, and checks that everything it kept is what
/// building the node anew gives.
#[derive(Default)]
struct NumberedView {
    /// Lineage and version of what it holds.
    held: Option<(u64, u64)>,
    definitions: HashMap<u32, String>,
    nodes: HashMap<u32, String>,
    reused: usize,
    rebuilt: usize,
}

impl NumberedView {
    /// Takes in `shared`; returns the nodes it rebuilt.
    fn build(&mut self, shared: &SharedCallGraph, step: usize) -> Vec<String> {
        let graph = &shared.graph;
        let numbering = shared.numbering.as_ref().expect("a kept graph is numbered");
        assert_eq!(numbering.slots.len(), graph.nodes.len());
        assert_eq!(numbering.edge_targets.len(), graph.edges.len());
        let slot_of: HashMap<&str, u32> = graph
            .nodes
            .keys()
            .map(|id| &**id)
            .zip(numbering.slots.iter().copied())
            .collect();
        assert_eq!(
            slot_of.values().collect::<HashSet<_>>().len(),
            graph.nodes.len(),
            "step {step}: two nodes share a slot"
        );
        for (edge, &target) in graph.edges.iter().zip(&numbering.edge_targets) {
            let expected = match edge.external {
                true => NO_SLOT,
                false => slot_of[&*edge.to],
            };
            assert_eq!(target, expected, "step {step}: edge to {}", edge.to);
        }
        let top_level: Vec<u32> = graph
            .top_level_nodes
            .iter()
            .map(|id| slot_of[&**id])
            .collect();
        assert_eq!(
            numbering.top_level, top_level,
            "step {step}: top-level slots"
        );

        let since = match self.held {
            Some((lineage, version))
                if lineage == numbering.lineage && version <= numbering.version =>
            {
                Some(version)
            }
            _ => None,
        };
        let mut rebuilt = Vec::new();
        for (i, (id, node)) in graph.nodes.iter().enumerate() {
            let slot = numbering.slots[i];
            let definition = describe_definition(node);
            let whole = describe_node(graph, node);
            assert!(numbering.node_changed[i] <= numbering.version);
            assert!(numbering.definition_changed[i] <= numbering.node_changed[i]);
            if let Some(since) = since {
                if numbering.definition_changed[i] <= since {
                    assert_eq!(
                        self.definitions[&slot], definition,
                        "step {step}: {id}'s definition changed unstamped"
                    );
                }
                if numbering.node_changed[i] <= since {
                    assert_eq!(
                        self.nodes[&slot], whole,
                        "step {step}: {id} changed unstamped"
                    );
                    self.reused += 1;
                    continue;
                }
            }
            rebuilt.push(id.to_string());
            self.definitions.insert(slot, definition);
            self.nodes.insert(slot, whole);
        }
        self.rebuilt += rebuilt.len();
        self.held = Some((numbering.lineage, numbering.version));
        rebuilt
    }
}

fn describe_definition(node: &CallGraphNode) -> String {
    format!("{} {:?}", node.path, node.definition)
}

/// A node as a consumer builds it: its definition, each call with the
/// called node's definition, its callers.
fn describe_node(graph: &CallGraph, node: &CallGraphNode) -> String {
    let calls: Vec<String> = node
        .calls
        .iter()
        .map(|&e| {
            let edge = &graph.edges[e];
            let target = match edge.external {
                true => String::new(),
                false => describe_definition(&graph.nodes[&edge.to]),
            };
            format!(
                "{} {} {:?} {:?} {target}",
                edge.to, edge.external, edge.location, edge.call_type
            )
        })
        .collect();
    format!(
        "{} calls {calls:?} called by {:?}",
        describe_definition(node),
        node.called_by
    )
}

/// A caller holds the definitions of what it calls: when a callee moves
/// (a line added above it), the caller is stamped changed too, whether the
/// kept graph is updated (the caller's file is resolved again, as its
/// calls hold the callee) or assembled anew (`include_external` switched,
/// which changes nothing else here). Files that call nothing make two
/// changed files few enough for the kept graph to be updated.
#[tokio::test]
async fn a_caller_is_stamped_changed_when_its_callee_moves() {
    let project = Project::new(Arc::new(MemoryStorage::new()), ProjectOptions::default());
    project
        .add_or_update_file("b.py", "from a import f\n\ndef g():\n    f()\n")
        .await
        .unwrap();
    for n in 0..16 {
        let path = format!("p{n}.py");
        project.add_or_update_file(&path, "x = 1\n").await.unwrap();
    }
    let mut view = NumberedView::default();
    for (step, include_external) in [false, false, true, true, false].into_iter().enumerate() {
        let source = format!("{}def f():\n    pass\n", "\n".repeat(step));
        project.add_or_update_file("a.py", &source).await.unwrap();
        let options = CallGraphOptions {
            include_external,
            ..CallGraphOptions::default()
        };
        let shared = project.get_shared_call_graph(&options).await.unwrap();
        let rebuilt = view.build(&shared, step);
        // The first graph builds all: 18 modules, f and g. Then a.py's
        // module (its range grew), f and g; an update may also rebuild
        // b.py's module, whose file was resolved again.
        if step == 0 {
            assert_eq!(rebuilt.len(), 20);
            continue;
        }
        let may = ["a.py#", "a.py#f", "b.py#", "b.py#g"];
        assert!(
            ["a.py#", "a.py#f", "b.py#g"]
                .iter()
                .all(|id| rebuilt.iter().any(|r| r == id))
                && rebuilt.iter().all(|r| may.contains(&r.as_str())),
            "step {step}: rebuilt {rebuilt:?}"
        );
    }
}

/// A graph cut down by `max_depth` is the caller's own: not numbered, and
/// what `get_call_graph` gives. The whole graph is numbered, and shared
/// with the project until dropped.
#[tokio::test]
async fn a_shared_graph_is_numbered_unless_cut_down() {
    let project = Project::new(Arc::new(MemoryStorage::new()), ProjectOptions::default());
    project
        .add_or_update_file(
            "a.py",
            "def f():\n    g()\n\ndef g():\n    h()\n\ndef h():\n    pass\n",
        )
        .await
        .unwrap();
    let shallow = CallGraphOptions {
        max_depth: Some(1),
        ..CallGraphOptions::default()
    };
    let cut = project.get_shared_call_graph(&shallow).await.unwrap();
    assert!(cut.numbering.is_none());
    assert_eq!(*cut.graph, project.get_call_graph(&shallow).await.unwrap());
    assert!(!cut.graph.nodes.contains_key("a.py#h"));

    let whole = project
        .get_shared_call_graph(&CallGraphOptions::default())
        .await
        .unwrap();
    let numbering = whole.numbering.as_ref().expect("the whole graph is kept");
    assert_eq!(numbering.slots.len(), whole.graph.nodes.len());
    // Kept by the project and held here.
    assert_eq!(Arc::strong_count(&whole.graph), 2);
    let again = project
        .get_shared_call_graph(&CallGraphOptions::default())
        .await
        .unwrap();
    assert!(Arc::ptr_eq(&whole.graph, &again.graph));
    assert_eq!(again.numbering.as_ref(), Some(numbering));
}
