//! The ECT protocol pallets.

use super::{governance::GovernanceOrigin, RuntimeBlockWeights};
use crate::{
	Balance, Balances, BlockNumber, Escrow, Marketplace, Registry, Reputation, Runtime,
	RuntimeHoldReason, Signature, Timestamp,
};
use crate::constants::{DAYS, MILLI_UNIT, UNIT};
use polkadot_sdk::{
	frame_support::{parameter_types, traits::ConstU32, weights::Weight, PalletId},
	sp_runtime::Perbill,
};

parameter_types! {
	/// The escrow's pot and kitty accounts derive from this id.
	pub const EscrowPalletId: PalletId = PalletId(*b"ect/escr");
	/// The storage deposit of an app, a dataset or a workerpool.
	pub const AssetDeposit: Balance = UNIT;
	/// The storage deposit of a restriction group (up to `MaxGroupMembers` members).
	pub const GroupDeposit: Balance = UNIT;
	/// The storage deposit of a published order.
	pub const OrderDeposit: Balance = 10 * MILLI_UNIT;
	/// The least a finalizing scheduler takes from a non-empty kitty.
	pub const KittyMin: Balance = 100 * MILLI_UNIT;
	/// The bridged requests' accounts derive from this id.
	pub const BridgePalletId: PalletId = PalletId(*b"ect/brdg");
	/// A finished deal stays a day in the state (2 s blocks), unless the
	/// chain's genesis says otherwise.
	pub const DefaultTaskRetention: BlockNumber = 43_200;
	/// Removing finished deals takes at most a tenth of a block.
	pub MaxPruneWeight: Weight = Perbill::from_percent(10) * RuntimeBlockWeights::get().max_block;
}

impl pallet_ect_escrow::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type PalletId = EscrowPalletId;
}

impl pallet_ect_registry::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	/// The council (or the dev chain's sudo).
	type GovernanceOrigin = GovernanceOrigin;
	type AssetDeposit = AssetDeposit;
	type GroupDeposit = GroupDeposit;
	type MaxNameLen = ConstU32<64>;
	type MaxUrlLen = ConstU32<256>;
	type MaxDescriptionLen = ConstU32<256>;
	type MaxReasonLen = ConstU32<256>;
	type MaxGroupMembers = ConstU32<256>;
	type MaxCategories = ConstU32<32>;
	type WeightInfo = pallet_ect_registry::weights::SubstrateWeight<Runtime>;
}

/// The bound of a request's task parameters, shared by the marketplace and
/// the bridge's inbound requests.
type MaxParamsLen = ConstU32<1024>;
/// The bound of certified callback bytes, shared by PoCo and the bridge's
/// result messages.
type MaxCallbackLen = ConstU32<1024>;

impl pallet_ect_marketplace::Config for Runtime {
	type Currency = Balances;
	type Registry = Registry;
	type GovernanceOrigin = GovernanceOrigin;
	type Escrow = Escrow;
	type Signature = Signature;
	type Signer = <Signature as polkadot_sdk::sp_runtime::traits::Verify>::Signer;
	type Time = Timestamp;
	/// Workerpools rank by their share of completed tasks.
	type Reputation = Reputation;
	type OrderDeposit = OrderDeposit;
	type MaxParamsLen = MaxParamsLen;
	type MaxOrdersPerAsset = ConstU32<64>;
	type MaxPoolOrdersPerCategory = ConstU32<256>;
	type MaxMatchCandidates = ConstU32<32>;
	type MaxDealsPerPublish = ConstU32<8>;
	/// A request with volume left rests in the book for a week.
	type RequestLifetime = ConstU32<{ 7 * DAYS }>;
	type MaxRestingPerCategory = ConstU32<256>;
	type MaxExpiriesPerBlock = ConstU32<64>;
	/// Orders expire at most 30 days ahead, and what the chain remembers of
	/// them is pruned a day after they expire.
	type MaxOrderLifetime = ConstU32<{ 30 * DAYS }>;
	type OrderRetention = ConstU32<DAYS>;
	type MaxPrunesPerBlock = ConstU32<64>;
	type WeightInfo = pallet_ect_marketplace::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ect_primitives::benchmarking::Sr25519Keys;
}

impl pallet_ect_reputation::Config for Runtime {}

impl pallet_ect_poco::Config for Runtime {
	type Currency = Balances;
	type Escrow = Escrow;
	type Deals = Marketplace;
	type Registry = Registry;
	type Signature = Signature;
	type Signer = <Signature as polkadot_sdk::sp_runtime::traits::Verify>::Signer;
	type Time = Timestamp;
	type WorkerReputation = Reputation;
	/// Ethereum targets go through the bridge, the inbox's runtime id to
	/// the inbox (`results.rs`). Finalize and claim declare the dearer
	/// delivery for each task and refund it when its deal has no callback.
	type ResultCallback = super::results::ResultRouter;
	type KittyMin = KittyMin;
	type MaxContributors = ConstU32<32>;
	type MaxResultsLen = ConstU32<512>;
	type MaxCallbackLen = MaxCallbackLen;
	type MaxBatch = ConstU32<32>;
	type DefaultTaskRetention = DefaultTaskRetention;
	/// A pool checks 5% of its lone consensuses until its scheduler sets
	/// its own rate (`protocol.md` §7: above 0).
	type DefaultSpotCheckRate = ConstU32<50_000>;
	type MaxPruneWeight = MaxPruneWeight;
	type WeightInfo = pallet_ect_poco::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ect_primitives::benchmarking::Sr25519Keys;
}

/// The example receiver of certified results for dapps on this chain.
impl pallet_ect_inbox::Config for Runtime {
	type MaxResultLen = MaxCallbackLen;
}

impl pallet_ect_bridge::Config for Runtime {
	type Currency = Balances;
	type GovernanceOrigin = GovernanceOrigin;
	type Market = Marketplace;
	type Deals = Marketplace;
	type MaxCallbackLen = MaxCallbackLen;
	type PalletId = BridgePalletId;
	type MaxRelayers = ConstU32<16>;
	/// A vote counts for 10 minutes (300 blocks of 2 s).
	type AttestationTtl = ConstU32<300>;
	type MaxMessagesPerBlock = ConstU32<64>;
	/// Ether has 18 decimals, ECT 12.
	type WeiPerUnit = polkadot_sdk::frame_support::traits::ConstU128<1_000_000>;
	type WeightInfo = pallet_ect_bridge::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkRegistry = Registry;
}
