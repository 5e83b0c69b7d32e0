//! A test runtime: System, Balances and the escrow, with funded accounts.

use crate as pallet_ect_escrow;
use polkadot_sdk::{
	frame_support::{derive_impl, parameter_types},
	frame_system, pallet_balances,
	sp_io::TestExternalities,
	sp_runtime::BuildStorage,
};

ect_mocks::construct_test_runtime!(Test { Balances: pallet_balances, Escrow: pallet_ect_escrow });

/// Wide enough that the pot and the kitty accounts, derived from one pallet
/// id, do not truncate to the same id.
pub type AccountId = u128;

ect_mocks::impl_test_system!(Test, account: AccountId, balance: u64, existential_deposit: ExistentialDeposit);

parameter_types! {
	pub const ExistentialDeposit: u64 = 5;
}

impl pallet_ect_escrow::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type PalletId = ect_mocks::configs::EscrowPalletId;
}

/// Accounts 1..=4 with 1 000 each.
pub const FUNDED: [AccountId; 4] = [1, 2, 3, 4];
/// Each funded account's starting balance.
pub const START: u64 = 1_000;

/// Externalities with the funded accounts and the pots, at block 1 (so that
/// events are recorded).
pub fn new_test_ext() -> TestExternalities {
	ect_mocks::configs::test_ext::<Test>(FUNDED.iter().map(|a| (*a, START)).collect(), |storage| {
		pallet_ect_escrow::GenesisConfig::<Test>::default().assimilate_storage(storage).unwrap();
	})
}

/// Runs `test` in fresh externalities, then checks the pallet's invariants.
pub fn run(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		Escrow::do_try_state().expect("escrow invariants hold");
	});
}
