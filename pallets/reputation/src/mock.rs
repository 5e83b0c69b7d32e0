//! A test runtime: System and the reputation pallet, with optional genesis
//! scores.

use crate as pallet_ect_reputation;
use crate::Score;
use polkadot_sdk::{frame_support::derive_impl, frame_system, sp_io::TestExternalities, sp_runtime::BuildStorage};

ect_mocks::construct_test_runtime!(Test { Reputation: pallet_ect_reputation });

/// The account id of the test runtime.
pub type AccountId = u64;

ect_mocks::impl_test_system!(Test, account: AccountId);

impl pallet_ect_reputation::Config for Test {}

/// Externalities with the genesis `scores`, at block 1 (so that events are
/// recorded).
pub fn new_test_ext(scores: Vec<(AccountId, Score)>) -> TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_ect_reputation::GenesisConfig::<Test> { scores }.assimilate_storage(&mut storage).unwrap();
	let mut ext = TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Runs `test` in fresh externalities with no genesis score, then checks the
/// pallet's invariants.
pub fn run(test: impl FnOnce()) {
	run_with(Vec::new(), test)
}

/// Runs `test` in fresh externalities with the genesis `scores`, then checks
/// the pallet's invariants.
pub fn run_with(scores: Vec<(AccountId, Score)>, test: impl FnOnce()) {
	new_test_ext(scores).execute_with(|| {
		test();
		Reputation::do_try_state().expect("reputation invariants hold");
	});
}
