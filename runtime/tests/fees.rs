//! Validator rewards (`protocol.md` §11): a block's author receives the fees
//! and tips of its signed extrinsics. Blocks are executed as the node does
//! (`Executive`, a header with Aura's slot, extrinsics signed with the
//! runtime's transaction extensions); the author is the session validator
//! the slot designates.

mod common;

use codec::Encode;
use common::*;
use ect_runtime::{
	polkadot_sdk::{
		frame_metadata_hash_extension::CheckMetadataHash,
		frame_system, pallet_balances, pallet_session, pallet_timestamp, pallet_transaction_payment,
		sp_consensus_aura::{Slot, AURA_ENGINE_ID},
		sp_genesis_builder::{DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET},
		sp_keyring::Sr25519Keyring,
		sp_runtime::{generic::Era, traits::Header as _, Digest, DigestItem, MultiSignature},
	},
	AccountId, Balance, Balances, BlockNumber, Executive, Header, Runtime, RuntimeCall, RuntimeEvent, SignedPayload,
	System, TxExtension, UncheckedExtrinsic,
};

/// The runtime's transaction extensions for a transaction with `nonce` and `tip`.
fn extension(nonce: u32, tip: Balance) -> TxExtension {
	(
		frame_system::AuthorizeCall::<Runtime>::new(),
		frame_system::CheckNonZeroSender::<Runtime>::new(),
		frame_system::CheckSpecVersion::<Runtime>::new(),
		frame_system::CheckTxVersion::<Runtime>::new(),
		frame_system::CheckGenesis::<Runtime>::new(),
		frame_system::CheckEra::<Runtime>::from(Era::Immortal),
		frame_system::CheckNonce::<Runtime>::from(nonce),
		frame_system::CheckWeight::<Runtime>::new(),
		pallet_transaction_payment::ChargeTransactionPayment::<Runtime>::from(tip),
		CheckMetadataHash::<Runtime>::new(false),
		frame_system::WeightReclaim::<Runtime>::new(),
	)
}

/// `call` signed by `who` with `nonce` and `tip`.
fn signed_extrinsic(who: Sr25519Keyring, call: RuntimeCall, nonce: u32, tip: Balance) -> UncheckedExtrinsic {
	let extension = extension(nonce, tip);
	let payload = SignedPayload::new(call.clone(), extension.clone()).expect("the payload builds");
	let signature = payload.using_encoded(|bytes| who.sign(bytes));
	UncheckedExtrinsic::new_signed(call, who.to_account_id().into(), MultiSignature::Sr25519(signature), extension)
}

/// Starts block `number` on top of the current one, authored in `slot`
/// with its timestamp inherent (`None`: a header without Aura's
/// pre-digest, so with no known author, and no inherent).
fn start_block(number: BlockNumber, slot: Option<u64>) {
	let logs = slot.map(|slot| DigestItem::PreRuntime(AURA_ENGINE_ID, Slot::from(slot).encode())).into_iter().collect();
	let header = Header::new(number, Default::default(), Default::default(), System::parent_hash(), Digest { logs });
	Executive::initialize_block(&header);
	if let Some(slot) = slot {
		let now = slot * ect_runtime::SLOT_DURATION;
		let inherent = UncheckedExtrinsic::new_bare(pallet_timestamp::Call::set { now }.into());
		Executive::apply_extrinsic(inherent).expect("valid").expect("dispatched");
	}
}

fn free(who: &AccountId) -> Balance {
	pallet_balances::Pallet::<Runtime>::free_balance(who)
}

fn transfer(to: Sr25519Keyring) -> RuntimeCall {
	pallet_balances::Call::transfer_keep_alive { dest: to.to_account_id().into(), value: UNIT }.into()
}

/// The fees (tips included) the block's extrinsics paid so far.
fn fees_paid() -> Balance {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::TransactionPayment(pallet_transaction_payment::Event::TransactionFeePaid {
				actual_fee, ..
			}) => Some(actual_fee),
			_ => None,
		})
		.sum()
}

#[test]
fn the_author_of_a_block_receives_its_extrinsics_fees_and_tips() {
	with_genesis(DEV_RUNTIME_PRESET, || {
		let alice = Sr25519Keyring::Alice.to_account_id();
		let before = free(&alice);
		start_block(1, Some(1));
		assert_eq!(ect_runtime::Authorship::author(), Some(alice.clone()));
		let tip = 7 * UNIT / 1_000;
		for (nonce, sender) in [(0, Sr25519Keyring::Bob), (1, Sr25519Keyring::Bob), (0, Sr25519Keyring::Charlie)] {
			let extrinsic = signed_extrinsic(sender, transfer(Sr25519Keyring::Ferdie), nonce, tip);
			Executive::apply_extrinsic(extrinsic).expect("valid").expect("dispatched");
		}
		Executive::finalize_block();
		let fees = fees_paid();
		assert!(fees > 3 * tip, "three fees, each with its tip: {fees}");
		assert_eq!(free(&alice), before + fees, "Alice authored the block: she has every fee and tip");
	});
}

#[test]
fn on_a_network_of_four_the_slots_author_is_paid_and_no_other_validator() {
	with_genesis(LOCAL_TESTNET_RUNTIME_PRESET, || {
		let validators = pallet_session::Validators::<Runtime>::get();
		assert_eq!(validators.len(), 4);
		let before: Vec<Balance> = validators.iter().map(free).collect();
		// Aura's author of slot 6 is validator 6 mod 4.
		start_block(1, Some(6));
		let author = validators[2].clone();
		assert_eq!(ect_runtime::Authorship::author(), Some(author.clone()));
		let extrinsic = signed_extrinsic(Sr25519Keyring::Eve, transfer(Sr25519Keyring::Ferdie), 0, UNIT / 100);
		Executive::apply_extrinsic(extrinsic).expect("valid").expect("dispatched");
		Executive::finalize_block();
		let fees = fees_paid();
		for (validator, before) in validators.iter().zip(before) {
			let expected = if *validator == author { before + fees } else { before };
			assert_eq!(free(validator), expected);
		}
	});
}

#[test]
fn fees_of_a_block_with_no_known_author_are_burnt() {
	with_genesis(DEV_RUNTIME_PRESET, || {
		let issuance = Balances::total_issuance();
		start_block(1, None);
		assert_eq!(ect_runtime::Authorship::author(), None);
		let extrinsic = signed_extrinsic(Sr25519Keyring::Bob, transfer(Sr25519Keyring::Ferdie), 0, 0);
		Executive::apply_extrinsic(extrinsic).expect("valid").expect("dispatched");
		let fees = fees_paid();
		assert!(fees > 0);
		assert_eq!(Balances::total_issuance(), issuance - fees);
	});
}
