//! The commit protocol, proved through a real `Project` over a failing provider.
//!
//! For every write an update (or removal, or addition) makes, the test fails
//! exactly that write (`FaultyStorage::fail_write(N)`), then opens a fresh
//! `Project` over what is stored — what a restarted process would see — and
//! checks every file reads as fully old or fully new, never missing or mixed.
//! It then checks the original project stays usable, that garbage is bounded
//! to one slot per file, and that later writes (or `close`) clean it up.
//! Both write paths are covered: ordered single writes (no `transaction`) and
//! one batch (`FaultyStorage::transactional`).
//!
//! `FaultyStorage` fails a write before applying it, so here an error from an
//! update always means its commit point did not land: Ok ⇒ new, Err ⇒ old.

use async_trait::async_trait;
use skein_core::project::{FileIndex, Project, ProjectOptions};
use skein_core::storage::keys::{bucket_index, KeySpace, BUCKET_COUNT};
use skein_core::storage::{Capabilities, FaultyStorage, MemoryStorage, Storage, StorageOp};
use skein_core::Result;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};
use tokio::sync::Notify;

type Faulty = FaultyStorage<MemoryStorage>;

const A: &str = "a.py";
const A_OLD: &str = "def old():\n    pass\n";
const A_NEW: &str = "def new():\n    pass\n";
const A_NEWER: &str = "def newer(x):\n    return x\n";
const B: &str = "b.js";
const B_NEW: &str = "function keep() { return 2; }\n";
const D: &str = "lib/d.js";
const D_NEW: &str = "export function added(a, b) { return a + b; }\n";
const D_NEWER: &str = "export class Added {}\n";

/// The files every case starts from.
const BASE: &[(&str, &str)] = &[
    (A, A_OLD),
    (B, "function keep() { return 1; }\n"),
    ("pkg/c.py", "class Stay:\n    def m(self):\n        pass\n"),
];

/// path → source: what a project should hold.
type Model = BTreeMap<String, String>;

fn base_model() -> Model {
    BASE.iter()
        .map(|(p, s)| (p.to_string(), s.to_string()))
        .collect()
}

fn faulty(transactional: bool) -> Arc<Faulty> {
    let inner = MemoryStorage::new();
    Arc::new(if transactional {
        FaultyStorage::transactional(inner)
    } else {
        FaultyStorage::new(inner)
    })
}

fn keys() -> KeySpace {
    KeySpace::new(&ProjectOptions::default().namespace)
}

/// Reads the faulty store's inner store directly, bypassing any fault: what a
/// fresh process sees after the failing one is gone.
struct InnerView(Arc<Faulty>);

#[async_trait]
impl Storage for InnerView {
    async fn get(&self, key: &str) -> Result<Option<Vec<u8>>> {
        self.0.inner().get(key).await
    }
    async fn set(&self, key: &str, value: Vec<u8>) -> Result<()> {
        self.0.inner().set(key, value).await
    }
    async fn delete(&self, key: &str) -> Result<()> {
        self.0.inner().delete(key).await
    }
    async fn clear(&self) -> Result<()> {
        self.0.inner().clear().await
    }
    async fn commit(&self, ops: Vec<StorageOp>) -> Result<()> {
        self.0.inner().commit(ops).await
    }
    async fn get_many(&self, keys: &[String]) -> Result<Vec<Option<Vec<u8>>>> {
        self.0.inner().get_many(keys).await
    }
    fn capabilities(&self) -> Capabilities {
        self.0.inner().capabilities()
    }
}

async fn fresh(storage: &Arc<Faulty>) -> Project {
    Project::open(
        Arc::new(InnerView(storage.clone())),
        ProjectOptions::default(),
    )
    .await
    .expect("a fresh project opens what the failed one left")
}

fn reference(path: &str, source: &str) -> FileIndex {
    FileIndex::analyze(path, source.to_string()).expect("reference analysis")
}

/// Asserts `project` holds `path` exactly as `want` (None: absent), by index,
/// definitions and file list.
async fn assert_file(project: &Project, path: &str, want: Option<&str>, context: &str) {
    let got = project
        .file_index(path)
        .await
        .unwrap_or_else(|e| panic!("{context}: reading {path}: {e}"));
    let listed = project
        .get_file_paths()
        .await
        .unwrap()
        .contains(&path.to_string());
    let defs = project
        .get_definitions(path)
        .await
        .unwrap_or_else(|e| panic!("{context}: definitions of {path}: {e}"));
    match want {
        None => {
            assert!(got.is_none(), "{context}: {path} should be absent");
            assert!(!listed, "{context}: {path} absent but listed");
            assert!(
                defs.is_empty(),
                "{context}: {path} absent but has definitions"
            );
        }
        Some(source) => {
            let want = reference(path, source);
            let got = got.unwrap_or_else(|| panic!("{context}: {path} is missing"));
            assert!(
                *got == want,
                "{context}: {path} is not exactly {source:?}: got source {:?}",
                got.source
            );
            assert!(listed, "{context}: {path} present but not listed");
            let want_defs: Vec<_> = want.graph.definitions().cloned().collect();
            assert_eq!(defs, want_defs, "{context}: definitions of {path}");
        }
    }
}

/// Asserts `project` holds exactly `model`.
async fn assert_model(project: &Project, model: &Model, context: &str) {
    let paths: Vec<String> = model.keys().cloned().collect();
    assert_eq!(
        project.get_file_paths().await.unwrap(),
        paths,
        "{context}: file list"
    );
    for (path, source) in model {
        assert_file(project, path, Some(source), context).await;
    }
}

/// Which slot keys exist, per path, and which bucket keys; panics on a key
/// outside the layout.
fn stored_layout(storage: &Arc<Faulty>) -> (BTreeMap<String, usize>, BTreeSet<String>) {
    let keys = keys();
    let buckets: BTreeSet<String> = keys.all_buckets().into_iter().collect();
    let mut slots = BTreeMap::new();
    let mut stored_buckets = BTreeSet::new();
    for key in storage.inner().keys() {
        if buckets.contains(&key) {
            stored_buckets.insert(key);
            continue;
        }
        if key == keys.root() {
            continue;
        }
        let rest = key
            .strip_prefix("skein/v7/file/")
            .unwrap_or_else(|| panic!("unexpected key {key}"));
        let (escaped, slot) = rest.rsplit_once('/').unwrap();
        assert!(slot == "a" || slot == "b", "unexpected slot in {key}");
        *slots.entry(escaped.to_string()).or_insert(0) += 1;
    }
    (slots, stored_buckets)
}

/// The keys a clean store of `model` has: the root, one slot per file, and
/// the buckets in use (a bucket emptied by a removal is deleted).
async fn assert_exact_keys(storage: &Arc<Faulty>, model: &Model, context: &str) {
    let keys = keys();
    let in_use: BTreeSet<String> = model.keys().map(|p| keys.bucket_of(p)).collect();
    let mut want_slots: BTreeSet<String> = BTreeSet::new();
    for path in model.keys() {
        let a = keys.file(path, 'a');
        let b = keys.file(path, 'b');
        let stored = storage.inner().keys();
        let present: Vec<&String> = [&a, &b]
            .into_iter()
            .filter(|k| stored.contains(k))
            .collect();
        assert_eq!(
            present.len(),
            1,
            "{context}: {path} should have exactly one slot, has {present:?}"
        );
        want_slots.insert(present[0].clone());
    }
    for key in storage.inner().keys() {
        if want_slots.contains(&key) || in_use.contains(&key) || key == keys.root() {
            continue;
        }
        panic!("{context}: garbage key {key}");
    }
    for bucket in &in_use {
        assert!(
            storage.inner().keys().contains(bucket),
            "{context}: bucket {bucket} missing"
        );
    }
}

/// Garbage after a failure is bounded: at most one extra slot per file, and
/// no slot for a path the project never had or tried to have.
fn assert_bounded_garbage(
    storage: &Arc<Faulty>,
    known_paths: &[&str],
    model: &Model,
    context: &str,
) {
    let (slots, buckets) = stored_layout(storage);
    let escaped: BTreeMap<String, &str> = known_paths
        .iter()
        .map(|p| (skein_core::storage::keys::escape(p), *p))
        .collect();
    for (escaped_path, count) in &slots {
        let path = escaped
            .get(escaped_path)
            .unwrap_or_else(|| panic!("{context}: slot for unknown path {escaped_path}"));
        let live = usize::from(model.contains_key(*path));
        assert!(
            *count <= live + 1,
            "{context}: {path} has {count} slots (live: {live})"
        );
    }
    assert!(buckets.len() <= BUCKET_COUNT);
}

#[derive(Clone, Copy, Debug)]
enum Op {
    /// Update a.py from old to new.
    Update,
    /// Remove a.py.
    Remove,
    /// Add lib/d.js.
    Add,
}

impl Op {
    fn path(self) -> &'static str {
        match self {
            Op::Update | Op::Remove => A,
            Op::Add => D,
        }
    }

    fn after(self) -> Option<&'static str> {
        match self {
            Op::Update => Some(A_NEW),
            Op::Remove => None,
            Op::Add => Some(D_NEW),
        }
    }

    async fn run(self, project: &Project) -> Result<()> {
        match self {
            Op::Update => project.add_or_update_file(A, A_NEW).await,
            Op::Remove => project.remove_file(A).await,
            Op::Add => project.add_or_update_file(D, D_NEW).await,
        }
    }

    fn apply(self, model: &mut Model) {
        match self.after() {
            Some(source) => model.insert(self.path().to_string(), source.to_string()),
            None => model.remove(self.path()),
        };
    }
}

async fn indexed_base(storage: &Arc<Faulty>) -> Project {
    let project = Project::new(storage.clone(), ProjectOptions::default());
    for (path, source) in BASE {
        project.add_or_update_file(path, source).await.unwrap();
    }
    project
}

/// Writes `op` makes on a clean run.
async fn clean_writes(transactional: bool, op: Op) -> u64 {
    let storage = faulty(transactional);
    let project = indexed_base(&storage).await;
    storage.fail_write(u64::MAX); // resets the count, fails nothing
    op.run(&project).await.unwrap();
    storage.writes()
}

/// What to do after the failed operation, with the storage healed.
#[derive(Clone, Copy, Debug)]
enum Then {
    /// Update another file (retries pending deletes), then the op's own file.
    WriteMore,
    /// Close the project (retries pending deletes).
    Close,
}

/// Fails write `n` of `op`, then checks what is stored and what follows.
async fn fail_one_write(transactional: bool, op: Op, n: u64, then: Then) {
    let context = format!("transactional={transactional} {op:?} failing write {n} then {then:?}");
    let context = context.as_str();
    let storage = faulty(transactional);
    let project = indexed_base(&storage).await;
    let before = base_model();
    let mut after = before.clone();
    op.apply(&mut after);

    storage.fail_write(n);
    let result = op.run(&project).await;
    storage.heal();

    // Exactly the writes up to the commit point (the bucket, or the one
    // batch) make the operation fail; a failed clean-up after it does not.
    // An addition into a bucket no file used yet first marks it in the root.
    let new_bucket = BASE.iter().all(|(p, _)| bucket_index(p) != bucket_index(D));
    let commit_point = match (transactional, op) {
        (true, _) => 0,
        (false, Op::Update) => 1,
        (false, Op::Add) => 1 + u64::from(new_bucket),
        (false, Op::Remove) => 0,
    };
    assert_eq!(result.is_err(), n <= commit_point, "{context}: {result:?}");
    // The failure is reported, with its context.
    if let Err(err) = &result {
        assert_eq!(
            err.kind(),
            skein_core::ErrorKind::Provider,
            "{context}: {err}"
        );
        assert_eq!(err.path(), Some(op.path()), "{context}: {err}");
        assert!(
            err.to_string().contains("injected failure"),
            "{context}: {err}"
        );
    }
    let now = if result.is_ok() { &after } else { &before };

    // A fresh project sees each file fully old or fully new: exactly `now`.
    let reopened = fresh(&storage).await;
    assert_model(&reopened, now, &format!("{context}: fresh project")).await;
    assert_file(&reopened, D, now.get(D).map(String::as_str), context).await;
    // The original project agrees with it.
    assert_model(&project, now, &format!("{context}: original project")).await;
    assert_bounded_garbage(&storage, &[A, B, "pkg/c.py", D], now, context);

    let mut model = now.clone();
    match then {
        Then::WriteMore => {
            // Another file first: pending deletes are retried on the next write.
            project.add_or_update_file(B, B_NEW).await.unwrap();
            model.insert(B.into(), B_NEW.into());
            assert_bounded_garbage(&storage, &[A, B, "pkg/c.py", D], &model, context);
            // Then the op's own file: its leftover slot is reused or deleted.
            let newer = if op.path() == A { A_NEWER } else { D_NEWER };
            project.add_or_update_file(op.path(), newer).await.unwrap();
            model.insert(op.path().into(), newer.into());
            assert_model(
                &project,
                &model,
                &format!("{context}: original after more writes"),
            )
            .await;
            let reopened = fresh(&storage).await;
            assert_model(
                &reopened,
                &model,
                &format!("{context}: fresh after more writes"),
            )
            .await;
            assert_exact_keys(&storage, &model, &format!("{context}: after more writes")).await;
            // And a removal through the original project leaves nothing of the file.
            project.remove_file(op.path()).await.unwrap();
            model.remove(op.path());
            assert_model(&fresh(&storage).await, &model, context).await;
            assert_exact_keys(&storage, &model, &format!("{context}: after removal")).await;
        }
        Then::Close => {
            project.close().await.unwrap();
            let err = project.get_file_paths().await.unwrap_err();
            assert_eq!(err.kind(), skein_core::ErrorKind::Closed);
            assert_model(&fresh(&storage).await, &model, context).await;
            // A failed delete after the commit point is retried by close. What
            // may remain is only the unreferenced new slot of an update whose
            // commit point failed (the next update of that file reuses it).
            if result.is_ok() {
                assert_exact_keys(&storage, &model, &format!("{context}: after close")).await;
            } else {
                assert_bounded_garbage(&storage, &[A, B, "pkg/c.py", D], &model, context);
            }
        }
    }
}

async fn every_failure_point(transactional: bool, op: Op) {
    let writes = clean_writes(transactional, op).await;
    assert!(writes > 0);
    let mut failures = 0;
    // n == writes: nothing fails inside the op (the control run).
    for n in 0..=writes {
        for then in [Then::WriteMore, Then::Close] {
            fail_one_write(transactional, op, n, then).await;
        }
        failures += 1;
    }
    assert_eq!(failures, writes + 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn update_survives_every_failed_write_without_transaction() {
    every_failure_point(false, Op::Update).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn update_survives_every_failed_write_with_transaction() {
    every_failure_point(true, Op::Update).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn removal_survives_every_failed_write_without_transaction() {
    every_failure_point(false, Op::Remove).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn removal_survives_every_failed_write_with_transaction() {
    every_failure_point(true, Op::Remove).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn addition_survives_every_failed_write_without_transaction() {
    every_failure_point(false, Op::Add).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn addition_survives_every_failed_write_with_transaction() {
    every_failure_point(true, Op::Add).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn write_counts_per_operation() {
    // Without a transaction: new slot, bucket, delete old slot.
    assert_eq!(clean_writes(false, Op::Update).await, 3);
    // Addition: new slot, bucket (plus the root when the bucket is new).
    // Removal: bucket, delete both slots.
    let new_bucket = BASE.iter().all(|(p, _)| bucket_index(p) != bucket_index(D));
    assert_eq!(
        clean_writes(false, Op::Add).await,
        2 + u64::from(new_bucket)
    );
    assert_eq!(clean_writes(false, Op::Remove).await, 3);
    // With one: a single batch each.
    for op in [Op::Update, Op::Add, Op::Remove] {
        assert_eq!(clean_writes(true, op).await, 1, "{op:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unchanged_content_writes_nothing() {
    for transactional in [false, true] {
        let storage = faulty(transactional);
        let project = indexed_base(&storage).await;
        storage.fail_write(0); // any write would fail
        project.add_or_update_file(A, A_OLD).await.unwrap();
        assert_eq!(storage.writes(), 0);
        storage.heal();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writes_per_update_do_not_grow_with_the_project() {
    for transactional in [false, true] {
        let storage = faulty(transactional);
        let project = indexed_base(&storage).await;
        storage.fail_write(u64::MAX);
        project.add_or_update_file(A, A_NEW).await.unwrap();
        let small = storage.writes();
        let small_bytes = storage.inner().byte_size();

        for i in 0..200 {
            let source = format!("def f{i}(x):\n    return x + {i}\n");
            project
                .add_or_update_file(&format!("gen/m{i}.py"), &source)
                .await
                .unwrap();
        }
        storage.fail_write(u64::MAX);
        project.add_or_update_file(A, A_NEWER).await.unwrap();
        assert_eq!(
            storage.writes(),
            small,
            "transactional={transactional}: writes grew"
        );
        storage.fail_write(u64::MAX);
        project.remove_file(A).await.unwrap();
        assert_eq!(storage.writes(), if transactional { 1 } else { 3 });
        assert!(storage.inner().byte_size() > small_bytes);

        let mut model = base_model();
        model.remove(A);
        for i in 0..200 {
            model.insert(
                format!("gen/m{i}.py"),
                format!("def f{i}(x):\n    return x + {i}\n"),
            );
        }
        assert_model(&fresh(&storage).await, &model, "after 200 files").await;
        assert_exact_keys(&storage, &model, "after 200 files").await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn successful_updates_and_removals_leave_no_garbage() {
    for transactional in [false, true] {
        let storage = faulty(transactional);
        let project = indexed_base(&storage).await;
        let mut model = base_model();
        assert_exact_keys(&storage, &model, "after indexing").await;
        for (i, source) in [A_NEW, A_NEWER, A_OLD, A_NEW].iter().enumerate() {
            project.add_or_update_file(A, source).await.unwrap();
            model.insert(A.into(), source.to_string());
            assert_exact_keys(&storage, &model, &format!("after update {i}")).await;
        }
        project.remove_file(A).await.unwrap();
        model.remove(A);
        assert_exact_keys(&storage, &model, "after removal").await;
        // Removing an unknown file writes nothing.
        storage.fail_write(u64::MAX);
        project.remove_file(A).await.unwrap();
        project.remove_file("never.py").await.unwrap();
        assert_eq!(storage.writes(), 0);
        project.add_or_update_file(A, A_NEWER).await.unwrap();
        model.insert(A.into(), A_NEWER.into());
        assert_exact_keys(&storage, &model, "after re-adding").await;
        for (path, _) in BASE {
            project.remove_file(path).await.unwrap();
        }
        assert!(project.get_file_paths().await.unwrap().is_empty());
        assert_exact_keys(&storage, &Model::new(), "after removing everything").await;
        assert_model(&fresh(&storage).await, &Model::new(), "empty").await;
    }
}

/// The slot an addition or update wrote before its commit point failed is
/// unreferenced garbage. Nothing queues it for deletion, so unless the same
/// path is written again it outlives `close` — and `remove_file` cannot reach
/// it either, since the directory does not list the path. Over a session of
/// failed additions this leaks one value per path, without bound.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_addition_leaves_no_garbage_after_close() {
    let storage = faulty(false);
    let project = indexed_base(&storage).await;
    storage.fail_write(1); // the bucket: the commit point
    project.add_or_update_file(D, D_NEW).await.unwrap_err();
    storage.heal();
    let model = base_model();
    assert_model(&fresh(&storage).await, &model, "after the failed addition").await;
    // The user gives up on the file: it is removed (a no-op) and the project closed.
    project.remove_file(D).await.unwrap();
    project.close().await.unwrap();
    assert_exact_keys(&storage, &model, "after close").await;
}

/// A small deterministic generator for the randomized sequences.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Random sequences of updates, additions and removals, each maybe failing at
/// a random write: after every step a fresh project reads exactly the model,
/// and garbage stays bounded; at the end, touching every file cleans it all.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn random_sequences_with_failures_stay_consistent() {
    const PATHS: [&str; 4] = ["a.py", "b.js", "pkg/c.py", "pkg/__init__.py"];
    let version = |path: &str, v: u64| -> String {
        if path.ends_with(".py") {
            format!("def f{v}(x):\n    return x * {v}\n")
        } else {
            format!("export function g{v}() {{ return {v}; }}\n")
        }
    };
    let (mut failed, mut succeeded) = (0, 0);
    for seed in 1..=24u64 {
        let transactional = seed % 2 == 0;
        let storage = faulty(transactional);
        let project = Project::new(storage.clone(), ProjectOptions::default());
        let mut model = Model::new();
        let mut rng = Rng(seed.wrapping_mul(0x2545_F491_4F6C_DD1D));
        for step in 0..20 {
            let context = format!("seed {seed} step {step} transactional={transactional}");
            let path = PATHS[rng.below(PATHS.len() as u64) as usize];
            let fail = rng.below(3) != 0;
            if fail {
                storage.fail_write(rng.below(4));
            }
            let remove = rng.below(4) == 0;
            let source = version(path, rng.below(5));
            let result = if remove {
                project.remove_file(path).await
            } else {
                project.add_or_update_file(path, &source).await
            };
            storage.heal();
            if result.is_err() {
                failed += 1;
            } else {
                succeeded += 1;
            }
            if result.is_ok() {
                if remove {
                    model.remove(path);
                } else {
                    model.insert(path.to_string(), source);
                }
            }
            assert_model(&fresh(&storage).await, &model, &context).await;
            assert_model(&project, &model, &format!("{context} (original)")).await;
            assert_bounded_garbage(&storage, &PATHS, &model, &context);
        }
        // Touch every path once with no failure, remove a few, close: all clean.
        for (i, path) in PATHS.iter().enumerate() {
            let source = version(path, 10 + i as u64);
            project.add_or_update_file(path, &source).await.unwrap();
            model.insert(path.to_string(), source);
        }
        for path in PATHS.iter().step_by(2) {
            project.remove_file(path).await.unwrap();
            model.remove(*path);
        }
        project.close().await.unwrap();
        assert_model(&fresh(&storage).await, &model, &format!("seed {seed} end")).await;
        assert_exact_keys(&storage, &model, &format!("seed {seed} end")).await;
    }
    // The sequences really mix failures and successes.
    assert!(
        failed > 50 && succeeded > 100,
        "{failed} failed, {succeeded} succeeded"
    );
}

/// A memory store that can pause right after a write to a chosen key has
/// been applied, until the test releases it: a deterministic way to run a
/// query inside an update, between its storage writes and its bookkeeping.
/// It also reports each read of that key (`read`), so the test knows the
/// query has read storage while the update was paused.
struct GateStorage {
    inner: MemoryStorage,
    transactional: bool,
    armed: Mutex<Option<String>>,
    watched: Mutex<Option<String>>,
    reached: Notify,
    release: Notify,
    read: Notify,
}

impl GateStorage {
    fn new(transactional: bool) -> Self {
        GateStorage {
            inner: MemoryStorage::new(),
            transactional,
            armed: Mutex::new(None),
            watched: Mutex::new(None),
            reached: Notify::new(),
            release: Notify::new(),
            read: Notify::new(),
        }
    }

    fn arm(&self, key: String) {
        *self.armed.lock().unwrap() = Some(key.clone());
        *self.watched.lock().unwrap() = Some(key);
    }

    async fn after_write(&self, keys: &[&str]) {
        let hit = {
            let mut armed = self.armed.lock().unwrap();
            let hit = armed.as_deref().is_some_and(|k| keys.contains(&k));
            if hit {
                *armed = None;
            }
            hit
        };
        if hit {
            self.reached.notify_one();
            self.release.notified().await;
        }
    }
}

#[async_trait]
impl Storage for GateStorage {
    async fn get(&self, key: &str) -> Result<Option<Vec<u8>>> {
        let value = self.inner.get(key).await;
        if self.watched.lock().unwrap().as_deref() == Some(key) {
            self.read.notify_one();
        }
        value
    }
    async fn set(&self, key: &str, value: Vec<u8>) -> Result<()> {
        self.inner.set(key, value).await?;
        self.after_write(&[key]).await;
        Ok(())
    }
    async fn delete(&self, key: &str) -> Result<()> {
        self.inner.delete(key).await?;
        self.after_write(&[key]).await;
        Ok(())
    }
    async fn clear(&self) -> Result<()> {
        self.inner.clear().await
    }
    async fn commit(&self, ops: Vec<StorageOp>) -> Result<()> {
        if !self.transactional {
            for op in ops {
                match op {
                    StorageOp::Set { key, value } => self.set(&key, value).await?,
                    StorageOp::Delete { key } => self.delete(&key).await?,
                }
            }
            return Ok(());
        }
        let keys: Vec<String> = ops.iter().map(|op| op.key().to_string()).collect();
        self.inner.commit(ops).await?;
        let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
        self.after_write(&keys).await;
        Ok(())
    }
    async fn get_many(&self, keys: &[String]) -> Result<Vec<Option<Vec<u8>>>> {
        self.inner.get_many(keys).await
    }
    fn capabilities(&self) -> Capabilities {
        Capabilities {
            transaction: self.transactional,
            get_many: true,
            in_process: false,
        }
    }
}

/// A query that runs while an update of the same file is in flight answers
/// with the old or the new file — not an error. The update is paused right
/// after its storage writes (old slot deleted / batch applied), before the
/// project has switched its in-memory directory to the new slot; the query
/// reads storage inside that window (it may finish after it).
async fn query_during_an_update(transactional: bool) {
    let bounded = std::time::Duration::from_secs(10);
    {
        let context = format!("transactional={transactional}");
        let storage = Arc::new(GateStorage::new(transactional));
        let writer = Project::new(storage.clone(), ProjectOptions::default());
        writer.add_or_update_file(A, A_OLD).await.unwrap();
        // A project opened later (another session, a restart): a.py not cached.
        let project = Arc::new(
            Project::open(storage.clone(), ProjectOptions::default())
                .await
                .unwrap(),
        );
        storage.arm(keys().file(A, 'a'));
        let update = tokio::spawn({
            let project = project.clone();
            async move { project.add_or_update_file(A, A_NEW).await }
        });
        tokio::time::timeout(bounded, storage.reached.notified())
            .await
            .expect("the update reached the paused write");
        let query = tokio::spawn({
            let project = project.clone();
            async move { project.get_definitions(A).await }
        });
        tokio::time::timeout(bounded, storage.read.notified())
            .await
            .expect("the query read the old slot while the update was paused");
        storage.release.notify_one();
        let during = tokio::time::timeout(bounded, query)
            .await
            .expect("the query finished")
            .unwrap();
        update.await.unwrap().unwrap();

        let old: Vec<_> = reference(A, A_OLD).graph.definitions().cloned().collect();
        let new: Vec<_> = reference(A, A_NEW).graph.definitions().cloned().collect();
        match during {
            Ok(defs) => assert!(
                defs == old || defs == new,
                "{context}: mixed definitions {defs:?}"
            ),
            Err(err) => panic!(
                "{context}: query during an update failed: {err} ({:?})",
                err.kind()
            ),
        }
        assert_file(&project, A, Some(A_NEW), &context).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn query_during_an_update_sees_old_or_new_without_transaction() {
    query_during_an_update(false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn query_during_an_update_sees_old_or_new_with_transaction() {
    query_during_an_update(true).await;
}

/// Two projects writing one store in turn, the second loaded after the
/// first had written: each update re-reads its bucket, so neither writes
/// back the other's files in that bucket as it last saw them (pointing at
/// slots since deleted), nor chooses its slot from a stale entry. Every
/// file ends whole, as its last writer left it.
#[tokio::test]
async fn two_projects_writing_in_turn_leave_every_file_whole() {
    let shared = "m0.py";
    let neighbour = (0..)
        .map(|i| format!("f{i}.py"))
        .find(|p| bucket_index(p) == bucket_index(shared))
        .unwrap();
    for transactional in [false, true] {
        let storage = faulty(transactional);
        let first = Project::new(storage.clone(), ProjectOptions::default());
        first
            .add_or_update_file(shared, "def first_start():\n    pass\n")
            .await
            .unwrap();
        let second = Project::open(storage.clone(), ProjectOptions::default())
            .await
            .unwrap();
        let mut model = Model::new();
        for round in 0..4 {
            for (name, project) in [("first", &first), ("second", &second)] {
                let source = format!("def {name}_{round}():\n    pass\n");
                project.add_or_update_file(shared, &source).await.unwrap();
                model.insert(shared.to_string(), source);
                // Only the first writes the neighbour: the second's update
                // of `shared` must carry the neighbour's latest entry.
                if name == "first" {
                    let source = format!("def neighbour_{round}():\n    pass\n");
                    project
                        .add_or_update_file(&neighbour, &source)
                        .await
                        .unwrap();
                    model.insert(neighbour.clone(), source);
                }
            }
        }
        let context = format!("transactional={transactional}");
        assert_model(&fresh(&storage).await, &model, &context).await;
        assert_exact_keys(&storage, &model, &context).await;
    }
}
