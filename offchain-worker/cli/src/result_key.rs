//! Result keys: the x25519 secret a requester decrypts its sealed results
//! with. `ect key result-key` writes one to a file; `ect task result
//! --result-key FILE` reads it. The file holds one line, `0x` and the 64 hex
//! digits of the secret, and is created readable by its owner only (0600);
//! an existing file is never overwritten.

use std::path::Path;

use ect_runner::sealed::SecretKey;

use crate::{
	args::{read_file, write_new_file},
	error::{CliError, Result},
	output::hex_bytes,
};

/// Writes `secret` to a new file `path`, readable by its owner only.
pub fn write(path: &Path, secret: &SecretKey) -> Result<()> {
	write_new_file(path, format!("{}\n", hex_bytes(&secret.to_bytes())).as_bytes(), 0o600, "a result key")
}

/// Reads the secret key in the file `path`.
pub fn read(path: &Path) -> Result<SecretKey> {
	let bytes = read_file(path)?;
	let malformed =
		|| CliError::failure(format!("{} is not a result key: expected 0x and 64 hex digits (from `ect key result-key`)", path.display()));
	let text = std::str::from_utf8(&bytes).map_err(|_| malformed())?.trim();
	let digits = text.strip_prefix("0x").ok_or_else(malformed)?;
	let secret: [u8; 32] = hex::decode(digits).ok().and_then(|b| b.try_into().ok()).ok_or_else(malformed)?;
	Ok(SecretKey::from_bytes(secret))
}

#[cfg(test)]
mod tests {
	use std::os::unix::fs::PermissionsExt;

	use super::*;

	#[test]
	fn a_written_key_reads_back_and_only_its_owner_may_read_it() {
		let dir = tempfile::tempdir().expect("temporary directory");
		let path = dir.path().join("result.key");
		let secret = SecretKey::generate(&mut rand::rngs::OsRng);
		write(&path, &secret).expect("written");
		assert_eq!(std::fs::metadata(&path).expect("metadata").permissions().mode() & 0o777, 0o600);
		assert_eq!(read(&path).expect("read").public(), secret.public());
		// Never overwritten.
		let error = write(&path, &SecretKey::generate(&mut rand::rngs::OsRng)).err().expect("refused");
		assert!(error.to_string().contains("exists"), "{error}");
		assert_eq!(read(&path).expect("read").public(), secret.public());
	}

	#[test]
	fn malformed_and_missing_key_files_are_errors() {
		let dir = tempfile::tempdir().expect("temporary directory");
		let path = dir.path().join("bad.key");
		for text in ["", "0x1234", &"ab".repeat(32), &format!("0x{}", "zz".repeat(32))] {
			std::fs::write(&path, text).expect("written");
			let error = read(&path).err().expect("refused");
			assert!(error.to_string().contains("not a result key"), "{text}: {error}");
		}
		assert!(read(&dir.path().join("missing.key")).is_err());
	}
}
