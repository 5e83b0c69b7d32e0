//! Folded steps [beyond]: fewer extrinsics and fewer blocks per task.
//!
//! - `contribute_and_finalize`: a contribution that reaches consensus on
//!   its own (trust 1, or a worker whose weight alone meets the trust) is
//!   revealed and certified in the same call, as iExec's
//!   `contributeAndFinalize` does for trust 1.
//! - `reveal_and_finalize`: the reveal that completes the consensus group
//!   certifies the task at once; an earlier one is a plain reveal.
//!
//! In both the worker gives the results link and the callback bytes the
//! scheduler would have given to `finalize`; the callback bytes are checked
//! against the consensus digest exactly as there, and the payouts are the
//! same (§8). Together with the initialization folded into the first
//! contribution, a trust 1 task takes one block after its request and a
//! replicated one two.

use crate::{contribute::Contributed, CallbackOf, Config, ContributeArgsOf, Error, Pallet, ResultsOf, TaskStatus, Tasks};
use pallet_ect_marketplace::TaskId;
use polkadot_sdk::{frame_support::ensure, sp_core::H256, sp_runtime::DispatchError};

impl<T: Config> Pallet<T> {
	/// `worker` contributes, reveals `digest` and certifies the task; its
	/// contribution must reach consensus on its own.
	pub(crate) fn do_contribute_and_finalize(
		worker: &T::AccountId,
		args: ContributeArgsOf<T>,
		digest: H256,
		results: ResultsOf<T>,
		results_callback: CallbackOf<T>,
	) -> Result<Contributed, DispatchError> {
		let id = args.task;
		let contributed = Self::do_contribute(worker, args)?;
		let task = Tasks::<T>::get(id).ok_or(Error::<T>::UnknownTask)?;
		ensure!(task.status == TaskStatus::Revealing && task.winners == 1, Error::<T>::NotConsensusAlone);
		Self::do_reveal(worker, id, digest)?;
		Self::certify(id, results, results_callback)?;
		Ok(contributed)
	}

	/// `worker` reveals `digest`; if that completes the consensus group, the
	/// task is certified with `results` and `results_callback`. Returns the
	/// task's number of contributors if it was certified.
	pub(crate) fn do_reveal_and_finalize(
		worker: &T::AccountId,
		id: TaskId,
		digest: H256,
		results: ResultsOf<T>,
		results_callback: CallbackOf<T>,
	) -> Result<Option<u32>, DispatchError> {
		Self::do_reveal(worker, id, digest)?;
		let task = Tasks::<T>::get(id).ok_or(Error::<T>::UnknownTask)?;
		if task.revealed < task.winners {
			return Ok(None);
		}
		Self::certify(id, results, results_callback).map(Some)
	}
}
