//! `delete`: removes one key; deleting a missing key succeeds.

use skein_core::storage::Storage;
use std::sync::Arc;

pub async fn delete_existing(s: &Arc<dyn Storage>) {
    s.set("k", b"v".to_vec()).await.unwrap();
    s.delete("k").await.unwrap();
    assert_eq!(s.get("k").await.unwrap(), None);
}

pub async fn delete_missing(s: &Arc<dyn Storage>) {
    s.delete("never/written").await.unwrap();
    s.set("k", b"v".to_vec()).await.unwrap();
    s.delete("k").await.unwrap();
    // Twice in a row: the second finds nothing and still succeeds.
    s.delete("k").await.unwrap();
    assert_eq!(s.get("k").await.unwrap(), None);
}

pub async fn delete_touches_nothing_else(s: &Arc<dyn Storage>) {
    for key in ["a", "a/b", "ab", "b"] {
        s.set(key, key.as_bytes().to_vec()).await.unwrap();
    }
    s.delete("a").await.unwrap();
    assert_eq!(s.get("a").await.unwrap(), None);
    for key in ["a/b", "ab", "b"] {
        assert_eq!(
            s.get(key).await.unwrap(),
            Some(key.as_bytes().to_vec()),
            "{key}"
        );
    }
}

pub async fn set_after_delete(s: &Arc<dyn Storage>) {
    s.set("k", b"1".to_vec()).await.unwrap();
    s.delete("k").await.unwrap();
    s.set("k", b"2".to_vec()).await.unwrap();
    assert_eq!(s.get("k").await.unwrap(), Some(b"2".to_vec()));
}
