//! Block production (Aura), finality (GRANDPA), the timestamp they rely on,
//! and the validator set they follow: `pallet-session`, whose sessions and
//! next set come from `pallet-ect-validators` (governance's set), and
//! `pallet-authorship`, which tells who authored a block (its fees go to
//! them, `monetary.rs`).
//!
//! Equivocations are not reported on chain yet: a report needs the
//! historical session proofs (`pallet-session`'s `historical`) and an
//! offence handler (`pallet-offences`) with something to take, and
//! validators stake nothing here. Governance removes a validator that
//! misbehaves (`docs/validators.md`).

use polkadot_sdk::*;

use crate::{
	constants::{MINUTES, UNIT},
	AccountId, Aura, Balances, BlockNumber, Grandpa, Runtime, RuntimeEvent, SessionKeys, Validators,
};
use frame_support::traits::{ConstBool, ConstU128, ConstU32, ConstU64};
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_runtime::traits::{ConvertInto, OpaqueKeys};

/// Most validators the chain can have at once.
type MaxAuthorities = ConstU32<100>;

impl pallet_timestamp::Config for Runtime {
	type Moment = u64;
	type OnTimestampSet = Aura;
	type MinimumPeriod = ConstU64<{ crate::constants::SLOT_DURATION / 2 }>;
	type WeightInfo = pallet_timestamp::weights::SubstrateWeight<Runtime>;
}

impl pallet_aura::Config for Runtime {
	type AuthorityId = AuraId;
	type DisabledValidators = ();
	type MaxAuthorities = MaxAuthorities;
	type AllowMultipleBlocksPerSlot = ConstBool<false>;
	type SlotDuration = pallet_aura::MinimumPeriodTimesTwo<Runtime>;
}

impl pallet_grandpa::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type MaxAuthorities = MaxAuthorities;
	type MaxNominators = ConstU32<0>;
	type MaxSetIdSessionEntries = ConstU64<0>;
	// No stake and no historical sessions: equivocations are not reported
	// on chain (module docs).
	type KeyOwnerProof = sp_core::Void;
	type EquivocationReportSystem = ();
}

impl pallet_authorship::Config for Runtime {
	/// The author's account: the session validator at Aura's author index.
	type FindAuthor = pallet_session::FindAccountFromAuthorIndex<Runtime, Aura>;
	type EventHandler = ();
}

impl pallet_session::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	/// A validator is known by its account.
	type ValidatorId = AccountId;
	type ValidatorIdOf = ConvertInto;
	type ShouldEndSession = Validators;
	type NextSessionRotation = Validators;
	type SessionManager = Validators;
	type SessionHandler = <SessionKeys as OpaqueKeys>::KeyTypeIdProviders;
	type Keys = SessionKeys;
	type DisablingStrategy = ();
	type WeightInfo = pallet_session::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	/// Registering session keys holds one ECT until they are purged.
	type KeyDeposit = ConstU128<UNIT>;
}

/// GRANDPA restarts finality after a stall.
pub struct GrandpaStall;
impl pallet_ect_validators::FinalityStall<BlockNumber> for GrandpaStall {
	fn note_stalled(delay: BlockNumber, median: BlockNumber) {
		// `on_stalled` is private; the root call is what it exposes.
		let _ = Grandpa::note_stalled(frame_system::RawOrigin::Root.into(), delay, median);
	}
}

impl pallet_ect_validators::Config for Runtime {
	type GovernanceOrigin = super::governance::GovernanceOrigin;
	type ValidatorRegistration = crate::Session;
	type Finality = GrandpaStall;
	type MaxValidators = MaxAuthorities;
	type MinValidators = ConstU32<1>;
	/// An hour of 2-second blocks, unless the genesis says otherwise.
	type DefaultSessionLength = ConstU32<{ 60 * MINUTES }>;
	type WeightInfo = pallet_ect_validators::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = SessionKeysForBenchmarks;
}

/// Gives the account session keys made from its bytes (as registered keys
/// are stored; the benchmarks need no key pair).
#[cfg(feature = "runtime-benchmarks")]
pub struct SessionKeysForBenchmarks;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_ect_validators::BenchmarkHelper<AccountId> for SessionKeysForBenchmarks {
	fn register_keys(who: &AccountId) {
		let bytes: [u8; 32] = *who.as_ref();
		let keys = SessionKeys {
			aura: sp_core::sr25519::Public::from_raw(bytes).into(),
			grandpa: sp_core::ed25519::Public::from_raw(bytes).into(),
		};
		pallet_session::NextKeys::<Runtime>::insert(who, keys);
	}
}
