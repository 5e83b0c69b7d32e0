//! Settlement [beyond]: the payouts of one call's certifications, summed.
//!
//! A certification's moves that do not touch a worker's stake are written
//! down here rather than made at once: the requester's payment leaving its
//! lock, the app and dataset owners' rewards, the scheduler's stake release,
//! its kitty share and its remainder, the winners' shares, and the pool's
//! and app's records. At the end of the call (a batch's last item, or the
//! single call) they are made together, one escrow operation per account
//! and kind, so a batch of a deal's tasks moves about eight balances, not
//! eight per task.
//!
//! Nothing changes in the amounts: each task's are computed as §8 says,
//! the kitty's share task by task against what the earlier tasks left in
//! it, and the sums are those amounts added up. Each payout is checked when
//! it is written down against what the escrow holds less what is already
//! written down, so a task is refused (`EscrowShort`) exactly when the
//! one-by-one sequence would have refused it. Workers' stakes are locked,
//! released and seized at once, in their item, as `protocol.md` §5 says.

use crate::{BalanceOf, CallbackOf, Config, Error, Pallet};
use alloc::vec::Vec;
use ect_primitives::{
	AppId, CallbackTarget, DealId, Escrow, LockReason, Pot, ResultCallback, TaskId, WorkerReputation, WorkerpoolId,
};
use polkadot_sdk::{
	frame_support::ensure,
	sp_runtime::{traits::Zero, DispatchError, DispatchResult, Saturating},
};

/// One certified task's moves that wait for the end of the call.
pub(crate) struct Payout<T: Config> {
	/// The task's deal.
	pub deal: DealId,
	/// Who paid: `price` leaves its payment lock for the protocol pot.
	pub requester: T::AccountId,
	/// The task's price.
	pub price: BalanceOf<T>,
	/// The scheduler: `scheduler_stake` leaves its stake lock.
	pub scheduler: T::AccountId,
	/// The scheduler's per-task stake.
	pub scheduler_stake: BalanceOf<T>,
	/// The app and dataset owners' rewards and the scheduler's kitty share
	/// and remainder, each with the pot it comes from.
	pub owners: Vec<(T::AccountId, BalanceOf<T>, Pot)>,
	/// The winners' shares of the worker pot (from the protocol pot).
	pub winners: Vec<(T::AccountId, BalanceOf<T>)>,
	/// The pool and app whose records count one more completed task.
	pub pool: WorkerpoolId,
	/// See `pool`.
	pub app: AppId,
	/// The task, and its result for the deal's callback target, delivered
	/// once the moves are made (the receiver sees the payment taken, as it
	/// would have one task at a time: the bridge refunds what is left).
	pub callback: Option<(TaskId, CallbackTarget, CallbackOf<T>)>,
}

impl<T: Config> Payout<T> {
	/// What the task takes from `pot`.
	fn from_pot(&self, pot: Pot) -> BalanceOf<T> {
		let owners = self.owners.iter().filter(|(_, _, from)| *from == pot).map(|(_, amount, _)| *amount);
		let winners = self.winners.iter().filter(|_| pot == Pot::Protocol).map(|(_, amount)| *amount);
		owners.chain(winners).fold(Zero::zero(), |total: BalanceOf<T>, amount| total.saturating_add(amount))
	}
}

/// The payouts written down so far in one call.
pub(crate) struct Settlement<T: Config> {
	payouts: Vec<Payout<T>>,
}

impl<T: Config> Default for Settlement<T> {
	fn default() -> Self {
		Self { payouts: Vec::new() }
	}
}

/// What a settlement did that its weight depends on: for each deal, how
/// many distinct winners it paid, and for each task, how many winners it had.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Settled {
	/// Distinct winners paid, one entry per deal.
	pub deals: Vec<u32>,
	/// Winners, one entry per task.
	pub tasks: Vec<u32>,
}

impl<T: Config> Settlement<T> {
	/// How many payouts are written down: [`Settlement::rollback`] to it
	/// forgets the ones written after.
	pub(crate) fn mark(&self) -> usize {
		self.payouts.len()
	}

	/// Forgets the payouts written down since `mark` (their item failed).
	pub(crate) fn rollback(&mut self, mark: usize) {
		self.payouts.truncate(mark);
	}

	/// Sum of `amount` over the payouts written down.
	fn pending(&self, amount: impl Fn(&Payout<T>) -> BalanceOf<T>) -> BalanceOf<T> {
		self.payouts.iter().fold(Zero::zero(), |total: BalanceOf<T>, payout| total.saturating_add(amount(payout)))
	}

	/// What the kitty holds once the payouts written down have taken their
	/// shares: the next task's share is taken from this.
	pub(crate) fn kitty(&self) -> BalanceOf<T> {
		T::Escrow::available(Pot::Kitty).saturating_sub(self.pending(|p| p.from_pot(Pot::Kitty)))
	}

	/// Writes `payout` down if the escrow covers it after the payouts
	/// already written down: the requester's payment lock, the scheduler's
	/// stake lock, and each pot (the protocol pot counting the payments it
	/// will receive).
	pub(crate) fn admit(&mut self, payout: Payout<T>) -> DispatchResult {
		let seized = self.pending(|p| if p.requester == payout.requester { p.price } else { Zero::zero() });
		let payment = T::Escrow::locked(LockReason::Payment, &payout.requester);
		ensure!(seized.saturating_add(payout.price) <= payment, Error::<T>::EscrowShort);

		let released =
			self.pending(|p| if p.scheduler == payout.scheduler { p.scheduler_stake } else { Zero::zero() });
		let stake = T::Escrow::locked(LockReason::SchedulerStake, &payout.scheduler);
		ensure!(released.saturating_add(payout.scheduler_stake) <= stake, Error::<T>::EscrowShort);

		let kitty = self.pending(|p| p.from_pot(Pot::Kitty)).saturating_add(payout.from_pot(Pot::Kitty));
		ensure!(kitty <= T::Escrow::available(Pot::Kitty), Error::<T>::EscrowShort);

		let paid_in = self.pending(|p| p.price).saturating_add(payout.price);
		let paid_out = self.pending(|p| p.from_pot(Pot::Protocol)).saturating_add(payout.from_pot(Pot::Protocol));
		ensure!(paid_out <= T::Escrow::available(Pot::Protocol).saturating_add(paid_in), Error::<T>::EscrowShort);

		self.payouts.push(payout);
		Ok(())
	}

	/// Makes the moves written down, summed per account and kind: the
	/// payments into the protocol pot first, then the scheduler stakes, then
	/// the rewards; then the records; then delivers the results to the
	/// deals' callback targets, task by task in the order certified.
	pub(crate) fn settle(self) -> Result<Settled, DispatchError> {
		let mut seizes: Vec<(T::AccountId, BalanceOf<T>)> = Vec::new();
		let mut releases: Vec<(T::AccountId, BalanceOf<T>)> = Vec::new();
		let mut rewards: Vec<((T::AccountId, Pot), BalanceOf<T>)> = Vec::new();
		let mut records: Vec<((WorkerpoolId, AppId), u32)> = Vec::new();
		let mut deals: Vec<(DealId, Vec<T::AccountId>)> = Vec::new();
		let mut callbacks = Vec::new();
		let mut settled = Settled::default();
		for payout in self.payouts {
			if let Some((task, target, data)) = payout.callback {
				callbacks.push((payout.deal, task, target, data));
			}
			add(&mut seizes, payout.requester, payout.price);
			add(&mut releases, payout.scheduler, payout.scheduler_stake);
			for (who, amount, pot) in payout.owners {
				add(&mut rewards, (who, pot), amount);
			}
			if !deals.iter().any(|(deal, _)| *deal == payout.deal) {
				deals.push((payout.deal, Vec::new()));
			}
			settled.tasks.push(u32::try_from(payout.winners.len()).unwrap_or(u32::MAX));
			for (who, amount) in payout.winners {
				if let Some((_, winners)) = deals.iter_mut().find(|(deal, _)| *deal == payout.deal) {
					if !winners.contains(&who) {
						winners.push(who.clone());
					}
				}
				add(&mut rewards, (who, Pot::Protocol), amount);
			}
			add(&mut records, (payout.pool, payout.app), 1u32);
		}
		settled.deals = deals.iter().map(|(_, winners)| u32::try_from(winners.len()).unwrap_or(u32::MAX)).collect();

		for (who, amount) in seizes {
			T::Escrow::seize(LockReason::Payment, &who, amount, Pot::Protocol)?;
		}
		for (who, amount) in releases {
			T::Escrow::unlock(LockReason::SchedulerStake, &who, amount)?;
		}
		// The kitty's shares first, as each task takes its share before its
		// pot is split.
		for pot in [Pot::Kitty, Pot::Protocol] {
			for ((who, _), amount) in rewards.iter().filter(|((_, from), _)| *from == pot) {
				T::Escrow::reward(who, *amount, pot)?;
			}
		}
		for ((pool, app), count) in records {
			T::WorkerReputation::record_completed(pool, app, count);
		}
		for (deal, task, target, data) in callbacks {
			T::ResultCallback::on_result(&deal, &task, target, &data);
		}
		Ok(settled)
	}
}

/// Adds `amount` to `key`'s entry, keeping the order in which keys first came.
fn add<K: PartialEq, B: Saturating + Copy>(sums: &mut Vec<(K, B)>, key: K, amount: B) {
	match sums.iter_mut().find(|(k, _)| *k == key) {
		Some((_, total)) => *total = total.saturating_add(amount),
		None => sums.push((key, amount)),
	}
}

impl<T: Config> Pallet<T> {
	/// Runs a single call's `body` with a settlement of its own, settled
	/// when `body` succeeds.
	pub(crate) fn settling<R>(
		body: impl FnOnce(&mut Settlement<T>) -> Result<R, DispatchError>,
	) -> Result<R, DispatchError> {
		let mut settlement = Settlement::default();
		let done = body(&mut settlement)?;
		settlement.settle()?;
		Ok(done)
	}
}
