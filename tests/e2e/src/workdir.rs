//! A test's working directory: node base paths and logs.

use std::{
	cell::Cell,
	path::{Path, PathBuf},
};

/// A temporary directory that is deleted only after a test that passed; after
/// a failure (an error or a panic) it is kept, and its path printed, for
/// diagnosis. Declare it before the nodes that use it, so that they are
/// killed (dropped) before it is.
pub struct WorkDir {
	dir: Option<tempfile::TempDir>,
	path: PathBuf,
	passed: Cell<bool>,
}

impl WorkDir {
	/// A new directory named after the test.
	pub fn new(test: &str) -> Self {
		let dir = tempfile::Builder::new()
			.prefix(&format!("ect-e2e-{test}-"))
			.tempdir()
			.expect("cannot create a temporary directory");
		let path = dir.path().to_path_buf();
		Self { dir: Some(dir), path, passed: Cell::new(false) }
	}

	/// The directory's path.
	pub fn path(&self) -> &Path {
		&self.path
	}

	/// Records the test's result (the directory is deleted only if it is
	/// `Ok`) and returns it.
	pub fn conclude<T>(&self, result: anyhow::Result<T>) -> anyhow::Result<T> {
		self.passed.set(result.is_ok());
		result
	}
}

impl Drop for WorkDir {
	fn drop(&mut self) {
		if !self.passed.get() || std::thread::panicking() {
			if let Some(dir) = self.dir.take() {
				let kept = dir.keep();
				eprintln!("test failed: node logs and databases kept in {}", kept.display());
			}
		}
	}
}
