//! Keeping the pool's workerpool order in the book, as the policy says
//! ([`super::policy::OfferPolicy`]): published at start, renewed (a new salt)
//! when the last one is spent or withdrawn, replaced when the terms change.
//!
//! Every order it publishes expires [`ORDER_LIFETIME`] blocks (7 days) after
//! the best block. When less than [`RENEW_MARGIN`] (a day) is left before
//! the order in the book expires, it is renewed the same way as when the
//! terms change: a fresh one is published, then the old one unpublished
//! (its deposit returned), so that the pool's offer never lapses. An order
//! that expires at the next block is not unpublished (the chain takes it
//! out of the book by itself), nor one found gone by then (spent).

use codec::Encode;
use ect_client::{
	offers::ORDER_LIFETIME,
	reads,
	runtime::{RuntimeEvent, DAYS},
	Sender, TxStage,
};
use pallet_ect_marketplace::Order;
use polkadot_sdk::sp_io::hashing::blake2_256;

use super::{
	policy::OfferPolicy,
	state::{OfferRecord, SchedulerState},
	Shared,
};
use ect_client::metrics::Kind;

/// Orders the scheduler published, ever.
pub const OFFERS_TOTAL: &str = "ect_scheduler_offers_published_total";
/// What is left of the volume of the order in the book.
pub const OFFER_REMAINING: &str = "ect_scheduler_offer_remaining";
/// How many blocks before its expiry the order in the book is renewed: a
/// day.
pub const RENEW_MARGIN: u32 = DAYS;

/// `0x` SCALE of the order the policy describes, with a zero salt and a
/// zero expiry: what stays the same from one renewal to the next.
fn terms(policy: &OfferPolicy, pool: u32) -> String {
	format!("0x{}", hex::encode(policy.order(pool, [0; 32], 0).encode()))
}

/// Whether an order that expires at block `expires` is due for renewal at
/// block `best`: less than [`RENEW_MARGIN`] blocks are left.
fn expiring(expires: u32, best: u32) -> bool {
	expires <= best.saturating_add(RENEW_MARGIN)
}

/// The salt of the `n`-th order of `pool`, published at chain time `now_ms`:
/// distinct for every order a pool publishes (also after a scheduler lost
/// its state), so that a renewed order is a new order.
fn salt(pool: u32, n: u64, now_ms: u64) -> [u8; 32] {
	blake2_256(&(b"ect/scheduler-offer", pool, n, now_ms).encode())
}

/// Publishes, renews or replaces the pool's order so that one of the
/// policy's terms is in the book.
pub(super) async fn keep_offered(shared: &Shared, sender: &Sender, pool: u32, policy: &OfferPolicy) -> anyhow::Result<()> {
	let rpc = sender.rpc();
	let wanted = terms(policy, pool);
	let (last, published_count) = {
		let state = shared.lock_state()?;
		(state.offer.clone(), state.offers_published)
	};
	// The order to withdraw once its successor is published.
	let mut withdraw = None;
	if let Some(last) = &last {
		if let Some(entry) = reads::published(rpc, last.hash).await? {
			let (expires, best) = (entry.order.expires(), reads::best_number(rpc).await?);
			if last.terms == wanted && !expiring(expires, best) {
				let remaining = entry.order.volume().saturating_sub(reads::consumed(rpc, last.hash).await?);
				shared.metrics.set(OFFER_REMAINING, &[], Kind::Gauge, u64::from(remaining));
				return Ok(());
			}
			if last.terms == wanted {
				log::info!(target: "ect-scheduler", "pool {pool}: order {:?} expires at block {expires}; renewing it", last.hash);
			} else {
				log::info!(target: "ect-scheduler", "pool {pool}: the policy changed; withdrawing order {:?}", last.hash);
			}
			// One that expires at the next block, where a transaction lands
			// at the earliest, is taken out of the book by the chain itself.
			if expires > best.saturating_add(1) {
				withdraw = Some(last.hash);
			}
		} else {
			log::info!(target: "ect-scheduler", "pool {pool}: order {:?} is spent, withdrawn or expired; renewing it", last.hash);
		}
	}

	let n = published_count.saturating_add(1);
	let expires = reads::expiry_in(rpc, ORDER_LIFETIME).await?;
	let order = policy.order(pool, salt(pool, n, reads::now_ms(rpc).await?), expires);
	let included =
		sender.send(pallet_ect_marketplace::Call::publish_offer { order: Order::Workerpool(order) }, TxStage::InBlock).await?;
	let hash = included
		.events
		.iter()
		.find_map(|e| match e {
			RuntimeEvent::Marketplace(pallet_ect_marketplace::Event::OrderPublished { order, .. }) => Some(*order),
			_ => None,
		})
		.ok_or_else(|| anyhow::anyhow!("publish_offer emitted no OrderPublished event"))?;
	record(shared, |state| {
		state.offer = Some(OfferRecord { hash, terms: wanted.clone() });
		state.offers_published = n;
	})?;
	shared.metrics.add(OFFERS_TOTAL, &[], 1);
	shared.metrics.set(OFFER_REMAINING, &[], Kind::Gauge, u64::from(policy.volume));
	if let Some(old) = withdraw {
		match sender.send(pallet_ect_marketplace::Call::unpublish { order: old }, TxStage::InBlock).await {
			Ok(_) => {},
			// Spent or expired in the meantime: out of the book already.
			Err(ect_client::Error::Dispatch(failure)) if failure.error == "NotPublished" => {},
			Err(e) => return Err(e.into()),
		}
	}
	log::info!(
		target: "ect-scheduler",
		"pool {pool}: published order {hash:?}: {} tasks of category {} at {} plancks, trust up to {}, until block {expires}",
		policy.volume,
		policy.category,
		policy.price.0,
		policy.trust
	);
	Ok(())
}

/// Changes the state and saves it.
fn record(shared: &Shared, change: impl FnOnce(&mut SchedulerState)) -> anyhow::Result<()> {
	let mut state = shared.lock_state()?;
	change(&mut state);
	shared.save(&state)
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::scheduler::policy::{Amount, Capabilities};

	fn policy(price: u128) -> OfferPolicy {
		OfferPolicy { category: 1, price: Amount(price), volume: 3, trust: 10, capabilities: Capabilities::default() }
	}

	#[test]
	fn terms_change_with_the_policy_not_with_the_salt() {
		assert_eq!(terms(&policy(5), 0), terms(&policy(5), 0));
		assert_ne!(terms(&policy(5), 0), terms(&policy(6), 0));
		assert_ne!(terms(&policy(5), 0), terms(&policy(5), 1));
	}

	#[test]
	fn an_order_is_renewed_once_less_than_a_day_is_left() {
		assert!(!expiring(1_000 + RENEW_MARGIN + 1, 1_000));
		assert!(expiring(1_000 + RENEW_MARGIN, 1_000));
		assert!(expiring(1_000, 1_000), "expired");
		assert!(!expiring(u32::MAX, u32::MAX - RENEW_MARGIN - 1), "no overflow");
	}

	#[test]
	fn every_order_of_a_pool_has_its_own_salt() {
		assert_ne!(salt(0, 1, 9), salt(0, 2, 9));
		assert_ne!(salt(0, 1, 9), salt(1, 1, 9));
		assert_ne!(salt(0, 1, 9), salt(0, 1, 10));
	}
}
