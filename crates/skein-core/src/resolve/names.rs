//! A per-file filter of the names a file mentions, kept in the directory,
//! so `find_references` reads only the files that may refer to a name
//! instead of decoding every file.
//!
//! ```
//! use skein_core::resolve::NameFilter;
//! let filter = NameFilter::new(["save", "User"]);
//! assert!(filter.may_contain("save"));
//! assert!(!filter.may_contain("load"));
//! ```

use serde::{Deserialize, Serialize};

/// A Bloom filter over names: no false negatives, about 1% false positives
/// at 10 bits per name.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NameFilter {
    /// Bit `i` is bit `i % 8` of byte `i / 8`; a multiple of 8 bytes.
    #[serde(with = "crate::storage::byte_fields::bytes")]
    bits: Vec<u8>,
}

/// Hash functions per name.
const PROBES: u32 = 4;

impl NameFilter {
    /// A filter holding `names` (duplicates are fine).
    pub fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> NameFilter {
        let mut hashes: Vec<u64> = names.into_iter().map(name_hash).collect();
        hashes.sort_unstable();
        hashes.dedup();
        // Whole 64-bit words, as when the bits were stored as words.
        let words = (hashes.len() * 10).div_ceil(64);
        let mut filter = NameFilter {
            bits: vec![0; words * 8],
        };
        for hash in hashes {
            for bit in filter.probes(hash) {
                filter.bits[bit / 8] |= 1 << (bit % 8);
            }
        }
        filter
    }

    /// Whether `name` may be in the filter (`false`: certainly not).
    pub fn may_contain(&self, name: &str) -> bool {
        if self.bits.is_empty() {
            return false;
        }
        self.probes(name_hash(name))
            .all(|bit| self.bits[bit / 8] & (1 << (bit % 8)) != 0)
    }

    /// Bit positions for a hash: double hashing over the two halves, each
    /// mapped onto the filter by a multiply and a shift rather than a
    /// division.
    fn probes(&self, hash: u64) -> impl Iterator<Item = usize> {
        let size = (self.bits.len() * 8) as u64;
        let (h1, h2) = (hash as u32, (hash >> 32) as u32 | 1);
        (0..PROBES).map(move |i| {
            let probe = h1.wrapping_add(i.wrapping_mul(h2));
            ((u64::from(probe) * size) >> 32) as usize
        })
    }
}

/// A name's hash, 8 bytes at a time, read little-endian: stable across
/// platforms and Rust releases, unlike std's hasher, which matters for a
/// filter that is stored. A build hashes every name of every file it
/// indexes, so it does not go a byte at a time.
fn name_hash(name: &str) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let bytes = name.as_bytes();
    let mix =
        |hash: u64, word: [u8; 8]| (hash.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(K);
    // The length is mixed in, so a name and the same name with NULs after
    // it (the last word is padded with zeros) differ.
    let mut hash = bytes.len() as u64;
    let mut words = bytes.chunks_exact(8);
    for word in &mut words {
        let mut full = [0; 8];
        full.copy_from_slice(word);
        hash = mix(hash, full);
    }
    if !words.remainder().is_empty() {
        let mut last = [0; 8];
        last[..words.remainder().len()].copy_from_slice(words.remainder());
        hash = mix(hash, last);
    }
    // murmur3's finalizer: every bit of both halves depends on every bit
    // of the name, as double hashing over the halves needs.
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xff51_afd7_ed55_8ccd);
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    hash ^ (hash >> 33)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_false_negatives_and_few_false_positives() {
        let names: Vec<String> = (0..2000).map(|i| format!("name_{i}")).collect();
        let filter = NameFilter::new(names.iter().map(String::as_str));
        assert!(names.iter().all(|n| filter.may_contain(n)));
        let false_positives = (0..10_000)
            .filter(|i| filter.may_contain(&format!("other_{i}")))
            .count();
        assert!(
            false_positives < 300,
            "{false_positives} false positives in 10000"
        );
        assert!(!NameFilter::new([]).may_contain("x"));
    }

    /// Identifiers are mostly short, and differ in one letter: a filter of
    /// every two-letter name still rules out most three-letter ones, and
    /// names that differ only in trailing NULs hash apart (the hash pads
    /// the last word with them).
    #[test]
    fn short_and_nearly_equal_names_spread_over_the_filter() {
        let letters = || (b'a'..=b'z').map(char::from);
        let two: Vec<String> = letters()
            .flat_map(|a| letters().map(move |b| format!("{a}{b}")))
            .collect();
        let filter = NameFilter::new(two.iter().map(String::as_str));
        assert!(two.iter().all(|n| filter.may_contain(n)));
        let three: Vec<String> = two
            .iter()
            .flat_map(|n| letters().map(move |c| format!("{n}{c}")))
            .collect();
        let false_positives = three.iter().filter(|n| filter.may_contain(n)).count();
        assert!(
            false_positives * 100 < three.len() * 3,
            "{false_positives} false positives in {}",
            three.len()
        );
        assert_ne!(name_hash("ab"), name_hash("ab\0"));
        assert_ne!(name_hash("abcdefgh"), name_hash("abcdefgh\0"));
    }
}
