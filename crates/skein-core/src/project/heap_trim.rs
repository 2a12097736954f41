//! Gives the allocator's free pages back to the system every so often
//! while files are decoded.
//!
//! A query decodes files it reads from storage and drops those the cache
//! does not keep. Their memory is freed, but glibc's malloc keeps freed
//! pages resident when live blocks sit around them, so a process that
//! decodes many different files grew with the project although what it
//! held stayed within `cache_bytes`. At 4× the corpus with a 16 MiB cache,
//! the `sqlite` queries of `benches/storage-scale.mjs` peaked at 104 MB
//! without this and 93 MB with it (BENCHMARKS.md, "A small cache, and
//! freed pages given back"). `malloc_trim` releases every free page,
//! wherever it is; one call takes about 1 ms at that size.
//!
//! Elsewhere (macOS, Windows, musl) this does nothing: the call is glibc's.
//! Replacing the allocator was tried instead: jemalloc and mimalloc as the
//! addon's allocator held more memory, not less.

use std::sync::atomic::{AtomicUsize, Ordering};

/// The fewest decoded bytes (estimated) between two trims: at about 1 ms a
/// trim, a few per second of decoding.
const TRIM_EVERY_AT_LEAST: usize = 8 << 20;

/// Decoded bytes between two trims for a cache of `cache_bytes`: half of
/// it, so that freed memory held between trims stays below the cache's
/// own. A trim is not free: pages it gives back fault in again when
/// reused, which cost a query workload 15–40% with a 256 MiB cache trimmed
/// every 8 MiB, and up to a third with 16 MiB.
pub(super) fn trim_every(cache_bytes: usize) -> usize {
    (cache_bytes / 2).max(TRIM_EVERY_AT_LEAST)
}

/// Bytes decoded since the last trim, across all projects: the allocator
/// is the process's.
static DECODED_SINCE_TRIM: AtomicUsize = AtomicUsize::new(0);

/// Counts `bytes` decoded, and trims once `every` have been since the last
/// trim.
pub(super) fn count_decoded(bytes: usize, every: usize) {
    let total = DECODED_SINCE_TRIM.fetch_add(bytes, Ordering::Relaxed) + bytes;
    // One thread wins the swap and trims; the others carry on.
    if total >= every && DECODED_SINCE_TRIM.swap(0, Ordering::Relaxed) >= every {
        release_free_pages();
    }
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub(super) fn release_free_pages() {
    extern "C" {
        fn malloc_trim(pad: usize) -> std::ffi::c_int;
    }
    // SAFETY: `malloc_trim` takes no pointers; it only hands free pages of
    // the heap back to the system, under the allocator's own locks.
    unsafe {
        malloc_trim(0);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub(super) fn release_free_pages() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counting_past_the_bound_starts_the_count_again() {
        // Other tests decode too, so only the effect of this call is sure.
        let every = usize::MAX / 4;
        count_decoded(every, every);
        assert!(DECODED_SINCE_TRIM.load(Ordering::Relaxed) < every);
    }

    #[test]
    fn a_larger_cache_is_trimmed_less_often() {
        assert_eq!(trim_every(0), TRIM_EVERY_AT_LEAST);
        assert_eq!(trim_every(16 << 20), 8 << 20);
        assert_eq!(trim_every(256 << 20), 128 << 20);
    }
}
