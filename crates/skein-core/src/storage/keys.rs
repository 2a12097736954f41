//! The key layout: every key Skein writes, and how it is built.
//!
//! All keys of one project live under its namespace (`ProjectOptions.namespace`,
//! default `skein`) and a layout version:
//!
//! | key | value |
//! |---|---|
//! | `<ns>/v7/root` | which directory buckets may hold files (a 256-bit map), so opening a project reads only those |
//! | `<ns>/v7/dir/<bb>` | directory bucket `bb` (`00`–`ff`): path → pointer to the file's index, for every file whose path hashes there |
//! | `<ns>/v7/file/<path>/<slot>` | a file's index (source, scope graph), in slot `a` or `b` |
//!
//! `<ns>` and `<path>` are escaped: `%`, `/` and ASCII control characters become
//! `%XX` (uppercase hex of each byte), everything else stays as it is. The
//! escape is injective and its output has no `/`, so splitting a key on `/`
//! recovers every component: distinct namespaces, paths or slots never share a
//! key, and the same input gives the same key on every platform and run.
//! `<bb>` is the first byte of the blake3 hash of the path, in lowercase hex.
//!
//! Why this shape: a directory bucket is the small pointer whose single write
//! commits a file update (see `project::commit`); 256 buckets keep that write
//! small without a key per file that would need listing, which providers
//! cannot do. Two slots per file let the new index be written beside the old
//! one before the pointer flips, and bound garbage to one slot per file.
//!
//! ```
//! use skein_core::storage::keys::KeySpace;
//! let keys = KeySpace::new("skein");
//! assert_eq!(keys.file("src/a b.ts", 'a'), "skein/v7/file/src%2Fa b.ts/a");
//! assert_eq!(keys.bucket_of("src/a b.ts").len(), "skein/v7/dir/00".len());
//! ```

/// Number of directory buckets.
pub const BUCKET_COUNT: usize = 256;

/// Layout version in every key; bump on an incompatible layout change.
pub const LAYOUT_VERSION: &str = "v7";

/// Builds the keys of one namespace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeySpace {
    prefix: String,
}

impl KeySpace {
    /// The keys under `namespace`.
    pub fn new(namespace: &str) -> Self {
        KeySpace {
            prefix: format!("{}/{LAYOUT_VERSION}", escape(namespace)),
        }
    }

    /// The key of the root: the map of buckets that may hold files.
    pub fn root(&self) -> String {
        format!("{}/root", self.prefix)
    }

    /// The key of directory bucket `bucket` (0..256).
    pub fn bucket(&self, bucket: usize) -> String {
        debug_assert!(bucket < BUCKET_COUNT);
        format!("{}/dir/{bucket:02x}", self.prefix)
    }

    /// The keys of all directory buckets, in bucket order.
    pub fn all_buckets(&self) -> Vec<String> {
        (0..BUCKET_COUNT).map(|b| self.bucket(b)).collect()
    }

    /// The key of the bucket that holds `path`.
    pub fn bucket_of(&self, path: &str) -> String {
        self.bucket(bucket_index(path))
    }

    /// The key of `path`'s index in `slot` (`'a'` or `'b'`).
    pub fn file(&self, path: &str, slot: char) -> String {
        debug_assert!(slot == 'a' || slot == 'b');
        format!("{}/file/{}/{slot}", self.prefix, escape(path))
    }
}

/// The bucket a path belongs to: the first byte of its blake3 hash.
pub fn bucket_index(path: &str) -> usize {
    blake3::hash(path.as_bytes()).as_bytes()[0] as usize
}

/// Escapes `%`, `/` and ASCII control characters as `%XX`; an injective map onto
/// strings without `/`.
pub fn escape(component: &str) -> String {
    // Every file commit formats a key: written in place, not through
    // `format!`, which allocated a string per escaped character.
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(component.len() + 8);
    for ch in component.chars() {
        if ch == '%' || ch == '/' || ch.is_ascii_control() {
            let byte = ch as u8;
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0xf)]));
        } else {
            out.push(ch);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn unescape(component: &str) -> String {
        let bytes = component.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' {
                out.push(u8::from_str_radix(&component[i + 1..i + 3], 16).unwrap());
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        String::from_utf8(out).unwrap()
    }

    /// Parses a file key back into (namespace, path, slot).
    fn parse_file_key(key: &str) -> (String, String, String) {
        let parts: Vec<&str> = key.split('/').collect();
        assert_eq!(parts.len(), 5, "{key}");
        assert_eq!(parts[1], LAYOUT_VERSION);
        assert_eq!(parts[2], "file");
        (unescape(parts[0]), unescape(parts[3]), parts[4].to_string())
    }

    const AWKWARD: &[&str] = &[
        "a.ts",
        "a.js",
        "A.ts",
        "dir/a.ts",
        "dir\\a.ts",
        "dir%2Fa.ts",
        "../a.ts",
        "./a.ts",
        "a/../b.ts",
        "#a.ts",
        "a#b.ts",
        "a:b.ts",
        "C:\\x\\y.rs",
        "%",
        "%%",
        "%25",
        "/",
        "//",
        "",
        " ",
        "é.py",
        "e\u{301}.py",
        "😀/😀.rs",
        "a\nb.js",
        "a\u{0}b.js",
    ];

    #[test]
    fn awkward_paths_never_collide_and_round_trip() {
        let long = "x".repeat(300);
        let mut paths: Vec<&str> = AWKWARD.to_vec();
        paths.push(&long);
        for ns in ["skein", "team/a", "team%2Fa", ""] {
            let keys = KeySpace::new(ns);
            let mut seen = std::collections::HashSet::new();
            for path in &paths {
                for slot in ['a', 'b'] {
                    let key = keys.file(path, slot);
                    assert!(seen.insert(key.clone()), "collision on {key}");
                    let (n, p, s) = parse_file_key(&key);
                    assert_eq!((n.as_str(), p.as_str(), s), (ns, *path, slot.to_string()));
                }
            }
        }
    }

    #[test]
    fn keys_are_stable() {
        // Pinned: a change here breaks every stored project.
        let keys = KeySpace::new("skein");
        assert_eq!(keys.file("src/a.ts", 'b'), "skein/v7/file/src%2Fa.ts/b");
        assert_eq!(keys.bucket(255), "skein/v7/dir/ff");
        assert_eq!(keys.root(), "skein/v7/root");
        assert_eq!(bucket_index("src/a.ts"), bucket_index("src/a.ts"));
        assert_eq!(
            keys.bucket_of("a.ts"),
            keys.bucket(blake3::hash(b"a.ts").as_bytes()[0] as usize)
        );
    }

    proptest! {
        #[test]
        fn escape_is_injective_and_slash_free(a in "\\PC{0,40}", b in "[/%a-z.\\\\#:]{0,12}") {
            let (ea, eb) = (escape(&a), escape(&b));
            prop_assert!(!ea.contains('/'));
            prop_assert_eq!(unescape(&ea), a.clone());
            if a != b { prop_assert_ne!(ea, eb); }
        }

        #[test]
        fn distinct_inputs_give_distinct_keys(
            ns1 in "[a-z/%]{0,6}", ns2 in "[a-z/%]{0,6}",
            p1 in "[a-zA-Z./\\\\%#:é😀]{0,20}", p2 in "[a-zA-Z./\\\\%#:é😀]{0,20}",
        ) {
            let k1 = KeySpace::new(&ns1).file(&p1, 'a');
            let k2 = KeySpace::new(&ns2).file(&p2, 'a');
            prop_assert_eq!(k1 == k2, ns1 == ns2 && p1 == p2);
            let b1 = KeySpace::new(&ns1).bucket_of(&p1);
            prop_assert_ne!(&b1, &k2);
            prop_assert_ne!(KeySpace::new(&ns1).root(), k2.clone());
            prop_assert_ne!(KeySpace::new(&ns1).root(), b1);
        }
    }
}
