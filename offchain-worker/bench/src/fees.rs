//! What the run's transactions paid in fees, by who paid them: the
//! requester (its requests, which the chain matches), the scheduler (its
//! initializations, if any) and the workers (their `work_batch`es). Read
//! from each block's `TransactionFeePaid` events, so the figure is what the
//! chain charged, tips included.

use ect_client::runtime::{AccountId, RuntimeEvent};
use serde::Serialize;

/// Fees paid, in the token's smallest unit.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Fees {
	/// By the requester.
	pub requester: u128,
	/// By the scheduler.
	pub scheduler: u128,
	/// By everyone else: the workers.
	pub workers: u128,
}

impl Fees {
	/// All of them.
	pub fn total(&self) -> u128 {
		self.requester.saturating_add(self.scheduler).saturating_add(self.workers)
	}

	/// These fees per task over `tasks` tasks (zero when there were none).
	pub fn per_task(&self, tasks: u64) -> Fees {
		let per = |fee: u128| if tasks == 0 { 0 } else { fee / u128::from(tasks) };
		Fees { requester: per(self.requester), scheduler: per(self.scheduler), workers: per(self.workers) }
	}
}

/// Sums the fees of the blocks it is shown.
pub struct FeeBook {
	requester: AccountId,
	scheduler: AccountId,
	/// What was paid so far.
	pub paid: Fees,
}

impl FeeBook {
	/// A book for a run whose requester and scheduler are these accounts.
	pub fn new(requester: AccountId, scheduler: AccountId) -> Self {
		Self { requester, scheduler, paid: Fees::default() }
	}

	/// Adds the fees paid in a block's `events`.
	pub fn observe(&mut self, events: &[RuntimeEvent]) {
		for event in events {
			if let RuntimeEvent::TransactionPayment(polkadot_sdk::pallet_transaction_payment::Event::TransactionFeePaid {
				who,
				actual_fee,
				..
			}) = event
			{
				let payer = if *who == self.requester {
					&mut self.paid.requester
				} else if *who == self.scheduler {
					&mut self.paid.scheduler
				} else {
					&mut self.paid.workers
				};
				*payer = payer.saturating_add(*actual_fee);
			}
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use polkadot_sdk::sp_core::crypto::AccountId32;

	fn account(i: u8) -> AccountId {
		AccountId32::new([i; 32])
	}

	fn paid(who: u8, fee: u128) -> RuntimeEvent {
		RuntimeEvent::TransactionPayment(polkadot_sdk::pallet_transaction_payment::Event::TransactionFeePaid {
			who: account(who),
			actual_fee: fee,
			tip: 0,
		})
	}

	#[test]
	fn fees_are_summed_by_who_paid_them_and_divided_per_task() {
		let mut book = FeeBook::new(account(1), account(2));
		book.observe(&[paid(1, 100), paid(2, 30), paid(3, 7), paid(4, 5)]);
		book.observe(&[paid(1, 1)]);
		assert_eq!(book.paid, Fees { requester: 101, scheduler: 30, workers: 12 });
		assert_eq!(book.paid.total(), 143);
		assert_eq!(book.paid.per_task(4), Fees { requester: 25, scheduler: 7, workers: 3 });
		assert_eq!(book.paid.per_task(0), Fees::default());
	}
}
