//! The pool's operator key (named in the registry) acts as the deal's
//! scheduler — authorises workers, reopens, finalizes — while stakes and
//! rewards stay the owner's; it stops counting when the pool changes hands.

use super::*;
use crate::{Error, TaskStatus, Tasks};
use ect_primitives::{AssetRef, LockReason, TaskId};
use polkadot_sdk::{
	frame_support::{assert_noop, assert_ok},
	sp_core::Pair,
	sp_runtime::MultiSignature,
};

/// The operator in these tests.
const OPERATOR: &str = "stranger";

fn name_operator() {
	Registry::set_operator(0, Some(account(OPERATOR)));
}

/// `worker`'s contribution authorised by the operator's key.
fn by_operator(worker: &str, task: &TaskId, digest: H256) -> crate::ContributeArgsOf<Test> {
	let mut args = contribution(worker, task, digest);
	let message = crate::authorization_message(&System::block_hash(0), &account(worker), task, None);
	args.authorization = MultiSignature::Sr25519(key(OPERATOR).sign(&message));
	args
}

fn finalize(who: &str, task: TaskId) -> polkadot_sdk::frame_support::dispatch::DispatchResultWithPostInfo {
	Poco::finalize(RuntimeOrigin::signed(account(who)), task, bounded(b"https://store/r"), bounded(b""))
}

fn trust(trust: u32) -> DealSpec {
	DealSpec { trust, dataset: true, ..Default::default() }
}

#[test]
fn the_operator_authorises_and_finalizes_and_the_owner_is_paid() {
	run(|| {
		let (_, task) = initialized_task(trust(4));
		let as_w1 = RuntimeOrigin::signed(account("w1"));
		assert_noop!(Poco::contribute(as_w1.clone(), by_operator("w1", &task, digest(1))), Error::<Test>::BadAuthorization);
		assert_noop!(finalize(OPERATOR, task), Error::<Test>::NotScheduler);

		name_operator();
		assert_ok!(Poco::contribute(as_w1, by_operator("w1", &task, digest(1))));
		// The owner's authorisations still count.
		contribute("w2", &task, digest(1));
		reveal("w1", &task, digest(1));
		reveal("w2", &task, digest(1));
		let (owner_before, operator_before) = (free("scheduler"), free(OPERATOR));
		assert_ok!(finalize(OPERATOR, task));
		assert_eq!(Tasks::<Test>::get(task).unwrap().status, TaskStatus::Completed);
		// The owner's stake is released and its reward paid to the owner; the
		// operator gets nothing.
		assert_eq!(held(LockReason::SchedulerStake, "scheduler"), 0);
		assert!(free("scheduler") > owner_before);
		assert_eq!(free(OPERATOR), operator_before);
	});
}

#[test]
fn the_operator_reopens_a_silent_group() {
	run(|| {
		name_operator();
		let (_, task) = initialized_task(trust(1));
		contribute("w1", &task, digest(1));
		set_time(START_MS + 2 * T_MS);
		assert_ok!(Poco::reopen(RuntimeOrigin::signed(account(OPERATOR)), task));
		assert_eq!(Tasks::<Test>::get(task).unwrap().status, TaskStatus::Active);
	});
}

#[test]
fn an_operator_named_by_a_later_owner_does_not_act_for_older_deals() {
	run(|| {
		let (_, task) = initialized_task(trust(1));
		// The pool changes hands; its new owner names the operator.
		assert_ok!(Registry::transfer(AssetRef::Workerpool(0), account("app-owner")));
		name_operator();
		assert_noop!(
			Poco::contribute(RuntimeOrigin::signed(account("w1")), by_operator("w1", &task, digest(1))),
			Error::<Test>::BadAuthorization
		);
		contribute("w1", &task, digest(1));
		reveal("w1", &task, digest(1));
		assert_noop!(finalize(OPERATOR, task), Error::<Test>::NotScheduler);
		assert_noop!(finalize("app-owner", task), Error::<Test>::NotScheduler);
		assert_ok!(finalize("scheduler", task));
	});
}
