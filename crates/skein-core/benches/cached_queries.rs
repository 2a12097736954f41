//! Queries on a reopened `sqlite` index at several `cache_bytes`, against
//! the floor of reading every stored value once, raw.
//!
//! ```text
//! cargo bench -p skein-core --bench cached_queries -- [FOLDER]
//! ```
//! The workload is the one `benches/storage-scale.mjs` measures memory on:
//! every file's `get_definitions`, and `find_references` on the first
//! definition of every 20th file, in a project opened from the store. A
//! small cache saves memory only if a file missing from it is cheap to
//! read again; this shows what each cache size costs in time.

mod corpus;

use skein_core::project::{FolderFilter, Project, ProjectOptions};
use skein_core::storage::keys::KeySpace;
use skein_core::storage::{SqliteStorage, Storage};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The system allocator, counting the bytes live, so the memory a decoded
/// file takes is measured rather than estimated.
struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);
/// The most bytes live since it was last reset.
static PEAK: AtomicIsize = AtomicIsize::new(0);

fn grow(by: isize) {
    let live = LIVE.fetch_add(by, Ordering::Relaxed) + by;
    PEAK.fetch_max(live, Ordering::Relaxed);
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        grow(layout.size() as isize);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        grow(new_size as isize - layout.size() as isize);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

async fn workload(project: &Project) -> usize {
    let mut found = 0;
    for (i, path) in project.get_file_paths().await.unwrap().iter().enumerate() {
        let definitions = project.get_definitions(path).await.unwrap();
        if i % 20 == 0 {
            if let Some(first) = definitions.first() {
                found += project
                    .find_references(path, first.range.start, false)
                    .await
                    .unwrap()
                    .len();
            }
        }
    }
    found
}

fn main() {
    let folder = corpus::dir_from_args();
    let store_dir = tempfile::tempdir().unwrap();
    let store_path = store_dir.path().join("index.sqlite");
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let storage: Arc<dyn Storage> = Arc::new(SqliteStorage::open(&store_path).unwrap());
    let summary = runtime
        .block_on(async {
            let project = Project::new(storage.clone(), ProjectOptions::default());
            let summary = project
                .index_directory(&folder, &FolderFilter::default(), |_| Ok(()))
                .await?;
            project.close().await.map(|_| summary)
        })
        .unwrap();
    println!(
        "{} files indexed from {}",
        summary.files_indexed,
        folder.display()
    );

    let floor = runtime.block_on(async {
        // A file's index is in slot `a` or `b`; reading both is what a
        // reader that knew neither would do.
        let keys = KeySpace::new(&ProjectOptions::default().namespace);
        let paths = Project::open(storage.clone(), ProjectOptions::default())
            .await
            .unwrap()
            .get_file_paths()
            .await
            .unwrap();
        let start = Instant::now();
        let mut bytes = 0;
        for path in &paths {
            for slot in ['a', 'b'] {
                bytes += storage
                    .get(&keys.file(path, slot))
                    .await
                    .unwrap()
                    .map_or(0, |v| v.len());
            }
        }
        (start.elapsed(), paths.len(), bytes)
    });
    println!(
        "floor: every file's stored value read once ({} files, {:.1} MB): {:.0} ms",
        floor.1,
        floor.2 as f64 / 1e6,
        ms(floor.0)
    );

    // What every file takes decoded, with its lookup tables built, against
    // the cache's estimate of it.
    runtime.block_on(async {
        let unbounded = ProjectOptions {
            cache_bytes: Some(usize::MAX / 2),
            ..ProjectOptions::default()
        };
        let project = Project::open(storage.clone(), unbounded).await.unwrap();
        let paths = project.get_file_paths().await.unwrap();
        let mut files = Vec::new();
        let before = LIVE.load(Ordering::Relaxed);
        for path in &paths {
            // The cache takes a file on its second read.
            project.file_index(path).await.unwrap();
            let file = project.file_index(path).await.unwrap().unwrap();
            file.lookup();
            files.push(file);
        }
        let live = LIVE.load(Ordering::Relaxed) - before;
        println!(
            "decoded, with lookup tables: {:.1} MB measured; the cache's estimate: {:.1} MB",
            live as f64 / 1e6,
            project.cached_bytes() as f64 / 1e6
        );
    });

    let unbounded = usize::MAX / 2;
    let mut answers = None;
    for cache_mb in [unbounded, 256, 64, 32, 16, 0] {
        let options = ProjectOptions {
            cache_bytes: Some(if cache_mb == unbounded {
                unbounded
            } else {
                cache_mb << 20
            }),
            ..ProjectOptions::default()
        };
        let (elapsed, found, peak) = runtime.block_on(async {
            let project = Project::open(storage.clone(), options).await.unwrap();
            let before = LIVE.load(Ordering::Relaxed);
            PEAK.store(before, Ordering::Relaxed);
            let start = Instant::now();
            let found = workload(&project).await;
            let elapsed = start.elapsed();
            (elapsed, found, PEAK.load(Ordering::Relaxed) - before)
        });
        // Every cache size must give the same answers.
        assert_eq!(*answers.get_or_insert(found), found);
        let label = if cache_mb == unbounded {
            "unbounded".to_string()
        } else {
            format!("{cache_mb} MiB")
        };
        println!(
            "cache {label:>9}: {:6.0} ms ({:.1}× the floor), {found} references, peak {:.1} MB live",
            ms(elapsed),
            elapsed.as_secs_f64() / floor.0.as_secs_f64(),
            peak as f64 / 1e6
        );
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}
