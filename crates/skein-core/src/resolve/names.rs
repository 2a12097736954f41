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
        let mut hashes: Vec<u64> = names.into_iter().map(fnv1a).collect();
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
        self.probes(fnv1a(name))
            .all(|bit| self.bits[bit / 8] & (1 << (bit % 8)) != 0)
    }

    /// Bit positions for a hash: double hashing over the two halves.
    fn probes(&self, hash: u64) -> impl Iterator<Item = usize> {
        let size = (self.bits.len() * 8) as u64;
        let (h1, h2) = (hash & 0xffff_ffff, (hash >> 32) | 1);
        (0..PROBES as u64).map(move |i| (h1.wrapping_add(i.wrapping_mul(h2)) % size) as usize)
    }
}

/// FNV-1a: stable across platforms and Rust releases, unlike std's hasher,
/// which matters for a filter that is stored.
fn fnv1a(name: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in name.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    // Mix the high bits down: FNV's low bits are weak for short keys.
    hash ^ (hash >> 29)
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
}
