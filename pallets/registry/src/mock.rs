//! A test runtime: System, Balances and the registry, with funded accounts,
//! small bounds (so that "full" cases are reachable) and two genesis
//! categories.

use crate as pallet_ect_registry;
use polkadot_sdk::{
	frame_support::{derive_impl, parameter_types},
	frame_system::{self, EnsureRoot},
	pallet_balances,
	sp_io::TestExternalities,
	sp_runtime::BuildStorage,
};

ect_mocks::construct_test_runtime!(Test { Balances: pallet_balances, Registry: pallet_ect_registry });

/// The account id of the test runtime.
pub type AccountId = u64;

ect_mocks::impl_test_system!(Test, account: AccountId, balance: u64, existential_deposit: ExistentialDeposit);

parameter_types! {
	pub const ExistentialDeposit: u64 = 5;
	pub const AssetDeposit: u64 = 100;
	pub const GroupDeposit: u64 = 40;
	pub const MaxNameLen: u32 = 8;
	pub const MaxUrlLen: u32 = 32;
	pub const MaxDescriptionLen: u32 = 16;
	pub const MaxReasonLen: u32 = 16;
	pub const MaxGroupMembers: u32 = 4;
	pub const MaxCategories: u32 = 3;
}

impl pallet_ect_registry::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type GovernanceOrigin = EnsureRoot<AccountId>;
	type AssetDeposit = AssetDeposit;
	type GroupDeposit = GroupDeposit;
	type MaxNameLen = MaxNameLen;
	type MaxUrlLen = MaxUrlLen;
	type MaxDescriptionLen = MaxDescriptionLen;
	type MaxReasonLen = MaxReasonLen;
	type MaxGroupMembers = MaxGroupMembers;
	type MaxCategories = MaxCategories;
	type WeightInfo = ();
}

/// Accounts 1..=4 with [`START`] each.
pub const FUNDED: [AccountId; 4] = [1, 2, 3, 4];
/// Each funded account's starting balance.
pub const START: u64 = 1_000;
/// An account with exactly [`AssetDeposit`]: it cannot pay a deposit and
/// keep its existential deposit.
pub const POOR: AccountId = 6;
/// An account that does not exist.
pub const NOBODY: AccountId = 7;

/// The genesis categories: (name, description, time ref, max fuel).
pub fn genesis_categories() -> Vec<(Vec<u8>, Vec<u8>, u64, u64)> {
	vec![
		(b"XS".to_vec(), b"extra small".to_vec(), 300, 1_000_000),
		(b"S".to_vec(), b"small".to_vec(), 1_200, 4_000_000),
	]
}

/// Externalities with the funded accounts and the genesis categories, at
/// block 1 (so that events are recorded).
pub fn new_test_ext() -> TestExternalities {
	let mut balances: Vec<(AccountId, u64)> = FUNDED.iter().map(|a| (*a, START)).collect();
	balances.push((POOR, AssetDeposit::get()));
	ect_mocks::configs::test_ext::<Test>(balances, |storage| {
		pallet_ect_registry::GenesisConfig::<Test> { categories: genesis_categories(), ..Default::default() }
			.assimilate_storage(storage)
			.unwrap();
	})
}

/// Runs `test` in fresh externalities, then checks the pallet's invariants.
pub fn run(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		Registry::do_try_state().expect("registry invariants hold");
	});
}
