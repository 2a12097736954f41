//! `index_directory` on real folders: what it takes and skips, the paths it
//! stores, what it reports, and re-runs that skip, update and remove.

use skein_core::error::ErrorKind;
use skein_core::project::{FolderFilter, IndexSummary, Project, ProjectOptions};
use skein_core::storage::{DiskStorage, MemoryStorage};
use std::fs;
use std::path::Path;
use std::sync::Arc;

fn write(root: &Path, path: &str, content: impl AsRef<[u8]>) {
    let full = root.join(path);
    fs::create_dir_all(full.parent().unwrap()).unwrap();
    fs::write(full, content).unwrap();
}

/// A folder with a bit of everything an indexer meets.
fn sample_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "app.py",
        "from lib.util import helper\n\ndef main():\n    helper()\n",
    );
    write(root, "lib/util.py", "def helper():\n    return 1\n");
    write(root, "web/index.ts", "export function start(): void {}\n");
    write(root, "web/page.js", "function render() {}\n");
    write(root, "native/src/lib.rs", "pub fn answer() -> u32 { 42 }\n");
    // Not indexed: ignored by .gitignore and .ignore, hidden, unsupported, binary.
    write(root, ".gitignore", "build/\n*.gen.py\n");
    write(root, ".ignore", "vendor/\n");
    write(root, "build/out.js", "function built() {}\n");
    write(root, "models.gen.py", "def generated():\n    pass\n");
    write(root, "vendor/dep.py", "def vendored():\n    pass\n");
    write(root, ".hidden/secret.py", "def secret():\n    pass\n");
    write(root, "README.md", "# not code\n");
    write(root, "data.py", b"\x00\x01binary\x00");
    dir
}

async fn index(project: &Project, root: &Path, filter: &FolderFilter) -> IndexSummary {
    let mut seen = Vec::new();
    let summary = project
        .index_directory(root, filter, |p| {
            seen.push((p.done, p.total, p.file_path.to_string()));
            Ok(())
        })
        .await
        .unwrap();
    // One report per file found, counting up to the total.
    for (i, (done, total, _)) in seen.iter().enumerate() {
        assert_eq!((*done, *total), (i + 1, seen.len()));
    }
    summary
}

#[tokio::test]
async fn indexes_what_git_would_keep_under_relative_paths() {
    let dir = sample_folder();
    let project = Project::new(Arc::new(MemoryStorage::new()), ProjectOptions::default());
    let summary = index(&project, dir.path(), &FolderFilter::default()).await;
    assert_eq!(
        project.get_file_paths().await.unwrap(),
        [
            "app.py",
            "lib/util.py",
            "native/src/lib.rs",
            "web/index.ts",
            "web/page.js"
        ]
    );
    assert_eq!(
        (
            summary.files_indexed,
            summary.files_unchanged,
            summary.files_removed
        ),
        (5, 0, 0)
    );
    assert!(
        summary.files_failed.is_empty(),
        "{:?}",
        summary.files_failed
    );
    let mut definitions = 0;
    for path in project.get_file_paths().await.unwrap() {
        definitions += project.get_definitions(&path).await.unwrap().len() as u64;
    }
    assert_eq!(summary.definitions, definitions);
    assert!(summary.references > 0);
    // The directory's counts agree, file by file.
    let stats = project.file_stats().await.unwrap();
    assert_eq!(stats.len(), 5);
    for file in &stats {
        let defs = project.get_definitions(&file.path).await.unwrap().len();
        assert_eq!(file.definitions as usize, defs, "{}", file.path);
    }
    let references: u64 = stats.iter().map(|f| u64::from(f.references)).sum();
    assert_eq!(summary.references, references);
    // Cross-file resolution works on the stored paths.
    let calls = project.get_call_graph(&Default::default()).await.unwrap();
    assert!(calls
        .edges
        .iter()
        .any(|e| &*e.from == "app.py#main" && &*e.to == "lib/util.py#helper"));
}

#[tokio::test]
async fn include_and_exclude_globs() {
    let dir = sample_folder();
    let project = Project::new(Arc::new(MemoryStorage::new()), ProjectOptions::default());
    let filter = FolderFilter::new(
        &["*.py".into(), "web/**".into()],
        &["lib".into(), "*.js".into()],
    )
    .unwrap();
    index(&project, dir.path(), &filter).await;
    assert_eq!(
        project.get_file_paths().await.unwrap(),
        ["app.py", "web/index.ts"]
    );

    let err = FolderFilter::new(&["src/[".into()], &[]).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert!(
        err.to_string()
            .contains("options.include: bad glob 'src/['"),
        "{err}"
    );
}

#[tokio::test]
async fn rerun_skips_unchanged_updates_changed_and_removes_vanished() {
    let dir = sample_folder();
    let root = dir.path();
    let store = tempfile::tempdir().unwrap();
    let storage = Arc::new(DiskStorage::open(store.path()).unwrap());
    let project = Project::new(storage.clone(), ProjectOptions::default());
    index(&project, root, &FolderFilter::default()).await;

    // A second process over the same storage: nothing to do.
    let reopened = Project::open(storage.clone(), ProjectOptions::default())
        .await
        .unwrap();
    let again = index(&reopened, root, &FolderFilter::default()).await;
    assert_eq!(
        (
            again.files_indexed,
            again.files_unchanged,
            again.files_removed
        ),
        (0, 5, 0)
    );

    write(
        root,
        "lib/util.py",
        "def helper():\n    return 2\n\ndef other():\n    pass\n",
    );
    fs::remove_file(root.join("web/page.js")).unwrap();
    write(root, "web/more.ts", "export const x = 1\n");
    let third = index(&reopened, root, &FolderFilter::default()).await;
    assert_eq!(
        (
            third.files_indexed,
            third.files_unchanged,
            third.files_removed
        ),
        (2, 3, 1)
    );
    assert_eq!(
        reopened.get_file_paths().await.unwrap(),
        [
            "app.py",
            "lib/util.py",
            "native/src/lib.rs",
            "web/index.ts",
            "web/more.ts"
        ]
    );
    let names: Vec<String> = reopened
        .get_definitions("lib/util.py")
        .await
        .unwrap()
        .into_iter()
        .map(|d| d.name.to_string())
        .collect();
    assert_eq!(names, ["helper", "other"]);
}

#[tokio::test]
async fn a_bad_file_is_listed_and_the_rest_indexed() {
    let dir = sample_folder();
    let root = dir.path();
    write(root, "latin1.py", b"name = 'caf\xe9'\n");
    let project = Project::new(Arc::new(MemoryStorage::new()), ProjectOptions::default());
    let summary = index(&project, root, &FolderFilter::default()).await;
    assert_eq!(summary.files_indexed, 5);
    assert_eq!(summary.files_failed.len(), 1);
    assert_eq!(summary.files_failed[0].file_path, "latin1.py");
    assert!(
        summary.files_failed[0].error.contains("not UTF-8"),
        "{:?}",
        summary.files_failed
    );
}

#[tokio::test]
async fn a_missing_folder_or_a_failing_progress_is_an_error() {
    let project = Project::new(Arc::new(MemoryStorage::new()), ProjectOptions::default());
    let missing = Path::new("/nonexistent/skein-folder");
    let err = project
        .index_directory(missing, &FolderFilter::default(), |_| Ok(()))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert!(
        err.to_string()
            .starts_with("/nonexistent/skein-folder: index_directory: cannot read folder"),
        "{err}"
    );

    let dir = sample_folder();
    let err = project
        .index_directory(dir.path(), &FolderFilter::default(), |p| {
            if p.done == 2 {
                Err(skein_core::Error::new(ErrorKind::InvalidInput, "stop here"))
            } else {
                Ok(())
            }
        })
        .await
        .unwrap_err();
    assert_eq!(err.message(), "stop here");
}

#[tokio::test]
async fn files_added_one_by_one_stay_and_ignore_files_can_be_set_aside() {
    let dir = sample_folder();
    let root = dir.path();
    let project = Project::new(Arc::new(MemoryStorage::new()), ProjectOptions::default());
    project
        .add_or_update_file("scratch.py", "def scratch():\n    pass\n")
        .await
        .unwrap();
    // An editor's copy of a folder file, added before the folder was indexed.
    project
        .add_or_update_file("web/page.js", "function render() {}\n")
        .await
        .unwrap();
    let first = index(&project, root, &FolderFilter::default()).await;
    assert_eq!((first.files_indexed, first.files_unchanged), (5, 0));
    fs::remove_file(root.join("web/page.js")).unwrap();
    let second = index(&project, root, &FolderFilter::default()).await;
    assert_eq!(second.files_removed, 1);
    assert_eq!(
        project.get_file_paths().await.unwrap(),
        [
            "app.py",
            "lib/util.py",
            "native/src/lib.rs",
            "scratch.py",
            "web/index.ts"
        ]
    );

    let everything = FolderFilter::default().with_ignore_files(false);
    index(&project, root, &everything).await;
    let paths = project.get_file_paths().await.unwrap();
    for ignored in ["build/out.js", "models.gen.py", "vendor/dep.py"] {
        assert!(paths.iter().any(|p| p == ignored), "{ignored} in {paths:?}");
    }
    assert!(!paths.iter().any(|p| p.starts_with(".hidden/")));
}

#[tokio::test]
async fn a_folder_run_leaves_the_decoded_cache_to_the_files_in_use() {
    let dir = sample_folder();
    let root = dir.path();
    let project = Project::new(Arc::new(MemoryStorage::new()), ProjectOptions::default());
    index(&project, root, &FolderFilter::default()).await;
    assert_eq!(project.cached_bytes(), 0);

    // A file asked for twice is cached (once is a pass, not use), as is
    // one edited.
    project.get_definitions("app.py").await.unwrap();
    assert_eq!(project.cached_bytes(), 0);
    project.get_definitions("app.py").await.unwrap();
    let asked = project.cached_bytes();
    assert!(asked > 0);
    project
        .add_or_update_file("web/page.js", "function render() { return 1 }\n")
        .await
        .unwrap();
    let edited = project.cached_bytes();
    assert!(edited > asked);

    // A run that re-indexes both drops their stale entries and caches nothing new.
    write(root, "app.py", "def main():\n    pass\n");
    write(root, "web/page.js", "function render() {}\n");
    let run = index(&project, root, &FolderFilter::default()).await;
    assert_eq!(run.files_indexed, 2);
    assert_eq!(project.cached_bytes(), 0);
    let names: Vec<String> = project
        .get_definitions("app.py")
        .await
        .unwrap()
        .into_iter()
        .map(|d| d.name.to_string())
        .collect();
    assert_eq!(names, ["main"]);
}

/// As git and ripgrep: a link is not followed, so a linked file or folder
/// is not indexed (its target is, where the folder holds it), a dangling
/// link or a loop is no failure, and a folder named through a link is
/// walked as itself.
#[cfg(unix)]
#[tokio::test]
async fn symbolic_links_are_not_followed_but_a_linked_root_is_walked() {
    use std::os::unix::fs::symlink;
    let dir = sample_folder();
    let root = dir.path();
    let outside = tempfile::tempdir().unwrap();
    write(outside.path(), "outside.py", "def outside():\n    pass\n");
    symlink(root.join("lib/util.py"), root.join("linked.py")).unwrap();
    symlink(outside.path(), root.join("linked_dir")).unwrap();
    symlink(root.join("missing.py"), root.join("dangling.py")).unwrap();
    symlink(root, root.join("lib/loop")).unwrap();

    let project = Project::new(Arc::new(MemoryStorage::new()), ProjectOptions::default());
    let summary = index(&project, root, &FolderFilter::default()).await;
    let indexed = [
        "app.py",
        "lib/util.py",
        "native/src/lib.rs",
        "web/index.ts",
        "web/page.js",
    ];
    assert_eq!(project.get_file_paths().await.unwrap(), indexed);
    assert!(
        summary.files_failed.is_empty(),
        "{:?}",
        summary.files_failed
    );

    let links = tempfile::tempdir().unwrap();
    let linked_root = links.path().join("repo");
    symlink(root, &linked_root).unwrap();
    let project = Project::new(Arc::new(MemoryStorage::new()), ProjectOptions::default());
    let summary = index(&project, &linked_root, &FolderFilter::default()).await;
    assert_eq!(project.get_file_paths().await.unwrap(), indexed);
    assert_eq!(summary.files_indexed, indexed.len());
}

/// A file over the size bound is listed as failed and not indexed; the
/// others are. An index an earlier run stored for it, when it was smaller,
/// is removed, as it no longer matches the file.
#[tokio::test]
async fn a_file_over_max_file_bytes_is_listed_and_not_indexed() {
    use skein_core::project::DEFAULT_MAX_FILE_BYTES;
    assert_eq!(
        FolderFilter::default().max_file_bytes(),
        DEFAULT_MAX_FILE_BYTES
    );
    let dir = sample_folder();
    let root = dir.path();
    let big = "def f():\n    pass\n".repeat(100); // 1,800 bytes
    write(root, "big.py", &big);
    let project = Project::new(Arc::new(MemoryStorage::new()), ProjectOptions::default());

    let roomy = FolderFilter::default().with_max_file_bytes(big.len() as u64);
    let summary = index(&project, root, &roomy).await;
    assert_eq!(summary.files_indexed, 6);
    assert!(summary.files_failed.is_empty());
    assert!(project
        .get_file_paths()
        .await
        .unwrap()
        .contains(&"big.py".into()));

    let tight = FolderFilter::default().with_max_file_bytes(big.len() as u64 - 1);
    let summary = index(&project, root, &tight).await;
    assert_eq!(
        (
            summary.files_indexed,
            summary.files_unchanged,
            summary.files_removed
        ),
        (0, 5, 1)
    );
    assert_eq!(summary.files_failed.len(), 1, "{:?}", summary.files_failed);
    assert_eq!(summary.files_failed[0].file_path, "big.py");
    assert_eq!(
        summary.files_failed[0].error,
        "not indexed: 1800 bytes, over max_file_bytes (1799)"
    );
    assert!(!project
        .get_file_paths()
        .await
        .unwrap()
        .contains(&"big.py".into()));
    assert!(project.get_definitions("big.py").await.unwrap().is_empty());
}

/// A project that indexed 500 files under `root`, all changed since, and a
/// run over them that calls `meanwhile` when it reports its first file.
///
/// Files are read in chunks of 32, 64, 128, then the 276 left, each while
/// the one before is analyzed, with 64 analyses in flight at most. So the
/// first file is reported while the second chunk is handed out, before
/// the fourth (`f224.py` on) is read.
async fn run_changed_while(
    root: &Path,
    meanwhile: impl FnOnce() + Send,
) -> (Project, skein_core::Result<IndexSummary>, usize) {
    let sources = |name: &str| {
        for i in 0..500 {
            let source = format!("def {name}{i}():\n    pass\n");
            write(root, &format!("f{i:03}.py"), source);
        }
    };
    sources("f");
    let project = Project::new(Arc::new(MemoryStorage::new()), ProjectOptions::default());
    index(&project, root, &FolderFilter::default()).await;
    sources("g");
    let (mut reported, mut meanwhile) = (0, Some(meanwhile));
    let result = project
        .index_directory(root, &FolderFilter::default(), |_| {
            reported += 1;
            if let Some(meanwhile) = meanwhile.take() {
                meanwhile();
            }
            Ok(())
        })
        .await;
    (project, result, reported)
}

/// A file deleted after the walk found it, as a branch switch does while a
/// run goes on, is gone: not a failure, and removed from the project.
#[tokio::test]
async fn a_file_deleted_during_a_run_is_gone_not_failed() {
    let dir = tempfile::tempdir().unwrap();
    let doomed = dir.path().join("f250.py");
    let (project, result, reported) =
        run_changed_while(dir.path(), || fs::remove_file(&doomed).unwrap()).await;
    let summary = result.unwrap();
    assert!(
        summary.files_failed.is_empty(),
        "{:?}",
        summary.files_failed
    );
    assert_eq!((summary.files_indexed, summary.files_removed), (499, 1));
    assert_eq!(reported, 500);
    let paths = project.get_file_paths().await.unwrap();
    assert_eq!(paths.len(), 499);
    assert!(!paths.contains(&"f250.py".to_string()));
}

/// A folder that goes away during a run (deleted, unmounted) does not
/// empty the project: the call fails, and nothing is removed.
#[tokio::test]
async fn a_folder_that_goes_away_during_a_run_removes_nothing() {
    let parent = tempfile::tempdir().unwrap();
    let root = parent.path().join("repo");
    let (project, result, _) =
        run_changed_while(&root, || fs::remove_dir_all(&root).unwrap()).await;
    let err = result.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert!(
        err.to_string()
            .ends_with("index_directory: the folder went away during the run; nothing was removed"),
        "{err}"
    );
    assert_eq!(project.get_file_paths().await.unwrap().len(), 500);
}

/// A folder of several chunks, with a binary file and one over the size
/// bound among them: every file is reported once, counting up to one
/// total, and a progress error stops the run.
#[tokio::test]
async fn a_folder_of_several_chunks_reports_each_file_once_against_the_total() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for i in 0..150 {
        write(
            root,
            &format!("pkg{}/mod_{i:03}.py", i % 7),
            format!("def f_{i}():\n    return {i}\n"),
        );
    }
    write(root, "pkg0/blob.py", b"\x00\x01binary\x00");
    write(root, "pkg6/huge.py", "x = 1\n".repeat(100));
    let filter = FolderFilter::default().with_max_file_bytes(500);
    let project = Project::new(Arc::new(MemoryStorage::new()), ProjectOptions::default());
    let mut seen = Vec::new();
    let summary = project
        .index_directory(root, &filter, |p| {
            seen.push((p.done, p.total, p.file_path.to_string()));
            Ok(())
        })
        .await
        .unwrap();
    assert_eq!(seen.len(), 152);
    for (i, (done, total, _)) in seen.iter().enumerate() {
        assert_eq!((*done, *total), (i + 1, 152));
    }
    let mut reported: Vec<&str> = seen.iter().map(|(_, _, path)| path.as_str()).collect();
    reported.sort();
    reported.dedup();
    assert_eq!(reported.len(), 152);
    assert_eq!(summary.files_indexed, 150);
    assert_eq!(summary.definitions, 150);
    let failed: Vec<&str> = summary
        .files_failed
        .iter()
        .map(|f| f.file_path.as_str())
        .collect();
    assert_eq!(failed, ["pkg6/huge.py"]);
    assert_eq!(project.file_count().await.unwrap(), 150);

    let again = Project::new(Arc::new(MemoryStorage::new()), ProjectOptions::default());
    let err = again
        .index_directory(root, &filter, |p| match p.done {
            2 => Err(skein_core::Error::new(ErrorKind::InvalidInput, "stop here")),
            _ => Ok(()),
        })
        .await
        .unwrap_err();
    assert_eq!(err.message(), "stop here");
}
