//! What a run produced, and the digest workers vote on.
//!
//! The output is the app's standard output and the files it wrote under
//! `/out`, sorted by path. Its canonical form, the *bundle*, is the SCALE
//! encoding of `(stdout, [(path, bytes)])`; the digest is the blake2-256 of
//! the bundle, or of the callback bytes (the file `/out/callback`) when the
//! deal has a callback, as the protocol's `finalize` checks.

use codec::{Decode, Encode};

use crate::{blake2_256, error::RunError};

/// The file under `/out` that holds the callback bytes.
pub const CALLBACK_FILE: &str = "callback";

/// A run's deterministic output.
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode)]
pub struct Output {
	/// Everything the app wrote to standard output.
	pub stdout: Vec<u8>,
	/// The files it wrote under `/out`, by relative path, sorted.
	pub files: Vec<(String, Vec<u8>)>,
}

impl Output {
	/// The canonical bytes of the output.
	pub fn bundle(&self) -> Vec<u8> {
		self.encode()
	}

	/// The output back from its bundle.
	pub fn from_bundle(bytes: &[u8]) -> Result<Self, codec::Error> {
		Self::decode(&mut &bytes[..])
	}

	/// Total bytes written.
	pub fn size(&self) -> u64 {
		let files: usize = self.files.iter().map(|(path, bytes)| path.len().saturating_add(bytes.len())).sum();
		(self.stdout.len().saturating_add(files)) as u64
	}

	/// The bytes of `/out/callback`, if the app wrote it.
	pub fn callback(&self) -> Option<&[u8]> {
		self.files.iter().find(|(path, _)| path == CALLBACK_FILE).map(|(_, bytes)| &bytes[..])
	}

	/// The digest of this output for a deal with or without a callback.
	pub fn digest(&self, has_callback: bool) -> Result<[u8; 32], RunError> {
		if has_callback {
			self.callback().map(digest_of).ok_or(RunError::NoCallback)
		} else {
			Ok(digest_of(&self.bundle()))
		}
	}
}

/// The digest of some bytes: blake2-256.
pub fn digest_of(bytes: &[u8]) -> [u8; 32] {
	blake2_256(bytes)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn the_digest_covers_stdout_and_files_or_only_the_callback() {
		let output = Output { stdout: b"42\n".to_vec(), files: vec![("callback".into(), b"cb".to_vec())] };
		assert_eq!(output.digest(true).unwrap(), blake2_256(b"cb"));
		assert_eq!(output.digest(false).unwrap(), blake2_256(&output.bundle()));
		let other = Output { stdout: b"43\n".to_vec(), ..output.clone() };
		assert_ne!(other.digest(false).unwrap(), output.digest(false).unwrap());
		assert_eq!(Output::from_bundle(&output.bundle()).unwrap(), output);
	}

	#[test]
	fn a_callback_deal_needs_the_callback_file() {
		let output = Output { stdout: b"x".to_vec(), files: vec![] };
		assert!(matches!(output.digest(true), Err(RunError::NoCallback)));
	}
}
