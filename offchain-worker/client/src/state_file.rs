//! Small crash-safe state files: JSON written to a temporary file, synced and
//! renamed over the old one, so a crash leaves either the old or the new
//! state, never half of one.

use std::{
	io::Write,
	path::{Path, PathBuf},
};

use serde::{de::DeserializeOwned, Serialize};

/// Why a state file cannot be loaded or saved.
#[derive(Debug, thiserror::Error)]
pub enum StateFileError {
	/// The file exists but cannot be read.
	#[error("cannot read {}: {error}", .path.display())]
	Read {
		/// The state file.
		path: PathBuf,
		/// The file system's error.
		error: std::io::Error,
	},
	/// The file is not the JSON of a state.
	#[error("corrupt state file {}: {error}", .path.display())]
	Corrupt {
		/// The state file.
		path: PathBuf,
		/// The JSON decoder's error.
		error: serde_json::Error,
	},
	/// The state does not encode as JSON.
	#[error(transparent)]
	Encode(#[from] serde_json::Error),
	/// Creating its directory, or writing, syncing or renaming the file failed.
	#[error(transparent)]
	Write(#[from] std::io::Error),
}

/// A JSON state file.
#[derive(Clone, Debug)]
pub struct StateFile {
	path: PathBuf,
}

impl StateFile {
	/// The state file at `path` (its directory is created on first save).
	pub fn new(path: impl Into<PathBuf>) -> Self {
		Self { path: path.into() }
	}

	/// Where it is.
	pub fn path(&self) -> &Path {
		&self.path
	}

	/// The saved state, or the default if there is none yet.
	pub fn load<T: DeserializeOwned + Default>(&self) -> Result<T, StateFileError> {
		match std::fs::read(&self.path) {
			Ok(bytes) => serde_json::from_slice(&bytes)
				.map_err(|error| StateFileError::Corrupt { path: self.path.clone(), error }),
			Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(T::default()),
			Err(error) => Err(StateFileError::Read { path: self.path.clone(), error }),
		}
	}

	/// Saves `state` atomically and durably.
	pub fn save<T: Serialize>(&self, state: &T) -> Result<(), StateFileError> {
		if let Some(dir) = self.path.parent() {
			std::fs::create_dir_all(dir)?;
		}
		let partial = self.path.with_extension("partial");
		let mut file = std::fs::File::create(&partial)?;
		file.write_all(&serde_json::to_vec_pretty(state)?)?;
		file.sync_all()?;
		std::fs::rename(&partial, &self.path)?;
		Ok(())
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use std::collections::BTreeMap;

	#[test]
	fn state_round_trips_and_starts_empty() {
		let dir = tempfile::tempdir().unwrap();
		let file = StateFile::new(dir.path().join("sub/state.json"));
		let empty: BTreeMap<String, u32> = file.load().unwrap();
		assert!(empty.is_empty());
		file.save(&BTreeMap::from([("a".to_string(), 1u32)])).unwrap();
		let loaded: BTreeMap<String, u32> = file.load().unwrap();
		assert_eq!(loaded.get("a"), Some(&1));
		assert!(!file.path().with_extension("partial").exists());
	}

	#[test]
	fn a_corrupt_file_is_an_error_not_an_empty_state() {
		let dir = tempfile::tempdir().unwrap();
		let file = StateFile::new(dir.path().join("state.json"));
		std::fs::write(file.path(), b"{not json").unwrap();
		assert!(file.load::<BTreeMap<String, u32>>().is_err());
	}
}
