//! `commit`: a batch applies its ops in order; with `transaction`, all at once.

use crate::{delete_op, set_op};
use skein_core::storage::Storage;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

pub async fn sets_and_deletes_apply(s: &Arc<dyn Storage>) {
    s.set("old", b"x".to_vec()).await.unwrap();
    s.set("keep", b"k".to_vec()).await.unwrap();
    s.commit(vec![
        set_op("a", b"1"),
        set_op("b", b"2"),
        delete_op("old"),
        delete_op("never/written"),
    ])
    .await
    .unwrap();
    assert_eq!(s.get("a").await.unwrap(), Some(b"1".to_vec()));
    assert_eq!(s.get("b").await.unwrap(), Some(b"2".to_vec()));
    assert_eq!(s.get("old").await.unwrap(), None);
    assert_eq!(s.get("keep").await.unwrap(), Some(b"k".to_vec()));
}

pub async fn set_then_delete_same_key_is_absent(s: &Arc<dyn Storage>) {
    s.commit(vec![set_op("k", b"1"), delete_op("k")])
        .await
        .unwrap();
    assert_eq!(s.get("k").await.unwrap(), None);
    // Also when the key existed before the batch.
    s.set("k", b"0".to_vec()).await.unwrap();
    s.commit(vec![set_op("k", b"1"), delete_op("k")])
        .await
        .unwrap();
    assert_eq!(s.get("k").await.unwrap(), None);
}

pub async fn delete_then_set_same_key_is_present(s: &Arc<dyn Storage>) {
    s.commit(vec![delete_op("k"), set_op("k", b"1")])
        .await
        .unwrap();
    assert_eq!(s.get("k").await.unwrap(), Some(b"1".to_vec()));
    s.commit(vec![delete_op("k"), set_op("k", b"2")])
        .await
        .unwrap();
    assert_eq!(s.get("k").await.unwrap(), Some(b"2".to_vec()));
}

pub async fn last_set_wins(s: &Arc<dyn Storage>) {
    s.commit(vec![
        set_op("k", b"1"),
        set_op("k", b"2"),
        set_op("k", b"3"),
    ])
    .await
    .unwrap();
    assert_eq!(s.get("k").await.unwrap(), Some(b"3".to_vec()));
}

pub async fn empty_batch_is_a_no_op(s: &Arc<dyn Storage>) {
    s.set("k", b"v".to_vec()).await.unwrap();
    s.commit(Vec::new()).await.unwrap();
    assert_eq!(s.get("k").await.unwrap(), Some(b"v".to_vec()));
}

/// Only for providers that claim `transaction`: a reader never sees part of a batch.
///
/// The writer commits `[k1 = i, k2 = i]` for rising `i`. With an atomic
/// commit, once a reader has seen `k1 = i`, a later read of `k2` is at least
/// `i`; a provider that applies the ops one by one exposes `k1 = i, k2 = i - 1`
/// between them.
pub async fn batch_is_atomic_to_readers(s: &Arc<dyn Storage>) {
    if !s.capabilities().transaction {
        return;
    }
    const ROUNDS: u64 = 2000;
    let read = |v: Option<Vec<u8>>| u64::from_le_bytes(v.expect("present").try_into().unwrap());
    s.commit(vec![
        set_op("k1", &0u64.to_le_bytes()),
        set_op("k2", &0u64.to_le_bytes()),
    ])
    .await
    .unwrap();
    let done = Arc::new(AtomicBool::new(false));
    let mut readers = Vec::new();
    for _ in 0..2 {
        let (s, done) = (s.clone(), done.clone());
        readers.push(tokio::spawn(async move {
            let mut reads = 0u64;
            while !done.load(Ordering::SeqCst) || reads == 0 {
                let k1 = read(s.get("k1").await.unwrap());
                let k2 = read(s.get("k2").await.unwrap());
                assert!(k2 >= k1, "saw half a batch: k1 = {k1}, then k2 = {k2}");
                reads += 1;
                tokio::task::yield_now().await;
            }
            reads
        }));
    }
    for i in 1..=ROUNDS {
        let v = i.to_le_bytes();
        s.commit(vec![
            set_op("k1", &v),
            delete_op("scratch"),
            set_op("k2", &v),
        ])
        .await
        .unwrap();
        if i % 16 == 0 {
            tokio::task::yield_now().await;
        }
    }
    done.store(true, Ordering::SeqCst);
    for reader in readers {
        assert!(reader.await.unwrap() > 0);
    }
    assert_eq!(read(s.get("k2").await.unwrap()), ROUNDS);
}
