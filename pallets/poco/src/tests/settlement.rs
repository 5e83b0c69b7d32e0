//! Settlement of a batch's payouts (`crate::settlement`): a batch pays
//! exactly what its items pay one call at a time, with one move per account
//! and kind, and a refused item pays nothing.

use super::*;
use crate::{BatchKind, Error, Event, TaskStatus, Tasks, WorkItemOf};
use ect_mocks::MockWorkerReputation;
use ect_primitives::{task_id, DealId, Escrow as _, LockReason, Pot};
use polkadot_sdk::{
	frame_support::{assert_ok, BoundedVec},
	sp_runtime::DispatchError,
};
use proptest::prelude::*;

/// One item of the batch: a folded trust 1 contribution by `w1` to task
/// `index` of deal `deal` (0: with a dataset, 1: without), which initializes
/// it; with another worker's authorization if `foreign`.
#[derive(Clone, Debug)]
struct Item {
	deal: u8,
	index: u8,
	foreign: bool,
	digest: u8,
}

fn item() -> impl Strategy<Value = Item> {
	(0..2u8, 0..4u8, prop::bool::weighted(0.15), 1..3u8)
		.prop_map(|(deal, index, foreign, digest)| Item { deal, index, foreign, digest })
}

/// The two deals, the kitty holding `kitty`, and the requester's payment
/// lock `short` task prices short of what the deals locked.
fn setup(kitty: Balance, short: u8) -> [DealId; 2] {
	let with_dataset = make_deal(DealSpec { trust: 1, volume: 4, dataset: true, ..Default::default() });
	let plain = make_deal(DealSpec { trust: 1, volume: 4, salt: 1, ..Default::default() });
	if kitty > 0 {
		assert_ok!(Escrow::lock(LockReason::SchedulerStake, &account("scheduler"), kitty));
		assert_ok!(Escrow::seize(LockReason::SchedulerStake, &account("scheduler"), kitty, Pot::Kitty));
	}
	let price = APP_PRICE + POOL_PRICE;
	assert_ok!(Escrow::unlock(LockReason::Payment, &account("requester"), price * Balance::from(short)));
	[with_dataset, plain]
}

fn work_item(deals: &[DealId; 2], item: &Item) -> WorkItemOf<Test> {
	let deal = deals[usize::from(item.deal)];
	let index = u32::from(item.index);
	let task = task_id(&deal, index);
	let mut contribution = contribution("w1", &task, digest(item.digest));
	contribution.initialize = Some((deal, index));
	if item.foreign {
		contribution.authorization = authorization(&account("w2"), &task, None);
	}
	WorkItemOf::<Test>::ContributeAndFinalize {
		contribution,
		digest: digest(item.digest),
		results: bounded(b"r"),
		results_callback: bounded(b""),
	}
}

fn batch(items: Vec<WorkItemOf<Test>>) -> BoundedVec<WorkItemOf<Test>, <Test as crate::Config>::MaxBatch> {
	items.try_into().expect("within MaxBatch")
}

/// Everything a payout can change: every funded account's free balance and
/// holds, the pots, the tasks' statuses, the pool's records, and how many
/// items failed.
#[derive(Debug, PartialEq, Eq)]
struct Snapshot {
	accounts: Vec<(Balance, Balance, Balance, Balance)>,
	pots: (Balance, Balance),
	tasks: Vec<Option<TaskStatus>>,
	completed: u32,
	failed_items: usize,
}

fn snapshot(deals: &[DealId; 2]) -> Snapshot {
	Snapshot {
		accounts: FUNDED
			.iter()
			.map(|name| {
				let hold = |reason| held(reason, name);
				(free(name), hold(LockReason::Payment), hold(LockReason::SchedulerStake), hold(LockReason::WorkerStake))
			})
			.collect(),
		pots: (pot(Pot::Protocol), pot(Pot::Kitty)),
		tasks: deals
			.iter()
			.flat_map(|deal| (0..4).map(move |i| Tasks::<Test>::get(task_id(deal, i)).map(|t| t.status)))
			.collect(),
		completed: MockWorkerReputation::pool_counts(0).completed,
		failed_items: events().iter().filter(|e| matches!(e, Event::BatchItemFailed { .. })).count(),
	}
}

proptest! {
	#![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

	/// The same items, one call each or all in one batch, leave every
	/// balance, hold, pot, task and record the same, and create no funds.
	#[test]
	fn a_batch_pays_exactly_what_its_items_pay_one_by_one(
		kitty in prop_oneof![Just(0u128), 1..200u128, 200..50_000u128],
		short in 0..4u8,
		items in prop::collection::vec(item(), 1..=8),
	) {
		let one_by_one = new_test_ext().execute_with(|| {
			let deals = setup(kitty, short);
			let issuance = total_issuance();
			for item in &items {
				assert_ok!(Poco::work_batch(RuntimeOrigin::signed(account("w1")), batch(vec![work_item(&deals, item)])));
			}
			assert_eq!(total_issuance(), issuance);
			check_invariants();
			snapshot(&deals)
		});
		let together = new_test_ext().execute_with(|| {
			let deals = setup(kitty, short);
			let issuance = total_issuance();
			let all = items.iter().map(|item| work_item(&deals, item)).collect();
			assert_ok!(Poco::work_batch(RuntimeOrigin::signed(account("w1")), batch(all)));
			assert_eq!(total_issuance(), issuance);
			check_invariants();
			snapshot(&deals)
		});
		prop_assert_eq!(one_by_one, together);
	}
}

#[test]
fn a_batch_of_one_deals_tasks_moves_each_balance_once() {
	run(|| {
		let deals = setup(1_000, 0);
		let items = (0..3).map(|index| work_item(&deals, &Item { deal: 1, index, foreign: false, digest: 1 })).collect();
		let kitty = pot(Pot::Kitty);
		assert_ok!(Poco::work_batch(RuntimeOrigin::signed(account("w1")), batch(items)));

		for index in 0..3 {
			assert_eq!(Tasks::<Test>::get(task_id(&deals[1], index)).unwrap().status, TaskStatus::Completed);
		}
		let rewards = ect_mocks::rewards::<AccountId, Balance>();
		let to = |name: &str, from: Pot| rewards.iter().filter(|(who, _, pot)| *who == account(name) && *pot == from).count();
		assert_eq!(to("w1", Pot::Protocol), 1);
		assert_eq!(to("app-owner", Pot::Protocol), 1);
		assert_eq!(to("scheduler", Pot::Protocol), 1);
		assert_eq!(to("scheduler", Pot::Kitty), 1);
		// The kitty's share is still taken task by task: 10% of what each
		// task found in it, at least KITTY_MIN.
		let share = |k: Balance| (k / 10).max(KITTY_MIN).min(k);
		let first = share(kitty);
		let second = share(kitty - first);
		let third = share(kitty - first - second);
		assert_eq!(pot(Pot::Kitty), kitty - first - second - third);
		assert_eq!(MockWorkerReputation::pool_counts(0).completed, 3);
		assert_eq!(held(LockReason::Payment, "requester"), (APP_PRICE + POOL_PRICE) + (APP_PRICE + DATASET_PRICE + POOL_PRICE) * 4);
	});
}

#[test]
fn an_item_the_escrow_cannot_pay_is_refused_alone_and_pays_nothing() {
	run(|| {
		// The plain deal's four tasks are paid for, less one: the last of
		// the batch finds the requester's lock short once the others'
		// payments are counted.
		let deals = setup(0, 0);
		let plain = APP_PRICE + POOL_PRICE;
		let rest = held(LockReason::Payment, "requester") - 3 * plain;
		assert_ok!(Escrow::unlock(LockReason::Payment, &account("requester"), rest));
		let items = (0..4).map(|index| work_item(&deals, &Item { deal: 1, index, foreign: false, digest: 1 })).collect();
		assert_ok!(Poco::work_batch(RuntimeOrigin::signed(account("w1")), batch(items)));

		let refused =
			Event::BatchItemFailed { kind: BatchKind::Work, index: 3, error: DispatchError::from(Error::<Test>::EscrowShort) };
		assert!(events().contains(&refused));
		assert!(Tasks::<Test>::get(task_id(&deals[1], 3)).is_none());
		assert_eq!(held(LockReason::Payment, "requester"), 0);
		assert_eq!(held(LockReason::WorkerStake, "w1"), 0);
		assert_eq!(MockWorkerReputation::pool_counts(0).completed, 3);
	});
}
