//! The escrow: all the protocol's money moves through it (`protocol.md` §2).

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use polkadot_sdk::sp_runtime::DispatchResult;
use scale_info::TypeInfo;

/// Why the escrow holds funds on an account: one purpose per hold.
#[derive(
	Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub enum LockReason {
	/// A requester's payment for the tasks of its deals.
	Payment,
	/// A scheduler's stake on the tasks of its deals.
	SchedulerStake,
	/// A worker's stake on its contributions.
	WorkerStake,
}

/// One of the protocol's two accounts.
#[derive(
	Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub enum Pot {
	/// Seized payments and stakes, paid out as rewards.
	Protocol,
	/// Failed schedulers' stakes, paid to finalizing schedulers.
	Kitty,
}

/// What the escrow offers the protocol pallets. Every operation either moves
/// exactly `amount` between two accounts or fails and moves nothing; a zero
/// amount is a no-op.
pub trait Escrow<AccountId> {
	/// The amount type.
	type Balance;

	/// Puts `amount` of `who`'s free funds on hold for `reason`.
	fn lock(reason: LockReason, who: &AccountId, amount: Self::Balance) -> DispatchResult;

	/// Releases `amount` held from `who` for `reason` back to its free balance.
	fn unlock(reason: LockReason, who: &AccountId, amount: Self::Balance) -> DispatchResult;

	/// Takes `amount` held from `who` for `reason` into `pot`.
	fn seize(reason: LockReason, who: &AccountId, amount: Self::Balance, pot: Pot) -> DispatchResult;

	/// Pays `amount` from `pot` to `who`'s free balance.
	fn reward(who: &AccountId, amount: Self::Balance, pot: Pot) -> DispatchResult;

	/// What `who` holds for `reason`.
	fn locked(reason: LockReason, who: &AccountId) -> Self::Balance;

	/// What `pot` can pay out (its balance above its existential deposit).
	fn available(pot: Pot) -> Self::Balance;
}
