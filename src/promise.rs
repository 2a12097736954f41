//! Running core futures on napi's tokio runtime and settling JS Promises.

use crate::error::to_js_error;
use napi::bindgen_prelude::*;
use skein_core::Result as CoreResult;
use std::future::Future;

/// Runs `fut` off the JS thread; on the JS thread, resolves with `finish`'s
/// value or rejects with the JS error for the core error.
pub fn spawn<'env, T, V, F, R>(env: &'env Env, fut: F, finish: R) -> Result<PromiseRaw<'env, V>>
where
    T: Send + 'static,
    V: ToNapiValue,
    F: Future<Output = CoreResult<T>> + Send + 'static,
    R: FnOnce(&Env, T) -> Result<V> + 'static,
{
    env.spawn_future_with_callback(
        async move { Ok(fut.await) },
        move |env, outcome| match outcome {
            Ok(value) => finish(env, value),
            Err(err) => Err(to_js_error(env, err)),
        },
    )
}

/// A Promise rejected with the JS error for `err`.
pub fn rejected<'env, V: ToNapiValue>(
    env: &'env Env,
    err: skein_core::Error,
) -> Result<PromiseRaw<'env, V>> {
    let error = to_js_error(env, err);
    PromiseRaw::reject(env, error)
}
