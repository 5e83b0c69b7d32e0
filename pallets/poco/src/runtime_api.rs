//! The runtime API agents call with `state_call` (`PocoApi_*`), and the
//! pallet functions behind it.

use crate::{
	Config, ContributionOf, Contributions, FinishedTasks, OpenTasks, Pallet, SchedulerTodo, TaskOf, TaskStatus, TaskView, Tasks,
};
use alloc::vec::Vec;
use codec::Codec;
use crate::DealOf;
use ect_primitives::{task_id, DealId, DealProvider, TaskId};
use ect_primitives::WorkerpoolId;
use polkadot_sdk::{sp_api, sp_core::H256};

sp_api::decl_runtime_apis! {
	/// Tasks and contributions, for workers, schedulers and requesters.
	///
	/// Version 2 adds [`PocoApi::tasks`].
	#[api_version(2)]
	pub trait PocoApi<AccountId, Task, Contribution>
	where
		AccountId: Codec,
		Task: Codec,
		Contribution: Codec,
	{
		/// A task's full record (results, usage, deadlines), if initialized or claimed.
		fn task(task: H256) -> Option<Task>;
		/// The records of many tasks in one call, in the order asked: the
		/// first [`MAX_TASKS_PER_READ`] of `tasks` (one runtime call instead
		/// of one per task, which is what an agent following many tasks
		/// pays the node for).
		#[api_version(2)]
		fn tasks(tasks: Vec<H256>) -> Vec<Option<Task>>;
		/// Up to `count` tasks of a deal from its `from`-th one, with status and deadlines.
		fn tasks_of_deal(deal: H256, from: u32, count: u32) -> Vec<TaskView>;
		/// A task's contributions.
		fn contributions(task: H256) -> Vec<(AccountId, Contribution)>;
		/// What the scheduler of `workerpool` should do next (at most `limit` of each).
		fn scheduler_todo(workerpool: u32, limit: u32) -> SchedulerTodo;
	}
}

/// The most tasks [`PocoApi::tasks`] answers in one call.
pub const MAX_TASKS_PER_READ: u32 = 512;

impl<T: Config> Pallet<T> {
	/// See [`PocoApi::tasks`].
	pub fn api_tasks(ids: Vec<TaskId>) -> Vec<Option<TaskOf<T>>> {
		ids.into_iter().take(MAX_TASKS_PER_READ as usize).map(Tasks::<T>::get).collect()
	}

	/// See [`PocoApi::tasks_of_deal`].
	pub fn api_tasks_of_deal(deal_id: DealId, from: u32, count: u32) -> Vec<TaskView> {
		let Some(deal) = T::Deals::deal(&deal_id) else { return Vec::new() };
		let end = deal.volume.min(from.saturating_add(count));
		(from..end)
			.filter_map(|offset| {
				let index = deal.first_index.saturating_add(offset);
				let id = task_id(&deal_id, index);
				let task = match Tasks::<T>::get(id) {
					Some(task) => task,
					None => Self::new_task(deal_id, &deal, index).ok().map(|mut t| {
						t.status = TaskStatus::Unset;
						t
					})?,
				};
				Some(Self::view(id, &task))
			})
			.collect()
	}

	/// See [`PocoApi::contributions`].
	pub fn api_contributions(task: TaskId) -> Vec<(T::AccountId, ContributionOf<T>)> {
		let Some(record) = Tasks::<T>::get(task) else { return Vec::new() };
		record
			.contributors
			.iter()
			.filter_map(|worker| Contributions::<T>::get(task, worker).map(|c| (worker.clone(), c)))
			.collect()
	}

	/// See [`PocoApi::scheduler_todo`]. Walks the pool's open tasks and its
	/// deals (both indexed by pool, so the walk grows with the pool's work,
	/// not the chain's; an off-chain query: nothing here runs in a block).
	pub fn api_scheduler_todo(pool: WorkerpoolId, limit: u32) -> SchedulerTodo {
		let limit = limit as usize;
		let now = Self::now_ms();
		let mut todo = SchedulerTodo::default();
		let mut open_of_deal = alloc::collections::BTreeMap::<DealId, u32>::new();
		for (id, ()) in OpenTasks::<T>::iter_prefix(pool) {
			let Some(task) = Tasks::<T>::get(id) else { continue };
			let open = open_of_deal.entry(task.deal).or_default();
			*open = open.saturating_add(1);
			if matches!(task.status, TaskStatus::Active | TaskStatus::Revealing) {
				if now >= task.final_deadline {
					if todo.claimable.len() < limit {
						todo.claimable.push((task.deal, task.index));
					}
					continue;
				}
				if todo.deadlines.len() < limit {
					todo.deadlines.push((id, task.final_deadline));
				}
			}
			match task.status {
				TaskStatus::Active if now < task.contribution_deadline && todo.authorize.len() < limit =>
					todo.authorize.push(id),
				// A lone consensus drawn for a spot check: its checker is to
				// be authorised (its winner may not reveal meanwhile).
				TaskStatus::Revealing if Self::waits_for_checker(&id, &task) => {
					if now < task.contribution_deadline && todo.authorize.len() < limit {
						todo.authorize.push(id);
					}
				},
				TaskStatus::Revealing => {
					let all_revealed = task.revealed == task.winners;
					let deadline_passed = now >= task.reveal_deadline;
					if task.revealed > 0 && (all_revealed || deadline_passed) && todo.finalize.len() < limit {
						todo.finalize.push(id);
					} else if task.revealed == 0 && deadline_passed && todo.reopen.len() < limit {
						todo.reopen.push(id);
					}
				},
				_ => {},
			}
		}
		for (deal_id, deal) in T::Deals::deals_of_pool(pool) {
			if !Self::takes_contributions(deal_id, &deal, now) {
				let open = open_of_deal.get(&deal_id).copied().unwrap_or(0);
				Self::claimable_of(deal_id, &deal, open, now, limit, &mut todo.claimable);
				continue;
			}
			let first = deal.first_index;
			for index in first..first.saturating_add(deal.volume) {
				if todo.initialize.len() >= limit {
					return todo;
				}
				if !Tasks::<T>::contains_key(task_id(&deal_id, index)) {
					todo.initialize.push((deal_id, index));
				}
			}
		}
		todo
	}

	/// Adds to `claimable` (up to `limit`) the tasks of `deal` nobody ever
	/// initialized, once their final deadline passed (the initialized ones
	/// are among the open tasks, `open` of them this deal's). A deal whose
	/// tasks are all finished or open is skipped unread; otherwise at most
	/// `4 * limit` of its task slots are read per walk.
	fn claimable_of(
		deal_id: DealId,
		deal: &DealOf<T>,
		open: u32,
		now: u64,
		limit: usize,
		claimable: &mut Vec<(DealId, u32)>,
	) {
		let uninitialized = deal.volume.saturating_sub(FinishedTasks::<T>::get(deal_id)).saturating_sub(open);
		if uninitialized == 0 || !Self::new_task(deal_id, deal, deal.first_index).is_ok_and(|t| now >= t.final_deadline) {
			return;
		}
		let first = deal.first_index;
		let budget = u32::try_from(limit.saturating_mul(4)).unwrap_or(u32::MAX);
		for index in first..first.saturating_add(deal.volume.min(budget)) {
			if claimable.len() >= limit {
				return;
			}
			if !Tasks::<T>::contains_key(task_id(&deal_id, index)) {
				claimable.push((deal_id, index));
			}
		}
	}

	/// Whether `deal`'s tasks can still be initialized at `now`. They share
	/// one contribution deadline, so a deal past it is skipped whole: the
	/// scheduler's walk reads the tasks of the deals still open, not of every
	/// deal its pool ever had.
	fn takes_contributions(deal_id: DealId, deal: &DealOf<T>, now: u64) -> bool {
		Self::new_task(deal_id, deal, deal.first_index).is_ok_and(|t| now < t.contribution_deadline)
	}

	fn view(id: TaskId, task: &TaskOf<T>) -> TaskView {
		TaskView {
			task: id,
			index: task.index,
			status: task.status,
			contribution_deadline: task.contribution_deadline,
			reveal_deadline: task.reveal_deadline,
			final_deadline: task.final_deadline,
			contributions: u32::try_from(task.contributors.len()).unwrap_or(u32::MAX),
			consensus: task.consensus,
			check: task.check,
		}
	}

}
