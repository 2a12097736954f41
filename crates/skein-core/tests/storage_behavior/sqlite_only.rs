//! What only `SqliteStorage` promises: one database file shared by handles
//! and processes, batches applied whole, and a clear error for a file that
//! is not a database.

use crate::{delete_op, noise, set_op};
use skein_core::error::ErrorKind;
use skein_core::storage::{SqliteStorage, Storage};

#[tokio::test]
async fn a_second_handle_sees_the_same_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("index.db");
    let first = SqliteStorage::open(&path).unwrap();
    let keys = ["skein/v7/dir/00", "a/../b", "é😀", "", &"x".repeat(300)];
    for (i, key) in keys.iter().enumerate() {
        first.set(key, noise(100 + i, i as u64)).await.unwrap();
    }
    let second = SqliteStorage::open(&path).unwrap();
    for (i, key) in keys.iter().enumerate() {
        assert_eq!(
            second.get(key).await.unwrap(),
            Some(noise(100 + i, i as u64))
        );
    }
    assert!(first.capabilities().transaction);
}

#[tokio::test]
async fn a_batch_that_fails_midway_applies_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("index.db");
    let storage = SqliteStorage::open(&path).unwrap();
    storage.set("kept", vec![1]).await.unwrap();
    // A trigger, from a second connection, refuses the batch's second write.
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch(
            "CREATE TRIGGER refuse_b BEFORE INSERT ON skein_values WHEN NEW.key = 'b'
             BEGIN SELECT RAISE(ABORT, 'b refused'); END;",
        )
        .unwrap();
    let err = storage
        .commit(vec![
            set_op("a", &[1]),
            set_op("b", &[2]),
            delete_op("kept"),
        ])
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Provider);
    assert_eq!(err.method(), Some("transaction"));
    assert!(err.to_string().contains("b refused"), "{err}");
    assert!(err.to_string().contains("index.db"), "{err}");
    assert_eq!(storage.get("a").await.unwrap(), None);
    assert_eq!(storage.get("kept").await.unwrap(), Some(vec![1]));
}

#[tokio::test]
async fn a_file_that_is_not_a_database_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.txt");
    std::fs::write(
        &path,
        "this is not a database, just some text that is long enough",
    )
    .unwrap();
    let err = SqliteStorage::open(&path).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Provider);
    assert!(err.to_string().contains("notes.txt"), "{err}");
}
