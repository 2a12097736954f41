//! The one place ThreadsafeFunction is used: calling a JavaScript method from
//! Rust threads and awaiting its result without blocking the JS thread.
//!
//! A [`JsCallback`] is a method of a JS object, bound to it, turned into a weak
//! threadsafe function (it never keeps Node alive). A call queues onto the JS
//! thread; a synchronous throw comes back as an error (`call_async_catch`), a
//! returned Promise is awaited here, a plain value is taken as it is (so
//! `Map`-like sync objects work). Every call has a timeout, and every error
//! names the method and key.

use napi::bindgen_prelude::*;
use napi::sys;
use napi::threadsafe_function::ThreadsafeFunction;
use skein_core::{Error as CoreError, ErrorKind, Result as CoreResult};
use std::time::Duration;

/// A JavaScript result that may be a Promise of `T` or `T` itself.
pub enum MaybePromise<T: FromNapiValue + 'static> {
    Promise(Promise<T>),
    Value(T),
}

impl<T: FromNapiValue + 'static> FromNapiValue for MaybePromise<T> {
    unsafe fn from_napi_value(env: sys::napi_env, value: sys::napi_value) -> Result<Self> {
        let mut is_promise = false;
        check_status!(unsafe { sys::napi_is_promise(env, value, &mut is_promise) })?;
        if is_promise {
            Ok(MaybePromise::Promise(unsafe {
                Promise::from_napi_value(env, value)?
            }))
        } else {
            Ok(MaybePromise::Value(unsafe {
                T::from_napi_value(env, value)?
            }))
        }
    }
}

impl<T: FromNapiValue + 'static> TypeName for MaybePromise<T> {
    fn type_name() -> &'static str {
        "MaybePromise"
    }
    fn value_type() -> ValueType {
        ValueType::Unknown
    }
}

impl<T: FromNapiValue + 'static> ValidateNapiValue for MaybePromise<T> {}

/// Any result, ignored (for `set`, `delete`, `clear`, …).
pub struct Ignored;

impl FromNapiValue for Ignored {
    unsafe fn from_napi_value(_env: sys::napi_env, _value: sys::napi_value) -> Result<Self> {
        Ok(Ignored)
    }
}

type Tsfn<Args, Ret> = ThreadsafeFunction<Args, MaybePromise<Ret>, Args, Status, false, true>;

/// A bound JavaScript method, callable from any thread.
pub struct JsCallback<Args: JsValuesTupleIntoVec + 'static, Ret: FromNapiValue + Send + 'static> {
    method: &'static str,
    tsfn: Tsfn<Args, Ret>,
}

impl<Args, Ret> JsCallback<Args, Ret>
where
    Args: JsValuesTupleIntoVec + 'static,
    Ret: FromNapiValue + Send + 'static,
{
    /// The method `method` of `object`, or `None` if it is absent and optional.
    /// A present non-function, or a missing required method, is a `TypeError`.
    pub fn from_method(
        object: &Object,
        method: &'static str,
        required: bool,
    ) -> Result<Option<Self>> {
        let value: Unknown = object.get_named_property(method)?;
        match value.get_type()? {
            ValueType::Function => {}
            ValueType::Undefined | ValueType::Null if !required => return Ok(None),
            other => {
                return Err(Error::new(
                    Status::InvalidArg,
                    format!("storage provider must have a {method}() method (found {other})"),
                ))
            }
        }
        let function: Function<Args, MaybePromise<Ret>> = unsafe { value.cast()? };
        let bound = function.bind(object)?;
        let tsfn = bound
            .build_threadsafe_function::<Args>()
            .callee_handled::<false>()
            .weak::<true>()
            .build()?;
        Ok(Some(JsCallback { method, tsfn }))
    }

    /// Calls the method and awaits its result, for at most `timeout`.
    /// `key` only labels errors.
    pub async fn call(&self, args: Args, key: Option<&str>, timeout: Duration) -> CoreResult<Ret> {
        let call = async {
            match self.tsfn.call_async_catch(args).await? {
                MaybePromise::Promise(promise) => promise.await,
                MaybePromise::Value(value) => Ok(value),
            }
        };
        let outcome = tokio::time::timeout(timeout, call).await;
        let err = match outcome {
            Ok(Ok(value)) => return Ok(value),
            Ok(Err(err)) => CoreError::new(ErrorKind::Provider, provider_message(&err)),
            Err(_) => CoreError::new(
                ErrorKind::Timeout,
                format!("did not settle within {} ms", timeout.as_millis()),
            ),
        };
        let err = err.with_method(self.method);
        Err(match key {
            Some(key) => err.with_key(key),
            None => err,
        })
    }
}

/// The provider's own message, without napi's status prefix.
fn provider_message(err: &Error) -> String {
    if err.reason.is_empty() {
        format!("failed ({})", err.status)
    } else {
        err.reason.clone()
    }
}
