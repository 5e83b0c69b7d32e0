//! What a worker remembers across restarts: for each task it took, how far it
//! got and the digest it computed. The digest is saved before `contribute` is
//! sent, so a worker killed at any point reveals after a restart, and only
//! ever a digest it computed itself.

use std::collections::BTreeMap;

use polkadot_sdk::sp_core::H256;
use serde::{Deserialize, Serialize};

use crate::pool::Slot;

/// How far a task got.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Stage {
	/// Computed; `contribute` not yet confirmed.
	Computed,
	/// Contributed; waiting for consensus.
	Contributed,
	/// Revealed (and, by the last winner, certified); the bundle goes to
	/// the store if it is not there yet.
	Revealed,
	/// Nothing to contribute (a typed failure) or the contribution was refused.
	Failed,
	/// The task is finished on chain.
	Done,
}

/// One task a worker took.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskRecord {
	/// How far it got.
	pub stage: Stage,
	/// The scheduler's authorisation (`0x` SCALE `MultiSignature`).
	pub authorization: String,
	/// The digest this worker computed (and contributed).
	pub digest: Option<H256>,
	/// Fuel and run time of the computation.
	pub usage: Option<(u64, u64)>,
	/// The dataset checksum the worker verified, for deals with a dataset.
	pub dataset_checksum: Option<H256>,
	/// The typed failure, for `Failed`.
	pub failure: Option<String>,
	/// Whether the upload of the result bundle is over (stored or refused).
	pub uploaded: bool,
	/// Where the store keeps the bundle, once stored: the reveal that
	/// certifies the task links to it.
	#[serde(default)]
	pub stored_at: Option<String>,
	/// The task's deal and index, when the worker's contribution is to
	/// initialize the task.
	#[serde(default)]
	pub slot: Option<Slot>,
	/// Whether the chain refused to certify the task on this worker's
	/// contribution alone (`contribute_and_finalize`): it contributes, then
	/// reveals.
	#[serde(default)]
	pub unfolded: bool,
}

impl TaskRecord {
	/// A task just taken under `authorization`.
	pub fn taken(authorization: String, slot: Option<Slot>) -> Self {
		Self {
			stage: Stage::Computed,
			authorization,
			digest: None,
			usage: None,
			dataset_checksum: None,
			failure: None,
			uploaded: false,
			stored_at: None,
			slot,
			unfolded: false,
		}
	}
}

/// The worker's state file contents.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct WorkerState {
	/// Tasks by id.
	pub tasks: BTreeMap<H256, TaskRecord>,
	/// How many times each outcome happened (`contributed`, `revealed`,
	/// `checksum_mismatch`, `out_of_fuel`, ...): the worker's metrics.
	pub outcomes: BTreeMap<String, u64>,
}

/// Finished tasks are forgotten beyond this many.
const KEEP_FINISHED: usize = 1_000;

impl WorkerState {
	/// Counts an outcome.
	pub fn count(&mut self, outcome: &str) {
		let entry = self.outcomes.entry(outcome.to_string()).or_default();
		*entry = entry.saturating_add(1);
	}

	/// Tasks still in progress.
	pub fn in_progress(&self) -> Vec<(H256, TaskRecord)> {
		self.tasks
			.iter()
			.filter(|(_, r)| matches!(r.stage, Stage::Computed | Stage::Contributed | Stage::Revealed))
			.map(|(t, r)| (*t, r.clone()))
			.collect()
	}

	/// Drops the oldest-keyed finished tasks beyond [`KEEP_FINISHED`].
	pub fn prune(&mut self) {
		let finished: Vec<H256> = self
			.tasks
			.iter()
			.filter(|(_, r)| matches!(r.stage, Stage::Failed | Stage::Done))
			.map(|(t, _)| *t)
			.collect();
		for task in finished.iter().take(finished.len().saturating_sub(KEEP_FINISHED)) {
			self.tasks.remove(task);
		}
	}
}
