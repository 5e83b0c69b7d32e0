//! Resting requests and two-way matching [beyond] (`protocol.md` §4): a
//! published request that its automatic match did not fill rests in the book
//! until offers published later fill it, or until it expires and its
//! deposit goes back to the requester.
//!
//! A new offer finds the requests it may serve through an index: app offers
//! through the requests listed under their app, dataset offers under their
//! dataset, workerpool orders through [`RestingByCategory`] (highest
//! workerpool max price first). It serves them best-paying first, each with
//! the walk of an automatic match, all under one budget of failed
//! combinations and deals.

use crate::{
	book::drop_entry, Book, Config, Error, Event, Expiries, Order, OrderHash, OrderOf, OrdersByAsset, Pallet,
	RequestOrderOf, Resting, RestingByCategory, RestingRequests,
};
use alloc::vec::Vec;
use ect_primitives::{AssetRef, CategoryId, Walk};
use polkadot_sdk::{
	frame_support::{pallet_prelude::DispatchError, storage::with_storage_layer, traits::Get},
	frame_system::{self, pallet_prelude::BlockNumberFor},
	sp_runtime::{DispatchResult, Percent, Saturating},
};

/// How many blocks, from the one its lifetime ends at, a request's expiry
/// may be put at when blocks are full of expiries.
pub const EXPIRY_SPREAD: u32 = 16;

impl<T: Config> Pallet<T> {
	/// Rests the published request `hash`: indexes it under its category and
	/// schedules its expiry at the first block with room from `now +
	/// RequestLifetime` or the order's own expiry, whichever comes first, on;
	/// returns that block.
	pub(crate) fn rest(
		hash: OrderHash,
		request: &RequestOrderOf<T>,
		price_weight: Percent,
	) -> Result<BlockNumberFor<T>, DispatchError> {
		let due = frame_system::Pallet::<T>::block_number()
			.saturating_add(T::RequestLifetime::get())
			.min(request.expires.into());
		let room = T::MaxExpiriesPerBlock::get() as usize;
		let expires = (0..EXPIRY_SPREAD)
			.map(|later| due.saturating_add(later.into()))
			.find(|block| Expiries::<T>::decode_len(block).unwrap_or(0) < room)
			.ok_or(Error::<T>::TooManyExpiries)?;
		Expiries::<T>::try_mutate(expires, |list| list.try_push(hash)).map_err(|_| Error::<T>::TooManyExpiries)?;
		RestingByCategory::<T>::try_mutate(request.category, |list| {
			let at = list.partition_point(|(price, _)| *price >= request.workerpool_max_price);
			list.try_insert(at, (request.workerpool_max_price, hash))
		})
		.map_err(|_| Error::<T>::TooManyResting)?;
		RestingRequests::<T>::insert(hash, Resting { price_weight, expires });
		Self::deposit_event(Event::RequestResting { request: hash, expires });
		Ok(expires)
	}

	/// Takes the request `hash` of `category` out of the resting indexes
	/// (when it leaves the book), if it rests.
	pub(crate) fn unrest(hash: &OrderHash, category: CategoryId) {
		let Some(resting) = RestingRequests::<T>::take(hash) else { return };
		RestingByCategory::<T>::mutate_exists(category, |list| drop_entry(list, |(_, h)| h != hash));
		Expiries::<T>::mutate_exists(resting.expires, |list| drop_entry(list, |h| h != hash));
	}

	/// Expires the requests due at block `now`, each in a storage layer of
	/// its own; returns how many were due.
	pub(crate) fn expire_requests(now: BlockNumberFor<T>) -> u32 {
		let due = Expiries::<T>::take(now);
		for hash in &due {
			let _ = with_storage_layer(|| -> DispatchResult {
				Self::remove_from_book(hash)?;
				Self::deposit_event(Event::RequestExpired { request: *hash });
				Ok(())
			});
		}
		due.len() as u32
	}

	/// Matches the offer just published with the resting requests it can
	/// serve, best-paying first, each with the walk of an automatic match,
	/// under one budget: a request with nothing left to try counts as one
	/// failure. Emits `RequestMatched` for each request it served.
	pub(crate) fn match_resting(offer: &OrderOf<T>) -> Walk {
		let mut walk = Walk::default();
		for (hash, request) in Self::resting_for(offer) {
			if Self::walk_spent(&walk) {
				break;
			}
			let Some(resting) = RestingRequests::<T>::get(hash) else { continue };
			let before = walk;
			let volume = Self::walk_request(&hash, &request, resting.price_weight, &mut walk);
			if walk == before {
				walk.failed = walk.failed.saturating_add(1);
			}
			let deals = walk.deals.saturating_sub(before.deals);
			if deals > 0 {
				Self::deposit_event(Event::RequestMatched {
					request: hash,
					deals,
					volume,
					remaining: Self::remaining(&hash, request.volume),
				});
			}
		}
		walk
	}

	/// The resting requests `offer` may serve (its price within theirs, and
	/// for a workerpool order their category, trust, pool and machine
	/// requirements), best-paying
	/// first for that kind of offer. A workerpool order looks at the first
	/// `MaxMatchCandidates + MaxDealsPerPublish` of its category that pay
	/// its price; app and dataset offers at their asset's listing (at most
	/// `MaxOrdersPerAsset`).
	pub(crate) fn resting_for(offer: &OrderOf<T>) -> Vec<(OrderHash, RequestOrderOf<T>)> {
		let listed = |asset: AssetRef| -> Vec<(OrderHash, RequestOrderOf<T>)> {
			OrdersByAsset::<T>::get(asset)
				.into_iter()
				.filter_map(|hash| match Book::<T>::get(hash)?.order {
					Order::Request(request) => Some((hash, request)),
					_ => None,
				})
				.collect()
		};
		let mut requests = match offer {
			Order::App(o) => {
				let mut found = listed(AssetRef::App(o.app));
				found.retain(|(_, r)| r.app_max_price >= o.price);
				found.sort_by(|a, b| b.1.app_max_price.cmp(&a.1.app_max_price));
				found
			},
			Order::Dataset(o) => {
				let mut found = listed(AssetRef::Dataset(o.dataset));
				found.retain(|(_, r)| r.dataset == Some(o.dataset) && r.dataset_max_price >= o.price);
				found.sort_by(|a, b| b.1.dataset_max_price.cmp(&a.1.dataset_max_price));
				found
			},
			Order::Workerpool(o) => RestingByCategory::<T>::get(o.category)
				.into_iter()
				.take_while(|(max_price, _)| *max_price >= o.price)
				.take(T::MaxMatchCandidates::get().saturating_add(T::MaxDealsPerPublish::get()) as usize)
				.filter_map(|(_, hash)| match Book::<T>::get(hash)?.order {
					Order::Request(request) => Some((hash, request)),
					_ => None,
				})
				.filter(|(_, r)| {
					r.trust <= o.trust &&
						r.workerpool.is_none_or(|only| only == o.workerpool) &&
						o.capabilities.satisfies(&r.requirements)
				})
				.collect(),
			Order::Request(_) => Vec::new(),
		};
		// Resting and not expired (a request may rest a few blocks past its
		// own expiry when its expiry block was full, and would only fail).
		let now = Self::current_block();
		requests.retain(|(hash, request)| request.expires > now && RestingRequests::<T>::contains_key(hash));
		requests
	}
}
