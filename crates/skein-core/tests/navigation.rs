//! Cross-file navigation fixtures: each folder under
//! `tests/navigation/<language>/` is a small project. Every file is indexed,
//! then annotations (the format of `lang.rs`) are checked twice: on the
//! project that indexed them, and on a second project opened over the same
//! storage, so every answer is proven to come back from stored state.
//!
//! | assertion | meaning |
//! |---|---|
//! | `def: <file>:<line>` | `go_to_definition` here lands on a definition whose name starts on that line (1-based) of that file (relative to the case folder) |
//! | `def: none` | `go_to_definition` here gives nothing |
//! | `refs: <file>:<line>, …` | `find_references` here gives references on exactly those lines, in that order (`refs: none`: none) |

mod common;

use common::annotations::{parse_assertions, Assertion};
use common::counting_storage::CountingStorage;
use skein_core::lang::Language;
use skein_core::project::{Project, ProjectOptions};
use skein_core::storage::MemoryStorage;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The files of a case: (path relative to the case folder, source).
fn case_files(dir: &Path) -> Vec<(String, String)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).expect("case folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if Language::from_path(path.to_str().unwrap()).is_some() {
                let relative = path.strip_prefix(dir).unwrap();
                let relative: Vec<&str> = relative.iter().map(|p| p.to_str().unwrap()).collect();
                let source = std::fs::read_to_string(&path).expect("utf-8 fixture");
                files.push((relative.join("/"), source));
            }
        }
    }
    files.sort();
    files
}

async fn check(project: &Project, path: &str, assertion: &Assertion) -> Result<(), String> {
    let (key, value) = assertion
        .text
        .split_once(':')
        .map(|(k, v)| (k.trim(), v.trim()))
        .ok_or("expected `<assertion>: <value>`")?;
    let actual = match key {
        "def" => match project
            .go_to_definition(path, assertion.at)
            .await
            .map_err(|e| e.to_string())?
        {
            Some((file, def)) => format!("{file}:{}", def.range.start.row + 1),
            None => "none".to_string(),
        },
        "refs" => {
            let sites = project
                .find_references(path, assertion.at, false)
                .await
                .map_err(|e| e.to_string())?;
            if sites.is_empty() {
                "none".to_string()
            } else {
                sites
                    .iter()
                    .map(|s| format!("{}:{}", s.path, s.range.start.row + 1))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        }
        _ => return Err(format!("unknown assertion `{key}`")),
    };
    if actual == value {
        Ok(())
    } else {
        Err(format!("got `{actual}`"))
    }
}

/// Checks every annotation of every file; returns (assertions, failures).
async fn check_case(project: &Project, files: &[(String, String)]) -> (usize, Vec<String>) {
    let mut count = 0;
    let mut failures = Vec::new();
    for (path, source) in files {
        let language = Language::from_path(path).unwrap();
        let assertions = match parse_assertions(source, language) {
            Ok(a) => a,
            Err(e) => {
                failures.push(format!("{path}: {e}"));
                continue;
            }
        };
        for assertion in &assertions {
            count += 1;
            if let Err(e) = check(project, path, assertion).await {
                failures.push(format!(
                    "{path}:{} ({}:{}) `{}`: {e}",
                    assertion.line,
                    assertion.at.row + 1,
                    assertion.at.column,
                    assertion.text
                ));
            }
        }
    }
    (count, failures)
}

fn run_language(language: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/navigation")
        .join(language);
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("navigation fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(!cases.is_empty(), "{language}: no cases");
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let mut failures = Vec::new();
    let mut total = 0;
    for case in &cases {
        let name = case.file_name().unwrap().to_str().unwrap();
        let files = case_files(case);
        runtime.block_on(async {
            let storage = Arc::new(MemoryStorage::new());
            let project = Project::new(storage.clone(), ProjectOptions::default());
            for (path, source) in &files {
                project.add_or_update_file(path, source).await.unwrap();
            }
            let (count, errs) = check_case(&project, &files).await;
            if count == 0 {
                failures.push(format!("{name}: no assertions"));
            }
            total += count;
            failures.extend(errs.into_iter().map(|e| format!("{name}/{e}")));
            let reopened = Project::open(storage, ProjectOptions::default())
                .await
                .unwrap();
            let (_, errs) = check_case(&reopened, &files).await;
            failures.extend(errs.into_iter().map(|e| format!("{name}/{e} (reopened)")));
        });
    }
    assert!(
        failures.is_empty(),
        "{language}: {} of {total} assertions failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn javascript_navigation() {
    run_language("javascript");
}

#[test]
fn typescript_navigation() {
    run_language("typescript");
}

#[test]
fn python_navigation() {
    run_language("python");
}

#[test]
fn rust_navigation() {
    run_language("rust");
}

/// Long re-export chains and import cycles end (within the resolver's
/// depth) instead of overflowing the stack or looping.
#[test]
fn deep_chains_and_cycles_end() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let project = Project::new(Arc::new(MemoryStorage::new()), ProjectOptions::default());
        let depth = 300;
        for i in 0..depth {
            let source = if i + 1 == depth {
                "export function last() {}\n".to_string()
            } else {
                format!("export * from './m{}.js';\n", i + 1)
            };
            project.add_or_update_file(&format!("m{i}.js"), &source).await.unwrap();
        }
        project
            .add_or_update_file("near.js", "export * from './m290.js';\n")
            .await
            .unwrap();
        // Cycles: two modules re-exporting each other, a Python module importing itself.
        project
            .add_or_update_file("a.js", "export * from './b.js';\nexport { x } from './b.js';\n")
            .await
            .unwrap();
        project
            .add_or_update_file("b.js", "export * from './a.js';\nexport { x } from './a.js';\n")
            .await
            .unwrap();
        project
            .add_or_update_file("self.py", "import self\nfrom self import *\nself.x\ny\n")
            .await
            .unwrap();
        project
            .add_or_update_file(
                "use.js",
                "import { last } from './m0.js';\nimport { last as l2 } from './near.js';\nimport { x } from './a.js';\nlast; l2; x;\n",
            )
            .await
            .unwrap();
        let at = |row, column| skein_core::position::Point { row, column };
        let far = project.go_to_definition("use.js", at(3, 0)).await.unwrap();
        assert_eq!(far, None, "300 re-exports deep is past the resolver's depth");
        let near = project.go_to_definition("use.js", at(3, 6)).await.unwrap();
        assert_eq!(near.map(|(path, d)| (path, d.name.to_string())), Some(("m299.js".to_string(), "last".to_string())));
        assert_eq!(project.go_to_definition("use.js", at(3, 10)).await.unwrap(), None);
        assert_eq!(project.go_to_definition("self.py", at(2, 5)).await.unwrap(), None);
        assert_eq!(project.go_to_definition("self.py", at(3, 0)).await.unwrap(), None);
        let refs = project.find_references("m299.js", at(0, 16), false).await.unwrap();
        // Through near.js only: `last` in `{ last as l2 }`, the import `l2`, and `l2`.
        let names: Vec<&str> = refs.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["last", "l2", "l2"]);
        assert!(refs.iter().all(|r| r.path == "use.js"));
    });
}

/// Where the definition at `row`, `column` of `path` is referenced:
/// `path:row`, in the order `find_references` gives (by file and position).
async fn sites_of(project: &Project, path: &str, row: u32, column: u32) -> Vec<String> {
    let at = skein_core::position::Point { row, column };
    project
        .find_references(path, at, false)
        .await
        .unwrap()
        .iter()
        .map(|s| format!("{}:{}", s.path, s.range.start.row))
        .collect()
}

/// Where `f`, defined at the start of a.js, is referenced.
async fn sites(project: &Project) -> Vec<String> {
    sites_of(project, "a.js", 0, 16).await
}

/// find_references reads only files whose stored name filter may mention
/// the name: updates, new files and removals must show at once, and in a
/// project reopened from the storage.
#[test]
fn find_references_follow_updates_and_removals() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let storage = Arc::new(MemoryStorage::new());
        let project = Project::new(storage.clone(), ProjectOptions::default());
        project
            .add_or_update_file("a.js", "export function f() {}\n")
            .await
            .unwrap();
        project
            .add_or_update_file("b.js", "import { f } from './a.js';\nf();\n")
            .await
            .unwrap();
        assert_eq!(sites(&project).await, ["b.js:0", "b.js:1"]);
        project
            .add_or_update_file("b.js", "import { f } from './a.js';\n")
            .await
            .unwrap();
        assert_eq!(sites(&project).await, ["b.js:0"]);
        project
            .add_or_update_file("c.js", "const { f } = require('./a.js');\nf();\n")
            .await
            .unwrap();
        assert_eq!(sites(&project).await, ["b.js:0", "c.js:0", "c.js:1"]);
        project.remove_file("b.js").await.unwrap();
        assert_eq!(sites(&project).await, ["c.js:0", "c.js:1"]);
        let reopened = Project::open(storage, ProjectOptions::default())
            .await
            .unwrap();
        assert_eq!(sites(&reopened).await, ["c.js:0", "c.js:1"]);
    });
}

/// A parameter, a local or a function inside a function can be named in its
/// own file only: `find_references` reads no other file for it, though
/// others mention the name. What a wrapper exports (`exports.helper =
/// helper`) is still searched for everywhere.
#[test]
fn locals_are_searched_for_in_their_own_file_only() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let files = [
            ("a.js", "function outer(value) {\n  function inner() { return value; }\n  return inner();\n}\nexport { outer };\n"),
            ("other.js", "const value = 1;\nfunction inner() {}\ninner(value);\n"),
            ("a.py", "def outer(value):\n    total = value\n    return total\n"),
            ("other.py", "value = total = 1\n"),
            ("wrapper.js", "(function (exports) {\n  function helper() {}\n  exports.helper = helper;\n})(module.exports);\n"),
            ("user.js", "const { helper } = require('./wrapper.js');\nhelper();\n"),
        ];
        // Nothing cached: every file a query looks at is read from storage.
        let (project, storage) = CountingStorage::stored_then_opened(&files, 0).await;
        for (path, row, column, expected) in [
            ("a.js", 0, 15, vec!["a.js:1"]),
            ("a.js", 1, 11, vec!["a.js:2"]),
            ("a.py", 0, 10, vec!["a.py:1"]),
            ("a.py", 1, 4, vec!["a.py:2"]),
        ] {
            storage.take_most_read();
            let found = sites_of(&project, path, row, column).await;
            assert_eq!(found, expected, "{path}:{row}:{column}");
            assert_eq!(storage.reads_of("other."), 0, "{path}:{row}:{column}");
        }
        assert_eq!(
            sites_of(&project, "wrapper.js", 1, 11).await,
            ["user.js:0", "user.js:1", "wrapper.js:2"]
        );
    });
}

/// `find_references` over many files reads them a batch at a time: from a
/// store with a native `get_many` (Redis through Keyv, a JS object with
/// `getMany`), in a few round trips rather than one per file. A store
/// without one gives the same sites.
#[test]
fn references_across_many_files_are_read_in_a_few_round_trips() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let users: Vec<(String, String)> = (0..100)
            .map(|i| {
                let source = format!("from helpers import helper\n\nhelper({i})\n");
                (format!("user_{i:03}.py"), source)
            })
            .collect();
        let mut files = vec![("helpers.py", "def helper(n):\n    return n\n")];
        files.extend(
            users
                .iter()
                .map(|(path, source)| (path.as_str(), source.as_str())),
        );
        let mut expected: Vec<String> = users
            .iter()
            .flat_map(|(path, _)| [format!("{path}:0"), format!("{path}:2")])
            .collect();
        expected.sort();

        for without_get_many in [false, true] {
            let storage = if without_get_many {
                CountingStorage::without_get_many()
            } else {
                CountingStorage::default()
            };
            // Nothing cached: every file is read from storage.
            let (project, storage) =
                CountingStorage::stored_then_opened_in(storage, &files, 0).await;
            let found = sites_of(&project, "helpers.py", 0, 4).await;
            assert_eq!(found, expected, "without get_many: {without_get_many}");
            let round_trips = storage.take_round_trips();
            // Each user once: the sites come from the scan, not a second read.
            assert_eq!(storage.reads_of("user_"), 100);
            storage.take_most_read();
            if without_get_many {
                assert!(round_trips >= 100, "{round_trips} round trips");
            } else {
                // 100 users in batches of 32, and the few files resolving
                // the import reads one at a time.
                assert!(round_trips <= 12, "{round_trips} round trips");
            }
        }
    });
}

/// `get_imports_with_definitions` and `get_exported_functions` in Python and Rust.
#[test]
fn imports_and_exports_in_python_and_rust() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let project = Project::new(Arc::new(MemoryStorage::new()), ProjectOptions::default());
        let files = [
            ("pkg/__init__.py", "from .core import run\n"),
            ("pkg/core.py", "def run():\n    pass\n\ndef _hidden():\n    pass\n\nclass Engine:\n    pass\n"),
            ("app.py", "from pkg import run\nimport pkg.core as core\nfrom pkg.core import Engine as E, missing\nimport os\n"),
            ("src/lib.rs", "mod util;\npub use util::helper;\nuse crate::util::Config;\nuse std::fmt;\n"),
            ("src/util.rs", "pub fn helper() {}\nfn private() {}\npub struct Config;\n"),
        ];
        for (path, source) in files {
            project.add_or_update_file(path, source).await.unwrap();
        }
        let imported = |path: &'static str| {
            let project = &project;
            async move {
                project
                    .get_imports_with_definitions(path)
                    .await
                    .unwrap()
                    .into_iter()
                    .map(|i| format!("{} -> {}", i.import.name, i.definition.symbol_id))
                    .collect::<Vec<_>>()
            }
        };
        // `missing` and `os` resolve to nothing in the project; `core` is a module.
        assert_eq!(
            imported("app.py").await,
            ["run -> pkg/core.py#run", "core -> pkg/core.py#", "E -> pkg/core.py#Engine"]
        );
        assert_eq!(
            imported("src/lib.rs").await,
            ["helper -> src/util.rs#helper", "Config -> src/util.rs#Config"]
        );
        let exported: Vec<String> = project
            .get_exported_functions("pkg/core.py")
            .await
            .unwrap()
            .into_iter()
            .map(|d| d.name.to_string())
            .collect();
        assert_eq!(exported, ["run"]);
        let exported: Vec<String> = project
            .get_exported_functions("src/util.rs")
            .await
            .unwrap()
            .into_iter()
            .map(|d| d.name.to_string())
            .collect();
        assert_eq!(exported, ["helper"]);
    });
}
