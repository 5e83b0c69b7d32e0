//! A test runtime: System and the upgrade pallet, root as governance.

use crate as pallet_ect_upgrade;
use polkadot_sdk::{
	frame_support::derive_impl,
	frame_system::{self, EnsureRoot},
	sp_io::TestExternalities,
	sp_runtime::BuildStorage,
};

ect_mocks::construct_test_runtime!(Test { Upgrade: pallet_ect_upgrade });

/// The account id of the test runtime.
pub type AccountId = u64;

ect_mocks::impl_test_system!(Test, account: AccountId);

impl pallet_ect_upgrade::Config for Test {
	type GovernanceOrigin = EnsureRoot<AccountId>;
}

/// Fresh externalities at block 1 (so that events are recorded).
pub fn new_test_ext() -> TestExternalities {
	let storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let mut ext = TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}
