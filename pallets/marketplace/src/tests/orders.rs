//! `presign`, `cancel` and `set_operating_mode`.

use super::*;
use crate::{Cancelled, Error, Event, OperatingMode, OrderKind, Presigned};
use polkadot_sdk::{
	frame_support::{assert_noop, assert_ok},
	frame_system::RawOrigin,
	sp_runtime::DispatchError,
};

#[test]
fn an_owner_presigns_its_order() {
	run(|| {
		let order = Order::Workerpool(pool_order());
		assert_ok!(Marketplace::presign(RuntimeOrigin::signed(scheduler()), order.clone()));
		let hash = Marketplace::order_hash(&order);
		assert_eq!(Presigned::<Test>::get(hash), Some(scheduler()));
		assert_eq!(events().last(), Some(&Event::OrderPresigned { order: hash, kind: OrderKind::Workerpool, owner: scheduler() }));
	});
}

#[test]
fn presigning_is_refused_to_others_twice_without_volume_after_cancel_and_for_unknown_assets() {
	run(|| {
		let order = Order::App(app_order());
		assert_noop!(Marketplace::presign(RuntimeOrigin::signed(stranger()), order.clone()), Error::<Test>::NotOrderOwner);
		assert_ok!(Marketplace::presign(RuntimeOrigin::signed(app_owner()), order.clone()));
		assert_noop!(Marketplace::presign(RuntimeOrigin::signed(app_owner()), order.clone()), Error::<Test>::AlreadyPresigned);

		let mut empty = app_order();
		empty.volume = 0;
		assert_noop!(Marketplace::presign(RuntimeOrigin::signed(app_owner()), Order::App(empty)), Error::<Test>::ZeroVolume);

		let mut unknown = app_order();
		unknown.app = 9;
		assert_noop!(Marketplace::presign(RuntimeOrigin::signed(app_owner()), Order::App(unknown)), Error::<Test>::UnknownApp);
		let mut unknown = dataset_order();
		unknown.dataset = 9;
		assert_noop!(Marketplace::presign(RuntimeOrigin::signed(dataset_owner()), Order::Dataset(unknown)), Error::<Test>::UnknownDataset);
		let mut unknown = pool_order();
		unknown.workerpool = 9;
		assert_noop!(Marketplace::presign(RuntimeOrigin::signed(scheduler()), Order::Workerpool(unknown)), Error::<Test>::UnknownWorkerpool);

		let request = Order::Request(request_order());
		assert_ok!(Marketplace::cancel(RuntimeOrigin::signed(requester()), request.clone()));
		assert_noop!(
			Marketplace::presign(RuntimeOrigin::signed(requester()), request),
			Error::<Test>::OrderCancelled(OrderKind::Request)
		);
		assert_noop!(Marketplace::presign(RawOrigin::None.into(), order), DispatchError::BadOrigin);
	});
}

#[test]
fn an_owner_cancels_its_order_which_also_voids_its_presignature() {
	run(|| {
		let order = Order::Dataset(dataset_order());
		let hash = Marketplace::order_hash(&order);
		assert_ok!(Marketplace::presign(RuntimeOrigin::signed(dataset_owner()), order.clone()));
		assert_ok!(Marketplace::cancel(RuntimeOrigin::signed(dataset_owner()), order));
		assert!(Cancelled::<Test>::contains_key(hash));
		assert!(!Presigned::<Test>::contains_key(hash));
		assert_eq!(events().last(), Some(&Event::OrderCancelled { order: hash, kind: OrderKind::Dataset }));
	});
}

#[test]
fn cancelling_is_refused_to_others_and_twice() {
	run(|| {
		let order = Order::Request(request_order());
		assert_noop!(Marketplace::cancel(RuntimeOrigin::signed(stranger()), order.clone()), Error::<Test>::NotOrderOwner);
		assert_ok!(Marketplace::cancel(RuntimeOrigin::signed(requester()), order.clone()));
		assert_noop!(Marketplace::cancel(RuntimeOrigin::signed(requester()), order), Error::<Test>::AlreadyCancelled);
		let mut unknown = app_order();
		unknown.app = 9;
		assert_noop!(Marketplace::cancel(RuntimeOrigin::signed(app_owner()), Order::App(unknown)), Error::<Test>::UnknownApp);
	});
}

#[test]
fn governance_sets_the_operating_mode_and_nobody_else_can() {
	run(|| {
		assert_noop!(
			Marketplace::set_operating_mode(RuntimeOrigin::signed(stranger()), OperatingMode::Halted),
			DispatchError::BadOrigin
		);
		assert_ok!(Marketplace::set_operating_mode(RawOrigin::Root.into(), OperatingMode::Halted));
		assert_eq!(crate::Mode::<Test>::get(), OperatingMode::Halted);
		assert_eq!(events().last(), Some(&Event::OperatingModeChanged { mode: OperatingMode::Halted }));
		assert_ok!(Marketplace::set_operating_mode(RawOrigin::Root.into(), OperatingMode::Normal));
		assert_eq!(crate::Mode::<Test>::get(), OperatingMode::Normal);
	});
}
