//! What only `DiskStorage` promises: a folder shared between instances, atomic
//! file replacement, and a `clear` that keeps to its own folders.

use crate::{delete_op, noise, set_op};
use skein_core::storage::{DiskStorage, Storage};
use std::path::Path;

fn files_under(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[tokio::test]
async fn second_instance_sees_the_same_folder() {
    let dir = tempfile::tempdir().unwrap();
    let first = DiskStorage::open(dir.path()).unwrap();
    let keys = ["skein/v4/dir/00", "a/../b", "é😀", "", &"x".repeat(300)];
    for (i, key) in keys.iter().enumerate() {
        first.set(key, noise(100 + i, i as u64)).await.unwrap();
    }
    let second = DiskStorage::open(dir.path()).unwrap();
    for (i, key) in keys.iter().enumerate() {
        assert_eq!(
            second.get(key).await.unwrap(),
            Some(noise(100 + i, i as u64)),
            "{key:?}"
        );
    }
    // And the other way round, for writes and deletes.
    second.set("from-second", b"2".to_vec()).await.unwrap();
    second.delete(keys[0]).await.unwrap();
    assert_eq!(first.get("from-second").await.unwrap(), Some(b"2".to_vec()));
    assert_eq!(first.get(keys[0]).await.unwrap(), None);
    assert_eq!(second.root(), dir.path());
}

#[tokio::test]
async fn writes_leave_no_temporary_files() {
    let dir = tempfile::tempdir().unwrap();
    let storage = DiskStorage::open(dir.path()).unwrap();
    for i in 0..50u64 {
        storage
            .set(&format!("k{}", i % 7), noise(1000, i))
            .await
            .unwrap();
    }
    storage
        .commit(vec![set_op("c1", b"1"), delete_op("k0"), set_op("c2", b"")])
        .await
        .unwrap();
    storage.delete("k1").await.unwrap();
    assert_eq!(
        files_under(&dir.path().join("tmp")),
        Vec::<std::path::PathBuf>::new()
    );
    // One file per live key: k2..k6, c1, c2. Deletes remove their files.
    assert_eq!(files_under(&dir.path().join("objects")).len(), 7);
}

#[tokio::test]
async fn object_file_names_are_fixed_length_hex() {
    let dir = tempfile::tempdir().unwrap();
    let storage = DiskStorage::open(dir.path()).unwrap();
    for key in ["", "../../escape", "a/b\\c:d", &"é".repeat(300)] {
        storage.set(key, b"v".to_vec()).await.unwrap();
    }
    let objects = dir.path().join("objects");
    let files = files_under(&objects);
    assert_eq!(files.len(), 4);
    for file in files {
        let rel = file.strip_prefix(&objects).unwrap();
        let parts: Vec<String> = rel
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        assert_eq!(parts.len(), 2, "{rel:?}");
        assert_eq!((parts[0].len(), parts[1].len()), (2, 62), "{rel:?}");
        assert!(parts
            .concat()
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
    }
    // Nothing escaped the root.
    assert!(!dir.path().parent().unwrap().join("escape").exists());
}

#[tokio::test]
async fn clear_leaves_unrelated_files_alone() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), b"mine").unwrap();
    std::fs::create_dir_all(dir.path().join("sub/deeper")).unwrap();
    std::fs::write(dir.path().join("sub/deeper/x.bin"), [0u8, 255]).unwrap();
    let storage = DiskStorage::open(dir.path()).unwrap();
    storage.set("a", b"1".to_vec()).await.unwrap();
    storage.set("b", b"2".to_vec()).await.unwrap();
    storage.clear().await.unwrap();
    assert_eq!(storage.get("a").await.unwrap(), None);
    assert_eq!(storage.get("b").await.unwrap(), None);
    assert_eq!(
        std::fs::read(dir.path().join("notes.txt")).unwrap(),
        b"mine"
    );
    assert_eq!(
        std::fs::read(dir.path().join("sub/deeper/x.bin")).unwrap(),
        [0u8, 255]
    );
    assert!(files_under(&dir.path().join("objects")).is_empty());
    // Still usable, by this instance and a new one.
    storage.set("c", b"3".to_vec()).await.unwrap();
    let again = DiskStorage::open(dir.path()).unwrap();
    assert_eq!(again.get("c").await.unwrap(), Some(b"3".to_vec()));
}

#[tokio::test]
async fn open_creates_a_missing_folder_and_reports_an_unusable_one() {
    let dir = tempfile::tempdir().unwrap();
    let nested = dir.path().join("a/b/c");
    let storage = DiskStorage::open(&nested).unwrap();
    storage.set("k", b"v".to_vec()).await.unwrap();
    assert!(nested.join("objects").is_dir());
    // A root that is a file cannot be opened: an error, not a panic.
    let file = dir.path().join("plain-file");
    std::fs::write(&file, b"x").unwrap();
    let err = DiskStorage::open(&file).unwrap_err();
    assert_eq!(err.kind(), skein_core::ErrorKind::Provider);
    assert_eq!(err.method(), Some("open"));
}
