//! `Project::add_or_update_files`: many files in one call give the same
//! project as one call per file, results come back in the order given, and
//! a file that fails (unsupported, or a write that fails) leaves the others.

use skein_core::project::{Project, ProjectOptions};
use skein_core::storage::{FaultyStorage, MemoryStorage, Storage};
use skein_core::ErrorKind;
use std::collections::BTreeSet;
use std::sync::Arc;

/// More files than the analyses kept in flight, in every language.
fn sample_files() -> Vec<(String, String)> {
    let mut files = Vec::new();
    for i in 0..90 {
        let (path, source) = match i % 5 {
            0 => (
                format!("py/m{i}.py"),
                format!("from py.m0 import helper\n\ndef f{i}(x):\n    return helper(x) + {i}\n\nclass C{i}:\n    def run(self):\n        return f{i}(1)\n"),
            ),
            1 => (
                format!("js/m{i}.js"),
                format!("import {{ g1 }} from './m1.js'\nexport function g{i}(a) {{ return g1(a) + {i} }}\n"),
            ),
            2 => (
                format!("ts/m{i}.ts"),
                format!("export interface I{i} {{ n: number }}\nexport const v{i}: I{i} = {{ n: {i} }}\n"),
            ),
            3 => (
                format!("src/m{i}.rs"),
                format!("pub struct S{i};\nimpl S{i} {{ pub fn get(&self) -> u32 {{ {i} }} }}\n"),
            ),
            _ => (
                format!("ui/c{i}.tsx"),
                format!("export function C{i}() {{ return <div>{i}</div> }}\n"),
            ),
        };
        files.push((path, source));
    }
    files
}

async fn definitions_by_file(project: &Project) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    for path in project.get_file_paths().await.unwrap() {
        let names = project
            .get_definitions(&path)
            .await
            .unwrap()
            .into_iter()
            .map(|d| format!("{} {:?} {}", d.name, d.symbol_kind, d.symbol_id))
            .collect();
        out.push((path, names));
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_call_gives_the_project_of_one_call_per_file() {
    let files = sample_files();
    let storage = Arc::new(MemoryStorage::new());
    let batched = Project::new(storage.clone(), ProjectOptions::default());
    let results = batched.add_or_update_files(files.clone()).await;
    assert_eq!(results.len(), files.len());
    assert!(results.iter().all(|r| matches!(r, Ok(true))));

    let one_by_one = Project::new(Arc::new(MemoryStorage::new()), ProjectOptions::default());
    for (path, source) in &files {
        one_by_one.add_or_update_file(path, source).await.unwrap();
    }
    let expected = definitions_by_file(&one_by_one).await;
    assert_eq!(expected.len(), files.len());
    assert_eq!(definitions_by_file(&batched).await, expected);
    // And it all came from storage: a second project reads the same.
    let reopened = Project::open(storage, ProjectOptions::default())
        .await
        .unwrap();
    assert_eq!(definitions_by_file(&reopened).await, expected);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn results_follow_the_input_and_a_bad_file_leaves_the_rest() {
    let project = Project::new(Arc::new(MemoryStorage::new()), ProjectOptions::default());
    let files = vec![
        ("a.py".to_string(), "def a():\n    pass\n".to_string()),
        ("notes.md".to_string(), "# not code\n".to_string()),
        // Syntax errors still index what tree-sitter recovers.
        ("b.ts".to_string(), "export function b( {\n".to_string()),
        ("c.rs".to_string(), "fn c() {}\n".to_string()),
    ];
    let results = project.add_or_update_files(files.clone()).await;
    assert!(matches!(results[0], Ok(true)));
    let err = results[1].as_ref().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnsupportedLanguage);
    assert_eq!(err.path(), Some("notes.md"));
    assert!(matches!(results[2], Ok(true)));
    assert!(matches!(results[3], Ok(true)));
    assert_eq!(
        project.get_file_paths().await.unwrap(),
        ["a.py", "b.ts", "c.rs"]
    );

    // The same content again writes nothing.
    let again = project.add_or_update_files(files).await;
    assert!(matches!(again[0], Ok(false)));
    assert!(again[1].is_err());
    assert!(matches!(again[2], Ok(false)));
    assert!(matches!(again[3], Ok(false)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_path_twice_ends_as_one_of_its_versions() {
    let storage = Arc::new(MemoryStorage::new());
    let project = Project::new(storage.clone(), ProjectOptions::default());
    let results = project
        .add_or_update_files(vec![
            ("a.py".to_string(), "def first():\n    pass\n".to_string()),
            ("a.py".to_string(), "def second():\n    pass\n".to_string()),
        ])
        .await;
    assert!(results.iter().all(|r| r.is_ok()));
    let names = definition_names(&project, "a.py").await;
    assert!(names == ["first"] || names == ["second"], "{names:?}");
    let reopened = Project::open(storage, ProjectOptions::default())
        .await
        .unwrap();
    assert_eq!(definition_names(&reopened, "a.py").await, names);
}

async fn definition_names(project: &Project, path: &str) -> Vec<String> {
    let definitions = project.get_definitions(path).await.unwrap();
    definitions
        .into_iter()
        .map(|d| d.name.to_string())
        .collect()
}

/// Fails each write of a batch in turn: the files whose result is `Ok` are
/// exactly the files stored, in the project that ran the batch and in one
/// opened afterwards, and every stored file is whole.
async fn every_failed_write_fails_only_its_file(transactional: bool) {
    let files: Vec<(String, String)> = sample_files().into_iter().take(6).collect();
    let faulty = |storage| {
        Arc::new(if transactional {
            FaultyStorage::transactional(storage)
        } else {
            FaultyStorage::new(storage)
        })
    };
    let clean = faulty(MemoryStorage::new());
    let project = Project::new(clean.clone(), ProjectOptions::default());
    clean.fail_write(u64::MAX);
    project.add_or_update_files(files.clone()).await;
    let writes = clean.writes();
    assert!(writes >= files.len() as u64, "{writes} writes");

    for n in 0..writes {
        let storage = faulty(MemoryStorage::new());
        let project = Project::new(storage.clone(), ProjectOptions::default());
        storage.fail_write(n);
        let results = project.add_or_update_files(files.clone()).await;
        let failed: Vec<&str> = files
            .iter()
            .zip(&results)
            .filter(|(_, r)| r.is_err())
            .map(|((path, _), _)| path.as_str())
            .collect();
        assert_eq!(failed.len(), 1, "write {n}: {results:?}");
        let stored_ok: BTreeSet<String> = files
            .iter()
            .zip(&results)
            .filter(|(_, r)| r.is_ok())
            .map(|((path, _), _)| path.clone())
            .collect();
        storage.heal();
        let label = format!("write {n}");
        assert_stored_exactly(project, storage.clone(), &files, &stored_ok, &label).await;
        // At most the failed file's new slot is left over (its delete is
        // retried on the next write).
        let file_keys = storage
            .inner()
            .keys()
            .into_iter()
            .filter(|k| k.contains("/file/"))
            .count();
        assert!(
            file_keys <= stored_ok.len() + 1,
            "write {n}: {file_keys} slots"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_write_fails_only_its_file_without_transaction() {
    every_failed_write_fails_only_its_file(false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_write_fails_only_its_file_with_transaction() {
    every_failed_write_fails_only_its_file(true).await;
}

/// Over a store outside the process, a batch commits the files analyzed
/// together as one group (`project/store_group.rs`). Fails each write of
/// such a batch in turn, once, then for good from there on: the files
/// whose result is `Ok` are exactly the files stored, every stored file is
/// whole, and a failed file's error names that file.
async fn every_failed_group_write_fails_only_what_it_did_not_store(transactional: bool) {
    // More than the eight analyses that wake a batch, so files come back
    // in groups.
    let files: Vec<(String, String)> = sample_files().into_iter().take(30).collect();
    let faulty = |storage| {
        Arc::new(
            if transactional {
                FaultyStorage::transactional(storage)
            } else {
                FaultyStorage::new(storage)
            }
            .outside_process(),
        )
    };
    let clean = faulty(MemoryStorage::new());
    let project = Project::new(clean.clone(), ProjectOptions::default());
    clean.fail_write(u64::MAX);
    let results = project.add_or_update_files(files.clone()).await;
    assert!(results.iter().all(|r| matches!(r, Ok(true))), "{results:?}");
    let writes = clean.writes();
    if transactional {
        // One transaction per group, not per file.
        assert!(writes < files.len() as u64, "{writes} commits");
    }

    for (n, for_good) in (0..writes).flat_map(|n| [(n, false), (n, true)]) {
        let storage = faulty(MemoryStorage::new());
        let project = Project::new(storage.clone(), ProjectOptions::default());
        if for_good {
            storage.fail_writes_from(n);
        } else {
            storage.fail_write(n);
        }
        let results = project.add_or_update_files(files.clone()).await;
        let mut stored_ok = BTreeSet::new();
        for ((path, _), result) in files.iter().zip(&results) {
            match result {
                Ok(_) => {
                    stored_ok.insert(path.clone());
                }
                Err(err) => assert_eq!(err.path(), Some(path.as_str()), "write {n}: {err}"),
            }
        }
        if !for_good {
            // Retried file by file, a group that failed once is stored.
            assert!(stored_ok.len() + 1 >= files.len(), "write {n}: {results:?}");
        }
        storage.heal();
        let label = format!("write {n}, for good: {for_good}");
        assert_stored_exactly(project, storage, &files, &stored_ok, &label).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_group_write_fails_only_what_it_did_not_store_without_transaction() {
    every_failed_group_write_fails_only_what_it_did_not_store(false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_group_write_fails_only_what_it_did_not_store_with_transaction() {
    every_failed_group_write_fails_only_what_it_did_not_store(true).await;
}

/// The files in `stored` are exactly those `project` has, and those a
/// project opened afterwards on `storage` has, each whole.
async fn assert_stored_exactly(
    project: Project,
    storage: Arc<dyn Storage>,
    files: &[(String, String)],
    stored: &BTreeSet<String>,
    label: &str,
) {
    let reopened = Project::open(storage, ProjectOptions::default())
        .await
        .unwrap();
    for seen_by in [project, reopened] {
        let paths: BTreeSet<String> = seen_by
            .get_file_paths()
            .await
            .unwrap()
            .into_iter()
            .collect();
        assert_eq!(&paths, stored, "{label}");
        for path in &paths {
            let source = &files.iter().find(|(p, _)| p == path).unwrap().1;
            let index = seen_by.file_index(path).await.unwrap().unwrap();
            assert_eq!(&index.source, source, "{label}: {path}");
        }
    }
}
