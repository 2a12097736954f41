//! Finding and reading the files of a folder to index: what `.gitignore`
//! and `.ignore` files and the caller's globs leave, in the languages Skein
//! reads, skipping binary files and files over a size bound.

use crate::error::{Error, ErrorKind, Result};
use crate::lang::Language;
use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use std::io::Read;
use std::path::{Path, PathBuf};

/// The size over which a found file is not indexed, unless the caller says
/// otherwise: analysis holds about 45 bytes per byte of source at its peak
/// (`BENCHMARKS.md`, large files), so one 100 MB generated file would take
/// 4.5 GB. Sources written by hand stay far under it; TypeScript's own
/// 9 MB `typescript.js` is indexed.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 16 << 20;

/// Which files of a folder to index, besides what `.gitignore` and
/// `.ignore` files leave out.
///
/// Globs match a path relative to the folder, with `/` between names: `*`
/// stays within a name, `**` spans folders, and a glob without `/`
/// matches a name at any depth (`node_modules`, `*.min.js`).
#[derive(Clone, Debug)]
pub struct FolderFilter {
    /// When set, only files matching one of these.
    include: Option<GlobSet>,
    /// Files and folders matching one of these are skipped.
    exclude: GlobSet,
    /// Whether `.gitignore`, `.ignore` and git's exclude files apply.
    ignore_files: bool,
    /// Files larger than this are listed as failed, not read.
    max_file_bytes: u64,
}

impl Default for FolderFilter {
    fn default() -> Self {
        FolderFilter {
            include: None,
            exclude: GlobSet::empty(),
            ignore_files: true,
            max_file_bytes: DEFAULT_MAX_FILE_BYTES,
        }
    }
}

impl FolderFilter {
    /// The filter of `include` (empty: every file) and `exclude` globs.
    pub fn new(include: &[String], exclude: &[String]) -> Result<FolderFilter> {
        Ok(FolderFilter {
            include: match include.is_empty() {
                true => None,
                false => Some(glob_set(include, "include")?),
            },
            exclude: glob_set(exclude, "exclude")?,
            ..FolderFilter::default()
        })
    }

    /// Whether `.gitignore` and `.ignore` files apply (they do by default).
    pub fn with_ignore_files(mut self, apply: bool) -> Self {
        self.ignore_files = apply;
        self
    }

    /// Files over `bytes` are listed in `files_failed` and not indexed
    /// (default [`DEFAULT_MAX_FILE_BYTES`]).
    pub fn with_max_file_bytes(mut self, bytes: u64) -> Self {
        self.max_file_bytes = bytes;
        self
    }

    /// The size over which a file is not indexed.
    pub fn max_file_bytes(&self) -> u64 {
        self.max_file_bytes
    }

    fn wants_file(&self, relative: &str) -> bool {
        !self.exclude.is_match(relative)
            && self
                .include
                .as_ref()
                .is_none_or(|include| include.is_match(relative))
    }
}

fn glob_set(globs: &[String], option: &str) -> Result<GlobSet> {
    let mut set = GlobSetBuilder::new();
    for glob in globs {
        let pattern = match glob.trim_start_matches('/') {
            anchored if glob.contains('/') => anchored.to_string(),
            name => format!("**/{name}"),
        };
        let compiled = GlobBuilder::new(&pattern)
            .literal_separator(true)
            .build()
            .map_err(|err| {
                Error::new(
                    ErrorKind::InvalidInput,
                    format!(
                        "index_directory: options.{option}: bad glob '{glob}': {}",
                        err.kind()
                    ),
                )
            })?;
        set.add(compiled);
    }
    set.build().map_err(|err| {
        Error::new(
            ErrorKind::InvalidInput,
            format!("index_directory: options.{option}: {err}"),
        )
    })
}

/// A file found under the folder.
#[derive(Clone, Debug)]
pub struct FoundFile {
    /// Its path relative to the folder, with `/` between names.
    pub relative: String,
    pub absolute: PathBuf,
}

/// What a walk of the folder found: the files to read, in path order, and
/// the entries it could not read (path relative to the folder, message).
#[derive(Debug, Default)]
pub struct Found {
    pub files: Vec<FoundFile>,
    pub failed: Vec<(String, String)>,
}

/// Walks `root`, honouring `filter` and, unless it says not to,
/// `.gitignore` files (in and out of a git repository) and `.ignore`
/// files; skipping hidden files and folders, symbolic links, and files in
/// languages Skein does not read. Blocking.
pub fn find_files(root: &Path, filter: &FolderFilter) -> Result<Found> {
    let metadata = std::fs::metadata(root).map_err(|err| {
        Error::new(
            ErrorKind::InvalidInput,
            format!("index_directory: cannot read folder: {err}"),
        )
        .with_path(root.display().to_string())
    })?;
    if !metadata.is_dir() {
        return Err(
            Error::new(ErrorKind::InvalidInput, "index_directory: not a folder")
                .with_path(root.display().to_string()),
        );
    }
    let exclude = filter.exclude.clone();
    let walk_root = root.to_path_buf();
    let walker = ignore::WalkBuilder::new(root)
        .require_git(false)
        .git_ignore(filter.ignore_files)
        .git_global(filter.ignore_files)
        .git_exclude(filter.ignore_files)
        .ignore(filter.ignore_files)
        .parents(filter.ignore_files)
        // As git: a link is not followed (no loops, nothing from outside
        // `root`), though `root` itself may be one.
        .follow_links(false)
        .sort_by_file_name(|a, b| a.cmp(b))
        // A folder the excludes name is not entered at all.
        .filter_entry(move |entry| match relative_path(&walk_root, entry.path()) {
            Some(relative) if !relative.is_empty() => !exclude.is_match(&relative),
            _ => true,
        })
        .build();
    let mut found = Found::default();
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = error_path(&err)
                    .and_then(|path| relative_path(root, path))
                    .unwrap_or_default();
                found.failed.push((path, err.to_string()));
                continue;
            }
        };
        if !entry.file_type().is_some_and(|kind| kind.is_file()) {
            continue;
        }
        let Some(relative) = relative_path(root, entry.path()) else {
            found.failed.push((
                entry.path().to_string_lossy().into_owned(),
                "the path is not valid UTF-8".into(),
            ));
            continue;
        };
        if Language::for_path(&relative).is_ok() && filter.wants_file(&relative) {
            found.files.push(FoundFile {
                relative,
                absolute: entry.into_path(),
            });
        }
    }
    Ok(found)
}

/// `path` relative to `root` with `/` between names; `None` if it is not
/// under `root` or not UTF-8.
fn relative_path(root: &Path, path: &Path) -> Option<String> {
    let names: Option<Vec<&str>> = path
        .strip_prefix(root)
        .ok()?
        .components()
        .map(|name| name.as_os_str().to_str())
        .collect();
    Some(names?.join("/"))
}

fn error_path(err: &ignore::Error) -> Option<&Path> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        _ => None,
    }
}

/// A found file, read.
#[derive(Debug)]
pub enum ReadFile {
    /// Its text and that text's blake3 hash.
    Text { source: String, hash: [u8; 32] },
    /// A NUL byte in its first 8 KiB: not source code.
    Binary,
    /// Over the size bound (`FolderFilter::with_max_file_bytes`): not read
    /// past it. `bytes` is its size, or at least that.
    TooLarge { bytes: u64 },
    /// Gone since the walk found it (deleted or renamed, as a branch switch
    /// does while a run goes on).
    Vanished,
    /// It could not be read, or is not UTF-8: why.
    Failed(String),
}

/// How much of a file is looked at for a NUL byte, as git does.
const BINARY_PROBE: usize = 8192;

/// Reads one found file, unless it is over `max_bytes`. Blocking.
pub fn read_file(file: &FoundFile, max_bytes: u64) -> ReadFile {
    let failed = |err: std::io::Error| ReadFile::Failed(format!("cannot read the file: {err}"));
    let opened = match std::fs::File::open(&file.absolute) {
        Ok(opened) => opened,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return ReadFile::Vanished,
        Err(err) => return failed(err),
    };
    let size = opened.metadata().map_or(0, |metadata| metadata.len());
    if size > max_bytes {
        return ReadFile::TooLarge { bytes: size };
    }
    // Read at most one byte past the bound, in case the file grew since.
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    if let Err(err) = opened
        .take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
    {
        return failed(err);
    }
    if bytes.len() as u64 > max_bytes {
        return ReadFile::TooLarge {
            bytes: bytes.len() as u64,
        };
    }
    if memchr::memchr(0, &bytes[..bytes.len().min(BINARY_PROBE)]).is_some() {
        return ReadFile::Binary;
    }
    let hash = *blake3::hash(&bytes).as_bytes();
    match String::from_utf8(bytes) {
        Ok(source) => ReadFile::Text { source, hash },
        Err(err) => ReadFile::Failed(format!(
            "not UTF-8 text (invalid byte at offset {})",
            err.utf8_error().valid_up_to()
        )),
    }
}
