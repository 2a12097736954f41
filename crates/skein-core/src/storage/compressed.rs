//! Values compressed with LZ4 on their way to a store outside the process.
//!
//! A stored file index is mostly its source text and a postcard encoding
//! of its scope graph, 2.7 times the source in all; LZ4 makes it 2.5
//! times smaller at about 400 MB/s to compress and 1.5 GB/s to decompress
//! on one core. A project wraps every store but the in-process memory
//! store in [`Compressed`], so `sqlite` files, `disk` folders and Redis
//! servers hold less, and a query that reads hundreds of files moves less.
//!
//! ```text
//! offset  size  field
//! 0       4     magic "SKZ1"
//! 4       4     length of the value once decompressed, u32 little-endian
//! 8       n     an LZ4 block
//! ```
//!
//! A value this small or this incompressible is stored as it is: every
//! Skein value starts with the envelope's magic `SKEN`, so the two are told
//! apart. Builds from before compression cannot read the frame, so the
//! keys moved to layout `v6` with it (`keys.rs`).
//!
//! The envelope inside still checks the decompressed bytes. A frame that
//! is damaged or claims an impossible length is an [`ErrorKind::Corrupt`]
//! error naming the key, never a panic or a huge allocation.

use super::{Capabilities, Storage, StorageOp};
use crate::error::{Error, ErrorKind, Result};
use async_trait::async_trait;
use std::sync::Arc;

/// The first four bytes of a compressed value.
pub const MAGIC: &[u8; 4] = b"SKZ1";
const HEADER_LEN: usize = 8;
/// Values shorter than this are stored as they are: directory buckets and
/// the root gain little, and LZ4's framing costs bytes.
const SMALLEST_COMPRESSED: usize = 512;
/// An LZ4 block cannot expand its input more than about 255 times, so a
/// frame that claims more is damaged.
const MOST_EXPANSION: usize = 255;

/// `inner` with values compressed on the way in and decompressed on the
/// way out.
pub struct Compressed {
    inner: Arc<dyn Storage>,
}

impl Compressed {
    /// Wraps `inner`.
    pub fn new(inner: Arc<dyn Storage>) -> Compressed {
        Compressed { inner }
    }
}

/// `value` as stored: compressed when that makes it at least an eighth
/// smaller, else as it is.
pub fn compress(value: Vec<u8>) -> Vec<u8> {
    if value.len() < SMALLEST_COMPRESSED || value.len() > u32::MAX as usize {
        return value;
    }
    // Compressed in place after the header: one buffer, no copy.
    let mut out = vec![0; HEADER_LEN + lz4_flex::block::get_maximum_output_size(value.len())];
    out[..4].copy_from_slice(MAGIC);
    out[4..HEADER_LEN].copy_from_slice(&(value.len() as u32).to_le_bytes());
    let Ok(block_len) = lz4_flex::block::compress_into(&value, &mut out[HEADER_LEN..]) else {
        return value;
    };
    if HEADER_LEN + block_len > value.len() - value.len() / 8 {
        return value;
    }
    out.truncate(HEADER_LEN + block_len);
    out.shrink_to_fit();
    out
}

/// The value `stored` under `key`, decompressed if it was compressed.
pub fn decompress(key: &str, stored: Vec<u8>) -> Result<Vec<u8>> {
    if stored.len() < HEADER_LEN || &stored[..4] != MAGIC {
        return Ok(stored);
    }
    let corrupt = |msg: String| Error::new(ErrorKind::Corrupt, msg).with_key(key);
    let length = u32::from_le_bytes([stored[4], stored[5], stored[6], stored[7]]) as usize;
    let block = &stored[HEADER_LEN..];
    if length > block.len().saturating_mul(MOST_EXPANSION) {
        return Err(corrupt(format!(
            "compressed value is corrupted (claims {length} bytes from {})",
            block.len()
        )));
    }
    match lz4_flex::block::decompress(block, length) {
        Ok(value) if value.len() == length => Ok(value),
        Ok(value) => Err(corrupt(format!(
            "compressed value is corrupted ({} bytes where it claims {length})",
            value.len()
        ))),
        Err(err) => Err(corrupt(format!("compressed value is corrupted ({err})"))),
    }
}

/// `ops` with every value compressed.
fn compress_sets(ops: Vec<StorageOp>) -> Vec<StorageOp> {
    ops.into_iter()
        .map(|op| match op {
            StorageOp::Set { key, value } => StorageOp::Set {
                key,
                value: compress(value),
            },
            delete => delete,
        })
        .collect()
}

#[async_trait]
impl Storage for Compressed {
    async fn get(&self, key: &str) -> Result<Option<Vec<u8>>> {
        match self.inner.get(key).await? {
            Some(stored) => decompress(key, stored).map(Some),
            None => Ok(None),
        }
    }

    async fn set(&self, key: &str, value: Vec<u8>) -> Result<()> {
        self.inner.set(key, compress(value)).await
    }

    async fn delete(&self, key: &str) -> Result<()> {
        self.inner.delete(key).await
    }

    async fn clear(&self) -> Result<()> {
        self.inner.clear().await
    }

    async fn commit(&self, ops: Vec<StorageOp>) -> Result<()> {
        self.inner.commit(compress_sets(ops)).await
    }

    async fn commit_unordered(&self, ops: Vec<StorageOp>) -> Result<()> {
        self.inner.commit_unordered(compress_sets(ops)).await
    }

    async fn get_many(&self, keys: &[String]) -> Result<Vec<Option<Vec<u8>>>> {
        let values = self.inner.get_many(keys).await?;
        keys.iter()
            .zip(values)
            .map(|(key, value)| value.map(|stored| decompress(key, stored)).transpose())
            .collect()
    }

    fn capabilities(&self) -> Capabilities {
        self.inner.capabilities()
    }

    async fn close(&self) -> Result<()> {
        self.inner.close().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::MemoryStorage;

    fn sample() -> Vec<u8> {
        let mut value = b"SKEN".to_vec();
        value.extend("def helper():\n    return 1\n".repeat(100).bytes());
        value
    }

    #[test]
    fn a_compressible_value_is_framed_and_comes_back_whole() {
        let value = sample();
        let stored = compress(value.clone());
        assert_eq!(&stored[..4], MAGIC);
        assert!(stored.len() < value.len() / 4, "{}", stored.len());
        assert_eq!(decompress("k", stored).unwrap(), value);
    }

    #[test]
    fn small_and_incompressible_values_are_stored_as_they_are() {
        let small = b"SKEN tiny".to_vec();
        assert_eq!(compress(small.clone()), small);
        // Bytes no LZ4 block shrinks (a xorshift stream).
        let mut state = 0x9e3779b97f4a7c15u64;
        let noise: Vec<u8> = (0..4096)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state as u8
            })
            .collect();
        assert_eq!(compress(noise.clone()), noise);
        // A value stored before compression reads as it is.
        assert_eq!(decompress("k", noise.clone()).unwrap(), noise);
    }

    #[test]
    fn a_damaged_frame_is_a_corrupt_error_naming_the_key() {
        let stored = compress(sample());
        for len in HEADER_LEN..stored.len() {
            let err = decompress("k", stored[..len].to_vec()).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Corrupt);
            assert_eq!(err.key(), Some("k"));
        }
        // A flipped bit anywhere is never a panic. In the magic, the value
        // is no frame and passes on for the envelope to refuse; in the
        // length, an error; in the block, an error or bytes of the claimed
        // length, which the envelope's checksum then judges.
        let length = sample().len();
        for i in 0..stored.len() {
            let mut bad = stored.clone();
            bad[i] ^= 1 << (i % 8);
            match (decompress("k", bad), i) {
                (Ok(back), 0..4) => assert_eq!(&back[4..8], &stored[4..8]),
                (Ok(_), 4..HEADER_LEN) => panic!("flip at {i} in the length"),
                (Ok(back), _) => assert_eq!(back.len(), length, "flip at {i}"),
                (Err(err), _) => assert_eq!(err.kind(), ErrorKind::Corrupt),
            }
        }
        // A length no block of this size can give: refused before allocating.
        let mut huge = stored.clone();
        huge[4..8].copy_from_slice(&u32::MAX.to_le_bytes());
        let err = decompress("k", huge).unwrap_err();
        assert!(
            err.to_string().starts_with(
                "stored value 'k': compressed value is corrupted (claims 4294967295 bytes"
            ),
            "{err}"
        );
    }

    #[tokio::test]
    async fn the_store_beneath_holds_the_compressed_frame() {
        let inner = Arc::new(MemoryStorage::new());
        let storage = Compressed::new(inner.clone());
        let value = sample();
        storage.set("a", value.clone()).await.unwrap();
        storage
            .commit(vec![
                StorageOp::Set {
                    key: "b".into(),
                    value: value.clone(),
                },
                StorageOp::Delete { key: "a".into() },
            ])
            .await
            .unwrap();
        let beneath = inner.get("b").await.unwrap().unwrap();
        assert_eq!(&beneath[..4], MAGIC);
        assert_eq!(storage.get("a").await.unwrap(), None);
        assert_eq!(storage.get("b").await.unwrap(), Some(value.clone()));
        let keys = ["a".to_string(), "b".to_string()];
        assert_eq!(storage.get_many(&keys).await.unwrap(), [None, Some(value)]);
    }
}
