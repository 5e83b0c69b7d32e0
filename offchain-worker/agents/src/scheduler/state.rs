//! What a scheduler remembers across restarts: whom it authorised for which
//! task, how many tasks each worker was given, and the order it keeps
//! published. Authorisations are saved
//! before they are served, so a restarted scheduler never hands the same
//! task to more workers than the replication rule asked for.

use std::collections::BTreeMap;

use ect_client::runtime::AccountId;
use polkadot_sdk::sp_core::H256;
use serde::{Deserialize, Serialize};

/// One authorisation given.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Given {
	/// The worker.
	pub worker: AccountId,
	/// The signature (`0x` SCALE `MultiSignature`).
	pub authorization: String,
	/// When it was given (unix seconds); a worker silent for too long no
	/// longer counts as pending.
	pub at: u64,
}

/// The scheduler's state file contents.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct SchedulerState {
	/// Authorisations of tasks still taking contributions.
	pub assignments: BTreeMap<H256, Vec<Given>>,
	/// Tasks each worker was given, ever: new tasks go to the least loaded.
	pub load: BTreeMap<AccountId, u64>,
	/// The workerpool order it keeps in the book, per its policy.
	#[serde(default)]
	pub offer: Option<OfferRecord>,
	/// How many orders it published, ever (each one's salt derives from it).
	#[serde(default)]
	pub offers_published: u64,
}

/// The order a scheduler published last.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferRecord {
	/// Its hash.
	pub hash: H256,
	/// Its terms: `0x` SCALE of the order with a zero salt and a zero
	/// expiry, to tell whether the policy changed.
	pub terms: String,
}

impl SchedulerState {
	/// The open authorisations of `worker`.
	pub fn of(&self, worker: &AccountId) -> Vec<(H256, String)> {
		self.assignments
			.iter()
			.flat_map(|(task, given)| given.iter().filter(|g| &g.worker == worker).map(|g| (*task, g.authorization.clone())))
			.collect()
	}
}
