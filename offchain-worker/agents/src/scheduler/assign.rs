//! The replication rule (`protocol.md` §7, adaptive replication): how many
//! more workers to authorise for a task. Pending authorisations count as if
//! they will agree with the leading result; workers are added, in the given
//! order, only until that would reach consensus at the deal's trust. A
//! spot-checked task gets one replica more than it needs.

use ect_poco_math::{reaches_consensus, Contribution, Weight};
use polkadot_sdk::sp_core::H256;

/// How many of `candidates` (their weights, in the order they would be
/// chosen) to authorise for a task at `trust`, given the weights and hashes
/// of its `contributions` and the weights of its `pending` authorisations.
pub fn more_replicas(
	trust: u32,
	contributions: &[(Weight, H256)],
	pending: &[Weight],
	candidates: &[Weight],
	spot_check: bool,
) -> usize {
	let mut simulated: Vec<Contribution<H256>> =
		contributions.iter().map(|(weight, hash)| Contribution { hash: *hash, weight: *weight }).collect();
	// The result the pending workers are assumed to agree with: the heaviest
	// group so far, or a placeholder when nobody contributed yet.
	let group = |hash: &H256| -> u128 {
		contributions.iter().filter(|(_, h)| h == hash).fold(1u128, |p, (w, _)| p.saturating_mul(u128::from(*w)))
	};
	let leading = contributions.iter().map(|(_, h)| *h).max_by_key(|h| group(h)).unwrap_or_default();
	let agreeing = |weight: Weight| Contribution { hash: leading, weight };
	simulated.extend(pending.iter().map(|w| agreeing(*w)));
	let met = |s: &[Contribution<H256>]| reaches_consensus(s, &leading, trust).unwrap_or(true);
	let mut added = 0;
	while !met(&simulated) && added < candidates.len() {
		simulated.push(agreeing(candidates[added]));
		added += 1;
	}
	let fresh = contributions.is_empty() && pending.is_empty();
	if spot_check && fresh && added < candidates.len() {
		added += 1;
	}
	added
}

#[cfg(test)]
mod tests {
	use super::*;

	const H: H256 = H256::repeat_byte(1);
	const B: H256 = H256::repeat_byte(2);

	#[test]
	fn fresh_workers_need_log2_of_trust() {
		assert_eq!(more_replicas(1, &[], &[], &[2, 2, 2], false), 1);
		assert_eq!(more_replicas(4, &[], &[], &[2, 2, 2], false), 2);
		assert_eq!(more_replicas(100, &[], &[], &[2; 10], false), 7);
	}

	#[test]
	fn pending_workers_count_as_agreeing() {
		assert_eq!(more_replicas(4, &[], &[2], &[2, 2], false), 1);
		assert_eq!(more_replicas(4, &[(2, H)], &[2], &[2, 2], false), 0);
	}

	#[test]
	fn dissent_asks_for_more() {
		// A byzantine weight-2 result against one weight-4 honest one at trust
		// 5: one more weight-4 worker reaches 16*5 > 19*4.
		assert_eq!(more_replicas(5, &[(2, B), (4, H)], &[], &[4, 4], false), 1);
		// Not enough workers left: all of them.
		assert_eq!(more_replicas(3, &[(2, B), (2, H)], &[], &[2], false), 1);
	}

	#[test]
	fn spot_checks_add_one_replica_to_fresh_tasks() {
		assert_eq!(more_replicas(1, &[], &[], &[32, 32], true), 2);
		assert_eq!(more_replicas(1, &[], &[], &[32], true), 1);
		assert_eq!(more_replicas(1, &[(32, H)], &[], &[32], true), 0);
	}
}
