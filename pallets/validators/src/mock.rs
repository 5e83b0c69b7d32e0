//! A test runtime: System and the validators pallet. Accounts below
//! [`UNREGISTERED`] have session keys; root is governance; sessions last
//! [`SESSION`] blocks; stalls noted are recorded ([`stalls`]).

use crate as pallet_ect_validators;
use core::cell::RefCell;
use polkadot_sdk::{
	frame_support::{derive_impl, traits::{ConstU32, ConstU64, ValidatorRegistration}},
	frame_system::{self, EnsureRoot},
	sp_io::TestExternalities,
	sp_runtime::BuildStorage,
};

ect_mocks::construct_test_runtime!(Test { ValidatorSet: pallet_ect_validators });

/// The account id of the test runtime.
pub type AccountId = u64;

ect_mocks::impl_test_system!(Test, account: AccountId);

/// The first account without session keys.
pub const UNREGISTERED: AccountId = 100;
/// The genesis session length.
pub const SESSION: u64 = 5;

/// Accounts below [`UNREGISTERED`] have keys, and those the benchmarks
/// register.
pub struct Registered;
impl ValidatorRegistration<AccountId> for Registered {
	fn is_registered(who: &AccountId) -> bool {
		*who < UNREGISTERED || REGISTERED.with(|r| r.borrow().contains(who))
	}
}

thread_local! {
	static STALLS: RefCell<Vec<(u64, u64)>> = const { RefCell::new(Vec::new()) };
	static REGISTERED: RefCell<Vec<AccountId>> = const { RefCell::new(Vec::new()) };
}

/// The stalls noted so far: `(delay, median)`.
pub fn stalls() -> Vec<(u64, u64)> {
	STALLS.with(|s| s.borrow().clone())
}

/// Records the stalls noted.
pub struct RecordStalls;
impl crate::FinalityStall<u64> for RecordStalls {
	fn note_stalled(delay: u64, median: u64) {
		STALLS.with(|s| s.borrow_mut().push((delay, median)));
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<AccountId> for Registered {
	fn register_keys(who: &AccountId) {
		REGISTERED.with(|r| r.borrow_mut().push(*who));
	}
}

impl pallet_ect_validators::Config for Test {
	type GovernanceOrigin = EnsureRoot<AccountId>;
	type ValidatorRegistration = Registered;
	type Finality = RecordStalls;
	type MaxValidators = ConstU32<4>;
	type MinValidators = ConstU32<2>;
	type DefaultSessionLength = ConstU64<600>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = Registered;
}

/// Externalities with validators 3, 1, 2 (given unsorted) and sessions of
/// [`SESSION`] blocks, at block 1.
pub fn new_test_ext() -> TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_ect_validators::GenesisConfig::<Test> { validators: vec![3, 1, 2, 1], session_length: Some(SESSION) }
		.assimilate_storage(&mut storage)
		.unwrap();
	let mut ext = TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}
