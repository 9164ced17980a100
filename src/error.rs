//! User-facing error kinds and the exit-code mapping.
//!
//! Commands return `anyhow::Result`. A mistake the user can fix (a bad value, a misspelt id)
//! is a [`UsageError`] and exits 2; anything else (I/O, a file that is not a diary, a diary
//! from a newer version) exits 1. `main` is the only place that prints an error.

use std::fmt;

/// A bad value or usage, explained in one sentence that names the value and the fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageError(String);

impl UsageError {
    pub fn new(message: impl Into<String>) -> Self {
        UsageError(message.into())
    }
}

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// The user chose to stop (Ctrl-C in the guided entry, "no" at a confirmation): exit 130/1
/// without an error line beyond the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cancelled(pub String);

impl fmt::Display for Cancelled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Cancelled {}

/// A "no" answer that is not an error: exit 1 with nothing printed (`status --quiet` when
/// last night is not logged).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuietNo;

impl fmt::Display for QuietNo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("no")
    }
}

impl std::error::Error for QuietNo {}

/// Returns early with a [`UsageError`] built like `format!`.
#[macro_export]
macro_rules! invalid {
    ($($arg:tt)*) => {
        return Err(anyhow::Error::new($crate::error::UsageError::new(format!($($arg)*))))
    };
}

/// Exit codes of docs/design.md section 3.
pub fn exit_code(err: &anyhow::Error) -> u8 {
    if err.downcast_ref::<UsageError>().is_some() {
        2
    } else if err.downcast_ref::<Cancelled>().is_some() {
        130
    } else if is_broken_pipe(err) {
        0
    } else {
        1
    }
}

/// A closed pipe (`cramplog list | head`) is not a failure (ripgrep's convention).
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usage_errors_exit_2_and_others_1() {
        assert_eq!(exit_code(&anyhow::Error::new(UsageError::new("x"))), 2);
        assert_eq!(exit_code(&anyhow::anyhow!("disk full")), 1);
    }
}
