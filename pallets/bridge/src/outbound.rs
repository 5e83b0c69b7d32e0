//! Outbound: queued messages, their commitment under a Merkle root at the
//! next block, withdrawals.

use crate::{
	abi, merkle, request::NO_TASK, BalanceOf, BridgedRequest, Bridged, Commitment, Commitments, Config, EthAddress,
	Error, Event, MessageKind, MessageProof, Messages, Mode, NextMessage, NextUncommitted, OperatingMode,
	OutboundMessageOf, Pallet,
};
use alloc::vec::Vec;
use polkadot_sdk::{
	frame_support::{
		ensure,
		traits::{
			fungible::Mutate,
			tokens::{Fortitude, Precision, Preservation},
			Get,
		},
		BoundedVec,
	},
	frame_system::pallet_prelude::BlockNumberFor,
	sp_core::H256,
	sp_runtime::{traits::{Saturating, Zero}, DispatchResult},
};

impl<T: Config> Pallet<T> {
	/// Queues a message; its nonce is the next one (the first is 1).
	fn queue(kind: MessageKind, request: u64, task: H256, recipient: EthAddress, amount: u128, data: &[u8]) {
		let nonce = NextMessage::<T>::mutate(|next| {
			*next = (*next).max(1);
			let nonce = *next;
			*next = next.saturating_add(1);
			nonce
		});
		// Certified callback bytes are at most `MaxCallbackLen` long already.
		let data = BoundedVec::truncate_from(data.to_vec());
		Messages::<T>::insert(nonce, OutboundMessageOf::<T> { nonce, kind, request, task, recipient, amount, data });
		Self::deposit_event(Event::MessageQueued { nonce, kind, request, amount });
	}

	/// Queues a result: `data` to the callback, `refund` wei to the payer.
	pub(crate) fn queue_result(request: &BridgedRequest<T::AccountId, BalanceOf<T>>, task: H256, refund: u128, data: &[u8]) {
		Self::queue(MessageKind::Result, request.nonce, task, request.callback, refund, data);
	}

	/// Queues a refund of `amount` wei to the payer of request `nonce`.
	pub(crate) fn queue_refund(nonce: u64, payer: EthAddress, amount: u128) {
		Self::queue(MessageKind::Refund, nonce, NO_TASK, payer, amount, &[]);
	}

	/// Queues a payment of `amount` wei to `recipient`.
	pub(crate) fn queue_withdrawal(recipient: EthAddress, amount: u128) {
		Self::queue(MessageKind::Withdrawal, 0, NO_TASK, recipient, amount, &[]);
	}

	/// `who` burns `amount` for ether to `recipient`.
	pub(crate) fn do_withdraw(who: &T::AccountId, recipient: EthAddress, amount: BalanceOf<T>) -> DispatchResult {
		ensure!(Mode::<T>::get() == OperatingMode::Normal, Error::<T>::Halted);
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		ensure!(amount <= Bridged::<T>::get(), Error::<T>::ExceedsBridged);
		let wei = Self::to_wei(amount)?;
		T::Currency::burn_from(
			who,
			amount,
			Preservation::Expendable,
			Precision::Exact,
			Fortitude::Polite,
		)?;
		Bridged::<T>::mutate(|b| *b = b.saturating_sub(amount));
		Self::queue_withdrawal(recipient, wei);
		Self::deposit_event(Event::WithdrawalQueued { who: who.clone(), recipient, amount });
		Ok(())
	}

	/// The leaves of messages `first .. first + count`.
	fn leaves(first: u64, count: u32) -> Vec<H256> {
		(first..first.saturating_add(u64::from(count)))
			.filter_map(|nonce| Messages::<T>::get(nonce).map(|m| abi::leaf(&m)))
			.collect()
	}

	/// Commits up to `MaxMessagesPerBlock` queued messages under `block`'s
	/// root; returns how many.
	pub(crate) fn commit(block: BlockNumberFor<T>) -> u32 {
		let first = NextUncommitted::<T>::get().max(1);
		let queued = NextMessage::<T>::get().saturating_sub(first);
		let count = u32::try_from(queued).unwrap_or(u32::MAX).min(T::MaxMessagesPerBlock::get());
		if count == 0 {
			return 0;
		}
		let Some(root) = merkle::root(&Self::leaves(first, count)) else { return 0 };
		Commitments::<T>::insert(block, Commitment { root, first, count });
		NextUncommitted::<T>::put(first.saturating_add(u64::from(count)));
		Self::deposit_event(Event::MessagesCommitted { block, root, first, count });
		count
	}

	/// Message `nonce` committed at `block`, with its proof.
	pub fn message_proof(block: BlockNumberFor<T>, nonce: u64) -> Option<MessageProof> {
		let commitment = Commitments::<T>::get(block)?;
		let index = usize::try_from(nonce.checked_sub(commitment.first)?).ok()?;
		let leaves = Self::leaves(commitment.first, commitment.count);
		let proof = merkle::proof(&leaves, index)?;
		let message = abi::encode(&Messages::<T>::get(nonce)?);
		Some(MessageProof { root: commitment.root, message, proof })
	}
}
