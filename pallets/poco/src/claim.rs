//! `claim`: a task nobody finalized before its final deadline fails; the
//! requester gets the full task price back, the scheduler's stake goes to
//! the kitty, workers get their stakes back (`protocol.md` §8).

use crate::{Config, Contributions, Error, Event, Pallet, ResultCallback, TaskStatus, Tasks};
use ect_primitives::{Escrow, LockReason, Pot};
use ect_primitives::{task_id, DealId, DealProvider};
use ect_primitives::WorkerReputation;
use polkadot_sdk::{frame_support::ensure, sp_runtime::DispatchError};

/// What a claim did that its weight depends on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Claimed {
	/// Whether the failure went to the deal's callback target
	/// ([`ResultCallback::on_failure`] was called).
	pub called_back: bool,
	/// Whether the task was its deal's last, which queued the deal for
	/// removal ([`Pallet::retire`]).
	pub retired: bool,
}

impl<T: Config> Pallet<T> {
	/// Fails task `index` of `deal` (initialized or not) past its final
	/// deadline.
	pub(crate) fn do_claim(deal_id: DealId, index: u32) -> Result<Claimed, DispatchError> {
		let deal = T::Deals::deal(&deal_id).ok_or(Error::<T>::UnknownDeal)?;
		let id = task_id(&deal_id, index);
		let mut task = match Tasks::<T>::get(id) {
			Some(task) => {
				ensure!(
					matches!(task.status, TaskStatus::Active | TaskStatus::Revealing),
					Error::<T>::TaskFinished
				);
				task
			},
			None => Self::new_task(deal_id, &deal, index)?,
		};
		ensure!(Self::now_ms() >= task.final_deadline, Error::<T>::FinalDeadlineNotReached);

		let refund = deal.task_price().ok_or(Error::<T>::PayoutOverflow)?;
		T::Escrow::unlock(LockReason::Payment, &deal.requester, refund)?;
		T::Escrow::seize(LockReason::SchedulerStake, &deal.workerpool.owner, deal.scheduler_stake, Pot::Kitty)?;
		for worker in &task.contributors {
			if Contributions::<T>::contains_key(id, worker) {
				T::Escrow::unlock(LockReason::WorkerStake, worker, deal.worker_stake)?;
			}
		}
		T::WorkerReputation::record_task(deal.workerpool.id, deal.app.id, false);

		if let Some(target) = deal.callback {
			T::ResultCallback::on_failure(&deal_id, &id, target);
		}

		task.status = TaskStatus::Failed;
		Tasks::<T>::insert(id, task);
		let retired = Self::task_finished(&id, &deal_id, &deal);
		Self::deposit_event(Event::TaskClaimed { task: id, refund });
		Ok(Claimed { called_back: deal.callback.is_some(), retired })
	}
}
