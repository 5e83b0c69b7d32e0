//! A test runtime: System, Balances and the escrow, with funded accounts.

use crate as pallet_ect_escrow;
use polkadot_sdk::{
	frame_support::{derive_impl, parameter_types, PalletId},
	frame_system, pallet_balances,
	sp_io::TestExternalities,
	sp_runtime::BuildStorage,
};

type Block = frame_system::mocking::MockBlock<Test>;

polkadot_sdk::frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Escrow: pallet_ect_escrow,
	}
);

/// Wide enough that the pot and the kitty accounts, derived from one pallet
/// id, do not truncate to the same id.
pub type AccountId = u128;

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountId = AccountId;
	type Lookup = polkadot_sdk::sp_runtime::traits::IdentityLookup<AccountId>;
	type AccountData = pallet_balances::AccountData<u64>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
	type ExistentialDeposit = ExistentialDeposit;
	type RuntimeHoldReason = RuntimeHoldReason;
}

parameter_types! {
	pub const ExistentialDeposit: u64 = 5;
	pub const EscrowPalletId: PalletId = PalletId(*b"ect/escr");
}

impl pallet_ect_escrow::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type PalletId = EscrowPalletId;
}

/// Accounts 1..=4 with 1 000 each.
pub const FUNDED: [AccountId; 4] = [1, 2, 3, 4];
/// Each funded account's starting balance.
pub const START: u64 = 1_000;

/// Externalities with the funded accounts and the pots, at block 1 (so that
/// events are recorded).
pub fn new_test_ext() -> TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: FUNDED.iter().map(|a| (*a, START)).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_ect_escrow::GenesisConfig::<Test>::default().assimilate_storage(&mut storage).unwrap();
	let mut ext = TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Runs `test` in fresh externalities, then checks the pallet's invariants.
pub fn run(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		Escrow::do_try_state().expect("escrow invariants hold");
	});
}
