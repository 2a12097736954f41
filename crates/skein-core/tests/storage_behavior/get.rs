//! `get`: a key never written reads as `None`.

use skein_core::storage::Storage;
use std::sync::Arc;

pub async fn missing_is_none(s: &Arc<dyn Storage>) {
    assert_eq!(s.get("never/written").await.unwrap(), None);
    assert_eq!(s.get("").await.unwrap(), None);
}

pub async fn missing_after_other_keys_is_none(s: &Arc<dyn Storage>) {
    s.set("present", b"1".to_vec()).await.unwrap();
    s.set("presen", b"2".to_vec()).await.unwrap();
    assert_eq!(s.get("present2").await.unwrap(), None);
    assert_eq!(s.get("Present").await.unwrap(), None);
    assert_eq!(s.get("prese").await.unwrap(), None);
    assert_eq!(s.get("present").await.unwrap(), Some(b"1".to_vec()));
}
