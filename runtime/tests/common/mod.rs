//! Shared by the runtime's integration tests: a genesis state built from a
//! preset, as the node builds it; calls and runtime API calls; the assets
//! and orders of a typical deal.

#![allow(dead_code)]

use codec::{Decode, Encode};
use ect_runtime::{
	apis::api::dispatch,
	genesis_config_presets::get_preset,
	polkadot_sdk::{
		frame_support::{assert_ok, genesis_builder_helper::build_state, traits::UnfilteredDispatchable},
		sp_core::H256,
		sp_genesis_builder::PresetId,
		sp_io::TestExternalities,
		sp_keyring::Sr25519Keyring,
	},
	AccountId, Balance, Runtime, RuntimeCall, RuntimeGenesisConfig, RuntimeOrigin,
};
use pallet_ect_marketplace::{AppOrder, DatasetOrder, RequestOrder, WorkerpoolOrder};
use pallet_ect_registry::{AppKind, PoolPolicy, Resources, Restriction, Tag};
use serde_json::Value;

/// Applies a JSON patch onto a full genesis config, as chain-spec tools do.
fn merge(base: &mut Value, patch: Value) {
	match (base, patch) {
		(Value::Object(base), Value::Object(patch)) =>
			for (key, value) in patch {
				merge(base.entry(key).or_insert(Value::Null), value);
			},
		(base, patch) => *base = patch,
	}
}

/// Builds the genesis state of `preset` and runs `check` in it.
pub fn with_genesis(preset: &str, check: impl FnOnce()) {
	let patch = get_preset(&PresetId::from(preset)).expect("preset exists");
	let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).unwrap();
	merge(&mut config, serde_json::from_slice(&patch).unwrap());
	let mut ext = TestExternalities::new_empty();
	ext.execute_with(|| {
		build_state::<RuntimeGenesisConfig>(serde_json::to_vec(&config).unwrap())
			.expect("genesis builds");
		check();
	});
}

pub const UNIT: Balance = ect_runtime::constants::UNIT;

/// Calls `method` of the runtime API with SCALE `args`, as `state_call` does.
pub fn state_call<R: Decode>(method: &str, args: impl Encode) -> R {
	let bytes = dispatch(method, &args.encode()).unwrap_or_else(|| panic!("{method} is a runtime API"));
	R::decode(&mut &bytes[..]).expect("the API answer decodes")
}

pub fn signed(who: Sr25519Keyring) -> RuntimeOrigin {
	RuntimeOrigin::signed(who.to_account_id())
}

pub fn call(who: Sr25519Keyring, call: impl Into<RuntimeCall>) {
	assert_ok!(call.into().dispatch_bypass_filter(signed(who)));
}

/// Moves to the next block: a consensus that rests on one contribution is
/// revealed from the block after it, once its spot-check draw is known
/// (PoCo's `spot_check`; with no block hash stored, the draw is "unchecked").
pub fn next_block() {
	ect_runtime::System::set_block_number(ect_runtime::System::block_number().saturating_add(1));
}

/// The block the test orders expire at: valid from genesis (within the
/// 30 days the chain allows) through every test, and later than a resting
/// request's own lifetime (7 days) so that it leaves the book at that.
pub const ORDER_EXPIRY: u32 = 10 * ect_runtime::DAYS;

pub fn app_order(volume: u32, salt: u8) -> AppOrder<AccountId, Balance> {
	AppOrder {
		app: 0,
		price: UNIT,
		volume,
		tag: Tag::NONE,
		dataset_restrict: Restriction::Anyone,
		workerpool_restrict: Restriction::Anyone,
		requester_restrict: Restriction::Anyone,
		salt: [salt; 32],
		expires: ORDER_EXPIRY,
	}
}

pub fn dataset_order(volume: u32, salt: u8) -> DatasetOrder<AccountId, Balance> {
	DatasetOrder {
		dataset: 0,
		price: UNIT / 2,
		volume,
		tag: Tag::NONE,
		app_restrict: Restriction::Anyone,
		workerpool_restrict: Restriction::Anyone,
		requester_restrict: Restriction::Anyone,
		salt: [salt; 32],
		expires: ORDER_EXPIRY,
	}
}

pub fn pool_order(volume: u32, salt: u8) -> WorkerpoolOrder<AccountId, Balance> {
	WorkerpoolOrder {
		workerpool: 0,
		price: 10 * UNIT,
		volume,
		tag: Tag::NONE,
		category: 1,
		trust: 100,
		app_restrict: Restriction::Anyone,
		dataset_restrict: Restriction::Anyone,
		requester_restrict: Restriction::Anyone,
		salt: [salt; 32],
		capabilities: Resources { cpu_cores: 4, memory_mib: 8_192, ..Default::default() },
		expires: ORDER_EXPIRY,
	}
}

pub fn request_order(volume: u32, salt: u8) -> pallet_ect_marketplace::RequestOrderOf<Runtime> {
	RequestOrder {
		app: 0,
		app_max_price: UNIT,
		dataset: Some(0),
		dataset_max_price: UNIT,
		workerpool: None,
		workerpool_max_price: 20 * UNIT,
		requester: Sr25519Keyring::Dave.to_account_id(),
		volume,
		tag: Tag::NONE,
		category: 1,
		trust: 4,
		beneficiary: Sr25519Keyring::Dave.to_account_id(),
		callback: None,
		params: b"--seed 42".to_vec().try_into().unwrap(),
		salt: [salt; 32],
		requirements: Resources { memory_mib: 1_024, ..Default::default() },
		expires: ORDER_EXPIRY,
	}
}

/// Alice, Bob and Charlie publish offers of their app, dataset and
/// workerpool (salted with `salt`), and Dave a request of `volume` tasks at
/// `trust`, which the order book matches at once; returns the deal.
pub fn make_deal(trust: u32, volume: u32, salt: u8) -> H256 {
	make_deal_with(trust, volume, salt, None)
}

/// [`make_deal`] whose request names the callback target `callback`.
pub fn make_deal_with(trust: u32, volume: u32, salt: u8, callback: Option<pallet_ect_marketplace::CallbackTarget>) -> H256 {
	use ect_runtime::polkadot_sdk::sp_runtime::Percent;
	use pallet_ect_marketplace::{Call, Order, OrderOf};
	let publish = |who, order: OrderOf<Runtime>| call(who, Call::<Runtime>::publish_offer { order });
	publish(Sr25519Keyring::Alice, Order::App(app_order(1_000, salt)));
	publish(Sr25519Keyring::Bob, Order::Dataset(dataset_order(1_000, salt)));
	publish(Sr25519Keyring::Charlie, Order::Workerpool(pool_order(1_000, salt)));
	let mut request = request_order(volume, salt);
	request.trust = trust;
	request.callback = callback;
	let hash: H256 = state_call("MarketplaceApi_order_hash", Order::Request(request.clone()));
	call(Sr25519Keyring::Dave, Call::<Runtime>::publish_request { order: request, price_weight: Percent::one() });
	pallet_ect_marketplace::deal_id(&hash, 0)
}

/// Alice registers an app, Bob a dataset, Charlie a workerpool.
pub fn register_assets() {
	fn bytes<S: ect_runtime::polkadot_sdk::frame_support::traits::Get<u32>>(
		s: &str,
	) -> ect_runtime::polkadot_sdk::frame_support::BoundedVec<u8, S> {
		s.as_bytes().to_vec().try_into().unwrap()
	}
	call(
		Sr25519Keyring::Alice,
		pallet_ect_registry::Call::<Runtime>::register_app {
			name: bytes("sha256"),
			kind: AppKind::WasiPreview1,
			multiaddr: bytes("https://apps.example/sha256.wasm"),
			checksum: H256::repeat_byte(1),
			mrenclave: None,
			requirements: Resources { memory_mib: 512, ..Default::default() },
		},
	);
	call(
		Sr25519Keyring::Bob,
		pallet_ect_registry::Call::<Runtime>::register_dataset {
			name: bytes("corpus"),
			multiaddr: bytes("https://data.example/corpus"),
			checksum: H256::repeat_byte(2),
		},
	);
	call(
		Sr25519Keyring::Charlie,
		pallet_ect_registry::Call::<Runtime>::register_workerpool {
			description: bytes("charlie's pool"),
			policy: PoolPolicy::default(),
			capabilities: Resources { cpu_cores: 4, memory_mib: 8_192, ..Default::default() },
		},
	);
}

pub fn check_invariants() {
	pallet_ect_escrow::Pallet::<Runtime>::do_try_state().unwrap();
	pallet_ect_registry::Pallet::<Runtime>::do_try_state().unwrap();
	pallet_ect_marketplace::Pallet::<Runtime>::do_try_state().unwrap();
	pallet_ect_reputation::Pallet::<Runtime>::do_try_state().unwrap();
	pallet_ect_poco::Pallet::<Runtime>::do_try_state().unwrap();
	pallet_ect_bridge::Pallet::<Runtime>::do_try_state().unwrap();
}


/// `worker`'s contribution of `digest` to `task`, authorized by `scheduler`'s
/// key, stating `dataset_checksum`.
pub fn contribution(
	scheduler: Sr25519Keyring,
	worker: Sr25519Keyring,
	task: &H256,
	digest: H256,
	dataset_checksum: Option<H256>,
) -> pallet_ect_poco::ContributeArgsOf<Runtime> {
	use ect_runtime::{polkadot_sdk::{sp_core::Pair, sp_runtime::MultiSignature}, System};
	let who = worker.to_account_id();
	let message = pallet_ect_poco::authorization_message(&System::block_hash(0), &who, task, None::<&AccountId>);
	pallet_ect_poco::ContributeArgsOf::<Runtime> {
		task: *task,
		result_hash: pallet_ect_poco::result_hash(task, &digest),
		result_seal: pallet_ect_poco::result_seal(&who, task, &digest),
		enclave: None,
		authorization: MultiSignature::Sr25519(scheduler.pair().sign(&message)),
		usage: None,
		dataset_checksum,
		initialize: None,
	}
}
