//! `get_many`: one answer per key, in the order asked, duplicates and missing keys included.

use skein_core::storage::Storage;
use std::sync::Arc;

fn strings(keys: &[&str]) -> Vec<String> {
    keys.iter().map(|k| k.to_string()).collect()
}

pub async fn order_duplicates_and_missing(s: &Arc<dyn Storage>) {
    s.set("a", b"A".to_vec()).await.unwrap();
    s.set("b", b"B".to_vec()).await.unwrap();
    s.set("empty", Vec::new()).await.unwrap();
    let got = s
        .get_many(&strings(&[
            "b", "missing", "a", "b", "empty", "a", "missing",
        ]))
        .await
        .unwrap();
    let want = vec![
        Some(b"B".to_vec()),
        None,
        Some(b"A".to_vec()),
        Some(b"B".to_vec()),
        Some(Vec::new()),
        Some(b"A".to_vec()),
        None,
    ];
    assert_eq!(got, want);
}

pub async fn empty_key_list(s: &Arc<dyn Storage>) {
    s.set("a", b"A".to_vec()).await.unwrap();
    assert_eq!(
        s.get_many(&[]).await.unwrap(),
        Vec::<Option<Vec<u8>>>::new()
    );
}

pub async fn big_key_list(s: &Arc<dyn Storage>) {
    // The project loads its 256 directory buckets with one call like this.
    let keys: Vec<String> = (0..300).map(|i| format!("skein/v4/dir/{i:03}")).collect();
    for (i, key) in keys.iter().enumerate().filter(|(i, _)| i % 3 == 0) {
        s.set(key, i.to_le_bytes().to_vec()).await.unwrap();
    }
    let got = s.get_many(&keys).await.unwrap();
    assert_eq!(got.len(), keys.len());
    for (i, value) in got.iter().enumerate() {
        let want = (i % 3 == 0).then(|| i.to_le_bytes().to_vec());
        assert_eq!(value, &want, "key {}", keys[i]);
    }
}
