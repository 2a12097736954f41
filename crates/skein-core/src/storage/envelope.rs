//! The value envelope: every value Skein stores is framed so a bad value is
//! caught before it is decoded.
//!
//! ```text
//! offset  size  field
//! 0       4     magic "SKEN"
//! 4       2     format version, u16 little-endian (currently 1)
//! 6       32    blake3 hash of the payload
//! 38      n     payload: postcard (compact serde) encoding
//! ```
//!
//! A value that is truncated, has another magic, a newer version, a checksum
//! that does not match, or a payload that does not decode, gives an
//! [`ErrorKind::Corrupt`] error naming the key — never a panic.
//!
//! ```
//! use skein_core::storage::envelope::{seal, open};
//! let bytes = seal(&vec![1u32, 2, 3]);
//! let back: Vec<u32> = open("k", &bytes).unwrap();
//! assert_eq!(back, [1, 2, 3]);
//! let err = open::<Vec<u32>>("k", &bytes[..10]).unwrap_err();
//! assert!(err.to_string().starts_with("stored value 'k': "));
//! ```

use crate::error::{Error, ErrorKind, Result};
use serde::{de::DeserializeOwned, Serialize};

/// The first four bytes of every value.
pub const MAGIC: &[u8; 4] = b"SKEN";
/// The format version this build writes and reads.
pub const FORMAT_VERSION: u16 = 1;
const HEADER_LEN: usize = 4 + 2 + 32;

/// Encodes `value` and frames it.
pub fn seal<T: Serialize>(value: &T) -> Vec<u8> {
    seal_with_capacity(value, 0)
}

/// [`seal`], encoding into a buffer of about `size_guess` bytes to begin
/// with: a good guess spares the copies a growing buffer makes. The value
/// is encoded in place after its header, and the buffer trimmed to fit.
pub fn seal_with_capacity<T: Serialize>(value: &T, size_guess: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER_LEN + size_guess);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&[0; 32]);
    // postcard only fails on types serde cannot describe, which ours are not
    let mut out = postcard::to_extend(value, out).expect("postcard encodes plain data");
    let checksum = blake3::hash(&out[HEADER_LEN..]);
    out[6..HEADER_LEN].copy_from_slice(checksum.as_bytes());
    out.shrink_to_fit();
    out
}

/// What identifies a sealed value: the blake3 of its header, which holds
/// the blake3 of its payload. Two values with the same identity have the
/// same bytes (or one is corrupt, which [`open`] finds), and computing it
/// costs 38 bytes of hashing instead of the whole value.
pub fn identity(bytes: &[u8]) -> [u8; 32] {
    *blake3::hash(&bytes[..bytes.len().min(HEADER_LEN)]).as_bytes()
}

/// Checks the frame of the value stored under `key` and decodes it.
pub fn open<T: DeserializeOwned>(key: &str, bytes: &[u8]) -> Result<T> {
    let corrupt = |msg: String| Error::new(ErrorKind::Corrupt, msg).with_key(key);
    if bytes.len() < HEADER_LEN {
        return Err(corrupt(format!(
            "value is truncated ({} bytes, the header alone is {HEADER_LEN})",
            bytes.len()
        )));
    }
    if &bytes[..4] != MAGIC {
        return Err(corrupt("value is not a Skein value (bad magic)".into()));
    }
    let version = u16::from_le_bytes([bytes[4], bytes[5]]);
    if version != FORMAT_VERSION {
        return Err(corrupt(format!(
            "value has format version {version}, this build reads version {FORMAT_VERSION}"
        )));
    }
    let payload = &bytes[HEADER_LEN..];
    if blake3::hash(payload).as_bytes() != &bytes[6..HEADER_LEN] {
        return Err(corrupt("value is corrupted (checksum mismatch)".into()));
    }
    postcard::from_bytes(payload).map_err(|err| corrupt(format!("value does not decode: {err}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_truncation_and_bit_flip_is_an_error() {
        let bytes = seal(&("hello".to_string(), vec![7u64; 20]));
        for len in 0..bytes.len() {
            let err = open::<(String, Vec<u64>)>("k", &bytes[..len]).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Corrupt);
            assert_eq!(err.key(), Some("k"));
        }
        for i in 0..bytes.len() {
            let mut bad = bytes.clone();
            bad[i] ^= 0x40;
            assert!(
                open::<(String, Vec<u64>)>("k", &bad).is_err(),
                "flip at {i}"
            );
        }
    }

    #[test]
    fn identity_tells_values_apart_and_open_catches_what_it_cannot() {
        let one = seal(&"one".to_string());
        assert_eq!(identity(&one), identity(&seal(&"one".to_string())));
        assert_ne!(identity(&one), identity(&seal(&"two".to_string())));
        // A damaged payload keeps its header, so its identity: the
        // checksum in that header is what refuses it.
        let mut damaged = one.clone();
        *damaged.last_mut().unwrap() ^= 1;
        assert_eq!(identity(&damaged), identity(&one));
        let err = open::<String>("k", &damaged).unwrap_err();
        assert!(err.to_string().contains("checksum mismatch"), "{err}");
    }

    #[test]
    fn future_versions_are_refused_by_name() {
        let mut bytes = seal(&1u8);
        bytes[4] = 9;
        let err = open::<u8>("k", &bytes).unwrap_err();
        assert!(err.to_string().contains("format version 9"), "{err}");
    }
}
