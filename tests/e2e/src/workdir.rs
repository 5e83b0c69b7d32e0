//! A test's working directory: node base paths and logs.

use std::path::{Path, PathBuf};

/// A temporary directory that survives a failing test for diagnosis.
pub struct WorkDir {
	dir: Option<tempfile::TempDir>,
	path: PathBuf,
}

impl WorkDir {
	/// A new directory named after the test.
	pub fn new(test: &str) -> Self {
		let dir = tempfile::Builder::new()
			.prefix(&format!("ect-e2e-{test}-"))
			.tempdir()
			.expect("cannot create a temporary directory");
		let path = dir.path().to_path_buf();
		Self { dir: Some(dir), path }
	}

	/// The directory's path.
	pub fn path(&self) -> &Path {
		&self.path
	}
}

impl Drop for WorkDir {
	fn drop(&mut self) {
		if std::thread::panicking() {
			if let Some(dir) = self.dir.take() {
				let kept = dir.keep();
				eprintln!("test failed: node logs and databases kept in {}", kept.display());
			}
		}
	}
}
