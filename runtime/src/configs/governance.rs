//! Governance (`protocol.md` §11): a council whose motions, passed by two
//! thirds of its members, are the [`GovernanceOrigin`] of every protocol
//! pallet, of the validator set, of runtime upgrades and of the chain-wide
//! emergency stop (safe mode, paused calls). Sudo's root origin also passes,
//! and only the development chain has a sudo key.
//!
//! The council has no root origin: it can do what the pallets let
//! governance do and nothing more, so it cannot move anyone's escrowed funds.
//!
//! ## Emergency stop
//!
//! - **Safe mode** (`pallet-safe-mode`): governance enters it for
//!   [`SafeModeDuration`] (and extends or leaves it). While it lasts only
//!   [`SafeModeWhitelist`]'s calls dispatch: governance, consensus and
//!   session keys, runtime upgrades, and PoCo. Users can neither trade nor
//!   move funds, but the tasks of deals already made go on to be
//!   contributed, revealed, finalized or claimed under their own deadlines:
//!   no worker, scheduler or requester loses a stake or a payment because
//!   the chain was paused.
//! - **Paused calls** (`pallet-tx-pause`): governance pauses single calls
//!   or whole pallets, except those of [`KEEP_RUNNING`]'s pallets ([`Unpausable`]).

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

/// The calls safe mode lets through: those of [`KEEP_RUNNING`]'s pallets.
pub struct SafeModeWhitelist;
impl Contains<RuntimeCall> for SafeModeWhitelist {
	fn contains(call: &RuntimeCall) -> bool {
		KEEP_RUNNING.contains(&call.get_call_metadata().pallet_name)
	}
}

/// The calls `pallet-tx-pause` cannot pause: those of [`KEEP_RUNNING`]'s
/// pallets.
pub struct Unpausable;
impl Contains<pallet_tx_pause::RuntimeCallNameOf<Runtime>> for Unpausable {
	fn contains((pallet, _call): &pallet_tx_pause::RuntimeCallNameOf<Runtime>) -> bool {
		KEEP_RUNNING.iter().any(|name| name.as_bytes() == pallet.as_slice())
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
