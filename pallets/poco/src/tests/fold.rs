//! Folded steps [beyond]: contributions that initialize their task,
//! `contribute_and_finalize`, `reveal_and_finalize`, `work_batch`, and the
//! weights they refund. The folded paths settle exactly as the classic ones.

use super::*;
use crate::{BatchKind, Error, Event, TaskStatus, Tasks, WeightInfo, WorkItemOf};
use ect_primitives::{task_id, CallbackTarget, DealId};
use polkadot_sdk::{
	frame_support::{assert_noop, assert_ok, dispatch::DispatchResultWithPostInfo, weights::Weight, BoundedVec},
	sp_io::hashing::blake2_256,
	sp_runtime::DispatchError,
};

type W = <Test as crate::Config>::WeightInfo;

/// `worker`'s contribution to task `index` of `deal`, initializing it.
fn initializing(worker: &str, deal: DealId, index: u32, digest: H256) -> crate::ContributeArgsOf<Test> {
	crate::ContributeArgsOf::<Test> {
		initialize: Some((deal, index)),
		..contribution(worker, &task_id(&deal, index), digest)
	}
}

/// The actual weight a call reported.
fn actual(result: DispatchResultWithPostInfo) -> Weight {
	result.expect("the call succeeds").actual_weight.expect("the call reports its actual weight")
}

/// A deal of one task with a dataset and a callback, at `trust`; the
/// callback bytes and their digest.
fn callback_deal(trust: u32) -> (DealId, H256, Vec<u8>, H256) {
	let deal =
		make_deal(DealSpec { trust, dataset: true, callback: Some(CallbackTarget::Runtime(3)), ..Default::default() });
	let bytes = b"answer=42".to_vec();
	(deal, task_id(&deal, 0), bytes.clone(), H256(blake2_256(&bytes)))
}

/// Everyone's free balance and the callbacks delivered after `test` ran
/// on a fresh chain.
fn outcome(test: impl FnOnce()) -> (Vec<Balance>, Vec<(H256, CallbackTarget, Vec<u8>)>) {
	let mut seen = None;
	run(|| {
		test();
		seen = Some((FUNDED.iter().map(|name| free(name)).collect(), callbacks()));
	});
	seen.expect("the test ran")
}

#[test]
fn a_contribution_initializes_the_task_it_names() {
	run(|| {
		let deal = make_deal(DealSpec { trust: 4, volume: 2, ..Default::default() });
		let (first, second) = (task_id(&deal, 0), task_id(&deal, 1));
		let as_worker = |name| RuntimeOrigin::signed(account(name));
		// Not named: the task must have been initialized.
		assert_noop!(Poco::contribute(as_worker("w1"), contribution("w1", &first, digest(1))), Error::<Test>::UnknownTask);
		// Named wrongly: another index of the deal, or an index out of it.
		let wrong = crate::ContributeArgsOf::<Test> { initialize: Some((deal, 1)), ..contribution("w1", &first, digest(1)) };
		assert_noop!(Poco::contribute(as_worker("w1"), wrong), Error::<Test>::WrongTaskOfDeal);
		assert_noop!(
			Poco::contribute(as_worker("w1"), initializing("w1", deal, 7, digest(1))),
			Error::<Test>::TaskIndexOutOfRange
		);

		let weight = actual(Poco::contribute(as_worker("w1"), initializing("w1", deal, 0, digest(1))));
		assert_eq!(weight, W::contribute(0).saturating_add(W::initialize()));
		assert!(events().contains(&Event::TaskInitialized { task: first, deal, index: 0 }));
		assert_eq!(Tasks::<Test>::get(first).unwrap().contributors.len(), 1);
		// The task exists now: naming it again only contributes.
		let weight = actual(Poco::contribute(as_worker("w2"), initializing("w2", deal, 0, digest(1))));
		assert_eq!(weight, W::contribute(1));
		assert_eq!(Tasks::<Test>::get(first).unwrap().status, TaskStatus::Revealing);
		assert!(!Tasks::<Test>::contains_key(second));
	});
}

#[test]
fn contribute_and_finalize_settles_a_trust_one_task_as_the_four_classic_calls_do() {
	let classic = || {
		outcome(|| {
			let (deal, task, bytes, digest) = callback_deal(1);
			assert_ok!(Poco::initialize(RuntimeOrigin::signed(account("scheduler")), deal, 0));
			contribute("w1", &task, digest);
			reveal("w1", &task, digest);
			assert_ok!(Poco::finalize(RuntimeOrigin::signed(account("scheduler")), task, bounded(b"r"), bounded(&bytes)));
		})
	};
	let folded = || {
		outcome(|| {
			let (deal, task, bytes, digest) = callback_deal(1);
			let call = Poco::contribute_and_finalize(
				RuntimeOrigin::signed(account("w1")),
				initializing("w1", deal, 0, digest),
				digest,
				bounded(b"r"),
				bounded(&bytes),
			);
			// The deal has a callback: the hook's weight is charged; a lone
			// consensus read the pool's spot-check rate.
			let expected = W::contribute_and_finalize_initializing().saturating_add(CALLBACK_WEIGHT);
			assert_eq!(actual(call), expected.saturating_add(Poco::spot_check_read()));
			let record = Tasks::<Test>::get(task).unwrap();
			assert_eq!(record.status, TaskStatus::Completed);
			assert_eq!((record.results.to_vec(), record.results_callback.to_vec()), (b"r".to_vec(), bytes));
			assert!(events().contains(&Event::TaskFinalized { task, digest, winners: 1, losers: 0 }));
		})
	};
	assert_eq!(folded(), classic());
}

#[test]
fn contribute_and_finalize_refuses_what_its_steps_refuse() {
	run(|| {
		let (deal, _, bytes, good) = callback_deal(1);
		let call = |args, revealed: H256, callback: &[u8]| {
			Poco::contribute_and_finalize(RuntimeOrigin::signed(account("w1")), args, revealed, bounded(b"r"), bounded(callback))
		};
		assert_noop!(call(initializing("w1", deal, 0, good), digest(9), &bytes), Error::<Test>::BadDigest);
		assert_noop!(call(initializing("w1", deal, 0, good), good, b"other"), Error::<Test>::CallbackMismatch);
		let mut unauthorized = initializing("w1", deal, 0, good);
		unauthorized.authorization = authorization(&account("w2"), &unauthorized.task, None);
		assert_noop!(call(unauthorized, good, &bytes), Error::<Test>::BadAuthorization);
		assert_noop!(
			Poco::contribute_and_finalize(none(), initializing("w1", deal, 0, good), good, bounded(b""), bounded(&bytes)),
			DispatchError::BadOrigin
		);
	});
	run(|| {
		// Trust 4 needs two fresh workers: one contribution is not enough.
		let (deal, _, bytes, digest) = callback_deal(4);
		assert_noop!(
			Poco::contribute_and_finalize(
				RuntimeOrigin::signed(account("w1")),
				initializing("w1", deal, 0, digest),
				digest,
				bounded(b"r"),
				bounded(&bytes)
			),
			Error::<Test>::NotConsensusAlone
		);
	});
}

#[test]
fn reveal_and_finalize_certifies_at_the_last_winners_reveal_as_finalize_does() {
	let classic = || {
		outcome(|| {
			let (deal, task, bytes, digest) = callback_deal(4);
			assert_ok!(Poco::initialize(RuntimeOrigin::signed(account("scheduler")), deal, 0));
			contribute("w1", &task, digest);
			contribute("w2", &task, digest);
			reveal("w1", &task, digest);
			reveal("w2", &task, digest);
			assert_ok!(Poco::finalize(RuntimeOrigin::signed(account("scheduler")), task, bounded(b"r"), bounded(&bytes)));
		})
	};
	let folded = || {
		outcome(|| {
			let (deal, task, bytes, digest) = callback_deal(4);
			let as_worker = |name| RuntimeOrigin::signed(account(name));
			assert_ok!(Poco::contribute(as_worker("w1"), initializing("w1", deal, 0, digest)));
			assert_ok!(Poco::contribute(as_worker("w2"), initializing("w2", deal, 0, digest)));
			let reveal = |name, callback: &[u8]| {
				Poco::reveal_and_finalize(as_worker(name), task, digest, bounded(b"r"), bounded(callback))
			};
			assert_noop!(reveal("w3", &bytes), Error::<Test>::NotContributor);
			// The first reveal is only a reveal, whatever the bytes.
			assert_eq!(actual(reveal("w1", b"")), Poco::reveal_declared());
			assert_eq!(Tasks::<Test>::get(task).unwrap().status, TaskStatus::Revealing);
			// The last one certifies, so its bytes must be the consensus ones.
			assert_noop!(reveal("w2", b"other"), Error::<Test>::CallbackMismatch);
			assert_eq!(actual(reveal("w2", &bytes)), W::reveal_and_finalize(2).saturating_add(CALLBACK_WEIGHT));
			assert!(events().contains(&Event::TaskFinalized { task, digest, winners: 2, losers: 0 }));
		})
	};
	assert_eq!(folded(), classic());
}

#[test]
fn a_plain_task_is_charged_its_own_benchmark_and_one_with_a_dataset_the_worst_case() {
	for (dataset, steps) in [(false, W::contribute_and_finalize_plain()), (true, W::contribute_and_finalize_initializing())] {
		run(|| {
			let deal = make_deal(DealSpec { trust: 1, dataset, ..Default::default() });
			let call = Poco::contribute_and_finalize(
				RuntimeOrigin::signed(account("w1")),
				initializing("w1", deal, 0, digest(1)),
				digest(1),
				bounded(b"r"),
				bounded(b""),
			);
			assert_eq!(actual(call), steps.saturating_add(Poco::spot_check_read()), "dataset: {dataset}");
			assert_eq!(Tasks::<Test>::get(task_id(&deal, 0)).unwrap().status, TaskStatus::Completed);
		});
	}
}

#[test]
fn a_folded_contribution_that_names_its_deal_must_initialize_the_task() {
	run(|| {
		let deal = make_deal(DealSpec { trust: 1, ..Default::default() });
		let args = initializing("w1", deal, 0, digest(1));
		// It declares a lone contribution's weight, not one after 31 others.
		let declared = Poco::contribute_and_finalize_declared(&args);
		assert!(declared.all_lt(Poco::contribute_and_finalize_declared(&crate::ContributeArgsOf::<Test> { initialize: None, ..args.clone() })));
		assert_ok!(Poco::initialize(RuntimeOrigin::signed(account("scheduler")), deal, 0));
		let call = |args| Poco::contribute_and_finalize(RuntimeOrigin::signed(account("w1")), args, digest(1), bounded(b"r"), bounded(b""));
		assert_noop!(call(args.clone()), Error::<Test>::TaskAlreadyInitialized);
		// Without the deal and index, it contributes to the task as it is.
		assert_ok!(call(crate::ContributeArgsOf::<Test> { initialize: None, ..args }));
		assert_eq!(Tasks::<Test>::get(task_id(&deal, 0)).unwrap().status, TaskStatus::Completed);
	});
}

#[test]
fn work_batch_runs_each_item_on_its_own_and_weighs_what_happened() {
	run(|| {
		let issuance = total_issuance();
		let trust_one = make_deal(DealSpec { trust: 1, volume: 2, ..Default::default() });
		let trust_four = make_deal(DealSpec { trust: 4, volume: 1, salt: 1, ..Default::default() });
		let shared = task_id(&trust_four, 0);
		assert_ok!(Poco::contribute(RuntimeOrigin::signed(account("w2")), initializing("w2", trust_four, 0, digest(4))));

		let finalize_alone = |index| WorkItemOf::<Test>::ContributeAndFinalize {
			contribution: initializing("w1", trust_one, index, digest(index as u8 + 1)),
			digest: digest(index as u8 + 1),
			results: bounded(b"r"),
			results_callback: bounded(b""),
		};
		let items: Vec<WorkItemOf<Test>> = vec![
			finalize_alone(0),
			// Not w1's authorization: refused alone.
			WorkItemOf::<Test>::Contribute(crate::ContributeArgsOf::<Test> {
				authorization: authorization(&account("w3"), &shared, None),
				..initializing("w1", trust_four, 0, digest(4))
			}),
			WorkItemOf::<Test>::Contribute(initializing("w1", trust_four, 0, digest(4))),
			WorkItemOf::<Test>::Reveal { task: task_id(&trust_one, 1), digest: digest(2) },
			finalize_alone(1),
		];
		let declared = items.iter().fold(Weight::zero(), |sum, item| sum.saturating_add(Poco::work_item_declared(item)));
		let bounded_items: BoundedVec<_, _> = items.try_into().unwrap();
		let weight = actual(Poco::work_batch(RuntimeOrigin::signed(account("w1")), bounded_items));

		let failed = |index, error: Error<Test>| Event::BatchItemFailed {
			kind: BatchKind::Work,
			index,
			error: DispatchError::from(error),
		};
		assert!(events().contains(&failed(1, Error::BadAuthorization)));
		assert!(events().contains(&failed(3, Error::UnknownTask)));
		assert!(events().contains(&Event::BatchCompleted { kind: BatchKind::Work, succeeded: 3, failed: 2 }));
		assert_eq!(Tasks::<Test>::get(task_id(&trust_one, 0)).unwrap().status, TaskStatus::Completed);
		assert_eq!(Tasks::<Test>::get(task_id(&trust_one, 1)).unwrap().status, TaskStatus::Completed);
		assert_eq!(Tasks::<Test>::get(shared).unwrap().status, TaskStatus::Revealing);

		// Successes weigh what they did, failures their worst case. The first
		// certification is not its deal's last: the deal's retirement, which
		// its benchmark counts, is refunded. The two certifications' payouts
		// are settled together: one `settle` for their deal instead of at
		// least what each benchmark counts (less the winner's account, which
		// each item still writes for its stake, and the two moves a plain
		// task does not make).
		let db = <<Test as polkadot_sdk::frame_system::Config>::DbWeight as polkadot_sdk::frame_support::traits::Get<polkadot_sdk::frame_support::weights::RuntimeDbWeight>>::get();
		let one_move = W::settle(2).saturating_sub(W::settle(1));
		let counted = W::settle(1).saturating_sub(db.reads_writes(1, 1)).saturating_sub(one_move.saturating_mul(2));
		let items = [
			W::contribute_and_finalize_plain().saturating_sub(W::retire()).saturating_add(Poco::spot_check_read()),
			Poco::contribute_declared(&initializing("w1", trust_four, 0, digest(4))),
			W::contribute(1),
			Poco::reveal_declared(),
			W::contribute_and_finalize_plain().saturating_add(Poco::spot_check_read()),
		]
		.into_iter()
		.fold(Weight::zero(), |sum, w| sum.saturating_add(w));
		let expected = items.saturating_add(W::settle(1)).saturating_sub(counted.saturating_mul(2));
		assert_eq!(weight, expected);
		assert!(weight.all_lt(items));
		assert!(weight.all_lte(declared));
		assert_noop!(Poco::work_batch(none(), Default::default()), DispatchError::BadOrigin);
		assert_eq!(total_issuance(), issuance);
	});
}

#[test]
fn finalize_refunds_the_weight_of_the_contributors_the_task_had() {
	run(|| {
		let (_, task) = initialized_task(DealSpec { trust: 1, ..Default::default() });
		contribute("w1", &task, digest(1));
		reveal("w1", &task, digest(1));
		let call = Poco::finalize(RuntimeOrigin::signed(account("scheduler")), task, bounded(b""), bounded(b""));
		assert_eq!(actual(call), W::finalize(1));
	});
}

#[test]
fn the_result_hook_is_charged_only_for_tasks_whose_deal_has_a_callback() {
	run(|| {
		let scheduler = || RuntimeOrigin::signed(account("scheduler"));
		let stranger = || RuntimeOrigin::signed(account("stranger"));
		let with = |weight: Weight| weight.saturating_add(CALLBACK_WEIGHT);
		assert!(Poco::finalize_declared().all_gte(with(W::finalize(MAX_CONTRIBUTORS))));
		assert!(Poco::claim_declared().all_gte(with(W::claim())));

		// finalize: without a callback, and with one.
		let (_, plain) = initialized_task(DealSpec { trust: 1, salt: 1, ..Default::default() });
		contribute("w1", &plain, digest(1));
		reveal("w1", &plain, digest(1));
		assert_eq!(actual(Poco::finalize(scheduler(), plain, bounded(b""), bounded(b""))), W::finalize(1));
		let (deal, task, bytes, digest) = callback_deal(1);
		assert_ok!(Poco::initialize(scheduler(), deal, 0));
		contribute("w1", &task, digest);
		reveal("w1", &task, digest);
		assert_eq!(actual(Poco::finalize(scheduler(), task, bounded(b""), bounded(&bytes))), with(W::finalize(1)));

		// The folded steps are charged the hook with a callback in their
		// own tests above, and without it in the work_batch test.

		// claim and claim_batch: a deal without a callback, and one with.
		let hooked = |salt| {
			make_deal(DealSpec { trust: 1, callback: Some(CallbackTarget::Runtime(3)), salt, ..Default::default() })
		};
		let (plain, _) = initialized_task(DealSpec { trust: 1, salt: 2, ..Default::default() });
		let called = hooked(3);
		set_time(START_MS + 20 * T_MS);
		assert_eq!(actual(Poco::claim(stranger(), plain, 0)), W::claim());
		assert_eq!(actual(Poco::claim(stranger(), called, 0)), with(W::claim()));
		let (plain, _) = initialized_task(DealSpec { trust: 1, salt: 4, ..Default::default() });
		let called = hooked(5);
		set_time(START_MS + 40 * T_MS);
		let tasks: BoundedVec<_, _> = vec![(plain, 0), (called, 0), (called, 0)].try_into().unwrap();
		// Two claims, one of which called the hook, each the last of its
		// deal (retiring it); the repeat fails and is charged its worst case
		// (a hook and a retirement).
		assert_eq!(actual(Poco::claim_batch(stranger(), tasks)), with(with(W::claim_batch(3))) + W::retire() * 3);
		// A claim that leaves a task of its deal unfinished does not retire it.
		let pair = make_deal(DealSpec { trust: 1, volume: 2, salt: 6, ..Default::default() });
		set_time(START_MS + 60 * T_MS);
		assert_eq!(actual(Poco::claim(stranger(), pair, 0)), W::claim().saturating_sub(W::retire()));
	});
}

fn none() -> RuntimeOrigin {
	RuntimeOrigin::from(polkadot_sdk::frame_system::RawOrigin::None)
}
