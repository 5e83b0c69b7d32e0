//! Folded steps [beyond]: fewer extrinsics and fewer blocks per task.
//!
//! - `contribute_and_finalize`: a contribution that reaches consensus on
//!   its own (trust 1, or a worker whose weight alone meets the trust) is
//!   revealed and certified in the same call, as iExec's
//!   `contributeAndFinalize` does for trust 1. One that names its task's
//!   deal and index (`initialize`) must initialize it
//!   (`TaskAlreadyInitialized` otherwise), so it declares a lone
//!   contribution's weight. In a pool that spot-checks
//!   (`crate::spot_check`), a lone consensus is revealed only from the next
//!   block, once its draw is known: the call fails with
//!   `SpotCheckDrawPending` there, and the worker contributes, then reveals.
//! - `reveal_and_finalize`: the reveal that completes the consensus group
//!   certifies the task at once; an earlier one is a plain reveal.
//!
//! In both the worker gives the results link and the callback bytes the
//! scheduler would have given to `finalize`; the callback bytes are checked
//! against the consensus digest exactly as there, and the payouts are the
//! same (§8). Together with the initialization folded into the first
//! contribution, a trust 1 task takes one block after its request and a
//! replicated one two.

use crate::{contribute::Contributed, finalize::Certified, settlement::Settlement, CallbackOf, Config, ContributeArgsOf, Error, Pallet, ResultsOf, TaskOf};
use ect_primitives::{DealProvider, TaskId};
use polkadot_sdk::{frame_support::ensure, sp_core::H256, sp_runtime::DispatchError};

impl<T: Config> Pallet<T> {
	/// `worker` contributes, reveals `digest` and certifies the task; its
	/// contribution must reach consensus on its own. Returns what the
	/// contribution and the certification did.
	pub(crate) fn do_contribute_and_finalize(
		worker: &T::AccountId,
		args: ContributeArgsOf<T>,
		digest: H256,
		results: ResultsOf<T>,
		results_callback: CallbackOf<T>,
		settlement: &mut Settlement<T>,
	) -> Result<(Contributed, Certified), DispatchError> {
		let id = args.task;
		let initializing = args.initialize.is_some();
		let (contributed, deal) = Self::contribute_in(worker, args)?;
		// A contribution that names its task's deal and index must be the
		// one that initializes it: its declared weight is then a lone
		// contribution's, not one after `MaxContributors - 1` others.
		ensure!(!initializing || contributed.initialized, Error::<T>::TaskAlreadyInitialized);
		ensure!(contributed.alone, Error::<T>::NotConsensusAlone);
		let task = Self::do_reveal(worker, id, digest)?;
		let certified = Self::certify(id, task, &deal, results, results_callback, settlement)?;
		Ok((contributed, certified))
	}

	/// `worker` reveals `digest`; if that completes the consensus group, the
	/// task is certified with `results` and `results_callback`. Returns what
	/// the certification did, if there was one.
	pub(crate) fn do_reveal_and_finalize(
		worker: &T::AccountId,
		id: TaskId,
		digest: H256,
		results: ResultsOf<T>,
		results_callback: CallbackOf<T>,
		settlement: &mut Settlement<T>,
	) -> Result<Option<Certified>, DispatchError> {
		let task = Self::do_reveal(worker, id, digest)?;
		if task.revealed < task.winners {
			return Ok(None);
		}
		Self::certify_revealed(id, task, results, results_callback, settlement).map(Some)
	}

	/// Certifies task `id` (its record `task`, just revealed) for the worker
	/// who revealed last.
	fn certify_revealed(
		id: TaskId,
		task: TaskOf<T>,
		results: ResultsOf<T>,
		results_callback: CallbackOf<T>,
		settlement: &mut Settlement<T>,
	) -> Result<Certified, DispatchError> {
		let deal = T::Deals::deal(&task.deal).ok_or(Error::<T>::UnknownDeal)?;
		Self::certify(id, task, &deal, results, results_callback, settlement)
	}
}
