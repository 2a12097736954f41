//! `clear`: removes every key, and the store stays usable.

use skein_core::storage::Storage;
use std::sync::Arc;

const KEYS: [&str; 5] = ["a", "b/c", "skein/v4/dir/00", "skein/v4/file/x.py/a", ""];

pub async fn clear_removes_everything(s: &Arc<dyn Storage>) {
    for key in KEYS {
        s.set(key, vec![1, 2, 3]).await.unwrap();
    }
    s.clear().await.unwrap();
    for key in KEYS {
        assert_eq!(s.get(key).await.unwrap(), None, "{key:?} survived clear");
    }
    let keys: Vec<String> = KEYS.iter().map(|k| k.to_string()).collect();
    assert_eq!(s.get_many(&keys).await.unwrap(), vec![None; KEYS.len()]);
}

pub async fn clear_on_empty(s: &Arc<dyn Storage>) {
    s.clear().await.unwrap();
    s.clear().await.unwrap();
    assert_eq!(s.get("a").await.unwrap(), None);
}

pub async fn usable_after_clear(s: &Arc<dyn Storage>) {
    s.set("a", b"old".to_vec()).await.unwrap();
    s.clear().await.unwrap();
    s.set("a", b"new".to_vec()).await.unwrap();
    s.set("b", b"2".to_vec()).await.unwrap();
    assert_eq!(s.get("a").await.unwrap(), Some(b"new".to_vec()));
    assert_eq!(s.get("b").await.unwrap(), Some(b"2".to_vec()));
}
