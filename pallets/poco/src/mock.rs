//! A test runtime with PoCo over mocks of every pallet it uses: the escrow
//! and the registry ([`ect_mocks::MockEscrow`], [`ect_mocks::MockRegistry`]:
//! money really held, as named reserves of Balances), worker reputation
//! ([`ect_mocks::MockWorkerReputation`]: scores moved by the protocol's
//! formulas), the marketplace ([`ect_mocks::MockMarket`]: deals are made as
//! the marketplace makes them, their funds locked in the escrow) and result
//! callbacks ([`ect_mocks::RecordCallbacks`]); with the runtime's account
//! and signature types, so that authorizations and enclave signatures are
//! real sr25519 signatures.

use crate as pallet_ect_poco;
use crate::{result_hash, result_seal, ContributeArgsOf, Usage};
use codec::Encode;
use ect_primitives::{CallbackTarget, DealId, PoolPolicy, Resources, Tag, TaskId};
pub use ect_mocks::{account, callbacks, key, CALLBACK_WEIGHT};
use polkadot_sdk::{
	frame_support::{
		derive_impl,
		assert_ok, parameter_types,
		traits::{ConstU32, ConstU64, Get},
		weights::Weight,
		BoundedVec,
	},
	frame_system,
	pallet_balances, pallet_timestamp,
	sp_core::{Pair, H256},
	sp_io::TestExternalities,
	sp_runtime::MultiSignature,
};

ect_mocks::construct_test_runtime!(Test {
	Timestamp: pallet_timestamp,
	Balances: pallet_balances,
	Poco: pallet_ect_poco,
});

ect_mocks::impl_money_test_system!(Test);

/// A `Get<u128>` constant.
pub type ConstU128<const N: u128> = polkadot_sdk::frame_support::traits::ConstU128<N>;

/// Worker scores and pool records.
pub type Reputation = ect_mocks::MockWorkerReputation;

impl pallet_ect_poco::Config for Test {
	type Currency = Balances;
	type Escrow = Escrow;
	type Deals = ect_mocks::MockMarket;
	type Registry = Registry;
	type Signature = MultiSignature;
	type Signer = <MultiSignature as polkadot_sdk::sp_runtime::traits::Verify>::Signer;
	type Time = Timestamp;
	type WorkerReputation = Reputation;
	type ResultCallback = ect_mocks::RecordCallbacks;
	type KittyMin = ConstU128<KITTY_MIN>;
	type MaxContributors = ConstU32<MAX_CONTRIBUTORS>;
	type MaxResultsLen = ConstU32<64>;
	type MaxCallbackLen = ConstU32<64>;
	type MaxBatch = ConstU32<8>;
	type DefaultTaskRetention = ConstU64<RETENTION>;
	// Pools check nothing unless a test sets their rate (`tests/spot_check.rs`).
	type DefaultSpotCheckRate = ConstU32<0>;
	type MaxPruneWeight = MaxPruneWeight;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ect_primitives::benchmarking::Sr25519Keys;
}

/// How many blocks a finished deal stays in the mock's state.
pub const RETENTION: u64 = 10;

parameter_types! {
	/// What the retention hook may spend per block; tests lower it.
	pub static MaxPruneWeight: Weight = Weight::MAX;
}

/// The kitty's minimum payout.
pub const KITTY_MIN: Balance = 5;
/// The most contributions per task in the mock.
pub const MAX_CONTRIBUTORS: u32 = 6;

/// The funded keys: the three asset owners, the requester, five workers and
/// a stranger.
pub const FUNDED: [&str; 10] =
	["app-owner", "dataset-owner", "scheduler", "requester", "w1", "w2", "w3", "w4", "w5", "stranger"];
/// Each funded account's starting balance.
pub const START: Balance = 1_000_000;
/// The workers.
pub const WORKERS: [&str; 5] = ["w1", "w2", "w3", "w4", "w5"];

/// The asset prices per task.
pub const APP_PRICE: Balance = 30;
pub const DATASET_PRICE: Balance = 20;
pub const POOL_PRICE: Balance = 1_000;
/// The pool's scheduler reward ratio (percent).
pub const SCHEDULER_RATIO: u8 = 10;
/// The worker stake per contribution: 30% of the pool price.
pub const WORKER_STAKE: Balance = 300;
/// The scheduler's stake per task: 30% of the pool price.
pub const SCHEDULER_STAKE: Balance = 300;
/// The category's time reference: 100 s.
pub const T_MS: u64 = 100_000;
/// When the deals start (unix ms).
pub const START_MS: u64 = 1_700_000_000_000;
/// The registered dataset's checksum.
pub fn dataset_checksum() -> H256 {
	H256::repeat_byte(0xda)
}

/// Externalities at block 1 with funded accounts, the pots, an app, a
/// dataset, a workerpool and a category of T = 100 s.
pub fn new_test_ext() -> TestExternalities {
	let mut ext = money_test_ext(&FUNDED, START, (T_MS / 1_000, 1_000_000));
	ext.execute_with(|| {
		set_time(START_MS);
		ect_mocks::callback::clear_callbacks();
		let policy = PoolPolicy { worker_stake_ratio: 30, scheduler_reward_ratio: SCHEDULER_RATIO };
		let (owner, dataset_owner, scheduler) = (account("app-owner"), account("dataset-owner"), account("scheduler"));
		let none = Resources::default();
		register_assets(owner, none, dataset_owner, dataset_checksum(), scheduler, policy);
	});
	ext
}

/// Bytes into a bounded vector.
pub fn bounded<S: Get<u32>>(bytes: &[u8]) -> BoundedVec<u8, S> {
	bytes.to_vec().try_into().unwrap()
}

/// Runs a test, then checks every pallet's invariants.
pub fn run(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		check_invariants();
	});
}

/// PoCo's invariants.
pub fn check_invariants() {
	Poco::do_try_state().expect("poco invariants");
}

/// Sets the wall clock (unix ms).
pub fn set_time(ms: u64) {
	pallet_timestamp::Now::<Test>::put(ms);
}

/// What a deal is made of, beyond the defaults.
#[derive(Clone, Default)]
pub struct DealSpec {
	/// The trust asked.
	pub trust: u32,
	/// How many tasks.
	pub volume: u32,
	/// Whether the deal reads the dataset.
	pub dataset: bool,
	/// Whether the app needs a TEE.
	pub tee: bool,
	/// Where results are delivered.
	pub callback: Option<CallbackTarget>,
	/// Makes the orders distinct.
	pub salt: u8,
}

/// The deal of `spec` as the marketplace would make it (the app, dataset
/// and workerpool at their prices, the pool's stake ratios, starting now),
/// with the requester's payment and the scheduler's stakes locked; returns
/// its id.
pub fn make_deal(spec: DealSpec) -> DealId {
	use ect_primitives::{Deal, DealResource, Escrow as _, LockReason};
	let resource = |owner: &str, price| DealResource { id: 0, owner: account(owner), price };
	let volume = spec.volume.max(1);
	let terms = (spec.salt, spec.trust, volume, spec.dataset, spec.tee, spec.callback);
	let request = H256(polkadot_sdk::sp_io::hashing::blake2_256(&(b"mock request", terms).encode()));
	let deal = Deal {
		app: resource("app-owner", APP_PRICE),
		dataset: spec.dataset.then(|| resource("dataset-owner", DATASET_PRICE)),
		workerpool: resource("scheduler", POOL_PRICE),
		trust: spec.trust.max(1),
		category: 0,
		tag: if spec.tee { Tag::TEE } else { Tag::NONE },
		requester: account("requester"),
		beneficiary: account("requester"),
		callback: spec.callback,
		params: bounded(b"--n 1"),
		start: Poco::now_ms(),
		first_index: 0,
		volume,
		worker_stake: WORKER_STAKE,
		scheduler_stake: SCHEDULER_STAKE,
		scheduler_reward_ratio: SCHEDULER_RATIO,
		request,
		requirements: Default::default(),
	};
	let payment = deal.task_price().expect("small prices") * Balance::from(volume);
	assert_ok!(Escrow::lock(LockReason::Payment, &account("requester"), payment));
	assert_ok!(Escrow::lock(LockReason::SchedulerStake, &account("scheduler"), SCHEDULER_STAKE * Balance::from(volume)));
	let id = ect_primitives::deal_id(&request, 0);
	let existing = <ect_mocks::MockMarket as ect_primitives::DealProvider<AccountId, Balance>>::deal(&id);
	assert!(existing.is_none(), "one deal per set of terms");
	ect_mocks::MockMarket::insert(id, deal);
	id
}

/// A deal of one task at `trust`, initialized; returns (deal, task).
pub fn initialized_task(spec: DealSpec) -> (DealId, TaskId) {
	let deal = make_deal(spec);
	assert_ok!(Poco::initialize(RuntimeOrigin::signed(account("scheduler")), deal, 0));
	(deal, ect_primitives::task_id(&deal, 0))
}

/// The scheduler's authorization of `worker` (in `enclave`) for `task`.
pub fn authorization(worker: &AccountId, task: &TaskId, enclave: Option<&AccountId>) -> MultiSignature {
	let message = crate::authorization_message(&System::block_hash(0), worker, task, enclave);
	MultiSignature::Sr25519(key("scheduler").sign(&message))
}

/// `worker`'s contribution of `digest` to `task`: authorized, with the
/// dataset checksum and a usage report.
pub fn contribution(worker: &str, task: &TaskId, digest: H256) -> ContributeArgsOf<Test> {
	let who = account(worker);
	ContributeArgsOf::<Test> {
		task: *task,
		result_hash: result_hash(task, &digest),
		result_seal: result_seal(&who, task, &digest),
		enclave: None,
		authorization: authorization(&who, task, None),
		usage: Some(Usage { fuel: digest.0[0] as u64 * 1_000, run_ms: 10 }),
		dataset_checksum: Some(dataset_checksum()),
		initialize: None,
	}
}

/// `worker` contributes `digest` to `task`.
pub fn contribute(worker: &str, task: &TaskId, digest: H256) {
	assert_ok!(Poco::contribute(RuntimeOrigin::signed(account(worker)), contribution(worker, task, digest)));
}

/// `worker` reveals `digest` for `task`.
pub fn reveal(worker: &str, task: &TaskId, digest: H256) {
	assert_ok!(Poco::reveal(RuntimeOrigin::signed(account(worker)), *task, digest));
}

/// The total issuance: must never change.
pub fn total_issuance() -> Balance {
	<Balances as polkadot_sdk::frame_support::traits::fungible::Inspect<AccountId>>::total_issuance()
}

/// An account's free balance.
pub fn free(name: &str) -> Balance {
	Balances::free_balance(account(name))
}
