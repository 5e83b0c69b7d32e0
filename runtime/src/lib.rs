//! # ECT runtime
//!
//! The state-transition function of the ECT sidechain: a FRAME runtime whose
//! job is a decentralized compute market (registries, escrow, matching,
//! Proof-of-Contribution and reputation). This crate holds the chain's
//! foundation: block production (Aura), finality (GRANDPA), the validator
//! set they follow (Session, Validators; fees to the block's author), the
//! native token ECT (Balances, TransactionPayment), and governance: a
//! council (Council, CouncilMembership) whose motions are the governance
//! origin everywhere, an emergency stop (SafeMode, TxPause) and runtime
//! upgrades (Upgrade); sudo only on the development chain.
//!
//! Where things live:
//! - [`constants`]: block time, currency units, block limits;
//! - [`configs`]: one `Config` implementation per pallet, grouped by concern;
//! - [`apis`]: the runtime APIs clients call (`state_call`);
//! - [`genesis_config_presets`]: the `development` and `local_testnet` presets.
//!
//! Pallets 0 to 9 are the foundation, 10 to 19 governance.
//!
//! The protocol pallets sit at indices 20 to 26 of [`runtime`] (registry,
//! escrow, marketplace, PoCo, reputation, bridge, inbox). None of them depends on
//! another: each names what it uses as associated types bound by
//! `ect-primitives`'s traits, and [`configs`] wires them to each other.

#![cfg_attr(not(feature = "std"), no_std)]
// `construct_runtime` and `impl_runtime_apis` need a large recursion limit.
#![recursion_limit = "256"]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;

pub use polkadot_sdk::{self, *};

// Declared before `apis`: it defines the `list_benchmarks!` and
// `add_benchmarks!` macros the benchmark API uses.
#[cfg(feature = "runtime-benchmarks")]
#[macro_use]
mod benchmarks;

pub mod apis;
pub mod catalog;
pub mod configs;
pub mod constants;
pub mod genesis_config_presets;
// Also with `try-runtime`, so that its migration's checks are tested
// (`runtime/tests/try_runtime.rs`); in `Migrations` only in the fixture.
#[cfg(any(feature = "upgrade-fixture", feature = "try-runtime"))]
pub mod upgrade_fixture;

use alloc::{borrow::Cow, vec::Vec};
use sp_runtime::{
	generic, impl_opaque_keys,
	traits::{BlakeTwo256, IdentifyAccount, Verify},
	MultiAddress, MultiSignature,
};
use sp_version::RuntimeVersion;
#[allow(unused_imports)]
use frame_support::instances::Instance1;

pub use constants::*;
pub use frame_system::Call as SystemCall;
pub use pallet_balances::Call as BalancesCall;
pub use pallet_timestamp::Call as TimestampCall;
#[cfg(feature = "std")]
pub use sp_runtime::BuildStorage;

/// Types the node needs without knowing the runtime's extrinsic format.
pub mod opaque {
	use super::*;

	pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;

	/// Opaque block header type.
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	/// Opaque block type.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;
	/// Opaque block hash type.
	pub type Hash = <BlakeTwo256 as sp_runtime::traits::Hash>::Output;
}

impl_opaque_keys! {
	/// The session keys of a validator: one for block production, one for finality.
	pub struct SessionKeys {
		/// Aura (block authoring) key.
		pub aura: Aura,
		/// GRANDPA (finality voting) key.
		pub grandpa: Grandpa,
	}
}

/// The runtime's version. `spec_version` must be bumped on every change of
/// behaviour (and the upgrade fixture's below with it, one higher),
/// `transaction_version` on every change of the call encoding.
#[cfg(not(feature = "upgrade-fixture"))]
#[sp_version::runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: Cow::Borrowed("ect"),
	impl_name: Cow::Borrowed("ect-node"),
	authoring_version: 1,
	spec_version: 117,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 2,
	system_version: 1,
};

/// The upgrade fixture's version: this runtime's, one `spec_version` higher
/// ([`upgrade_fixture`]).
#[cfg(feature = "upgrade-fixture")]
#[sp_version::runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: Cow::Borrowed("ect"),
	impl_name: Cow::Borrowed("ect-node"),
	authoring_version: 1,
	spec_version: 118,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 2,
	system_version: 1,
};

/// Signature of a transaction: sr25519, ed25519 or ECDSA.
pub type Signature = MultiSignature;
/// An account: the public key behind [`Signature`].
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;
/// A balance in planck (10^-12 ECT).
pub type Balance = u128;
/// A transaction counter of an account.
pub type Nonce = u32;
/// A block or state hash.
pub type Hash = sp_core::H256;
/// A block number.
pub type BlockNumber = u32;
/// The address format of a transaction's sender.
pub type Address = MultiAddress<AccountId, ()>;
/// Block header type.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
/// Block type.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;

/// The transaction extensions every signed transaction carries, in order.
pub type TxExtension = (
	frame_system::AuthorizeCall<Runtime>,
	frame_system::CheckNonZeroSender<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
	frame_metadata_hash_extension::CheckMetadataHash<Runtime>,
	frame_system::WeightReclaim<Runtime>,
);

/// An extrinsic as it travels on the wire and in blocks.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;

/// The payload a sender signs.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;

/// Storage migrations run on the next runtime upgrade: each protocol
/// pallet's unreleased ones (PoCo's v1: tasks record their spot check;
/// the marketplace's v1: published requests rest and expire). A
/// pallet's migration goes in its `migrations` module and is named there,
/// not here.
pub type Migrations = (
	pallet_ect_registry::migrations::Unreleased,
	pallet_ect_escrow::migrations::Unreleased,
	pallet_ect_marketplace::migrations::Unreleased<Runtime>,
	pallet_ect_poco::migrations::Unreleased<Runtime>,
	pallet_ect_reputation::migrations::Unreleased,
	pallet_ect_bridge::migrations::Unreleased,
	pallet_ect_inbox::migrations::Unreleased,
	FixtureMigrations,
);

/// The upgrade fixture's own migration ([`upgrade_fixture`]); none in the
/// runtime itself.
#[cfg(feature = "upgrade-fixture")]
type FixtureMigrations = upgrade_fixture::TagCategories;
#[cfg(not(feature = "upgrade-fixture"))]
type FixtureMigrations = ();

/// Dispatches extrinsics to the pallets and runs their hooks.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
	Migrations,
>;

/// The runtime: its pallets and their indices. Indices are part of the
/// transaction encoding: never reuse or renumber one.
#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	// --- Foundation: 0..=9 ---
	#[runtime::pallet_index(0)]
	pub type System = frame_system;
	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;
	#[runtime::pallet_index(2)]
	pub type Aura = pallet_aura;
	#[runtime::pallet_index(3)]
	pub type Grandpa = pallet_grandpa;
	#[runtime::pallet_index(4)]
	pub type Balances = pallet_balances;
	#[runtime::pallet_index(5)]
	pub type TransactionPayment = pallet_transaction_payment;
	#[runtime::pallet_index(6)]
	pub type Sudo = pallet_sudo;
	#[runtime::pallet_index(7)]
	pub type Authorship = pallet_authorship;
	// Before `Session`: its genesis set is the session's.
	#[runtime::pallet_index(8)]
	pub type Validators = pallet_ect_validators;
	#[runtime::pallet_index(9)]
	pub type Session = pallet_session;

	// --- Governance: 10..=19 ---
	#[runtime::pallet_index(10)]
	pub type Council = pallet_collective<Instance1>;
	#[runtime::pallet_index(11)]
	pub type CouncilMembership = pallet_membership<Instance1>;
	#[runtime::pallet_index(12)]
	pub type SafeMode = pallet_safe_mode;
	#[runtime::pallet_index(13)]
	pub type TxPause = pallet_tx_pause;
	#[runtime::pallet_index(14)]
	pub type Upgrade = pallet_ect_upgrade;

	// --- Protocol: 20..=39, reserved for the ECT pallets ---
	#[runtime::pallet_index(20)]
	pub type Registry = pallet_ect_registry;
	#[runtime::pallet_index(21)]
	pub type Escrow = pallet_ect_escrow;
	#[runtime::pallet_index(22)]
	pub type Marketplace = pallet_ect_marketplace;
	#[runtime::pallet_index(23)]
	pub type Poco = pallet_ect_poco;
	#[runtime::pallet_index(24)]
	pub type Reputation = pallet_ect_reputation;
	#[runtime::pallet_index(25)]
	pub type Bridge = pallet_ect_bridge;
	#[runtime::pallet_index(26)]
	pub type Inbox = pallet_ect_inbox;
}
