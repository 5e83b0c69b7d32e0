//! `finalize`: certify a task's results and pay everyone exactly as
//! `protocol.md` §8 says.

use crate::{
	BalanceOf, CallbackOf, TaskOf, Config, ContributionStatus, Contributions, Error, Event, Pallet,
	ResultsOf, TaskStatus, Tasks, Usage,
};
use alloc::vec::Vec;
use ect_poco_math::payout::{kitty_reward, split_pot, worker_pot};
use ect_primitives::{CallbackTarget, DealId, DealProvider, Escrow, LockReason, Pot, TaskId};
use crate::{
	settlement::{Payout, Settlement},
	DealOf,
};
use ect_primitives::WorkerReputation;
use polkadot_sdk::{
	frame_support::{ensure, traits::Get},
	sp_core::H256,
	sp_io::hashing::blake2_256,
	sp_runtime::{DispatchError, DispatchResult, SaturatedConversion},
};

/// A finalized task's workers: the winners (revealed the consensus digest)
/// with their weights and usage, and everyone else.
struct Outcome<AccountId> {
	winners: Vec<(AccountId, u32, Option<Usage>)>,
	losers: Vec<AccountId>,
}

/// What a certification did that its weight depends on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Certified {
	/// How many workers had contributed to the task.
	pub contributors: u32,
	/// Whether the result goes to the deal's callback target
	/// ([`crate::ResultCallback::on_result`], called once the call's payouts
	/// are made).
	pub called_back: bool,
	/// Whether the task was its deal's last, which queued the deal for
	/// removal ([`Pallet::retire`]).
	pub retired: bool,
	/// Whether its consensus had drawn a spot check, whose block hash a
	/// reveal reads ([`crate::spot_check`]).
	pub drawn: bool,
}

impl<T: Config> Pallet<T> {
	/// The scheduler certifies the task ([`Pallet::certify`]).
	pub(crate) fn do_finalize(
		scheduler: &T::AccountId,
		id: TaskId,
		results: ResultsOf<T>,
		results_callback: CallbackOf<T>,
		settlement: &mut Settlement<T>,
	) -> Result<Certified, DispatchError> {
		let task = Tasks::<T>::get(id).ok_or(Error::<T>::UnknownTask)?;
		let deal = T::Deals::deal(&task.deal).ok_or(Error::<T>::UnknownDeal)?;
		ensure!(Self::is_scheduler(deal.workerpool.id, &deal.workerpool.owner, scheduler), Error::<T>::NotScheduler);
		Self::certify(id, task, &deal, results, results_callback, settlement)
	}

	/// Certifies a revealing task whose winners all revealed (or some did
	/// and the reveal deadline passed): results stored, callback delivered (at the end of the call),
	/// payments and stakes settled (the payments written down in
	/// `settlement`), scores updated. `task` and `deal` are task `id`'s
	/// current record and its deal. Who may call it is the caller's business.
	pub(crate) fn certify(
		id: TaskId,
		mut task: TaskOf<T>,
		deal: &DealOf<T>,
		results: ResultsOf<T>,
		results_callback: CallbackOf<T>,
		settlement: &mut Settlement<T>,
	) -> Result<Certified, DispatchError> {
		ensure!(task.status == TaskStatus::Revealing, Error::<T>::TaskNotRevealing);
		let now = Self::now_ms();
		ensure!(now < task.final_deadline, Error::<T>::FinalDeadlinePassed);
		let digest = task.digest.ok_or(Error::<T>::NoneRevealed)?;
		ensure!(task.revealed == task.winners || now >= task.reveal_deadline, Error::<T>::NotAllRevealed);
		if deal.callback.is_some() {
			ensure!(H256(blake2_256(&results_callback)) == digest, Error::<T>::CallbackMismatch);
		}

		let mut outcome = Outcome { winners: Vec::new(), losers: Vec::new() };
		for worker in &task.contributors {
			match Contributions::<T>::get(id, worker) {
				Some(c) if c.status == ContributionStatus::Proved =>
					outcome.winners.push((worker.clone(), c.weight, c.usage)),
				_ => outcome.losers.push(worker.clone()),
			}
		}
		let callback = deal.callback.map(|target| (id, target, results_callback.clone()));
		Self::pay(&task.deal, deal, &outcome, callback, settlement)?;

		let contributors = u32::try_from(task.contributors.len()).unwrap_or(u32::MAX);
		let drawn = matches!(task.check, crate::SpotCheck::Drawn { .. });
		for (winner, _, _) in &outcome.winners {
			T::WorkerReputation::reward(winner, contributors);
		}
		for loser in &outcome.losers {
			T::WorkerReputation::punish(loser);
		}

		task.status = TaskStatus::Completed;
		task.results = results;
		task.results_callback = results_callback;
		task.usage = median_usage(outcome.winners.iter().filter_map(|(_, _, usage)| *usage).collect());
		let (winners, losers) = (outcome.winners.len(), outcome.losers.len());
		let retired = Self::task_finished(&id, &task.deal, deal);
		Self::deposit_event(Event::TaskFinalized {
			task: id,
			digest,
			winners: u32::try_from(winners).unwrap_or(u32::MAX),
			losers: u32::try_from(losers).unwrap_or(u32::MAX),
		});
		Tasks::<T>::insert(id, task);
		Ok(Certified { contributors, called_back: deal.callback.is_some(), retired, drawn })
	}

	/// §8: the requester's price pays the app and dataset owners and the
	/// worker pot; the scheduler's stake is released and it takes its kitty
	/// share; losers' stakes join the pot; winners share the pot by
	/// `floor(log2 w)` and get their stakes back; the scheduler gets the rest.
	/// The workers' stakes move now; everything else is written down in
	/// `settlement` ([`crate::settlement`]), the kitty's share taken from
	/// what the tasks before this one left in it, with the result
	/// (`callback`) to deliver once the moves are made.
	fn pay(
		deal_id: &DealId,
		deal: &DealOf<T>,
		outcome: &Outcome<T::AccountId>,
		callback: Option<(TaskId, CallbackTarget, CallbackOf<T>)>,
		settlement: &mut Settlement<T>,
	) -> DispatchResult {
		let scheduler = &deal.workerpool.owner;
		let price = deal.task_price().ok_or(Error::<T>::PayoutOverflow)?;

		// 1. The task price leaves the requester's lock; app and dataset owners are paid.
		let mut owners = Vec::new();
		owners.push((deal.app.owner.clone(), deal.app.price, Pot::Protocol));
		if let Some(dataset) = &deal.dataset {
			owners.push((dataset.owner.clone(), dataset.price, Pot::Protocol));
		}
		// 2. The scheduler's per-task stake is released (in the payout).
		// 3. The kitty pays the scheduler its share.
		let from_kitty = kitty_reward(settlement.kitty().saturated_into(), T::KittyMin::get().saturated_into());
		owners.push((scheduler.clone(), from_kitty.saturated_into(), Pot::Kitty));
		// 4. Losers' stakes join the pot, which winners share by floor(log2 w).
		for loser in &outcome.losers {
			T::Escrow::seize(LockReason::WorkerStake, loser, deal.worker_stake, Pot::Protocol)?;
		}
		let losers = u32::try_from(outcome.losers.len()).unwrap_or(u32::MAX);
		let pot = worker_pot(deal.workerpool.price.saturated_into(), deal.worker_stake.saturated_into(), losers)
			.map_err(|_| Error::<T>::PayoutOverflow)?;
		let weights: Vec<u32> = outcome.winners.iter().map(|(_, weight, _)| *weight).collect();
		let split = split_pot(pot, deal.scheduler_reward_ratio, &weights).map_err(|_| Error::<T>::PayoutOverflow)?;
		let mut winners = Vec::new();
		for ((winner, _, _), share) in outcome.winners.iter().zip(split.winners) {
			T::Escrow::unlock(LockReason::WorkerStake, winner, deal.worker_stake)?;
			winners.push((winner.clone(), BalanceOf::<T>::saturated_from(share)));
		}
		// 5. The scheduler gets the rest of the pot.
		owners.push((scheduler.clone(), BalanceOf::<T>::saturated_from(split.scheduler), Pot::Protocol));
		settlement.admit(Payout {
			deal: *deal_id,
			requester: deal.requester.clone(),
			price,
			scheduler: scheduler.clone(),
			scheduler_stake: deal.scheduler_stake,
			owners,
			winners,
			pool: deal.workerpool.id,
			app: deal.app.id,
			callback,
		})
	}
}

/// The median of the reported usages (the lower middle one), each field on
/// its own; `None` if nobody reported.
fn median_usage(mut usages: Vec<Usage>) -> Option<Usage> {
	if usages.is_empty() {
		return None;
	}
	let middle = (usages.len() - 1) / 2;
	usages.sort_by_key(|u| u.fuel);
	let fuel = usages[middle].fuel;
	usages.sort_by_key(|u| u.run_ms);
	Some(Usage { fuel, run_ms: usages[middle].run_ms })
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn the_median_usage_takes_each_field_on_its_own() {
		assert_eq!(median_usage(Vec::new()), None);
		let usage = |fuel, run_ms| Usage { fuel, run_ms };
		assert_eq!(median_usage(alloc::vec![usage(5, 9)]), Some(usage(5, 9)));
		assert_eq!(median_usage(alloc::vec![usage(9, 1), usage(1, 9), usage(5, 5)]), Some(usage(5, 5)));
		assert_eq!(median_usage(alloc::vec![usage(4, 3), usage(2, 1)]), Some(usage(2, 1)));
	}
}
