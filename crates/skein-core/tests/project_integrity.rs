//! What a `Project` does with what it finds in storage: a damaged value is a
//! `Corrupt` error naming its key (never a panic, never a wrong answer), a
//! folder reopened by another `Project` answers the same, and a provider that
//! hangs only delays (the core has no timeouts; the binding adds them).

use skein_core::project::directory::{Bucket, FileEntry};
use skein_core::project::{Project, ProjectOptions};
use skein_core::storage::keys::KeySpace;
use skein_core::storage::{envelope, DiskStorage, FaultyStorage, MemoryStorage, Storage};
use skein_core::{Error, ErrorKind};
use std::sync::Arc;
use std::time::Duration;

const A: &str = "a.py";
const A_SOURCE: &str = "def greet(name):\n    \"\"\"Say hello.\"\"\"\n    return name\n\nclass User:\n    def save(self):\n        pass\n";
const B: &str = "b.js";
const B_SOURCE: &str = "export function keep(x) { return x; }\nconst y = keep(1);\n";

fn keys() -> KeySpace {
    KeySpace::new(&ProjectOptions::default().namespace)
}

/// A memory store holding a.py and b.js, as one project left it.
async fn indexed() -> Arc<MemoryStorage> {
    let storage = Arc::new(MemoryStorage::new());
    let project = Project::new(storage.clone(), ProjectOptions::default());
    project.add_or_update_file(A, A_SOURCE).await.unwrap();
    project.add_or_update_file(B, B_SOURCE).await.unwrap();
    storage
}

/// Every key and value, to check a failed read changed nothing.
async fn snapshot(storage: &MemoryStorage) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for key in storage.keys() {
        let value = storage.get(&key).await.unwrap().unwrap();
        out.push((key, value));
    }
    out
}

fn assert_corrupt(err: &Error, key: &str, context: &str) {
    assert_eq!(err.kind(), ErrorKind::Corrupt, "{context}: {err}");
    assert_eq!(err.key(), Some(key), "{context}: {err}");
    assert!(
        err.to_string().contains(&format!("'{key}'")),
        "{context}: message does not name the key: {err}"
    );
}

/// Damaged versions of `good`: truncations, a flipped bit at every byte, and foreign bytes.
fn damaged(good: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for len in [0, 1, 3, 4, 6, 37, 38, good.len() / 2, good.len() - 1] {
        out.push((format!("truncated to {len}"), good[..len].to_vec()));
    }
    for i in 0..good.len() {
        let mut bad = good.to_vec();
        bad[i] ^= 1 << (i % 8);
        out.push((format!("bit {} flipped at byte {i}", i % 8), bad));
    }
    let mut longer = good.to_vec();
    longer.push(0);
    out.push(("one byte appended".into(), longer));
    out.push(("json".into(), br#"{"path":"a.py","slot":"a"}"#.to_vec()));
    out.push((
        "utf-8 text".into(),
        "not a skein value ✓".as_bytes().to_vec(),
    ));
    out.push(("all 0xff".into(), vec![0xff; good.len()]));
    let mut future = good.to_vec();
    future[4] = 2;
    out.push(("format version 2".into(), future));
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_damaged_file_index_is_a_corrupt_error_naming_its_key() {
    let storage = indexed().await;
    let key = keys().file(A, 'a');
    let good = storage.get(&key).await.unwrap().expect("a.py is in slot a");
    let mut cases = damaged(&good);
    // Well-framed values that are not this entry's: another file's index, and
    // an older version of this one.
    let b_value = storage.get(&keys().file(B, 'a')).await.unwrap().unwrap();
    cases.push(("b.js's index".into(), b_value));
    let old = Project::new(Arc::new(MemoryStorage::new()), ProjectOptions::default());
    old.add_or_update_file(A, "def older():\n    pass\n")
        .await
        .unwrap();
    let older = old.storage().get(&key).await.unwrap().unwrap();
    cases.push(("an older index of a.py".into(), older));
    cases.push((
        "a sealed index of another type".into(),
        envelope::seal(&("a.py".to_string(), 7u32)),
    ));

    for (what, bad) in cases {
        storage.set(&key, bad).await.unwrap();
        let before = snapshot(&storage).await;
        // The directory is intact, so the project opens; reading a.py fails.
        let project = Project::open(storage.clone(), ProjectOptions::default())
            .await
            .unwrap();
        assert_eq!(project.get_file_paths().await.unwrap(), [A, B], "{what}");
        let err = project.get_definitions(A).await.unwrap_err();
        assert_corrupt(&err, &key, &what);
        // b.js is unaffected, and a.py fails the same way on every read.
        assert!(
            !project.get_definitions(B).await.unwrap().is_empty(),
            "{what}"
        );
        let again = project.file_index(A).await.unwrap_err();
        assert_corrupt(&again, &key, &what);
        assert_eq!(
            snapshot(&storage).await,
            before,
            "{what}: a failed read wrote"
        );
    }

    // A missing index is corrupt too.
    storage.delete(&key).await.unwrap();
    let project = Project::open(storage.clone(), ProjectOptions::default())
        .await
        .unwrap();
    assert_corrupt(
        &project.get_definitions(A).await.unwrap_err(),
        &key,
        "deleted",
    );

    // Put back, everything reads again; and an update repairs a damaged file.
    storage.set(&key, good.clone()).await.unwrap();
    let project = Project::open(storage.clone(), ProjectOptions::default())
        .await
        .unwrap();
    let defs = project.get_definitions(A).await.unwrap();
    assert!(defs.iter().any(|d| d.name == "greet"), "{defs:?}");
    storage.set(&key, b"garbage".to_vec()).await.unwrap();
    let project = Project::open(storage.clone(), ProjectOptions::default())
        .await
        .unwrap();
    project
        .add_or_update_file(A, "def fixed():\n    pass\n")
        .await
        .unwrap();
    let fresh = Project::open(storage.clone(), ProjectOptions::default())
        .await
        .unwrap();
    let names: Vec<String> = fresh
        .get_definitions(A)
        .await
        .unwrap()
        .into_iter()
        .map(|d| d.name.to_string())
        .collect();
    assert_eq!(names, ["fixed"]);
}

/// A store outside the process holds file indexes compressed: a damaged
/// frame is a `Corrupt` error naming the key too, whether the LZ4 block
/// fails to decompress or decompresses to bytes the envelope refuses. (A
/// flipped bit can also leave the bytes as they were, as when a match
/// points at another copy of the same text: then the answer is the same.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_damaged_compressed_index_is_a_corrupt_error_naming_its_key() {
    let dir = tempfile::tempdir().unwrap();
    let storage = Arc::new(DiskStorage::open(dir.path()).unwrap());
    let project = Project::new(storage.clone(), ProjectOptions::default());
    project
        .add_or_update_file(A, &A_SOURCE.repeat(20))
        .await
        .unwrap();
    let key = keys().file(A, 'a');
    let good = storage.get(&key).await.unwrap().unwrap();
    assert_eq!(&good[..4], skein_core::storage::compressed::MAGIC);
    let mut cases = Vec::new();
    for len in [8, 9, good.len() / 2, good.len() - 1] {
        cases.push((format!("truncated to {len}"), good[..len].to_vec()));
    }
    for i in (4..good.len()).step_by(7) {
        let mut bad = good.clone();
        bad[i] ^= 1 << (i % 8);
        cases.push((format!("bit {} flipped at byte {i}", i % 8), bad));
    }
    let expected = project.get_definitions(A).await.unwrap();
    let (mut refused, mut same) = (0, 0);
    for (what, bad) in cases {
        storage.set(&key, bad).await.unwrap();
        let project = Project::open(storage.clone(), ProjectOptions::default())
            .await
            .unwrap();
        match project.get_definitions(A).await {
            Err(err) => {
                assert_corrupt(&err, &key, &what);
                refused += 1;
            }
            Ok(defs) => {
                assert!(defs == expected, "{what}: a wrong answer");
                same += 1;
            }
        }
    }
    assert!(refused > 10 * same, "{refused} refused, {same} the same");
    storage.set(&key, good).await.unwrap();
    let project = Project::open(storage.clone(), ProjectOptions::default())
        .await
        .unwrap();
    assert_eq!(project.get_definitions(A).await.unwrap(), expected);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_damaged_bucket_is_a_corrupt_error_naming_its_key() {
    let storage = indexed().await;
    let key = keys().bucket_of(A);
    let good = storage.get(&key).await.unwrap().expect("a.py's bucket");
    let mut cases = damaged(&good);
    cases.push((
        "a file index instead of a bucket".into(),
        storage.get(&keys().file(A, 'a')).await.unwrap().unwrap(),
    ));
    cases.push((
        "a sealed string".into(),
        envelope::seal(&"hello, world".to_string()),
    ));

    for (what, bad) in cases {
        storage.set(&key, bad).await.unwrap();
        let before = snapshot(&storage).await;
        let err = match Project::open(storage.clone(), ProjectOptions::default()).await {
            Ok(project) => panic!(
                "{what}: opened, listing {:?}",
                project.get_file_paths().await
            ),
            Err(err) => err,
        };
        assert_corrupt(&err, &key, &what);
        // The lazy path reports it too, on every call.
        let project = Project::new(storage.clone(), ProjectOptions::default());
        assert_corrupt(&project.get_file_paths().await.unwrap_err(), &key, &what);
        assert_corrupt(&project.get_definitions(B).await.unwrap_err(), &key, &what);
        assert_eq!(
            snapshot(&storage).await,
            before,
            "{what}: a failed open wrote"
        );
    }

    storage.set(&key, good).await.unwrap();
    let project = Project::open(storage.clone(), ProjectOptions::default())
        .await
        .unwrap();
    assert_eq!(project.get_file_paths().await.unwrap(), [A, B]);
}

/// Stores a.py's bucket with its entry changed by `tamper` (well framed, so
/// it passes the envelope check), then reads a.py from a fresh project.
/// Returns the read's error; a panic or a successful read fails the test.
async fn read_with_tampered_entry(what: &str, tamper: fn(&mut FileEntry)) -> Error {
    let storage = indexed().await;
    let key = keys().bucket_of(A);
    let stored = storage.get(&key).await.unwrap().unwrap();
    let mut bucket: Bucket = envelope::open(&key, &stored).unwrap();
    tamper(bucket.get_mut(A).expect("a.py in its bucket"));
    storage.set(&key, envelope::seal(&bucket)).await.unwrap();

    let read = tokio::spawn(async move {
        let project = Project::open(storage, ProjectOptions::default()).await?;
        project.get_definitions(A).await
    })
    .await;
    match read {
        Ok(Ok(defs)) => panic!("{what}: read a.py as {defs:?}"),
        Ok(Err(err)) => err,
        Err(join) if join.is_panic() => panic!("{what}: reading a.py panicked"),
        Err(join) => panic!("{what}: {join}"),
    }
}

/// A directory entry naming a slot other than `a`/`b` is corrupt data, not
/// an invariant of the code: an error naming a key, never a panic.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bucket_entry_with_an_unknown_slot_is_an_error_not_a_panic() {
    let err = read_with_tampered_entry("slot 'z'", |e| e.slot = 'z').await;
    assert_eq!(err.kind(), ErrorKind::Corrupt, "{err}");
    assert!(err.key().is_some(), "{err}");
}

/// An entry whose value hash matches no stored value: the slot's value is
/// not taken for it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bucket_entry_with_a_foreign_value_hash_is_corrupt() {
    let err = read_with_tampered_entry("value hash", |e| e.value_hash = [7; 32]).await;
    assert_corrupt(&err, &keys().file(A, 'a'), "value hash");
    assert_eq!(err.path(), Some(A));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_project_reopened_from_disk_answers_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let files: &[(&str, &str)] = &[
        (A, A_SOURCE),
        (B, B_SOURCE),
        (
            "src/lib.rs",
            "pub mod util;\npub fn answer() -> u32 { util::half(84) }\n",
        ),
        ("src/util.rs", "pub fn half(x: u32) -> u32 { x / 2 }\n"),
        (
            "web/app.mjs",
            "import { keep } from '../b.js';\nexport class App { run() { return keep(1); } }\n",
        ),
        (
            "dir with space/é.py",
            "from a import greet\n\ndef hi():\n    return greet('x')\n",
        ),
        ("gone.py", "def temporary():\n    pass\n"),
    ];
    let first = Project::new(
        Arc::new(DiskStorage::open(dir.path()).unwrap()),
        ProjectOptions::default(),
    );
    for (path, source) in files {
        first.add_or_update_file(path, source).await.unwrap();
    }
    first
        .add_or_update_file(B, "export function keep(x, y) { return y; }\n")
        .await
        .unwrap();
    first.remove_file("gone.py").await.unwrap();

    let second = Project::open(
        Arc::new(DiskStorage::open(dir.path()).unwrap()),
        ProjectOptions::default(),
    )
    .await
    .unwrap();
    let paths = first.get_file_paths().await.unwrap();
    assert_eq!(paths.len(), files.len() - 1);
    assert!(!paths.contains(&"gone.py".to_string()));
    assert_eq!(second.get_file_paths().await.unwrap(), paths);
    assert_eq!(second.file_count().await.unwrap(), paths.len());
    for path in &paths {
        let want = first.get_definitions(path).await.unwrap();
        let got = second.get_definitions(path).await.unwrap();
        assert!(!want.is_empty(), "{path} has definitions");
        assert_eq!(got, want, "{path}");
        assert_eq!(
            second.file_index(path).await.unwrap(),
            first.file_index(path).await.unwrap(),
            "{path}"
        );
        for def in &got {
            assert_eq!(
                second.get_source_code(path, def.range).await.unwrap(),
                def.name,
                "{path}"
            );
        }
    }
    assert_eq!(second.get_definitions("gone.py").await.unwrap(), []);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hanging_provider_only_delays() {
    let storage = Arc::new(FaultyStorage::new(MemoryStorage::new()));
    let project = Arc::new(Project::new(storage.clone(), ProjectOptions::default()));
    project.add_or_update_file(A, A_SOURCE).await.unwrap();
    let stored_before = storage.inner().keys();

    storage.hang();
    let update = tokio::spawn({
        let project = project.clone();
        async move { project.add_or_update_file(B, B_SOURCE).await }
    });
    let open = tokio::spawn({
        let storage = storage.clone();
        async move {
            Project::open(storage, ProjectOptions::default())
                .await
                .map(|_| ())
        }
    });
    // No timeout in the core: both calls just wait.
    tokio::time::sleep(Duration::from_millis(150)).await;
    assert!(
        !update.is_finished(),
        "the update finished while the provider hung"
    );
    assert!(!open.is_finished(), "open finished while the provider hung");
    assert_eq!(
        storage.inner().keys(),
        stored_before,
        "something was written while hanging"
    );

    storage.heal();
    tokio::time::timeout(Duration::from_secs(10), update)
        .await
        .expect("the update finishes after heal")
        .unwrap()
        .unwrap();
    tokio::time::timeout(Duration::from_secs(10), open)
        .await
        .expect("open finishes after heal")
        .unwrap()
        .unwrap();
    let fresh = Project::open(storage.clone(), ProjectOptions::default())
        .await
        .unwrap();
    assert_eq!(fresh.get_file_paths().await.unwrap(), [A, B]);
}
