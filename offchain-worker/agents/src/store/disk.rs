//! The store's files: bundles by content hash, and which worker uploaded
//! which bundle for which task. Every file is written to a temporary name
//! and renamed, so a crash leaves no partial bundle.

use std::path::{Path, PathBuf};

use ect_client::runtime::AccountId;
use polkadot_sdk::sp_core::{crypto::Ss58Codec, H256};

use super::{parse_hash, StoreError, Upload};

/// A store directory: `bundles/<hash>` and `tasks/<task>/<worker>` (the
/// latter holding the uploaded bundle's hash).
#[derive(Clone, Debug)]
pub struct Disk {
	dir: PathBuf,
}

fn internal(error: std::io::Error) -> StoreError {
	StoreError::Internal(error.to_string())
}

fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
	if let Some(parent) = path.parent() {
		std::fs::create_dir_all(parent).map_err(internal)?;
	}
	let partial = path.with_extension("partial");
	std::fs::write(&partial, bytes).map_err(internal)?;
	std::fs::rename(&partial, path).map_err(internal)
}

impl Disk {
	/// The store in `dir`.
	pub fn new(dir: impl Into<PathBuf>) -> Self {
		Self { dir: dir.into() }
	}

	fn bundle_path(&self, hash: &H256) -> PathBuf {
		self.dir.join("bundles").join(hex::encode(hash))
	}

	fn task_dir(&self, task: &H256) -> PathBuf {
		self.dir.join("tasks").join(hex::encode(task))
	}

	/// Stores `bundle` (whose hash is `hash`) as `worker`'s upload for
	/// `task`. The same bundle again is accepted and changes nothing;
	/// another is [`StoreError::AlreadyUploaded`].
	pub fn put(&self, task: &H256, worker: &AccountId, hash: &H256, bundle: &[u8]) -> Result<(), StoreError> {
		if let Some(existing) = self.upload_of(task, worker) {
			return if existing == *hash { Ok(()) } else { Err(StoreError::AlreadyUploaded) };
		}
		self.put_bundle(hash, bundle)?;
		let entry = self.task_dir(task).join(hex::encode(worker));
		write_atomically(&entry, format!("{hash:?}").as_bytes())
	}

	/// Stores `bundle` under its hash `hash` (no task).
	pub fn put_bundle(&self, hash: &H256, bundle: &[u8]) -> Result<(), StoreError> {
		let path = self.bundle_path(hash);
		if path.exists() {
			return Ok(());
		}
		write_atomically(&path, bundle)
	}

	/// The hash of the bundle `worker` uploaded for `task`, if any.
	pub fn upload_of(&self, task: &H256, worker: &AccountId) -> Option<H256> {
		parse_hash(&std::fs::read_to_string(self.task_dir(task).join(hex::encode(worker))).ok()?)
	}

	/// The uploads of `task`, in no particular order.
	pub fn uploads(&self, task: &H256) -> Vec<Upload> {
		let Ok(entries) = std::fs::read_dir(self.task_dir(task)) else { return Vec::new() };
		entries
			.filter_map(|entry| entry.ok())
			.filter_map(|entry| {
				let name = entry.file_name().into_string().ok()?;
				let bytes: [u8; 32] = hex::decode(&name).ok()?.try_into().ok()?;
				let hash = std::fs::read_to_string(entry.path()).ok()?;
				parse_hash(&hash)?;
				Some(Upload { worker: AccountId::from(bytes).to_ss58check(), bundle: hash })
			})
			.collect()
	}

	/// The bundle whose hash is `hash`.
	pub fn bundle(&self, hash: &H256) -> Option<Vec<u8>> {
		std::fs::read(self.bundle_path(hash)).ok()
	}

	/// Forgets which worker uploaded what for `task` (once it is
	/// finalized). The bundles stay: content-addressed, one may be another
	/// task's certified result.
	pub fn forget_task(&self, task: &H256) {
		let _ = std::fs::remove_dir_all(self.task_dir(task));
	}
}
