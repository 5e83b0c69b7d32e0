//! Order hashes and their authorisation: an off-chain signature of the hash
//! by the order's owner (or a workerpool's operator), a presignature, or
//! publication in the order book.

use crate::{Book, Cancelled, Config, Error, Order, OrderHash, OrderKind, OrderOf, Pallet, Presigned, ORDER_DOMAIN};
use codec::Encode;
use ect_primitives::AssetRegistry;
use polkadot_sdk::{
	frame_support::{dispatch::DispatchResult, ensure}, sp_runtime::DispatchError,
	frame_system::{self, pallet_prelude::BlockNumberFor},
	sp_core::H256,
	sp_io::hashing::blake2_256,
	sp_runtime::traits::{Verify, Zero},
};

impl<T: Config> Pallet<T> {
	/// The order's hash: blake2-256 of `(ORDER_DOMAIN, genesis hash, kind,
	/// SCALE(order))` (the kind is the first byte of the `Order` encoding).
	/// This is what owners sign.
	pub fn order_hash(order: &OrderOf<T>) -> OrderHash {
		let genesis = frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero());
		H256(blake2_256(&(ORDER_DOMAIN, genesis, order).encode()))
	}

	/// Who may sign, presign, publish and cancel the order: its owner, and
	/// for a workerpool order the operator key the pool's owner names in the
	/// registry (so that the owner's key can stay cold).
	pub fn order_signers(order: &OrderOf<T>) -> Result<Signers<T::AccountId>, Error<T>> {
		let owner = Signers::of;
		match order {
			Order::App(o) => T::Registry::app(o.app).map(|a| owner(a.owner)).ok_or(Error::<T>::UnknownApp),
			Order::Dataset(o) => T::Registry::dataset(o.dataset).map(|d| owner(d.owner)).ok_or(Error::<T>::UnknownDataset),
			Order::Workerpool(o) => T::Registry::workerpool(o.workerpool)
				.map(|p| Signers { owner: p.owner, operator: p.operator })
				.ok_or(Error::<T>::UnknownWorkerpool),
			Order::Request(o) => Ok(owner(o.requester.clone())),
		}
	}

	/// Fails with [`Error::NotOrderOwner`] unless `who` may act for `order`.
	pub(crate) fn ensure_signer(order: &OrderOf<T>, who: &T::AccountId) -> Result<Signers<T::AccountId>, DispatchError> {
		let signers = Self::order_signers(order)?;
		ensure!(signers.contains(who), Error::<T>::NotOrderOwner);
		Ok(signers)
	}

	/// Fails unless one of `signers` authorised the order — by `signature`
	/// of its hash (the 32 bytes, or as a browser extension's `signRaw` signs
	/// them: [`wrapped_for_extension`]), or (without a signature) by presigning or publishing it
	/// — and the order is not cancelled.
	pub(crate) fn ensure_authorized(
		kind: OrderKind,
		hash: &OrderHash,
		signers: &Signers<T::AccountId>,
		signature: Option<&T::Signature>,
	) -> DispatchResult {
		let authorized = match signature {
			Some(signature) => {
				let wrapped = wrapped_for_extension(hash);
				signers.iter().any(|signer| {
					signature.verify(hash.as_bytes(), signer) || signature.verify(&wrapped[..], signer)
				})
			},
			None =>
				Presigned::<T>::get(hash).is_some_and(|who| signers.contains(&who)) ||
					Book::<T>::get(hash).is_some_and(|entry| signers.contains(&entry.owner)),
		};
		ensure!(authorized, Error::<T>::BadSignature(kind));
		ensure!(!Cancelled::<T>::contains_key(hash), Error::<T>::OrderCancelled(kind));
		Ok(())
	}
}

/// What a wallet's `signRaw` signs for the order hash `hash`: the hash
/// between `<Bytes>` and `</Bytes>` (polkadot-js extensions wrap a raw
/// message so that it can never be a transaction's payload).
pub fn wrapped_for_extension(hash: &OrderHash) -> [u8; WRAPPED_LEN] {
	let mut bytes = [0u8; WRAPPED_LEN];
	let (head, rest) = bytes.split_at_mut(BYTES_OPEN.len());
	head.copy_from_slice(BYTES_OPEN);
	let (middle, tail) = rest.split_at_mut(32);
	middle.copy_from_slice(hash.as_bytes());
	tail.copy_from_slice(BYTES_CLOSE);
	bytes
}

/// The tag before a wrapped message.
const BYTES_OPEN: &[u8] = b"<Bytes>";
/// The tag after a wrapped message.
const BYTES_CLOSE: &[u8] = b"</Bytes>";
/// The length of a wrapped order hash.
pub const WRAPPED_LEN: usize = 7 + 32 + 8;

/// The accounts that may authorise an order: its owner and, for a workerpool
/// order, the pool's operator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signers<AccountId> {
	/// The order's owner.
	pub owner: AccountId,
	/// The pool's operator key, for a workerpool order that has one.
	pub operator: Option<AccountId>,
}

impl<AccountId: PartialEq> Signers<AccountId> {
	/// `owner` alone.
	pub fn of(owner: AccountId) -> Self {
		Self { owner, operator: None }
	}

	/// Whether `who` is one of them.
	pub fn contains(&self, who: &AccountId) -> bool {
		self.owner == *who || self.operator.as_ref() == Some(who)
	}

	/// The owner, then the operator if any.
	pub fn iter(&self) -> impl Iterator<Item = &AccountId> {
		core::iter::once(&self.owner).chain(self.operator.as_ref())
	}
}
