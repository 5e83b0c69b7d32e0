//! PoCo's invariants, checked by `try_state` and after every test.

use crate::{
	Config, ContributionStatus, Contributions, OpenTasks, Pallet, Retiring, RetiringQueue, SpotCheck, TaskStatus, Tasks,
};
use ect_primitives::DealProvider;
use polkadot_sdk::{frame_support::ensure, sp_runtime::TryRuntimeError};

impl<T: Config> Pallet<T> {
	/// The invariants: open tasks are exactly the Active and Revealing ones;
	/// every contributor has a contribution; a revealing task's consensus
	/// group counts its winners, of whom at most all revealed; a finished
	/// task is never open again; a spot-checked task's consensus rests on
	/// two or more contributions; a task's deal exists unless it is the deal
	/// being removed; the retirement queue has an entry at each of its
	/// positions and none elsewhere.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		let queue = RetiringQueue::<T>::get();
		ensure!(queue.head <= queue.tail, "the retirement queue's head is past its tail");
		for (position, _) in Retiring::<T>::iter() {
			ensure!((queue.head..queue.tail).contains(&position), "a retiring deal is outside the queue");
		}
		ensure!(
			Retiring::<T>::iter().count() as u64 == queue.tail.saturating_sub(queue.head),
			"a position of the retirement queue is empty"
		);
		let removing = Self::removing_deal();
		for (id, task) in Tasks::<T>::iter() {
			let Some(deal) = T::Deals::deal(&task.deal) else {
				ensure!(removing == Some(task.deal), "a task's deal is missing");
				let (first, volume) = queue.removing.unwrap_or_default();
				let left = first.saturating_add(queue.pruned)..first.saturating_add(volume);
				ensure!(left.contains(&task.index), "a task of the deal being removed was left behind");
				ensure!(
					matches!(task.status, TaskStatus::Completed | TaskStatus::Failed),
					"a task of a deal being removed is unfinished"
				);
				continue;
			};
			let open = OpenTasks::<T>::contains_key(deal.workerpool.id, id);
			let live = matches!(task.status, TaskStatus::Active | TaskStatus::Revealing);
			ensure!(open == live, "the open-task index disagrees with a task's status");
			ensure!(task.revealed <= task.winners, "more reveals than winners");
			let mut winners = 0u32;
			for worker in &task.contributors {
				let c = Contributions::<T>::get(id, worker).ok_or("a contributor has no contribution")?;
				if Some(c.result_hash) == task.consensus && c.status != ContributionStatus::Rejected {
					winners = winners.saturating_add(1);
				}
			}
			if task.status == TaskStatus::Revealing {
				ensure!(winners == task.winners, "the consensus group's size is wrong");
				ensure!(task.consensus.is_some(), "a revealing task has no consensus");
				ensure!(
					task.check != SpotCheck::Checked || task.winners >= 2,
					"a spot-checked task's consensus rests on one contribution"
				);
			}
			if task.status == TaskStatus::Completed {
				ensure!(task.digest.is_some() && task.revealed > 0, "a completed task has no revealed digest");
			}
		}
		Ok(())
	}
}
