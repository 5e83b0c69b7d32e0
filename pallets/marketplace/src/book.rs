//! The on-chain order book [beyond]: published offers and requests, and the
//! automatic matching of a request with the best offers (`protocol.md` §4).

use crate::{
	AppOrderOf, BalanceOf, Book, Cancelled, Config, Consumed, DatasetOrderOf, Error, Event, Order, OrderHash,
	OrderKind, OrderOf, OrdersByAsset, Pallet, PoolOrdersByCategory, PoolReputation, Published, RequestOrderOf,
	Signed, WorkerpoolOrderOf,
};
use alloc::vec::Vec;
use ect_primitives::{AssetRef, AssetRegistry, StorageDeposits, Walk};
use polkadot_sdk::{
	frame_support::{
		dispatch::DispatchResult, ensure, pallet_prelude::DispatchError, storage::with_storage_layer, traits::Get,
		BoundedVec,
	},
	sp_runtime::{traits::UniqueSaturatedInto, Percent, Permill},
};

/// A workerpool order that may serve the request, with its ranking.
struct Candidate<T: Config> {
	hash: OrderHash,
	order: WorkerpoolOrderOf<T>,
	/// Lower is better: price and reputation, weighted as the requester asked.
	key: u128,
	total_price: u128,
	reputation: Permill,
}

impl<T: Config> Pallet<T> {
	/// The assets an order is listed under: its own asset; a request under
	/// its app and, if it names one, its dataset (where later app and
	/// dataset offers find it).
	pub(crate) fn listings(order: &OrderOf<T>) -> Vec<AssetRef> {
		match order {
			Order::App(o) => alloc::vec![AssetRef::App(o.app)],
			Order::Dataset(o) => alloc::vec![AssetRef::Dataset(o.dataset)],
			Order::Workerpool(o) => alloc::vec![AssetRef::Workerpool(o.workerpool)],
			Order::Request(o) => core::iter::once(AssetRef::App(o.app))
				.chain(o.dataset.map(AssetRef::Dataset))
				.collect(),
		}
	}

	/// Publishes an app, dataset or workerpool order of `who` (its owner, or
	/// its pool's operator, who pays the deposit) and, while the market is
	/// open, matches it with the resting requests it can serve; returns its
	/// hash and how far that walk went.
	pub(crate) fn do_publish_offer(who: &T::AccountId, order: OrderOf<T>) -> Result<(OrderHash, Walk), DispatchError> {
		ensure!(order.kind() != OrderKind::Request, Error::<T>::NotAnOffer);
		Self::ensure_signer(&order, who)?;
		if let Order::Workerpool(o) = &order {
			ensure!(T::Registry::category(o.category).is_some(), Error::<T>::UnknownCategory);
		}
		let hash = Self::insert_in_book(who, order.clone())?;
		let walk = if Self::ensure_open().is_ok() { Self::match_resting(&order) } else { Walk::default() };
		Ok((hash, walk))
	}

	/// Publishes `who`'s request and matches it with the best published
	/// offers; returns the request's hash and how far the walk went.
	pub fn do_publish_request(
		who: &T::AccountId,
		request: RequestOrderOf<T>,
		price_weight: Percent,
	) -> Result<(OrderHash, Walk), DispatchError> {
		Self::ensure_open()?;
		ensure!(&request.requester == who, Error::<T>::NotOrderOwner);
		ensure!(T::Registry::app(request.app).is_some(), Error::<T>::UnknownApp);
		ensure!(T::Registry::category(request.category).is_some(), Error::<T>::UnknownCategory);
		let hash = Self::insert_in_book(who, Order::Request(request.clone()))?;
		let walk = Self::auto_match(&hash, &request, price_weight);
		if Book::<T>::contains_key(hash) {
			Self::rest(hash, &request, price_weight)?;
		}
		Ok((hash, walk))
	}

	/// Takes `who`'s published order `hash` out of the book.
	pub(crate) fn do_unpublish(who: &T::AccountId, hash: OrderHash) -> DispatchResult {
		let entry = Book::<T>::get(hash).ok_or(Error::<T>::NotPublished)?;
		ensure!(&entry.owner == who, Error::<T>::NotOrderOwner);
		Self::remove_from_book(&hash)
	}

	/// Adds an order to the book and its indexes, holding its deposit.
	fn insert_in_book(who: &T::AccountId, order: OrderOf<T>) -> Result<OrderHash, DispatchError> {
		let kind = order.kind();
		ensure!(order.volume() > 0, Error::<T>::ZeroVolume);
		let hash = Self::order_hash(&order);
		Self::ensure_live(kind, order.expires())?;
		ensure!(!Book::<T>::contains_key(hash), Error::<T>::AlreadyPublished);
		ensure!(!Cancelled::<T>::contains_key(hash), Error::<T>::OrderCancelled(kind));
		ensure!(Self::remaining(&hash, order.volume()) > 0, Error::<T>::OrderConsumed(kind));

		for asset in Self::listings(&order) {
			OrdersByAsset::<T>::try_mutate(asset, |list| list.try_push(hash)).map_err(|_| Error::<T>::OrderBookFull)?;
		}
		if let Order::Workerpool(o) = &order {
			PoolOrdersByCategory::<T>::try_mutate(o.category, |list| {
				let at = list.partition_point(|(price, _)| *price <= o.price);
				list.try_insert(at, (o.price, hash))
			})
			.map_err(|_| Error::<T>::OrderBookFull)?;
		}
		if kind != OrderKind::Request {
			Self::unlist_at(hash, order.expires());
		}
		let deposit = T::OrderDeposit::get();
		T::Registry::hold_deposit(who, deposit).map_err(|_| Error::<T>::CannotPayDeposit)?;
		Book::<T>::insert(hash, Published { order, owner: who.clone(), deposit });
		Self::deposit_event(Event::OrderPublished { order: hash, kind, owner: who.clone() });
		Ok(hash)
	}

	/// Takes `hash` out of the book and its indexes, if it is there, and
	/// returns its deposit.
	pub(crate) fn remove_from_book(hash: &OrderHash) -> DispatchResult {
		let Some(entry) = Book::<T>::take(hash) else { return Ok(()) };
		for asset in Self::listings(&entry.order) {
			OrdersByAsset::<T>::mutate_exists(asset, |list| drop_entry(list, |h| h != hash));
		}
		match &entry.order {
			Order::Workerpool(o) =>
				PoolOrdersByCategory::<T>::mutate_exists(o.category, |list| drop_entry(list, |(_, h)| h != hash)),
			Order::Request(o) => Self::unrest(hash, o.category),
			_ => {},
		}
		if entry.order.kind() != OrderKind::Request {
			Self::keep_listed(hash, entry.order.expires());
		}
		T::Registry::release_deposit(&entry.owner, entry.deposit)?;
		Self::deposit_event(Event::OrderUnpublished { order: *hash });
		Ok(())
	}

	/// The published offers of one kind listed under `asset`, with their hashes.
	/// Expired ones are left out: they wait to be unlisted
	/// ([`crate::lifetime`]) and would only fail.
	fn offers<O>(asset: AssetRef, pick: impl Fn(OrderOf<T>) -> Option<O>) -> Vec<(OrderHash, O)> {
		let now = Self::current_block();
		OrdersByAsset::<T>::get(asset)
			.into_iter()
			.filter_map(|hash| {
				let entry = Book::<T>::get(hash).filter(|entry| entry.order.expires() > now)?;
				pick(entry.order).map(|o| (hash, o))
			})
			.collect()
	}

	/// Matches the published request `hash` with published offers: workerpool
	/// orders ranked by price and reputation, each tried with the cheapest
	/// app (and dataset) offers first, until the request is filled, or
	/// `MaxDealsPerPublish` deals are made, or `MaxMatchCandidates`
	/// combinations failed. A combination that fails any rule of
	/// `match_orders` changes nothing and the walk goes on.
	pub(crate) fn auto_match(hash: &OrderHash, request: &RequestOrderOf<T>, price_weight: Percent) -> Walk {
		let mut walk = Walk::default();
		let volume = Self::walk_request(hash, request, price_weight, &mut walk);
		Self::deposit_event(Event::RequestMatched {
			request: *hash,
			deals: walk.deals,
			volume,
			remaining: Self::remaining(hash, request.volume),
		});
		walk
	}

	/// Whether a walk has spent its bounds: `MaxMatchCandidates` failed
	/// combinations or `MaxDealsPerPublish` deals.
	pub(crate) fn walk_spent(walk: &Walk) -> bool {
		walk.failed >= T::MaxMatchCandidates::get() || walk.deals >= T::MaxDealsPerPublish::get()
	}

	/// The walk of [`Self::auto_match`] for one request, going on with
	/// `walk`'s counts (one walk may serve several requests); returns the
	/// volume matched.
	pub(crate) fn walk_request(
		hash: &OrderHash,
		request: &RequestOrderOf<T>,
		price_weight: Percent,
		walk: &mut Walk,
	) -> u32 {

		let mut apps: Vec<(OrderHash, AppOrderOf<T>)> = Self::offers(AssetRef::App(request.app), |o| match o {
			Order::App(o) if o.price <= request.app_max_price => Some(o),
			_ => None,
		});
		apps.sort_by(|a, b| a.1.price.cmp(&b.1.price));
		let mut datasets: Vec<Option<(OrderHash, DatasetOrderOf<T>)>> = match request.dataset {
			None => alloc::vec![None],
			Some(dataset) => Self::offers(AssetRef::Dataset(dataset), |o| match o {
				Order::Dataset(o) if o.price <= request.dataset_max_price => Some(o),
				_ => None,
			})
			.into_iter()
			.map(Some)
			.collect(),
		};
		datasets.sort_by(|a, b| a.as_ref().map(|d| d.1.price).cmp(&b.as_ref().map(|d| d.1.price)));

		let candidates = Self::ranked_candidates(request, &apps, &datasets, price_weight);
		let request_signed = Signed::presigned(request.clone());
		let mut volume = 0u32;

		'walk: for candidate in candidates {
			for (app_hash, app) in &apps {
				for dataset in &datasets {
					if Self::walk_spent(walk) {
						break 'walk;
					}
					if Self::remaining(hash, request.volume) == 0 {
						break 'walk;
					}
					if Self::remaining(&candidate.hash, candidate.order.volume) == 0 {
						continue 'walk;
					}
					if Self::remaining(app_hash, app.volume) == 0 ||
						dataset.as_ref().is_some_and(|(h, d)| Self::remaining(h, d.volume) == 0)
					{
						continue;
					}
					let before = Consumed::<T>::get(hash);
					let dataset_signed = dataset.as_ref().map(|(_, d)| Signed::presigned(d.clone()));
					let made = with_storage_layer(|| {
						Self::do_match_orders(
							&Signed::presigned(app.clone()),
							dataset_signed.as_ref(),
							&Signed::presigned(candidate.order.clone()),
							&request_signed,
						)
					});
					if made.is_ok() {
						walk.deals = walk.deals.saturating_add(1);
						volume = volume.saturating_add(Consumed::<T>::get(hash).saturating_sub(before));
					} else {
						walk.failed = walk.failed.saturating_add(1);
					}
				}
			}
		}
		volume
	}

	/// Of the first `MaxMatchCandidates + MaxDealsPerPublish` published
	/// workerpool orders of the
	/// request's category that could serve it (price, trust, restriction to
	/// one pool), best first. The key weighs the total task price (as a
	/// share of the request's budget) against the pool's reputation.
	fn ranked_candidates(
		request: &RequestOrderOf<T>,
		apps: &[(OrderHash, AppOrderOf<T>)],
		datasets: &[Option<(OrderHash, DatasetOrderOf<T>)>],
		price_weight: Percent,
	) -> Vec<Candidate<T>> {
		let as_u128 = |b: BalanceOf<T>| -> u128 { b.unique_saturated_into() };
		let cheapest_app = apps.first().map(|(_, o)| as_u128(o.price)).unwrap_or_default();
		let cheapest_dataset =
			datasets.first().and_then(|d| d.as_ref()).map(|(_, o)| as_u128(o.price)).unwrap_or_default();
		let budget = as_u128(request.app_max_price)
			.saturating_add(as_u128(request.dataset_max_price))
			.saturating_add(as_u128(request.workerpool_max_price))
			.max(1);
		let price_part = u128::from(price_weight.deconstruct());
		let reputation_part = 100u128.saturating_sub(price_part);

		let now = Self::current_block();
		let mut candidates: Vec<Candidate<T>> = PoolOrdersByCategory::<T>::get(request.category)
			.into_iter()
			.take(T::MaxMatchCandidates::get().saturating_add(T::MaxDealsPerPublish::get()) as usize)
			.filter_map(|(_, hash)| match Book::<T>::get(hash)?.order {
				Order::Workerpool(order) => Some((hash, order)),
				_ => None,
			})
			.filter(|(_, order)| {
				order.expires > now &&
					order.price <= request.workerpool_max_price &&
					order.trust >= request.trust &&
					request.workerpool.is_none_or(|only| only == order.workerpool)
			})
			.map(|(hash, order)| {
				let total_price = as_u128(order.price).saturating_add(cheapest_app).saturating_add(cheapest_dataset);
				let reputation = T::Reputation::reputation(order.workerpool);
				let price_share = total_price.saturating_mul(1_000_000) / budget;
				let distrust = u128::from(1_000_000u32.saturating_sub(reputation.deconstruct()));
				let key = price_part.saturating_mul(price_share).saturating_add(reputation_part.saturating_mul(distrust));
				Candidate { hash, order, key, total_price, reputation }
			})
			.collect();
		candidates.sort_by(|a, b| {
			(a.key, a.total_price, b.reputation).cmp(&(b.key, b.total_price, a.reputation))
		});
		candidates
	}
}

/// Drops the entries of an index that `keep` refuses, and the index itself
/// once it is empty.
pub(crate) fn drop_entry<X, S>(list: &mut Option<BoundedVec<X, S>>, keep: impl FnMut(&X) -> bool) {
	if let Some(items) = list {
		items.retain(keep);
		if items.is_empty() {
			*list = None;
		}
	}
}
