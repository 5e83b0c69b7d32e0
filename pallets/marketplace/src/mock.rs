//! A test runtime with the runtime's account and signature types (so that
//! order signatures are real sr25519 signatures): System, Timestamp,
//! Balances and the marketplace, over the mocks of the escrow, the registry
//! (funds really held, as named reserves) and pool reputation, with one
//! registered app, dataset, workerpool and category, and orders that match.

use crate as pallet_ect_marketplace;
use crate::{
	AppOrder, AppOrderOf, DatasetOrder, DatasetOrderOf, Order, OrderOf, RequestOrder, RequestOrderOf, Signed,
	SignedOf, WorkerpoolOrder, WorkerpoolOrderOf,
};
use ect_primitives::{PoolPolicy, Resources, Restriction, Tag};
pub use ect_mocks::{account, key, set_reputation};
use polkadot_sdk::{
	frame_support::{derive_impl, parameter_types, traits::{ConstU32, ConstU64}},
	frame_system,
	pallet_balances, pallet_timestamp,
	sp_core::{Pair, H256},
	sp_io::TestExternalities,
	sp_runtime::MultiSignature,
};

ect_mocks::construct_test_runtime!(Test {
	Timestamp: pallet_timestamp,
	Balances: pallet_balances,
	Marketplace: pallet_ect_marketplace,
});

ect_mocks::impl_money_test_system!(Test);

parameter_types! {
	pub const OrderDeposit: Balance = 10;
}

impl pallet_ect_marketplace::Config for Test {
	type Currency = Balances;
	type Registry = Registry;
	type GovernanceOrigin = frame_system::EnsureRoot<AccountId>;
	type Escrow = Escrow;
	type Signature = MultiSignature;
	type Signer = <MultiSignature as polkadot_sdk::sp_runtime::traits::Verify>::Signer;
	type Time = Timestamp;
	type Reputation = ect_mocks::MockPoolReputation;
	type OrderDeposit = OrderDeposit;
	type MaxParamsLen = ConstU32<64>;
	type MaxOrdersPerAsset = ConstU32<6>;
	type MaxPoolOrdersPerCategory = ConstU32<5>;
	type MaxMatchCandidates = ConstU32<2>;
	type MaxDealsPerPublish = ConstU32<3>;
	type RequestLifetime = ConstU64<10>;
	type MaxRestingPerCategory = ConstU32<4>;
	type MaxExpiriesPerBlock = ConstU32<2>;
	type MaxOrderLifetime = ConstU32<{ MAX_LIFETIME }>;
	type OrderRetention = ConstU32<{ RETENTION }>;
	type MaxPrunesPerBlock = ConstU32<4>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ect_primitives::benchmarking::Sr25519Keys;
}

/// The app owner.
pub fn app_owner() -> AccountId {
	account("app-owner")
}
/// The dataset owner.
pub fn dataset_owner() -> AccountId {
	account("dataset-owner")
}
/// The scheduler, owner of the workerpool.
pub fn scheduler() -> AccountId {
	account("scheduler")
}
/// The requester.
pub fn requester() -> AccountId {
	account("requester")
}
/// Someone else.
pub fn stranger() -> AccountId {
	account("stranger")
}

/// The names of the funded keys.
pub const FUNDED: [&str; 5] = ["app-owner", "dataset-owner", "scheduler", "requester", "stranger"];
/// Each funded account's starting balance.
pub const START: Balance = 1_000_000;

/// Prices of the default orders.
pub const APP_PRICE: Balance = 10;
pub const DATASET_PRICE: Balance = 5;
pub const POOL_PRICE: Balance = 100;

/// How far ahead an order may expire, and how long after its expiry its
/// state is kept.
pub const MAX_LIFETIME: u32 = 1_000;
pub const RETENTION: u32 = 5;
/// The block the default orders expire at.
pub const EXPIRES: u32 = 100;

/// The registered assets: app 0, dataset 0, workerpool 0, category 0.
pub const APP: u32 = 0;
pub const DATASET: u32 = 0;
pub const POOL: u32 = 0;
pub const CATEGORY: u32 = 0;

/// Externalities at block 1 with funded accounts, the pots, a keystore (for
/// the benchmarks), and the default assets registered.
pub fn new_test_ext() -> TestExternalities {
	let mut ext = money_test_ext(&FUNDED, START, (1_200, 1_000_000));
	ext.execute_with(|| {
		Timestamp::set_timestamp(1_700_000_000_000);
		let requirements = Resources { cpu_cores: 1, memory_mib: 256, ..Default::default() };
		let checksum = H256::repeat_byte(2);
		let policy = PoolPolicy::default();
		register_assets(app_owner(), requirements, dataset_owner(), checksum, scheduler(), policy);
	});
	ext
}

/// Runs a test, then checks every pallet's invariants.
pub fn run(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		check_invariants();
	});
}

/// The marketplace's invariants.
pub fn check_invariants() {
	Marketplace::do_try_state().expect("marketplace invariants");
}

/// What the default pool's machines offer.
pub fn capabilities() -> Resources {
	Resources { cpu_cores: 8, memory_mib: 16_384, disk_mib: 100_000, ..Default::default() }
}

/// An app order for the default app.
pub fn app_order() -> AppOrderOf<Test> {
	AppOrder {
		app: APP,
		price: APP_PRICE,
		volume: 10,
		tag: Tag::NONE,
		dataset_restrict: Restriction::Anyone,
		workerpool_restrict: Restriction::Anyone,
		requester_restrict: Restriction::Anyone,
		salt: [1; 32],
		expires: EXPIRES,
	}
}

/// A dataset order for the default dataset.
pub fn dataset_order() -> DatasetOrderOf<Test> {
	DatasetOrder {
		dataset: DATASET,
		price: DATASET_PRICE,
		volume: 10,
		tag: Tag::NONE,
		app_restrict: Restriction::Anyone,
		workerpool_restrict: Restriction::Anyone,
		requester_restrict: Restriction::Anyone,
		salt: [2; 32],
		expires: EXPIRES,
	}
}

/// A workerpool order for the default pool.
pub fn pool_order() -> WorkerpoolOrderOf<Test> {
	WorkerpoolOrder {
		workerpool: POOL,
		price: POOL_PRICE,
		volume: 10,
		tag: Tag::GPU,
		category: CATEGORY,
		trust: 10,
		app_restrict: Restriction::Anyone,
		dataset_restrict: Restriction::Anyone,
		requester_restrict: Restriction::Anyone,
		salt: [3; 32],
		capabilities: capabilities(),
		expires: EXPIRES,
	}
}

/// A request of 4 tasks that matches the default orders.
pub fn request_order() -> RequestOrderOf<Test> {
	RequestOrder {
		app: APP,
		app_max_price: APP_PRICE,
		dataset: Some(DATASET),
		dataset_max_price: DATASET_PRICE,
		workerpool: None,
		workerpool_max_price: POOL_PRICE,
		requester: requester(),
		volume: 4,
		tag: Tag::NONE,
		category: CATEGORY,
		trust: 5,
		beneficiary: stranger(),
		callback: None,
		params: b"--n 7".to_vec().try_into().unwrap(),
		salt: [4; 32],
		requirements: Resources { memory_mib: 1024, ..Default::default() },
		expires: EXPIRES,
	}
}

/// Signs `order` with the key `signer`.
pub fn sign<O: Clone>(order: O, wrap: fn(O) -> OrderOf<Test>, signer: &str) -> SignedOf<O, Test> {
	let hash = Marketplace::order_hash(&wrap(order.clone()));
	let signature = MultiSignature::Sr25519(key(signer).sign(hash.as_bytes()));
	Signed { order, signature: Some(signature) }
}

/// The default app order, signed by the app owner.
pub fn signed_app(order: AppOrderOf<Test>) -> SignedOf<AppOrderOf<Test>, Test> {
	sign(order, Order::App, "app-owner")
}
/// A dataset order signed by the dataset owner.
pub fn signed_dataset(order: DatasetOrderOf<Test>) -> SignedOf<DatasetOrderOf<Test>, Test> {
	sign(order, Order::Dataset, "dataset-owner")
}
/// A workerpool order signed by the scheduler.
pub fn signed_pool(order: WorkerpoolOrderOf<Test>) -> SignedOf<WorkerpoolOrderOf<Test>, Test> {
	sign(order, Order::Workerpool, "scheduler")
}
/// A request signed by the requester.
pub fn signed_request(order: RequestOrderOf<Test>) -> SignedOf<RequestOrderOf<Test>, Test> {
	sign(order, Order::Request, "requester")
}

/// The total balance of every account plus what is held: must stay constant.
pub fn total_issuance() -> Balance {
	<Balances as polkadot_sdk::frame_support::traits::fungible::Inspect<AccountId>>::total_issuance()
}
