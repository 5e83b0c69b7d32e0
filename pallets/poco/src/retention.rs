//! Retention [beyond]: a deal whose tasks are all finished leaves the state
//! with its tasks and their contributions, [`TaskRetention`] blocks after its
//! last task finished, so the state holds the deals in flight and the recent
//! past, not every task the chain ever certified.
//!
//! A task record cannot go on its own while its deal lives: `claim` refunds
//! a task that has no record, as one never initialized. So the unit of
//! removal is the deal. When its last task finishes (completed or claimed),
//! [`Pallet::task_finished`] queues it; `on_initialize` removes the queued
//! deals whose retention has passed, oldest first, within
//! [`Config::MaxPruneWeight`] per block: the deal's record first, so that
//! every call about the deal fails with `UnknownDeal` from then on, then its
//! tasks, keeping its place in a deal across blocks.
//! The certified results stay in the blocks and their events, and in the
//! state of every block of the retention window (archive nodes keep it).

use crate::{Config, Contributions, Event, Pallet, Retiring, RetiringQueue, TaskRetention, Tasks, WeightInfo};
use codec::{Decode, Encode, MaxEncodedLen};
use ect_primitives::{task_id, DealId, DealProvider, TaskId};
use polkadot_sdk::{
	frame_support::{traits::Get, weights::Weight},
	frame_system::{self, pallet_prelude::BlockNumberFor},
	sp_runtime::Saturating,
};
use scale_info::TypeInfo;

/// Where the queue of finished deals stands.
#[derive(Clone, Copy, Default, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct RetiringCursor {
	/// The position of the oldest queued deal.
	pub head: u64,
	/// The position the next finished deal takes.
	pub tail: u64,
	/// The oldest deal's first task index and task count, once its removal
	/// started (its record goes first).
	pub removing: Option<(u32, u32)>,
	/// How many of those tasks are already removed.
	pub pruned: u32,
}

impl RetiringCursor {
	/// The cursor once the oldest deal is dealt with.
	fn advanced(self) -> Self {
		Self { head: self.head.saturating_add(1), removing: None, pruned: 0, ..self }
	}
}

/// This pallet's benchmarked weights.
type W<T> = <T as Config>::WeightInfo;

impl<T: Config> Pallet<T> {
	/// Queues `deal`, whose last task just finished, for removal once the
	/// retention period has passed.
	pub(crate) fn retire(deal: DealId) {
		let now = frame_system::Pallet::<T>::block_number();
		RetiringQueue::<T>::mutate(|queue| {
			Retiring::<T>::insert(queue.tail, (deal, now));
			queue.tail = queue.tail.saturating_add(1);
		});
	}

	/// Removes, oldest first, the queued deals finished at least
	/// [`TaskRetention`] blocks before `now`, spending at most `budget`.
	/// A deal's record goes first, so that from then on every call about it
	/// fails with `UnknownDeal` (a claim of a task already removed would
	/// otherwise refund it again); then its tasks, over as many blocks as
	/// the budget takes. Returns the weight spent.
	pub(crate) fn prune(now: BlockNumberFor<T>, budget: Weight) -> Weight {
		let mut spent = W::<T>::prune_idle();
		let mut queue = RetiringQueue::<T>::get();
		if queue.head == queue.tail {
			return spent;
		}
		let retention = TaskRetention::<T>::get();
		let worst_task = W::<T>::prune_task(T::MaxContributors::get());
		let start = queue;
		while queue.head < queue.tail {
			let Some((deal_id, finished)) = Retiring::<T>::get(queue.head) else {
				// A hole cannot happen (positions are taken in order); skip it,
				// charged the read.
				spent.saturating_accrue(T::DbWeight::get().reads(1));
				queue = queue.advanced();
				continue;
			};
			let due = queue.removing.is_some() || finished.saturating_add(retention) <= now;
			if !due || spent.saturating_add(W::<T>::prune_deal()).saturating_add(worst_task).any_gt(budget) {
				break;
			}
			spent.saturating_accrue(W::<T>::prune_deal());
			let (first, volume) = match queue.removing {
				Some(tasks) => tasks,
				None => {
					let tasks = T::Deals::remove_deal(&deal_id).map_or((0, 0), |deal| (deal.first_index, deal.volume));
					queue.removing = Some(tasks);
					queue.pruned = 0;
					tasks
				},
			};
			while queue.pruned < volume && !spent.saturating_add(worst_task).any_gt(budget) {
				let index = first.saturating_add(queue.pruned);
				let contributions = Self::remove_task(task_id(&deal_id, index));
				spent.saturating_accrue(W::<T>::prune_task(contributions));
				queue.pruned = queue.pruned.saturating_add(1);
			}
			if queue.pruned < volume {
				break;
			}
			Retiring::<T>::remove(queue.head);
			Self::deposit_event(Event::DealPruned { deal: deal_id, tasks: volume });
			queue = queue.advanced();
		}
		if queue != start {
			RetiringQueue::<T>::put(queue);
		}
		spent
	}

	/// The deal whose tasks are being removed, if a removal is under way.
	pub fn removing_deal() -> Option<DealId> {
		let queue = RetiringQueue::<T>::get();
		queue.removing.and(Retiring::<T>::get(queue.head)).map(|(deal, _)| deal)
	}

	/// Removes task `id` and its contributions; returns how many it had.
	pub(crate) fn remove_task(id: TaskId) -> u32 {
		let Some(task) = Tasks::<T>::take(id) else { return 0 };
		for worker in &task.contributors {
			Contributions::<T>::remove(id, worker);
		}
		u32::try_from(task.contributors.len()).unwrap_or(u32::MAX)
	}
}
