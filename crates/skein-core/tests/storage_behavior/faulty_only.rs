//! What only `FaultyStorage` promises: it fails exactly the write it is told
//! to, before applying it, and a transactional one fails a batch whole.

use crate::{delete_op, set_op};
use skein_core::storage::{DiskStorage, FaultyStorage, MemoryStorage, Storage};
use skein_core::ErrorKind;
use std::sync::Arc;
use std::time::Duration;

#[tokio::test]
async fn fails_only_the_chosen_write() {
    let storage = FaultyStorage::new(MemoryStorage::new());
    storage.fail_write(2);
    storage.set("w0", b"0".to_vec()).await.unwrap();
    // Reads do not count.
    assert_eq!(storage.get("w0").await.unwrap(), Some(b"0".to_vec()));
    storage.delete("w1").await.unwrap();
    let err = storage.set("w2", b"2".to_vec()).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Provider);
    assert_eq!((err.method(), err.key()), (Some("set"), Some("w2")));
    storage.set("w3", b"3".to_vec()).await.unwrap();
    assert_eq!(storage.writes(), 4);
    assert_eq!(storage.inner().keys(), ["w0", "w3"]);
}

#[tokio::test]
async fn plain_commit_fails_mid_batch_leaving_a_prefix() {
    let storage = FaultyStorage::new(MemoryStorage::new());
    assert!(!storage.capabilities().transaction);
    storage.fail_write(1);
    let err = storage
        .commit(vec![set_op("a", b"1"), delete_op("b"), set_op("c", b"3")])
        .await
        .unwrap_err();
    assert_eq!((err.method(), err.key()), (Some("delete"), Some("b")));
    assert_eq!(storage.inner().keys(), ["a"]);
}

#[tokio::test]
async fn transactional_commit_fails_whole() {
    let storage = FaultyStorage::transactional(MemoryStorage::new());
    assert!(storage.capabilities().transaction);
    storage.set("b", b"old".to_vec()).await.unwrap();
    storage.fail_write(0);
    let err = storage
        .commit(vec![set_op("a", b"1"), delete_op("b"), set_op("c", b"3")])
        .await
        .unwrap_err();
    assert_eq!(err.method(), Some("transaction"));
    assert_eq!(storage.inner().keys(), ["b"]);
    assert_eq!(storage.writes(), 1);
    // The next batch is one write and goes through whole.
    storage
        .commit(vec![set_op("a", b"1"), delete_op("b"), set_op("c", b"3")])
        .await
        .unwrap();
    assert_eq!(storage.writes(), 2);
    assert_eq!(storage.inner().keys(), ["a", "c"]);
}

#[tokio::test]
async fn transactional_claims_only_what_the_inner_store_has() {
    let dir = tempfile::tempdir().unwrap();
    let disk = FaultyStorage::transactional(DiskStorage::open(dir.path()).unwrap());
    assert!(!disk.capabilities().transaction);
    assert!(!disk.capabilities().get_many);
    let memory = FaultyStorage::transactional(MemoryStorage::new());
    assert!(memory.capabilities().transaction);
    assert!(memory.capabilities().get_many);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hang_then_heal_lets_a_pending_call_finish() {
    let storage = Arc::new(FaultyStorage::new(MemoryStorage::new()));
    storage.set("k", b"v".to_vec()).await.unwrap();
    storage.hang();
    let pending = tokio::spawn({
        let storage = storage.clone();
        async move { storage.get("k").await }
    });
    let write = tokio::spawn({
        let storage = storage.clone();
        async move { storage.set("k2", b"w".to_vec()).await }
    });
    // Hanging: nothing settles while the provider hangs.
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(
        !pending.is_finished() && !write.is_finished(),
        "a call finished while hanging"
    );
    assert_eq!(storage.inner().keys(), ["k"]);
    storage.heal();
    let got = tokio::time::timeout(Duration::from_secs(10), pending)
        .await
        .expect("pending get finished after heal")
        .unwrap()
        .unwrap();
    assert_eq!(got, Some(b"v".to_vec()));
    tokio::time::timeout(Duration::from_secs(10), write)
        .await
        .expect("pending set finished after heal")
        .unwrap()
        .unwrap();
    assert_eq!(storage.inner().keys(), ["k", "k2"]);
}
