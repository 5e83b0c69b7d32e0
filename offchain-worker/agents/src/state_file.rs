//! Small crash-safe state files: JSON written to a temporary file, synced and
//! renamed over the old one, so a crash leaves either the old or the new
//! state, never half of one.

use std::{
	io::Write,
	path::{Path, PathBuf},
};

use serde::{de::DeserializeOwned, Serialize};

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
	pub fn load<T: DeserializeOwned + Default>(&self) -> anyhow::Result<T> {
		match std::fs::read(&self.path) {
			Ok(bytes) => serde_json::from_slice(&bytes)
				.map_err(|e| anyhow::anyhow!("corrupt state file {}: {e}", self.path.display())),
			Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(T::default()),
			Err(e) => Err(anyhow::anyhow!("cannot read {}: {e}", self.path.display())),
		}
	}

	/// Saves `state` atomically and durably.
	pub fn save<T: Serialize>(&self, state: &T) -> anyhow::Result<()> {
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
