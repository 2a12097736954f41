//! Helpers shared by integration tests.

// Each test crate uses a different part.
#![allow(dead_code)]

pub mod annotations;
pub mod counting_storage;
