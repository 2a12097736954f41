//! Keys: any string is a key, distinct strings are distinct keys.

use skein_core::storage::Storage;
use std::sync::Arc;

fn awkward() -> Vec<String> {
    let mut keys: Vec<String> = [
        "",
        " ",
        "a",
        "A",
        "a.ts",
        "a.js",
        "é.py",
        "e\u{301}.py",
        "😀/😀.rs",
        "日本語/ファイル.ts",
        "a/b",
        "a//b",
        "/",
        "/a",
        "a/",
        "..",
        "../a",
        "a/../b",
        "./a",
        "a\\b",
        "\\",
        "C:\\x\\y.rs",
        "C:",
        "a:b",
        ":",
        "%",
        "%%",
        "%25",
        "%2F",
        "a%2Fb",
        "#",
        "a#b",
        "?",
        "a?b=c&d",
        "*",
        "a\nb",
        "a\u{0}b",
        "a\tb",
        "con",
        "CON",
        "nul.txt",
        "skein/v4/dir/00",
        "skein/v4/file/a.py/a",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    keys.push("x".repeat(300));
    keys.push("x".repeat(301));
    keys.push(format!("{}/{}", "d".repeat(200), "f".repeat(200)));
    keys.push("é".repeat(300));
    keys
}

pub async fn awkward_keys_are_distinct_and_round_trip(s: &Arc<dyn Storage>) {
    let keys = awkward();
    for (i, key) in keys.iter().enumerate() {
        s.set(key, format!("value {i}").into_bytes()).await.unwrap();
    }
    for (i, key) in keys.iter().enumerate() {
        let got = s.get(key).await.unwrap();
        assert_eq!(got, Some(format!("value {i}").into_bytes()), "key {key:?}");
    }
    let many = s.get_many(&keys).await.unwrap();
    for (i, (key, got)) in keys.iter().zip(many).enumerate() {
        assert_eq!(
            got,
            Some(format!("value {i}").into_bytes()),
            "get_many key {key:?}"
        );
    }
    // Deleting one touches no other.
    for key in keys.iter().step_by(2) {
        s.delete(key).await.unwrap();
    }
    for (i, key) in keys.iter().enumerate() {
        let want = (i % 2 == 1).then(|| format!("value {i}").into_bytes());
        assert_eq!(
            s.get(key).await.unwrap(),
            want,
            "after deletes, key {key:?}"
        );
    }
}

pub async fn keys_differing_by_escape_are_distinct(s: &Arc<dyn Storage>) {
    // Pairs a naive escaping or path normalization would merge.
    let pairs = [
        ("a/b", "a%2Fb"),
        ("a/b", "a\\b"),
        ("a/./b", "a/b"),
        ("a/../b", "b"),
        ("A.ts", "a.ts"),
        ("é", "e\u{301}"),
        ("a", "a "),
        ("a", "a\u{0}"),
    ];
    for (left, right) in pairs {
        s.clear().await.unwrap();
        s.set(left, b"L".to_vec()).await.unwrap();
        assert_eq!(
            s.get(right).await.unwrap(),
            None,
            "{left:?} leaked into {right:?}"
        );
        s.set(right, b"R".to_vec()).await.unwrap();
        assert_eq!(s.get(left).await.unwrap(), Some(b"L".to_vec()), "{left:?}");
        assert_eq!(
            s.get(right).await.unwrap(),
            Some(b"R".to_vec()),
            "{right:?}"
        );
    }
}
