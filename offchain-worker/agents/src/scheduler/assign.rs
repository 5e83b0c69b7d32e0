//! The replication rule (`protocol.md` §7, adaptive replication): how many
//! more workers to authorise for a task. Pending authorisations count as if
//! they will agree with the leading result; workers are added, in the given
//! order, only until that would reach consensus at the deal's trust. A
//! spot-checked task (`pallet_ect_poco::spot_check`) needs a consensus group
//! of two or more: its lone winner gets a checker.

use ect_poco_math::{reaches_consensus, Contribution, Weight};
use polkadot_sdk::sp_core::H256;

/// How many of `candidates` (their weights, in the order they would be
/// chosen) to authorise for a task at `trust`, given the weights and hashes
/// of its `contributions` and the weights of its `pending` authorisations;
/// `checked` if it is spot-checked.
pub fn more_replicas(
	trust: u32,
	contributions: &[(Weight, H256)],
	pending: &[Weight],
	candidates: &[Weight],
	checked: bool,
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
	let members = |s: &[Contribution<H256>]| s.iter().filter(|c| c.hash == leading).count();
	let met = |s: &[Contribution<H256>]| {
		reaches_consensus(s, &leading, trust).unwrap_or(true) && (!checked || members(s) >= 2)
	};
	let mut added = 0;
	while !met(&simulated) && added < candidates.len() {
		simulated.push(agreeing(candidates[added]));
		added += 1;
	}
	added
}

/// Whether the replication rule asks for more workers for a task, whoever
/// they would be: whether its `contributions` and `pending` authorisations
/// fall short of consensus at `trust` (of a group of two, if `checked`).
pub fn wants_more(trust: u32, contributions: &[(Weight, H256)], pending: &[Weight], checked: bool) -> bool {
	// With one candidate, whatever its weight, the rule adds it only if
	// the task falls short without it.
	more_replicas(trust, contributions, pending, &[1], checked) > 0
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
	fn more_is_wanted_until_consensus_whoever_is_there() {
		assert!(wants_more(1, &[], &[], false));
		assert!(wants_more(4, &[], &[2], false));
		assert!(!wants_more(4, &[(2, H)], &[2], false));
		assert!(!wants_more(1, &[(32, H)], &[], false));
		assert!(wants_more(1, &[(32, H)], &[], true));
	}

	#[test]
	fn a_checked_lone_winner_gets_a_checker() {
		// Weight 32 meets trust 1 alone; checked, it needs one agreeing more.
		assert_eq!(more_replicas(1, &[(32, H)], &[], &[32, 32], false), 0);
		assert_eq!(more_replicas(1, &[(32, H)], &[], &[32, 32], true), 1);
		// A checker already authorised counts.
		assert_eq!(more_replicas(1, &[(32, H)], &[2], &[32], true), 0);
		// A disagreeing checker: more replicas until a group of two wins.
		assert_eq!(more_replicas(4, &[(4, B), (2, H)], &[], &[2, 2, 2, 2], true), 2);
	}
}
