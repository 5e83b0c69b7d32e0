//! The bridge's messages and records.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use polkadot_sdk::{
	frame_support::{traits::Get, BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound},
	sp_core::{H160, H256},
};
use scale_info::TypeInfo;

pub use ect_primitives::OperatingMode;

/// An Ethereum account or contract.
pub type EthAddress = H160;

/// What a log of the Ethereum bridge contract says (`bridge.md`, inbound).
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
#[scale_info(skip_type_params(ParamsLen))]
#[codec(mel_bound(AccountId: MaxEncodedLen))]
pub enum InboundBody<AccountId: Clone + PartialEq + Eq + core::fmt::Debug, ParamsLen: Get<u32>> {
	/// `TaskRequested`: a dapp pays for one task of `app`.
	Request {
		/// Who paid on Ethereum, and is refunded there.
		payer: EthAddress,
		/// The contract whose `receiveResult` gets the certified bytes.
		callback: EthAddress,
		/// The app to run.
		app: u32,
		/// The task category.
		category: u32,
		/// The trust wanted.
		trust: u32,
		/// The most paid to the app owner (sidechain units).
		app_max_price: u128,
		/// The most paid to the workerpool (sidechain units).
		workerpool_max_price: u128,
		/// The payment, in wei.
		amount: u128,
		/// The task parameters.
		params: BoundedVec<u8, ParamsLen>,
	},
	/// `Deposited`: ether bridged to a sidechain account.
	Deposit {
		/// Who paid on Ethereum.
		sender: EthAddress,
		/// Who is credited on the sidechain.
		account: AccountId,
		/// The amount, in wei.
		amount: u128,
	},
}

/// An Ethereum event as relayers attest it: where it was seen and what it
/// says. Relayers that saw different blocks (a reorganisation) attest
/// different events and do not add up.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
#[scale_info(skip_type_params(ParamsLen))]
#[codec(mel_bound(AccountId: MaxEncodedLen))]
pub struct InboundEvent<AccountId: Clone + PartialEq + Eq + core::fmt::Debug, ParamsLen: Get<u32>> {
	/// The contract's event nonce: the replay-protection key.
	pub nonce: u64,
	/// The Ethereum block that has the log.
	pub eth_block: u64,
	/// That block's hash.
	pub block_hash: H256,
	/// The log's index in the block.
	pub log_index: u32,
	/// What the log says.
	pub body: InboundBody<AccountId, ParamsLen>,
}

/// One relayer's vote for one version of an inbound event.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct Vote<AccountId, BlockNumber> {
	/// The relayer.
	pub relayer: AccountId,
	/// The hash of the event it attested.
	pub event: H256,
	/// When (the vote expires `AttestationTtl` blocks later).
	pub at: BlockNumber,
	/// The relayer set's epoch (votes of an older set do not count).
	pub epoch: u32,
}

/// Where an inbound event is, for a relayer.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum InboundStatus {
	/// Executed: nothing more to do.
	Executed,
	/// The relayer's live vote is in; waiting for the others.
	Voted,
	/// The relayer has no live vote: it should attest.
	Open,
}

/// What an outbound message asks the Ethereum contract to do.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum MessageKind {
	/// Deliver a certified result to the request's callback, and return the
	/// unspent payment to its payer.
	Result,
	/// Return a request's payment to its payer (refused request, failed task).
	Refund,
	/// Pay ether to an Ethereum account (bridged funds going home).
	Withdrawal,
}

impl MessageKind {
	/// The contract's `kind` byte.
	pub fn code(self) -> u8 {
		match self {
			MessageKind::Result => 0,
			MessageKind::Refund => 1,
			MessageKind::Withdrawal => 2,
		}
	}
}

/// A message to the Ethereum contract, committed under a block's root.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
#[scale_info(skip_type_params(DataLen))]
pub struct OutboundMessage<DataLen: Get<u32>> {
	/// The message's nonce: the contract executes each once.
	pub nonce: u64,
	/// What to do.
	pub kind: MessageKind,
	/// The Ethereum request it settles (0 for a withdrawal).
	pub request: u64,
	/// The certified task (zero unless a result).
	pub task: H256,
	/// The callback (result), the payer (refund) or the beneficiary (withdrawal).
	pub recipient: EthAddress,
	/// Wei paid to the payer (result, refund) or the recipient (withdrawal).
	pub amount: u128,
	/// The certified callback bytes (results only).
	pub data: BoundedVec<u8, DataLen>,
}

/// The messages committed at a block: nonces `first .. first + count`.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct Commitment {
	/// Their Merkle root (the Ethereum contract's view, see [`crate::merkle`]).
	pub root: H256,
	/// The first message's nonce.
	pub first: u64,
	/// How many.
	pub count: u32,
}

/// A message with what proves it against its block's root.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub struct MessageProof {
	/// The root it is under.
	pub root: H256,
	/// The message, ABI-encoded as the contract decodes it.
	pub message: alloc::vec::Vec<u8>,
	/// The sibling hashes from the leaf up.
	pub proof: alloc::vec::Vec<H256>,
}

/// A bridged request that became a deal and is not settled yet.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct BridgedRequest<AccountId, Balance> {
	/// The Ethereum request (the contract's event nonce).
	pub nonce: u64,
	/// Who paid on Ethereum.
	pub payer: EthAddress,
	/// The contract the result goes to.
	pub callback: EthAddress,
	/// The sidechain account that requested and paid the deal on its behalf.
	pub account: AccountId,
	/// What was minted into it; not counted in `Bridged` until settled.
	pub amount: Balance,
}
