//! Resting requests and two-way matching: a request its automatic match did
//! not fill rests in the book, offers published later fill it (best-paying
//! first, within the walk's bounds, only while the market is open), and it
//! expires after `RequestLifetime` blocks with its deposit returned.

use super::*;
use crate::{
	Book, Consumed, Deals, Error, Event, Expiries, OperatingMode, OrderKind, OrderOf, OrdersByAsset, RequestOrderOf,
	Resting, RestingByCategory, RestingRequests, WeightInfo,
};
use ect_primitives::{AssetRef, Escrow as _, LockReason, PoolPolicy, Resources, Tag};
use polkadot_sdk::{
	frame_support::{assert_noop, assert_ok, dispatch::DispatchResultWithPostInfo, weights::Weight},
	frame_system::RawOrigin,
	sp_runtime::Percent,
};

/// The price of one task of the default orders.
const TASK_PRICE: Balance = APP_PRICE + DATASET_PRICE + POOL_PRICE;

/// The block a request published at block 1 expires at (`RequestLifetime` = 10).
const EXPIRES: u64 = 11;

/// The hash of an order.
fn hash_of(order: &OrderOf<Test>) -> OrderHash {
	Marketplace::order_hash(order)
}

/// The hash of a request.
fn request_hash_of(request: &RequestOrderOf<Test>) -> OrderHash {
	hash_of(&Order::Request(request.clone()))
}

/// The weight `publish_offer` is charged for a walk of `failed` failed
/// combinations and `deals` deals.
fn offer_weight(failed: u32, deals: u32) -> Weight {
	<() as WeightInfo>::publish_offer(failed, deals)
}

/// Publishes `order` as `owner`; returns the weight the call was charged.
fn publish(owner: AccountId, order: OrderOf<Test>) -> Weight {
	let info = Marketplace::publish_offer(RuntimeOrigin::signed(owner), order).expect("the offer is published");
	info.actual_weight.expect("publish_offer reports the walk it did")
}

/// The default offer of `kind` (app, dataset or workerpool) and its owner.
fn default_offer(kind: OrderKind) -> (AccountId, OrderOf<Test>) {
	match kind {
		OrderKind::App => (app_owner(), Order::App(app_order())),
		OrderKind::Dataset => (dataset_owner(), Order::Dataset(dataset_order())),
		OrderKind::Workerpool => (scheduler(), Order::Workerpool(pool_order())),
		OrderKind::Request => panic!("a request is not an offer"),
	}
}

/// Publishes the default offer of `kind`; returns the weight charged.
fn publish_default(kind: OrderKind) -> Weight {
	let (owner, order) = default_offer(kind);
	publish(owner, order)
}

/// The default offer of `kind` with `volume` tasks.
fn offer_with_volume(kind: OrderKind, volume: u32) -> (AccountId, OrderOf<Test>) {
	let (owner, mut order) = default_offer(kind);
	match &mut order {
		Order::App(o) => o.volume = volume,
		Order::Dataset(o) => o.volume = volume,
		Order::Workerpool(o) => o.volume = volume,
		Order::Request(_) => {},
	}
	(owner, order)
}

/// Publishes `request` as its requester, price first.
fn publish_request(request: RequestOrderOf<Test>) -> DispatchResultWithPostInfo {
	Marketplace::publish_request(RuntimeOrigin::signed(request.requester.clone()), request, Percent::from_percent(100))
}

/// The default request with `salt` (another order).
fn request_with_salt(salt: u8) -> RequestOrderOf<Test> {
	let mut request = request_order();
	request.salt = [salt; 32];
	request
}

/// Whether `request` rests, as its every index says.
fn rests(hash: OrderHash) -> bool {
	let Some(resting) = RestingRequests::<Test>::get(hash) else { return false };
	Book::<Test>::contains_key(hash) &&
		RestingByCategory::<Test>::get(CATEGORY).iter().any(|(_, h)| *h == hash) &&
		Expiries::<Test>::get(resting.expires).contains(&hash)
}

/// Whether no index of the book mentions `hash` any more.
fn gone(hash: OrderHash) -> bool {
	!Book::<Test>::contains_key(hash) &&
		!RestingRequests::<Test>::contains_key(hash) &&
		RestingByCategory::<Test>::iter().all(|(_, list)| list.iter().all(|(_, h)| *h != hash)) &&
		Expiries::<Test>::iter().all(|(_, list)| !list.contains(&hash)) &&
		OrdersByAsset::<Test>::iter().all(|(_, list)| !list.contains(&hash))
}

/// The last `n` marketplace events.
fn last_events(n: usize) -> Vec<Event<Test>> {
	let all = events();
	all[all.len().saturating_sub(n)..].to_vec()
}

/// The `RequestExpired` events emitted so far.
fn expired() -> Vec<OrderHash> {
	events()
		.into_iter()
		.filter_map(|event| match event {
			Event::RequestExpired { request } => Some(request),
			_ => None,
		})
		.collect()
}

/// How many deals were made so far.
fn deals_made() -> usize {
	events().iter().filter(|event| matches!(event, Event::DealCreated { .. })).count()
}

#[test]
fn a_request_published_before_any_offer_rests_until_its_lifetime_ends() {
	run(|| {
		let before = Marketplace::api_funds(&requester());
		let info = publish_request(request_order()).expect("published");
		assert_eq!(info.actual_weight, Some(<() as WeightInfo>::publish_request(0, 0)));
		let hash = request_hash();
		assert_eq!(
			last_events(2),
			vec![
				Event::RequestMatched { request: hash, deals: 0, volume: 0, remaining: 4 },
				Event::RequestResting { request: hash, expires: EXPIRES },
			]
		);
		assert_eq!(RestingRequests::<Test>::get(hash), Some(Resting { price_weight: Percent::from_percent(100), expires: EXPIRES }));
		assert_eq!(RestingByCategory::<Test>::get(CATEGORY).to_vec(), vec![(POOL_PRICE, hash)]);
		assert_eq!(Expiries::<Test>::get(EXPIRES).to_vec(), vec![hash]);
		let funds = Marketplace::api_funds(&requester());
		assert_eq!((funds.free, funds.deposits), (before.free - OrderDeposit::get(), before.deposits + OrderDeposit::get()));
	});
}

#[test]
fn each_kind_of_offer_arriving_last_fills_a_resting_request() {
	for last in [OrderKind::App, OrderKind::Dataset, OrderKind::Workerpool] {
		run(|| {
			let issuance = total_issuance();
			let before = Marketplace::api_funds(&requester());
			assert_ok!(publish_request(request_order()));
			let hash = request_hash();
			assert!(rests(hash));

			// The other two offers find the request but nothing to try it
			// with: one failure each, and it still rests.
			for kind in [OrderKind::App, OrderKind::Dataset, OrderKind::Workerpool].into_iter().filter(|k| *k != last) {
				assert_eq!(publish_default(kind), offer_weight(1, 0), "{kind:?} before {last:?}");
				assert!(rests(hash));
			}
			assert_eq!(deals_made(), 0);

			System::reset_events();
			let (owner, offer) = default_offer(last);
			assert_eq!(publish(owner.clone(), offer.clone()), offer_weight(0, 1), "{last:?} arriving last");
			assert_eq!(
				events(),
				vec![
					Event::OrderPublished { order: hash_of(&offer), kind: last, owner },
					Event::DealCreated {
						deal: first_deal(),
						request: hash,
						app_order: hash_of(&Order::App(app_order())),
						dataset_order: Some(hash_of(&Order::Dataset(dataset_order()))),
						workerpool_order: hash_of(&Order::Workerpool(pool_order())),
						requester: requester(),
						scheduler: scheduler(),
						first_index: 0,
						volume: 4,
					},
					Event::OrderUnpublished { order: hash },
					Event::RequestMatched { request: hash, deals: 1, volume: 4, remaining: 0 },
				],
				"{last:?} arriving last"
			);
			assert_eq!(Consumed::<Test>::get(hash), 4);
			assert!(gone(hash), "the filled request left the book and its indexes");
			assert_eq!(
				Marketplace::api_funds(&requester()),
				crate::Funds { free: before.free - 4 * TASK_PRICE, payment: 4 * TASK_PRICE, ..before },
				"the deposit is back, the payment locked"
			);
			assert_eq!(total_issuance(), issuance);
		});
	}
}

#[test]
fn every_publication_order_makes_exactly_one_deal_of_the_request() {
	const STEPS: [Option<OrderKind>; 4] =
		[Some(OrderKind::App), Some(OrderKind::Dataset), Some(OrderKind::Workerpool), None];
	let mut orders = Vec::new();
	for code in 0..4u32.pow(4) {
		let picks: Vec<usize> = (0..4).map(|i| (code / 4u32.pow(i) % 4) as usize).collect();
		if (0..4).all(|step| picks.contains(&step)) {
			orders.push(picks);
		}
	}
	assert_eq!(orders.len(), 24);
	for order in orders {
		run(|| {
			let issuance = total_issuance();
			for &step in &order {
				match STEPS[step] {
					Some(kind) => {
						publish_default(kind);
					},
					None => {
						assert_ok!(publish_request(request_order()));
					},
				}
			}
			let sequence: Vec<_> = order.iter().map(|&step| STEPS[step]).collect();
			let deals: Vec<_> = Deals::<Test>::iter_values().collect();
			assert_eq!(deals.len(), 1, "{sequence:?}");
			assert_eq!((deals[0].volume, deals[0].first_index), (4, 0), "{sequence:?}");
			assert_eq!(deals_made(), 1, "{sequence:?}");
			assert_eq!(Consumed::<Test>::get(request_hash()), 4, "{sequence:?}");
			assert!(gone(request_hash()), "{sequence:?}");
			assert!(RestingRequests::<Test>::iter().next().is_none(), "{sequence:?}");
			assert_eq!(Marketplace::api_funds(&requester()).deposits, 0, "{sequence:?}");
			assert_eq!(Escrow::locked(LockReason::Payment, &requester()), 4 * TASK_PRICE, "{sequence:?}");
			assert_eq!(total_issuance(), issuance, "{sequence:?}");
		});
	}
}

#[test]
fn a_new_offer_serves_the_best_paying_request_first() {
	for kind in [OrderKind::App, OrderKind::Dataset, OrderKind::Workerpool] {
		run(|| {
			for other in [OrderKind::App, OrderKind::Dataset, OrderKind::Workerpool].into_iter().filter(|k| *k != kind) {
				publish_default(other);
			}
			// The lower-paying request is published first.
			let low = request_with_salt(5);
			let mut high = request_with_salt(6);
			match kind {
				OrderKind::App => high.app_max_price = 2 * APP_PRICE,
				OrderKind::Dataset => high.dataset_max_price = 2 * DATASET_PRICE,
				_ => high.workerpool_max_price = 2 * POOL_PRICE,
			}
			assert_ok!(publish_request(low.clone()));
			assert_ok!(publish_request(high.clone()));
			let (low, high) = (request_hash_of(&low), request_hash_of(&high));
			assert!(rests(low) && rests(high));

			let (owner, offer) = offer_with_volume(kind, 1);
			// One deal for the high one; the low one is then visited with
			// the offer used up: nothing to try, one failure.
			assert_eq!(publish(owner, offer.clone()), offer_weight(1, 1), "{kind:?}");
			assert_eq!(Deals::<Test>::get(crate::deal_id(&high, 0)).map(|d| d.volume), Some(1), "{kind:?}");
			assert_eq!((Consumed::<Test>::get(high), Consumed::<Test>::get(low)), (1, 0), "{kind:?}");
			assert_eq!(deals_made(), 1, "{kind:?}");
			assert_eq!(
				events().last(),
				Some(&Event::RequestMatched { request: high, deals: 1, volume: 1, remaining: 3 }),
				"{kind:?}"
			);
			assert!(gone(hash_of(&offer)), "the used-up offer left the book");
			assert!(rests(low) && rests(high), "{kind:?}: both have volume left");
		});
	}
}

#[test]
fn resting_requests_are_kept_highest_workerpool_price_first() {
	run(|| {
		for (salt, price) in [(5u8, 100), (6, 300), (7, 200), (8, 300)] {
			let mut request = request_with_salt(salt);
			request.workerpool_max_price = price;
			assert_ok!(publish_request(request));
		}
		let prices: Vec<Balance> = RestingByCategory::<Test>::get(CATEGORY).iter().map(|(p, _)| *p).collect();
		assert_eq!(prices, vec![300, 300, 200, 100]);
		// Equal prices keep their publication order.
		let mut first = request_with_salt(6);
		first.workerpool_max_price = 300;
		assert_eq!(RestingByCategory::<Test>::get(CATEGORY)[0], (300, request_hash_of(&first)));
	});
}

#[test]
fn a_new_offer_makes_at_most_max_deals_per_publish_deals() {
	run(|| {
		publish_default(OrderKind::App);
		publish_default(OrderKind::Dataset);
		let requests: Vec<RequestOrderOf<Test>> = (5..9u8)
			.map(|salt| {
				let mut request = request_with_salt(salt);
				request.volume = 1;
				request
			})
			.collect();
		for request in &requests {
			assert_ok!(publish_request(request.clone()));
		}
		let hashes: Vec<OrderHash> = requests.iter().map(request_hash_of).collect();

		// Four requests it could serve; three deals (MaxDealsPerPublish).
		assert_eq!(publish_default(OrderKind::Workerpool), offer_weight(0, 3));
		assert_eq!(deals_made(), 3);
		for hash in &hashes[..3] {
			assert!(events().contains(&Event::RequestMatched { request: *hash, deals: 1, volume: 1, remaining: 0 }));
			assert!(gone(*hash));
		}
		assert!(rests(hashes[3]), "the fourth waits for the next offer");
		assert_eq!(Marketplace::api_funds(&requester()).deposits, OrderDeposit::get());

		// The next offer serves it.
		let mut app = app_order();
		app.salt = [9; 32];
		assert_eq!(publish(app_owner(), Order::App(app)), offer_weight(0, 1));
		assert_eq!(Consumed::<Test>::get(hashes[3]), 1);
		assert!(gone(hashes[3]));
		assert_eq!(Marketplace::api_funds(&requester()).deposits, 0);
	});
}

#[test]
fn a_new_offer_stops_after_max_match_candidates_failures() {
	run(|| {
		publish_default(OrderKind::App);
		publish_default(OrderKind::Dataset);
		// Three high-paying requests asking for a tag feature the pool's
		// order lacks, and a good one paying less (visited last).
		let mut hashes = Vec::new();
		for salt in 5..8u8 {
			let mut request = request_with_salt(salt);
			request.workerpool_max_price = 2 * POOL_PRICE;
			request.tag = Tag::TEE;
			hashes.push(request_hash_of(&request));
			assert_ok!(publish_request(request));
		}
		assert_ok!(publish_request(request_order()));
		hashes.push(request_hash());

		System::reset_events();
		// Two failures (MaxMatchCandidates) end the walk.
		assert_eq!(publish_default(OrderKind::Workerpool), offer_weight(2, 0));
		assert_eq!(deals_made(), 0);
		assert!(!events().iter().any(|event| matches!(event, Event::RequestMatched { .. })));
		assert!(hashes.iter().all(|hash| rests(*hash) && Consumed::<Test>::get(hash) == 0));
	});
}

#[test]
fn a_workerpool_offer_does_not_visit_requests_it_cannot_serve() {
	run(|| {
		publish_default(OrderKind::App);
		publish_default(OrderKind::Dataset);
		let other_pool = Registry::add_workerpool(stranger(), PoolPolicy::default()).unwrap();
		let mut too_trusting = request_with_salt(5);
		too_trusting.trust = pool_order().trust + 1;
		let mut another_pool = request_with_salt(6);
		another_pool.workerpool = Some(other_pool);
		let mut too_cheap = request_with_salt(7);
		too_cheap.workerpool_max_price = POOL_PRICE - 1;
		let mut too_big = request_with_salt(8);
		too_big.requirements.memory_mib = capabilities().memory_mib + 1;
		for request in [&too_trusting, &another_pool, &too_cheap, &too_big] {
			assert_ok!(publish_request(request.clone()));
		}
		// Not even visited: no failure counted.
		assert_eq!(publish_default(OrderKind::Workerpool), offer_weight(0, 0));
		assert_eq!(deals_made(), 0);
		for request in [&too_trusting, &another_pool, &too_cheap, &too_big] {
			assert!(rests(request_hash_of(request)));
		}
	});
}

#[test]
fn a_halted_market_publishes_the_offer_but_makes_no_deal() {
	run(|| {
		assert_ok!(publish_request(request_order()));
		publish_default(OrderKind::App);
		publish_default(OrderKind::Dataset);
		assert_ok!(Marketplace::set_operating_mode(RawOrigin::Root.into(), OperatingMode::Halted));

		assert_eq!(publish_default(OrderKind::Workerpool), offer_weight(0, 0));
		assert!(Book::<Test>::contains_key(hash_of(&Order::Workerpool(pool_order()))));
		assert_eq!(deals_made(), 0);
		assert!(rests(request_hash()));
		assert_eq!(Consumed::<Test>::get(request_hash()), 0);
		assert_eq!(Marketplace::api_funds(&requester()).payment, 0);

		// Resumed, the next offer makes the deal.
		assert_ok!(Marketplace::set_operating_mode(RawOrigin::Root.into(), OperatingMode::Normal));
		let mut pool = pool_order();
		pool.salt = [9; 32];
		assert_eq!(publish(scheduler(), Order::Workerpool(pool)), offer_weight(0, 1));
		assert_eq!(Consumed::<Test>::get(request_hash()), 4);
		assert!(gone(request_hash()));
	});
}

#[test]
fn a_request_expires_after_its_lifetime_and_its_deposit_comes_back() {
	run(|| {
		let before = Marketplace::api_funds(&requester());
		assert_ok!(publish_request(request_order()));
		let hash = request_hash();
		assert_eq!(Marketplace::api_funds(&requester()).deposits, before.deposits + OrderDeposit::get());

		run_to_block(EXPIRES - 1);
		assert!(rests(hash));
		assert!(expired().is_empty());

		System::set_block_number(EXPIRES);
		let pruning = <() as WeightInfo>::prune(1, 0);
		assert_eq!(Marketplace::on_initialize(EXPIRES), <() as WeightInfo>::expire_requests(1).saturating_add(pruning));
		assert_eq!(last_events(2), vec![Event::OrderUnpublished { order: hash }, Event::RequestExpired { request: hash }]);
		assert!(gone(hash));
		assert!(!Expiries::<Test>::contains_key(EXPIRES));
		assert!(!RestingByCategory::<Test>::contains_key(CATEGORY));
		assert_eq!(Marketplace::api_funds(&requester()), before, "the deposit is back");

		// Nothing is due later; the request, neither consumed nor
		// cancelled, may be published again for a new lifetime.
		run_to_block(EXPIRES + 1);
		assert_eq!(expired(), vec![hash]);
		assert_ok!(publish_request(request_order()));
		assert_eq!(RestingRequests::<Test>::get(hash).map(|r| r.expires), Some(EXPIRES + 1 + 10));
	});
}

#[test]
fn a_request_leaving_the_book_early_leaves_the_resting_indexes() {
	let removals: [(&str, fn()); 3] = [
		("unpublished", || {
			assert_ok!(Marketplace::unpublish(RuntimeOrigin::signed(requester()), request_hash()));
		}),
		("cancelled", || {
			assert_ok!(Marketplace::cancel(RuntimeOrigin::signed(requester()), Order::Request(request_order())));
		}),
		("filled by match_orders", match_default_orders),
	];
	for (how, remove) in removals {
		run(|| {
			let before = Marketplace::api_funds(&requester());
			assert_ok!(publish_request(request_order()));
			assert!(rests(request_hash()), "{how}");
			remove();
			assert!(gone(request_hash()), "{how}");
			assert!(!Expiries::<Test>::contains_key(EXPIRES), "{how}");
			assert!(!RestingByCategory::<Test>::contains_key(CATEGORY), "{how}");
			assert!(!OrdersByAsset::<Test>::contains_key(AssetRef::Dataset(DATASET)), "{how}");
			assert_eq!(Marketplace::api_funds(&requester()).deposits, before.deposits, "{how}");

			run_to_block(EXPIRES);
			assert!(expired().is_empty(), "{how}");
			assert_eq!(Marketplace::api_funds(&requester()).deposits, before.deposits, "{how}: returned once");
		});
	}
}

#[test]
fn a_partly_filled_request_keeps_resting_and_its_deal_outlives_its_expiry() {
	run(|| {
		let issuance = total_issuance();
		assert_ok!(publish_request(request_order()));
		publish_default(OrderKind::App);
		publish_default(OrderKind::Dataset);
		let (owner, pool) = offer_with_volume(OrderKind::Workerpool, 2);
		assert_eq!(publish(owner, pool), offer_weight(0, 1));
		let hash = request_hash();
		assert!(events().contains(&Event::RequestMatched { request: hash, deals: 1, volume: 2, remaining: 2 }));
		assert!(rests(hash));
		assert_eq!(RestingRequests::<Test>::get(hash).map(|r| r.expires), Some(EXPIRES), "its expiry is unchanged");

		run_to_block(EXPIRES);
		assert_eq!(expired(), vec![hash]);
		assert!(gone(hash));
		assert_eq!(Consumed::<Test>::get(hash), 2);
		assert_eq!(Deals::<Test>::get(first_deal()).map(|d| d.volume), Some(2));
		let funds = Marketplace::api_funds(&requester());
		assert_eq!((funds.payment, funds.deposits, funds.free), (2 * TASK_PRICE, 0, START - 2 * TASK_PRICE));
		assert_eq!(total_issuance(), issuance);
	});
}

#[test]
fn a_full_expiry_block_pushes_the_next_request_one_block_later() {
	run(|| {
		let requests: Vec<RequestOrderOf<Test>> = (5..8u8).map(request_with_salt).collect();
		for request in &requests {
			assert_ok!(publish_request(request.clone()));
		}
		let hashes: Vec<OrderHash> = requests.iter().map(request_hash_of).collect();
		let resting: Vec<Event<Test>> =
			events().into_iter().filter(|e| matches!(e, Event::RequestResting { .. })).collect();
		assert_eq!(
			resting,
			vec![
				Event::RequestResting { request: hashes[0], expires: EXPIRES },
				Event::RequestResting { request: hashes[1], expires: EXPIRES },
				Event::RequestResting { request: hashes[2], expires: EXPIRES + 1 },
			]
		);
		assert_eq!(Expiries::<Test>::get(EXPIRES).to_vec(), hashes[..2].to_vec());
		assert_eq!(Expiries::<Test>::get(EXPIRES + 1).to_vec(), vec![hashes[2]]);

		run_to_block(EXPIRES);
		assert_eq!(expired(), hashes[..2].to_vec());
		assert!(rests(hashes[2]));
		assert_eq!(Marketplace::api_funds(&requester()).deposits, OrderDeposit::get());
		run_to_block(EXPIRES + 1);
		assert_eq!(expired(), hashes);
		assert_eq!(Marketplace::api_funds(&requester()).deposits, 0);
		assert!(Expiries::<Test>::iter().next().is_none());
	});
}

#[test]
fn a_request_is_refused_when_every_block_of_the_spread_is_full() {
	run(|| {
		// 2 × EXPIRY_SPREAD resting requests, across apps (6 listed each)
		// and categories (4 resting each), fill every block of the spread.
		let apps: Vec<u32> = core::iter::once(APP)
			.chain((0..5).map(|_| Registry::add_app(app_owner(), Resources::default()).unwrap()))
			.collect();
		let categories: Vec<u32> =
			core::iter::once(CATEGORY).chain((0..8).map(|_| Registry::add_category(1_200, 1_000_000))).collect();
		let request = |i: usize| {
			let mut request = request_with_salt(i as u8);
			(request.app, request.category, request.dataset) = (apps[i % apps.len()], categories[i / 4], None);
			request
		};
		let full = 2 * crate::EXPIRY_SPREAD as usize;
		for i in 0..full {
			assert_ok!(publish_request(request(i)));
		}
		for block in EXPIRES..EXPIRES + u64::from(crate::EXPIRY_SPREAD) {
			assert_eq!(Expiries::<Test>::decode_len(block), Some(2), "block {block}");
		}

		// An app with room and an empty category: only the expiries are full.
		let mut next = request(full);
		next.category = categories[8];
		assert_noop!(publish_request(next.clone()), Error::<Test>::TooManyExpiries);

		// A block later, the spread reaches a block with room.
		run_to_block(2);
		assert_ok!(publish_request(next.clone()));
		assert_eq!(
			RestingRequests::<Test>::get(request_hash_of(&next)).map(|r| r.expires),
			Some(2 + 10 + u64::from(crate::EXPIRY_SPREAD) - 1)
		);
	});
}

#[test]
fn a_fifth_request_cannot_rest_in_a_category_but_a_filled_one_needs_no_room() {
	run(|| {
		// Four requests (MaxRestingPerCategory) paying less than the pool asks.
		let cheap = |salt: u8| {
			let mut request = request_with_salt(salt);
			request.workerpool_max_price = POOL_PRICE / 2;
			request
		};
		for salt in 5..9u8 {
			assert_ok!(publish_request(cheap(salt)));
		}
		assert_eq!(RestingByCategory::<Test>::decode_len(CATEGORY), Some(4));
		assert_noop!(publish_request(cheap(9)), Error::<Test>::TooManyResting);

		publish_default(OrderKind::App);
		publish_default(OrderKind::Dataset);
		publish_default(OrderKind::Workerpool);
		assert_eq!(deals_made(), 0);
		// Filled at once, the default request does not rest.
		System::reset_events();
		assert_ok!(publish_request(request_order()));
		assert_eq!(Consumed::<Test>::get(request_hash()), 4);
		assert!(gone(request_hash()));
		assert!(!events().iter().any(|e| matches!(e, Event::RequestResting { .. })));
		assert_eq!(RestingByCategory::<Test>::decode_len(CATEGORY), Some(4));
	});
}

#[test]
fn a_request_is_listed_under_its_dataset_and_a_dataset_offer_fills_it() {
	run(|| {
		assert_ok!(publish_request(request_order()));
		let hash = request_hash();
		let listed = vec![(hash, Order::Request(request_order()), 4)];
		assert_eq!(Marketplace::api_open_orders(AssetRef::App(APP)), listed);
		assert_eq!(Marketplace::api_open_orders(AssetRef::Dataset(DATASET)), listed);

		// Without a dataset, a request is listed under its app only.
		let mut plain = request_with_salt(7);
		plain.dataset = None;
		assert_ok!(publish_request(plain.clone()));
		let plain = request_hash_of(&plain);
		assert_eq!(Marketplace::api_open_orders(AssetRef::App(APP)).len(), 2);
		assert_eq!(Marketplace::api_open_orders(AssetRef::Dataset(DATASET)), listed);

		// The app offer has no pool to try; the pool fills the request
		// without a dataset and fails (nothing to try) on the other.
		assert_eq!(publish_default(OrderKind::App), offer_weight(2, 0));
		assert_eq!(publish_default(OrderKind::Workerpool), offer_weight(1, 1));
		assert!(gone(plain));
		assert!(rests(hash));

		// The dataset offer arriving last fills the request listed under it.
		System::reset_events();
		assert_eq!(publish_default(OrderKind::Dataset), offer_weight(0, 1));
		let dataset_hash = hash_of(&Order::Dataset(dataset_order()));
		assert!(events().iter().any(|e| matches!(
			e,
			Event::DealCreated { request, dataset_order: Some(d), volume: 4, .. } if *request == hash && *d == dataset_hash
		)));
		assert!(gone(hash));
		assert_eq!(
			Marketplace::api_open_orders(AssetRef::Dataset(DATASET)),
			vec![(dataset_hash, Order::Dataset(dataset_order()), 6)]
		);
		assert_eq!(Marketplace::api_funds(&requester()).deposits, 0);
	});
}

#[test]
fn a_request_takes_a_slot_in_its_datasets_listing() {
	run(|| {
		// Six dataset offers (MaxOrdersPerAsset) fill the dataset's listing.
		for salt in 0..6u8 {
			let mut order = dataset_order();
			order.salt = [salt; 32];
			publish(dataset_owner(), Order::Dataset(order));
		}
		assert_noop!(publish_request(request_order()), Error::<Test>::OrderBookFull);
		let mut plain = request_order();
		plain.dataset = None;
		assert_ok!(publish_request(plain));
	});
}
