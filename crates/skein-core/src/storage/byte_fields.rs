//! serde helpers that store byte fields as byte strings.
//!
//! serde describes `[u8; 32]` and `Vec<u8>` as sequences of numbers, which
//! postcard encodes (and decodes) one element at a time; as a byte string
//! each is a length and one copy. Every directory entry holds two hashes
//! and a name filter, and every commit seals the bucket of entries it
//! changes, so this is most of the work of writing a bucket.
//!
//! ```
//! use serde::{Deserialize, Serialize};
//! #[derive(Serialize, Deserialize, PartialEq, Debug)]
//! struct Entry {
//!     #[serde(with = "skein_core::storage::byte_fields::hash")]
//!     hash: [u8; 32],
//!     #[serde(with = "skein_core::storage::byte_fields::bytes")]
//!     bits: Vec<u8>,
//! }
//! let entry = Entry { hash: [7; 32], bits: vec![1, 2, 3] };
//! let encoded = postcard::to_allocvec(&entry).unwrap();
//! assert_eq!(encoded.len(), 1 + 32 + 1 + 3);
//! assert_eq!(postcard::from_bytes::<Entry>(&encoded).unwrap(), entry);
//! ```

use serde::de::{Deserializer, Error, Visitor};
use serde::Serializer;
use std::fmt;

/// A blake3 hash, `[u8; 32]`, as a byte string of length 32.
pub mod hash {
    use super::*;

    /// Writes the hash as one byte string.
    pub fn serialize<S: Serializer>(hash: &[u8; 32], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(hash)
    }

    /// Reads a byte string of exactly 32 bytes.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<[u8; 32], D::Error> {
        deserializer.deserialize_bytes(HashVisitor)
    }

    struct HashVisitor;

    impl Visitor<'_> for HashVisitor {
        type Value = [u8; 32];

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a 32-byte hash")
        }

        fn visit_bytes<E: Error>(self, bytes: &[u8]) -> Result<[u8; 32], E> {
            bytes
                .try_into()
                .map_err(|_| E::invalid_length(bytes.len(), &self))
        }
    }
}

/// A `Vec<u8>` as one byte string.
pub mod bytes {
    use super::*;

    /// Writes the bytes as one byte string.
    pub fn serialize<S: Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(bytes)
    }

    /// Reads a byte string.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
        deserializer.deserialize_byte_buf(BytesVisitor)
    }

    struct BytesVisitor;

    impl Visitor<'_> for BytesVisitor {
        type Value = Vec<u8>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a byte string")
        }

        fn visit_bytes<E: Error>(self, bytes: &[u8]) -> Result<Vec<u8>, E> {
            Ok(bytes.to_vec())
        }

        fn visit_byte_buf<E: Error>(self, bytes: Vec<u8>) -> Result<Vec<u8>, E> {
            Ok(bytes)
        }
    }
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};

    #[derive(Serialize, Deserialize, PartialEq, Debug)]
    struct Hashed {
        #[serde(with = "super::hash")]
        hash: [u8; 32],
    }

    #[test]
    fn a_hash_of_another_length_is_an_error_not_a_panic() {
        let short = postcard::to_allocvec(&(vec![1u8; 31].as_slice(),)).unwrap();
        let err = postcard::from_bytes::<Hashed>(&short).unwrap_err();
        assert!(matches!(err, postcard::Error::SerdeDeCustom), "{err:?}");
        let hashed = Hashed { hash: [9; 32] };
        let encoded = postcard::to_allocvec(&hashed).unwrap();
        assert_eq!(postcard::from_bytes::<Hashed>(&encoded).unwrap(), hashed);
    }
}
