//! `Project::get_calls_from_definition`: the calls a definition makes,
//! resolved across files, per language; nested functions keep their own
//! calls; calls leaving the project are left out; and the same answers come
//! back from a project reopened over the storage.

use skein_core::project::{Project, ProjectOptions};
use skein_core::storage::MemoryStorage;
use std::sync::Arc;

/// (callee symbol id, call kind, whether it constructs)
type Call = (String, &'static str, bool);

async fn project_of(files: &[(&str, &str)]) -> (Project, Arc<MemoryStorage>) {
    let storage = Arc::new(MemoryStorage::new());
    let project = Project::new(storage.clone(), ProjectOptions::default());
    for (path, source) in files {
        project.add_or_update_file(path, source).await.unwrap();
    }
    (project, storage)
}

/// The calls made by the definition of `path` whose symbol id ends in `#name`.
async fn calls_of(project: &Project, path: &str, name: &str) -> Vec<Call> {
    let symbol_id = format!("{path}#{name}");
    project
        .get_calls_from_definition(path, &symbol_id)
        .await
        .unwrap()
        .into_iter()
        .map(|call| {
            assert_eq!(call.caller.symbol_id, symbol_id);
            assert_eq!(call.caller_path, path);
            assert!(call
                .callee
                .symbol_id
                .starts_with(&format!("{}#", call.callee_path)));
            let constructs = call.is_constructor_call();
            (call.callee.symbol_id, call.kind.as_str(), constructs)
        })
        .collect()
}

fn call(symbol_id: &str, kind: &'static str, constructs: bool) -> Call {
    (symbol_id.to_string(), kind, constructs)
}

/// Checks `expected` on the project, then on one reopened from its storage.
async fn assert_calls(files: &[(&str, &str)], expected: &[(&str, &str, Vec<Call>)]) {
    let (project, storage) = project_of(files).await;
    let reopened = Project::open(storage, ProjectOptions::default())
        .await
        .unwrap();
    for project in [&project, &reopened] {
        for (path, caller, want) in expected {
            assert_eq!(
                &calls_of(project, path, caller).await,
                want,
                "{path}#{caller}"
            );
        }
    }
}

#[tokio::test]
async fn javascript_calls() {
    let a = "import { helper } from './b.js'\n\
             export class Shape { area() { return 0 } }\n\
             export class Circle extends Shape {\n  area() { return helper(2) }\n}\n\
             function main() {\n  const c = new Circle()\n  c.area()\n  helper(1)\n  console.log(c)\n  function inner() { helper(3) }\n  return inner\n}\n";
    let b = "export function helper(x) { return x }\n";
    assert_calls(
        &[("a.js", a), ("b.js", b)],
        &[
            (
                "a.js",
                "main",
                vec![
                    call("a.js#Circle", "constructor", true),
                    call("a.js#Circle.area", "method", false),
                    call("b.js#helper", "direct", false),
                ],
            ),
            (
                "a.js",
                "main.inner",
                vec![call("b.js#helper", "direct", false)],
            ),
            (
                "a.js",
                "Circle.area",
                vec![call("b.js#helper", "direct", false)],
            ),
            ("a.js", "Shape.area", vec![]),
            ("b.js", "helper", vec![]),
        ],
    )
    .await;
}

#[tokio::test]
async fn typescript_calls() {
    let a = "import { helper } from './b'\n\
             class Greeter {\n  greet(): string { return helper('x') }\n}\n\
             export function main(): void {\n  const g: Greeter = new Greeter()\n  g.greet()\n}\n";
    let b = "export function helper(s: string): string { return s }\n";
    assert_calls(
        &[("a.ts", a), ("b.ts", b)],
        &[
            (
                "a.ts",
                "main",
                vec![
                    call("a.ts#Greeter", "constructor", true),
                    call("a.ts#Greeter.greet", "method", false),
                ],
            ),
            (
                "a.ts",
                "Greeter.greet",
                vec![call("b.ts#helper", "direct", false)],
            ),
        ],
    )
    .await;
}

/// Constructing a class also calls the constructor it runs: its own, or
/// the nearest base class's.
#[tokio::test]
async fn constructor_calls_reach_the_constructor_through_inheritance() {
    let py = "class Base:\n    def __init__(self):\n        pass\n\n\
              class Child(Base):\n    pass\n\n\
              class Plain:\n    pass\n\n\
              def make():\n    Child()\n    Base()\n    Plain()\n";
    let js = "class Shape {\n  constructor() {}\n}\n\
              class Square extends Shape {}\n\
              function make() { new Square(); new Shape() }\n";
    assert_calls(
        &[("m.py", py), ("m.js", js)],
        &[
            (
                "m.py",
                "make",
                vec![
                    call("m.py#Child", "direct", true),
                    call("m.py#Base.__init__", "constructor", true),
                    call("m.py#Base", "direct", true),
                    call("m.py#Base.__init__", "constructor", true),
                    call("m.py#Plain", "direct", true),
                ],
            ),
            (
                "m.js",
                "make",
                vec![
                    call("m.js#Square", "constructor", true),
                    call("m.js#Shape.constructor", "constructor", true),
                    call("m.js#Shape", "constructor", true),
                    call("m.js#Shape.constructor", "constructor", true),
                ],
            ),
        ],
    )
    .await;
}

#[tokio::test]
async fn python_calls() {
    let app = "from util import helper\n\n\
               class User:\n    def save(self):\n        return helper(self)\n\n    def touch(self):\n        self.save()\n\n\
               def run():\n    u = User()\n    u.save()\n    print(u)\n";
    let util = "def helper(x):\n    return x\n";
    assert_calls(
        &[("app.py", app), ("util.py", util)],
        &[
            (
                "app.py",
                "run",
                vec![
                    // A plain call of a class constructs it.
                    call("app.py#User", "direct", true),
                    call("app.py#User.save", "method", false),
                ],
            ),
            (
                "app.py",
                "User.save",
                vec![call("util.py#helper", "direct", false)],
            ),
            (
                "app.py",
                "User.touch",
                vec![call("app.py#User.save", "method", false)],
            ),
        ],
    )
    .await;
}

#[tokio::test]
async fn rust_calls() {
    let lib = "mod util;\n\
               pub struct Counter { n: u32 }\n\
               impl Counter {\n    pub fn new() -> Counter { Counter { n: 0 } }\n    pub fn bump(&mut self) -> u32 { self.n = util::double(self.n); self.n }\n}\n\
               pub fn run() -> u32 {\n    let _fresh = Counter::new();\n    let mut c = Counter { n: 1 };\n    c.bump()\n}\n";
    let util = "pub fn double(x: u32) -> u32 { x * 2 }\n";
    assert_calls(
        &[("src/lib.rs", lib), ("src/util.rs", util)],
        &[
            (
                "src/lib.rs",
                "run",
                vec![
                    call("src/lib.rs#Counter.new", "method", false),
                    call("src/lib.rs#Counter.bump", "method", false),
                ],
            ),
            (
                "src/lib.rs",
                "Counter.bump",
                vec![call("src/util.rs#double", "method", false)],
            ),
            ("src/lib.rs", "Counter.new", vec![]),
        ],
    )
    .await;
}

#[tokio::test]
async fn calls_through_parameters_and_variables_are_left_out() {
    let a = "const log = makeLogger('a')\n\
             const shout = (s) => s.toUpperCase()\n\
             function run(next, items) {\n  log('run')\n  next()\n  items.forEach(shout)\n  return shout('x')\n}\n";
    // `shout` is a function (an arrow function bound to a const); `log`
    // and `next` hold what the code does not show; `forEach` is external.
    assert_calls(
        &[("a.js", a)],
        &[("a.js", "run", vec![call("a.js#shout", "direct", false)])],
    )
    .await;
    // Nor are they calls leaving the project: only `makeLogger`,
    // `forEach` and `toUpperCase` resolve to nothing here.
    let (project, _) = project_of(&[("a.js", a)]).await;
    let graph = project
        .get_call_graph(&skein_core::project::CallGraphOptions {
            include_external: true,
            max_depth: None,
        })
        .await
        .unwrap();
    let mut external: Vec<&str> = graph
        .edges
        .iter()
        .filter(|e| e.external)
        .map(|e| &*e.to)
        .collect();
    external.sort();
    assert_eq!(external, ["forEach", "makeLogger", "toUpperCase"]);
}

#[tokio::test]
async fn methods_of_instances_built_in_place() {
    let py = "class User:\n    def save(self):\n        pass\n\n\
              def make():\n    return User()\n\n\
              def run():\n    User().save()\n    make().save()\n";
    let js = "class Greeter { greet() {} }\nfunction run() { new Greeter().greet() }\n";
    assert_calls(
        &[("m.py", py), ("m.js", js)],
        &[
            // `make().save()`: what a function returns is not looked into.
            (
                "m.py",
                "run",
                vec![
                    call("m.py#User", "direct", true),
                    call("m.py#User.save", "method", false),
                    call("m.py#make", "direct", false),
                ],
            ),
            (
                "m.js",
                "run",
                vec![
                    call("m.js#Greeter", "constructor", true),
                    call("m.js#Greeter.greet", "method", false),
                ],
            ),
        ],
    )
    .await;
}

#[tokio::test]
async fn a_definition_that_cannot_call_has_no_calls_and_an_unknown_one_is_an_error() {
    let (project, _) = project_of(&[("a.py", "x = len([])\ndef f():\n    pass\n")]).await;
    assert!(project
        .get_calls_from_definition("a.py", "a.py#x")
        .await
        .unwrap()
        .is_empty());
    let err = project
        .get_calls_from_definition("a.py", "a.py#g")
        .await
        .unwrap_err();
    assert_eq!(err.path(), Some("a.py"));
    assert!(err.to_string().contains("no definition 'a.py#g'"), "{err}");
    let err = project
        .get_calls_from_definition("missing.py", "missing.py#f")
        .await
        .unwrap_err();
    assert_eq!(err.path(), Some("missing.py"));
}

mod call_graph {
    use super::project_of;
    use skein_core::project::{CallGraph, CallGraphOptions, Project, ProjectOptions};

    const APP: &str = "from util import helper, fact\n\n\
                       class Job:\n    def run(self):\n        return helper(1)\n\n\
                       def main():\n    job = Job()\n    job.run()\n    print(fact(3))\n\n\
                       main()\n";
    const UTIL: &str = "def helper(x):\n    return x\n\n\
                        def fact(n):\n    return 1 if n < 2 else n * fact(n - 1)\n\n\
                        def unused():\n    return helper(2)\n";

    fn strs(ids: &[std::sync::Arc<str>]) -> Vec<&str> {
        ids.iter().map(|id| &**id).collect()
    }

    fn edges(graph: &CallGraph) -> Vec<String> {
        graph
            .edges
            .iter()
            .map(|e| {
                let ext = if e.external { " (external)" } else { "" };
                format!("{} -> {} {}{ext}", e.from, e.to, e.call_type.as_str())
            })
            .collect()
    }

    #[tokio::test]
    async fn nodes_edges_and_top_level_nodes() {
        let (project, storage) = project_of(&[("app.py", APP), ("util.py", UTIL)]).await;
        let graph = project
            .get_call_graph(&CallGraphOptions::default())
            .await
            .unwrap();
        assert_eq!(
            edges(&graph),
            [
                "app.py#Job.run -> util.py#helper direct",
                "app.py#main -> app.py#Job constructor",
                "app.py#main -> app.py#Job.run method",
                "app.py#main -> util.py#fact direct",
                // Module-level code is a node of its own.
                "app.py# -> app.py#main direct",
                "util.py#fact -> util.py#fact direct",
                "util.py#unused -> util.py#helper direct",
            ]
        );
        let ids: Vec<&str> = graph.nodes.keys().map(|k| &**k).collect();
        assert_eq!(
            ids,
            [
                "app.py#",
                "app.py#Job",
                "app.py#Job.run",
                "app.py#main",
                "util.py#",
                "util.py#fact",
                "util.py#helper",
                "util.py#unused"
            ]
        );
        // Recursion alone does not make a caller.
        assert_eq!(
            strs(&graph.top_level_nodes),
            ["app.py#", "util.py#", "util.py#unused"]
        );
        let helper = &graph.nodes["util.py#helper"];
        assert_eq!(
            strs(&helper.called_by),
            ["app.py#Job.run", "util.py#unused"]
        );
        assert_eq!(&*helper.path, "util.py");
        let main = &graph.nodes["app.py#main"];
        let made: Vec<&str> = main.calls.iter().map(|&i| &*graph.edges[i].to).collect();
        assert_eq!(made, ["app.py#Job", "app.py#Job.run", "util.py#fact"]);

        // The same graph from storage, and on every run.
        let reopened = Project::open(storage, ProjectOptions::default())
            .await
            .unwrap();
        let again = reopened
            .get_call_graph(&CallGraphOptions::default())
            .await
            .unwrap();
        assert_eq!(again, graph);
    }

    #[tokio::test]
    async fn external_calls_and_depth() {
        let (project, _) = project_of(&[("app.py", APP), ("util.py", UTIL)]).await;
        let graph = project
            .get_call_graph(&CallGraphOptions {
                include_external: true,
                max_depth: None,
            })
            .await
            .unwrap();
        assert!(edges(&graph).contains(&"app.py#main -> print direct (external)".to_string()));
        assert_eq!(graph.edges.iter().filter(|e| e.external).count(), 1);
        // From the top-level nodes, one call deep: app.py's module code
        // reaches main, util.py's unused reaches helper; nothing further.
        let shallow = project
            .get_call_graph(&CallGraphOptions {
                include_external: false,
                max_depth: Some(1),
            })
            .await
            .unwrap();
        let ids: Vec<&str> = shallow.nodes.keys().map(|k| &**k).collect();
        assert_eq!(
            ids,
            [
                "app.py#",
                "app.py#main",
                "util.py#",
                "util.py#helper",
                "util.py#unused"
            ]
        );
        assert_eq!(
            edges(&shallow),
            [
                "app.py# -> app.py#main direct",
                "util.py#unused -> util.py#helper direct"
            ]
        );
    }
}

/// Every call site is resolved as a query of its own: a large project's
/// graph is not cut short by the step budget meant for one name.
#[tokio::test]
async fn a_large_project_keeps_every_edge() {
    let mut files = vec![(
        "lib.js".to_string(),
        "export function shared() {}\n".to_string(),
    )];
    for i in 0..400 {
        files.push((
            format!("m{i}.js"),
            format!("import {{ shared }} from './lib.js'\nexport function f{i}() {{ shared(); shared() }}\n"),
        ));
    }
    let project = Project::new(Arc::new(MemoryStorage::new()), ProjectOptions::default());
    for result in project.add_or_update_files(files).await {
        result.unwrap();
    }
    let graph = project
        .get_call_graph(&skein_core::project::CallGraphOptions::default())
        .await
        .unwrap();
    assert_eq!(graph.edges.len(), 800);
    assert_eq!(graph.nodes["lib.js#shared"].called_by.len(), 400);
}

/// A Rust type reaches a trait's default method through `impl Trait for
/// Type`, and `let x = Type(..)` gives `x` its type.
#[tokio::test]
async fn rust_trait_default_methods_and_tuple_structs() {
    let lib = "pub trait Area {\n    fn area(&self) -> u32;\n    fn twice(&self) -> u32 { self.area() * 2 }\n}\n\
               pub struct Sq(u32);\n\
               impl Area for Sq {\n    fn area(&self) -> u32 { self.0 }\n}\n\
               pub fn run() -> u32 {\n    let s = Sq(3);\n    s.twice() + s.area()\n}\n";
    assert_calls(
        &[("src/lib.rs", lib)],
        &[(
            "src/lib.rs",
            "run",
            vec![
                call("src/lib.rs#Sq", "direct", true),
                call("src/lib.rs#Area.twice", "method", false),
                call("src/lib.rs#Sq.area", "method", false),
            ],
        )],
    )
    .await;
}

/// Functions stored in dicts, lists, objects, arrays and variables, and
/// functions returned by a call, are followed where the code sets them
/// once (Python's `g = b` after `g = a` is a new definition of `g`, the
/// one `g()` reaches); a slot that holds something unknown is left out.
/// JS `let` is not followed: it may be set again.
#[tokio::test]
async fn calls_through_stored_and_returned_functions() {
    let py = "def a():\n    pass\n\ndef b():\n    pass\n\n\
              HANDLERS = {\"a\": a, \"b\": b}\nFUNCS = [a, b]\nf = a\ng = a\ng = b\nh = HANDLERS\n\n\
              def make():\n    return b\n\n\
              def run():\n    HANDLERS[\"b\"]()\n    FUNCS[0]()\n    f()\n    g()\n    make()()\n    HANDLERS[\"z\"]()\n";
    let js = "function a() {}\nfunction b() {}\n\
              const handlers = { a, run: b }\nconst list = [a, b]\nconst f = a\nlet g = a\ng = b\n\
              const make = () => b\n\
              function run() { handlers.run(); handlers['a'](); list[1](); f(); g(); make()() }\n";
    let rs = "fn a() {}\nfn b() {}\n\
              static TABLE: [fn(); 2] = [a, b];\n\
              fn make() -> fn() { b }\n\
              pub fn run() { TABLE[1](); let f = a; f(); make()() }\n";
    assert_calls(
        &[("m.py", py), ("m.js", js), ("src/lib.rs", rs)],
        &[
            (
                "m.py",
                "run",
                vec![
                    call("m.py#b", "direct", false),
                    call("m.py#a", "direct", false),
                    call("m.py#a", "direct", false),
                    call("m.py#b", "direct", false),
                    call("m.py#make", "direct", false),
                    call("m.py#b", "direct", false),
                ],
            ),
            (
                "m.js",
                "run",
                vec![
                    call("m.js#b", "method", false),
                    call("m.js#a", "direct", false),
                    call("m.js#b", "direct", false),
                    call("m.js#a", "direct", false),
                    call("m.js#make", "direct", false),
                    call("m.js#b", "direct", false),
                ],
            ),
            (
                "src/lib.rs",
                "run",
                vec![
                    call("src/lib.rs#b", "direct", false),
                    call("src/lib.rs#a", "direct", false),
                    call("src/lib.rs#make", "direct", false),
                    call("src/lib.rs#b", "direct", false),
                ],
            ),
        ],
    )
    .await;
}
