//! The escrow and registry mocks keep the contracts of the traits they
//! stand for (what the real pallets' tests check): exact amounts or
//! nothing, existential deposits kept, deposits back to their payer.

use crate::{self as ect_mocks, account, rewards};
use ect_primitives::{AssetRef, AssetRegistry, Escrow as _, LockReason, Pot, Restriction, StorageDeposits};
use polkadot_sdk::{
	frame_support::{assert_noop, assert_ok, derive_impl},
	frame_system, pallet_balances, pallet_timestamp,
};

ect_mocks::construct_test_runtime!(Test {
	Timestamp: pallet_timestamp,
	Balances: pallet_balances,
});

ect_mocks::impl_money_test_system!(Test);

fn ext() -> polkadot_sdk::sp_io::TestExternalities {
	money_test_ext(&["a", "b"], 1_000, (100, 1))
}

fn free(name: &str) -> Balance {
	Balances::free_balance(account(name))
}

#[test]
fn a_lock_holds_exactly_the_amount_and_keeps_the_existential_deposit() {
	ext().execute_with(|| {
		assert_ok!(Escrow::lock(LockReason::Payment, &account("a"), 300));
		assert_eq!((free("a"), Escrow::locked(LockReason::Payment, &account("a"))), (700, 300));
		assert_eq!(Escrow::locked(LockReason::WorkerStake, &account("a")), 0);
		assert!(Escrow::lock(LockReason::Payment, &account("a"), 700).is_err(), "the existential deposit stays free");
		assert_eq!(free("a"), 700);
		assert!(Escrow::unlock(LockReason::Payment, &account("a"), 301).is_err());
		assert!(Escrow::unlock(LockReason::SchedulerStake, &account("a"), 1).is_err(), "held for another reason");
		assert_ok!(Escrow::unlock(LockReason::Payment, &account("a"), 300));
		assert_eq!(free("a"), 1_000);
	});
}

#[test]
fn a_seizure_goes_to_the_pot_and_a_reward_comes_out_of_it() {
	ext().execute_with(|| {
		assert_ok!(Escrow::lock(LockReason::WorkerStake, &account("a"), 200));
		assert!(Escrow::seize(LockReason::WorkerStake, &account("a"), 201, Pot::Kitty).is_err());
		assert_ok!(Escrow::seize(LockReason::WorkerStake, &account("a"), 200, Pot::Kitty));
		assert_eq!((Escrow::available(Pot::Kitty), Escrow::available(Pot::Protocol)), (200, 0));
		assert!(Escrow::reward(&account("b"), 201, Pot::Kitty).is_err(), "beyond what the pot can pay");
		assert_ok!(Escrow::reward(&account("b"), 150, Pot::Kitty));
		assert_eq!((free("a"), free("b"), Escrow::available(Pot::Kitty)), (800, 1_150, 50));
		assert_eq!(rewards::<AccountId, Balance>(), vec![(account("b"), 150, Pot::Kitty)]);
	});
}

#[test]
fn an_asset_deposit_goes_back_to_its_payer_and_groups_restrict_by_owner() {
	ext().execute_with(|| {
		register_assets(account("b"), Default::default(), account("b"), Default::default(), account("b"), Default::default());
		assert_eq!(Registry::app(0).map(|a| a.owner), Some(account("b")));
		assert_eq!(Registry::deposits(&account("b")), 3 * AssetDeposit::get());
		let pool = Registry::add_workerpool(account("a"), Default::default()).unwrap();
		assert_eq!((pool, Registry::deposits(&account("a"))), (1, AssetDeposit::get()));
		assert_ok!(Registry::transfer(AssetRef::Workerpool(pool), account("b")));
		assert_eq!(Registry::workerpool(pool).map(|p| p.owner), Some(account("b")));
		assert_ok!(Registry::remove::<AccountId>(AssetRef::Workerpool(pool)));
		assert_eq!((Registry::deposits(&account("a")), free("a"), free("b")), (0, 1_000, 700));
		assert!(Registry::workerpool(pool).is_none());
		assert_noop!(Registry::remove::<AccountId>(AssetRef::Workerpool(pool)), ect_mocks::registry::UNKNOWN);

		let group = Registry::add_group(account("a"), vec![account("b")]).unwrap();
		let member = Restriction::Group(group);
		assert!(Registry::permits(&member, &account("a"), &account("b")));
		assert!(!Registry::permits(&member, &account("b"), &account("b")), "someone else's group");
		assert!(!Registry::permits(&member, &account("a"), &account("a")), "not a member");
		assert!(Registry::release_deposit(&account("a"), AssetDeposit::get() + 1).is_err());
	});
}
