//! What a scheduler remembers across restarts: whom it authorised for which
//! task, how many tasks each worker was given, and the order it keeps
//! published. Authorisations are saved
//! before they are served, so a restarted scheduler never hands the same
//! task to more workers than the replication rule asked for: a step gives
//! them into a [`Staged`] set, which it saves and serves once, after its
//! last task ([`Staged`] says why that is as safe as saving after each).

use std::collections::BTreeMap;

use ect_client::runtime::AccountId;
use polkadot_sdk::sp_core::H256;
use serde::{Deserialize, Serialize};

use crate::pool::{Assignment, Slot};

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
	/// The task's deal and index, for a task given before anyone
	/// initialized it: the worker's contribution initializes it
	/// ([`super::slots`]).
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub slot: Option<Slot>,
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

/// The authorisations one step gives, held back from the state until they
/// are all given: then they are saved with the state, once, and only once
/// the state file has them are they in the state the pool service serves
/// workers from (`SchedulerState::of`).
///
/// Why that is crash-safe: a worker learns of an authorisation only from
/// the served state, and an authorisation gets there only after a state
/// file holding it was written (atomically, and synced); so a scheduler
/// that stops at any point has on disk every authorisation a worker may
/// hold, and never hands a task to more workers than the rule asked for
/// when it restarts. What a stop loses is only staged authorisations,
/// which no worker saw; the next step gives them again from the chain and
/// the state. Meanwhile, within the step, the staged authorisations count
/// as given ([`Self::given`], [`Self::load`]), as they did when each was
/// saved at once: the state the step reads does not change under it, as
/// only the step's own task changes it.
#[derive(Clone, Debug, Default)]
pub struct Staged {
	/// Each worker's load, the staged authorisations counted.
	load: BTreeMap<AccountId, u64>,
	/// The staged authorisations, by task.
	given: BTreeMap<H256, Vec<Given>>,
}

impl Staged {
	/// Nothing staged yet over `state`.
	pub fn over(state: &SchedulerState) -> Self {
		Self { load: state.load.clone(), given: BTreeMap::new() }
	}

	/// Stages `given` for `task`.
	pub fn give(&mut self, task: H256, given: Given) {
		let count = self.load.entry(given.worker.clone()).or_default();
		*count = count.saturating_add(1);
		self.given.entry(task).or_default().push(given);
	}

	/// The authorisations staged for `task`.
	pub fn given(&self, task: &H256) -> &[Given] {
		self.given.get(task).map(Vec::as_slice).unwrap_or_default()
	}

	/// The tasks `worker` was given, ever, the staged ones counted.
	pub fn load(&self, worker: &AccountId) -> u64 {
		self.load.get(worker).copied().unwrap_or(0)
	}

	/// Whether nothing is staged.
	pub fn is_empty(&self) -> bool {
		self.given.is_empty()
	}

	/// The staged authorisations.
	pub fn iter(&self) -> impl Iterator<Item = (&H256, &Given)> {
		self.given.iter().flat_map(|(task, given)| given.iter().map(move |g| (task, g)))
	}

	/// Adds the staged authorisations to `state`.
	pub fn apply(&self, state: &mut SchedulerState) {
		for (task, given) in self.iter() {
			let count = state.load.entry(given.worker.clone()).or_default();
			*count = count.saturating_add(1);
			state.assignments.entry(*task).or_default().push(given.clone());
		}
	}
}

impl SchedulerState {
	/// The open authorisations of `worker`, as the pool service serves them.
	pub fn of(&self, worker: &AccountId) -> Vec<Assignment> {
		self.assignments
			.iter()
			.flat_map(|(task, given)| {
				given.iter().filter(|g| &g.worker == worker).map(|g| Assignment {
					task: *task,
					authorization: g.authorization.clone(),
					slot: g.slot,
				})
			})
			.collect()
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn given(worker: &AccountId, at: u64) -> Given {
		Given { worker: worker.clone(), authorization: format!("0x{at:02x}"), at, slot: None }
	}

	#[test]
	fn staged_authorisations_count_as_given_and_reach_the_state_only_when_applied() {
		let (alice, bob) = (AccountId::new([1; 32]), AccountId::new([2; 32]));
		let (a, b) = (H256::repeat_byte(1), H256::repeat_byte(2));
		let mut state = SchedulerState::default();
		state.load.insert(alice.clone(), 5);
		state.assignments.insert(a, vec![given(&alice, 1)]);

		let mut staged = Staged::over(&state);
		assert!(staged.is_empty());
		staged.give(a, given(&bob, 2));
		staged.give(b, given(&alice, 3));
		assert_eq!((staged.load(&alice), staged.load(&bob)), (6, 1));
		assert_eq!(staged.given(&a), [given(&bob, 2)]);
		assert!(staged.given(&H256::zero()).is_empty());
		assert!(state.of(&bob).is_empty(), "not served before it is applied");

		staged.apply(&mut state);
		assert_eq!(state.load, BTreeMap::from([(alice.clone(), 6), (bob.clone(), 1)]));
		assert_eq!(state.assignments[&a], vec![given(&alice, 1), given(&bob, 2)]);
		let served = |task, authorization: &str| Assignment { task, authorization: authorization.into(), slot: None };
		assert_eq!(state.of(&bob), vec![served(a, "0x02")]);
		assert_eq!(state.of(&alice), vec![served(a, "0x01"), served(b, "0x03")]);
	}
}
