//! The Ethereum bridge in the full runtime (`bridge.md`): the relayer set
//! and its threshold, attestations executed exactly once at the threshold
//! (per version, with expiry and epochs), deposits, bridged requests made
//! into deals through the order book, their results and failures sent back
//! to Ethereum, withdrawals, and the outbound messages committed under one
//! Merkle root per block, whose proofs the relayers read through the
//! runtime API. Every balance, message and event is checked exactly.

mod common;

use codec::Encode;
use common::*;
use ect_runtime::{
	polkadot_sdk::{
		frame_support::{
			assert_noop, assert_ok,
			dispatch::{DispatchResultWithPostInfo, Pays},
			traits::Hooks,
		},
		pallet_balances, pallet_timestamp,
		sp_core::{H160, H256},
		sp_genesis_builder::DEV_RUNTIME_PRESET,
		sp_io::hashing::{blake2_256, keccak_256},
		sp_keyring::Sr25519Keyring,
		sp_runtime::{DispatchError, DispatchResult, TokenError},
	},
	AccountId, Balance, Balances, Bridge, Runtime, RuntimeEvent, RuntimeOrigin, System, EXISTENTIAL_DEPOSIT,
	MILLI_UNIT,
};
use pallet_ect_bridge::{
	abi, merkle, Bridged, BridgedDeals, BridgedRequest, Commitment, Commitments, Epoch, InboundBody, InboundBodyOf,
	InboundEvent, InboundEventOf, InboundStatus, MessageKind, MessageProof, Messages, NextMessage, NextUncommitted,
	OperatingMode, OutboundMessage, OutboundMessageOf, Relayers, Threshold, Votes, WeightInfo,
};
use pallet_ect_escrow::{Escrow as _, LockReason};
use pallet_ect_marketplace::{task_id, Book, CallbackTarget, DealId, Deals, Order, OrderOf, RequestOrder, TaskId};
use pallet_ect_poco::{ContributeArgsOf, TaskStatus, Tasks};
use pallet_ect_registry::{Resources, Tag};
use proptest::prelude::*;

type BridgeEvent = pallet_ect_bridge::Event<Runtime>;
type BridgeError = pallet_ect_bridge::Error<Runtime>;
type Weights = pallet_ect_bridge::weights::SubstrateWeight<Runtime>;
type Escrow = pallet_ect_escrow::Pallet<Runtime>;
type Poco = pallet_ect_poco::Call<Runtime>;

/// Wei per planck (ether has 18 decimals, ECT 12).
const WEI: u128 = 1_000_000;
/// The relayers: a set of three, threshold two.
const R: [Sr25519Keyring; 3] = [Sr25519Keyring::DaveStash, Sr25519Keyring::EveStash, Sr25519Keyring::FerdieStash];
/// Who pays for bridged requests on Ethereum.
const PAYER: H160 = H160([0xaa; 20]);
/// The dapp contract that receives the results.
const CALLBACK: H160 = H160([0xcc; 20]);
/// Who deposits ether on Ethereum.
const SENDER: H160 = H160([0x5e; 20]);
/// Where withdrawals go on Ethereum.
const RECIPIENT: H160 = H160([0x7e; 20]);
const PARAMS: &[u8] = b"--seed 42";
/// The certified callback bytes of the bridged task.
const DATA: &[u8] = b"the answer is 42";

/// The category S of the genesis presets: T = 1 200 s.
const T_MS: u64 = 1_200_000;
const START_MS: u64 = 1_800_000_000_000;
const APP_PRICE: Balance = UNIT;
const POOL_PRICE: Balance = 10 * UNIT;
const TASK_PRICE: Balance = APP_PRICE + POOL_PRICE;
/// What a bridged request pays (in planck; times `WEI` on Ethereum).
const PAYMENT: Balance = 20 * UNIT;
/// The storage deposit of a published order (the runtime's `OrderDeposit`).
const ORDER_DEPOSIT: Balance = 10 * MILLI_UNIT;
/// The scheduler and the worker of the bridged tasks.
const SCHEDULER: Sr25519Keyring = Sr25519Keyring::Charlie;
const WORKER: Sr25519Keyring = Sr25519Keyring::Eve;

fn set_relayers(keys: &[Sr25519Keyring], threshold: u32) -> DispatchResult {
	let relayers: Vec<AccountId> = keys.iter().map(|k| k.to_account_id()).collect();
	Bridge::set_relayers(RuntimeOrigin::root(), relayers.try_into().unwrap(), threshold)
}

fn event(nonce: u64, body: InboundBodyOf<Runtime>) -> InboundEventOf<Runtime> {
	InboundEvent { nonce, eth_block: 1_000 + nonce, block_hash: H256::repeat_byte(nonce as u8), log_index: 3, body }
}

fn deposit_body(account: &AccountId, wei: u128) -> InboundBodyOf<Runtime> {
	InboundBody::Deposit { sender: SENDER, account: account.clone(), amount: wei }
}

fn request_body(wei: u128, app_max_price: Balance, workerpool_max_price: Balance) -> InboundBodyOf<Runtime> {
	InboundBody::Request {
		payer: PAYER,
		callback: CALLBACK,
		app: 0,
		category: 1,
		trust: 1,
		app_max_price,
		workerpool_max_price,
		amount: wei,
		params: PARAMS.to_vec().try_into().unwrap(),
	}
}

/// The version hash relayers vote for.
fn hash_of(event: &InboundEventOf<Runtime>) -> H256 {
	H256(blake2_256(&event.encode()))
}

fn attest(who: Sr25519Keyring, event: &InboundEventOf<Runtime>) -> DispatchResultWithPostInfo {
	Bridge::attest(signed(who), event.clone())
}

/// Two relayers attest `event`: it executes.
fn execute(event: &InboundEventOf<Runtime>) {
	assert_ok!(attest(R[0], event));
	assert!(!Bridge::is_executed(event.nonce));
	assert_ok!(attest(R[1], event));
	assert!(Bridge::is_executed(event.nonce));
}

fn bridge_events() -> Vec<BridgeEvent> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::Bridge(event) => Some(event),
			_ => None,
		})
		.collect()
}

fn free(who: &AccountId) -> Balance {
	pallet_balances::Pallet::<Runtime>::free_balance(who)
}

fn reserved(who: &AccountId) -> Balance {
	pallet_balances::Pallet::<Runtime>::reserved_balance(who)
}

fn status(nonce: u64, relayer: Sr25519Keyring) -> InboundStatus {
	state_call("BridgeApi_inbound_status", (nonce, relayer.to_account_id()))
}

fn message(
	nonce: u64,
	kind: MessageKind,
	request: u64,
	task: H256,
	recipient: H160,
	amount: u128,
	data: &[u8],
) -> OutboundMessageOf<Runtime> {
	OutboundMessage { nonce, kind, request, task, recipient, amount, data: data.to_vec().try_into().unwrap() }
}

fn one() -> AccountId {
	Sr25519Keyring::One.to_account_id()
}

fn two() -> AccountId {
	Sr25519Keyring::Two.to_account_id()
}

/// Genesis, the clock set, R1..R3 installed with threshold 2, no events yet.
fn scenario(test: impl FnOnce()) {
	with_genesis(DEV_RUNTIME_PRESET, || {
		System::set_block_number(1);
		pallet_timestamp::Now::<Runtime>::put(START_MS);
		assert_ok!(set_relayers(&R, 2));
		System::reset_events();
		test();
		check_invariants();
	});
}

/// The assets registered; Alice's app order and (if `pool`) Charlie's
/// workerpool order published: what a bridged request of app 0 in
/// category 1 at trust 1 (no dataset) matches.
fn offers(pool: bool) {
	register_assets();
	let publish = |who, order: OrderOf<Runtime>| call(who, pallet_ect_marketplace::Call::<Runtime>::publish_offer { order });
	publish(Sr25519Keyring::Alice, Order::App(app_order(100, 1)));
	if pool {
		publish(SCHEDULER, Order::Workerpool(pool_order(100, 1)));
	}
}

/// The request order the bridge publishes for Ethereum request `nonce` in
/// the current block.
fn bridged_order(nonce: u64) -> pallet_ect_marketplace::RequestOrderOf<Runtime> {
	let account = Bridge::request_account(nonce);
	RequestOrder {
		app: 0,
		app_max_price: APP_PRICE,
		dataset: None,
		dataset_max_price: 0,
		workerpool: None,
		workerpool_max_price: POOL_PRICE,
		requester: account.clone(),
		volume: 1,
		tag: Tag::NONE,
		category: 1,
		trust: 1,
		beneficiary: account,
		callback: Some(CallbackTarget::Ethereum(CALLBACK)),
		params: PARAMS.to_vec().try_into().unwrap(),
		salt: blake2_256(&(b"ect/bridge", nonce).encode()),
		requirements: Resources::default(),
		// As the bridge sets it: matched in the block it is made in, or void.
		expires: System::block_number().saturating_add(1),
	}
}

/// The deal a matched bridged request `nonce` makes.
fn bridged_deal(nonce: u64) -> DealId {
	let hash = pallet_ect_marketplace::Pallet::<Runtime>::order_hash(&Order::Request(bridged_order(nonce)));
	pallet_ect_marketplace::deal_id(&hash, 0)
}

/// Offers published and request `nonce` paying `PAYMENT` bridged: its deal.
fn bridged_request(nonce: u64) -> DealId {
	offers(true);
	execute(&event(nonce, request_body(PAYMENT * WEI, APP_PRICE, POOL_PRICE)));
	let deal = bridged_deal(nonce);
	assert!(BridgedDeals::<Runtime>::contains_key(deal));
	deal
}

/// The worker's contribution of `digest`, authorized by the scheduler's key.
fn contribution(task: &TaskId, digest: H256) -> ContributeArgsOf<Runtime> {
	common::contribution(SCHEDULER, WORKER, task, digest, None)
}

/// Every message committed at `block` proves against its root as the
/// contract checks it (from the ABI bytes), a forged one does not, and the
/// API has no proof for a nonce outside the block.
fn assert_proofs(block: u32, commitment: Commitment) {
	let end = commitment.first + u64::from(commitment.count);
	for nonce in commitment.first..end {
		let proof: Option<MessageProof> = state_call("BridgeApi_message_proof", (block, nonce));
		let proof = proof.expect("a committed message has a proof");
		let stored = Messages::<Runtime>::get(nonce).unwrap();
		assert_eq!(proof.root, commitment.root);
		assert_eq!(proof.message, abi::encode(&stored));
		let leaf = H256(keccak_256(&keccak_256(&proof.message)));
		assert_eq!(leaf, abi::leaf(&stored));
		assert!(merkle::verify(&leaf, &proof.proof, &commitment.root), "message {nonce} proves");
		let mut forged = stored.clone();
		forged.amount += 1;
		assert!(!merkle::verify(&abi::leaf(&forged), &proof.proof, &commitment.root), "a forged message does not");
	}
	let outside: Option<MessageProof> = state_call("BridgeApi_message_proof", (block, end));
	assert_eq!(outside, None);
	let before: Option<MessageProof> = state_call("BridgeApi_message_proof", (block, commitment.first - 1));
	assert_eq!(before, None);
}

/// The root of messages `first .. first + count` computed here from storage.
fn root_of(first: u64, count: u64) -> H256 {
	let leaves: Vec<H256> = (first..first + count).map(|n| abi::leaf(&Messages::<Runtime>::get(n).unwrap())).collect();
	merkle::root(&leaves).unwrap()
}

// --- The relayer set ---

#[test]
fn governance_sets_the_relayers_with_a_majority_threshold() {
	with_genesis(DEV_RUNTIME_PRESET, || {
		System::set_block_number(1);
		let none: (Vec<AccountId>, u32) = state_call("BridgeApi_relayers", ());
		assert_eq!(none, (vec![], 0));
		assert_eq!(Epoch::<Runtime>::get(), 0);
		let accounts: Vec<AccountId> = R.iter().map(|k| k.to_account_id()).collect();

		assert_noop!(
			Bridge::set_relayers(signed(Sr25519Keyring::Alice), accounts.clone().try_into().unwrap(), 2),
			DispatchError::BadOrigin
		);
		for threshold in [0, 1, 4] {
			assert_noop!(set_relayers(&R, threshold), BridgeError::BadThreshold);
		}
		// Two of four is not a majority; the empty set has none.
		assert_noop!(set_relayers(&[R[0], R[1], R[2], Sr25519Keyring::One], 2), BridgeError::BadThreshold);
		assert_noop!(set_relayers(&[], 0), BridgeError::BadThreshold);
		assert_noop!(set_relayers(&[R[0], R[1], R[0]], 2), BridgeError::DuplicateRelayer);

		assert_ok!(set_relayers(&R, 2));
		assert_eq!(Relayers::<Runtime>::get().into_inner(), accounts);
		assert_eq!(Threshold::<Runtime>::get(), 2);
		assert_eq!(Epoch::<Runtime>::get(), 1);
		assert_eq!(
			bridge_events(),
			vec![BridgeEvent::RelayersSet { relayers: accounts.clone().try_into().unwrap(), threshold: 2, epoch: 1 }]
		);
		let set: (Vec<AccountId>, u32) = state_call("BridgeApi_relayers", ());
		assert_eq!(set, (accounts, 2));

		// One of one is a majority; each new set is a new epoch.
		assert_ok!(set_relayers(&[R[2]], 1));
		assert_eq!(Epoch::<Runtime>::get(), 2);
		let set: (Vec<AccountId>, u32) = state_call("BridgeApi_relayers", ());
		assert_eq!(set, (vec![R[2].to_account_id()], 1));
		check_invariants();
	});
}

// --- Attestations ---

#[test]
fn an_event_executes_once_when_enough_relayers_attest_the_same_version() {
	scenario(|| {
		let honest = event(1, deposit_body(&one(), 5 * UNIT * WEI));
		let forged = event(1, deposit_body(&two(), 5_000 * UNIT * WEI));
		assert_ne!(hash_of(&honest), hash_of(&forged));

		let refused = attest(Sr25519Keyring::Alice, &honest).unwrap_err();
		assert_eq!(refused.error, DispatchError::from(BridgeError::NotRelayer));
		assert_eq!(refused.post_info.pays_fee, Pays::Yes, "a refused attestation pays");
		assert_eq!(status(1, R[0]), InboundStatus::Open);

		// The first vote is below the threshold: nothing executes.
		let info = attest(R[0], &honest).unwrap();
		assert_eq!(info.pays_fee, Pays::No);
		assert_eq!(info.actual_weight, Some(Weights::attest_vote()));
		assert_eq!(
			bridge_events(),
			vec![BridgeEvent::Attested { nonce: 1, relayer: R[0].to_account_id(), event: hash_of(&honest), votes: 1 }]
		);
		assert_eq!(Votes::<Runtime>::get(1).len(), 1);
		assert!(!Bridge::is_executed(1));
		assert_eq!(free(&one()), 0);
		assert_eq!(status(1, R[0]), InboundStatus::Voted);
		assert_eq!(status(1, R[1]), InboundStatus::Open);

		// A relayer votes once per event, whatever the version.
		assert_noop!(attest(R[0], &honest), BridgeError::AlreadyAttested);
		assert_noop!(attest(R[0], &forged), BridgeError::AlreadyAttested);

		// A second relayer attesting another version does not add up.
		System::reset_events();
		let info = attest(R[1], &forged).unwrap();
		assert_eq!(info.pays_fee, Pays::No);
		assert_eq!(
			bridge_events(),
			vec![BridgeEvent::Attested { nonce: 1, relayer: R[1].to_account_id(), event: hash_of(&forged), votes: 1 }]
		);
		assert_eq!(Votes::<Runtime>::get(1).len(), 2);
		assert!(!Bridge::is_executed(1));
		assert_eq!(free(&two()), 0);

		// A second vote for the honest version executes it.
		System::reset_events();
		let info = attest(R[2], &honest).unwrap();
		assert_eq!(info.pays_fee, Pays::No);
		assert_eq!(info.actual_weight, Some(Weights::attest_deposit()));
		assert_eq!(
			bridge_events(),
			vec![
				BridgeEvent::Attested { nonce: 1, relayer: R[2].to_account_id(), event: hash_of(&honest), votes: 2 },
				BridgeEvent::InboundExecuted { nonce: 1, event: hash_of(&honest) },
				BridgeEvent::Deposited { nonce: 1, account: one(), amount: 5 * UNIT },
			]
		);
		assert!(Bridge::is_executed(1));
		assert!(Votes::<Runtime>::get(1).is_empty());
		assert_eq!(free(&one()), 5 * UNIT);
		assert_eq!(free(&two()), 0);
		for relayer in R {
			assert_eq!(status(1, relayer), InboundStatus::Executed);
		}

		// Replays of either version do nothing.
		let replay = attest(R[1], &honest).unwrap_err();
		assert_eq!(replay.error, DispatchError::from(BridgeError::AlreadyExecuted));
		assert_eq!(replay.post_info.pays_fee, Pays::Yes);
		assert_noop!(attest(R[1], &forged), BridgeError::AlreadyExecuted);
		assert_noop!(attest(R[0], &honest), BridgeError::AlreadyExecuted);
		assert_noop!(attest(Sr25519Keyring::Alice, &honest), BridgeError::NotRelayer);
		assert_eq!(free(&one()), 5 * UNIT);
		assert_eq!(Bridged::<Runtime>::get(), 5 * UNIT);
	});
}

#[test]
fn executed_nonces_are_bits_of_128_bit_words() {
	scenario(|| {
		for nonce in [0u64, 127, 128] {
			execute(&event(nonce, deposit_body(&one(), UNIT * WEI)));
		}
		assert_eq!(pallet_ect_bridge::Executed::<Runtime>::get(0), 1 | (1u128 << 127));
		assert_eq!(pallet_ect_bridge::Executed::<Runtime>::get(1), 1);
		for nonce in [1u64, 126, 129, 255, 256] {
			assert!(!Bridge::is_executed(nonce));
		}
		assert_eq!(free(&one()), 3 * UNIT);
	});
}

#[test]
fn a_vote_counts_for_the_attestation_ttl_only() {
	scenario(|| {
		// A vote of block 1 still counts at block 300 (299 blocks later)...
		let first = event(1, deposit_body(&one(), UNIT * WEI));
		assert_ok!(attest(R[0], &first));
		System::set_block_number(300);
		assert_eq!(status(1, R[0]), InboundStatus::Voted);
		assert_ok!(attest(R[1], &first));
		assert!(Bridge::is_executed(1));

		// ...but a vote of block 300 no longer counts at block 600.
		let second = event(2, deposit_body(&one(), UNIT * WEI));
		assert_eq!(status(2, R[0]), InboundStatus::Open);
		assert_ok!(attest(R[0], &second));
		assert_eq!(status(2, R[0]), InboundStatus::Voted);
		System::set_block_number(599);
		assert_eq!(status(2, R[0]), InboundStatus::Voted);
		System::set_block_number(600);
		assert_eq!(status(2, R[0]), InboundStatus::Open, "the vote expired");
		System::reset_events();
		assert_ok!(attest(R[1], &second));
		assert_eq!(
			bridge_events(),
			vec![BridgeEvent::Attested { nonce: 2, relayer: R[1].to_account_id(), event: hash_of(&second), votes: 1 }]
		);
		assert!(!Bridge::is_executed(2));
		assert_eq!(Votes::<Runtime>::get(2).len(), 1, "the expired vote is dropped");
		assert_eq!(status(2, R[1]), InboundStatus::Voted);
		assert_eq!(free(&one()), UNIT);

		// The relayer whose vote expired may vote again: now it executes.
		assert_ok!(attest(R[0], &second));
		assert!(Bridge::is_executed(2));
		for relayer in R {
			assert_eq!(status(2, relayer), InboundStatus::Executed);
		}
		assert_eq!(free(&one()), 2 * UNIT);
	});
}

#[test]
fn votes_of_an_earlier_relayer_set_do_not_count() {
	scenario(|| {
		let deposit = event(1, deposit_body(&one(), UNIT * WEI));
		assert_ok!(attest(R[0], &deposit));
		assert_ok!(set_relayers(&R, 2));
		assert_eq!(Epoch::<Runtime>::get(), 2);
		assert_eq!(status(1, R[0]), InboundStatus::Open);

		System::reset_events();
		assert_ok!(attest(R[1], &deposit));
		assert_eq!(
			bridge_events(),
			vec![BridgeEvent::Attested { nonce: 1, relayer: R[1].to_account_id(), event: hash_of(&deposit), votes: 1 }]
		);
		assert!(!Bridge::is_executed(1));
		assert_ok!(attest(R[0], &deposit));
		assert!(Bridge::is_executed(1));
		assert_eq!(free(&one()), UNIT);

		// A relayer taken out of the set can no longer attest.
		assert_ok!(set_relayers(&R[..2], 2));
		assert_noop!(attest(R[2], &event(2, deposit_body(&one(), UNIT * WEI))), BridgeError::NotRelayer);
	});
}

// --- Deposits ---

#[test]
fn a_deposit_mints_bridged_funds_or_goes_back() {
	scenario(|| {
		let issuance = Balances::total_issuance();
		System::reset_events();
		let deposit = event(1, deposit_body(&one(), 5 * UNIT * WEI));
		execute(&deposit);
		assert_eq!(
			bridge_events(),
			vec![
				BridgeEvent::Attested { nonce: 1, relayer: R[0].to_account_id(), event: hash_of(&deposit), votes: 1 },
				BridgeEvent::Attested { nonce: 1, relayer: R[1].to_account_id(), event: hash_of(&deposit), votes: 2 },
				BridgeEvent::InboundExecuted { nonce: 1, event: hash_of(&deposit) },
				BridgeEvent::Deposited { nonce: 1, account: one(), amount: 5 * UNIT },
			]
		);
		assert_eq!(free(&one()), 5 * UNIT);
		assert_eq!(Bridged::<Runtime>::get(), 5 * UNIT);
		assert_eq!(Balances::total_issuance(), issuance + 5 * UNIT);
		assert_eq!(NextMessage::<Runtime>::get(), 0, "no message");

		// Below the existential deposit, a new account cannot be created:
		// the ether goes back to its sender.
		System::reset_events();
		let dust = (EXISTENTIAL_DEPOSIT - 1) * WEI;
		let small = event(2, deposit_body(&two(), dust));
		execute(&small);
		let events = bridge_events();
		assert_eq!(
			events[3..],
			[
				BridgeEvent::MessageQueued { nonce: 1, kind: MessageKind::Withdrawal, request: 0, amount: dust },
				BridgeEvent::DepositRefused { nonce: 2, error: DispatchError::Token(TokenError::BelowMinimum) },
			]
		);
		assert_eq!(Messages::<Runtime>::get(1), Some(message(1, MessageKind::Withdrawal, 0, H256::zero(), SENDER, dust, &[])));
		assert_eq!(free(&two()), 0);
		assert!(!System::account_exists(&two()));

		// The same small amount tops up an existing account.
		execute(&event(3, deposit_body(&one(), dust)));
		assert_eq!(free(&one()), 5 * UNIT + EXISTENTIAL_DEPOSIT - 1);

		// Wei that are not a whole number of planck go back too.
		System::reset_events();
		let odd = UNIT * WEI + 1;
		execute(&event(4, deposit_body(&one(), odd)));
		assert_eq!(
			bridge_events()[3..],
			[
				BridgeEvent::MessageQueued { nonce: 2, kind: MessageKind::Withdrawal, request: 0, amount: odd },
				BridgeEvent::DepositRefused { nonce: 4, error: BridgeError::BadAmount.into() },
			]
		);
		assert_eq!(Messages::<Runtime>::get(2), Some(message(2, MessageKind::Withdrawal, 0, H256::zero(), SENDER, odd, &[])));
		assert_eq!(free(&one()), 5 * UNIT + EXISTENTIAL_DEPOSIT - 1);
		assert_eq!(Bridged::<Runtime>::get(), 5 * UNIT + EXISTENTIAL_DEPOSIT - 1);
		assert_eq!(Balances::total_issuance(), issuance + 5 * UNIT + EXISTENTIAL_DEPOSIT - 1);
	});
}

// --- Bridged requests ---

#[test]
fn a_bridged_request_becomes_a_deal_with_the_ethereum_callback() {
	scenario(|| {
		offers(true);
		let issuance = Balances::total_issuance();
		let request = event(7, request_body(PAYMENT * WEI, APP_PRICE, POOL_PRICE));
		assert_ok!(attest(R[0], &request));
		System::reset_events();
		let info = attest(R[1], &request).unwrap();
		assert_eq!(info.pays_fee, Pays::No);

		let account = Bridge::request_account(7);
		assert_ne!(account, Bridge::request_account(8));
		let deal = bridged_deal(7);
		assert_eq!(
			bridge_events(),
			vec![
				BridgeEvent::Attested { nonce: 7, relayer: R[1].to_account_id(), event: hash_of(&request), votes: 2 },
				BridgeEvent::InboundExecuted { nonce: 7, event: hash_of(&request) },
				BridgeEvent::RequestBridged { nonce: 7, deal, account: account.clone(), amount: PAYMENT },
			]
		);
		assert_eq!(
			BridgedDeals::<Runtime>::get(deal),
			Some(BridgedRequest { nonce: 7, payer: PAYER, callback: CALLBACK, account: account.clone(), amount: PAYMENT })
		);
		let open: Vec<(u64, H256)> = state_call("BridgeApi_open_deals", ());
		assert_eq!(open, vec![(7, deal)]);

		let record = Deals::<Runtime>::get(deal).expect("the deal exists");
		assert_eq!(record.callback, Some(CallbackTarget::Ethereum(CALLBACK)));
		assert_eq!(record.requester, account);
		assert_eq!(record.beneficiary, account);
		assert_eq!((record.volume, record.trust, record.category), (1, 1, 1));
		assert_eq!((record.app.price, record.workerpool.price), (APP_PRICE, POOL_PRICE));
		assert_eq!(record.workerpool.owner, SCHEDULER.to_account_id());
		assert!(record.dataset.is_none());
		assert_eq!(record.params.to_vec(), PARAMS.to_vec());

		// The payment is minted into the request's account; the task price
		// is locked, the rest free, the order deposit back.
		assert_eq!(Escrow::locked(LockReason::Payment, &account), TASK_PRICE);
		assert_eq!(reserved(&account), TASK_PRICE);
		assert_eq!(free(&account), PAYMENT - TASK_PRICE);
		// Held for the open deal: nobody can withdraw it before it settles.
		assert_eq!(Bridged::<Runtime>::get(), 0);
		assert_eq!(Balances::total_issuance(), issuance + PAYMENT);
		let hash = pallet_ect_marketplace::Pallet::<Runtime>::order_hash(&Order::Request(bridged_order(7)));
		assert!(!Book::<Runtime>::contains_key(hash), "the filled request left the book");
		assert_eq!(NextMessage::<Runtime>::get(), 0, "no message");
	});
}

#[test]
fn a_bridged_request_without_an_offer_is_refunded_on_ethereum() {
	scenario(|| {
		offers(false);
		let issuance = Balances::total_issuance();
		let request = event(7, request_body(PAYMENT * WEI, APP_PRICE, POOL_PRICE));
		assert_ok!(attest(R[0], &request));
		System::reset_events();
		let info = attest(R[1], &request).unwrap();
		assert_eq!(info.pays_fee, Pays::No);
		assert_eq!(
			bridge_events(),
			vec![
				BridgeEvent::Attested { nonce: 7, relayer: R[1].to_account_id(), event: hash_of(&request), votes: 2 },
				BridgeEvent::InboundExecuted { nonce: 7, event: hash_of(&request) },
				BridgeEvent::MessageQueued { nonce: 1, kind: MessageKind::Refund, request: 7, amount: PAYMENT * WEI },
				BridgeEvent::RequestRefused { nonce: 7, error: BridgeError::NoOffer.into() },
			]
		);
		assert_eq!(
			Messages::<Runtime>::get(1),
			Some(message(1, MessageKind::Refund, 7, H256::zero(), PAYER, PAYMENT * WEI, &[]))
		);
		assert_eq!(BridgedDeals::<Runtime>::iter().count(), 0);
		let account = Bridge::request_account(7);
		assert_eq!(free(&account), 0);
		assert!(!System::account_exists(&account));
		assert_eq!(Balances::total_issuance(), issuance, "nothing minted stays");
		assert_eq!(Bridged::<Runtime>::get(), 0);
		let hash = pallet_ect_marketplace::Pallet::<Runtime>::order_hash(&Order::Request(bridged_order(7)));
		assert!(!Book::<Runtime>::contains_key(hash), "the request is not left in the book");
		assert!(Bridge::is_executed(7));
	});
}

#[test]
fn a_bridged_request_that_cannot_pay_is_refunded_and_one_that_just_can_is_matched() {
	scenario(|| {
		offers(true);
		let issuance = Balances::total_issuance();
		// The account must pay the order deposit and the task price and
		// keep its existential deposit free.
		let least = TASK_PRICE + ORDER_DEPOSIT + EXISTENTIAL_DEPOSIT;
		execute(&event(1, request_body((least - 1) * WEI, APP_PRICE, POOL_PRICE)));
		assert_eq!(
			bridge_events().last(),
			Some(&BridgeEvent::RequestRefused { nonce: 1, error: BridgeError::NoOffer.into() })
		);
		assert_eq!(
			Messages::<Runtime>::get(1),
			Some(message(1, MessageKind::Refund, 1, H256::zero(), PAYER, (least - 1) * WEI, &[]))
		);
		assert_eq!(Balances::total_issuance(), issuance);

		// Not a whole number of planck.
		execute(&event(2, request_body(PAYMENT * WEI + 7, APP_PRICE, POOL_PRICE)));
		assert_eq!(
			bridge_events().last(),
			Some(&BridgeEvent::RequestRefused { nonce: 2, error: BridgeError::BadAmount.into() })
		);
		assert_eq!(
			Messages::<Runtime>::get(2),
			Some(message(2, MessageKind::Refund, 2, H256::zero(), PAYER, PAYMENT * WEI + 7, &[]))
		);

		// Max prices below the asks.
		execute(&event(3, request_body(PAYMENT * WEI, APP_PRICE, POOL_PRICE - 1)));
		assert_eq!(
			bridge_events().last(),
			Some(&BridgeEvent::RequestRefused { nonce: 3, error: BridgeError::NoOffer.into() })
		);
		assert_eq!(BridgedDeals::<Runtime>::iter().count(), 0);
		assert_eq!(Balances::total_issuance(), issuance);
		assert_eq!(Bridged::<Runtime>::get(), 0);

		// Exactly enough.
		System::reset_events();
		execute(&event(4, request_body(least * WEI, APP_PRICE, POOL_PRICE)));
		let account = Bridge::request_account(4);
		assert!(matches!(
			bridge_events().last(),
			Some(BridgeEvent::RequestBridged { nonce: 4, amount, .. }) if *amount == least
		));
		assert_eq!(free(&account), ORDER_DEPOSIT + EXISTENTIAL_DEPOSIT);
		assert_eq!(BridgedDeals::<Runtime>::iter().count(), 1);
		assert_eq!(Bridged::<Runtime>::get(), 0, "held for the open deal");
		assert_eq!(Balances::total_issuance(), issuance + least);
		assert_eq!(NextMessage::<Runtime>::get(), 4, "three refunds only");
	});
}

#[test]
fn a_certified_result_goes_back_with_the_unspent_payment() {
	scenario(|| {
		let issuance = Balances::total_issuance();
		let deal = bridged_request(7);
		let account = Bridge::request_account(7);
		let alice = free(&Sr25519Keyring::Alice.to_account_id());

		call(SCHEDULER, Poco::initialize { deal, index: 0 });
		let task = task_id(&deal, 0);
		let digest = H256(blake2_256(DATA));
		call(WORKER, Poco::contribute { contribution: contribution(&task, digest) });
		next_block();
		call(WORKER, Poco::reveal { task, digest });
		System::reset_events();
		call(
			SCHEDULER,
			Poco::finalize {
				task,
				results: b"ipfs://result".to_vec().try_into().unwrap(),
				results_callback: DATA.to_vec().try_into().unwrap(),
			},
		);
		assert_eq!(Tasks::<Runtime>::get(task).unwrap().status, TaskStatus::Completed);

		let rest = PAYMENT - TASK_PRICE;
		assert_eq!(
			bridge_events(),
			vec![BridgeEvent::MessageQueued { nonce: 1, kind: MessageKind::Result, request: 7, amount: rest * WEI }]
		);
		assert_eq!(
			Messages::<Runtime>::get(1),
			Some(message(1, MessageKind::Result, 7, task, CALLBACK, rest * WEI, DATA))
		);
		assert_eq!(BridgedDeals::<Runtime>::iter().count(), 0);
		let open: Vec<(u64, H256)> = state_call("BridgeApi_open_deals", ());
		assert!(open.is_empty());
		assert_eq!((free(&account), reserved(&account)), (0, 0), "the rest was burnt");
		assert!(!System::account_exists(&account));
		// The task price stays on the sidechain, paid out to the parties.
		assert_eq!(Bridged::<Runtime>::get(), TASK_PRICE);
		assert_eq!(Balances::total_issuance(), issuance + TASK_PRICE);
		assert_eq!(free(&Sr25519Keyring::Alice.to_account_id()), alice + APP_PRICE);
	});
}

#[test]
fn a_failed_bridged_task_is_refunded_in_full_on_ethereum() {
	scenario(|| {
		let issuance = Balances::total_issuance();
		let deal = bridged_request(7);
		let account = Bridge::request_account(7);

		pallet_timestamp::Now::<Runtime>::put(START_MS + 10 * T_MS - 1);
		assert_noop!(
			pallet_ect_poco::Pallet::<Runtime>::claim(signed(Sr25519Keyring::Ferdie), deal, 0),
			pallet_ect_poco::Error::<Runtime>::FinalDeadlineNotReached
		);
		pallet_timestamp::Now::<Runtime>::put(START_MS + 10 * T_MS);
		System::reset_events();
		call(Sr25519Keyring::Ferdie, Poco::claim { deal, index: 0 });
		assert_eq!(Tasks::<Runtime>::get(task_id(&deal, 0)).unwrap().status, TaskStatus::Failed);

		assert_eq!(
			bridge_events(),
			vec![BridgeEvent::MessageQueued { nonce: 1, kind: MessageKind::Refund, request: 7, amount: PAYMENT * WEI }]
		);
		assert_eq!(
			Messages::<Runtime>::get(1),
			Some(message(1, MessageKind::Refund, 7, H256::zero(), PAYER, PAYMENT * WEI, &[]))
		);
		assert_eq!(BridgedDeals::<Runtime>::iter().count(), 0);
		assert!(!System::account_exists(&account));
		assert_eq!(Bridged::<Runtime>::get(), 0);
		assert_eq!(Balances::total_issuance(), issuance, "the whole payment was burnt");
	});
}

// --- Outbound: commitments and proofs ---

#[test]
fn messages_queued_in_a_block_are_committed_at_the_next_under_a_merkle_root() {
	scenario(|| {
		System::set_block_number(5);
		// A refused deposit, a refused request (no app registered) and a withdrawal.
		execute(&event(1, deposit_body(&two(), WEI)));
		execute(&event(2, request_body(PAYMENT * WEI, APP_PRICE, POOL_PRICE)));
		assert_eq!(
			bridge_events().last(),
			Some(&BridgeEvent::RequestRefused {
				nonce: 2,
				error: pallet_ect_marketplace::Error::<Runtime>::UnknownApp.into()
			})
		);
		execute(&event(3, deposit_body(&one(), 10 * UNIT * WEI)));
		assert_ok!(Bridge::withdraw(signed(Sr25519Keyring::One), RECIPIENT, 4 * UNIT));
		let kinds: Vec<MessageKind> = (1..=3).map(|n| Messages::<Runtime>::get(n).unwrap().kind).collect();
		assert_eq!(kinds, vec![MessageKind::Withdrawal, MessageKind::Refund, MessageKind::Withdrawal]);
		assert_eq!(Commitments::<Runtime>::get(5), None, "nothing committed in the block that queued");

		System::reset_events();
		let weight = <Bridge as Hooks<u32>>::on_initialize(6);
		assert_eq!(weight, Weights::commit(3));
		let root = root_of(1, 3);
		let commitment = Commitment { root, first: 1, count: 3 };
		assert_eq!(Commitments::<Runtime>::get(6), Some(commitment));
		let api: Option<Commitment> = state_call("BridgeApi_commitment", 6u32);
		assert_eq!(api, Some(commitment));
		assert_eq!(bridge_events(), vec![BridgeEvent::MessagesCommitted { block: 6, root, first: 1, count: 3 }]);
		assert_eq!(NextUncommitted::<Runtime>::get(), 4);
		assert_proofs(6, commitment);
		let elsewhere: Option<MessageProof> = state_call("BridgeApi_message_proof", (5u32, 1u64));
		assert_eq!(elsewhere, None, "no commitment at block 5");

		// Nothing queued: nothing committed.
		assert_eq!(<Bridge as Hooks<u32>>::on_initialize(7), Weights::commit(0));
		assert_eq!(Commitments::<Runtime>::get(7), None);

		// One message is its own root, with an empty proof.
		assert_ok!(Bridge::withdraw(signed(Sr25519Keyring::One), RECIPIENT, UNIT));
		<Bridge as Hooks<u32>>::on_initialize(8);
		let single = Commitment { root: abi::leaf(&Messages::<Runtime>::get(4).unwrap()), first: 4, count: 1 };
		assert_eq!(Commitments::<Runtime>::get(8), Some(single));
		let proof: Option<MessageProof> = state_call("BridgeApi_message_proof", (8u32, 4u64));
		assert_eq!(proof.unwrap().proof, Vec::<H256>::new());
		assert_proofs(8, single);
	});
}

#[test]
fn at_most_max_messages_per_block_are_committed_at_once() {
	scenario(|| {
		execute(&event(1, deposit_body(&one(), 100 * UNIT * WEI)));
		for _ in 0..70 {
			assert_ok!(Bridge::withdraw(signed(Sr25519Keyring::One), RECIPIENT, UNIT));
		}
		assert_eq!(NextMessage::<Runtime>::get(), 71);

		assert_eq!(<Bridge as Hooks<u32>>::on_initialize(2), Weights::commit(64));
		let first = Commitment { root: root_of(1, 64), first: 1, count: 64 };
		assert_eq!(Commitments::<Runtime>::get(2), Some(first));
		assert_proofs(2, first);

		assert_eq!(<Bridge as Hooks<u32>>::on_initialize(3), Weights::commit(6));
		let rest = Commitment { root: root_of(65, 6), first: 65, count: 6 };
		assert_eq!(Commitments::<Runtime>::get(3), Some(rest));
		assert_proofs(3, rest);

		assert_eq!(<Bridge as Hooks<u32>>::on_initialize(4), Weights::commit(0));
		assert_eq!(Commitments::<Runtime>::get(4), None);
		assert_eq!(NextUncommitted::<Runtime>::get(), 71);
		for nonce in 1..=70u64 {
			assert_eq!(
				Messages::<Runtime>::get(nonce),
				Some(message(nonce, MessageKind::Withdrawal, 0, H256::zero(), RECIPIENT, UNIT * WEI, &[]))
			);
		}
		assert_eq!(free(&one()), 30 * UNIT);
	});
}

// --- Withdrawals ---

#[test]
fn withdrawals_burn_bridged_funds_for_ether() {
	scenario(|| {
		let alice = Sr25519Keyring::Alice;
		assert_noop!(Bridge::withdraw(signed(Sr25519Keyring::One), RECIPIENT, 0), BridgeError::ZeroAmount);
		assert_noop!(Bridge::withdraw(signed(alice), RECIPIENT, UNIT), BridgeError::ExceedsBridged);

		execute(&event(1, deposit_body(&one(), 10 * UNIT * WEI)));
		execute(&event(2, deposit_body(&two(), 10 * UNIT * WEI)));
		let issuance = Balances::total_issuance();
		assert_eq!(Bridged::<Runtime>::get(), 20 * UNIT);
		assert_noop!(Bridge::withdraw(signed(alice), RECIPIENT, 20 * UNIT + 1), BridgeError::ExceedsBridged);
		assert_noop!(
			Bridge::withdraw(signed(Sr25519Keyring::One), RECIPIENT, 15 * UNIT),
			DispatchError::Token(TokenError::FundsUnavailable)
		);

		// Halted: no withdrawal, no attestation.
		assert_noop!(
			Bridge::set_operating_mode(signed(alice), OperatingMode::Halted),
			DispatchError::BadOrigin
		);
		System::reset_events();
		assert_ok!(Bridge::set_operating_mode(RuntimeOrigin::root(), OperatingMode::Halted));
		assert_eq!(bridge_events(), vec![BridgeEvent::OperatingModeChanged { mode: OperatingMode::Halted }]);
		assert_noop!(Bridge::withdraw(signed(Sr25519Keyring::One), RECIPIENT, UNIT), BridgeError::Halted);
		assert_noop!(attest(R[0], &event(3, deposit_body(&one(), UNIT * WEI))), BridgeError::Halted);
		assert_ok!(Bridge::set_operating_mode(RuntimeOrigin::root(), OperatingMode::Normal));

		System::reset_events();
		assert_ok!(Bridge::withdraw(signed(Sr25519Keyring::One), RECIPIENT, 4 * UNIT));
		assert_eq!(
			bridge_events(),
			vec![
				BridgeEvent::MessageQueued { nonce: 1, kind: MessageKind::Withdrawal, request: 0, amount: 4 * UNIT * WEI },
				BridgeEvent::WithdrawalQueued { who: one(), recipient: RECIPIENT, amount: 4 * UNIT },
			]
		);
		assert_eq!(
			Messages::<Runtime>::get(1),
			Some(message(1, MessageKind::Withdrawal, 0, H256::zero(), RECIPIENT, 4 * UNIT * WEI, &[]))
		);
		assert_eq!(free(&one()), 6 * UNIT);
		assert_eq!(Bridged::<Runtime>::get(), 16 * UNIT);
		assert_eq!(Balances::total_issuance(), issuance - 4 * UNIT);

		// All of it: the account is gone.
		assert_ok!(Bridge::withdraw(signed(Sr25519Keyring::One), RECIPIENT, 6 * UNIT));
		assert!(!System::account_exists(&one()));
		assert_eq!(Bridged::<Runtime>::get(), 10 * UNIT);
		assert_eq!(Balances::total_issuance(), issuance - 10 * UNIT);
	});
}

// --- Money ---

#[derive(Clone, Debug)]
enum Op {
	Deposit(usize, Balance),
	Withdraw(usize, Balance),
}

/// A quarter of the existential deposit: amounts near it are common.
const STEP: Balance = EXISTENTIAL_DEPOSIT / 4;

fn op() -> impl Strategy<Value = Op> {
	prop_oneof![
		(0usize..3, 0u128..60).prop_map(|(who, steps)| Op::Deposit(who, steps * STEP)),
		(0usize..3, 0u128..60).prop_map(|(who, steps)| Op::Withdraw(who, steps * STEP)),
	]
}

/// Runs `ops` against a model of the balances: `Bridged` is always what
/// was minted minus what was burnt, the total issuance moves by the same
/// (less the dust of accounts emptied below the existential deposit), and
/// every refusal and withdrawal queued its message.
fn run_ops(ops: &[Op]) {
	System::set_block_number(1);
	assert_ok!(set_relayers(&R[..1], 1));
	let keys = [Sr25519Keyring::One, Sr25519Keyring::Two, Sr25519Keyring::Alice];
	let accounts = keys.map(|k| k.to_account_id());
	let mut balances = accounts.clone().map(|a| free(&a));
	let issuance = Balances::total_issuance();
	let (mut minted, mut burnt, mut dust) = (0, 0, 0);
	let mut messages: Vec<(H160, u128)> = Vec::new();

	for (i, op) in ops.iter().enumerate() {
		match *op {
			Op::Deposit(who, amount) => {
				assert_ok!(attest(R[0], &event(i as u64, deposit_body(&accounts[who], amount * WEI))));
				if balances[who] + amount < EXISTENTIAL_DEPOSIT {
					messages.push((SENDER, amount * WEI));
				} else {
					balances[who] += amount;
					minted += amount;
				}
			},
			Op::Withdraw(who, amount) => {
				let result = Bridge::withdraw(signed(keys[who]), RECIPIENT, amount);
				if amount == 0 {
					assert_eq!(result, Err(DispatchError::from(BridgeError::ZeroAmount)));
				} else if amount > minted - burnt {
					assert_eq!(result, Err(DispatchError::from(BridgeError::ExceedsBridged)));
				} else if amount > balances[who] {
					assert_eq!(result, Err(DispatchError::Token(TokenError::FundsUnavailable)));
				} else {
					assert_ok!(result);
					let rest = balances[who] - amount;
					if rest < EXISTENTIAL_DEPOSIT {
						dust += rest;
						balances[who] = 0;
					} else {
						balances[who] = rest;
					}
					burnt += amount;
					messages.push((RECIPIENT, amount * WEI));
				}
			},
		}
		assert_eq!(Bridged::<Runtime>::get(), minted - burnt);
		assert_eq!(Balances::total_issuance(), issuance + minted - burnt - dust);
		for (account, balance) in accounts.iter().zip(balances) {
			assert_eq!(free(account), balance);
		}
	}

	let expected_next = if messages.is_empty() { 0 } else { messages.len() as u64 + 1 };
	assert_eq!(NextMessage::<Runtime>::get(), expected_next);
	for (i, (recipient, wei)) in messages.iter().enumerate() {
		let nonce = i as u64 + 1;
		assert_eq!(
			Messages::<Runtime>::get(nonce),
			Some(message(nonce, MessageKind::Withdrawal, 0, H256::zero(), *recipient, *wei, &[]))
		);
	}
	check_invariants();
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(32))]

	#[test]
	fn bridged_money_is_minted_and_burnt_exactly(ops in proptest::collection::vec(op(), 1..40)) {
		with_genesis(DEV_RUNTIME_PRESET, || run_ops(&ops));
	}
}
