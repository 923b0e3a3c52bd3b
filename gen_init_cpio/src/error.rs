//! One error type for the whole tool: a message that is already fit to print.
//!
//! Every failure ends up on stderr as one line, so the error carries its text
//! (with the file, line or path it is about) rather than a tree of causes.

use std::fmt;
use std::io;
use std::path::Path;

/// A failure, worded for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error(String);

impl Error {
    /// An error with this message.
    pub fn new(msg: impl Into<String>) -> Self {
        Error(msg.into())
    }

    /// `what: io-error` for an I/O failure about `what`.
    pub fn io(what: impl fmt::Display, err: &io::Error) -> Self {
        Error(format!("{what}: {}", io_text(err)))
    }

    /// `path: io-error` for an I/O failure about a path.
    pub fn path(path: &Path, err: &io::Error) -> Self {
        Self::io(path.display(), err)
    }

    /// The message.
    pub fn message(&self) -> &str {
        &self.0
    }

    /// The same error with `prefix: ` in front.
    pub fn context(self, prefix: impl fmt::Display) -> Self {
        Error(format!("{prefix}: {}", self.0))
    }
}

/// The OS text of an I/O error without Rust's " (os error N)" suffix.
fn io_text(err: &io::Error) -> String {
    let s = err.to_string();
    match s.find(" (os error ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

/// Result with [`Error`].
pub type Result<T> = std::result::Result<T, Error>;
