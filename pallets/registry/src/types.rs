//! The registered assets and the shared vocabulary of the market
//! (`protocol.md` §1 and §3): ids, restrictions, tags and machine resources.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use core::fmt::Debug;
use polkadot_sdk::{
	frame_support::{traits::Get, BoundedVec},
	sp_core::H256,
};
use scale_info::TypeInfo;

/// The id of a registered app.
pub type AppId = u32;
/// The id of a registered dataset.
pub type DatasetId = u32;
/// The id of a registered workerpool.
pub type WorkerpoolId = u32;
/// The id of a task category.
pub type CategoryId = u32;
/// The id of a restriction group.
pub type GroupId = u32;

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

/// A 32-byte bit set of features (`protocol.md` §3). Bit 0 is TEE, bit 8 is GPU.
#[derive(
	Clone, Copy, Default, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct Tag(pub [u8; 32]);

impl Tag {
	/// No feature.
	pub const NONE: Tag = Tag([0; 32]);
	/// The TEE bit (bit 0, in the last byte, as in iExec's `bytes32` tags).
	pub const TEE: Tag = Tag::bit(0);
	/// The GPU bit (bit 8).
	pub const GPU: Tag = Tag::bit(8);

	/// The tag with only bit `n` (0..256) set.
	pub const fn bit(n: u8) -> Tag {
		let mut bytes = [0u8; 32];
		bytes[31 - (n / 8) as usize] = 1 << (n % 8);
		Tag(bytes)
	}

	/// The features of both tags.
	pub fn union(&self, other: &Tag) -> Tag {
		let mut bytes = self.0;
		for (byte, o) in bytes.iter_mut().zip(other.0.iter()) {
			*byte |= o;
		}
		Tag(bytes)
	}

	/// Whether every feature of `self` is also in `other`.
	pub fn is_subset_of(&self, other: &Tag) -> bool {
		self.0.iter().zip(other.0.iter()).all(|(a, b)| a & !b == 0)
	}

	/// Whether the TEE bit is set.
	pub fn has_tee(&self) -> bool {
		Tag::TEE.is_subset_of(self)
	}
}

/// A processor architecture; `Any` as a requirement accepts every one.
#[derive(
	Clone, Copy, Default, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub enum CpuArch {
	/// No requirement / not advertised.
	#[default]
	Any,
	/// x86-64.
	X86_64,
	/// 64-bit ARM.
	Aarch64,
	/// 64-bit RISC-V.
	Riscv64,
}

/// Machine resources [beyond]: what a workerpool order's machines offer
/// (capabilities), or the minimums an app or a request needs (requirements).
/// A small, fixed-schema version of Condor ClassAds.
#[derive(
	Clone, Copy, Default, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct Resources {
	/// CPU cores.
	pub cpu_cores: u16,
	/// Memory, MiB.
	pub memory_mib: u32,
	/// Disk, MiB.
	pub disk_mib: u32,
	/// GPU memory, MiB.
	pub gpu_memory_mib: u32,
	/// Processor architecture.
	pub cpu_arch: CpuArch,
	/// Region code; 0 means any region.
	pub region: u16,
}

impl Resources {
	/// Whether these capabilities meet every minimum of `requirements`: each
	/// amount at least the required one, and the architecture and region
	/// equal to the required ones unless those are `Any` / 0.
	pub fn satisfies(&self, requirements: &Resources) -> bool {
		self.cpu_cores >= requirements.cpu_cores &&
			self.memory_mib >= requirements.memory_mib &&
			self.disk_mib >= requirements.disk_mib &&
			self.gpu_memory_mib >= requirements.gpu_memory_mib &&
			(requirements.cpu_arch == CpuArch::Any || self.cpu_arch == requirements.cpu_arch) &&
			(requirements.region == 0 || self.region == requirements.region)
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

/// Implements `Clone`, `PartialEq`, `Eq` and `Debug` for a struct whose
/// `Get<u32>` parameters are only length bounds: the derives would require
/// them of those markers too (which `parameter_types!` markers lack), here
/// only the other parameters need them.
#[macro_export]
macro_rules! impl_ignoring_length_bounds {
	($name:ident < $($param:ident),* ; $($bound:ident),+ > { $($field:ident),+ $(,)? }) => {
		impl<$($param: ::core::clone::Clone,)* $($bound: $crate::Get<u32>,)+> ::core::clone::Clone
			for $name<$($param,)* $($bound,)+>
		{
			fn clone(&self) -> Self {
				Self { $($field: ::core::clone::Clone::clone(&self.$field),)+ }
			}
		}

		impl<$($param: ::core::cmp::PartialEq,)* $($bound: $crate::Get<u32>,)+> ::core::cmp::PartialEq
			for $name<$($param,)* $($bound,)+>
		{
			fn eq(&self, other: &Self) -> bool {
				true $(&& self.$field == other.$field)+
			}
		}

		impl<$($param: ::core::cmp::Eq,)* $($bound: $crate::Get<u32>,)+> ::core::cmp::Eq
			for $name<$($param,)* $($bound,)+> {}

		impl<$($param: ::core::fmt::Debug,)* $($bound: $crate::Get<u32>,)+> ::core::fmt::Debug
			for $name<$($param,)* $($bound,)+>
		{
			fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
				f.debug_struct(stringify!($name)) $(.field(stringify!($field), &self.$field))+ .finish()
			}
		}
	};
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
