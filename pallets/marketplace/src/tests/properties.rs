//! Property test: random sequences of registry, escrow-locking and market
//! calls from random accounts, and of new blocks (expiring resting
//! requests), never create or destroy funds, never consume an order beyond
//! its volume, never leave a request resting past its expiry, and leave
//! every invariant intact — whether each call succeeds or fails.

use super::*;
use crate::{Consumed, OrderOf, RestingRequests};
use ect_primitives::{AssetRef, PoolPolicy};
use polkadot_sdk::{
	frame_support::{assert_ok, storage::with_storage_layer},
	frame_system::RawOrigin,
	sp_runtime::Percent,
};
use proptest::prelude::*;

/// One random call.
#[derive(Clone, Debug)]
enum Op {
	/// The app owner publishes an app offer.
	PublishApp { price: u8, volume: u8, salt: u8 },
	/// The dataset owner publishes a dataset offer.
	PublishDataset { price: u8, volume: u8, salt: u8 },
	/// The owner of a pool publishes an offer.
	PublishPool { pool: u8, price: u8, volume: u8, trust: u8, salt: u8 },
	/// A funded account publishes a request.
	PublishRequest { who: u8, volume: u8, max: u8, price_weight: u8, with_dataset: bool, salt: u8 },
	/// Anyone matches freshly signed orders.
	MatchSigned { who: u8, app_volume: u8, pool_volume: u8, request_volume: u8, price: u8, salt: u8 },
	/// Someone cancels one of the orders seen so far.
	Cancel { who: u8, index: u8 },
	/// Someone unpublishes one of the orders seen so far.
	Unpublish { who: u8, index: u8 },
	/// A funded account registers a workerpool.
	RegisterPool { who: u8 },
	/// The owner of an asset transfers it to someone.
	Transfer { asset: u8, to: u8 },
	/// The owner of a pool removes it.
	RemovePool { pool: u8 },
	/// Governance halts or resumes the market.
	SetMode { halted: bool },
	/// Blocks go by (resting requests expire at the start of theirs).
	AdvanceBlocks { blocks: u8 },
}

fn op() -> impl Strategy<Value = Op> {
	prop_oneof![
		(any::<u8>(), 0..6u8, any::<u8>()).prop_map(|(price, volume, salt)| Op::PublishApp { price, volume, salt }),
		(any::<u8>(), 0..6u8, any::<u8>()).prop_map(|(price, volume, salt)| Op::PublishDataset { price, volume, salt }),
		(0..3u8, any::<u8>(), 0..6u8, 0..4u8, any::<u8>())
			.prop_map(|(pool, price, volume, trust, salt)| Op::PublishPool { pool, price, volume, trust, salt }),
		(0..5u8, 0..8u8, any::<u8>(), 0..=100u8, any::<bool>(), any::<u8>()).prop_map(
			|(who, volume, max, price_weight, with_dataset, salt)| Op::PublishRequest { who, volume, max, price_weight, with_dataset, salt }
		),
		(0..5u8, 0..6u8, 0..6u8, 0..6u8, any::<u8>(), any::<u8>()).prop_map(
			|(who, app_volume, pool_volume, request_volume, price, salt)| Op::MatchSigned { who, app_volume, pool_volume, request_volume, price, salt }
		),
		(0..5u8, any::<u8>()).prop_map(|(who, index)| Op::Cancel { who, index }),
		(0..5u8, any::<u8>()).prop_map(|(who, index)| Op::Unpublish { who, index }),
		(0..5u8).prop_map(|who| Op::RegisterPool { who }),
		(0..3u8, 0..5u8).prop_map(|(asset, to)| Op::Transfer { asset, to }),
		(0..3u8).prop_map(|pool| Op::RemovePool { pool }),
		any::<bool>().prop_map(|halted| Op::SetMode { halted }),
		(1..24u8).prop_map(|blocks| Op::AdvanceBlocks { blocks }),
	]
}

fn who(index: u8) -> AccountId {
	account(FUNDED[index as usize % FUNDED.len()])
}

fn origin(index: u8) -> RuntimeOrigin {
	RuntimeOrigin::signed(who(index))
}

/// Publishes an offer as `owner`, remembering the order.
fn publish(seen: &mut Vec<OrderOf<Test>>, owner: AccountId, order: OrderOf<Test>) {
	seen.push(order.clone());
	let _ = Marketplace::publish_offer(RuntimeOrigin::signed(owner), order);
}

/// Runs one call in its own storage layer, as a real extrinsic would be.
fn apply(op: &Op, seen: &mut Vec<OrderOf<Test>>) {
	let _ = with_storage_layer(|| -> polkadot_sdk::sp_runtime::DispatchResult {
		match op.clone() {
			Op::PublishApp { price, volume, salt } => {
				let mut order = app_order();
				(order.price, order.volume, order.salt) = (price.into(), volume.into(), [salt; 32]);
				let owner = Registry::owner_of(AssetRef::App(APP)).unwrap_or(app_owner());
				publish(seen, owner, crate::Order::App(order));
			},
			Op::PublishDataset { price, volume, salt } => {
				let mut order = dataset_order();
				(order.price, order.volume, order.salt) = (price.into(), volume.into(), [salt; 32]);
				let owner = Registry::owner_of(AssetRef::Dataset(DATASET)).unwrap_or(dataset_owner());
				publish(seen, owner, crate::Order::Dataset(order));
			},
			Op::PublishPool { pool, price, volume, trust, salt } => {
				let mut order = pool_order();
				let pool = u32::from(pool);
				(order.workerpool, order.price, order.volume, order.trust, order.salt) =
					(pool, price.into(), volume.into(), trust.into(), [salt; 32]);
				if let Some(owner) = Registry::owner_of(AssetRef::Workerpool(pool)) {
					publish(seen, owner, crate::Order::Workerpool(order));
				}
			},
			Op::PublishRequest { who: index, volume, max, price_weight, with_dataset, salt } => {
				let mut order = request_order();
				order.requester = who(index);
				order.volume = volume.into();
				(order.app_max_price, order.dataset_max_price, order.workerpool_max_price) =
					(max.into(), max.into(), Balance::from(max) * 4);
				order.dataset = with_dataset.then_some(DATASET);
				order.trust = 1;
				order.salt = [salt; 32];
				seen.push(crate::Order::Request(order.clone()));
				let _ = Marketplace::publish_request(origin(index), order, Percent::from_percent(price_weight));
			},
			Op::MatchSigned { who: index, app_volume, pool_volume, request_volume, price, salt } => {
				let mut app = app_order();
				(app.volume, app.price, app.salt) = (app_volume.into(), price.into(), [salt; 32]);
				let mut pool = pool_order();
				(pool.volume, pool.salt) = (pool_volume.into(), [salt; 32]);
				let mut request = request_order();
				request.dataset = None;
				(request.volume, request.app_max_price, request.salt) = (request_volume.into(), price.into(), [salt; 32]);
				request.requester = who(index);
				seen.extend([
					crate::Order::App(app.clone()),
					crate::Order::Workerpool(pool.clone()),
					crate::Order::Request(request.clone()),
				]);
				let request_signed = sign(request, crate::Order::Request, FUNDED[index as usize % FUNDED.len()]);
				let _ = Marketplace::match_orders(origin(index), signed_app(app), None, signed_pool(pool), request_signed);
			},
			Op::Cancel { who: index, index: order } =>
				if let Some(order) = seen.get(order as usize % seen.len().max(1)).cloned() {
					let _ = Marketplace::cancel(origin(index), order);
				},
			Op::Unpublish { who: index, index: order } =>
				if let Some(order) = seen.get(order as usize % seen.len().max(1)) {
					let _ = Marketplace::unpublish(origin(index), Marketplace::order_hash(order));
				},
			Op::RegisterPool { who: index } => {
				let _ = Registry::add_workerpool(who(index), PoolPolicy::default());
			},
			Op::Transfer { asset, to } => {
				let asset = match asset {
					0 => AssetRef::App(APP),
					1 => AssetRef::Dataset(DATASET),
					_ => AssetRef::Workerpool(POOL),
				};
				let _ = Registry::transfer(asset, who(to));
			},
			Op::RemovePool { pool } => {
				let _ = Registry::remove::<AccountId>(AssetRef::Workerpool(pool.into()));
			},
			Op::SetMode { halted } => {
				let mode = if halted { crate::OperatingMode::Halted } else { crate::OperatingMode::Normal };
				assert_ok!(Marketplace::set_operating_mode(RawOrigin::Root.into(), mode));
			},
			Op::AdvanceBlocks { blocks } => run_to_block(System::block_number() + u64::from(blocks)),
		}
		Ok(())
	});
}

proptest! {
	#![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

	#[test]
	fn funds_are_conserved_and_no_order_is_consumed_beyond_its_volume(ops in prop::collection::vec(op(), 1..40)) {
		new_test_ext().execute_with(|| {
			let issuance = total_issuance();
			let mut seen = Vec::new();
			for op in &ops {
				apply(op, &mut seen);
				prop_assert_eq!(total_issuance(), issuance, "issuance changed after {:?}", op);
				for order in &seen {
					let consumed = Consumed::<Test>::get(Marketplace::order_hash(order));
					prop_assert!(consumed <= order.volume(), "{:?} consumed {} of {}", order, consumed, order.volume());
				}
				let now = System::block_number();
				for (hash, resting) in RestingRequests::<Test>::iter() {
					prop_assert!(resting.expires > now, "{:?} rests until {} at block {}", hash, resting.expires, now);
				}
				check_invariants();
			}
			Ok(())
		})?;
	}
}
