//! `match_orders`: every rule of `protocol.md` §4, each failure its own error.

use crate::{
	deal::DealTerms, AppOrderOf, Config, DatasetOrderOf, DealId, DealResource, Error, Order, OrderKind, Pallet,
	RequestOrderOf, SignedOf, Signers, WorkerpoolOrderOf,
};
use ect_primitives::{AssetRegistry, Restriction};
use polkadot_sdk::{
	frame_support::{ensure, pallet_prelude::DispatchError},
	sp_runtime::DispatchResult,
};

impl<T: Config> Pallet<T> {
	/// Checks the four orders against each other and the chain, then makes
	/// the deal. Nothing changes unless every check passes.
	pub(crate) fn do_match_orders(
		app: &SignedOf<AppOrderOf<T>, T>,
		dataset: Option<&SignedOf<DatasetOrderOf<T>, T>>,
		workerpool: &SignedOf<WorkerpoolOrderOf<T>, T>,
		request: &SignedOf<RequestOrderOf<T>, T>,
	) -> Result<DealId, DispatchError> {
		Self::ensure_open()?;
		let (app_order, pool_order, request_order) = (&app.order, &workerpool.order, &request.order);
		let dataset_order = dataset.map(|d| &d.order);

		// Every asset registered, the category existing, the app not revoked.
		let app_asset = T::Registry::app(app_order.app).ok_or(Error::<T>::UnknownApp)?;
		let dataset_asset = match dataset_order {
			Some(order) => Some(T::Registry::dataset(order.dataset).ok_or(Error::<T>::UnknownDataset)?),
			None => None,
		};
		let pool_asset = T::Registry::workerpool(pool_order.workerpool).ok_or(Error::<T>::UnknownWorkerpool)?;
		ensure!(T::Registry::category(pool_order.category).is_some(), Error::<T>::UnknownCategory);
		ensure!(!T::Registry::is_revoked(app_order.app), Error::<T>::AppRevoked);

		// Every order live, authorised by its owner and not cancelled.
		Self::ensure_live(OrderKind::App, app_order.expires)?;
		if let Some(order) = dataset_order {
			Self::ensure_live(OrderKind::Dataset, order.expires)?;
		}
		Self::ensure_live(OrderKind::Workerpool, pool_order.expires)?;
		Self::ensure_live(OrderKind::Request, request_order.expires)?;
		let app_hash = Self::order_hash(&Order::App(app_order.clone()));
		Self::ensure_authorized(OrderKind::App, &app_hash, &Signers::of(app_asset.owner.clone()), app.signature.as_ref())?;
		let dataset_hash = match (dataset, &dataset_asset) {
			(Some(signed), Some(asset)) => {
				let hash = Self::order_hash(&Order::Dataset(signed.order.clone()));
				let signers = Signers::of(asset.owner.clone());
				Self::ensure_authorized(OrderKind::Dataset, &hash, &signers, signed.signature.as_ref())?;
				Some(hash)
			},
			_ => None,
		};
		let pool_hash = Self::order_hash(&Order::Workerpool(pool_order.clone()));
		let pool_signers = Signers { owner: pool_asset.owner.clone(), operator: pool_asset.operator.clone() };
		Self::ensure_authorized(OrderKind::Workerpool, &pool_hash, &pool_signers, workerpool.signature.as_ref())?;
		let request_hash = Self::order_hash(&Order::Request(request_order.clone()));
		Self::ensure_authorized(
			OrderKind::Request,
			&request_hash,
			&Signers::of(request_order.requester.clone()),
			request.signature.as_ref(),
		)?;

		// The request is for these assets, in this category, at this trust.
		ensure!(request_order.app == app_order.app, Error::<T>::AppMismatch);
		ensure!(request_order.dataset == dataset_order.map(|d| d.dataset), Error::<T>::DatasetMismatch);
		ensure!(request_order.category == pool_order.category, Error::<T>::CategoryMismatch);
		ensure!(request_order.trust <= pool_order.trust, Error::<T>::TrustTooHigh);

		// Each ask within the request's max price.
		ensure!(app_order.price <= request_order.app_max_price, Error::<T>::AppPriceTooHigh);
		if let Some(order) = dataset_order {
			ensure!(order.price <= request_order.dataset_max_price, Error::<T>::DatasetPriceTooHigh);
		}
		ensure!(pool_order.price <= request_order.workerpool_max_price, Error::<T>::WorkerpoolPriceTooHigh);

		// Tags: the pool has every feature; the TEE bit comes from the app only.
		let dataset_tag = dataset_order.map(|d| d.tag).unwrap_or_default();
		let tag = app_order.tag.union(&dataset_tag).union(&request_order.tag);
		ensure!(tag.is_subset_of(&pool_order.tag), Error::<T>::TagNotSupported);
		ensure!(tag.has_tee() == app_order.tag.has_tee(), Error::<T>::TeeNotFromApp);

		// Machine requirements of the app and the request.
		ensure!(
			pool_order.capabilities.satisfies(&app_asset.requirements) &&
				pool_order.capabilities.satisfies(&request_order.requirements),
			Error::<T>::RequirementsNotMet
		);

		// The ten restriction checks.
		let app_owner = &app_asset.owner;
		let dataset_owner = dataset_asset.as_ref().map(|d| &d.owner);
		let pool_owner = &pool_asset.owner;
		let requester = &request_order.requester;
		Self::restrict(&app_order.dataset_restrict, app_owner, dataset_owner, Error::<T>::AppOrderRestrictsDataset)?;
		Self::restrict(&app_order.workerpool_restrict, app_owner, Some(pool_owner), Error::<T>::AppOrderRestrictsWorkerpool)?;
		Self::restrict(&app_order.requester_restrict, app_owner, Some(requester), Error::<T>::AppOrderRestrictsRequester)?;
		if let (Some(order), Some(owner)) = (dataset_order, dataset_owner) {
			Self::restrict(&order.app_restrict, owner, Some(app_owner), Error::<T>::DatasetOrderRestrictsApp)?;
			Self::restrict(&order.workerpool_restrict, owner, Some(pool_owner), Error::<T>::DatasetOrderRestrictsWorkerpool)?;
			Self::restrict(&order.requester_restrict, owner, Some(requester), Error::<T>::DatasetOrderRestrictsRequester)?;
		}
		Self::restrict(&pool_order.app_restrict, pool_owner, Some(app_owner), Error::<T>::WorkerpoolOrderRestrictsApp)?;
		Self::restrict(&pool_order.dataset_restrict, pool_owner, dataset_owner, Error::<T>::WorkerpoolOrderRestrictsDataset)?;
		Self::restrict(&pool_order.requester_restrict, pool_owner, Some(requester), Error::<T>::WorkerpoolOrderRestrictsRequester)?;
		if let Some(only) = request_order.workerpool {
			ensure!(only == pool_order.workerpool, Error::<T>::RequestRestrictsWorkerpool);
		}

		// The deal's volume: the least remaining volume, which must not be 0.
		let mut volumes = [
			(OrderKind::App, Self::remaining(&app_hash, app_order.volume)),
			(OrderKind::Workerpool, Self::remaining(&pool_hash, pool_order.volume)),
			(OrderKind::Request, Self::remaining(&request_hash, request_order.volume)),
			(OrderKind::Dataset, u32::MAX),
		];
		if let (Some(hash), Some(order)) = (&dataset_hash, dataset_order) {
			volumes[3].1 = Self::remaining(hash, order.volume);
		}
		let mut volume = u32::MAX;
		for (kind, remaining) in volumes {
			ensure!(remaining > 0, Error::<T>::OrderConsumed(kind));
			volume = volume.min(remaining);
		}
		// The orders consumed for the first time, whose state must be forgotten one day.
		let fresh = [
			(Some(app_hash), volumes[0].1 == app_order.volume, app_order.expires),
			(Some(pool_hash), volumes[1].1 == pool_order.volume, pool_order.expires),
			(Some(request_hash), volumes[2].1 == request_order.volume, request_order.expires),
			(dataset_hash, dataset_order.is_some_and(|o| volumes[3].1 == o.volume), dataset_order.map_or(0, |o| o.expires)),
		];

		let deal = Self::make_deal(DealTerms {
			app: DealResource { id: app_order.app, owner: app_asset.owner.clone(), price: app_order.price },
			dataset: match (dataset_order, dataset_asset) {
				(Some(order), Some(asset)) =>
					Some(DealResource { id: order.dataset, owner: asset.owner, price: order.price }),
				_ => None,
			},
			workerpool: DealResource {
				id: pool_order.workerpool,
				owner: pool_asset.owner.clone(),
				price: pool_order.price,
			},
			policy: pool_asset.policy,
			request: request_order,
			tag,
			app_requirements: app_asset.requirements,
			volume,
			app_hash,
			dataset_hash,
			pool_hash,
			request_hash,
		})?;
		for (hash, first, expires) in fresh {
			if let (Some(hash), true) = (hash, first) {
				Self::remember(hash, expires);
			}
		}
		Ok(deal)
	}

	/// Fails with `error` unless `restriction`, set by `restricting_owner`,
	/// allows `who` (an asset's owner or the requester). A restriction other
	/// than `Anyone` never allows an absent asset.
	fn restrict(
		restriction: &Restriction<T::AccountId>,
		restricting_owner: &T::AccountId,
		who: Option<&T::AccountId>,
		error: Error<T>,
	) -> DispatchResult {
		let allowed = match (restriction, who) {
			(Restriction::Anyone, _) => true,
			(_, None) => false,
			(restriction, Some(who)) =>
				T::Registry::permits(restriction, restricting_owner, who),
		};
		ensure!(allowed, error);
		Ok(())
	}
}
