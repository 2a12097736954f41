//! Skein's Node.js binding: converts between JavaScript and `skein_core`,
//! and lets JavaScript objects act as storage providers. No analysis or
//! storage logic lives here.

#[macro_use]
extern crate napi_derive;

mod convert;
mod error;
mod js_callback;
mod js_provider;
mod project;
mod promise;
mod registry;
mod storage;
