//! What the reputation pallet offers the protocol pallets, through
//! `ect-primitives`'s traits: PoCo's [`WorkerReputation`] and the
//! marketplace's [`PoolReputation`].

use crate::{AppRecords, Config, Pallet, PoolRecords, Scores};
use ect_poco_math::{
	reputation::{loser_score, winner_score},
	weight::{worker_weight, Score, Weight},
};
use ect_primitives::{AppId, PoolReputation, WorkerReputation, WorkerpoolId};
use polkadot_sdk::sp_runtime::Permill;

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

	fn record_completed(pool: WorkerpoolId, app: AppId, count: u32) {
		Self::do_record_completed(pool, app, count);
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
