//! `index_directory`'s options and result as JS objects, and its
//! `on_progress` callback: called from the indexing task without waiting
//! for the JS thread, in order; what it throws stops the run.

use crate::js_callback::Ignored;
use napi::bindgen_prelude::*;
use napi::threadsafe_function::{ThreadsafeFunction, ThreadsafeFunctionCallMode};
use skein_core::project::{FolderFilter, IndexProgress, IndexSummary, DEFAULT_MAX_FILE_BYTES};
use skein_core::{Error as CoreError, ErrorKind, Result as CoreResult};
use std::sync::{Arc, Mutex};
use tokio::sync::oneshot;

/// How far `index_directory` has got: after each file.
#[napi(object, js_name = "IndexProgress")]
pub struct JsIndexProgress {
    /// Files done, this one included.
    pub done: u32,
    /// Files found to index.
    pub total: u32,
    /// The file, relative to the folder.
    #[napi(js_name = "file_path")]
    pub file_path: String,
}

/// A file's counts, as `get_file_stats` lists them.
#[napi(object, js_name = "FileStats")]
pub struct JsFileStats {
    /// The file's path.
    #[napi(js_name = "file_path")]
    pub file_path: String,
    /// How many definitions it has.
    pub definitions: u32,
    /// How many references it has.
    pub references: u32,
}

/// A file `index_directory` could not read or analyze.
#[napi(object, js_name = "FailedFile")]
pub struct JsFailedFile {
    /// Relative to the folder, with `/` between names.
    #[napi(js_name = "file_path")]
    pub file_path: String,
    /// Why.
    pub error: String,
}

/// What one `index_directory` run did.
#[napi(object, js_name = "IndexStats")]
pub struct JsIndexStats {
    /// Files analyzed and stored: new, or changed since last stored.
    #[napi(js_name = "files_indexed")]
    pub files_indexed: u32,
    /// Files whose stored index already matched their content.
    #[napi(js_name = "files_unchanged")]
    pub files_unchanged: u32,
    /// Files an earlier run brought in that the folder no longer has.
    #[napi(js_name = "files_removed")]
    pub files_removed: u32,
    /// Files that could not be read or analyzed; the project keeps what it had for them.
    #[napi(js_name = "files_failed")]
    pub files_failed: Vec<JsFailedFile>,
    /// Definitions in the folder's files.
    pub definitions: f64,
    /// References in the folder's files.
    pub references: f64,
    /// How long the run took.
    #[napi(js_name = "elapsed_ms")]
    pub elapsed_ms: f64,
}

pub fn summary_to_js(summary: IndexSummary) -> JsIndexStats {
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    JsIndexStats {
        files_indexed: count(summary.files_indexed),
        files_unchanged: count(summary.files_unchanged),
        files_removed: count(summary.files_removed),
        files_failed: summary
            .files_failed
            .into_iter()
            .map(|failed| JsFailedFile {
                file_path: failed.file_path,
                error: failed.error,
            })
            .collect(),
        definitions: summary.definitions as f64,
        references: summary.references as f64,
        elapsed_ms: summary.elapsed.as_secs_f64() * 1000.0,
    }
}

/// `index_directory`'s options, checked.
pub struct DirectoryOptions {
    pub filter: FolderFilter,
    pub on_progress: Option<ProgressCallback>,
}

/// Reads `{ include, exclude, gitignore, max_file_bytes, on_progress }`; a wrong type
/// names the option.
pub fn directory_options(options: Option<Object>) -> Result<DirectoryOptions> {
    let Some(options) = options else {
        return Ok(DirectoryOptions {
            filter: FolderFilter::default(),
            on_progress: None,
        });
    };
    let globs = |name: &str| -> Result<Vec<String>> {
        options
            .get_named_property::<Option<Vec<String>>>(name)
            .map(Option::unwrap_or_default)
            .map_err(|_| {
                Error::new(
                    Status::InvalidArg,
                    format!("index_directory: options.{name} must be an array of strings"),
                )
            })
    };
    let ignore_files = options
        .get_named_property::<Option<bool>>("gitignore")
        .map_err(|_| {
            Error::new(
                Status::InvalidArg,
                "index_directory: options.gitignore must be a boolean",
            )
        })?
        .unwrap_or(true);
    let max_file_bytes = max_file_bytes(&options)?;
    let filter = FolderFilter::new(&globs("include")?, &globs("exclude")?)
        .map_err(|err| Error::new(Status::InvalidArg, err.to_string()))?
        .with_ignore_files(ignore_files)
        .with_max_file_bytes(max_file_bytes);
    let on_progress = options
        .get_named_property::<Option<Function<JsIndexProgress, Ignored>>>("on_progress")
        .map_err(|_| {
            Error::new(
                Status::InvalidArg,
                "index_directory: options.on_progress must be a function",
            )
        })?
        .map(ProgressCallback::new)
        .transpose()?;
    Ok(DirectoryOptions {
        filter,
        on_progress,
    })
}

/// `options.max_file_bytes`: a positive number (a fraction rounds down),
/// else the default.
fn max_file_bytes(options: &Object) -> Result<u64> {
    let bad = |got: String| {
        Error::new(
            Status::InvalidArg,
            format!("index_directory: options.max_file_bytes must be a positive number, got {got}"),
        )
    };
    match options.get_named_property::<Option<f64>>("max_file_bytes") {
        Ok(None) => Ok(DEFAULT_MAX_FILE_BYTES),
        Ok(Some(bytes)) if bytes >= 1.0 && bytes.is_finite() => Ok(bytes as u64),
        Ok(Some(bytes)) => Err(bad(bytes.to_string())),
        Err(_) => Err(bad("a value that is not a number".into())),
    }
}

type ProgressTsfn =
    ThreadsafeFunction<JsIndexProgress, Ignored, JsIndexProgress, Status, false, true>;

/// `on_progress`, callable from the indexing task.
pub struct ProgressCallback {
    tsfn: ProgressTsfn,
    /// What the callback threw first, as a message.
    thrown: Arc<Mutex<Option<String>>>,
    /// Settles once the latest call has run: calls run in order, so then
    /// every call has.
    latest: Mutex<Option<oneshot::Receiver<()>>>,
}

impl ProgressCallback {
    fn new(function: Function<JsIndexProgress, Ignored>) -> Result<Self> {
        let tsfn = function
            .build_threadsafe_function::<JsIndexProgress>()
            .callee_handled::<false>()
            .weak::<true>()
            .build()?;
        Ok(ProgressCallback {
            tsfn,
            thrown: Arc::default(),
            latest: Mutex::new(None),
        })
    }

    /// Queues a call; fails if an earlier call threw.
    pub fn report(&self, progress: IndexProgress<'_>) -> CoreResult<()> {
        self.check()?;
        let (done, settled) = oneshot::channel();
        let thrown = self.thrown.clone();
        self.tsfn.call_with_return_value(
            JsIndexProgress {
                done: u32::try_from(progress.done).unwrap_or(u32::MAX),
                total: u32::try_from(progress.total).unwrap_or(u32::MAX),
                file_path: progress.file_path.to_string(),
            },
            ThreadsafeFunctionCallMode::NonBlocking,
            move |outcome, _| {
                if let Err(err) = outcome {
                    let mut thrown = thrown.lock().unwrap_or_else(|e| e.into_inner());
                    thrown.get_or_insert(err.reason);
                }
                let _ = done.send(());
                Ok(())
            },
        );
        *self.latest.lock().unwrap_or_else(|e| e.into_inner()) = Some(settled);
        Ok(())
    }

    /// Waits for every queued call to run, then fails if one threw.
    pub async fn finish(&self) -> CoreResult<()> {
        let latest = self.latest.lock().unwrap_or_else(|e| e.into_inner()).take();
        if let Some(latest) = latest {
            // Dropped unrun only when Node is shutting down.
            let _ = latest.await;
        }
        self.check()
    }

    fn check(&self) -> CoreResult<()> {
        match &*self.thrown.lock().unwrap_or_else(|e| e.into_inner()) {
            Some(message) => Err(CoreError::new(
                ErrorKind::InvalidInput,
                format!("index_directory: on_progress threw: {message}"),
            )),
            None => Ok(()),
        }
    }
}
