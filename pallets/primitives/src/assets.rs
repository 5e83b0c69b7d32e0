//! Registered assets as the other pallets see them: references, order
//! restrictions, pool policies, and the views the registry gives of an app,
//! a dataset, a workerpool and a category (`protocol.md` §1, §3).

use crate::{AppId, DatasetId, GroupId, Resources, WorkerpoolId};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use polkadot_sdk::sp_core::H256;
use scale_info::TypeInfo;

/// One registered asset, whatever its kind.
#[derive(
	Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub enum AssetRef {
	/// An app.
	App(AppId),
	/// A dataset.
	Dataset(DatasetId),
	/// A workerpool.
	Workerpool(WorkerpoolId),
}

/// Who may use an order (`protocol.md` §3). A restriction on an asset (app,
/// dataset or workerpool) is checked against the asset's owner.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub enum Restriction<AccountId> {
	/// Anyone.
	Anyone,
	/// Only this account.
	Account(AccountId),
	/// Any member of this group; the group must be owned by the order's owner.
	Group(GroupId),
}

impl<AccountId> Default for Restriction<AccountId> {
	fn default() -> Self {
		Self::Anyone
	}
}

/// How an app's program runs.
#[derive(
	Clone, Copy, Default, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub enum AppKind {
	/// A WASI preview 1 module run by the worker's sandbox.
	#[default]
	WasiPreview1,
}

/// The policy of a workerpool, snapshotted into each deal when it is matched
/// (a change applies only to deals matched later).
#[derive(
	Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct PoolPolicy {
	/// The percent of the pool price each worker stakes per contribution (0..=100).
	pub worker_stake_ratio: u8,
	/// The percent of the worker pot kept by the scheduler (0..=100).
	pub scheduler_reward_ratio: u8,
}

impl PoolPolicy {
	/// Whether both ratios are percents (at most 100).
	pub fn is_valid(&self) -> bool {
		self.worker_stake_ratio <= 100 && self.scheduler_reward_ratio <= 100
	}
}

impl Default for PoolPolicy {
	fn default() -> Self {
		Self { worker_stake_ratio: 30, scheduler_reward_ratio: 1 }
	}
}

/// What other pallets read of a registered app.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct AppInfo<AccountId> {
	/// Its owner, paid the app price of every task.
	pub owner: AccountId,
	/// The minimum machine resources it needs.
	pub requirements: Resources,
}

/// What other pallets read of a registered dataset.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct DatasetInfo<AccountId> {
	/// Its owner, paid the dataset price of every task.
	pub owner: AccountId,
	/// blake2-256 of its bytes; workers must state they obtained these (§10).
	pub checksum: H256,
}

/// What other pallets read of a registered workerpool.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct WorkerpoolInfo<AccountId> {
	/// Its owner: the pool's scheduler, whose account holds the pool's
	/// deposit and stakes.
	pub owner: AccountId,
	/// The operator key the owner named on chain, if any: it acts as the
	/// pool's scheduler (signs worker authorisations and workerpool orders,
	/// publishes them, reopens and finalizes tasks) so that the owner's key
	/// can stay cold. Money still moves from and to the owner.
	pub operator: Option<AccountId>,
	/// The stake and reward ratios a deal snapshots.
	pub policy: PoolPolicy,
}

impl<AccountId: PartialEq> WorkerpoolInfo<AccountId> {
	/// Whether `who` acts as this pool's scheduler: its owner or its operator.
	pub fn is_scheduler(&self, who: &AccountId) -> bool {
		self.owner == *who || self.operator.as_ref() == Some(who)
	}
}

/// What other pallets read of a task category.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct CategoryInfo {
	/// The time reference T, in seconds; the task deadlines are multiples of it.
	pub work_clock_time_ref: u64,
	/// The most fuel a task of this category may burn [beyond].
	pub max_fuel: u64,
}
