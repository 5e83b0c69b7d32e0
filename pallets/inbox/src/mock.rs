//! A test runtime: System and the inbox, results of at most 8 bytes.

use crate as pallet_ect_inbox;
use polkadot_sdk::{
	frame_support::{derive_impl, traits::ConstU32},
	frame_system,
	sp_io::TestExternalities,
	sp_runtime::BuildStorage,
};

ect_mocks::construct_test_runtime!(Test { Inbox: pallet_ect_inbox });

/// The account id of the test runtime.
pub type AccountId = u64;

ect_mocks::impl_test_system!(Test, account: AccountId);

impl pallet_ect_inbox::Config for Test {
	type MaxResultLen = ConstU32<8>;
}

/// Runs `test` in fresh externalities at block 1 (so that events are
/// recorded).
pub fn run(test: impl FnOnce()) {
	let storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let mut ext = TestExternalities::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		test();
	});
}
