//! Per-language analysis tests: annotated fixtures under `tests/lang/<language>/`,
//! in the stack-graphs style, plus generated and edge-case sources.
//!
//! An annotation is a comment line below a code line, with a `^` under a
//! character of a name and one assertion about that name:
//!
//! ```text
//! function outer(a) { return a }
//! //       ^ defines: function m.js#outer
//! //                         ^ defined: 1
//! ```
//!
//! | assertion | meaning |
//! |---|---|
//! | `defines: <kind> <symbol_id>` | a definition of that kind and id has its name here |
//! | `defined: <line>` | the reference here resolves within the file to a definition or import on that line (1-based) |
//! | `defined: none` | there is a reference here and it resolves to nothing in the file |
//! | `import: <module> <source_name>` | an import has its local name here |
//! | `exported: yes` / `exported: no` | the definition here is (not) exported |
//! | `doc: <text>` | the definition here has that docstring (`\n` for line breaks); `doc: none`: it has none |
//! | `enclosing: <first>-<last>` | the definition's enclosing range spans those lines (1-based) |
//! | `member: <receiver>` | a member access is named here, made on `self` (`this`/`self`/`Self`), on `super` (`super`, `super()`), on the reference named `<receiver>`, on `path <module path>`, on `top-level` (the first name of an absolute module path), or on `unknown` |
//! | `type: <name>` | the definition here has an evident type, named by a reference `<name>` (`type: none`: none) |
//! | `bases: <A>, <B>` | the definition here extends the references named so, in order (`bases: none`) |
//! | `owner: <qualified name>` | the definition here is a member of that class or `impl` (`owner: none`) |
//! | `nothing` | no definition, import or reference covers this character |
//!
//! Several annotation lines may follow one code line; they all refer to the
//! nearest code line above. Columns count UTF-16 code units of the code line.
//! Where the comment marker would have to sit under the name (a Python name
//! in column 0), `<-` instead of `^` marks the column where the comment
//! starts: `# <- defines: variable a.py#x`.

use skein_core::lang::Language;
use skein_core::position::Point;
use skein_core::scope_graph::{self, EdgeKind, Node, Receiver, ScopeGraph};
use std::path::{Path, PathBuf};

mod common;
use common::annotations::{parse_assertions, Assertion};

fn covers(range: &skein_core::position::Range, at: Point) -> bool {
    range.contains(at)
}

/// Checks every annotation of `source`; returns how many there were and the failures.
fn check_source(file_name: &str, source: &str) -> (usize, Vec<String>) {
    let language = Language::from_path(file_name).expect("fixture has a known extension");
    let assertions = match parse_assertions(source, language) {
        Ok(a) => a,
        Err(e) => return (0, vec![format!("{file_name}: {e}")]),
    };
    let graph = scope_graph::build(file_name, language, source).expect("builds");
    let mut failures = Vec::new();
    for assertion in &assertions {
        if let Err(e) = check_one(&graph, assertion) {
            failures.push(format!(
                "{file_name}:{} ({}:{}) `{}`: {e}",
                assertion.line,
                assertion.at.row + 1,
                assertion.at.column,
                assertion.text
            ));
        }
    }
    (assertions.len(), failures)
}

fn definition_at(graph: &ScopeGraph, at: Point) -> Result<&scope_graph::Definition, String> {
    let found: Vec<_> = graph
        .definitions()
        .filter(|d| covers(&d.range, at))
        .collect();
    match found.as_slice() {
        [one] => Ok(one),
        [] => Err(format!(
            "no definition here; nodes here: {}",
            describe_at(graph, at)
        )),
        more => Err(format!("{} definitions here", more.len())),
    }
}

fn describe_at(graph: &ScopeGraph, at: Point) -> String {
    let mut out = Vec::new();
    for node in &graph.nodes {
        match node {
            Node::Definition(d) if covers(&d.range, at) => out.push(format!(
                "definition {} {}",
                d.symbol_kind.as_str(),
                d.symbol_id
            )),
            Node::Import(i) if covers(&i.range, at) => out.push(format!("import {}", i.name)),
            Node::Reference(r) if covers(&r.range, at) => out.push(format!("reference {}", r.name)),
            _ => {}
        }
    }
    if out.is_empty() {
        "none".to_string()
    } else {
        out.join(", ")
    }
}

fn reference_name(graph: &ScopeGraph, id: u32) -> String {
    match &graph.nodes[id as usize] {
        Node::Reference(r) => r.name.to_string(),
        other => format!("<not a reference: {other:?}>"),
    }
}

fn check_one(graph: &ScopeGraph, assertion: &Assertion) -> Result<(), String> {
    let at = assertion.at;
    let (key, value) = match assertion.text.split_once(':') {
        Some((k, v)) => (k.trim(), v.trim()),
        None => (assertion.text.trim(), ""),
    };
    match key {
        "defines" => {
            let (kind, id) = value
                .split_once(' ')
                .ok_or("expected `defines: <kind> <symbol_id>`")?;
            let def = definition_at(graph, at)?;
            let actual = (def.symbol_kind.as_str(), def.symbol_id.as_str());
            if actual != (kind, id.trim()) {
                return Err(format!("found {} {}", actual.0, actual.1));
            }
        }
        "exported" => {
            let expected = match value {
                "yes" => true,
                "no" => false,
                _ => return Err("expected `exported: yes|no`".into()),
            };
            let def = definition_at(graph, at)?;
            if def.is_exported != expected {
                return Err(format!("is_exported is {}", def.is_exported));
            }
        }
        "doc" => {
            let def = definition_at(graph, at)?;
            let expected = value.replace("\\n", "\n");
            let expected = (value != "none").then_some(expected.as_str());
            if def.docstring.as_deref() != expected {
                return Err(format!("docstring is {:?}", def.docstring));
            }
        }
        "enclosing" => {
            let def = definition_at(graph, at)?;
            let (first, last) = value
                .split_once('-')
                .ok_or("expected `enclosing: <first>-<last>`")?;
            let range = def.enclosing_range.ok_or("no enclosing range")?;
            let actual = (range.start.row + 1, range.end.row + 1);
            let expected: (u32, u32) = (
                first.trim().parse().map_err(|_| "bad line")?,
                last.trim().parse().map_err(|_| "bad line")?,
            );
            if actual != expected {
                return Err(format!(
                    "enclosing range spans lines {}-{}",
                    actual.0, actual.1
                ));
            }
        }
        "import" => {
            let (module, source_name) = value
                .split_once(' ')
                .ok_or("expected `import: <module> <source_name>`")?;
            let found: Vec<_> = graph.imports().filter(|i| covers(&i.range, at)).collect();
            let [import] = found.as_slice() else {
                return Err(format!(
                    "no single import here; nodes here: {}",
                    describe_at(graph, at)
                ));
            };
            let actual = (
                import.source_module.as_deref().unwrap_or("<none>"),
                import.source_name.as_deref().unwrap_or("<none>"),
            );
            if actual != (module, source_name.trim()) {
                return Err(format!("import from {} of {}", actual.0, actual.1));
            }
        }
        "defined" => {
            let found: Vec<_> = graph
                .references()
                .filter(|r| covers(&r.range, at))
                .collect();
            let [reference] = found.as_slice() else {
                return Err(format!(
                    "no single reference here; nodes here: {}",
                    describe_at(graph, at)
                ));
            };
            let target = graph
                .edges
                .iter()
                .find(|e| {
                    e.source_id == reference.id
                        && matches!(e.kind, EdgeKind::RefToDef | EdgeKind::RefToImport)
                })
                .map(|e| &graph.nodes[e.target_id as usize]);
            let target_line = target.map(|node| match node {
                Node::Definition(d) => d.range.start.row + 1,
                Node::Import(i) => i.range.start.row + 1,
                _ => 0,
            });
            let expected = if value == "none" {
                None
            } else {
                Some(
                    value
                        .parse::<u32>()
                        .map_err(|_| "expected `defined: <line>|none`")?,
                )
            };
            if target_line != expected {
                let what = match target {
                    Some(Node::Definition(d)) => format!(
                        "definition {} on line {}",
                        d.symbol_id,
                        d.range.start.row + 1
                    ),
                    Some(Node::Import(i)) => {
                        format!("import {} on line {}", i.name, i.range.start.row + 1)
                    }
                    _ => "nothing".to_string(),
                };
                return Err(format!("resolves to {what}"));
            }
        }
        "member" => {
            let found: Vec<_> = graph
                .references()
                .filter(|r| covers(&r.range, at) && r.receiver.is_some())
                .collect();
            let [member] = found.as_slice() else {
                return Err(format!(
                    "no single member access here; nodes here: {}",
                    describe_at(graph, at)
                ));
            };
            let actual = match member.receiver.as_ref() {
                Some(Receiver::SelfType) => "self".to_string(),
                Some(Receiver::SuperType) => "super".to_string(),
                Some(Receiver::Reference(id)) => reference_name(graph, *id),
                Some(Receiver::Path(path)) if path.is_empty() => "top-level".to_string(),
                Some(Receiver::Path(path)) => format!("path {path}"),
                _ => "unknown".to_string(),
            };
            if actual != value {
                return Err(format!("made on {actual}"));
            }
        }
        "type" => {
            let def = definition_at(graph, at)?;
            let actual = def
                .type_ref
                .map_or_else(|| "none".to_string(), |id| reference_name(graph, id));
            if actual != value {
                return Err(format!("type is {actual}"));
            }
        }
        "bases" => {
            let def = definition_at(graph, at)?;
            let names: Vec<String> = def
                .bases
                .iter()
                .map(|&id| reference_name(graph, id))
                .collect();
            let actual = if names.is_empty() {
                "none".to_string()
            } else {
                names.join(", ")
            };
            if actual != value {
                return Err(format!("bases are {actual}"));
            }
        }
        "owner" => {
            let def = definition_at(graph, at)?;
            let actual = def.owner.as_deref().unwrap_or("none");
            if actual != value {
                return Err(format!("owner is {actual}"));
            }
        }
        "nothing" => {
            let here = describe_at(graph, at);
            if here != "none" {
                return Err(format!("found {here}"));
            }
        }
        _ => return Err(format!("unknown assertion `{key}`")),
    }
    Ok(())
}

fn fixture_dir(language: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/lang")
        .join(language)
}

/// Runs every fixture of a language folder; each must have assertions and pass them all.
fn run_fixtures(language: &str) {
    let mut files: Vec<PathBuf> = std::fs::read_dir(fixture_dir(language))
        .expect("fixture folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(
        files.len() >= 5,
        "{language}: only {} fixtures",
        files.len()
    );
    let mut failures = Vec::new();
    let mut total = 0;
    for file in &files {
        let name = file.file_name().unwrap().to_str().unwrap();
        let source = std::fs::read_to_string(file).expect("utf-8 fixture");
        let (count, mut errs) = check_source(name, &source);
        if count == 0 && errs.is_empty() {
            errs.push(format!("{name}: no assertions"));
        }
        total += count;
        failures.append(&mut errs);
    }
    assert!(
        failures.is_empty(),
        "{language}: {} of {total} assertions failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn javascript_fixtures() {
    run_fixtures("javascript");
}

#[test]
fn typescript_fixtures() {
    run_fixtures("typescript");
}

#[test]
fn python_fixtures() {
    run_fixtures("python");
}

#[test]
fn rust_fixtures() {
    run_fixtures("rust");
}

#[test]
fn every_language_query_compiles_and_runs() {
    for (path, source) in [
        ("a.js", "let a = 1;"),
        ("a.ts", "let a: number = 1;"),
        ("a.tsx", "let a = <A />;"),
        ("a.py", "a = 1"),
        ("a.rs", "static a: u8 = 1;"),
    ] {
        let language = Language::from_path(path).unwrap();
        let graph = scope_graph::build(path, language, source).unwrap();
        assert_eq!(graph.language, language);
        let names: Vec<_> = graph.definitions().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["a"], "{path}");
    }
}

/// The harness itself: each wrong assertion must be reported.
#[test]
fn wrong_assertions_fail() {
    let source = "\
import { b as c } from './m';
//            ^ import: ./n b
//            ^ import: ./m c
function outer(a) { return a + c + z; }
//       ^ defines: function m.js#wrong
//       ^ defines: method m.js#outer
//             ^ defined: 1
//                         ^ defined: 1
//                             ^ defined: 4
//                                 ^ defined: 4
//                                 ^ nothing
//       ^ nothing
//                ^ defines: parameter m.js#outer.a
//       ^ exported: yes
//       ^ doc: nope
//       ^ enclosing: 1-4
//                           ^ import: ./m b
//       ^ frobnicates: 1
";
    let (count, failures) = check_source("m.js", source);
    assert_eq!(count, 16);
    assert_eq!(failures.len(), count, "{failures:#?}");
    let right = "\
import { b as c } from './m';
//            ^ import: ./m b
function outer(a) { return a + c + z; }
//       ^ defines: function m.js#outer
//             ^ defines: parameter m.js#outer.a
//                         ^ defined: 3
//                             ^ defined: 1
//                                 ^ defined: none
//                                ^ nothing
//       ^ exported: no
//       ^ enclosing: 3-3
";
    let (count, failures) = check_source("m.js", right);
    assert_eq!((count, failures), (9, vec![]));
}

#[test]
fn annotations_need_code_and_a_valid_column() {
    let (_, failures) = check_source("a.py", "# ^ defined: 1\nx = 1\n");
    assert_eq!(failures.len(), 1, "{failures:?}");
    let (_, failures) = check_source("a.py", "x = 1\n#        ^ defined: 1\n");
    assert_eq!(failures.len(), 1, "{failures:?}");
}

#[test]
fn tsx_components_and_intrinsic_elements() {
    // Also exercised by the .tsx fixture; here without annotations inside JSX.
    let source =
        "import { Button } from './ui';\nexport function App() { return <div><Button /></div>; }\n";
    let graph = scope_graph::build("App.tsx", Language::Tsx, source).unwrap();
    let refs: Vec<_> = graph.references().map(|r| r.name.as_str()).collect();
    assert_eq!(refs, ["Button"]);
    let app = graph.definitions().find(|d| d.name == "App").unwrap();
    assert!(app.is_exported);
    assert_eq!(app.symbol_id, "App.tsx#App");
}

/// Columns count UTF-16 code units: `é` is one, `😀` two, though they take 2 and 4 bytes.
#[test]
fn utf16_columns_after_non_ascii_text() {
    let cases = [
        (
            "u.js",
            "const s = 'é😀'; function target() {}\n",
            "target",
            26,
        ),
        (
            "u.ts",
            "let s = \"日本😀\"; interface target {}\n",
            "target",
            26,
        ),
        ("u.py", "s = 'é😀'; target = 1\n", "target", 11),
        ("u.rs", "/* é😀 */ fn target() {}\n", "target", 13),
    ];
    for (path, source, name, column) in cases {
        let language = Language::from_path(path).unwrap();
        let graph = scope_graph::build(path, language, source).unwrap();
        let def = graph
            .definitions()
            .find(|d| d.name == name)
            .unwrap_or_else(|| panic!("{path}: no {name}"));
        assert_eq!(def.range.start, Point { row: 0, column }, "{path}");
        assert_eq!(def.range.end.column, column + name.len() as u32, "{path}");
        // The byte offset would be larger: the column is not bytes.
        let byte = source.find(name).unwrap() as u32;
        assert!(byte > column, "{path}");
    }
}

/// A ~300 KB file still yields every definition, in reasonable time.
#[test]
fn large_generated_files() {
    let mut js = String::new();
    let mut py = String::new();
    let mut rs = String::new();
    let n = 4000;
    for i in 0..n {
        js.push_str(&format!(
            "/** Doc {i}. */\nexport function f{i}(a{i}, b) {{\n  const v{i} = a{i} + b;\n  return v{i} * 2;\n}}\n"
        ));
        py.push_str(&format!(
            "def f{i}(a{i}, b):\n    \"\"\"Doc {i}.\"\"\"\n    v{i} = a{i} + b\n    return v{i} * 2\n\n"
        ));
        rs.push_str(&format!(
            "/// Doc {i}.\npub fn f{i}(a{i}: u32, b: u32) -> u32 {{\n    let v{i} = a{i} + b;\n    v{i} * 2\n}}\n"
        ));
    }
    for (path, source) in [("big.js", &js), ("big.py", &py), ("big.rs", &rs)] {
        assert!(source.len() > 300_000, "{path}: {} bytes", source.len());
        let language = Language::from_path(path).unwrap();
        let started = std::time::Instant::now();
        let graph = scope_graph::build(path, language, source).unwrap();
        let elapsed = started.elapsed();
        let functions: Vec<_> = graph
            .definitions()
            .filter(|d| d.symbol_kind.as_str() == "function")
            .collect();
        assert_eq!(functions.len(), n, "{path}");
        assert_eq!(graph.definitions().count(), 4 * n, "{path}");
        let last = functions.last().unwrap();
        assert_eq!(last.symbol_id, format!("{path}#f{}", n - 1));
        assert!(last.is_exported, "{path}");
        assert_eq!(
            last.docstring.as_deref(),
            Some(format!("Doc {}.", n - 1).as_str()),
            "{path}"
        );
        // Every use of a parameter or local resolves.
        let resolved = graph
            .edges
            .iter()
            .filter(|e| e.kind == EdgeKind::RefToDef)
            .count();
        assert_eq!(resolved, 3 * n, "{path}");
        assert!(elapsed.as_secs() < 30, "{path}: took {elapsed:?}");
    }
}
