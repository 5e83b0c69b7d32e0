//! The runtime API relayers call with `state_call` (`BridgeApi_*`), and the
//! pallet's invariants.

use crate::{BridgedDeals, Commitment, Commitments, Config, InboundStatus, MessageProof, Pallet, Relayers, Threshold};
use alloc::vec::Vec;
use codec::Codec;
use polkadot_sdk::{sp_api, sp_core::H256};

sp_api::decl_runtime_apis! {
	/// What relayers read: the relayer set, where inbound events stand,
	/// the outbound roots and proofs, the open bridged deals.
	pub trait BridgeApi<AccountId, BlockNumber>
	where
		AccountId: Codec,
		BlockNumber: Codec,
	{
		/// The relayer set and its threshold.
		fn relayers() -> (Vec<AccountId>, u32);
		/// Where inbound event `nonce` stands for `relayer`.
		fn inbound_status(nonce: u64, relayer: AccountId) -> InboundStatus;
		/// The messages committed at `block`, if any.
		fn commitment(block: BlockNumber) -> Option<Commitment>;
		/// Message `nonce` committed at `block`, ABI-encoded, with its Merkle proof.
		fn message_proof(block: BlockNumber, nonce: u64) -> Option<MessageProof>;
		/// The bridged deals not settled yet: (Ethereum request nonce, deal).
		fn open_deals() -> Vec<(u64, H256)>;
	}
}

impl<T: Config> Pallet<T> {
	/// See [`BridgeApi::relayers`].
	pub fn api_relayers() -> (Vec<T::AccountId>, u32) {
		(Relayers::<T>::get().into_inner(), Threshold::<T>::get())
	}

	/// See [`BridgeApi::commitment`].
	pub fn api_commitment(block: polkadot_sdk::frame_system::pallet_prelude::BlockNumberFor<T>) -> Option<Commitment> {
		Commitments::<T>::get(block)
	}

	/// See [`BridgeApi::open_deals`].
	pub fn api_open_deals() -> Vec<(u64, H256)> {
		BridgedDeals::<T>::iter().map(|(deal, request)| (request.nonce, deal)).collect()
	}

	/// See [`BridgeApi::message_proof`].
	pub fn api_message_proof(
		block: polkadot_sdk::frame_system::pallet_prelude::BlockNumberFor<T>,
		nonce: u64,
	) -> Option<MessageProof> {
		Self::message_proof(block, nonce)
	}

	/// See [`BridgeApi::inbound_status`].
	pub fn api_inbound_status(nonce: u64, relayer: T::AccountId) -> InboundStatus {
		Self::inbound_status(nonce, &relayer)
	}

}
