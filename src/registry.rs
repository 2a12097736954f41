//! The storage provider registry: `registerStorageProvider`, `createStorage`,
//! `storageProviders`.
//!
//! Built-ins (`memory`, `disk`, `sqlite`) are Rust; registered factories are JS
//! functions kept by reference on the JS thread (registration and creation
//! both happen there, so a thread-local map is enough).

use crate::js_provider::JsProvider;
use crate::promise::rejected;
use crate::storage::{native_storage, open_disk, open_sqlite, Storage, DEFAULT_PROVIDER_TIMEOUT};
use napi::bindgen_prelude::*;
use napi::sys;
use skein_core::storage::{MemoryStorage, Storage as CoreStorage};
use skein_core::{Error as CoreError, ErrorKind};
use std::cell::RefCell;
use std::sync::Arc;
use std::time::Duration;

const BUILT_INS: [&str; 3] = ["memory", "disk", "sqlite"];

type Factory = FunctionRef<Unknown<'static>, Unknown<'static>>;

thread_local! {
  static FACTORIES: RefCell<Vec<(String, Factory)>> = const { RefCell::new(Vec::new()) };
}

/// Registers `factory` under `name`, replacing an earlier registration (a
/// built-in included). `factory(options)` returns a provider object, a
/// `Storage`, or a Promise of either.
#[napi(
    js_name = "registerStorageProvider",
    ts_args_type = "name: string, factory: (options?: any) => StorageProvider | Storage | Promise<StorageProvider | Storage>"
)]
pub fn register_storage_provider(
    name: String,
    factory: Function<Unknown<'static>, Unknown<'static>>,
) -> Result<()> {
    let factory = factory.create_ref()?;
    FACTORIES.with(|f| {
        let mut factories = f.borrow_mut();
        factories.retain(|(n, _)| *n != name);
        factories.push((name, factory));
    });
    Ok(())
}

/// Registered provider names, built-ins first.
#[napi(js_name = "storageProviders")]
pub fn storage_providers() -> Vec<String> {
    let mut names: Vec<String> = BUILT_INS.iter().map(|s| s.to_string()).collect();
    FACTORIES.with(|f| {
        for (name, _) in f.borrow().iter() {
            if !names.contains(name) {
                names.push(name.clone());
            }
        }
    });
    names
}

/// Creates the storage registered under `name` with `options`. Built-ins:
/// `memory`; `disk` (`{ path }`: a folder); `sqlite` (`{ path }`: a
/// database file, WAL, one transaction per file update).
/// Rejects with `Unknown storage provider: <name>` and the known names.
/// For a registered JS factory, `options.provider_timeout_ms` (default
/// 30000) bounds every call to the provider it returns.
#[napi(
    js_name = "createStorage",
    ts_args_type = "name: string, options?: any",
    ts_return_type = "Promise<Storage>"
)]
pub fn create_storage<'env>(
    env: &'env Env,
    name: String,
    options: Option<Unknown<'env>>,
) -> Result<PromiseRaw<'env, Unknown<'env>>> {
    let registered = FACTORIES.with(|f| {
        f.borrow()
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, factory)| factory.borrow_back(env))
            .transpose()
    })?;
    if let Some(factory) = registered {
        let timeout = options
            .as_ref()
            .and_then(|o| option_property::<f64>(o, "provider_timeout_ms"))
            .filter(|ms| *ms > 0.0 && ms.is_finite())
            .map_or(DEFAULT_PROVIDER_TIMEOUT, |ms| {
                Duration::from_secs_f64(ms / 1000.0)
            });
        let argument = match options {
            Some(options) => unsafe { Unknown::from_raw_unchecked(env.raw(), options.raw()) },
            None => unsafe { Unknown::from_raw_unchecked(env.raw(), ().into_unknown(env)?.raw()) },
        };
        let produced = match factory.call(argument) {
            Ok(value) => value,
            Err(err) => return PromiseRaw::reject(env, err),
        };
        return storage_promise(env, &name, produced, timeout);
    }
    let inner: Arc<dyn CoreStorage> = match name.as_str() {
        "memory" => Arc::new(MemoryStorage::new()),
        "disk" => match at_path(env, "disk", "a folder path", options, open_disk) {
            Ok(storage) => storage,
            Err(rejection) => return rejection,
        },
        "sqlite" => match at_path(env, "sqlite", "a database file path", options, open_sqlite) {
            Ok(storage) => storage,
            Err(rejection) => return rejection,
        },
        _ => {
            return rejected(
                env,
                CoreError::new(
                    ErrorKind::InvalidInput,
                    format!(
                        "Unknown storage provider: {name} (known: {})",
                        storage_providers().join(", ")
                    ),
                ),
            )
        }
    };
    let handle = Storage { inner }.into_instance(env)?;
    PromiseRaw::resolve(env, unsafe {
        Unknown::from_raw_unchecked(env.raw(), handle.raw())
    })
}

/// The built-in `name` kept at `options.path` (`what` it must be), opened
/// with `open`; or the rejected Promise to return.
fn at_path<'env>(
    env: &'env Env,
    name: &str,
    what: &str,
    options: Option<Unknown<'env>>,
    open: fn(&str) -> Result<Arc<dyn CoreStorage>>,
) -> std::result::Result<Arc<dyn CoreStorage>, Result<PromiseRaw<'env, Unknown<'env>>>> {
    match options.and_then(|o| option_property::<String>(&o, "path")) {
        Some(path) => open(&path).map_err(|err| PromiseRaw::reject(env, err)),
        None => Err(rejected(
            env,
            CoreError::new(
                ErrorKind::InvalidInput,
                format!("createStorage('{name}') needs options.path, {what}"),
            ),
        )),
    }
}

/// `options[name]` when `options` is an object and the property has type `T`.
fn option_property<T: FromNapiValue + ValidateNapiValue>(
    options: &Unknown,
    name: &str,
) -> Option<T> {
    if options.get_type().ok()? != ValueType::Object {
        return None;
    }
    let object: Object = unsafe { options.cast().ok()? };
    object.get_named_property::<Option<T>>(name).ok().flatten()
}

/// Wraps what a factory produced (a value or a Promise of one) as a Promise of a `Storage`.
fn storage_promise<'env>(
    env: &'env Env,
    name: &str,
    produced: Unknown<'env>,
    timeout: Duration,
) -> Result<PromiseRaw<'env, Unknown<'env>>> {
    let mut is_promise = false;
    check_status!(unsafe { sys::napi_is_promise(env.raw(), produced.raw(), &mut is_promise) })?;
    if is_promise {
        let promise: PromiseRaw<Unknown> = PromiseRaw::new(env.raw(), produced.raw());
        let name = name.to_string();
        return promise.then(move |ctx| wrap(&ctx.env, &name, ctx.value, timeout));
    }
    match wrap(env, name, produced, timeout) {
        Ok(storage) => PromiseRaw::resolve(env, storage),
        Err(err) => PromiseRaw::reject(env, err),
    }
}

fn wrap<'a>(env: &Env, name: &str, value: Unknown<'a>, timeout: Duration) -> Result<Unknown<'a>> {
    let inner = match native_storage(&value) {
        Some(inner) => inner,
        None if value.get_type()? == ValueType::Object => {
            let object: Object = unsafe { value.cast()? };
            let provider = JsProvider::from_object(&object, timeout).map_err(|e| {
                Error::new(e.status, format!("storage provider '{name}': {}", e.reason))
            })?;
            Arc::new(provider)
        }
        None => {
            return Err(Error::new(
                Status::InvalidArg,
                format!(
                    "storage provider '{name}': the factory returned {}, not a provider object",
                    value.get_type()?
                ),
            ))
        }
    };
    let handle = Storage { inner }.into_instance(env)?;
    Ok(unsafe { Unknown::from_raw_unchecked(env.raw(), handle.raw()) })
}
