//! Order signatures: bound to this chain's genesis, to every field of the
//! order, and void once cancelled or used up.

use super::*;
use crate::{Error, OrderKind, Signed, ORDER_DOMAIN};
use codec::Encode;
use polkadot_sdk::{
	frame_support::{assert_noop, assert_ok},
	sp_core::{Pair, H256},
	sp_io::hashing::blake2_256,
	sp_runtime::MultiSignature,
};

fn match_with_request(request: crate::SignedOf<crate::RequestOrderOf<Test>, Test>) -> polkadot_sdk::sp_runtime::DispatchResult {
	Marketplace::match_orders(
		RuntimeOrigin::signed(stranger()),
		signed_app(app_order()),
		Some(signed_dataset(dataset_order())),
		signed_pool(pool_order()),
		request,
	)
}

#[test]
fn the_order_hash_covers_the_domain_the_genesis_hash_and_the_kind() {
	run(|| {
		let order = Order::Request(request_order());
		let genesis = System::block_hash(0);
		assert_ne!(genesis, H256::zero());
		let expected = H256(blake2_256(&(ORDER_DOMAIN, genesis, &order).encode()));
		assert_eq!(Marketplace::order_hash(&order), expected);
		assert_eq!(order.encode()[0], 3, "the kind leads the order's encoding");
	});
}

#[test]
fn an_order_signed_for_another_chain_is_refused() {
	run(|| {
		let order = request_order();
		let other_genesis = H256::repeat_byte(0xee);
		let foreign = blake2_256(&(ORDER_DOMAIN, other_genesis, Order::Request(order.clone())).encode());
		let signature = MultiSignature::Sr25519(key("requester").sign(&foreign));
		assert_noop!(
			match_with_request(Signed { order, signature: Some(signature) }),
			Error::<Test>::BadSignature(OrderKind::Request)
		);
	});
}

#[test]
fn an_order_signed_without_the_domain_tag_is_refused() {
	run(|| {
		let order = request_order();
		let untagged = blake2_256(&(System::block_hash(0), Order::Request(order.clone())).encode());
		let signature = MultiSignature::Sr25519(key("requester").sign(&untagged));
		assert_noop!(
			match_with_request(Signed { order, signature: Some(signature) }),
			Error::<Test>::BadSignature(OrderKind::Request)
		);
	});
}

#[test]
fn a_tampered_field_voids_the_signature() {
	run(|| {
		let tamper: [fn(&mut crate::RequestOrderOf<Test>); 4] = [
			|o| o.volume = 3,
			|o| o.workerpool_max_price += 1,
			|o| o.beneficiary = requester(),
			|o| o.params = b"--n 8".to_vec().try_into().unwrap(),
		];
		for change in tamper {
			let mut signed = signed_request(request_order());
			change(&mut signed.order);
			assert_noop!(match_with_request(signed), Error::<Test>::BadSignature(OrderKind::Request));
		}
	});
}

#[test]
fn a_cancelled_order_is_refused_even_with_a_valid_signature() {
	run(|| {
		assert_ok!(Marketplace::cancel(RuntimeOrigin::signed(requester()), Order::Request(request_order())));
		assert_noop!(
			match_with_request(signed_request(request_order())),
			Error::<Test>::OrderCancelled(OrderKind::Request)
		);
	});
}

#[test]
fn a_replayed_order_is_refused_beyond_its_volume() {
	run(|| {
		assert_ok!(match_with_request(signed_request(request_order())));
		assert_noop!(
			match_with_request(signed_request(request_order())),
			Error::<Test>::OrderConsumed(OrderKind::Request)
		);
		assert_eq!(crate::Consumed::<Test>::get(request_hash()), request_order().volume);
	});
}

#[test]
fn a_presignature_is_void_once_the_asset_changes_hands() {
	run(|| {
		assert_ok!(Marketplace::presign(RuntimeOrigin::signed(app_owner()), Order::App(app_order())));
		assert_ok!(Registry::transfer(ect_primitives::AssetRef::App(APP), stranger()));
		assert_noop!(
			Marketplace::match_orders(
				RuntimeOrigin::signed(stranger()),
				Signed { order: app_order(), signature: None },
				Some(signed_dataset(dataset_order())),
				signed_pool(pool_order()),
				signed_request(request_order()),
			),
			Error::<Test>::BadSignature(OrderKind::App)
		);
	});
}

#[test]
fn an_order_signed_through_a_browser_extension_is_accepted() {
	run(|| {
		let order = request_order();
		let hash = Marketplace::order_hash(&Order::Request(order.clone()));
		let mut message = b"<Bytes>".to_vec();
		message.extend_from_slice(hash.as_bytes());
		message.extend_from_slice(b"</Bytes>");
		assert_eq!(&crate::wrapped_for_extension(&hash)[..], &message[..]);
		let signature = MultiSignature::Sr25519(key("requester").sign(&message));
		assert_ok!(match_with_request(Signed { order, signature: Some(signature) }));
	});
}

#[test]
fn a_wrapping_other_than_the_extensions_is_refused() {
	run(|| {
		let order = request_order();
		let hash = Marketplace::order_hash(&Order::Request(order.clone()));
		let wrappings: [(&[u8], &[u8]); 3] =
			[(b"<Bytes>", b""), (b"", b"</Bytes>"), (b"<bytes>", b"</bytes>")];
		for (open, close) in wrappings {
			let message = [open, hash.as_bytes(), close].concat();
			let signature = MultiSignature::Sr25519(key("requester").sign(&message));
			assert_noop!(
				match_with_request(Signed { order: order.clone(), signature: Some(signature) }),
				Error::<Test>::BadSignature(OrderKind::Request)
			);
		}
	});
}
