//! Initializing a task: its deadlines, anchored at the deal's start.

use crate::{Config, Error, Event, FinishedTasks, OpenTasks, Pallet, SpotCheck, Task, TaskOf, TaskStatus, Tasks};
use crate::DealOf;
use ect_primitives::{task_id, DealId, DealProvider, TaskId};
use ect_primitives::AssetRegistry;
use polkadot_sdk::frame_support::traits::UnixTime;
use polkadot_sdk::{frame_support::ensure, sp_runtime::DispatchError};

/// The contribution deadline, in time references after the deal's start.
pub const CONTRIBUTION_DEADLINE_RATIO: u64 = 7;
/// The reveal deadline, in time references after consensus.
pub const REVEAL_DEADLINE_RATIO: u64 = 2;
/// The final deadline, in time references after the deal's start.
pub const FINAL_DEADLINE_RATIO: u64 = 10;

impl<T: Config> Pallet<T> {
	/// The current time, unix milliseconds.
	pub fn now_ms() -> u64 {
		u64::try_from(T::Time::now().as_millis()).unwrap_or(u64::MAX)
	}

	/// A fresh, active record for task `index` of `deal`.
	pub(crate) fn new_task(deal_id: DealId, deal: &DealOf<T>, index: u32) -> Result<TaskOf<T>, DispatchError> {
		let end = deal.first_index.saturating_add(deal.volume);
		ensure!(index >= deal.first_index && index < end, Error::<T>::TaskIndexOutOfRange);
		let category = T::Registry::category(deal.category).ok_or(Error::<T>::UnknownCategory)?;
		let time_ref_ms = category.work_clock_time_ref.saturating_mul(1_000);
		Ok(Task {
			deal: deal_id,
			index,
			status: TaskStatus::Active,
			contribution_deadline: deal.start.saturating_add(time_ref_ms.saturating_mul(CONTRIBUTION_DEADLINE_RATIO)),
			reveal_deadline: 0,
			final_deadline: deal.start.saturating_add(time_ref_ms.saturating_mul(FINAL_DEADLINE_RATIO)),
			time_ref_ms,
			consensus: None,
			contributors: Default::default(),
			winners: 0,
			revealed: 0,
			digest: None,
			results: Default::default(),
			results_callback: Default::default(),
			usage: None,
			check: SpotCheck::None,
		})
	}

	/// Initializes task `index` of `deal`; it takes contributions until
	/// `start + 7T`.
	pub(crate) fn do_initialize(deal_id: DealId, index: u32) -> Result<TaskId, DispatchError> {
		let deal = T::Deals::deal(&deal_id).ok_or(Error::<T>::UnknownDeal)?;
		Self::initialize_of(deal_id, &deal, index)
	}

	/// [`Self::do_initialize`] with the deal already read (`deal` is
	/// `deal_id`'s record).
	pub(crate) fn initialize_of(deal_id: DealId, deal: &DealOf<T>, index: u32) -> Result<TaskId, DispatchError> {
		let id = task_id(&deal_id, index);
		ensure!(!Tasks::<T>::contains_key(id), Error::<T>::TaskAlreadyInitialized);
		let task = Self::new_task(deal_id, deal, index)?;
		ensure!(Self::now_ms() < task.contribution_deadline, Error::<T>::ContributionDeadlinePassed);
		Tasks::<T>::insert(id, task);
		OpenTasks::<T>::insert(deal.workerpool.id, id, ());
		Self::deposit_event(Event::TaskInitialized { task: id, deal: deal_id, index });
		Ok(id)
	}

	/// Records that a task of `deal` is finished (completed or failed) and
	/// no longer open; the deal's last one queues the deal for removal
	/// after the retention period. Returns whether it did.
	pub(crate) fn task_finished(task: &TaskId, deal_id: &DealId, deal: &DealOf<T>) -> bool {
		OpenTasks::<T>::remove(deal.workerpool.id, task);
		let finished = FinishedTasks::<T>::get(deal_id).saturating_add(1);
		if finished >= deal.volume {
			FinishedTasks::<T>::remove(deal_id);
			Self::retire(*deal_id);
			true
		} else {
			FinishedTasks::<T>::insert(deal_id, finished);
			false
		}
	}
}
