//! The runtime API clients call with `state_call` (`ReputationApi_*`), and
//! the pallet functions behind it.

use crate::{AppRecords, Config, Pallet, PoolRecords, Record, Score, Scores, Weight};
use alloc::vec::Vec;
use codec::Codec;
use ect_poco_math::weight::worker_weight;
use ect_primitives::{AppId, WorkerpoolId};
use polkadot_sdk::sp_api;

sp_api::decl_runtime_apis! {
	/// Worker scores and weights, and the task records of workerpools and apps.
	///
	/// Version 2 adds [`ReputationApi::weights`].
	#[api_version(2)]
	pub trait ReputationApi<AccountId>
	where
		AccountId: Codec,
	{
		/// A worker's score (0 for a new worker).
		fn score(worker: AccountId) -> u32;
		/// A worker's consensus weight (2 for a new worker).
		fn weight(worker: AccountId) -> u32;
		/// The consensus weights of many workers in one call, in the order
		/// asked: the first 512 of `workers` (`MAX_WEIGHTS_PER_READ`).
		#[api_version(2)]
		fn weights(workers: Vec<AccountId>) -> Vec<u32>;
		/// A workerpool's completed and failed tasks.
		fn workerpool_record(pool: u32) -> Record;
		/// An app's completed and failed tasks.
		fn app_record(app: u32) -> Record;
	}
}

/// The most workers [`ReputationApi::weights`] answers in one call.
pub const MAX_WEIGHTS_PER_READ: u32 = 512;

impl<T: Config> Pallet<T> {
	/// See [`ReputationApi::weights`].
	pub fn api_weights(workers: Vec<T::AccountId>) -> Vec<Weight> {
		workers.iter().take(MAX_WEIGHTS_PER_READ as usize).map(Self::api_weight).collect()
	}

	/// See [`ReputationApi::score`].
	pub fn api_score(worker: &T::AccountId) -> Score {
		Scores::<T>::get(worker)
	}

	/// See [`ReputationApi::weight`].
	pub fn api_weight(worker: &T::AccountId) -> Weight {
		worker_weight(Scores::<T>::get(worker))
	}

	/// See [`ReputationApi::workerpool_record`].
	pub fn api_workerpool_record(pool: WorkerpoolId) -> Record {
		PoolRecords::<T>::get(pool)
	}

	/// See [`ReputationApi::app_record`].
	pub fn api_app_record(app: AppId) -> Record {
		AppRecords::<T>::get(app)
	}
}
