//! `match_orders`: the deal made, and each rule of `protocol.md` §4 refused
//! with its own error.

use super::*;
use crate::{
	DatasetOrderOf, Deals, DealsByPool, Error, Event, OperatingMode, OrderKind, RequestOrderOf, SignedOf, WorkerpoolOrderOf,
	AppOrderOf, Consumed,
};
use ect_primitives::{Escrow as _, LockReason};
use ect_primitives::{Restriction, Resources, Tag};
use polkadot_sdk::{
	frame_support::{assert_noop, assert_ok, traits::fungible::Mutate},
	frame_system::RawOrigin,
};

/// The four orders of one match.
#[derive(Clone)]
struct Orders {
	app: AppOrderOf<Test>,
	dataset: Option<DatasetOrderOf<Test>>,
	pool: WorkerpoolOrderOf<Test>,
	request: RequestOrderOf<Test>,
}

impl Orders {
	fn new() -> Self {
		Orders { app: app_order(), dataset: Some(dataset_order()), pool: pool_order(), request: request_order() }
	}

	#[allow(clippy::type_complexity)]
	fn signed(
		&self,
	) -> (
		SignedOf<AppOrderOf<Test>, Test>,
		Option<SignedOf<DatasetOrderOf<Test>, Test>>,
		SignedOf<WorkerpoolOrderOf<Test>, Test>,
		SignedOf<RequestOrderOf<Test>, Test>,
	) {
		(
			signed_app(self.app.clone()),
			self.dataset.clone().map(signed_dataset),
			signed_pool(self.pool.clone()),
			signed_request(self.request.clone()),
		)
	}

	fn submit(&self) -> polkadot_sdk::sp_runtime::DispatchResult {
		let (app, dataset, pool, request) = self.signed();
		Marketplace::match_orders(RuntimeOrigin::signed(stranger()), app, dataset, pool, request)
	}

	fn refused(&self, error: Error<Test>) {
		let (app, dataset, pool, request) = self.signed();
		assert_noop!(Marketplace::match_orders(RuntimeOrigin::signed(stranger()), app, dataset, pool, request), error);
	}
}

/// Runs `change` on the default orders and expects `error`.
fn refuse(change: impl FnOnce(&mut Orders), error: Error<Test>) {
	run(|| {
		let mut orders = Orders::new();
		change(&mut orders);
		orders.refused(error);
	});
}

#[test]
fn a_match_makes_a_deal_locks_payment_and_stake_and_consumes_volume() {
	run(|| {
		let issuance = total_issuance();
		assert_ok!(Orders::new().submit());

		let deal = Deals::<Test>::get(first_deal()).expect("the deal is stored");
		assert_eq!(deal.volume, 4, "min(10, 10, 10, 4)");
		assert_eq!(deal.first_index, 0);
		assert_eq!(deal.trust, 5);
		assert_eq!((deal.app.owner.clone(), deal.app.price), (app_owner(), APP_PRICE));
		assert_eq!(deal.dataset.as_ref().map(|d| d.price), Some(DATASET_PRICE));
		assert_eq!((deal.workerpool.owner.clone(), deal.workerpool.price), (scheduler(), POOL_PRICE));
		assert_eq!(deal.worker_stake, 30, "30% of the pool price (default ratio)");
		assert_eq!(deal.scheduler_stake, 30, "30% of the pool price");
		assert_eq!(deal.scheduler_reward_ratio, 1);
		assert_eq!(deal.requester, requester());
		assert_eq!(deal.beneficiary, stranger());
		assert_eq!(deal.start, 1_700_000_000_000);
		assert_eq!(deal.tag, Tag::NONE);
		assert_eq!(deal.params.to_vec(), b"--n 7".to_vec());
		// The app's 1 core and 256 MiB, the request's 1024 MiB: the larger of each.
		assert_eq!(deal.requirements, Resources { cpu_cores: 1, memory_mib: 1024, ..Default::default() });
		assert!(DealsByPool::<Test>::contains_key(POOL, first_deal()), "indexed under its pool");

		let price = APP_PRICE + DATASET_PRICE + POOL_PRICE;
		assert_eq!(Escrow::locked(LockReason::Payment, &requester()), 4 * price);
		assert_eq!(Escrow::locked(LockReason::SchedulerStake, &scheduler()), 4 * 30);
		assert_eq!(total_issuance(), issuance);

		let orders = Orders::new();
		for order in [
			Order::App(orders.app.clone()),
			Order::Dataset(orders.dataset.clone().unwrap()),
			Order::Workerpool(orders.pool.clone()),
			Order::Request(orders.request.clone()),
		] {
			assert_eq!(Consumed::<Test>::get(Marketplace::order_hash(&order)), 4);
		}
		assert!(matches!(
			events().last(),
			Some(Event::DealCreated { volume: 4, first_index: 0, deal, .. }) if *deal == first_deal()
		));
	});
}

#[test]
fn a_match_without_dataset_and_the_next_deal_of_the_same_request() {
	run(|| {
		let mut orders = Orders::new();
		orders.dataset = None;
		orders.request.dataset = None;
		orders.app.volume = 3;
		assert_ok!(orders.submit());
		let hash = Marketplace::order_hash(&Order::Request(orders.request.clone()));
		let first = Deals::<Test>::get(crate::deal_id(&hash, 0)).unwrap();
		assert_eq!((first.volume, first.dataset), (3, None));

		// The app order is used up; another one fills the rest of the request.
		orders.app.salt = [9; 32];
		assert_ok!(orders.submit());
		let second = Deals::<Test>::get(crate::deal_id(&hash, 3)).unwrap();
		assert_eq!((second.first_index, second.volume), (3, 1));
		assert_eq!(Consumed::<Test>::get(hash), 4);
		assert_eq!(Escrow::locked(LockReason::Payment, &requester()), 4 * (APP_PRICE + POOL_PRICE));
	});
}

#[test]
fn presigned_orders_match_without_signatures() {
	run(|| {
		let orders = Orders::new();
		let as_owner = |name: &str| RuntimeOrigin::signed(account(name));
		assert_ok!(Marketplace::presign(as_owner("app-owner"), Order::App(orders.app.clone())));
		assert_ok!(Marketplace::presign(as_owner("dataset-owner"), Order::Dataset(orders.dataset.clone().unwrap())));
		assert_ok!(Marketplace::presign(as_owner("scheduler"), Order::Workerpool(orders.pool.clone())));
		assert_ok!(Marketplace::presign(as_owner("requester"), Order::Request(orders.request.clone())));
		use crate::Signed;
		assert_ok!(Marketplace::match_orders(
			RuntimeOrigin::signed(stranger()),
			Signed::presigned(orders.app.clone()),
			orders.dataset.clone().map(Signed::presigned),
			Signed::presigned(orders.pool.clone()),
			Signed::presigned(orders.request.clone()),
		));
		assert!(Deals::<Test>::contains_key(first_deal()));
	});
}

#[test]
fn a_group_restriction_admits_the_members_of_the_restricting_owners_group() {
	run(|| {
		let group = Registry::add_group(app_owner(), vec![requester()]).unwrap();
		let mut orders = Orders::new();
		orders.app.requester_restrict = Restriction::Group(group);
		assert_ok!(orders.submit());
	});
}

#[test]
fn a_group_owned_by_someone_else_admits_no_one() {
	run(|| {
		let group = Registry::add_group(stranger(), vec![requester()]).unwrap();
		let mut orders = Orders::new();
		orders.app.requester_restrict = Restriction::Group(group);
		orders.refused(Error::AppOrderRestrictsRequester);
	});
}

#[test]
fn unsigned_orders_nobody_presigned_are_refused() {
	run(|| {
		let orders = Orders::new();
		let (_, dataset, pool, request) = orders.signed();
		let app = crate::Signed { order: orders.app.clone(), signature: None };
		assert_noop!(
			Marketplace::match_orders(RuntimeOrigin::signed(stranger()), app, dataset, pool, request),
			Error::<Test>::BadSignature(OrderKind::App)
		);
	});
}

#[test]
fn a_halted_market_makes_no_deal() {
	run(|| {
		assert_ok!(Marketplace::set_operating_mode(RawOrigin::Root.into(), OperatingMode::Halted));
		Orders::new().refused(Error::MarketHalted);
	});
}

#[test]
fn unknown_assets_and_categories_are_refused() {
	refuse(|o| o.app.app = 7, Error::UnknownApp);
	refuse(|o| o.dataset.as_mut().unwrap().dataset = 7, Error::UnknownDataset);
	refuse(|o| o.pool.workerpool = 7, Error::UnknownWorkerpool);
	refuse(|o| { o.pool.category = 7; o.request.category = 7 }, Error::UnknownCategory);
}

#[test]
fn a_revoked_app_is_refused() {
	run(|| {
		Registry::revoke(APP);
		Orders::new().refused(Error::AppRevoked);
	});
}

#[test]
fn an_order_signed_by_someone_else_is_refused() {
	let wrong = |o: &Orders| -> [(SignedOf<AppOrderOf<Test>, Test>, Option<SignedOf<DatasetOrderOf<Test>, Test>>, SignedOf<WorkerpoolOrderOf<Test>, Test>, SignedOf<RequestOrderOf<Test>, Test>, OrderKind); 4] {
		let (app, dataset, pool, request) = o.signed();
		[
			(sign(o.app.clone(), Order::App, "stranger"), dataset.clone(), pool.clone(), request.clone(), OrderKind::App),
			(app.clone(), o.dataset.clone().map(|d| sign(d, Order::Dataset, "stranger")), pool.clone(), request.clone(), OrderKind::Dataset),
			(app.clone(), dataset.clone(), sign(o.pool.clone(), Order::Workerpool, "stranger"), request.clone(), OrderKind::Workerpool),
			(app, dataset, pool, sign(o.request.clone(), Order::Request, "stranger"), OrderKind::Request),
		]
	};
	run(|| {
		for (app, dataset, pool, request, kind) in wrong(&Orders::new()) {
			assert_noop!(
				Marketplace::match_orders(RuntimeOrigin::signed(stranger()), app, dataset, pool, request),
				Error::<Test>::BadSignature(kind)
			);
		}
	});
}

#[test]
fn a_cancelled_order_of_each_kind_is_refused() {
	for kind in [OrderKind::App, OrderKind::Dataset, OrderKind::Workerpool, OrderKind::Request] {
		run(|| {
			let o = Orders::new();
			let (owner, order) = match kind {
				OrderKind::App => (app_owner(), Order::App(o.app.clone())),
				OrderKind::Dataset => (dataset_owner(), Order::Dataset(o.dataset.clone().unwrap())),
				OrderKind::Workerpool => (scheduler(), Order::Workerpool(o.pool.clone())),
				OrderKind::Request => (requester(), Order::Request(o.request.clone())),
			};
			assert_ok!(Marketplace::cancel(RuntimeOrigin::signed(owner), order));
			o.refused(Error::OrderCancelled(kind));
		});
	}
}

#[test]
fn orders_that_do_not_pair_are_refused() {
	run(|| {
		let other_app = Registry::add_app(app_owner(), Default::default()).unwrap();
		let mut orders = Orders::new();
		orders.app.app = other_app;
		orders.refused(Error::AppMismatch);
	});
	refuse(|o| o.dataset = None, Error::DatasetMismatch);
	refuse(|o| o.request.dataset = None, Error::DatasetMismatch);
	run(|| {
		Registry::add_category(10_800, 1);
		let mut orders = Orders::new();
		orders.pool.category = 1;
		orders.refused(Error::CategoryMismatch);
	});
	refuse(|o| o.request.trust = 11, Error::TrustTooHigh);
}

#[test]
fn an_ask_above_the_max_price_is_refused() {
	refuse(|o| o.request.app_max_price = APP_PRICE - 1, Error::AppPriceTooHigh);
	refuse(|o| o.request.dataset_max_price = DATASET_PRICE - 1, Error::DatasetPriceTooHigh);
	refuse(|o| o.request.workerpool_max_price = POOL_PRICE - 1, Error::WorkerpoolPriceTooHigh);
}

#[test]
fn tags_the_pool_lacks_and_a_tee_bit_not_from_the_app_are_refused() {
	refuse(|o| o.request.tag = Tag::bit(9), Error::TagNotSupported);
	refuse(|o| o.dataset.as_mut().unwrap().tag = Tag::bit(200), Error::TagNotSupported);
	refuse(
		|o| {
			o.pool.tag = Tag::TEE.union(&Tag::GPU);
			o.request.tag = Tag::TEE;
		},
		Error::TeeNotFromApp,
	);
	run(|| {
		let mut orders = Orders::new();
		orders.pool.tag = Tag::TEE.union(&Tag::GPU);
		orders.app.tag = Tag::TEE;
		orders.request.tag = Tag::TEE.union(&Tag::GPU);
		assert_ok!(orders.submit());
		let hash = Marketplace::order_hash(&Order::Request(orders.request.clone()));
		let deal = Deals::<Test>::get(crate::deal_id(&hash, 0)).unwrap();
		assert_eq!(deal.tag, Tag::TEE.union(&Tag::GPU));
	});
}

#[test]
fn unmet_requirements_are_refused() {
	refuse(|o| o.request.requirements.memory_mib = 1_000_000, Error::RequirementsNotMet);
	refuse(|o| o.request.requirements.gpu_memory_mib = 1, Error::RequirementsNotMet);
	refuse(|o| o.pool.capabilities = Resources { memory_mib: 2048, ..Default::default() }, Error::RequirementsNotMet);
}

#[test]
fn each_of_the_ten_restrictions_is_checked() {
	let only_stranger = || Restriction::Account(stranger());
	refuse(|o| o.app.dataset_restrict = only_stranger(), Error::AppOrderRestrictsDataset);
	refuse(|o| o.app.workerpool_restrict = only_stranger(), Error::AppOrderRestrictsWorkerpool);
	refuse(|o| o.app.requester_restrict = only_stranger(), Error::AppOrderRestrictsRequester);
	refuse(|o| o.dataset.as_mut().unwrap().app_restrict = only_stranger(), Error::DatasetOrderRestrictsApp);
	refuse(|o| o.dataset.as_mut().unwrap().workerpool_restrict = only_stranger(), Error::DatasetOrderRestrictsWorkerpool);
	refuse(|o| o.dataset.as_mut().unwrap().requester_restrict = only_stranger(), Error::DatasetOrderRestrictsRequester);
	refuse(|o| o.pool.app_restrict = only_stranger(), Error::WorkerpoolOrderRestrictsApp);
	refuse(|o| o.pool.dataset_restrict = only_stranger(), Error::WorkerpoolOrderRestrictsDataset);
	refuse(|o| o.pool.requester_restrict = only_stranger(), Error::WorkerpoolOrderRestrictsRequester);
	refuse(|o| o.request.workerpool = Some(POOL + 1), Error::RequestRestrictsWorkerpool);
	// A dataset restriction never admits "no dataset".
	refuse(
		|o| {
			o.dataset = None;
			o.request.dataset = None;
			o.app.dataset_restrict = Restriction::Account(dataset_owner());
		},
		Error::AppOrderRestrictsDataset,
	);
	// Restrictions naming the right owners pass.
	run(|| {
		let mut orders = Orders::new();
		orders.app.requester_restrict = Restriction::Account(requester());
		orders.pool.dataset_restrict = Restriction::Account(dataset_owner());
		orders.request.workerpool = Some(POOL);
		assert_ok!(orders.submit());
	});
}

#[test]
fn an_order_with_no_volume_left_is_refused() {
	refuse(|o| o.app.volume = 0, Error::OrderConsumed(OrderKind::App));
	refuse(|o| o.dataset.as_mut().unwrap().volume = 0, Error::OrderConsumed(OrderKind::Dataset));
	refuse(|o| o.pool.volume = 0, Error::OrderConsumed(OrderKind::Workerpool));
	refuse(|o| o.request.volume = 0, Error::OrderConsumed(OrderKind::Request));
}

#[test]
fn prices_that_overflow_are_refused() {
	refuse(
		|o| {
			o.app.price = Balance::MAX;
			o.request.app_max_price = Balance::MAX;
		},
		Error::PriceOverflow,
	);
	refuse(
		|o| {
			o.app.price = Balance::MAX / 2;
			o.request.app_max_price = Balance::MAX / 2;
		},
		Error::PriceOverflow,
	);
}

#[test]
fn a_requester_who_cannot_pay_and_a_scheduler_who_cannot_stake_are_refused() {
	refuse(
		|o| {
			o.pool.price = START / 4;
			o.request.workerpool_max_price = START / 4;
		},
		Error::RequesterCannotPay,
	);
	run(|| {
		// The scheduler keeps 100 free (and its asset deposit held): a stake of 4 × 30 is too much.
		<Balances as Mutate<AccountId>>::set_balance(&scheduler(), 100);
		Orders::new().refused(Error::SchedulerCannotStake);
	});
}

#[test]
fn an_expired_order_and_one_expiring_too_far_ahead_of_each_kind_are_refused() {
	let now = 1u32;
	refuse(|o| o.app.expires = now, Error::<Test>::OrderExpired(OrderKind::App));
	refuse(|o| o.dataset.as_mut().unwrap().expires = now, Error::<Test>::OrderExpired(OrderKind::Dataset));
	refuse(|o| o.pool.expires = 0, Error::<Test>::OrderExpired(OrderKind::Workerpool));
	refuse(|o| o.request.expires = now, Error::<Test>::OrderExpired(OrderKind::Request));
	let far = now + MAX_LIFETIME + 1;
	refuse(|o| o.app.expires = far, Error::<Test>::ExpiryTooFar(OrderKind::App));
	refuse(|o| o.dataset.as_mut().unwrap().expires = far, Error::<Test>::ExpiryTooFar(OrderKind::Dataset));
	refuse(|o| o.pool.expires = far, Error::<Test>::ExpiryTooFar(OrderKind::Workerpool));
	refuse(|o| o.request.expires = far, Error::<Test>::ExpiryTooFar(OrderKind::Request));
	// The furthest allowed expiry and the next block both work.
	run(|| {
		let mut orders = Orders::new();
		orders.app.expires = now + MAX_LIFETIME;
		orders.request.expires = now + 1;
		assert_ok!(orders.submit());
	});
}
