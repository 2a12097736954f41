//! `Storage`, `InMemoryStorage`, `DiskStorage`: native handles to a core
//! provider, usable from JavaScript with the provider methods.
//!
//! The three classes share one implementation (a macro): napi classes cannot
//! inherit, and api.md wants `new InMemoryStorage()` and `new DiskStorage()`
//! to be `Storage`s in every way that matters (same methods, accepted by
//! `ImmutableProject`).

use crate::js_provider::JsProvider;
use crate::promise::spawn;
use napi::bindgen_prelude::*;
use skein_core::storage::{
    DiskStorage as CoreDisk, MemoryStorage, SqliteStorage as CoreSqlite, Storage as CoreStorage,
    StorageOp,
};
use std::sync::Arc;
use std::time::Duration;

/// Default for `provider_timeout_ms`.
pub const DEFAULT_PROVIDER_TIMEOUT: Duration = Duration::from_millis(30_000);

/// An op of `transaction`: `{ type: 'set' | 'delete', key, value? }`.
/// Converted by hand: its type is the `StorageOp` union in the index.d.ts header.
pub struct StorageOpObject {
    pub op_type: String,
    pub key: String,
    pub value: Option<Buffer>,
}

impl TypeName for StorageOpObject {
    fn type_name() -> &'static str {
        "StorageOp"
    }
    fn value_type() -> ValueType {
        ValueType::Object
    }
}

impl ValidateNapiValue for StorageOpObject {}

impl FromNapiValue for StorageOpObject {
    unsafe fn from_napi_value(
        env: napi::sys::napi_env,
        value: napi::sys::napi_value,
    ) -> Result<Self> {
        let object = unsafe { Object::from_napi_value(env, value)? };
        Ok(StorageOpObject {
            op_type: object
                .get_named_property::<Option<String>>("type")?
                .unwrap_or_default(),
            key: object
                .get_named_property::<Option<String>>("key")?
                .ok_or_else(|| {
                    Error::new(Status::InvalidArg, "transaction: an op has no string key")
                })?,
            value: object.get_named_property::<Option<Buffer>>("value")?,
        })
    }
}

impl ToNapiValue for StorageOpObject {
    unsafe fn to_napi_value(env: napi::sys::napi_env, op: Self) -> Result<napi::sys::napi_value> {
        let env = Env::from_raw(env);
        let mut object = Object::new(&env)?;
        object.set_named_property("type", op.op_type)?;
        object.set_named_property("key", op.key)?;
        if let Some(value) = op.value {
            object.set_named_property("value", value)?;
        }
        Ok(object.raw())
    }
}

/// Options of `new DiskStorage(options)` and `createStorage('disk', options)`.
#[napi(object)]
pub struct DiskStorageOptions {
    /// The folder to keep values in; created if missing.
    pub path: String,
}

fn ops_from_js(ops: Vec<StorageOpObject>) -> Result<Vec<StorageOp>> {
    ops.into_iter()
        .enumerate()
        .map(|(i, op)| match (op.op_type.as_str(), op.value) {
            ("set", Some(value)) => Ok(StorageOp::Set {
                key: op.key,
                value: value.into(),
            }),
            ("set", None) => Err(Error::new(
                Status::InvalidArg,
                format!("transaction: op {i} ('set' '{}') has no value", op.key),
            )),
            ("delete", _) => Ok(StorageOp::Delete { key: op.key }),
            (other, _) => Err(Error::new(
                Status::InvalidArg,
                format!("transaction: op {i} has type '{other}', expected 'set' or 'delete'"),
            )),
        })
        .collect()
}

macro_rules! storage_class {
    ($name:ident, $doc:literal) => {
        #[doc = $doc]
        #[napi]
        pub struct $name {
            pub(crate) inner: Arc<dyn CoreStorage>,
        }

        #[napi]
        impl $name {
            /// The value under `key`, or `null`.
            #[napi(ts_return_type = "Promise<Buffer | null>")]
            pub fn get<'env>(
                &self,
                env: &'env Env,
                key: String,
            ) -> Result<PromiseRaw<'env, Option<Buffer>>> {
                let inner = self.inner.clone();
                spawn(env, async move { inner.get(&key).await }, |_, v| {
                    Ok(v.map(Buffer::from))
                })
            }

            /// Stores `value` under `key`.
            #[napi(ts_return_type = "Promise<void>")]
            pub fn set<'env>(
                &self,
                env: &'env Env,
                key: String,
                value: Buffer,
            ) -> Result<PromiseRaw<'env, ()>> {
                let inner = self.inner.clone();
                let value: Vec<u8> = value.into();
                spawn(env, async move { inner.set(&key, value).await }, |_, v| {
                    Ok(v)
                })
            }

            /// Removes `key`; a missing key is not an error.
            #[napi(ts_return_type = "Promise<void>")]
            pub fn delete<'env>(
                &self,
                env: &'env Env,
                key: String,
            ) -> Result<PromiseRaw<'env, ()>> {
                let inner = self.inner.clone();
                spawn(env, async move { inner.delete(&key).await }, |_, v| Ok(v))
            }

            /// Removes every key.
            #[napi(ts_return_type = "Promise<void>")]
            pub fn clear<'env>(&self, env: &'env Env) -> Result<PromiseRaw<'env, ()>> {
                let inner = self.inner.clone();
                spawn(env, async move { inner.clear().await }, |_, v| Ok(v))
            }

            /// Applies `ops` in order: all or none where the provider has
            /// transactions (memory does; disk applies them one by one).
            #[napi(ts_args_type = "ops: StorageOp[]", ts_return_type = "Promise<void>")]
            pub fn transaction<'env>(
                &self,
                env: &'env Env,
                ops: Vec<StorageOpObject>,
            ) -> Result<PromiseRaw<'env, ()>> {
                let inner = self.inner.clone();
                let ops = match ops_from_js(ops) {
                    Ok(ops) => ops,
                    Err(err) => return PromiseRaw::reject(env, err),
                };
                spawn(env, async move { inner.commit(ops).await }, |_, v| Ok(v))
            }

            /// The values under `keys`, in order (`null` where missing).
            #[napi(js_name = "getMany", ts_return_type = "Promise<Array<Buffer | null>>")]
            pub fn get_many<'env>(
                &self,
                env: &'env Env,
                keys: Vec<String>,
            ) -> Result<PromiseRaw<'env, Vec<Option<Buffer>>>> {
                let inner = self.inner.clone();
                spawn(
                    env,
                    async move { inner.get_many(&keys).await },
                    |_, values| Ok(values.into_iter().map(|v| v.map(Buffer::from)).collect()),
                )
            }

            /// Releases the provider's resources.
            #[napi(ts_return_type = "Promise<void>")]
            pub fn close<'env>(&self, env: &'env Env) -> Result<PromiseRaw<'env, ()>> {
                let inner = self.inner.clone();
                spawn(env, async move { inner.close().await }, |_, v| Ok(v))
            }

            /// Whether the provider applies batches atomically and reads many keys in one call.
            #[napi(getter)]
            pub fn capabilities(&self) -> StorageCapabilities {
                let caps = self.inner.capabilities();
                StorageCapabilities {
                    transaction: caps.transaction,
                    get_many: caps.get_many,
                }
            }
        }
    };
}

/// What a storage does natively.
#[napi(object, object_from_js = false)]
pub struct StorageCapabilities {
    /// Batches are all-or-nothing.
    pub transaction: bool,
    /// `getMany` is one round trip.
    #[napi(js_name = "getMany")]
    pub get_many: bool,
}

storage_class!(
  Storage,
  "A native storage handle, as `createStorage` returns it. It has the provider methods, so it can be used directly or wrapped."
);
storage_class!(
    InMemoryStorage,
    "The built-in in-memory store (the default of `ImmutableProject`)."
);
storage_class!(
  DiskStorage,
  "The built-in folder store: one file per key, atomic writes; a second process can open the same folder."
);

#[napi]
impl InMemoryStorage {
    #[napi(constructor)]
    pub fn new() -> Self {
        InMemoryStorage {
            inner: Arc::new(MemoryStorage::new()),
        }
    }
}

impl Default for InMemoryStorage {
    fn default() -> Self {
        Self::new()
    }
}

#[napi]
impl DiskStorage {
    #[napi(constructor)]
    pub fn new(options: DiskStorageOptions) -> Result<Self> {
        Ok(DiskStorage {
            inner: open_disk(&options.path)?,
        })
    }
}

/// Opens a disk store, with an error that names the folder.
pub fn open_disk(path: &str) -> Result<Arc<dyn CoreStorage>> {
    if path.is_empty() {
        return Err(Error::new(
            Status::InvalidArg,
            "DiskStorage: options.path must be a folder path",
        ));
    }
    CoreDisk::open(path)
        .map(|disk| Arc::new(disk) as Arc<dyn CoreStorage>)
        .map_err(|e| Error::new(Status::GenericFailure, format!("DiskStorage '{path}': {e}")))
}

/// Opens a sqlite store, with an error that names the file.
pub fn open_sqlite(path: &str) -> Result<Arc<dyn CoreStorage>> {
    if path.is_empty() {
        return Err(Error::new(
            Status::InvalidArg,
            "createStorage('sqlite'): options.path must be a database file path",
        ));
    }
    CoreSqlite::open(path)
        .map(|sqlite| Arc::new(sqlite) as Arc<dyn CoreStorage>)
        .map_err(|e| {
            Error::new(
                Status::GenericFailure,
                format!("createStorage('sqlite'): {e}"),
            )
        })
}

/// The core storage behind a JS value: one of our classes, a provider
/// object, or (for `undefined`/`null`) a fresh in-memory store.
pub fn storage_from_js(value: Option<Unknown>, timeout: Duration) -> Result<Arc<dyn CoreStorage>> {
    let Some(value) = value else {
        return Ok(Arc::new(MemoryStorage::new()));
    };
    match value.get_type()? {
    ValueType::Undefined | ValueType::Null => return Ok(Arc::new(MemoryStorage::new())),
    ValueType::Object => {}
    other => {
      return Err(Error::new(
        Status::InvalidArg,
        format!("storage must be a Storage or a provider object with get/set/delete/clear, got {other}"),
      ))
    }
  }
    if let Some(inner) = native_storage(&value) {
        return Ok(inner);
    }
    let object: Object = unsafe { value.cast()? };
    Ok(Arc::new(JsProvider::from_object(&object, timeout)?))
}

/// The core storage of one of our native classes, if `value` is one.
pub fn native_storage(value: &Unknown) -> Option<Arc<dyn CoreStorage>> {
    let env = value.value().env;
    let raw = value.raw();
    // ClassInstance checks the class (type tag) before it unwraps.
    unsafe {
        if let Ok(s) = ClassInstance::<Storage>::from_napi_value(env, raw) {
            return Some(s.inner.clone());
        }
        if let Ok(s) = ClassInstance::<InMemoryStorage>::from_napi_value(env, raw) {
            return Some(s.inner.clone());
        }
        if let Ok(s) = ClassInstance::<DiskStorage>::from_napi_value(env, raw) {
            return Some(s.inner.clone());
        }
    }
    None
}
