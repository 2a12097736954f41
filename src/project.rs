//! `ImmutableProject`: the api.md project class, a thin shell over
//! `skein_core::project::Project`.

use crate::convert::{defs_to_js, scope_graph_to_js, JsDef, JsScopeGraph};
use crate::promise::spawn;
use crate::storage::{storage_from_js, DEFAULT_PROVIDER_TIMEOUT};
use napi::bindgen_prelude::*;
use skein_core::project::{Project, ProjectOptions as CoreOptions};
use std::sync::Arc;
use std::time::Duration;

/// Options of `new ImmutableProject(storage, options)` and `ImmutableProject.open`.
#[napi(object)]
pub struct ProjectOptions {
    /// Key prefix, so several projects can share one store. Default `'skein'`.
    pub namespace: Option<String>,
    /// Bound on decoded per-file state kept in memory, in bytes. Default 256 MiB.
    #[napi(js_name = "cache_bytes")]
    pub cache_bytes: Option<f64>,
    /// A provider call that never settles fails after this many milliseconds. Default 30000.
    #[napi(js_name = "provider_timeout_ms")]
    pub provider_timeout_ms: Option<f64>,
}

fn split_options(options: Option<ProjectOptions>) -> Result<(CoreOptions, Duration)> {
    let mut core = CoreOptions::default();
    let mut timeout = DEFAULT_PROVIDER_TIMEOUT;
    if let Some(options) = options {
        if let Some(namespace) = options.namespace {
            core.namespace = namespace;
        }
        if let Some(bytes) = options.cache_bytes {
            if !(bytes >= 0.0 && bytes.is_finite()) {
                return Err(Error::new(
                    Status::InvalidArg,
                    format!("options.cache_bytes must be a non-negative number, got {bytes}"),
                ));
            }
            core.cache_bytes = bytes as usize;
        }
        if let Some(ms) = options.provider_timeout_ms {
            if !(ms > 0.0 && ms.is_finite()) {
                return Err(Error::new(
                    Status::InvalidArg,
                    format!("options.provider_timeout_ms must be a positive number, got {ms}"),
                ));
            }
            timeout = Duration::from_secs_f64(ms / 1000.0);
        }
    }
    Ok((core, timeout))
}

/// A project: files, their scope graphs, and queries over them, kept in a
/// storage provider. Mutating methods resolve to the project itself.
#[napi]
pub struct ImmutableProject {
    inner: Arc<Project>,
}

#[napi]
impl ImmutableProject {
    /// A project over `storage` (default: a fresh in-memory store). What the
    /// storage already holds under the namespace is loaded on first use.
    #[napi(
        constructor,
        ts_args_type = "storage?: StorageProvider | Storage, options?: ProjectOptions"
    )]
    pub fn new(storage: Option<Unknown>, options: Option<ProjectOptions>) -> Result<Self> {
        let (core_options, timeout) = split_options(options)?;
        let storage = storage_from_js(storage, timeout)?;
        Ok(ImmutableProject {
            inner: Arc::new(Project::new(storage, core_options)),
        })
    }

    /// Like the constructor, but loads the stored project now and rejects if
    /// it cannot be read.
    #[napi(
        ts_args_type = "storage?: StorageProvider | Storage, options?: ProjectOptions",
        ts_return_type = "Promise<ImmutableProject>"
    )]
    pub fn open<'env>(
        env: &'env Env,
        storage: Option<Unknown>,
        options: Option<ProjectOptions>,
    ) -> Result<PromiseRaw<'env, ImmutableProject>> {
        let opened = split_options(options).and_then(|(core_options, timeout)| {
            storage_from_js(storage, timeout).map(|storage| (storage, core_options))
        });
        let (storage, core_options) = match opened {
            Ok(pair) => pair,
            Err(err) => return PromiseRaw::reject(env, err),
        };
        spawn(
            env,
            async move { Project::open(storage, core_options).await },
            |_, project| {
                Ok(ImmutableProject {
                    inner: Arc::new(project),
                })
            },
        )
    }

    /// Adds or replaces a file (language by extension).
    #[napi(
        js_name = "add_or_update_file",
        ts_args_type = "file_path: string, source_code: string",
        ts_return_type = "Promise<ImmutableProject>"
    )]
    pub fn add_or_update_file<'env>(
        &self,
        env: &'env Env,
        this: Reference<ImmutableProject>,
        file_path: String,
        source_code: String,
    ) -> Result<PromiseRaw<'env, Reference<ImmutableProject>>> {
        let inner = self.inner.clone();
        spawn(
            env,
            async move { inner.add_or_update_file(&file_path, &source_code).await },
            move |_, ()| Ok(this),
        )
    }

    /// Removes a file; an unknown path does nothing.
    #[napi(
        js_name = "remove_file",
        ts_args_type = "file_path: string",
        ts_return_type = "Promise<ImmutableProject>"
    )]
    pub fn remove_file<'env>(
        &self,
        env: &'env Env,
        this: Reference<ImmutableProject>,
        file_path: String,
    ) -> Result<PromiseRaw<'env, Reference<ImmutableProject>>> {
        let inner = self.inner.clone();
        spawn(
            env,
            async move { inner.remove_file(&file_path).await },
            move |_, ()| Ok(this),
        )
    }

    /// Every file path, sorted.
    #[napi(js_name = "get_file_paths", ts_return_type = "Promise<string[]>")]
    pub fn get_file_paths<'env>(&self, env: &'env Env) -> Result<PromiseRaw<'env, Vec<String>>> {
        let inner = self.inner.clone();
        spawn(
            env,
            async move { inner.get_file_paths().await },
            |_, paths| Ok(paths),
        )
    }

    /// Every definition in the file; `[]` for an unknown path.
    #[napi(
        js_name = "get_definitions",
        ts_args_type = "file_path: string",
        ts_return_type = "Promise<Def[]>"
    )]
    pub fn get_definitions<'env>(
        &self,
        env: &'env Env,
        file_path: String,
    ) -> Result<PromiseRaw<'env, Vec<JsDef>>> {
        let inner = self.inner.clone();
        spawn(
            env,
            async move {
                let definitions = inner.get_definitions(&file_path).await?;
                Ok((definitions, file_path))
            },
            |_, (definitions, path)| Ok(defs_to_js(&definitions, &path)),
        )
    }

    /// The functions and methods in the file; `[]` for an unknown path.
    #[napi(
        js_name = "get_functions_in_file",
        ts_args_type = "file_path: string",
        ts_return_type = "Promise<Def[]>"
    )]
    pub fn get_functions_in_file<'env>(
        &self,
        env: &'env Env,
        file_path: String,
    ) -> Result<PromiseRaw<'env, Vec<JsDef>>> {
        let inner = self.inner.clone();
        spawn(
            env,
            async move {
                let definitions = inner.get_functions_in_file(&file_path).await?;
                Ok((definitions, file_path))
            },
            |_, (definitions, path)| Ok(defs_to_js(&definitions, &path)),
        )
    }

    /// The scope graph of the file, or `null` for an unknown path.
    #[napi(
        js_name = "get_scope_graph",
        ts_args_type = "file_path: string",
        ts_return_type = "Promise<ScopeGraph | null>"
    )]
    pub fn get_scope_graph<'env>(
        &self,
        env: &'env Env,
        file_path: String,
    ) -> Result<PromiseRaw<'env, Option<JsScopeGraph>>> {
        let inner = self.inner.clone();
        spawn(
            env,
            async move { inner.file_index(&file_path).await },
            |_, index| Ok(index.map(|index| scope_graph_to_js(&index))),
        )
    }

    /// The source text of the definition's `enclosing_range` (its `range`
    /// when it has none) in `file_path`.
    #[napi(
        js_name = "get_source_code",
        ts_args_type = "def: Def, file_path: string",
        ts_return_type = "Promise<string>"
    )]
    pub fn get_source_code<'env>(
        &self,
        env: &'env Env,
        def: JsDef,
        file_path: String,
    ) -> Result<PromiseRaw<'env, String>> {
        let inner = self.inner.clone();
        let range = def.enclosing_range.unwrap_or(def.range).into();
        spawn(
            env,
            async move { inner.get_source_code(&file_path, range).await },
            |_, text| Ok(text),
        )
    }

    /// Waits for pending writes and releases the caches. The storage passed
    /// in is not closed: the caller owns it.
    #[napi(ts_return_type = "Promise<void>")]
    pub fn close<'env>(&self, env: &'env Env) -> Result<PromiseRaw<'env, ()>> {
        let inner = self.inner.clone();
        spawn(env, async move { inner.close().await }, |_, ()| Ok(()))
    }
}
