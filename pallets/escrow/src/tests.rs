//! Every escrow operation's success and refusals, events, and a property test
//! of random operation sequences for the conservation invariant.

use crate::{mock::*, Error, Escrow as _, Event, HoldReason, LockReason, Pot};
use polkadot_sdk::frame_support::{
	assert_noop, assert_ok,
	traits::fungible::{Inspect, InspectHold},
};
use proptest::prelude::*;

type E = crate::Pallet<Test>;

fn free(who: AccountId) -> u64 {
	Balances::balance(&who)
}

fn last_event() -> Event<Test> {
	System::events()
		.into_iter()
		.rev()
		.find_map(|r| match r.event {
			RuntimeEvent::Escrow(e) => Some(e),
			_ => None,
		})
		.expect("an escrow event")
}

#[test]
fn genesis_creates_both_pots_with_their_existential_deposit() {
	run(|| {
		for pot in [Pot::Protocol, Pot::Kitty] {
			assert_eq!(Balances::balance(&E::pot_account(pot)), ExistentialDeposit::get());
			assert_eq!(E::available(pot), 0);
		}
		assert_ne!(E::pot_account(Pot::Protocol), E::pot_account(Pot::Kitty));
	});
}

#[test]
fn lock_moves_free_funds_on_hold() {
	run(|| {
		assert_ok!(E::lock(LockReason::Payment, &1, 300));
		assert_eq!(free(1), START - 300);
		assert_eq!(E::locked(LockReason::Payment, &1), 300);
		assert_eq!(Balances::balance_on_hold(&HoldReason::Payment.into(), &1), 300);
		assert_eq!(last_event(), Event::Locked { who: 1, reason: HoldReason::Payment, amount: 300 });
	});
}

#[test]
fn lock_refuses_more_than_the_free_balance_above_the_existential_deposit() {
	run(|| {
		let ed = ExistentialDeposit::get();
		assert_noop!(E::lock(LockReason::Payment, &1, START - ed + 1), Error::<Test>::InsufficientFreeBalance);
		assert_noop!(E::lock(LockReason::Payment, &99, 1), Error::<Test>::InsufficientFreeBalance);
		assert_ok!(E::lock(LockReason::Payment, &1, START - ed));
		assert_eq!(free(1), ed);
	});
}

#[test]
fn holds_for_different_reasons_are_separate() {
	run(|| {
		assert_ok!(E::lock(LockReason::Payment, &1, 100));
		assert_ok!(E::lock(LockReason::WorkerStake, &1, 50));
		assert_eq!(E::locked(LockReason::Payment, &1), 100);
		assert_eq!(E::locked(LockReason::WorkerStake, &1), 50);
		assert_eq!(E::locked(LockReason::SchedulerStake, &1), 0);
		assert_noop!(E::unlock(LockReason::WorkerStake, &1, 51), Error::<Test>::InsufficientLocked);
	});
}

#[test]
fn unlock_releases_held_funds() {
	run(|| {
		assert_ok!(E::lock(LockReason::SchedulerStake, &2, 200));
		assert_ok!(E::unlock(LockReason::SchedulerStake, &2, 150));
		assert_eq!(free(2), START - 50);
		assert_eq!(E::locked(LockReason::SchedulerStake, &2), 50);
		assert_eq!(last_event(), Event::Unlocked { who: 2, reason: HoldReason::SchedulerStake, amount: 150 });
	});
}

#[test]
fn unlock_refuses_more_than_is_held() {
	run(|| {
		assert_noop!(E::unlock(LockReason::Payment, &1, 1), Error::<Test>::InsufficientLocked);
		assert_ok!(E::lock(LockReason::Payment, &1, 10));
		assert_noop!(E::unlock(LockReason::Payment, &1, 11), Error::<Test>::InsufficientLocked);
	});
}

#[test]
fn seize_moves_held_funds_into_the_pot() {
	run(|| {
		assert_ok!(E::lock(LockReason::Payment, &1, 300));
		assert_ok!(E::seize(LockReason::Payment, &1, 120, Pot::Protocol));
		assert_eq!(E::locked(LockReason::Payment, &1), 180);
		assert_eq!(free(1), START - 300);
		assert_eq!(E::available(Pot::Protocol), 120);
		assert_eq!(
			last_event(),
			Event::Seized { who: 1, reason: HoldReason::Payment, amount: 120, pot: Pot::Protocol }
		);
	});
}

#[test]
fn seize_into_the_kitty_funds_the_kitty_only() {
	run(|| {
		assert_ok!(E::lock(LockReason::SchedulerStake, &3, 90));
		assert_ok!(E::seize(LockReason::SchedulerStake, &3, 90, Pot::Kitty));
		assert_eq!(E::available(Pot::Kitty), 90);
		assert_eq!(E::available(Pot::Protocol), 0);
		assert_eq!(E::locked(LockReason::SchedulerStake, &3), 0);
	});
}

#[test]
fn seize_refuses_more_than_is_held() {
	run(|| {
		assert_noop!(E::seize(LockReason::WorkerStake, &1, 1, Pot::Protocol), Error::<Test>::InsufficientLocked);
		assert_ok!(E::lock(LockReason::WorkerStake, &1, 5));
		assert_noop!(E::seize(LockReason::WorkerStake, &1, 6, Pot::Kitty), Error::<Test>::InsufficientLocked);
	});
}

#[test]
fn reward_pays_from_the_pot_to_free_balance() {
	run(|| {
		assert_ok!(E::lock(LockReason::Payment, &1, 300));
		assert_ok!(E::seize(LockReason::Payment, &1, 300, Pot::Protocol));
		assert_ok!(E::reward(&2, 200, Pot::Protocol));
		assert_eq!(free(2), START + 200);
		assert_eq!(E::available(Pot::Protocol), 100);
		assert_eq!(last_event(), Event::Rewarded { who: 2, amount: 200, pot: Pot::Protocol });
		// A reward can create an account, if it is at least the existential deposit.
		assert_ok!(E::reward(&42, 100, Pot::Protocol));
		assert_eq!(free(42), 100);
	});
}

#[test]
fn reward_refuses_more_than_the_pot_can_pay() {
	run(|| {
		// The pots' existential deposits are never paid out.
		assert_noop!(E::reward(&1, 1, Pot::Protocol), Error::<Test>::InsufficientPotBalance);
		assert_ok!(E::lock(LockReason::SchedulerStake, &1, 40));
		assert_ok!(E::seize(LockReason::SchedulerStake, &1, 40, Pot::Kitty));
		assert_noop!(E::reward(&2, 41, Pot::Kitty), Error::<Test>::InsufficientPotBalance);
		assert_noop!(E::reward(&2, 1, Pot::Protocol), Error::<Test>::InsufficientPotBalance);
		assert_ok!(E::reward(&2, 40, Pot::Kitty));
		assert_eq!(E::available(Pot::Kitty), 0);
	});
}

#[test]
fn zero_amounts_are_no_ops_without_events() {
	run(|| {
		let events = System::events().len();
		assert_ok!(E::lock(LockReason::Payment, &99, 0));
		assert_ok!(E::unlock(LockReason::Payment, &1, 0));
		assert_ok!(E::seize(LockReason::Payment, &1, 0, Pot::Kitty));
		assert_ok!(E::reward(&1, 0, Pot::Kitty));
		assert_eq!(System::events().len(), events);
	});
}

/// One random escrow operation.
#[derive(Clone, Debug)]
enum Op {
	Lock(LockReason, AccountId, u64),
	Unlock(LockReason, AccountId, u64),
	Seize(LockReason, AccountId, u64, Pot),
	Reward(AccountId, u64, Pot),
}

fn reason() -> impl Strategy<Value = LockReason> {
	prop_oneof![Just(LockReason::Payment), Just(LockReason::SchedulerStake), Just(LockReason::WorkerStake)]
}

fn pot() -> impl Strategy<Value = Pot> {
	prop_oneof![Just(Pot::Protocol), Just(Pot::Kitty)]
}

fn op() -> impl Strategy<Value = Op> {
	// Accounts 1..=5: 5 has no funds. Amounts up to more than anyone has.
	let who = 1 as AccountId..=5;
	let amount = 0u64..1_200;
	prop_oneof![
		(reason(), who.clone(), amount.clone()).prop_map(|(r, w, a)| Op::Lock(r, w, a)),
		(reason(), who.clone(), amount.clone()).prop_map(|(r, w, a)| Op::Unlock(r, w, a)),
		(reason(), who.clone(), amount.clone(), pot()).prop_map(|(r, w, a, p)| Op::Seize(r, w, a, p)),
		(who, amount, pot()).prop_map(|(w, a, p)| Op::Reward(w, a, p)),
	]
}

/// Every account's free and held balances, the pots included.
fn snapshot() -> Vec<(AccountId, u64, u64)> {
	let mut accounts: Vec<AccountId> = (1..=5).collect();
	accounts.push(E::pot_account(Pot::Protocol));
	accounts.push(E::pot_account(Pot::Kitty));
	accounts.iter().map(|a| (*a, Balances::balance(a), Balances::total_balance_on_hold(a))).collect()
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(200))]

	/// No sequence of operations creates or destroys funds, and a refused
	/// operation changes nothing.
	#[test]
	fn random_operations_conserve_funds(ops in prop::collection::vec(op(), 1..40)) {
		new_test_ext().execute_with(|| {
			let issuance = Balances::total_issuance();
			let total = |s: &[(AccountId, u64, u64)]| s.iter().map(|(_, f, h)| f + h).sum::<u64>();
			let initial = total(&snapshot());
			for op in ops {
				let before = snapshot();
				let result = match op.clone() {
					Op::Lock(r, w, a) => E::lock(r, &w, a),
					Op::Unlock(r, w, a) => E::unlock(r, &w, a),
					Op::Seize(r, w, a, p) => E::seize(r, &w, a, p),
					Op::Reward(w, a, p) => E::reward(&w, a, p),
				};
				let after = snapshot();
				if result.is_err() {
					prop_assert_eq!(&before, &after, "{:?} failed but moved funds", op);
				}
				prop_assert_eq!(total(&after), initial, "{:?} changed the total", op);
				prop_assert_eq!(Balances::total_issuance(), issuance);
				prop_assert!(E::do_try_state().is_ok());
			}
			Ok(())
		})?;
	}
}
