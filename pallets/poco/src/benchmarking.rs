//! Benchmarks of every call in its worst case: `MaxContributors`
//! contributions, TEE and dataset checks, callbacks, and the batch calls per
//! item; the retention hook in parts (idle, per deal, per task) and the
//! queueing of a finished deal. Deals, tasks and other workers'
//! contributions are written straight into storage (with their funds really
//! locked), so that the setup stays fast and only the call is measured.

use super::*;
use alloc::vec::Vec;
use codec::Encode;
use frame_support::{
	traits::{fungible::Mutate, Get},
	weights::Weight,
};
use frame_system::RawOrigin;
use ect_primitives::{
	benchmarking::BenchmarkHelper, task_id, AssetRegistry, CallbackTarget, Deal, DealId, DealProvider, DealResource,
	Escrow, LockReason, PoolPolicy, Pot, Tag, TaskId,
};
use crate::settlement::{Payout, Settlement};
use polkadot_sdk::{
	frame_benchmarking::v2::*,
	sp_core::H256,
	sp_io::hashing::blake2_256,
	sp_runtime::{traits::{Bounded, Zero}, Saturating},
};

type Helper<T> = <T as Config>::BenchmarkHelper;
type EscrowOf<T> = <T as Config>::Escrow;
type Currency<T> = <T as Config>::Currency;

/// A funded account with a benchmark key.
fn funded<T: Config>(index: u32) -> T::AccountId {
	let who = Helper::<T>::signer(index);
	Currency::<T>::set_balance(&who, BalanceOf::<T>::max_value() / 1_048_576u32.into());
	who
}

fn price<T: Config>(units: u32) -> BalanceOf<T> {
	<Currency<T> as frame_support::traits::fungible::Inspect<T::AccountId>>::minimum_balance()
		.saturating_mul(units.into())
}

/// The parties of the benchmark deals.
struct Parties<T: Config> {
	scheduler: T::AccountId,
	requester: T::AccountId,
	owner: T::AccountId,
	dataset: u32,
	checksum: H256,
	category: u32,
}

fn parties<T: Config>() -> Parties<T> {
	let (scheduler, requester, owner) = (funded::<T>(0), funded::<T>(1), funded::<T>(2));
	let checksum = H256::repeat_byte(0xda);
	let dataset = T::Registry::register_dataset(owner.clone(), checksum).unwrap();
	let category = T::Registry::create_category(1_000, 1).unwrap();
	Parties { scheduler, requester, owner, dataset, checksum, category }
}

/// A TEE deal with a dataset and a callback, of `volume` tasks, its payment
/// and the scheduler's stakes locked.
fn deal<T: Config>(p: &Parties<T>, salt: u32, volume: u32) -> DealId {
	deal_of_trust::<T>(p, salt, volume, u32::MAX)
}

/// [`deal`] at `trust`.
fn deal_of_trust<T: Config>(p: &Parties<T>, salt: u32, volume: u32, trust: u32) -> DealId {
	deal_with::<T>(p, salt, volume, trust, false)
}

/// A deal at `trust`: a TEE deal with a dataset and a callback, or a
/// `plain` one with none of them.
fn deal_with<T: Config>(p: &Parties<T>, salt: u32, volume: u32, trust: u32, plain: bool) -> DealId {
	let id = H256(blake2_256(&(b"bench-deal", salt).encode()));
	let resource = |owner: &T::AccountId, units| DealResource { id: 0, owner: owner.clone(), price: price::<T>(units) };
	let deal = Deal {
		app: resource(&p.owner, 1),
		dataset: (!plain).then(|| DealResource { id: p.dataset, ..resource(&p.owner, 1) }),
		workerpool: resource(&p.scheduler, 100),
		trust,
		category: p.category,
		tag: if plain { Tag::NONE } else { Tag::TEE },
		requester: p.requester.clone(),
		beneficiary: p.requester.clone(),
		callback: (!plain).then_some(CallbackTarget::Runtime(0)),
		params: Default::default(),
		start: Pallet::<T>::now_ms(),
		first_index: 0,
		volume,
		worker_stake: price::<T>(30),
		scheduler_stake: price::<T>(30),
		scheduler_reward_ratio: PoolPolicy::default().scheduler_reward_ratio,
		request: id,
		requirements: Default::default(),
	};
	EscrowOf::<T>::lock(LockReason::Payment, &p.requester, price::<T>(102).saturating_mul(volume.into())).unwrap();
	EscrowOf::<T>::lock(LockReason::SchedulerStake, &p.scheduler, price::<T>(30).saturating_mul(volume.into()))
		.unwrap();
	T::Deals::insert_deal(id, deal);
	id
}

/// Initializes task `index` of `deal` (deadlines from now: the deal starts now).
fn task<T: Config>(deal_id: DealId, index: u32, status: TaskStatus) -> TaskId {
	let deal = T::Deals::deal(&deal_id).unwrap();
	let mut task = Pallet::<T>::new_task(deal_id, &deal, index).unwrap();
	task.status = status;
	let id = task_id(&deal_id, index);
	Tasks::<T>::insert(id, task);
	OpenTasks::<T>::insert(deal.workerpool.id, id, ());
	id
}

/// `count` contributions of other workers to `task` (stakes locked), with
/// result hash `hash` (distinct per worker when `None`), in `status`.
fn contributions<T: Config>(task: TaskId, count: u32, hash: Option<H256>, status: ContributionStatus) {
	let mut record = Tasks::<T>::get(task).unwrap();
	let deal = T::Deals::deal(&record.deal).unwrap();
	for i in 0..count {
		let worker = funded::<T>(1_000u32.saturating_add(i));
		EscrowOf::<T>::lock(LockReason::WorkerStake, &worker, deal.worker_stake).unwrap();
		let result_hash = hash.unwrap_or_else(|| H256(blake2_256(&i.encode())));
		Contributions::<T>::insert(
			task,
			&worker,
			Contribution {
				result_hash,
				result_seal: result_hash,
				enclave: None,
				weight: 2,
				status,
				usage: Some(Usage { fuel: i.into(), run_ms: i.into() }),
			},
		);
		record.contributors.try_push(worker).unwrap();
	}
	Tasks::<T>::insert(task, record);
}

/// A TEE contribution of `worker` to `task`, with its enclave and authorization.
fn contribution<T: Config>(p: &Parties<T>, worker: &T::AccountId, task: TaskId, digest: H256) -> ContributeArgsOf<T> {
	let enclave = Helper::<T>::signer(7);
	let (hash, seal) = (result_hash(&task, &digest), result_seal(worker, &task, &digest));
	let authorization_bytes = authorization_message(&Pallet::<T>::genesis_hash(), worker, &task, Some(&enclave));
	ContributeArgs {
		task,
		result_hash: hash,
		result_seal: seal,
		enclave: Some((enclave.clone(), Helper::<T>::sign(&enclave, &enclave_message(&hash, &seal)))),
		authorization: Helper::<T>::sign(&p.scheduler, &authorization_bytes),
		usage: Some(Usage { fuel: 1, run_ms: 1 }),
		dataset_checksum: Some(p.checksum),
		initialize: None,
	}
}

/// Moves `task` to Revealing with its one contribution, of `digest`, the winner.
fn revealing<T: Config>(task: TaskId, digest: H256) {
	Tasks::<T>::mutate(task, |t| {
		let t = t.as_mut().unwrap();
		t.status = TaskStatus::Revealing;
		t.consensus = Some(result_hash(&task, &digest));
		t.winners = 1;
		t.reveal_deadline = u64::MAX;
	});
}

/// A revealing task of `deal` whose `MaxContributors` contributions are
/// half revealed winners, half losers, ready to finalize.
fn finalizable<T: Config>(deal_id: DealId, index: u32, digest: H256) -> TaskId {
	finalizable_with::<T>(deal_id, index, digest, T::MaxContributors::get())
}

/// A revealing task of `deal` with `count` contributions, half (rounded up)
/// revealed winners, half losers, ready to finalize.
fn finalizable_with<T: Config>(deal_id: DealId, index: u32, digest: H256, count: u32) -> TaskId {
	let id = task::<T>(deal_id, index, TaskStatus::Revealing);
	let winners = count.div_ceil(2);
	let consensus = result_hash(&id, &digest);
	contributions::<T>(id, winners, Some(consensus), ContributionStatus::Proved);
	contributions_from::<T>(id, count.saturating_sub(winners), 5_000);
	Tasks::<T>::mutate(id, |t| {
		let t = t.as_mut().unwrap();
		t.consensus = Some(consensus);
		t.winners = winners;
		t.revealed = winners;
		t.digest = Some(digest);
	});
	id
}

/// Losing contributions from workers numbered from `first`.
fn contributions_from<T: Config>(task: TaskId, count: u32, first: u32) {
	let mut record = Tasks::<T>::get(task).unwrap();
	let deal = T::Deals::deal(&record.deal).unwrap();
	for i in 0..count {
		let worker = funded::<T>(first.saturating_add(i));
		EscrowOf::<T>::lock(LockReason::WorkerStake, &worker, deal.worker_stake).unwrap();
		let hash = H256(blake2_256(&(first, i).encode()));
		Contributions::<T>::insert(
			task,
			&worker,
			Contribution {
				result_hash: hash,
				result_seal: hash,
				enclave: None,
				weight: 2,
				status: ContributionStatus::Contributed,
				usage: None,
			},
		);
		record.contributors.try_push(worker).unwrap();
	}
	Tasks::<T>::insert(task, record);
}

/// The callback bytes whose hash is the digest, as long as allowed.
fn callback_bytes<T: Config>() -> (CallbackOf<T>, H256) {
	let bytes: CallbackOf<T> = alloc::vec![7u8; T::MaxCallbackLen::get() as usize].try_into().unwrap();
	let digest = H256(blake2_256(&bytes));
	(bytes, digest)
}

fn results<T: Config>() -> ResultsOf<T> {
	alloc::vec![1u8; T::MaxResultsLen::get() as usize].try_into().unwrap()
}

/// The deals' pool (id 0) checks nothing, so that a lone consensus is
/// certified in its own block (`contribute_and_finalize`); the rate is
/// still read.
fn no_spot_checks<T: Config>() {
	SpotCheckRates::<T>::insert(0, 0);
}

/// Makes a past-deadline copy of `task` for `claim`: deadlines at 0.
fn expire<T: Config>(task: TaskId) {
	Tasks::<T>::mutate(task, |t| {
		let t = t.as_mut().unwrap();
		t.final_deadline = 0;
		t.contribution_deadline = 0;
	});
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn initialize() {
		let p = parties::<T>();
		let deal_id = deal::<T>(&p, 0, 1);
		let caller = funded::<T>(3);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), deal_id, 0);

		assert!(Tasks::<T>::contains_key(task_id(&deal_id, 0)));
	}

	/// A TEE contribution with a dataset checksum to a task holding `c`
	/// dissenting contributions.
	#[benchmark]
	fn contribute(c: Linear<0, { T::MaxContributors::get().saturating_sub(1) }>) {
		let p = parties::<T>();
		let deal_id = deal::<T>(&p, 0, 1);
		let id = task::<T>(deal_id, 0, TaskStatus::Active);
		contributions::<T>(id, c, None, ContributionStatus::Contributed);
		let worker = funded::<T>(4);
		let args = contribution::<T>(&p, &worker, id, H256::repeat_byte(1));

		#[extrinsic_call]
		_(RawOrigin::Signed(worker.clone()), args);

		assert!(Contributions::<T>::contains_key(id, &worker));
	}

	#[benchmark]
	fn reveal() {
		let p = parties::<T>();
		let deal_id = deal::<T>(&p, 0, 1);
		let id = task::<T>(deal_id, 0, TaskStatus::Active);
		let worker = funded::<T>(4);
		let digest = H256::repeat_byte(1);
		Pallet::<T>::do_contribute(&worker, contribution::<T>(&p, &worker, id, digest)).unwrap();
		revealing::<T>(id, digest);

		#[extrinsic_call]
		_(RawOrigin::Signed(worker), id, digest);

		assert_eq!(Tasks::<T>::get(id).unwrap().revealed, 1);
	}

	/// `MaxContributors` silent contributions in the consensus group.
	#[benchmark]
	fn reopen() {
		let p = parties::<T>();
		let deal_id = deal::<T>(&p, 0, 1);
		let id = task::<T>(deal_id, 0, TaskStatus::Revealing);
		let consensus = H256::repeat_byte(9);
		contributions::<T>(id, T::MaxContributors::get(), Some(consensus), ContributionStatus::Contributed);
		Tasks::<T>::mutate(id, |t| t.as_mut().unwrap().consensus = Some(consensus));

		#[extrinsic_call]
		_(RawOrigin::Signed(p.scheduler.clone()), id);

		assert_eq!(Tasks::<T>::get(id).unwrap().status, TaskStatus::Active);
	}

	/// `c` contributions, half winners, half losers; the longest results
	/// and callback bytes.
	#[benchmark]
	fn finalize(c: Linear<1, { T::MaxContributors::get() }>) {
		let p = parties::<T>();
		let deal_id = deal::<T>(&p, 0, 1);
		let (bytes, digest) = callback_bytes::<T>();
		let id = finalizable_with::<T>(deal_id, 0, digest, c);

		#[extrinsic_call]
		_(RawOrigin::Signed(p.scheduler.clone()), id, results::<T>(), bytes);

		assert_eq!(Tasks::<T>::get(id).unwrap().status, TaskStatus::Completed);
	}

	/// `MaxContributors` stakes to release.
	#[benchmark]
	fn claim() {
		let p = parties::<T>();
		let deal_id = deal::<T>(&p, 0, 1);
		let id = task::<T>(deal_id, 0, TaskStatus::Active);
		contributions::<T>(id, T::MaxContributors::get(), None, ContributionStatus::Contributed);
		expire::<T>(id);

		#[extrinsic_call]
		_(RawOrigin::Signed(p.requester.clone()), deal_id, 0);

		assert_eq!(Tasks::<T>::get(id).unwrap().status, TaskStatus::Failed);
	}

	#[benchmark]
	fn initialize_batch(n: Linear<1, { T::MaxBatch::get() }>) {
		let p = parties::<T>();
		let deal_id = deal::<T>(&p, 0, n);
		let items: Vec<(DealId, u32)> = (0..n).map(|i| (deal_id, i)).collect();

		#[extrinsic_call]
		_(RawOrigin::Signed(p.scheduler.clone()), items.try_into().unwrap());

		assert!(Tasks::<T>::contains_key(task_id(&deal_id, n - 1)));
	}

	/// One worker contributes to `n` tasks, each holding `MaxContributors - 1`
	/// contributions.
	#[benchmark]
	fn contribute_batch(n: Linear<1, { T::MaxBatch::get() }>) {
		let p = parties::<T>();
		let deal_id = deal::<T>(&p, 0, n);
		let worker = funded::<T>(4);
		let mut items = Vec::new();
		for i in 0..n {
			let id = task::<T>(deal_id, i, TaskStatus::Active);
			contributions_from::<T>(id, T::MaxContributors::get().saturating_sub(1), 10_000);
			items.push(contribution::<T>(&p, &worker, id, H256::repeat_byte(1)));
		}

		#[extrinsic_call]
		_(RawOrigin::Signed(worker.clone()), items.try_into().unwrap());

		assert!(Contributions::<T>::contains_key(task_id(&deal_id, n - 1), &worker));
	}

	#[benchmark]
	fn reveal_batch(n: Linear<1, { T::MaxBatch::get() }>) {
		let p = parties::<T>();
		let deal_id = deal::<T>(&p, 0, n);
		let worker = funded::<T>(4);
		let digest = H256::repeat_byte(1);
		let mut items = Vec::new();
		for i in 0..n {
			let id = task::<T>(deal_id, i, TaskStatus::Active);
			Pallet::<T>::do_contribute(&worker, contribution::<T>(&p, &worker, id, digest)).unwrap();
			revealing::<T>(id, digest);
			items.push((id, digest));
		}

		#[extrinsic_call]
		_(RawOrigin::Signed(worker), items.try_into().unwrap());

		assert_eq!(Tasks::<T>::get(task_id(&deal_id, n - 1)).unwrap().revealed, 1);
	}

	#[benchmark]
	fn finalize_batch(n: Linear<1, { T::MaxBatch::get() }>) {
		let p = parties::<T>();
		let deal_id = deal::<T>(&p, 0, n);
		let (bytes, digest) = callback_bytes::<T>();
		let items: Vec<_> =
			(0..n).map(|i| (finalizable::<T>(deal_id, i, digest), results::<T>(), bytes.clone())).collect();

		#[extrinsic_call]
		_(RawOrigin::Signed(p.scheduler.clone()), items.try_into().unwrap());

		assert_eq!(Tasks::<T>::get(task_id(&deal_id, n - 1)).unwrap().status, TaskStatus::Completed);
	}

	#[benchmark]
	fn claim_batch(n: Linear<1, { T::MaxBatch::get() }>) {
		let p = parties::<T>();
		let deal_id = deal::<T>(&p, 0, n);
		for i in 0..n {
			let id = task::<T>(deal_id, i, TaskStatus::Active);
			contributions_from::<T>(id, T::MaxContributors::get(), 20_000);
			expire::<T>(id);
		}
		let items: Vec<(DealId, u32)> = (0..n).map(|i| (deal_id, i)).collect();

		#[extrinsic_call]
		_(RawOrigin::Signed(p.requester.clone()), items.try_into().unwrap());

		assert_eq!(Tasks::<T>::get(task_id(&deal_id, n - 1)).unwrap().status, TaskStatus::Failed);
	}

	/// A settlement of one task's payout to `w` winners: the requester's
	/// payment, the scheduler's stake, distinct app and dataset owners, a
	/// kitty share and the scheduler's remainder, what a batch's settlement
	/// does per deal ([`crate::settlement`]).
	#[benchmark]
	fn settle(w: Linear<1, { T::MaxContributors::get() }>) {
		let p = parties::<T>();
		let deal_id = deal::<T>(&p, 0, 1);
		let deal = T::Deals::deal(&deal_id).unwrap();
		let kitty = price::<T>(1_000);
		EscrowOf::<T>::lock(LockReason::SchedulerStake, &p.scheduler, kitty).unwrap();
		EscrowOf::<T>::seize(LockReason::SchedulerStake, &p.scheduler, kitty, Pot::Kitty).unwrap();
		let winners: Vec<_> = (0..w).map(|i| (funded::<T>(1_000u32.saturating_add(i)), price::<T>(1))).collect();
		let owners = alloc::vec![
			(p.owner.clone(), deal.app.price, Pot::Protocol),
			(funded::<T>(3), price::<T>(1), Pot::Protocol),
			(p.scheduler.clone(), price::<T>(10), Pot::Kitty),
			(p.scheduler.clone(), price::<T>(99u32.saturating_sub(w)), Pot::Protocol),
		];
		let mut settlement = Settlement::<T>::default();
		settlement
			.admit(Payout {
				deal: deal_id,
				requester: p.requester.clone(),
				price: deal.task_price().unwrap(),
				scheduler: p.scheduler.clone(),
				scheduler_stake: deal.scheduler_stake,
				owners,
				winners,
				pool: deal.workerpool.id,
				app: deal.app.id,
				callback: None,
			})
			.unwrap();

		#[block]
		{
			settlement.settle().unwrap();
		}

		assert_eq!(EscrowOf::<T>::locked(LockReason::Payment, &p.requester), Zero::zero());
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
	/// A trust 1 TEE contribution with a dataset checksum and the longest
	/// results and callback, to a task holding `c` rejected contributions
	/// (a reopened one), which lose their stakes at the certification.
	#[benchmark]
	fn contribute_and_finalize(c: Linear<0, { T::MaxContributors::get().saturating_sub(1) }>) {
		let p = parties::<T>();
		let deal_id = deal_of_trust::<T>(&p, 0, 1, 1);
		no_spot_checks::<T>();
		let id = task::<T>(deal_id, 0, TaskStatus::Active);
		contributions::<T>(id, c, None, ContributionStatus::Rejected);
		let worker = funded::<T>(4);
		let (bytes, digest) = callback_bytes::<T>();
		let args = contribution::<T>(&p, &worker, id, digest);

		#[extrinsic_call]
		_(RawOrigin::Signed(worker), args, digest, results::<T>(), bytes);

		assert_eq!(Tasks::<T>::get(id).unwrap().status, TaskStatus::Completed);
	}

	/// `contribute_and_finalize` to a task never initialized, which the
	/// contribution initializes (so it has no other contribution): a trust 1
	/// TEE task with a dataset, the longest results and callback.
	#[benchmark]
	fn contribute_and_finalize_initializing() {
		let p = parties::<T>();
		let deal_id = deal_of_trust::<T>(&p, 0, 1, 1);
		no_spot_checks::<T>();
		let id = task_id(&deal_id, 0);
		let worker = funded::<T>(4);
		let (bytes, digest) = callback_bytes::<T>();
		let args = ContributeArgs { initialize: Some((deal_id, 0)), ..contribution::<T>(&p, &worker, id, digest) };

		#[extrinsic_call]
		contribute_and_finalize(RawOrigin::Signed(worker), args, digest, results::<T>(), bytes);

		assert_eq!(Tasks::<T>::get(id).unwrap().status, TaskStatus::Completed);
	}

	/// `contribute_and_finalize` to a task never initialized, as
	/// [`contribute_and_finalize_initializing`] but of a plain deal: no
	/// enclave, no dataset, no callback; the longest results.
	#[benchmark]
	fn contribute_and_finalize_plain() {
		let p = parties::<T>();
		let deal_id = deal_with::<T>(&p, 0, 1, 1, true);
		no_spot_checks::<T>();
		let id = task_id(&deal_id, 0);
		let worker = funded::<T>(4);
		let digest = H256::repeat_byte(0x5e);
		let authorization = authorization_message(&Pallet::<T>::genesis_hash(), &worker, &id, None::<&T::AccountId>);
		let args = ContributeArgs {
			enclave: None,
			dataset_checksum: None,
			authorization: Helper::<T>::sign(&p.scheduler, &authorization),
			initialize: Some((deal_id, 0)),
			..contribution::<T>(&p, &worker, id, digest)
		};

		#[extrinsic_call]
		contribute_and_finalize(RawOrigin::Signed(worker), args, digest, results::<T>(), Default::default());

		assert_eq!(Tasks::<T>::get(id).unwrap().status, TaskStatus::Completed);
	}

	/// The last of the winners among `c` contributions (half winners, half
	/// losers) reveals and certifies, with the longest results and callback.
	#[benchmark]
	fn reveal_and_finalize(c: Linear<1, { T::MaxContributors::get() }>) {
		let p = parties::<T>();
		let deal_id = deal::<T>(&p, 0, 1);
		let (bytes, digest) = callback_bytes::<T>();
		let id = finalizable_with::<T>(deal_id, 0, digest, c.saturating_sub(1));
		let worker = funded::<T>(4);
		let deal = T::Deals::deal(&deal_id).unwrap();
		EscrowOf::<T>::lock(LockReason::WorkerStake, &worker, deal.worker_stake).unwrap();
		Contributions::<T>::insert(
			id,
			&worker,
			Contribution {
				result_hash: result_hash(&id, &digest),
				result_seal: result_seal(&worker, &id, &digest),
				enclave: None,
				weight: 2,
				status: ContributionStatus::Contributed,
				usage: Some(Usage { fuel: 1, run_ms: 1 }),
			},
		);
		Tasks::<T>::mutate(id, |t| {
			let t = t.as_mut().unwrap();
			t.contributors.try_push(worker.clone()).unwrap();
			t.winners = t.winners.saturating_add(1);
			t.reveal_deadline = u64::MAX;
		});

		#[extrinsic_call]
		_(RawOrigin::Signed(worker), id, digest, results::<T>(), bytes);

		assert_eq!(Tasks::<T>::get(id).unwrap().status, TaskStatus::Completed);
	}

	/// `on_initialize` with a queued deal whose retention has not passed.
	#[benchmark]
	fn prune_idle() {
		let p = parties::<T>();
		let deal_id = deal::<T>(&p, 0, 1);
		Pallet::<T>::retire(deal_id);
		let now = frame_system::Pallet::<T>::block_number();
		let weight;

		#[block]
		{
			weight = Pallet::<T>::prune(now, Weight::MAX);
		}

		assert_eq!(weight, <T as Config>::WeightInfo::prune_idle());
		assert!(T::Deals::deal(&deal_id).is_some());
	}

	/// `on_initialize` removing a deal whose retention passed, apart from
	/// its tasks: a deal of one task that has no record.
	#[benchmark]
	fn prune_deal() {
		let p = parties::<T>();
		let deal_id = deal::<T>(&p, 0, 1);
		Pallet::<T>::retire(deal_id);
		let now = frame_system::Pallet::<T>::block_number().saturating_add(TaskRetention::<T>::get());

		#[block]
		{
			Pallet::<T>::prune(now, Weight::MAX);
		}

		assert!(!T::Deals::deal(&deal_id).is_some());
		assert_eq!(RetiringQueue::<T>::get(), RetiringCursor { head: 1, tail: 1, removing: None, pruned: 0 });
	}

	/// Queueing a deal whose last task finished.
	#[benchmark]
	fn retire() {
		let p = parties::<T>();
		let deal_id = deal::<T>(&p, 0, 1);

		#[block]
		{
			Pallet::<T>::retire(deal_id);
		}

		assert_eq!(RetiringQueue::<T>::get(), RetiringCursor { head: 0, tail: 1, removing: None, pruned: 0 });
	}

	/// The scheduler sets its pool's spot-check rate.
	#[benchmark]
	fn set_spot_check_rate() {
		let owner = funded::<T>(0);
		let pool = T::Registry::register_workerpool(owner.clone(), PoolPolicy::default(), Default::default()).unwrap();

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), pool, 200_000);

		assert_eq!(SpotCheckRates::<T>::get(pool), Some(200_000));
	}

	/// Removing a finished task with `c` contributions.
	#[benchmark]
	fn prune_task(c: Linear<0, { T::MaxContributors::get() }>) {
		let p = parties::<T>();
		let deal_id = deal::<T>(&p, 0, 1);
		let id = task::<T>(deal_id, 0, TaskStatus::Completed);
		contributions::<T>(id, c, None, ContributionStatus::Proved);
		let removed;

		#[block]
		{
			removed = Pallet::<T>::remove_task(id);
		}

		assert_eq!(removed, c);
		assert!(!Tasks::<T>::contains_key(id));
	}
}
