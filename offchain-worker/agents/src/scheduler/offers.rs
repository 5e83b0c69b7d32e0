//! Keeping the pool's workerpool order in the book, as the policy says
//! ([`super::policy::OfferPolicy`]): published at start, renewed (a new salt)
//! when the last one is spent or withdrawn, replaced when the terms change.

use codec::Encode;
use ect_client::{reads, runtime::RuntimeEvent, Sender, TxStage};
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

/// `0x` SCALE of the order the policy describes, with a zero salt.
fn terms(policy: &OfferPolicy, pool: u32) -> String {
	format!("0x{}", hex::encode(policy.order(pool, [0; 32]).encode()))
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
	if let Some(last) = &last {
		if let Some(entry) = reads::published(rpc, last.hash).await? {
			if last.terms == wanted {
				let remaining = entry.order.volume().saturating_sub(reads::consumed(rpc, last.hash).await?);
				shared.metrics.set(OFFER_REMAINING, &[], Kind::Gauge, u64::from(remaining));
				return Ok(());
			}
			log::info!(target: "ect-scheduler", "pool {pool}: the policy changed; withdrawing order {:?}", last.hash);
			sender.send(pallet_ect_marketplace::Call::unpublish { order: last.hash }, TxStage::InBlock).await?;
		} else {
			log::info!(target: "ect-scheduler", "pool {pool}: order {:?} is spent or withdrawn; renewing it", last.hash);
		}
	}

	let n = published_count.saturating_add(1);
	let order = policy.order(pool, salt(pool, n, reads::now_ms(rpc).await?));
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
	log::info!(
		target: "ect-scheduler",
		"pool {pool}: published order {hash:?}: {} tasks of category {} at {} plancks, trust up to {}",
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
	fn every_order_of_a_pool_has_its_own_salt() {
		assert_ne!(salt(0, 1, 9), salt(0, 2, 9));
		assert_ne!(salt(0, 1, 9), salt(1, 1, 9));
		assert_ne!(salt(0, 1, 9), salt(0, 1, 10));
	}
}
