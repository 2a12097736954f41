//! The one error type of skein-core.
//!
//! An [`Error`] has a [`ErrorKind`] that says what went wrong and a context
//! (provider method, key, file path, position) that says where. `Display`
//! prints the context first, in the spirit of ripgrep's `WithPath` errors:
//!
//! ```
//! use skein_core::{Error, ErrorKind};
//! let err = Error::new(ErrorKind::Provider, "connection refused")
//!     .with_method("get")
//!     .with_key("skein/v7/dir/00");
//! assert_eq!(err.to_string(), "storage provider get 'skein/v7/dir/00': connection refused");
//! ```

use std::fmt;

/// What went wrong. New kinds may be added.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A storage provider method failed (threw, rejected, returned an I/O error).
    Provider,
    /// A provider returned something that is not bytes for a present key.
    ProviderType,
    /// A provider call did not settle within the configured timeout.
    Timeout,
    /// A stored value failed its envelope check (truncated, corrupted, unknown format).
    Corrupt,
    /// The file extension is not one Skein analyzes.
    UnsupportedLanguage,
    /// An argument is out of range or malformed (a position past the end, an unknown name).
    InvalidInput,
    /// The project or storage was closed.
    Closed,
    /// A bug in Skein: an invariant did not hold. Never a panic across the boundary.
    Internal,
}

/// An error with a kind, a message and where it happened.
#[derive(Clone, Debug)]
pub struct Error {
    kind: ErrorKind,
    message: String,
    method: Option<String>,
    key: Option<String>,
    path: Option<String>,
}

/// `Result` with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// A new error of `kind` with a message.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            kind,
            message: message.into(),
            method: None,
            key: None,
            path: None,
        }
    }

    /// Names the storage provider method that failed (`get`, `set`, `transaction`, …).
    pub fn with_method(mut self, method: impl Into<String>) -> Self {
        self.method = Some(method.into());
        self
    }

    /// Names the storage key involved.
    pub fn with_key(mut self, key: impl Into<String>) -> Self {
        self.key = Some(key.into());
        self
    }

    /// Names the project file involved, unless one is already named.
    pub fn with_path(mut self, path: impl Into<String>) -> Self {
        if self.path.is_none() {
            self.path = Some(path.into());
        }
        self
    }

    /// What went wrong.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The message without context.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The provider method, if one is named.
    pub fn method(&self) -> Option<&str> {
        self.method.as_deref()
    }

    /// The storage key, if one is named.
    pub fn key(&self) -> Option<&str> {
        self.key.as_deref()
    }

    /// The file path, if one is named.
    pub fn path(&self) -> Option<&str> {
        self.path.as_deref()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(path) = &self.path {
            write!(f, "{path}: ")?;
        }
        match (&self.method, &self.key) {
            (Some(method), Some(key)) => write!(f, "storage provider {method} '{key}': ")?,
            (Some(method), None) => write!(f, "storage provider {method}: ")?,
            (None, Some(key)) => write!(f, "stored value '{key}': ")?,
            (None, None) => {}
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl From<std::io::Error> for Error {
    fn from(err: std::io::Error) -> Self {
        Error::new(ErrorKind::Provider, err.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_puts_context_first() {
        let err = Error::new(ErrorKind::Corrupt, "checksum mismatch")
            .with_key("k")
            .with_path("a.ts");
        assert_eq!(err.to_string(), "a.ts: stored value 'k': checksum mismatch");
        let err = Error::new(ErrorKind::Provider, "boom").with_method("clear");
        assert_eq!(err.to_string(), "storage provider clear: boom");
    }

    #[test]
    fn first_path_wins() {
        let err = Error::new(ErrorKind::Internal, "x")
            .with_path("a")
            .with_path("b");
        assert_eq!(err.path(), Some("a"));
    }
}
