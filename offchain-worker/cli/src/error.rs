//! The CLI's errors: a message for stderr and the exit code that says what
//! kind of failure it was.

use std::fmt;

/// Exit code of a failed command: bad input, an on-chain error, a lost
/// connection.
pub const FAILURE: u8 = 1;
/// Exit code of an unusable `--key` (clap also exits with 2 on bad usage).
pub const BAD_KEY: u8 = 2;
/// Exit code of `ect task watch` when the task failed.
pub const TASK_FAILED: u8 = 3;
/// Exit code of `ect task watch` when its timeout passed first.
pub const TIMEOUT: u8 = 4;

/// Why a command failed, and its exit code.
#[derive(Debug)]
pub struct CliError {
	code: u8,
	message: String,
}

impl CliError {
	/// An error exiting with `code`.
	pub fn new(code: u8, message: impl Into<String>) -> Self {
		Self { code, message: message.into() }
	}

	/// An error exiting with [`FAILURE`].
	pub fn failure(message: impl Into<String>) -> Self {
		Self::new(FAILURE, message)
	}

	/// The process exit code.
	pub fn code(&self) -> u8 {
		self.code
	}
}

impl fmt::Display for CliError {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		f.write_str(&self.message)
	}
}

impl std::error::Error for CliError {}

/// Client errors, on-chain ones included: `Pallet.Error: docs`.
impl From<ect_client::Error> for CliError {
	fn from(error: ect_client::Error) -> Self {
		Self::failure(error.to_string())
	}
}

/// A result of the CLI.
pub type Result<T, E = CliError> = std::result::Result<T, E>;
