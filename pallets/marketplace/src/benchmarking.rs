//! Benchmarks of every call, in their worst cases: signed orders with a
//! dataset and group restrictions, full order book indexes, the longest
//! automatic-matching walk.

use super::*;
use ect_primitives::{benchmarking::BenchmarkHelper, AssetRegistry, CategoryId, PoolPolicy, Resources, Restriction, Tag};
use frame_support::traits::{
	fungible::{Inspect, Mutate},
	EnsureOrigin, Get,
};
use frame_system::RawOrigin;
use polkadot_sdk::{
	frame_benchmarking::v2::*,
	sp_runtime::{
		traits::{Bounded, Zero},
		Percent, Saturating,
	},
};

type Registry<T> = <T as Config>::Registry;
type Currency<T> = <T as Config>::Currency;

/// The parties of a deal, each with a key the benchmark signs with.
struct Parties<T: Config> {
	app_owner: T::AccountId,
	dataset_owner: T::AccountId,
	scheduler: T::AccountId,
	requester: T::AccountId,
	app: u32,
	dataset: u32,
	pool: u32,
	category: CategoryId,
}

fn funded<T: Config>(index: u32) -> T::AccountId {
	let who = T::BenchmarkHelper::signer(index);
	Currency::<T>::set_balance(&who, BalanceOf::<T>::max_value() / 1_048_576u32.into());
	who
}

/// Registers an app, a dataset, a workerpool and a category, and gives each
/// of the requester's counterparts a group (with the requester in it) for
/// the worst-case restriction checks.
fn parties<T: Config>() -> Parties<T> {
	let (app_owner, dataset_owner, scheduler, requester) = (funded::<T>(0), funded::<T>(1), funded::<T>(2), funded::<T>(3));
	let app = Registry::<T>::register_app(app_owner.clone(), Resources::default()).unwrap();
	let dataset = Registry::<T>::register_dataset(dataset_owner.clone(), Default::default()).unwrap();
	let pool = Registry::<T>::register_workerpool(scheduler.clone(), PoolPolicy::default(), Resources::default()).unwrap();
	let category = Registry::<T>::create_category(1_200, 1).unwrap();
	Parties { app_owner, dataset_owner, scheduler, requester, app, dataset, pool, category }
}

/// A group owned by `owner` with `member` in it.
fn group_of<T: Config>(owner: &T::AccountId, member: &T::AccountId) -> Restriction<T::AccountId> {
	let group = Registry::<T>::create_group(owner.clone(), member.clone()).unwrap();
	Restriction::Group(group)
}

/// The furthest expiry an order may have now.
fn expiry<T: Config>() -> u32 {
	Pallet::<T>::current_block().saturating_add(T::MaxOrderLifetime::get())
}

fn price<T: Config>(amount: u32) -> BalanceOf<T> {
	Currency::<T>::minimum_balance().saturating_mul(amount.into())
}

fn app_order<T: Config>(p: &Parties<T>, volume: u32, salt: u8) -> AppOrderOf<T> {
	AppOrder {
		app: p.app,
		price: price::<T>(1),
		volume,
		tag: Tag::NONE,
		dataset_restrict: Restriction::Account(p.dataset_owner.clone()),
		workerpool_restrict: Restriction::Account(p.scheduler.clone()),
		requester_restrict: Restriction::Anyone,
		salt: [salt; 32],
		expires: expiry::<T>(),
	}
}

fn dataset_order<T: Config>(p: &Parties<T>, volume: u32, salt: u8) -> DatasetOrderOf<T> {
	DatasetOrder {
		dataset: p.dataset,
		price: price::<T>(1),
		volume,
		tag: Tag::NONE,
		app_restrict: Restriction::Account(p.app_owner.clone()),
		workerpool_restrict: Restriction::Account(p.scheduler.clone()),
		requester_restrict: Restriction::Anyone,
		salt: [salt; 32],
		expires: expiry::<T>(),
	}
}

fn pool_order<T: Config>(p: &Parties<T>, pool: u32, volume: u32, salt: u8) -> WorkerpoolOrderOf<T> {
	WorkerpoolOrder {
		workerpool: pool,
		price: price::<T>(10),
		volume,
		tag: Tag::GPU,
		category: p.category,
		trust: 100,
		app_restrict: Restriction::Anyone,
		dataset_restrict: Restriction::Anyone,
		requester_restrict: Restriction::Anyone,
		salt: [salt; 32],
		capabilities: Resources::default(),
		expires: expiry::<T>(),
	}
}

fn request_order<T: Config>(p: &Parties<T>, volume: u32) -> RequestOrderOf<T> {
	RequestOrder {
		app: p.app,
		app_max_price: price::<T>(1),
		dataset: Some(p.dataset),
		dataset_max_price: price::<T>(1),
		workerpool: None,
		workerpool_max_price: price::<T>(1_000),
		requester: p.requester.clone(),
		volume,
		tag: Tag::GPU,
		category: p.category,
		trust: 100,
		beneficiary: p.requester.clone(),
		callback: None,
		params: alloc::vec![7u8; T::MaxParamsLen::get() as usize].try_into().unwrap(),
		salt: [0; 32],
		requirements: Resources::default(),
		expires: expiry::<T>(),
	}
}

/// `order` signed as a browser extension signs (the worst case: the chain
/// tries the bare hash first).
fn signed<O: Clone, T: Config>(order: O, wrap: fn(O) -> OrderOf<T>, signer: &T::AccountId) -> SignedOf<O, T> {
	let hash = Pallet::<T>::order_hash(&wrap(order.clone()));
	let message = crate::signature::wrapped_for_extension(&hash);
	Signed { order, signature: Some(T::BenchmarkHelper::sign(signer, &message[..])) }
}

/// Publishes `count` other orders of `owner` under `asset`'s index (and
/// the category's, for workerpool orders), so that the indexes are as full
/// as the one order the benchmark adds allows.
fn fill_book<T: Config>(owner: &T::AccountId, count: u32, make: impl Fn(u32) -> OrderOf<T>) {
	for i in 0..count {
		Pallet::<T>::do_publish_offer(owner, make(i)).unwrap();
	}
}

/// A workerpool order made distinct by `i` (salt and price), for filling the book.
fn filler_pool_order<T: Config>(p: &Parties<T>, pool: u32, i: u32) -> OrderOf<T> {
	let mut order = pool_order(p, pool, 1, 0);
	order.salt[..4].copy_from_slice(&i.to_le_bytes());
	order.salt[4] = 0xff;
	order.price = price::<T>(20);
	Order::Workerpool(order)
}

/// How many more workerpool orders the category index takes, and per-asset
/// index room, minus the `keep` slots the benchmark uses.
fn room<T: Config>(keep: u32) -> u32 {
	T::MaxPoolOrdersPerCategory::get().min(T::MaxOrdersPerAsset::get()).saturating_sub(keep)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// Four signed orders with a dataset and group restrictions on the
	/// requester, all three offers published in full indexes and used up by
	/// the deal (so each leaves the book).
	#[benchmark]
	fn match_orders() {
		let p = parties::<T>();
		let mut app = app_order(&p, 2, 1);
		app.requester_restrict = group_of::<T>(&p.app_owner, &p.requester);
		let mut dataset = dataset_order(&p, 2, 1);
		dataset.requester_restrict = group_of::<T>(&p.dataset_owner, &p.requester);
		let mut pool = pool_order(&p, p.pool, 2, 1);
		pool.requester_restrict = group_of::<T>(&p.scheduler, &p.requester);
		// The pool's operator signs its order: the owner is tried first, so
		// this is the most signature checks an order takes (four).
		let operator = funded::<T>(4);
		Registry::<T>::set_operator(&p.scheduler, p.pool, operator.clone()).unwrap();
		let free = room::<T>(1);
		fill_book::<T>(&p.scheduler, free, |i| filler_pool_order(&p, p.pool, i));
		Pallet::<T>::do_publish_offer(&p.app_owner, Order::App(app.clone())).unwrap();
		Pallet::<T>::do_publish_offer(&p.dataset_owner, Order::Dataset(dataset.clone())).unwrap();
		Pallet::<T>::do_publish_offer(&p.scheduler, Order::Workerpool(pool.clone())).unwrap();
		let request = request_order(&p, 2);
		let request_hash = Pallet::<T>::order_hash(&Order::Request(request.clone()));
		let caller = funded::<T>(9);

		#[extrinsic_call]
		_(
			RawOrigin::Signed(caller),
			signed::<_, T>(app, Order::App, &p.app_owner),
			Some(signed::<_, T>(dataset, Order::Dataset, &p.dataset_owner)),
			signed::<_, T>(pool, Order::Workerpool, &operator),
			signed::<_, T>(request, Order::Request, &p.requester),
		);

		assert!(Deals::<T>::contains_key(crate::deal_id(&request_hash, 0)));
		assert_eq!(Book::<T>::iter().count() as u32, free);
	}

	#[benchmark]
	fn presign() {
		let p = parties::<T>();
		let order = Order::Workerpool(pool_order(&p, p.pool, 10, 1));
		let hash = Pallet::<T>::order_hash(&order);

		#[extrinsic_call]
		_(RawOrigin::Signed(p.scheduler.clone()), order);

		assert_eq!(Presigned::<T>::get(hash), Some(p.scheduler));
	}

	/// A published workerpool order in full indexes.
	#[benchmark]
	fn cancel() {
		let p = parties::<T>();
		fill_book::<T>(&p.scheduler, room::<T>(1), |i| filler_pool_order(&p, p.pool, i));
		let order = Order::Workerpool(pool_order(&p, p.pool, 10, 1));
		Pallet::<T>::do_publish_offer(&p.scheduler, order.clone()).unwrap();
		let hash = Pallet::<T>::order_hash(&order);

		#[extrinsic_call]
		_(RawOrigin::Signed(p.scheduler.clone()), order);

		assert!(Cancelled::<T>::contains_key(hash));
		assert!(!Book::<T>::contains_key(hash));
	}

	/// An app offer whose asset listing is full of resting requests: `c`
	/// that fail a rule (published first, so served first: their requirements
	/// exceed the pool's capabilities), `d` that each make a deal of one
	/// task, and the rest paying too little for the offer (read, skipped).
	/// The weight is linear in both, and charged up front at both maxima.
	#[benchmark]
	fn publish_offer(
		c: Linear<0, { T::MaxMatchCandidates::get().saturating_sub(1) }>,
		d: Linear<0, { T::MaxDealsPerPublish::get() }>,
	) {
		let p = parties::<T>();
		let requests = room::<T>(1).min(T::MaxRestingPerCategory::get());
		for i in 0..requests {
			let mut request = request_order(&p, 1);
			request.salt[..4].copy_from_slice(&i.to_le_bytes());
			if i < c {
				request.workerpool_max_price = price::<T>(2_000);
				request.requirements.memory_mib = 1;
			} else if i >= c.saturating_add(d) {
				request.app_max_price = Zero::zero();
			}
			Pallet::<T>::do_publish_request(&p.requester, request, Percent::from_percent(50)).unwrap();
		}
		Pallet::<T>::do_publish_offer(&p.dataset_owner, Order::Dataset(dataset_order(&p, u32::MAX, 1))).unwrap();
		Pallet::<T>::do_publish_offer(&p.scheduler, Order::Workerpool(pool_order(&p, p.pool, u32::MAX, 1))).unwrap();
		let app = Order::App(app_order(&p, u32::MAX, 1));
		let hash = Pallet::<T>::order_hash(&app);

		#[extrinsic_call]
		_(RawOrigin::Signed(p.app_owner.clone()), app);

		assert_eq!(Consumed::<T>::get(hash), d);
	}

	/// The requests due at one block (as many as it takes), each leaving
	/// full indexes.
	#[benchmark]
	fn expire_requests(n: Linear<0, { T::MaxExpiriesPerBlock::get() }>) {
		let p = parties::<T>();
		let lifetime = T::RequestLifetime::get();
		let due = frame_system::Pallet::<T>::block_number().saturating_add(lifetime);
		for i in 0..n {
			let mut request = request_order(&p, 1);
			request.salt[..4].copy_from_slice(&i.to_le_bytes());
			Pallet::<T>::do_publish_request(&p.requester, request, Percent::from_percent(50)).unwrap();
		}
		assert_eq!(Expiries::<T>::decode_len(due).unwrap_or(0) as u32, n);

		#[block]
		{
			Pallet::<T>::expire_requests(due);
		}

		assert_eq!(RestingRequests::<T>::iter().count(), 0);
	}

	/// `c` workerpool orders that fail a rule (walked first, being cheapest)
	/// and `d` that each make a deal of one task. The walk ends at
	/// `MaxMatchCandidates` failures, so at most one less can precede deals;
	/// the weight is linear in both, and charged up front at both maxima.
	#[benchmark]
	fn publish_request(
		c: Linear<0, { T::MaxMatchCandidates::get().saturating_sub(1) }>,
		d: Linear<0, { T::MaxDealsPerPublish::get() }>,
	) {
		let p = parties::<T>();
		// Offers every pool may use.
		let mut app = app_order(&p, u32::MAX, 1);
		app.workerpool_restrict = Restriction::Anyone;
		app.dataset_restrict = Restriction::Anyone;
		Pallet::<T>::do_publish_offer(&p.app_owner, Order::App(app)).unwrap();
		let mut dataset = dataset_order(&p, u32::MAX, 1);
		dataset.workerpool_restrict = Restriction::Anyone;
		Pallet::<T>::do_publish_offer(&p.dataset_owner, Order::Dataset(dataset)).unwrap();
		let stranger = funded::<T>(8);
		for i in 0..c.saturating_add(d) {
			let scheduler = funded::<T>(100u32.saturating_add(i));
			let pool =
				Registry::<T>::register_workerpool(scheduler.clone(), PoolPolicy::default(), Resources::default()).unwrap();
			let mut order = pool_order(&p, pool, 1, 2);
			if i < c {
				order.price = price::<T>(5);
				order.requester_restrict = Restriction::Account(stranger.clone());
			}
			Pallet::<T>::do_publish_offer(&scheduler, Order::Workerpool(order)).unwrap();
		}
		let request = request_order(&p, u32::MAX);
		let hash = Pallet::<T>::order_hash(&Order::Request(request.clone()));

		#[extrinsic_call]
		_(RawOrigin::Signed(p.requester.clone()), request, Percent::from_percent(50));

		assert_eq!(Consumed::<T>::get(hash), d);
	}

	/// A workerpool order in full indexes.
	#[benchmark]
	fn unpublish() {
		let p = parties::<T>();
		fill_book::<T>(&p.scheduler, room::<T>(1), |i| filler_pool_order(&p, p.pool, i));
		let order = Order::Workerpool(pool_order(&p, p.pool, 10, 1));
		let hash = Pallet::<T>::do_publish_offer(&p.scheduler, order).unwrap().0;

		#[extrinsic_call]
		_(RawOrigin::Signed(p.scheduler.clone()), hash);

		assert!(!Book::<T>::contains_key(hash));
	}

	/// The start of a block's pruning: `s` slots read (`s - 1` of them
	/// empty), and in the last one `n` published workerpool orders that
	/// expire and leave full indexes, their pool's and their category's
	/// (leaving the book is heavier than forgetting an order's state).
	#[benchmark]
	fn prune(s: Linear<1, MAX_PRUNE_SLOTS>, n: Linear<0, { T::MaxPrunesPerBlock::get() }>) {
		let p = parties::<T>();
		let due = Pallet::<T>::current_block().saturating_add(10);
		let later = |pool: u32, i: u32| {
			let mut order = filler_pool_order(&p, pool, i);
			if let Order::Workerpool(o) = &mut order {
				o.expires = due.saturating_add(1);
			}
			order
		};
		// The pool's asset index and the category's index both full: the
		// pool's own orders first, then other pools' up to the category's bound.
		let per_pool = T::MaxOrdersPerAsset::get();
		let in_category = T::MaxPoolOrdersPerCategory::get();
		let own = per_pool.min(in_category).saturating_sub(n);
		fill_book::<T>(&p.scheduler, own, |i| later(p.pool, i));
		let mut others = in_category.saturating_sub(own).saturating_sub(n);
		while others > 0 {
			let pool = Registry::<T>::register_workerpool(p.scheduler.clone(), PoolPolicy::default(), Resources::default())
				.unwrap();
			let count = others.min(per_pool);
			fill_book::<T>(&p.scheduler, count, |i| later(pool, i));
			others = others.saturating_sub(count);
		}
		let listed = own.saturating_add(in_category.saturating_sub(own).saturating_sub(n));
		fill_book::<T>(&p.scheduler, n, |i| {
			let mut order = filler_pool_order(&p, p.pool, i);
			if let Order::Workerpool(o) = &mut order {
				o.salt[5] = 0xee;
				o.expires = due;
			}
			order
		});
		PruneCursor::<T>::put(due.saturating_add(1).saturating_sub(s));

		#[block]
		{
			Pallet::<T>::prune(due.into());
		}

		assert_eq!(OrderPrunes::<T>::iter_prefix(due).count(), 0);
		assert_eq!(Book::<T>::iter().count() as u32, listed);
	}

	#[benchmark]
	fn set_operating_mode() {
		let origin = T::GovernanceOrigin::try_successful_origin()
			.map_err(|_| BenchmarkError::Weightless)
			.unwrap();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, OperatingMode::Halted);

		assert_eq!(Mode::<T>::get(), OperatingMode::Halted);
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
