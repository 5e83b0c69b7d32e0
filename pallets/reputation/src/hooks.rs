//! What the reputation pallet offers the protocol pallets: the PoCo pallet's
//! [`WorkerReputation`] and the marketplace's
//! [`PoolReputation`](pallet_ect_marketplace::PoolReputation).

use crate::{AppRecords, Config, Pallet, PoolRecords, Scores};
use ect_poco_math::{
	reputation::{loser_score, winner_score},
	weight::{worker_weight, Score, Weight},
};
use pallet_ect_marketplace::PoolReputation;
use pallet_ect_registry::{AppId, WorkerpoolId};
use polkadot_sdk::sp_runtime::Permill;

/// Worker scores and task records, as the PoCo pallet uses them
/// (`protocol.md` §6–§7).
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
}

/// No reputation, for mocks: every worker is new (score 0, weight 2) and
/// nothing is recorded.
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

impl<T: Config> WorkerReputation<T::AccountId> for Pallet<T> {
	fn score(worker: &T::AccountId) -> Score {
		Scores::<T>::get(worker)
	}

	fn weight(worker: &T::AccountId) -> Weight {
		worker_weight(Scores::<T>::get(worker))
	}

	fn reward(worker: &T::AccountId, contributors: u32) {
		Self::set_score(worker, winner_score(Scores::<T>::get(worker), contributors));
	}

	fn punish(worker: &T::AccountId) {
		Self::set_score(worker, loser_score(Scores::<T>::get(worker)));
	}

	fn record_task(pool: WorkerpoolId, app: AppId, completed: bool) {
		Self::do_record_task(pool, app, completed);
	}
}

/// A workerpool's reputation is the success ratio of its tasks.
impl<T: Config> PoolReputation for Pallet<T> {
	fn reputation(pool: WorkerpoolId) -> Permill {
		PoolRecords::<T>::get(pool).success_ratio()
	}
}

impl<T: Config> Pallet<T> {
	/// An app's reputation: the success ratio of its tasks (for the app store
	/// ranking).
	pub fn app_reputation(app: AppId) -> Permill {
		AppRecords::<T>::get(app).success_ratio()
	}
}
