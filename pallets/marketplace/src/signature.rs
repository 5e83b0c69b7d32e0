//! Order hashes and their authorisation: an off-chain signature of the hash
//! by the order's owner, a presignature, or publication in the order book.

use crate::{Book, Cancelled, Config, Error, Order, OrderHash, OrderKind, OrderOf, Pallet, Presigned, ORDER_DOMAIN};
use codec::Encode;
use ect_primitives::AssetRegistry;
use polkadot_sdk::{
	frame_support::{dispatch::DispatchResult, ensure},
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

	/// Who owns the order now: the owner of the app, dataset or workerpool
	/// offered, or the request's requester.
	pub fn order_owner(order: &OrderOf<T>) -> Result<T::AccountId, Error<T>> {
		match order {
			Order::App(o) => T::Registry::app(o.app).map(|a| a.owner).ok_or(Error::<T>::UnknownApp),
			Order::Dataset(o) => T::Registry::dataset(o.dataset).map(|d| d.owner).ok_or(Error::<T>::UnknownDataset),
			Order::Workerpool(o) =>
				T::Registry::workerpool(o.workerpool).map(|p| p.owner).ok_or(Error::<T>::UnknownWorkerpool),
			Order::Request(o) => Ok(o.requester.clone()),
		}
	}

	/// Fails unless `owner` authorised the order — by `signature` of its
	/// hash, or (without a signature) by presigning or publishing it — and
	/// the order is not cancelled.
	pub(crate) fn ensure_authorized(
		kind: OrderKind,
		hash: &OrderHash,
		owner: &T::AccountId,
		signature: Option<&T::Signature>,
	) -> DispatchResult {
		let authorized = match signature {
			Some(signature) => signature.verify(hash.as_bytes(), owner),
			None =>
				Presigned::<T>::get(hash).as_ref() == Some(owner) ||
					Book::<T>::get(hash).is_some_and(|entry| &entry.owner == owner),
		};
		ensure!(authorized, Error::<T>::BadSignature(kind));
		ensure!(!Cancelled::<T>::contains_key(hash), Error::<T>::OrderCancelled(kind));
		Ok(())
	}
}
