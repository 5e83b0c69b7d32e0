//! # Proof-of-Contribution pallet
//!
//! The certification half of the protocol (`protocol.md` §5–§10): the tasks
//! of a deal are computed off chain by workers, who commit to a result,
//! reach consensus weighted by their reputation (Sarmenta credibility), reveal
//! it, and are paid by the scheduler's finalize; a task nobody finalizes in
//! time is claimed back by its requester.
//!
//! ## Calls, by role
//!
//! - **Schedulers** (the deal's workerpool owner, or the operator key it
//!   names in the registry while its own key stays cold): [`Pallet::reopen`]
//!   a task whose consensus group did not reveal, [`Pallet::finalize`] a task
//!   with its results (paying everyone, §8). They also sign the
//!   authorizations workers contribute with. Stakes and rewards are the
//!   owner's either way.
//! - **Workers**: [`Pallet::contribute`] (result hash and seal, the
//!   scheduler's authorization, an enclave signature for TEE deals, the
//!   dataset checksum they obtained, a usage report), [`Pallet::reveal`].
//!   They set the pool's spot-check rate ([`Pallet::set_spot_check_rate`]).
//! - **Anyone**: [`Pallet::initialize`] a task (the scheduler normally),
//!   [`Pallet::claim`] a task past its final deadline (also one that was
//!   never initialized): the requester is refunded in full.
//! - **En masse** [beyond]: `*_batch` variants of initialize, contribute,
//!   reveal, finalize and claim, each item succeeding or failing on its own
//!   (failures reported as [`Event::BatchItemFailed`]), and
//!   [`Pallet::work_batch`], everything a worker sends in a block in one
//!   extrinsic.
//! - **Folded steps** [beyond]: a contribution may initialize its task;
//!   [`Pallet::contribute_and_finalize`] certifies a task whose one
//!   contribution reaches consensus (trust 1); [`Pallet::reveal_and_finalize`]
//!   certifies a task at its last winner's reveal. A trust 1 task is then
//!   certified one block after its request, a replicated one two blocks after.
//!
//! ## Spot checks [beyond]
//!
//! A task whose consensus rests on one contribution is checked by an
//! independent replica at the pool's rate, drawn from the hash of the block
//! that holds the contribution: see [`spot_check`].
//!
//! ## Retention [beyond]
//!
//! A deal whose tasks are all finished stays in the state for
//! [`TaskRetention`] blocks, then `on_initialize` removes it with its tasks
//! and their contributions (at most `MaxPruneWeight` a block;
//! [`Event::DealPruned`]). The results stay in the blocks and events.
//!
//! ## Weights
//!
//! Calls declare their worst case (`MaxContributors` contributions) and
//! refund, after dispatch, the cost of what happened: how many
//! contributions the task had, whether the call initialized or certified it.
//!
//! ## Deadlines
//!
//! With `T` the category's time reference and `start` the deal's start:
//! contributions before `start + 7T`, reveals before consensus time `+ 2T`,
//! finalize before and claim from `start + 10T` (unix milliseconds).
//!
//! ## Money
//!
//! Every movement goes through the escrow trait: worker stakes are locked at
//! contribute; finalize and claim settle the requester's payment, the
//! scheduler's stake and the workers' stakes exactly as §8 says, including
//! the kitty. A certification's payments (all but the workers' stakes) are
//! made at the end of its call, summed with the call's other
//! certifications': see `settlement.rs` [beyond]. Reputation moves through [`WorkerReputation`](ect_primitives::WorkerReputation).
//!
//! ## For other pallets
//!
//! PoCo reads deals, the registry and reputation, and moves money, through
//! `ect-primitives`'s traits, which the runtime wires ([`Config::Deals`],
//! [`Config::Registry`], [`Config::WorkerReputation`], [`Config::Escrow`]);
//! a finished deal's record is removed by the marketplace, which owns it,
//! at PoCo's request ([`DealProvider::remove_deal`](ect_primitives::DealProvider::remove_deal)).
//! Results leave through [`ResultCallback`].

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

pub mod types;
pub use types::*;
pub mod weights;
pub use weights::WeightInfo;
pub mod runtime_api;

mod authorization;
mod batch;
mod claim;
mod contribute;
mod finalize;
mod fold;
mod initialize;
mod invariants;
pub mod migrations;
mod retention;
mod reveal;
mod settlement;
pub mod spot_check;
mod weigh;
pub use authorization::{authorization_message, enclave_message, result_hash, result_seal};
pub use ect_primitives::ResultCallback;
pub use retention::RetiringCursor;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;

#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

use polkadot_sdk::{frame_support, frame_system};

/// The native balance type.
pub type BalanceOf<T> = <<T as Config>::Currency as frame_support::traits::fungible::Inspect<
	<T as frame_system::Config>::AccountId,
>>::Balance;
/// A deal of this runtime, as the marketplace gives it.
pub type DealOf<T> = ect_primitives::Deal<
	<T as frame_system::Config>::AccountId,
	BalanceOf<T>,
	<<T as Config>::Deals as ect_primitives::DealProvider<
		<T as frame_system::Config>::AccountId,
		BalanceOf<T>,
	>>::ParamsLen,
>;
/// A task of this runtime.
pub type TaskOf<T> = Task<
	<T as frame_system::Config>::AccountId,
	<T as Config>::MaxContributors,
	<T as Config>::MaxResultsLen,
	<T as Config>::MaxCallbackLen,
>;
/// A contribution of this runtime.
pub type ContributionOf<T> = Contribution<<T as frame_system::Config>::AccountId>;
/// The arguments of `contribute` in this runtime.
pub type ContributeArgsOf<T> =
	ContributeArgs<<T as frame_system::Config>::AccountId, <T as Config>::Signature>;
/// Results as given to `finalize`.
pub type ResultsOf<T> = frame_support::BoundedVec<u8, <T as Config>::MaxResultsLen>;
/// Callback bytes as given to `finalize`.
pub type CallbackOf<T> = frame_support::BoundedVec<u8, <T as Config>::MaxCallbackLen>;
/// An item of `work_batch` in this runtime.
pub type WorkItemOf<T> = WorkItem<
	<T as frame_system::Config>::AccountId,
	<T as Config>::Signature,
	ResultsOf<T>,
	CallbackOf<T>,
>;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;
	use ect_primitives::{AssetRegistry, DealId, DealProvider, Escrow, TaskId, WorkerReputation, WorkerpoolId};
	use frame_support::traits::{fungible, UnixTime};
	use polkadot_sdk::{
		sp_core::H256,
		sp_runtime::traits::{IdentifyAccount, Verify},
	};

	/// The layout of the pallet's storage; [`migrations`] moves it forward.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// What the pallet needs from the runtime.
	#[pallet::config]
	pub trait Config: polkadot_sdk::frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The native currency (its balance type; funding in benchmarks).
		type Currency: fungible::Mutate<Self::AccountId>;

		/// Locks, seizes and pays stakes and payments.
		type Escrow: Escrow<Self::AccountId, Balance = BalanceOf<Self>>;

		/// The deals whose tasks are certified here.
		type Deals: DealProvider<Self::AccountId, BalanceOf<Self>>;

		/// The task categories (deadlines) and datasets (checksums).
		type Registry: AssetRegistry<Self::AccountId>;

		/// The signature of schedulers' authorizations and enclaves' results.
		type Signature: Verify<Signer = Self::Signer> + Parameter + MaxEncodedLen;

		/// The public key type behind an account.
		type Signer: IdentifyAccount<AccountId = Self::AccountId>;

		/// The wall clock deadlines are checked against.
		type Time: UnixTime;

		/// Worker scores and pool/app records.
		type WorkerReputation: WorkerReputation<Self::AccountId>;

		/// Where results go when a deal has a callback target.
		type ResultCallback: ResultCallback;

		/// The least a finalizing scheduler takes from a non-empty kitty.
		#[pallet::constant]
		type KittyMin: Get<BalanceOf<Self>>;

		/// The most contributions a task takes.
		#[pallet::constant]
		type MaxContributors: Get<u32>;

		/// The longest results link, in bytes.
		#[pallet::constant]
		type MaxResultsLen: Get<u32>;

		/// The longest callback bytes.
		#[pallet::constant]
		type MaxCallbackLen: Get<u32>;

		/// The most items of one batch call.
		#[pallet::constant]
		type MaxBatch: Get<u32>;

		/// How many blocks a finished deal stays in the state, unless genesis
		/// sets [`TaskRetention`] otherwise.
		#[pallet::constant]
		type DefaultTaskRetention: Get<BlockNumberFor<Self>>;

		/// The share of lone consensuses a pool checks, per million, until its
		/// scheduler sets [`SpotCheckRates`] (`protocol.md` §7: above 0).
		#[pallet::constant]
		type DefaultSpotCheckRate: Get<u32>;

		/// The most weight `on_initialize` spends per block removing finished
		/// deals whose retention has passed.
		#[pallet::constant]
		type MaxPruneWeight: Get<Weight>;

		/// The calls' weights.
		type WeightInfo: WeightInfo;

		/// Keys and signatures for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: ect_primitives::benchmarking::BenchmarkHelper<Self::AccountId, Self::Signature>;
	}

	/// The tasks that were initialized or claimed.
	#[pallet::storage]
	pub type Tasks<T: Config> = StorageMap<_, Identity, TaskId, TaskOf<T>, OptionQuery>;

	/// Each task's contributions, by worker.
	#[pallet::storage]
	pub type Contributions<T: Config> =
		StorageDoubleMap<_, Identity, TaskId, Blake2_128Concat, T::AccountId, ContributionOf<T>, OptionQuery>;

	/// The tasks of each workerpool that are Active or Revealing.
	#[pallet::storage]
	pub type OpenTasks<T: Config> =
		StorageDoubleMap<_, Twox64Concat, WorkerpoolId, Identity, TaskId, (), OptionQuery>;

	/// How many tasks of each deal are finished (completed or failed); the
	/// entry goes when all are.
	#[pallet::storage]
	pub type FinishedTasks<T: Config> = StorageMap<_, Identity, DealId, u32, ValueQuery>;

	/// How many blocks a deal stays in the state after its last task
	/// finished; then it goes with its tasks and their contributions.
	#[pallet::storage]
	pub type TaskRetention<T: Config> = StorageValue<_, BlockNumberFor<T>, ValueQuery, T::DefaultTaskRetention>;

	/// The deals whose tasks are all finished, by queue position, with the
	/// block their last task finished in.
	#[pallet::storage]
	pub type Retiring<T: Config> = StorageMap<_, Twox64Concat, u64, (DealId, BlockNumberFor<T>), OptionQuery>;

	/// Each workerpool's spot-check rate (per million lone consensuses), if
	/// its scheduler set one; [`Config::DefaultSpotCheckRate`] otherwise.
	#[pallet::storage]
	pub type SpotCheckRates<T: Config> = StorageMap<_, Twox64Concat, WorkerpoolId, u32, OptionQuery>;

	/// Where the queue of [`Retiring`] deals stands.
	#[pallet::storage]
	pub type RetiringQueue<T: Config> = StorageValue<_, RetiringCursor, ValueQuery>;

	/// The chain's retention period, if not the runtime's default.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// [`TaskRetention`], in blocks; `None` keeps `DefaultTaskRetention`.
		pub task_retention: Option<BlockNumberFor<T>>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			if let Some(blocks) = self.task_retention {
				TaskRetention::<T>::put(blocks);
			}
		}
	}

	/// Events.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A task was initialized.
		TaskInitialized { task: TaskId, deal: DealId, index: u32 },
		/// A worker contributed to a task.
		Contributed { task: TaskId, worker: T::AccountId, result_hash: H256 },
		/// A result hash reached consensus: the task is revealing.
		ConsensusReached { task: TaskId, result_hash: H256 },
		/// A worker revealed the consensus digest.
		Revealed { task: TaskId, worker: T::AccountId, digest: H256 },
		/// Nobody of the consensus group revealed: they are rejected and the
		/// task takes contributions again.
		TaskReopened { task: TaskId },
		/// A task was finalized: results certified and everyone paid.
		TaskFinalized { task: TaskId, digest: H256, winners: u32, losers: u32 },
		/// A task was claimed after its final deadline: the requester refunded.
		TaskClaimed { task: TaskId, refund: BalanceOf<T> },
		/// One item of a batch call failed (the others are unaffected).
		BatchItemFailed { kind: BatchKind, index: u32, error: DispatchError },
		/// A batch call finished.
		BatchCompleted { kind: BatchKind, succeeded: u32, failed: u32 },
		/// A finished deal's retention passed: it left the state with its
		/// `tasks` tasks and their contributions.
		DealPruned { deal: DealId, tasks: u32 },
		/// A task drawn for a spot check took its checker's contribution: it
		/// is Active again and needs a consensus of two or more.
		SpotChecked { task: TaskId },
		/// A workerpool's scheduler set its spot-check rate.
		SpotCheckRateSet { pool: WorkerpoolId, per_million: u32 },
	}

	/// Why a call was refused; nothing changed.
	#[pallet::error]
	pub enum Error<T> {
		/// The deal does not exist.
		UnknownDeal,
		/// The index is not one of the deal's tasks.
		TaskIndexOutOfRange,
		/// The task was already initialized (or claimed); or
		/// `contribute_and_finalize` named the deal and index of a task
		/// already initialized.
		TaskAlreadyInitialized,
		/// The task was never initialized.
		UnknownTask,
		/// The deal's category no longer exists.
		UnknownCategory,
		/// The task does not take contributions.
		TaskNotActive,
		/// The task is not revealing.
		TaskNotRevealing,
		/// The task is completed or failed already.
		TaskFinished,
		/// The contribution deadline (start + 7T) has passed.
		ContributionDeadlinePassed,
		/// The reveal deadline (consensus + 2T) has passed.
		RevealDeadlinePassed,
		/// The reveal deadline has not passed yet.
		RevealDeadlineNotReached,
		/// The final deadline (start + 10T) has passed.
		FinalDeadlinePassed,
		/// The final deadline has not passed yet.
		FinalDeadlineNotReached,
		/// The worker already contributed to this task.
		AlreadyContributed,
		/// The task has `MaxContributors` contributions.
		TooManyContributors,
		/// The authorization is not the scheduler's (the pool owner's or its
		/// operator's) signature of (worker, task, enclave).
		BadAuthorization,
		/// The deal has the TEE tag: an enclave signature is required.
		EnclaveRequired,
		/// The enclave's signature of (result hash, result seal) does not verify.
		BadEnclaveSignature,
		/// The deal has a dataset: the worker must state the checksum it obtained.
		DatasetChecksumRequired,
		/// The dataset bytes the worker obtained are not the registered ones.
		DatasetChecksumMismatch,
		/// The deal's dataset is no longer registered.
		UnknownDataset,
		/// The worker cannot lock its stake.
		WorkerCannotStake,
		/// The caller did not contribute to the task.
		NotContributor,
		/// The caller already revealed.
		AlreadyRevealed,
		/// The caller's result hash is not the consensus one.
		NotInConsensus,
		/// `H(task ‖ digest)` is not the contributed result hash.
		BadDigest,
		/// `H(worker ‖ task ‖ digest)` is not the contributed seal.
		BadSeal,
		/// Only the deal's scheduler (the workerpool owner, or the operator key
		/// it names in the registry) may do this.
		NotScheduler,
		/// A winner revealed: the task cannot be reopened.
		SomeoneRevealed,
		/// Not every winner revealed, and the reveal deadline has not passed.
		NotAllRevealed,
		/// No winner revealed.
		NoneRevealed,
		/// The deal has a callback and `H(results_callback)` is not the digest.
		CallbackMismatch,
		/// The consensus weights overflow (cannot happen within `MaxContributors`).
		ConsensusOverflow,
		/// A payout amount overflows.
		PayoutOverflow,
		/// The deal and index given to initialize the task are not its own.
		WrongTaskOfDeal,
		/// `contribute_and_finalize`: the contribution does not reach consensus
		/// on its own (the trust needs more contributions).
		NotConsensusAlone,
		/// The workerpool does not exist.
		UnknownWorkerpool,
		/// A rate is at most 1 000 000 per million.
		RateAboveMillion,
		/// The consensus rests on one contribution made in this block: whether
		/// the task is spot-checked is known from the next block on.
		SpotCheckDrawPending,
		/// The task was drawn for a spot check: its lone winner reveals only
		/// once the checker's contribution joins a consensus.
		SpotChecked,
		/// The escrow does not cover this task's payout together with the
		/// payouts this call already made: the requester's payment lock, the
		/// scheduler's stake lock or a pot is short (`settlement.rs`).
		EscrowShort,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Removes the finished deals whose retention has passed, within
		/// `MaxPruneWeight`.
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			Self::prune(now, T::MaxPruneWeight::get())
		}

		/// `MaxPruneWeight` must fit a deal and one task at worst, or no
		/// finished deal would ever leave the state.
		fn integrity_test() {
			use crate::WeightInfo;
			let least = <T as Config>::WeightInfo::prune_idle()
				.saturating_add(<T as Config>::WeightInfo::prune_deal())
				.saturating_add(<T as Config>::WeightInfo::prune_task(T::MaxContributors::get()));
			assert!(
				T::MaxPruneWeight::get().all_gte(least),
				"MaxPruneWeight must fit a deal's removal and a task with MaxContributors contributions"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Initializes task `index` of `deal`, setting its deadlines.
		#[pallet::call_index(0)]
		#[pallet::weight(<T as Config>::WeightInfo::initialize())]
		pub fn initialize(origin: OriginFor<T>, deal: DealId, index: u32) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_initialize(deal, index).map(|_| ())
		}

		/// Contributes a result commitment to a task, locking the worker's
		/// stake; initializes the task first if `contribution.initialize`
		/// names it and it never was.
		#[pallet::call_index(1)]
		#[pallet::weight(Pallet::<T>::contribute_declared(contribution))]
		pub fn contribute(origin: OriginFor<T>, contribution: ContributeArgsOf<T>) -> DispatchResultWithPostInfo {
			let worker = ensure_signed(origin)?;
			let done = Self::do_contribute(&worker, contribution)?;
			Ok(Some(Self::contribute_actual(done)).into())
		}

		/// Reveals the digest behind the caller's consensus contribution.
		#[pallet::call_index(2)]
		#[pallet::weight(Pallet::<T>::reveal_declared())]
		pub fn reveal(origin: OriginFor<T>, task: TaskId, digest: H256) -> DispatchResult {
			let worker = ensure_signed(origin)?;
			Self::do_reveal(&worker, task, digest).map(|_| ())
		}

		/// Rejects a consensus group nobody revealed after the reveal
		/// deadline: the task takes contributions again. Scheduler only.
		#[pallet::call_index(3)]
		#[pallet::weight(<T as Config>::WeightInfo::reopen())]
		pub fn reopen(origin: OriginFor<T>, task: TaskId) -> DispatchResult {
			let scheduler = ensure_signed(origin)?;
			Self::do_reopen(&scheduler, task)
		}

		/// Certifies a task's results and pays everyone (§8). Scheduler only.
		#[pallet::call_index(4)]
		#[pallet::weight(Pallet::<T>::finalize_declared())]
		pub fn finalize(
			origin: OriginFor<T>,
			task: TaskId,
			results: ResultsOf<T>,
			results_callback: CallbackOf<T>,
		) -> DispatchResultWithPostInfo {
			let scheduler = ensure_signed(origin)?;
			let done = Self::settling(|s| Self::do_finalize(&scheduler, task, results, results_callback, s))?;
			Ok(Some(Self::finalize_actual(done)).into())
		}

		/// Fails a task past its final deadline (initialized or not) and
		/// refunds the requester in full; the scheduler's stake goes to the kitty.
		#[pallet::call_index(5)]
		#[pallet::weight(Pallet::<T>::claim_declared())]
		pub fn claim(origin: OriginFor<T>, deal: DealId, index: u32) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			let done = Self::do_claim(deal, index)?;
			Ok(Some(Self::claim_actual(done)).into())
		}

		/// [`Pallet::initialize`] for many tasks, each on its own.
		#[pallet::call_index(6)]
		#[pallet::weight(<T as Config>::WeightInfo::initialize_batch(tasks.len() as u32))]
		pub fn initialize_batch(
			origin: OriginFor<T>,
			tasks: BoundedVec<(DealId, u32), T::MaxBatch>,
		) -> DispatchResult {
			ensure_signed(origin)?;
			let item = <T as Config>::WeightInfo::initialize();
			Self::run_batch(BatchKind::Initialize, tasks, |_| item, |(deal, index), _| {
				Self::do_initialize(deal, index).map(|_| item)
			})?;
			Ok(())
		}

		/// [`Pallet::contribute`] to many tasks, each on its own.
		#[pallet::call_index(7)]
		#[pallet::weight(Pallet::<T>::contribute_batch_declared(contributions))]
		pub fn contribute_batch(
			origin: OriginFor<T>,
			contributions: BoundedVec<ContributeArgsOf<T>, T::MaxBatch>,
		) -> DispatchResultWithPostInfo {
			let worker = ensure_signed(origin)?;
			let weight = Self::run_batch(BatchKind::Contribute, contributions, Self::contribute_declared, |c, _| {
				Self::do_contribute(&worker, c).map(Self::contribute_actual)
			})?;
			Ok(Some(weight).into())
		}

		/// [`Pallet::reveal`] for many tasks, each on its own.
		#[pallet::call_index(8)]
		#[pallet::weight(<T as Config>::WeightInfo::reveal_batch(reveals.len() as u32)
			.saturating_add(Pallet::<T>::spot_check_read().saturating_mul(reveals.len() as u64)))]
		pub fn reveal_batch(origin: OriginFor<T>, reveals: BoundedVec<(TaskId, H256), T::MaxBatch>) -> DispatchResult {
			let worker = ensure_signed(origin)?;
			let item = Self::reveal_declared();
			Self::run_batch(BatchKind::Reveal, reveals, |_| item, |(task, digest), _| {
				Self::do_reveal(&worker, task, digest).map(|_| item)
			})?;
			Ok(())
		}

		/// [`Pallet::finalize`] for many tasks, each on its own.
		#[pallet::call_index(9)]
		#[pallet::weight(Pallet::<T>::finalize_batch_declared(tasks.len() as u32))]
		pub fn finalize_batch(
			origin: OriginFor<T>,
			tasks: BoundedVec<(TaskId, ResultsOf<T>, CallbackOf<T>), T::MaxBatch>,
		) -> DispatchResultWithPostInfo {
			let scheduler = ensure_signed(origin)?;
			let worst = Self::finalize_declared();
			let weight = Self::run_batch(BatchKind::Finalize, tasks, |_| worst, |(task, results, callback), s| {
				Self::do_finalize(&scheduler, task, results, callback, s).map(Self::finalize_actual)
			})?;
			Ok(Some(weight).into())
		}

		/// [`Pallet::claim`] for many tasks, each on its own.
		#[pallet::call_index(10)]
		#[pallet::weight(Pallet::<T>::claim_batch_declared(tasks.len() as u32))]
		pub fn claim_batch(
			origin: OriginFor<T>,
			tasks: BoundedVec<(DealId, u32), T::MaxBatch>,
		) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			let count = tasks.len() as u32;
			// Each claim's own work is in the batch's benchmark; what varies
			// is whether its result hook was called and its deal retired.
			let extras =
				Self::run_batch(BatchKind::Claim, tasks, |_| Self::claim_item_extra_declared(), |(deal, index), _| {
					Self::do_claim(deal, index).map(Self::claim_item_extra)
				})?;
			Ok(Some(Self::claim_batch_actual(count, extras)).into())
		}

		/// Contributes, reveals and certifies at once (iExec's
		/// `contributeAndFinalize`) [beyond]: the contribution must reach
		/// consensus on its own (trust 1, or a worker whose weight alone meets
		/// the trust); the worker gives the results and callback bytes. A
		/// contribution that names its task's deal and index must initialize
		/// the task (`TaskAlreadyInitialized`).
		#[pallet::call_index(11)]
		#[pallet::weight(Pallet::<T>::contribute_and_finalize_declared(contribution))]
		pub fn contribute_and_finalize(
			origin: OriginFor<T>,
			contribution: ContributeArgsOf<T>,
			digest: H256,
			results: ResultsOf<T>,
			results_callback: CallbackOf<T>,
		) -> DispatchResultWithPostInfo {
			let worker = ensure_signed(origin)?;
			let done = Self::settling(|s| {
				Self::do_contribute_and_finalize(&worker, contribution, digest, results, results_callback, s)
			})?;
			Ok(Some(Self::contribute_and_finalize_actual(done)).into())
		}

		/// Reveals; if that completes the consensus group, certifies the task
		/// with the given results and callback bytes, as `finalize` would
		/// [beyond].
		#[pallet::call_index(12)]
		#[pallet::weight(Pallet::<T>::reveal_and_finalize_declared())]
		pub fn reveal_and_finalize(
			origin: OriginFor<T>,
			task: TaskId,
			digest: H256,
			results: ResultsOf<T>,
			results_callback: CallbackOf<T>,
		) -> DispatchResultWithPostInfo {
			let worker = ensure_signed(origin)?;
			let certified =
				Self::settling(|s| Self::do_reveal_and_finalize(&worker, task, digest, results, results_callback, s))?;
			Ok(Some(Self::reveal_and_finalize_actual(certified)).into())
		}

		/// Everything a worker sends in a block, in one extrinsic [beyond]:
		/// contributions, reveals and their folded forms, each on its own.
		#[pallet::call_index(13)]
		#[pallet::weight(Pallet::<T>::work_batch_declared(items))]
		pub fn work_batch(
			origin: OriginFor<T>,
			items: BoundedVec<WorkItemOf<T>, T::MaxBatch>,
		) -> DispatchResultWithPostInfo {
			let worker = ensure_signed(origin)?;
			let weight = Self::run_batch(BatchKind::Work, items, Self::work_item_declared, |item, settlement| {
				Self::do_work_item(&worker, item, settlement)
			})?;
			Ok(Some(weight).into())
		}

		/// Sets the share of lone consensuses the pool checks, per million
		/// (`protocol.md` §7; [`spot_check`]). Its scheduler (owner or
		/// operator) only; applies to consensuses reached from now on.
		#[pallet::call_index(14)]
		#[pallet::weight(<T as Config>::WeightInfo::set_spot_check_rate())]
		pub fn set_spot_check_rate(origin: OriginFor<T>, pool: WorkerpoolId, per_million: u32) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_spot_check_rate(&who, pool, per_million)
		}
	}
}
