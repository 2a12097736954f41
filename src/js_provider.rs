//! `JsProvider`: a JavaScript object with `get/set/delete/clear` (and
//! optionally `transaction`, `getMany`, `close`) as a core `Storage`.
//!
//! It is just another provider: the project commits through it exactly as
//! through the built-in ones. Batches go through `transaction` and reads
//! through `getMany` when the object has them, so a file update costs one
//! crossing with `transaction` and two or three without, whatever the file
//! and the project size.

use crate::js_callback::{Ignored, JsCallback};
use crate::storage::StorageOpObject;
use async_trait::async_trait;
use napi::bindgen_prelude::*;
use napi::sys;
use skein_core::storage::{Capabilities, Storage, StorageOp};
use skein_core::{Error as CoreError, ErrorKind, Result as CoreResult};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// What a provider returned for one key, judged on the JS thread.
pub enum ProviderValue {
    Bytes(Vec<u8>),
    Missing,
    /// Not bytes: the JS type, for the error message.
    Invalid(String),
}

impl FromNapiValue for ProviderValue {
    unsafe fn from_napi_value(env: sys::napi_env, value: sys::napi_value) -> Result<Self> {
        let mut value_type = 0;
        check_status!(unsafe { sys::napi_typeof(env, value, &mut value_type) })?;
        match value_type {
            sys::ValueType::napi_undefined | sys::ValueType::napi_null => {
                return Ok(ProviderValue::Missing)
            }
            sys::ValueType::napi_object => {}
            other => return Ok(ProviderValue::Invalid(ValueType::from(other).to_string())),
        }
        let mut is_typed_array = false;
        check_status!(unsafe { sys::napi_is_typedarray(env, value, &mut is_typed_array) })?;
        if !is_typed_array {
            return Ok(ProviderValue::Invalid("Object".to_string()));
        }
        let mut array_type = 0;
        let mut length = 0usize;
        let mut data = std::ptr::null_mut();
        let mut arraybuffer = std::ptr::null_mut();
        let mut offset = 0usize;
        check_status!(unsafe {
            sys::napi_get_typedarray_info(
                env,
                value,
                &mut array_type,
                &mut length,
                &mut data,
                &mut arraybuffer,
                &mut offset,
            )
        })?;
        if array_type != sys::TypedarrayType::uint8_array {
            return Ok(ProviderValue::Invalid(
                "a typed array other than Uint8Array".to_string(),
            ));
        }
        let bytes = if length == 0 {
            Vec::new()
        } else {
            unsafe { std::slice::from_raw_parts(data as *const u8, length) }.to_vec()
        };
        Ok(ProviderValue::Bytes(bytes))
    }
}

/// The values `getMany` returned, judged on the JS thread.
pub enum ProviderValues {
    Values(Vec<ProviderValue>),
    NotAnArray(String),
}

impl FromNapiValue for ProviderValues {
    unsafe fn from_napi_value(env: sys::napi_env, value: sys::napi_value) -> Result<Self> {
        let mut is_array = false;
        check_status!(unsafe { sys::napi_is_array(env, value, &mut is_array) })?;
        if !is_array {
            let mut value_type = 0;
            check_status!(unsafe { sys::napi_typeof(env, value, &mut value_type) })?;
            return Ok(ProviderValues::NotAnArray(
                ValueType::from(value_type).to_string(),
            ));
        }
        let mut length = 0u32;
        check_status!(unsafe { sys::napi_get_array_length(env, value, &mut length) })?;
        let mut values = Vec::with_capacity(length as usize);
        for i in 0..length {
            let mut element = std::ptr::null_mut();
            check_status!(unsafe { sys::napi_get_element(env, value, i, &mut element) })?;
            values.push(unsafe { ProviderValue::from_napi_value(env, element)? });
        }
        Ok(ProviderValues::Values(values))
    }
}

/// A JavaScript object used as a core `Storage`.
pub struct JsProvider {
    get: JsCallback<String, ProviderValue>,
    set: JsCallback<FnArgs<(String, Buffer)>, Ignored>,
    delete: JsCallback<String, Ignored>,
    clear: JsCallback<(), Ignored>,
    transaction: Option<JsCallback<Vec<StorageOpObject>, Ignored>>,
    get_many: Option<JsCallback<Vec<String>, ProviderValues>>,
    close: Option<JsCallback<(), Ignored>>,
    timeout: Duration,
}

impl JsProvider {
    /// Binds the methods of `object`; fails with a `TypeError` naming a missing one.
    pub fn from_object(object: &Object, timeout: Duration) -> Result<JsProvider> {
        warn_if_errors_are_swallowed(object)?;
        Ok(JsProvider {
            get: required(object, "get")?,
            set: required(object, "set")?,
            delete: required(object, "delete")?,
            clear: required(object, "clear")?,
            transaction: JsCallback::from_method(object, "transaction", false)?,
            get_many: JsCallback::from_method(object, "getMany", false)?,
            close: JsCallback::from_method(object, "close", false)?,
            timeout,
        })
    }
}

static WARNED_OF_SWALLOWED_ERRORS: AtomicBool = AtomicBool::new(false);

/// Warns, once per process, of a Keyv that turns errors into `error`
/// events (its default): a failed `get` then resolves to `undefined` and a
/// failed `set` to nothing, so an unreachable store reads as an empty index
/// and writes are lost unnoticed. Keyv's own in-memory `Map` cannot fail.
fn warn_if_errors_are_swallowed(object: &Object) -> Result<()> {
    let throws: Unknown = object.get_named_property("throwOnErrors")?;
    if throws.get_type()? != ValueType::Boolean || unsafe { throws.cast::<bool>()? } {
        return Ok(());
    }
    let env = Env::from_raw(object.value().env);
    let global = env.get_global()?;
    let store: Unknown = object.get_named_property("store")?;
    let map: Unknown = global.get_named_property("Map")?;
    if store.get_type()? == ValueType::Object && store.instanceof(map)? {
        return Ok(());
    }
    if WARNED_OF_SWALLOWED_ERRORS.swap(true, Ordering::Relaxed) {
        return Ok(());
    }
    let process: Object = global.get_named_property("process")?;
    let emit_warning: Function<FnArgs<(String, String)>, Unknown> =
        process.get_named_property("emitWarning")?;
    emit_warning.apply(
        process,
        FnArgs::from((
            "this Keyv storage reports errors only as 'error' events: a failed read \
             looks like a missing key and a failed write is lost. Create the Keyv \
             (and a @keyv/redis store) with { throwOnErrors: true } so that Skein \
             sees them."
                .to_string(),
            "SkeinWarning".to_string(),
        )),
    )?;
    Ok(())
}

fn required<Args, Ret>(object: &Object, name: &'static str) -> Result<JsCallback<Args, Ret>>
where
    Args: JsValuesTupleIntoVec + 'static,
    Ret: FromNapiValue + Send + 'static,
{
    JsCallback::from_method(object, name, true)?.ok_or_else(|| {
        Error::new(
            Status::InvalidArg,
            format!("storage provider must have a {name}() method"),
        )
    })
}

fn bytes_or_error(value: ProviderValue, method: &str, key: &str) -> CoreResult<Option<Vec<u8>>> {
    match value {
        ProviderValue::Bytes(bytes) => Ok(Some(bytes)),
        ProviderValue::Missing => Ok(None),
        ProviderValue::Invalid(found) => Err(CoreError::new(
            ErrorKind::ProviderType,
            format!("expected a Buffer, Uint8Array, null or undefined, got {found}"),
        )
        .with_method(method)
        .with_key(key)),
    }
}

#[async_trait]
impl Storage for JsProvider {
    async fn get(&self, key: &str) -> CoreResult<Option<Vec<u8>>> {
        let value = self
            .get
            .call(key.to_string(), Some(key), self.timeout)
            .await?;
        bytes_or_error(value, "get", key)
    }

    async fn set(&self, key: &str, value: Vec<u8>) -> CoreResult<()> {
        let args = FnArgs::from((key.to_string(), Buffer::from(value)));
        self.set
            .call(args, Some(key), self.timeout)
            .await
            .map(|_| ())
    }

    async fn delete(&self, key: &str) -> CoreResult<()> {
        self.delete
            .call(key.to_string(), Some(key), self.timeout)
            .await
            .map(|_| ())
    }

    async fn clear(&self) -> CoreResult<()> {
        self.clear.call((), None, self.timeout).await.map(|_| ())
    }

    async fn commit(&self, ops: Vec<StorageOp>) -> CoreResult<()> {
        let Some(transaction) = &self.transaction else {
            for op in ops {
                match op {
                    StorageOp::Set { key, value } => self.set(&key, value).await?,
                    StorageOp::Delete { key } => self.delete(&key).await?,
                }
            }
            return Ok(());
        };
        let ops = ops
            .into_iter()
            .map(|op| match op {
                StorageOp::Set { key, value } => StorageOpObject {
                    op_type: "set".into(),
                    key,
                    value: Some(Buffer::from(value)),
                },
                StorageOp::Delete { key } => StorageOpObject {
                    op_type: "delete".into(),
                    key,
                    value: None,
                },
            })
            .collect();
        transaction.call(ops, None, self.timeout).await.map(|_| ())
    }

    /// Without `transaction`, every call at once: each is a hop to the JS
    /// thread and, for a store like Redis, a round trip, and issued
    /// together their round trips overlap. A group of files in
    /// `index_directory` waits about as long as for two calls, not two per
    /// file.
    async fn commit_unordered(&self, ops: Vec<StorageOp>) -> CoreResult<()> {
        if self.transaction.is_some() {
            return self.commit(ops).await;
        }
        let calls = ops.into_iter().map(|op| async move {
            match op {
                StorageOp::Set { key, value } => self.set(&key, value).await,
                StorageOp::Delete { key } => self.delete(&key).await,
            }
        });
        futures::future::join_all(calls)
            .await
            .into_iter()
            .collect::<CoreResult<Vec<()>>>()
            .map(|_| ())
    }

    async fn get_many(&self, keys: &[String]) -> CoreResult<Vec<Option<Vec<u8>>>> {
        let Some(get_many) = &self.get_many else {
            let mut values = Vec::with_capacity(keys.len());
            for key in keys {
                values.push(self.get(key).await?);
            }
            return Ok(values);
        };
        match get_many.call(keys.to_vec(), None, self.timeout).await? {
            ProviderValues::Values(values) if values.len() == keys.len() => keys
                .iter()
                .zip(values)
                .map(|(key, value)| bytes_or_error(value, "getMany", key))
                .collect(),
            ProviderValues::Values(values) => Err(CoreError::new(
                ErrorKind::ProviderType,
                format!("returned {} values for {} keys", values.len(), keys.len()),
            )
            .with_method("getMany")),
            ProviderValues::NotAnArray(found) => Err(CoreError::new(
                ErrorKind::ProviderType,
                format!("expected an array, got {found}"),
            )
            .with_method("getMany")),
        }
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities {
            transaction: self.transaction.is_some(),
            get_many: self.get_many.is_some(),
            in_process: false,
        }
    }

    async fn close(&self) -> CoreResult<()> {
        match &self.close {
            Some(close) => close.call((), None, self.timeout).await.map(|_| ()),
            None => Ok(()),
        }
    }
}
