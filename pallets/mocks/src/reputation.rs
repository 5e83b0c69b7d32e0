//! Reputation mocks: a [`PoolReputation`] whose values the test sets, and a
//! [`WorkerReputation`] over a few entries of the test's storage that moves
//! scores by the protocol's formulas (`ect-poco-math`) and counts the task
//! outcomes it is told.

use codec::{Decode, Encode};
use ect_poco_math::{
	reputation::{loser_score, winner_score},
	weight::{worker_weight, Score, Weight},
};
use ect_primitives::{AppId, PoolReputation, WorkerReputation, WorkerpoolId};
use polkadot_sdk::{frame_support::storage::unhashed, sp_runtime::Permill};
use std::{cell::RefCell, collections::BTreeMap};

std::thread_local! {
	/// Per-pool reputations the test set, in parts per million.
	static REPUTATION: RefCell<BTreeMap<WorkerpoolId, u32>> = RefCell::default();
}

/// Pool reputations set with [`set_reputation`]; a pool not set has none.
pub struct MockPoolReputation;

impl PoolReputation for MockPoolReputation {
	fn reputation(pool: WorkerpoolId) -> Permill {
		Permill::from_parts(REPUTATION.with(|r| r.borrow().get(&pool).copied().unwrap_or(0)))
	}
}

/// Sets `pool`'s reputation to `ppm` parts per million.
pub fn set_reputation(pool: WorkerpoolId, ppm: u32) {
	REPUTATION.with(|r| r.borrow_mut().insert(pool, ppm));
}

/// How many of a pool's tasks PoCo reported completed and failed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Encode, Decode)]
pub struct TaskCounts {
	/// Reported completed.
	pub completed: u32,
	/// Reported failed.
	pub failed: u32,
}

/// Worker scores in the test's storage, moved by the protocol's formulas.
pub struct MockWorkerReputation;

fn score_key<AccountId: Encode>(worker: &AccountId) -> Vec<u8> {
	(b"ect-mocks/reputation/score", worker).encode()
}

fn counts_key(pool: WorkerpoolId) -> Vec<u8> {
	(b"ect-mocks/reputation/pool", pool).encode()
}

impl MockWorkerReputation {
	/// Sets `worker`'s score.
	pub fn set_score<AccountId: Encode>(worker: &AccountId, score: Score) {
		unhashed::put(&score_key(worker), &score);
	}

	/// The task outcomes reported for `pool`.
	pub fn pool_counts(pool: WorkerpoolId) -> TaskCounts {
		unhashed::get(&counts_key(pool)).unwrap_or_default()
	}
}

impl<AccountId: Encode> WorkerReputation<AccountId> for MockWorkerReputation {
	fn score(worker: &AccountId) -> Score {
		unhashed::get(&score_key(worker)).unwrap_or_default()
	}

	fn weight(worker: &AccountId) -> Weight {
		worker_weight(<Self as WorkerReputation<AccountId>>::score(worker))
	}

	fn reward(worker: &AccountId, contributors: u32) {
		let score = <Self as WorkerReputation<AccountId>>::score(worker);
		Self::set_score(worker, winner_score(score, contributors));
	}

	fn punish(worker: &AccountId) {
		Self::set_score(worker, loser_score(<Self as WorkerReputation<AccountId>>::score(worker)));
	}

	fn record_task(pool: WorkerpoolId, _app: AppId, completed: bool) {
		let mut counts = Self::pool_counts(pool);
		if completed {
			counts.completed = counts.completed.saturating_add(1);
		} else {
			counts.failed = counts.failed.saturating_add(1);
		}
		unhashed::put(&counts_key(pool), &counts);
	}
}
