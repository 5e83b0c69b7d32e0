//! Tasks, contributions and what clients read of them (`protocol.md` §5, §9).

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use core::fmt::Debug;
pub use ect_primitives::Usage;
use ect_primitives::{DealId, TaskId};
use ect_primitives::impl_ignoring_length_bounds;
use polkadot_sdk::{
	frame_support::{traits::Get, BoundedVec},
	sp_core::H256,
};
use scale_info::TypeInfo;

/// Where a task is in its life (`Unset` is never stored: a task that was
/// never initialized has no record).
#[derive(
	Clone, Copy, Default, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub enum TaskStatus {
	/// Not initialized.
	#[default]
	Unset,
	/// Taking contributions.
	Active,
	/// Consensus reached: the winners reveal.
	Revealing,
	/// Finalized: results certified, everyone paid.
	Completed,
	/// Claimed after its final deadline: the requester refunded.
	Failed,
}

/// A task's spot check [beyond] (`protocol.md` §7; `crate::spot_check`).
#[derive(
	Clone, Copy, Default, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub enum SpotCheck {
	/// No draw: no consensus rested on one contribution, or the pool checks
	/// nothing.
	#[default]
	None,
	/// A consensus rested on one contribution, made in block `block`, in a
	/// pool that checks `per_million` tasks in a million: the hash of that
	/// block decides whether the task is checked, from the next block on.
	Drawn {
		/// The block of the lone winning contribution.
		block: u32,
		/// The pool's rate then.
		per_million: u32,
	},
	/// Checked: the scheduler's checker contributed; a consensus needs a
	/// group of two or more contributions.
	Checked,
}

/// Where a contribution is.
#[derive(
	Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub enum ContributionStatus {
	/// Committed to a result hash.
	Contributed,
	/// Revealed the consensus digest.
	Proved,
	/// In a consensus group nobody revealed; rejected at reopen.
	Rejected,
}

/// A worker's contribution as stored.
#[derive(Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug)]
pub struct Contribution<AccountId> {
	/// `H(task ‖ digest)`.
	pub result_hash: H256,
	/// `H(worker ‖ task ‖ digest)`: proves the worker computed the digest itself.
	pub result_seal: H256,
	/// The enclave that signed the result, if any.
	pub enclave: Option<AccountId>,
	/// The worker's weight when it contributed.
	pub weight: u32,
	/// Contributed, proved or rejected.
	pub status: ContributionStatus,
	/// The worker's usage report, if it gave one.
	pub usage: Option<Usage>,
}

/// The arguments of `contribute`: one worker's commitment to a result.
#[derive(Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug)]
pub struct ContributeArgs<AccountId, Signature> {
	/// The task.
	pub task: TaskId,
	/// `H(task ‖ digest)`.
	pub result_hash: H256,
	/// `H(worker ‖ task ‖ digest)`.
	pub result_seal: H256,
	/// The enclave's account and its signature of `(result_hash, result_seal)`;
	/// required when the deal has the TEE tag.
	pub enclave: Option<(AccountId, Signature)>,
	/// The scheduler's signature of `(worker, task, enclave)`.
	pub authorization: Signature,
	/// The worker's usage report [beyond].
	pub usage: Option<Usage>,
	/// The checksum of the dataset bytes the worker obtained, required when
	/// the deal has a dataset [beyond].
	pub dataset_checksum: Option<H256>,
	/// The task's deal and index [beyond]: when given and the task was never
	/// initialized, the contribution initializes it first, saving the
	/// scheduler's `initialize` and its block of latency.
	pub initialize: Option<(DealId, u32)>,
}

/// One item of `work_batch` [beyond]: what a worker sends for a task.
#[derive(Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug)]
pub enum WorkItem<AccountId, Signature, Results, Callback> {
	/// `contribute`.
	Contribute(ContributeArgs<AccountId, Signature>),
	/// `reveal`.
	Reveal {
		/// The task.
		task: TaskId,
		/// The digest behind the worker's result hash.
		digest: H256,
	},
	/// `contribute_and_finalize`.
	ContributeAndFinalize {
		/// The contribution.
		contribution: ContributeArgs<AccountId, Signature>,
		/// The digest behind its result hash.
		digest: H256,
		/// Where the full results are.
		results: Results,
		/// The bytes for the deal's callback target.
		results_callback: Callback,
	},
	/// `reveal_and_finalize`.
	RevealAndFinalize {
		/// The task.
		task: TaskId,
		/// The digest behind the worker's result hash.
		digest: H256,
		/// Where the full results are.
		results: Results,
		/// The bytes for the deal's callback target.
		results_callback: Callback,
	},
}

/// A task.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo)]
#[scale_info(skip_type_params(MaxContributors, MaxResultsLen, MaxCallbackLen))]
#[codec(mel_bound(AccountId: MaxEncodedLen))]
pub struct Task<AccountId, MaxContributors: Get<u32>, MaxResultsLen: Get<u32>, MaxCallbackLen: Get<u32>> {
	/// The deal it belongs to.
	pub deal: DealId,
	/// Its index in the deal's request.
	pub index: u32,
	/// Where it is.
	pub status: TaskStatus,
	/// Contributions are taken before this time (unix ms): deal start + 7T.
	pub contribution_deadline: u64,
	/// Winners reveal before this time: consensus time + 2T (0 before consensus).
	pub reveal_deadline: u64,
	/// Finalize before, claim after this time: deal start + 10T.
	pub final_deadline: u64,
	/// The category's time reference T when the task was initialized, in ms.
	pub time_ref_ms: u64,
	/// The result hash that reached consensus.
	pub consensus: Option<H256>,
	/// Who contributed, in order.
	pub contributors: BoundedVec<AccountId, MaxContributors>,
	/// How many contributions have the consensus hash.
	pub winners: u32,
	/// How many of them revealed.
	pub revealed: u32,
	/// The revealed digest.
	pub digest: Option<H256>,
	/// Where the full results are (URL, content hash), set at finalize.
	pub results: BoundedVec<u8, MaxResultsLen>,
	/// The bytes delivered to the deal's callback target, set at finalize.
	pub results_callback: BoundedVec<u8, MaxCallbackLen>,
	/// The winners' median usage, set at finalize [beyond].
	pub usage: Option<Usage>,
	/// Its spot check [beyond] (last, so that the storage migration to
	/// version 1 appends its default).
	pub check: SpotCheck,
}

impl_ignoring_length_bounds!(Task<AccountId; MaxContributors, MaxResultsLen, MaxCallbackLen> {
	deal, index, status, contribution_deadline, reveal_deadline, final_deadline, time_ref_ms, consensus, contributors,
	winners, revealed, digest, results, results_callback, usage, check,
});

/// A task as the scheduler and clients see it.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct TaskView {
	/// The task id.
	pub task: TaskId,
	/// Its index in the request.
	pub index: u32,
	/// Where it is (`Unset`: not initialized).
	pub status: TaskStatus,
	/// Contribution deadline (unix ms).
	pub contribution_deadline: u64,
	/// Reveal deadline (unix ms, 0 before consensus).
	pub reveal_deadline: u64,
	/// Final deadline (unix ms).
	pub final_deadline: u64,
	/// How many workers contributed.
	pub contributions: u32,
	/// The consensus hash, once reached.
	pub consensus: Option<H256>,
	/// Its spot check: with [`SpotCheck::Drawn`], agents compute the draw
	/// (`crate::spot_check::is_checked`) from the block's hash.
	pub check: SpotCheck,
}

/// What a scheduler should do next for its pool.
#[derive(Clone, Default, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct SchedulerTodo {
	/// Tasks of its deals not yet initialized (deal, index).
	pub initialize: alloc::vec::Vec<(DealId, u32)>,
	/// Tasks that take contributions: authorize workers for them (Active
	/// ones, and revealing ones that drew a spot check: their checker).
	pub authorize: alloc::vec::Vec<TaskId>,
	/// Tasks ready to finalize.
	pub finalize: alloc::vec::Vec<TaskId>,
	/// Tasks whose consensus group did not reveal in time.
	pub reopen: alloc::vec::Vec<TaskId>,
	/// Open tasks (Active or Revealing) and their final deadlines (unix
	/// ms): the scheduler reports those about to pass it.
	pub deadlines: alloc::vec::Vec<(TaskId, u64)>,
	/// Tasks past their final deadline and not finished, initialized or not
	/// (deal, index): anyone may claim them, refunding the requester.
	pub claimable: alloc::vec::Vec<(DealId, u32)>,
}

/// Which batch call reported.
#[derive(
	Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub enum BatchKind {
	/// `initialize_batch`.
	Initialize,
	/// `contribute_batch`.
	Contribute,
	/// `reveal_batch`.
	Reveal,
	/// `finalize_batch`.
	Finalize,
	/// `claim_batch`.
	Claim,
	/// `work_batch`.
	Work,
}
