//! The replication rule a scheduler uses (`protocol.md` §7, adaptive
//! replication): ask for replicas only until the credibility threshold is
//! met; and the spot-check draw (§7), which decides from a seed whether a
//! task is checked.

use crate::weight::Weight;

/// How many of these workers, taken in order, must agree for consensus at
/// `trust` with no dissent (their weights' product reaches `trust`); `None`
/// if all of them together are not enough.
pub fn replicas_needed(trust: u32, weights_in_order: &[Weight]) -> Option<usize> {
	let trust = u128::from(trust.max(1));
	let mut product: u128 = 1;
	for (i, weight) in weights_in_order.iter().enumerate() {
		product = product.saturating_mul(u128::from(*weight));
		if product >= trust {
			return Some(i + 1);
		}
	}
	None
}

/// How many agreeing workers of the same `weight` a task at `trust` needs
/// (`ceil(log_w(trust))`, at least one): fresh workers (weight 2) need
/// `ceil(log2(trust))`, so trust 100 needs 7.
pub fn uniform_replicas(trust: u32, weight: Weight) -> u32 {
	let weight = u128::from(weight.max(2));
	let trust = u128::from(trust.max(1));
	let (mut replicas, mut product) = (1u32, weight);
	while product < trust {
		product = product.saturating_mul(weight);
		replicas += 1;
	}
	replicas
}

/// Whether a draw of `seed` falls among `per_million` in a million: true for
/// about that share of uniformly random seeds. PoCo draws a task's spot
/// check with a seed hashed from the block that holds its lone winning
/// contribution (`pallet_ect_poco::spot_check`), so that everyone agrees
/// on it and nobody knows it before that block.
pub fn spot_check(seed: &[u8; 32], per_million: u32) -> bool {
	let draw = u32::from_le_bytes([seed[0], seed[1], seed[2], seed[3]]) % 1_000_000;
	draw < per_million
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::weight::worker_weight;

	#[test]
	fn fresh_workers_at_trust_100_need_seven() {
		assert_eq!(uniform_replicas(100, worker_weight(0)), 7);
		assert_eq!(replicas_needed(100, &[2; 10]), Some(7));
		assert_eq!(uniform_replicas(1, 2), 1);
		assert_eq!(uniform_replicas(0, 2), 1);
		assert_eq!(uniform_replicas(u32::MAX, 2), 32);
	}

	#[test]
	fn trusted_workers_need_fewer_replicas() {
		// Weights 32 then 99: 3168 >= 100 after two; one worker of weight 99 is not enough.
		assert_eq!(replicas_needed(100, &[32, 99, 2]), Some(2));
		assert_eq!(replicas_needed(100, &[99]), None);
		assert_eq!(replicas_needed(99, &[99]), Some(1));
		assert_eq!(replicas_needed(1, &[2]), Some(1));
	}

	#[test]
	fn spot_checks_hit_about_the_asked_fraction() {
		assert!(!spot_check(&[0xff; 32], 0));
		assert!(spot_check(&[0xff; 32], 1_000_000));
		// A deterministic stream of seeds: the share drawn is near 10%.
		let mut hits = 0;
		for i in 0u32..100_000 {
			let mut seed = [0u8; 32];
			// A cheap mix so that consecutive i spread over the draw range.
			seed[..4].copy_from_slice(&i.wrapping_mul(2_654_435_761).to_le_bytes());
			hits += u32::from(spot_check(&seed, 100_000));
		}
		assert!((9_000..11_000).contains(&hits), "{hits} hits");
	}
}
