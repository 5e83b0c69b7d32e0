//! Reputation as the other pallets use it (`protocol.md` §6–§7): worker
//! scores for PoCo, workerpool reputation for automatic matching.

use crate::{AppId, WorkerpoolId};
use ect_poco_math::weight::{worker_weight, Score, Weight};
use polkadot_sdk::sp_runtime::Permill;

/// Worker scores and task records, as the PoCo pallet uses them.
pub trait WorkerReputation<AccountId> {
	/// The worker's score (0 for a new worker).
	fn score(worker: &AccountId) -> Score;
	/// The worker's weight, `worker_weight(score)`.
	fn weight(worker: &AccountId) -> Weight;
	/// A winner of a task that had `contributors` contributions: `winner_score`.
	fn reward(worker: &AccountId, contributors: u32);
	/// A loser: `loser_score`.
	fn punish(worker: &AccountId);
	/// A task of `pool` running `app` completed (`true`) or failed.
	fn record_task(pool: WorkerpoolId, app: AppId, completed: bool);
	/// `count` tasks of `pool` running `app` completed: `record_task`
	/// `count` times, which an implementation may do at once.
	fn record_completed(pool: WorkerpoolId, app: AppId, count: u32) {
		for _ in 0..count {
			Self::record_task(pool, app, true);
		}
	}
}

/// No reputation: every worker is new (score 0, weight 2) and nothing is
/// recorded.
impl<AccountId> WorkerReputation<AccountId> for () {
	fn score(_worker: &AccountId) -> Score {
		0
	}

	fn weight(_worker: &AccountId) -> Weight {
		worker_weight(0)
	}

	fn reward(_worker: &AccountId, _contributors: u32) {}

	fn punish(_worker: &AccountId) {}

	fn record_task(_pool: WorkerpoolId, _app: AppId, _completed: bool) {}
}

/// A workerpool's reputation, which automatic matching ranks pools by.
pub trait PoolReputation {
	/// The pool's reputation, from none to perfect.
	fn reputation(pool: WorkerpoolId) -> Permill;
}

/// No reputation source: every pool ranks the same, so price decides.
impl PoolReputation for () {
	fn reputation(_pool: WorkerpoolId) -> Permill {
		Permill::zero()
	}
}
