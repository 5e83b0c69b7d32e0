//! `reveal` and `reopen` (`protocol.md` §5).

use crate::{
	authorization::{result_hash, result_seal},
	Config, ContributionStatus, Contributions, Error, Event, Pallet, SpotCheck, TaskOf, TaskStatus, Tasks,
};
use ect_primitives::{DealProvider, TaskId};
use polkadot_sdk::{
	frame_support::ensure,
	sp_core::H256,
	sp_runtime::{DispatchError, DispatchResult},
};

impl<T: Config> Pallet<T> {
	/// `worker` reveals `digest`, which must match its consensus
	/// contribution; returns the task's updated record.
	pub(crate) fn do_reveal(worker: &T::AccountId, id: TaskId, digest: H256) -> Result<TaskOf<T>, DispatchError> {
		let mut task = Tasks::<T>::get(id).ok_or(Error::<T>::UnknownTask)?;
		ensure!(task.status == TaskStatus::Revealing, Error::<T>::TaskNotRevealing);
		ensure!(Self::now_ms() < task.reveal_deadline, Error::<T>::RevealDeadlinePassed);
		Self::ensure_revealable(&id, &task)?;
		let mut contribution = Contributions::<T>::get(id, worker).ok_or(Error::<T>::NotContributor)?;
		ensure!(contribution.status != ContributionStatus::Proved, Error::<T>::AlreadyRevealed);
		ensure!(
			contribution.status == ContributionStatus::Contributed &&
				Some(contribution.result_hash) == task.consensus,
			Error::<T>::NotInConsensus
		);
		ensure!(result_hash(&id, &digest) == contribution.result_hash, Error::<T>::BadDigest);
		ensure!(result_seal(worker, &id, &digest) == contribution.result_seal, Error::<T>::BadSeal);

		contribution.status = ContributionStatus::Proved;
		Contributions::<T>::insert(id, worker, contribution);
		task.revealed = task.revealed.saturating_add(1);
		task.digest.get_or_insert(digest);
		Tasks::<T>::insert(id, &task);
		Self::deposit_event(Event::Revealed { task: id, worker: worker.clone(), digest });
		Ok(task)
	}

	/// The scheduler rejects a consensus group that nobody revealed in time:
	/// its contributions stop counting and the task is Active again.
	pub(crate) fn do_reopen(scheduler: &T::AccountId, id: TaskId) -> DispatchResult {
		let mut task = Tasks::<T>::get(id).ok_or(Error::<T>::UnknownTask)?;
		let deal = T::Deals::deal(&task.deal).ok_or(Error::<T>::UnknownDeal)?;
		ensure!(Self::is_scheduler(deal.workerpool.id, &deal.workerpool.owner, scheduler), Error::<T>::NotScheduler);
		ensure!(task.status == TaskStatus::Revealing, Error::<T>::TaskNotRevealing);
		ensure!(Self::now_ms() >= task.reveal_deadline, Error::<T>::RevealDeadlineNotReached);
		ensure!(task.revealed == 0, Error::<T>::SomeoneRevealed);

		for worker in &task.contributors {
			Contributions::<T>::mutate(id, worker, |entry| {
				if let Some(c) = entry {
					if Some(c.result_hash) == task.consensus {
						c.status = ContributionStatus::Rejected;
					}
				}
			});
		}
		task.status = TaskStatus::Active;
		task.consensus = None;
		task.winners = 0;
		task.reveal_deadline = 0;
		// A draw was for the rejected consensus; a check stays.
		if matches!(task.check, SpotCheck::Drawn { .. }) {
			task.check = SpotCheck::None;
		}
		Tasks::<T>::insert(id, task);
		Self::deposit_event(Event::TaskReopened { task: id });
		Ok(())
	}
}
