//! The bridge on its own: relayer sets, attestations executed once at the
//! threshold, expiry and replays, bridged requests with and without an
//! offer (the marketplace mocked), their results, withdrawals, the
//! operating mode and the per-block commitment.

use crate::{
	mock::*, Bridged, BridgedDeals, Commitments, Epoch, Error, Event, InboundBody, InboundEventOf, MessageKind, Messages,
	OperatingMode,
};
use ect_primitives::{deal_id, CallbackTarget, ResultCallback};
use polkadot_sdk::{
	frame_support::{assert_noop, assert_ok, traits::{fungible::Inspect, Hooks}},
	frame_system,
	sp_core::{H160, H256},
	sp_runtime::{DispatchError, TokenError},
};

const PAYER: H160 = H160::repeat_byte(0xaa);
const CALLBACK: H160 = H160::repeat_byte(0xcc);

fn event(nonce: u64, body: InboundBody<AccountId, ect_mocks::market::MockParamsLen>) -> InboundEventOf<Test> {
	InboundEventOf::<Test> { nonce, eth_block: 100 + nonce, block_hash: H256::repeat_byte(7), log_index: 0, body }
}

fn deposit(nonce: u64, account: AccountId, units: u128) -> InboundEventOf<Test> {
	event(nonce, InboundBody::Deposit { sender: PAYER, account, amount: units * WEI_PER_UNIT })
}

fn request(nonce: u64, units: u128) -> InboundEventOf<Test> {
	event(
		nonce,
		InboundBody::Request {
			payer: PAYER,
			callback: CALLBACK,
			app: 0,
			category: 0,
			trust: 1,
			app_max_price: 1,
			workerpool_max_price: 1,
			amount: units * WEI_PER_UNIT,
			params: b"--n 1".to_vec().try_into().unwrap(),
		},
	)
}

fn attest(relayer: AccountId, event: InboundEventOf<Test>) -> polkadot_sdk::sp_runtime::DispatchResult {
	Bridge::attest(RuntimeOrigin::signed(relayer), event).map(|_| ()).map_err(|e| e.error)
}

fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Bridge(e) => Some(e),
			_ => None,
		})
		.collect()
}

#[test]
fn governance_sets_a_relayer_set_with_a_majority_threshold() {
	run(|| {
		let set = |relayers: Vec<AccountId>, threshold| {
			Bridge::set_relayers(RuntimeOrigin::root(), relayers.try_into().unwrap(), threshold)
		};
		assert_noop!(
			Bridge::set_relayers(RuntimeOrigin::signed(1), vec![1].try_into().unwrap(), 1),
			DispatchError::BadOrigin
		);
		assert_noop!(set(vec![1, 2, 3, 4], 2), Error::<Test>::BadThreshold);
		assert_noop!(set(vec![1, 2], 3), Error::<Test>::BadThreshold);
		assert_noop!(set(vec![1, 2, 2], 2), Error::<Test>::DuplicateRelayer);
		let epoch = Epoch::<Test>::get();
		assert_ok!(set(vec![4, 5, 6, 7], 3));
		assert_eq!(Epoch::<Test>::get(), epoch + 1);
		assert_eq!(Bridge::api_relayers(), (vec![4, 5, 6, 7], 3));
	});
}

#[test]
fn a_deposit_executes_once_at_the_threshold_and_replays_are_refused() {
	run(|| {
		assert_ok!(attest(1, deposit(1, 42, 5)));
		assert_eq!(Balances::balance(&42), 0, "one vote is below the threshold");
		assert_noop!(attest(1, deposit(1, 42, 5)), Error::<Test>::AlreadyAttested);
		assert_noop!(attest(9, deposit(1, 42, 5)), Error::<Test>::NotRelayer);
		assert_ok!(attest(2, deposit(1, 42, 5)));
		assert_eq!(Balances::balance(&42), 5);
		assert_eq!(Bridged::<Test>::get(), 5);
		assert!(events().contains(&Event::Deposited { nonce: 1, account: 42, amount: 5 }));
		assert_noop!(attest(3, deposit(1, 42, 5)), Error::<Test>::AlreadyExecuted);
	});
}

#[test]
fn votes_for_different_versions_or_past_their_ttl_do_not_add_up() {
	run(|| {
		assert_ok!(attest(1, deposit(1, 42, 5)));
		// Relayer 2 saw another version (a reorganised block).
		let mut other = deposit(1, 42, 5);
		other.block_hash = H256::repeat_byte(8);
		assert_ok!(attest(2, other));
		assert_eq!(Balances::balance(&42), 0);
		// Relayer 1's vote expires; it may vote again, and relayer 3 agrees.
		System::set_block_number(1 + TTL);
		assert_ok!(attest(1, deposit(1, 42, 5)));
		assert_eq!(Balances::balance(&42), 0, "the expired vote no longer counts");
		assert_ok!(attest(3, deposit(1, 42, 5)));
		assert_eq!(Balances::balance(&42), 5);
	});
}

#[test]
fn a_request_with_an_offer_becomes_a_bridged_deal_whose_result_goes_back() {
	run(|| {
		ect_mocks::offer(true);
		assert_ok!(attest(1, request(7, 3)));
		assert_ok!(attest(2, request(7, 3)));
		let published = ect_mocks::published();
		assert_eq!(published.len(), 1);
		let deal = deal_id(&published[0], 0);
		let account = Bridge::request_account(7);
		assert!(events().contains(&Event::RequestBridged { nonce: 7, deal, account, amount: 3 }));
		assert_eq!(BridgedDeals::<Test>::get(deal).map(|r| r.amount), Some(3));
		assert_eq!(Balances::balance(&account), 3);
		assert_eq!(Bridged::<Test>::get(), 0, "a bridged deal's payment cannot be withdrawn");

		// The task is certified: the unspent payment is burnt and returned
		// with the result.
		let task = H256::repeat_byte(1);
		<Bridge as ResultCallback>::on_result(&deal, &task, CallbackTarget::Ethereum(CALLBACK), b"result");
		assert!(BridgedDeals::<Test>::get(deal).is_none());
		assert_eq!(Balances::balance(&account), 0);
		let message = Messages::<Test>::get(1).expect("the result message");
		assert_eq!(
			(message.kind, message.request, message.task, message.recipient, message.amount, message.data.to_vec()),
			(MessageKind::Result, 7, task, CALLBACK, 3 * WEI_PER_UNIT, b"result".to_vec())
		);
		// A second delivery for the settled deal does nothing.
		<Bridge as ResultCallback>::on_result(&deal, &task, CallbackTarget::Ethereum(CALLBACK), b"result");
		assert!(Messages::<Test>::get(2).is_none());
	});
}

#[test]
fn a_request_without_an_offer_leaves_nothing_and_is_refunded_on_ethereum() {
	run(|| {
		ect_mocks::offer(false);
		assert_ok!(attest(1, request(7, 3)));
		assert_ok!(attest(2, request(7, 3)));
		assert!(events().contains(&Event::RequestRefused { nonce: 7, error: Error::<Test>::NoOffer.into() }));
		assert!(ect_mocks::published().is_empty(), "the publication was rolled back");
		assert_eq!(Balances::balance(&Bridge::request_account(7)), 0, "nothing was minted");
		assert_eq!(Balances::total_issuance(), 0);
		let message = Messages::<Test>::get(1).expect("the refund message");
		assert_eq!(
			(message.kind, message.request, message.recipient, message.amount),
			(MessageKind::Refund, 7, PAYER, 3 * WEI_PER_UNIT)
		);
	});
}

#[test]
fn withdrawals_burn_at_most_what_was_bridged_in() {
	run(|| {
		assert_ok!(attest(1, deposit(1, 42, 5)));
		assert_ok!(attest(2, deposit(1, 42, 5)));
		let recipient = H160::repeat_byte(0xee);
		assert_noop!(Bridge::withdraw(RuntimeOrigin::signed(42), recipient, 0), Error::<Test>::ZeroAmount);
		assert_noop!(Bridge::withdraw(RuntimeOrigin::signed(42), recipient, 6), Error::<Test>::ExceedsBridged);
		// Someone with funds that were not bridged cannot take them out either.
		assert_noop!(
			Bridge::withdraw(RuntimeOrigin::signed(43), recipient, 5),
			DispatchError::Token(TokenError::FundsUnavailable)
		);
		assert_ok!(Bridge::withdraw(RuntimeOrigin::signed(42), recipient, 5));
		assert_eq!((Balances::balance(&42), Bridged::<Test>::get()), (0, 0));
		let message = Messages::<Test>::get(1).expect("the withdrawal message");
		assert_eq!((message.kind, message.recipient, message.amount), (MessageKind::Withdrawal, recipient, 5 * WEI_PER_UNIT));
	});
}

#[test]
fn a_halted_bridge_takes_no_attestation_and_no_withdrawal() {
	run(|| {
		assert_noop!(
			Bridge::set_operating_mode(RuntimeOrigin::signed(1), OperatingMode::Halted),
			DispatchError::BadOrigin
		);
		assert_ok!(Bridge::set_operating_mode(RuntimeOrigin::root(), OperatingMode::Halted));
		assert_noop!(attest(1, deposit(1, 42, 5)), Error::<Test>::Halted);
		assert_noop!(Bridge::withdraw(RuntimeOrigin::signed(42), H160::zero(), 1), Error::<Test>::Halted);
		assert_ok!(Bridge::set_operating_mode(RuntimeOrigin::root(), OperatingMode::Normal));
		assert_ok!(attest(1, deposit(1, 42, 5)));
	});
}

#[test]
fn queued_messages_are_committed_at_the_next_blocks_within_the_bound() {
	run(|| {
		for nonce in 1..=3 {
			ect_mocks::offer(false);
			assert_ok!(attest(1, request(nonce, 1)));
			assert_ok!(attest(2, request(nonce, 1)));
		}
		System::set_block_number(2);
		Bridge::on_initialize(2);
		let first = Commitments::<Test>::get(2).expect("block 2 commits");
		assert_eq!((first.first, first.count), (1, 2), "at most MaxMessagesPerBlock");
		System::set_block_number(3);
		Bridge::on_initialize(3);
		let second = Commitments::<Test>::get(3).expect("block 3 commits the rest");
		assert_eq!((second.first, second.count), (3, 1));
		assert_ne!(first.root, second.root);
		let proof = Bridge::message_proof(2, 2).expect("message 2 is under block 2's root");
		assert_eq!(proof.root, first.root);
		assert!(Bridge::message_proof(2, 3).is_none());
		assert!(frame_system::Pallet::<Test>::block_number() == 3);
	});
}
