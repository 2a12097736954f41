//! `set`: values round-trip byte for byte; a second `set` replaces the first.

use crate::noise;
use skein_core::storage::Storage;
use std::sync::Arc;

pub async fn round_trip(s: &Arc<dyn Storage>) {
    s.set("k", b"hello".to_vec()).await.unwrap();
    assert_eq!(s.get("k").await.unwrap(), Some(b"hello".to_vec()));
}

pub async fn empty_value(s: &Arc<dyn Storage>) {
    // An empty value is a present key, not a missing one.
    s.set("empty", Vec::new()).await.unwrap();
    assert_eq!(s.get("empty").await.unwrap(), Some(Vec::new()));
}

pub async fn one_mib_value(s: &Arc<dyn Storage>) {
    let big = noise(1 << 20, 1);
    s.set("big", big.clone()).await.unwrap();
    let back = s.get("big").await.unwrap().expect("big value present");
    assert_eq!(back.len(), big.len());
    assert!(back == big, "1 MiB value came back different");
}

pub async fn binary_bytes(s: &Arc<dyn Storage>) {
    let all: Vec<u8> = (0..=255u8).chain((0..=255u8).rev()).collect();
    let cases: [(&str, Vec<u8>); 5] = [
        ("zeros", vec![0; 64]),
        ("ones", vec![0xff; 64]),
        ("nul-edges", vec![0x00, b'a', 0xff, 0x00]),
        ("every-byte", all),
        (
            "not-utf8",
            vec![
                0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0xf0, 0x28, 0x8c, 0xbc,
            ],
        ),
    ];
    for (key, value) in &cases {
        s.set(key, value.clone()).await.unwrap();
    }
    for (key, value) in &cases {
        assert_eq!(s.get(key).await.unwrap().as_ref(), Some(value), "key {key}");
    }
}

pub async fn overwrite(s: &Arc<dyn Storage>) {
    s.set("k", b"first".to_vec()).await.unwrap();
    s.set("k", b"second".to_vec()).await.unwrap();
    assert_eq!(s.get("k").await.unwrap(), Some(b"second".to_vec()));
}

pub async fn overwrite_with_shorter_and_empty(s: &Arc<dyn Storage>) {
    // A provider that writes in place without truncating would leave a tail.
    s.set("k", noise(4096, 2)).await.unwrap();
    s.set("k", b"abc".to_vec()).await.unwrap();
    assert_eq!(s.get("k").await.unwrap(), Some(b"abc".to_vec()));
    s.set("k", Vec::new()).await.unwrap();
    assert_eq!(s.get("k").await.unwrap(), Some(Vec::new()));
    s.set("k", noise(10, 3)).await.unwrap();
    assert_eq!(s.get("k").await.unwrap(), Some(noise(10, 3)));
}

pub async fn value_is_copied(s: &Arc<dyn Storage>) {
    // What get returns is the caller's to keep: changing it changes nothing stored.
    s.set("k", b"abc".to_vec()).await.unwrap();
    let mut got = s.get("k").await.unwrap().unwrap();
    got[0] = b'z';
    assert_eq!(s.get("k").await.unwrap(), Some(b"abc".to_vec()));
}
