//! A test runtime: System, Balances and the bridge, with the marketplace
//! mocked ([`ect_mocks::MockMarket`]: a request makes a deal when the test
//! says there is an offer) and three relayers at a threshold of two.

use crate as pallet_ect_bridge;
use polkadot_sdk::{
	frame_support::{
		derive_impl,
		parameter_types,
		traits::{ConstU128, ConstU32, ConstU64},
		PalletId,
	},
	frame_system::{self, EnsureRoot},
	pallet_balances,
	sp_io::TestExternalities,
	sp_runtime::BuildStorage,
};

ect_mocks::construct_test_runtime!(Test { Balances: pallet_balances, Bridge: pallet_ect_bridge });

/// Wide enough that the request accounts derived from the pallet id and a
/// nonce do not truncate to one account.
pub type AccountId = u128;
/// The balance type.
pub type Balance = u128;

ect_mocks::impl_test_system!(Test, account: AccountId, balance: Balance, existential_deposit: ConstU128<1>);

parameter_types! {
	pub const BridgePalletId: PalletId = PalletId(*b"ect/brdg");
}

impl pallet_ect_bridge::Config for Test {
	type Currency = Balances;
	type GovernanceOrigin = EnsureRoot<AccountId>;
	type Market = ect_mocks::MockMarket;
	type Deals = ect_mocks::MockMarket;
	type MaxCallbackLen = ConstU32<64>;
	type PalletId = BridgePalletId;
	type MaxRelayers = ConstU32<4>;
	type AttestationTtl = ConstU64<TTL>;
	type MaxMessagesPerBlock = ConstU32<2>;
	type WeiPerUnit = ConstU128<WEI_PER_UNIT>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkRegistry = ect_mocks::EmptyRegistry;
}

/// How many blocks a vote counts.
pub const TTL: u64 = 10;
/// Wei per sidechain unit.
pub const WEI_PER_UNIT: u128 = 1_000_000;
/// The genesis relayers.
pub const RELAYERS: [AccountId; 3] = [1, 2, 3];
/// Their threshold.
pub const THRESHOLD: u32 = 2;

/// Externalities at block 1 with the genesis relayers.
pub fn new_test_ext() -> TestExternalities {
	ect_mocks::configs::test_ext::<Test>(Vec::new(), |storage| {
		pallet_ect_bridge::GenesisConfig::<Test> { relayers: RELAYERS.to_vec(), threshold: THRESHOLD }
			.assimilate_storage(storage)
			.unwrap();
	})
}

/// Runs `test` in fresh externalities, then checks the bridge's invariants.
pub fn run(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		Bridge::do_try_state().expect("bridge invariants hold");
	});
}
