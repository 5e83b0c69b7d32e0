//! `contribute`: a worker commits to a result, authorized by the scheduler,
//! with its stake locked; the consensus rule runs on every contribution
//! (`protocol.md` §5, §6, §10); a lone consensus draws a spot check, and a
//! checked task takes its checker's contribution (§7, `crate::spot_check`).

use crate::{
	authorization::{authorization_message, enclave_message},
	initialize::REVEAL_DEADLINE_RATIO,
	Config, ContributeArgsOf, Contribution, ContributionStatus, Contributions, DealOf, Error, Event, Pallet, SpotCheck,
	TaskStatus, Tasks,
};
use alloc::vec::Vec;
use ect_poco_math::consensus::{reaches_consensus, Contribution as Weighted};
use ect_primitives::{Escrow, LockReason};
use ect_primitives::{task_id, AssetRegistry, DealProvider, TaskId};
use ect_primitives::WorkerReputation;
use polkadot_sdk::{
	frame_support::ensure,
	sp_core::H256,
	sp_runtime::{traits::Verify, DispatchError},
};

/// What a contribution found, for its actual weight.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct Contributed {
	/// The contributions the task had before this one.
	pub prior: u32,
	/// Whether this contribution initialized the task.
	pub initialized: bool,
	/// Whether it reached consensus on its own: the task is revealing with
	/// this one winner.
	pub alone: bool,
	/// Whether it read for a spot check (the pool's rate, or the drawn
	/// block's hash).
	pub drew: bool,
	/// Whether an enclave vouched for it (its signature was checked).
	pub enclave: bool,
	/// Whether the task's deal has a dataset.
	pub dataset: bool,
}

impl<T: Config> Pallet<T> {
	/// Records `worker`'s contribution (initializing the task first if the
	/// arguments ask for it and it never was); the task moves to Revealing
	/// if its result hash reaches consensus.
	pub(crate) fn do_contribute(worker: &T::AccountId, args: ContributeArgsOf<T>) -> Result<Contributed, DispatchError> {
		Self::contribute_in(worker, args).map(|(done, _)| done)
	}

	/// [`Self::do_contribute`], also returning the task's deal (read once,
	/// whether the contribution initialized the task or not).
	pub(crate) fn contribute_in(
		worker: &T::AccountId,
		args: ContributeArgsOf<T>,
	) -> Result<(Contributed, DealOf<T>), DispatchError> {
		let id = args.task;
		let initializing = Self::initialize_for(&args)?;
		let initialized = initializing.is_some();
		let mut task = Tasks::<T>::get(id).ok_or(Error::<T>::UnknownTask)?;
		let prior = u32::try_from(task.contributors.len()).unwrap_or(u32::MAX);
		// A revealing task takes only the checker of a spot check it drew.
		let checker = task.status == TaskStatus::Revealing;
		if checker {
			Self::open_spot_check(&id, &mut task)?;
		}
		ensure!(task.status == TaskStatus::Active, Error::<T>::TaskNotActive);
		let now = Self::now_ms();
		ensure!(now < task.contribution_deadline, Error::<T>::ContributionDeadlinePassed);
		ensure!(!Contributions::<T>::contains_key(id, worker), Error::<T>::AlreadyContributed);
		let deal = match initializing {
			Some(deal) => deal,
			None => T::Deals::deal(&task.deal).ok_or(Error::<T>::UnknownDeal)?,
		};

		// The scheduler (the pool's owner or operator) let this worker (in
		// this enclave) work on this task. The operator's key is tried
		// first: a pool that names one signs with it (the owner's stays
		// cold), so most authorizations take one verification.
		let enclave = args.enclave.as_ref().map(|(account, _)| account);
		let message = authorization_message(&Self::genesis_hash(), worker, &id, enclave);
		let (owner, operator) = Self::schedulers(deal.workerpool.id, &deal.workerpool.owner);
		let authorized = operator.iter().chain(core::iter::once(&owner)).any(|s| args.authorization.verify(&message[..], s));
		ensure!(authorized, Error::<T>::BadAuthorization);

		// An enclave vouches for the result; a TEE deal requires one.
		match &args.enclave {
			Some((account, signature)) => ensure!(
				signature.verify(&enclave_message(&args.result_hash, &args.result_seal)[..], account),
				Error::<T>::BadEnclaveSignature
			),
			None => ensure!(!deal.tag.has_tee(), Error::<T>::EnclaveRequired),
		}

		// The worker obtained the registered dataset bytes (§10).
		if let Some(dataset) = &deal.dataset {
			let registered = T::Registry::dataset(dataset.id).ok_or(Error::<T>::UnknownDataset)?.checksum;
			let obtained = args.dataset_checksum.ok_or(Error::<T>::DatasetChecksumRequired)?;
			ensure!(obtained == registered, Error::<T>::DatasetChecksumMismatch);
		}

		task.contributors.try_push(worker.clone()).map_err(|_| Error::<T>::TooManyContributors)?;
		T::Escrow::lock(LockReason::WorkerStake, worker, deal.worker_stake)
			.map_err(|_| Error::<T>::WorkerCannotStake)?;
		Contributions::<T>::insert(
			id,
			worker,
			Contribution {
				result_hash: args.result_hash,
				result_seal: args.result_seal,
				enclave: enclave.cloned(),
				weight: T::WorkerReputation::weight(worker),
				status: ContributionStatus::Contributed,
				usage: args.usage,
			},
		);
		Self::deposit_event(Event::Contributed { task: id, worker: worker.clone(), result_hash: args.result_hash });

		// Only the hash just contributed can newly reach consensus: every
		// other group's share of the total went down.
		// A checked task is certified by two or more agreeing contributions.
		let weighted = Self::live_contributions(&id, &task.contributors);
		let winners = weighted.iter().filter(|c| c.hash == args.result_hash).count();
		let winners = u32::try_from(winners).unwrap_or(u32::MAX);
		let enough = task.check != SpotCheck::Checked || winners >= 2;
		let mut drew = checker;
		if enough && reaches_consensus(&weighted, &args.result_hash, deal.trust).map_err(|_| Error::<T>::ConsensusOverflow)? {
			task.status = TaskStatus::Revealing;
			task.consensus = Some(args.result_hash);
			task.reveal_deadline = now.saturating_add(task.time_ref_ms.saturating_mul(REVEAL_DEADLINE_RATIO));
			task.winners = winners;
			if winners == 1 {
				Self::draw_spot_check(&mut task, Self::spot_check_rate(deal.workerpool.id));
				drew = true;
			}
			Self::deposit_event(Event::ConsensusReached { task: id, result_hash: args.result_hash });
		}
		let alone = task.status == TaskStatus::Revealing && task.winners == 1;
		Tasks::<T>::insert(id, task);
		let dataset = deal.dataset.is_some();
		let done = Contributed { prior, initialized, alone, drew, enclave: args.enclave.is_some(), dataset };
		Ok((done, deal))
	}

	/// Initializes the task of `args` if they name its deal and index and it
	/// was never initialized; the deal it read if it did.
	fn initialize_for(args: &ContributeArgsOf<T>) -> Result<Option<DealOf<T>>, DispatchError> {
		let Some((deal_id, index)) = args.initialize else { return Ok(None) };
		if Tasks::<T>::contains_key(args.task) {
			return Ok(None);
		}
		ensure!(task_id(&deal_id, index) == args.task, Error::<T>::WrongTaskOfDeal);
		let deal = T::Deals::deal(&deal_id).ok_or(Error::<T>::UnknownDeal)?;
		Self::initialize_of(deal_id, &deal, index)?;
		Ok(Some(deal))
	}

	/// The task's contributions that still count (not rejected), weighted.
	pub(crate) fn live_contributions(task: &TaskId, contributors: &[T::AccountId]) -> Vec<Weighted<H256>> {
		contributors
			.iter()
			.filter_map(|worker| Contributions::<T>::get(task, worker))
			.filter(|c| c.status != ContributionStatus::Rejected)
			.map(|c| Weighted { hash: c.result_hash, weight: c.weight })
			.collect()
	}
}
