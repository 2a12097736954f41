//! Core errors as JavaScript errors.
//!
//! A `skein_core::Error` becomes an `Error` (a `TypeError` when a provider
//! returned something that is not bytes) whose message is the core error's
//! display, with `code`, and, when known, `method`, `key` and `path`
//! properties for programs that want to branch on them.

use napi::bindgen_prelude::*;

use skein_core::{Error as CoreError, ErrorKind};

/// The `code` property of errors Skein rejects with.
fn code_of(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::Provider => "SKEIN_PROVIDER",
        ErrorKind::ProviderType => "SKEIN_PROVIDER_TYPE",
        ErrorKind::Timeout => "SKEIN_TIMEOUT",
        ErrorKind::Corrupt => "SKEIN_CORRUPT",
        ErrorKind::UnsupportedLanguage => "SKEIN_UNSUPPORTED_LANGUAGE",
        ErrorKind::InvalidInput => "SKEIN_INVALID_INPUT",
        ErrorKind::Closed => "SKEIN_CLOSED",
        _ => "SKEIN_INTERNAL",
    }
}

/// Builds the JavaScript error object for `err` and wraps it in a napi error
/// that hands that very object to the rejection (napi keeps a reference).
pub fn to_js_error(env: &Env, err: CoreError) -> napi::Error {
    match build_js_error(env, &err) {
        Ok(error) => error,
        // Creating an error object failed (out of memory?): a plain one still says what happened.
        Err(_) => napi::Error::new(Status::GenericFailure, err.to_string()),
    }
}

fn build_js_error(env: &Env, err: &CoreError) -> napi::Result<napi::Error> {
    let message = err.to_string();
    let plain = napi::Error::new(Status::GenericFailure, message);
    let raw = unsafe {
        if err.kind() == ErrorKind::ProviderType || err.kind() == ErrorKind::InvalidInput {
            JsTypeError::from(plain).into_value(env.raw())
        } else {
            JsError::from(plain).into_value(env.raw())
        }
    };
    let mut object = Object::from_raw(env.raw(), raw);
    object.set_named_property("code", code_of(err.kind()))?;
    if let Some(method) = err.method() {
        object.set_named_property("method", method)?;
    }
    if let Some(key) = err.key() {
        object.set_named_property("key", key)?;
    }
    if let Some(path) = err.path() {
        object.set_named_property("path", path)?;
    }
    let unknown = unsafe { Unknown::from_raw_unchecked(env.raw(), raw) };
    Ok(napi::Error::from_unknown_without_coercion(unknown))
}
