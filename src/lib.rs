//! Skein's Node.js binding: converts between JavaScript and `skein_core`,
//! and lets JavaScript objects act as storage providers. No analysis or
//! storage logic lives here.

// napi-derive registers exports only outside `cfg(test)`; the crate has no
// Rust tests (`test = false`), but `clippy --all-targets` still checks it so.
#![cfg_attr(test, allow(dead_code))]

#[macro_use]
extern crate napi_derive;

mod call_graph_js;
mod convert;
mod error;
mod index_directory;
mod js_callback;
mod js_provider;
mod project;
mod promise;
mod registry;
mod sent_graph;
mod storage;
