//! The registered assets as the registry stores them (`protocol.md` §1, §3,
//! §11). The vocabulary they share with the other pallets (ids,
//! restrictions, tags, resources, pool policies) is `ect-primitives`'s.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use core::fmt::Debug;
use polkadot_sdk::{
	frame_support::{traits::Get, BoundedVec},
	sp_core::H256,
};
use scale_info::TypeInfo;

pub use ect_primitives::{
	impl_ignoring_length_bounds, AppId, AppKind, AssetRef, CategoryId, CpuArch, DatasetId, GroupId, PoolPolicy,
	Resources, Restriction, Tag, WorkerpoolId,
};

/// The storage deposit an asset or group holds, and who paid it: it is
/// returned to that account when the entry is removed, whoever owns it then.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct Deposit<AccountId, Balance> {
	/// Who paid it.
	pub depositor: AccountId,
	/// How much is held.
	pub amount: Balance,
}

/// A registered app (`protocol.md` §1).
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo)]
#[scale_info(skip_type_params(NameLen, UrlLen))]
#[codec(mel_bound(AccountId: MaxEncodedLen, Balance: MaxEncodedLen))]
pub struct App<AccountId, Balance, NameLen: Get<u32>, UrlLen: Get<u32>> {
	/// The owner, paid the app price of every task.
	pub owner: AccountId,
	/// A human-readable name.
	pub name: BoundedVec<u8, NameLen>,
	/// How the program runs.
	pub kind: AppKind,
	/// Where the program can be fetched (URL or multiaddr).
	pub multiaddr: BoundedVec<u8, UrlLen>,
	/// blake2-256 of the program bytes; workers refuse other bytes.
	pub checksum: H256,
	/// The TEE fingerprint of the program, if it runs in an enclave.
	pub mrenclave: Option<H256>,
	/// The minimum machine resources the app needs.
	pub requirements: Resources,
	/// The storage deposit held for this entry.
	pub deposit: Deposit<AccountId, Balance>,
}

/// A registered dataset (`protocol.md` §1).
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo)]
#[scale_info(skip_type_params(NameLen, UrlLen))]
#[codec(mel_bound(AccountId: MaxEncodedLen, Balance: MaxEncodedLen))]
pub struct Dataset<AccountId, Balance, NameLen: Get<u32>, UrlLen: Get<u32>> {
	/// The owner, paid the dataset price of every task.
	pub owner: AccountId,
	/// A human-readable name.
	pub name: BoundedVec<u8, NameLen>,
	/// Where the bytes can be fetched (URL or multiaddr).
	pub multiaddr: BoundedVec<u8, UrlLen>,
	/// blake2-256 of the dataset bytes; workers refuse other bytes (§10).
	pub checksum: H256,
	/// The storage deposit held for this entry.
	pub deposit: Deposit<AccountId, Balance>,
}

/// A registered workerpool (`protocol.md` §1); its owner is the scheduler.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo)]
#[scale_info(skip_type_params(DescriptionLen))]
#[codec(mel_bound(AccountId: MaxEncodedLen, Balance: MaxEncodedLen))]
pub struct Workerpool<AccountId, Balance, DescriptionLen: Get<u32>> {
	/// The owner: the pool's scheduler.
	pub owner: AccountId,
	/// A human-readable description.
	pub description: BoundedVec<u8, DescriptionLen>,
	/// Stake and reward ratios.
	pub policy: PoolPolicy,
	/// What the pool's machines offer.
	pub capabilities: Resources,
	/// The storage deposit held for this entry.
	pub deposit: Deposit<AccountId, Balance>,
}

/// A task category (`protocol.md` §1), created by governance.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo)]
#[scale_info(skip_type_params(NameLen, DescriptionLen))]
pub struct Category<NameLen: Get<u32>, DescriptionLen: Get<u32>> {
	/// A short name (XS, S, M, ...).
	pub name: BoundedVec<u8, NameLen>,
	/// A human-readable description.
	pub description: BoundedVec<u8, DescriptionLen>,
	/// The time reference T, in seconds on a reference machine; the task
	/// deadlines are multiples of it.
	pub work_clock_time_ref: u64,
	/// The most fuel a task of this category may burn [beyond].
	pub max_fuel: u64,
}

/// The app store's verdict on an app (`protocol.md` §11).
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo)]
#[scale_info(skip_type_params(ReasonLen))]
pub enum Curation<ReasonLen: Get<u32>> {
	/// Listed in the app store.
	Listed,
	/// Revoked, with the reason governance gave; a revoked app cannot be
	/// matched into new deals.
	Revoked(BoundedVec<u8, ReasonLen>),
}

/// A restriction group: a set of accounts its owner manages.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct Group<AccountId, Balance> {
	/// The owner, the only one who can change the members.
	pub owner: AccountId,
	/// How many members the group has (at most `MaxGroupMembers`).
	pub members: u32,
	/// The storage deposit held for this entry.
	pub deposit: Deposit<AccountId, Balance>,
}

impl_ignoring_length_bounds!(App<AccountId, Balance; NameLen, UrlLen> {
	owner, name, kind, multiaddr, checksum, mrenclave, requirements, deposit,
});
impl_ignoring_length_bounds!(Dataset<AccountId, Balance; NameLen, UrlLen> {
	owner, name, multiaddr, checksum, deposit,
});
impl_ignoring_length_bounds!(Workerpool<AccountId, Balance; DescriptionLen> {
	owner, description, policy, capabilities, deposit,
});
impl_ignoring_length_bounds!(Category<; NameLen, DescriptionLen> {
	name, description, work_clock_time_ref, max_fuel,
});

impl<ReasonLen: Get<u32>> Clone for Curation<ReasonLen> {
	fn clone(&self) -> Self {
		match self {
			Self::Listed => Self::Listed,
			Self::Revoked(reason) => Self::Revoked(reason.clone()),
		}
	}
}

impl<ReasonLen: Get<u32>> PartialEq for Curation<ReasonLen> {
	fn eq(&self, other: &Self) -> bool {
		match (self, other) {
			(Self::Listed, Self::Listed) => true,
			(Self::Revoked(a), Self::Revoked(b)) => a == b,
			_ => false,
		}
	}
}

impl<ReasonLen: Get<u32>> Eq for Curation<ReasonLen> {}

impl<ReasonLen: Get<u32>> Debug for Curation<ReasonLen> {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		match self {
			Self::Listed => f.write_str("Listed"),
			Self::Revoked(reason) => f.debug_tuple("Revoked").field(reason).finish(),
		}
	}
}
