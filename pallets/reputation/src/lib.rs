//! # Reputation pallet
//!
//! The reputation half of Proof-of-Contribution (`protocol.md` §6–§7):
//!
//! - every worker has a **score** ([`Scores`]), 0 for a new worker. Its
//!   consensus **weight** is `max(floor(s / 3), 3) - 1` (a new worker weighs
//!   2, a worker of score 100 weighs 32);
//! - a **winner** of a task (it revealed the consensus value) gains one point,
//!   but only when the task had more than one contributor; a **loser**
//!   (another hash, no reveal, or rejected) keeps `floor(s * 2 / 3)`;
//! - scores belong to the worker, not to a workerpool: they are keyed by the
//!   worker's account only, so a worker keeps its score when it changes pools;
//! - [beyond] workerpools and apps have a **task record** ([`PoolRecords`],
//!   [`AppRecords`]): how many of their tasks completed and failed. A pool's
//!   success ratio is the reputation automatic matching ranks pools by
//!   ([`PoolReputation`], wired by the runtime).
//!
//! The formulas are [`ect_poco_math`]'s, so that the runtime, the agents and
//! the tests compute the same numbers.
//!
//! ## For other pallets
//!
//! The pallet has **no calls**: its state changes only when the PoCo pallet
//! calls `ect-primitives`'s [`WorkerReputation`] trait ([`WorkerReputation::reward`],
//! [`WorkerReputation::punish`], [`WorkerReputation::record_task`],
//! [`WorkerReputation::record_completed`] for many completed tasks at once); reads are
//! [`WorkerReputation::score`] and [`WorkerReputation::weight`]. Having no
//! calls, it has no weights file and no benchmarks: the cost of its storage
//! accesses is part of the calling extrinsic's benchmark.
//!
//! A score entry is removed when the score drops to 0, so that storage only
//! holds workers with a reputation; [`Pallet::do_try_state`] (wired to
//! `try_state`) checks that no zero score is stored.
//!
//! ## For clients
//!
//! The [`runtime_api::ReputationApi`] runtime API gives a worker's score and
//! weight and the task records of workerpools and apps.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

pub use ect_poco_math::weight::{Score, Weight};

pub mod types;
pub use types::*;
pub mod runtime_api;

mod hooks;
mod invariants;
pub mod migrations;
pub use ect_primitives::{PoolReputation, WorkerReputation};

#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

use polkadot_sdk::{frame_support, frame_system};

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;
	use ect_primitives::{AppId, WorkerpoolId};

	/// The layout of the pallet's storage; [`migrations`] moves it forward.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// What the pallet needs from the runtime: only its events.
	#[pallet::config]
	pub trait Config: polkadot_sdk::frame_system::Config<RuntimeEvent: From<Event<Self>>> {}

	/// Each worker's score; absent means 0 (a zero score is never stored).
	/// Keyed by the worker only: a score follows the worker across pools.
	#[pallet::storage]
	pub type Scores<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, Score, ValueQuery>;

	/// Each workerpool's completed and failed tasks.
	#[pallet::storage]
	pub type PoolRecords<T: Config> = StorageMap<_, Twox64Concat, WorkerpoolId, Record, ValueQuery>;

	/// Each app's completed and failed tasks.
	#[pallet::storage]
	pub type AppRecords<T: Config> = StorageMap<_, Twox64Concat, AppId, Record, ValueQuery>;

	/// Events: a score changed, a task was recorded.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// `worker`'s score went from `from` to `to` (only emitted when they differ).
		ScoreChanged { worker: T::AccountId, from: Score, to: Score },
		/// A task of `workerpool` running `app` completed (`true`) or failed.
		TaskRecorded { workerpool: WorkerpoolId, app: AppId, completed: bool },
		/// `count` tasks of `workerpool` running `app` completed, recorded at
		/// once (a batch's certifications of one deal).
		TasksCompleted { workerpool: WorkerpoolId, app: AppId, count: u32 },
	}

	/// Genesis: optional initial scores, for tests and development chains.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Workers and their initial scores; a zero score is not stored, and a
		/// worker listed twice gets its last score.
		pub scores: Vec<(T::AccountId, Score)>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for (worker, score) in &self.scores {
				if *score == 0 {
					Scores::<T>::remove(worker);
				} else {
					Scores::<T>::insert(worker, score);
				}
			}
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	impl<T: Config> Pallet<T> {
		/// Sets `worker`'s score to `to`, removing the entry when it is 0, and
		/// emits [`Event::ScoreChanged`] when the score changed.
		pub(crate) fn set_score(worker: &T::AccountId, to: Score) {
			let from = Scores::<T>::get(worker);
			if from == to {
				return;
			}
			if to == 0 {
				Scores::<T>::remove(worker);
			} else {
				Scores::<T>::insert(worker, to);
			}
			Self::deposit_event(Event::ScoreChanged { worker: worker.clone(), from, to });
		}

		/// Counts one more completed or failed task for `workerpool` and `app`,
		/// and emits [`Event::TaskRecorded`].
		pub(crate) fn do_record_task(workerpool: WorkerpoolId, app: AppId, completed: bool) {
			PoolRecords::<T>::mutate(workerpool, |record| *record = record.with_task(completed));
			AppRecords::<T>::mutate(app, |record| *record = record.with_task(completed));
			Self::deposit_event(Event::TaskRecorded { workerpool, app, completed });
		}

		/// Counts `count` more completed tasks for `workerpool` and `app`,
		/// and emits [`Event::TasksCompleted`]; nothing if `count` is 0.
		pub(crate) fn do_record_completed(workerpool: WorkerpoolId, app: AppId, count: u32) {
			if count == 0 {
				return;
			}
			PoolRecords::<T>::mutate(workerpool, |record| *record = record.with_completed(count));
			AppRecords::<T>::mutate(app, |record| *record = record.with_completed(count));
			Self::deposit_event(Event::TasksCompleted { workerpool, app, count });
		}
	}
}
