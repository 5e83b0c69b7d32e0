//! Governance (`protocol.md` §11): a council whose motions, passed by two
//! thirds of its members, are the [`GovernanceOrigin`] of every protocol
//! pallet, of the validator set, of runtime upgrades and of the chain-wide
//! emergency stop (safe mode, paused calls). Sudo's root origin also passes,
//! and only the development chain has a sudo key.
//!
//! The council has no root origin: it can make the calls the pallets give
//! governance and nothing else, and none of them moves anyone's escrowed
//! funds. Two of its powers reach further and deserve the closest review
//! of a motion: a runtime upgrade replaces the chain's code, and the bridge's
//! relayer set attests what Ethereum paid.
//!
//! ## Emergency stop
//!
//! - **Safe mode** (`pallet-safe-mode`): governance enters it for
//!   [`SafeModeDuration`] (and extends or leaves it). While it lasts only
//!   [`SafeModeWhitelist`]'s calls dispatch: governance (the council's
//!   motions, also those making the protocol pallets' governance calls),
//!   consensus and session keys, runtime upgrades, and PoCo. Users can neither trade nor
//!   move funds, but the tasks of deals already made go on to be
//!   contributed, revealed, finalized or claimed under their own deadlines:
//!   no worker, scheduler or requester loses a stake or a payment because
//!   the chain was paused.
//! - **Paused calls** (`pallet-tx-pause`): governance pauses single calls
//!   (`Pallet.call`), except the ones safe mode lets through
//!   ([`Unpausable`]).

use polkadot_sdk::*;

use crate::{
	constants::DAYS,
	AccountId, Balances, BlockNumber, Runtime, RuntimeCall, RuntimeEvent, RuntimeHoldReason,
	RuntimeOrigin,
};
use frame_support::{
	parameter_types,
	traits::{ConstU32, Contains, EitherOfDiverse, GetCallMetadata},
	weights::Weight,
};
use frame_system::{EnsureRoot, EnsureWithSuccess};
use sp_runtime::Perbill;

/// The council's instance of `pallet-collective` (and of `pallet-membership`).
pub type CouncilCollective = pallet_collective::Instance1;

/// Governance: root (sudo, on the development chain only) or a council
/// motion approved by at least two thirds of the council.
pub type GovernanceOrigin = EitherOfDiverse<
	EnsureRoot<AccountId>,
	pallet_collective::EnsureProportionAtLeast<AccountId, CouncilCollective, 2, 3>,
>;

impl pallet_sudo::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type WeightInfo = pallet_sudo::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	/// A motion is open for votes for three days.
	pub const CouncilMotionDuration: BlockNumber = 3 * DAYS;
	/// A passed motion may use up to half a block.
	pub MaxProposalWeight: Weight = Perbill::from_percent(50) * super::RuntimeBlockWeights::get().max_block;
}

/// Most council members; most open motions.
type MaxCouncilMembers = ConstU32<100>;

impl pallet_collective::Config<CouncilCollective> for Runtime {
	type RuntimeOrigin = RuntimeOrigin;
	type Proposal = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type MotionDuration = CouncilMotionDuration;
	type MaxProposals = ConstU32<100>;
	type MaxMembers = MaxCouncilMembers;
	/// A member who did not vote counts as voting with the prime member, if any.
	type DefaultVote = pallet_collective::PrimeDefaultVote;
	type WeightInfo = pallet_collective::weights::SubstrateWeight<Runtime>;
	/// Members change through `pallet-membership` (`CouncilMembership`).
	type SetMembersOrigin = EnsureRoot<AccountId>;
	type MaxProposalWeight = MaxProposalWeight;
	type DisapproveOrigin = GovernanceOrigin;
	type KillOrigin = GovernanceOrigin;
	/// Only members propose, with no deposit.
	type Consideration = ();
}

impl pallet_membership::Config<CouncilCollective> for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type AddOrigin = GovernanceOrigin;
	type RemoveOrigin = GovernanceOrigin;
	type SwapOrigin = GovernanceOrigin;
	type ResetOrigin = GovernanceOrigin;
	type PrimeOrigin = GovernanceOrigin;
	type MembershipInitialized = crate::Council;
	type MembershipChanged = crate::Council;
	type MaxMembers = MaxCouncilMembers;
	type WeightInfo = pallet_membership::weights::SubstrateWeight<Runtime>;
}

impl pallet_ect_upgrade::Config for Runtime {
	type GovernanceOrigin = GovernanceOrigin;
}

/// The pallets governance, consensus or PoCo need while the chain is
/// stopped: safe mode lets their calls through and they cannot be paused.
const KEEP_RUNNING: [&str; 12] = [
	"System",
	"Timestamp",
	"Grandpa",
	"Sudo",
	"Session",
	"Validators",
	"Council",
	"CouncilMembership",
	"SafeMode",
	"TxPause",
	"Upgrade",
	"Poco",
];

/// The governance calls of the protocol pallets (`pallet`, `call`): a
/// council motion makes them also in safe mode (halting the market or the
/// bridge, replacing the relayers, revoking an app), and they cannot be
/// paused.
const GOVERNANCE_CALLS: [(&str, &str); 7] = [
	("Registry", "create_category"),
	("Registry", "update_category"),
	("Registry", "list_app"),
	("Registry", "revoke_app"),
	("Marketplace", "set_operating_mode"),
	("Bridge", "set_relayers"),
	("Bridge", "set_operating_mode"),
];

/// Whether the call `pallet.call` keeps running while the chain is stopped:
/// one of [`KEEP_RUNNING`]'s pallets, or one of [`GOVERNANCE_CALLS`].
fn keeps_running(pallet: &[u8], call: &[u8]) -> bool {
	KEEP_RUNNING.iter().any(|name| name.as_bytes() == pallet) ||
		GOVERNANCE_CALLS.iter().any(|(p, c)| p.as_bytes() == pallet && c.as_bytes() == call)
}

/// The calls safe mode lets through: those that [`keeps_running`].
pub struct SafeModeWhitelist;
impl Contains<RuntimeCall> for SafeModeWhitelist {
	fn contains(call: &RuntimeCall) -> bool {
		let metadata = call.get_call_metadata();
		keeps_running(metadata.pallet_name.as_bytes(), metadata.function_name.as_bytes())
	}
}

/// The calls `pallet-tx-pause` cannot pause: those that [`keeps_running`].
pub struct Unpausable;
impl Contains<pallet_tx_pause::RuntimeCallNameOf<Runtime>> for Unpausable {
	fn contains((pallet, call): &pallet_tx_pause::RuntimeCallNameOf<Runtime>) -> bool {
		keeps_running(pallet, call)
	}
}

parameter_types! {
	/// Governance stops the chain for a day at a time.
	pub const SafeModeDuration: BlockNumber = DAYS;
}

/// Governance, with the duration safe mode is entered or extended for.
type GovernanceFor<Duration> = EnsureWithSuccess<GovernanceOrigin, AccountId, Duration>;

impl pallet_safe_mode::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type WhitelistedCalls = SafeModeWhitelist;
	type EnterDuration = SafeModeDuration;
	type ExtendDuration = SafeModeDuration;
	/// Only governance enters and extends safe mode: no deposit opens it to
	/// anyone.
	type EnterDepositAmount = ();
	type ExtendDepositAmount = ();
	type ForceEnterOrigin = GovernanceFor<SafeModeDuration>;
	type ForceExtendOrigin = GovernanceFor<SafeModeDuration>;
	type ForceExitOrigin = GovernanceOrigin;
	type ForceDepositOrigin = GovernanceOrigin;
	type Notify = ();
	type ReleaseDelay = ();
	type WeightInfo = pallet_safe_mode::weights::SubstrateWeight<Runtime>;
}

impl pallet_tx_pause::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type PauseOrigin = GovernanceOrigin;
	type UnpauseOrigin = GovernanceOrigin;
	type WhitelistedCalls = Unpausable;
	type MaxNameLen = ConstU32<256>;
	type WeightInfo = pallet_tx_pause::weights::SubstrateWeight<Runtime>;
}
