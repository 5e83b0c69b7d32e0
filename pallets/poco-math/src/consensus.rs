//! The consensus rule (Sarmenta credibility, as in PoCo; `protocol.md` §6).
//!
//! Each distinct result hash has a *group weight*: the product of the weights
//! of the workers who contributed it. The task's *total* is 1 plus the sum of
//! all group weights (it starts at 1 and grows by each group's increase).
//! A hash `h` reaches consensus when `group(h) * trust > total * (trust - 1)`.

use crate::{
	weight::Weight,
	wide::{Overflow, Wide},
};

/// One worker's contribution: the result hash it committed to and its weight.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Contribution<H> {
	/// The result hash contributed.
	pub hash: H,
	/// The contributor's weight at the time it contributed.
	pub weight: Weight,
}

/// The group weight of `hash`: the product of its contributors' weights, or
/// zero if nobody contributed it.
pub fn group_weight<H: PartialEq>(contributions: &[Contribution<H>], hash: &H) -> Result<Wide, Overflow> {
	contributions.iter().filter(|c| c.hash == *hash).try_fold(Wide::ZERO, |group, c| {
		if group.is_zero() {
			Ok(Wide::from_u64(u64::from(c.weight)))
		} else {
			group.checked_mul_u64(u64::from(c.weight))
		}
	})
}

/// The task's total weight: 1 plus the group weight of every distinct hash.
pub fn total_weight<H: PartialEq>(contributions: &[Contribution<H>]) -> Result<Wide, Overflow> {
	contributions.iter().enumerate().try_fold(Wide::ONE, |total, (i, c)| {
		// Count each distinct hash once, at its first contribution.
		if contributions[..i].iter().any(|earlier| earlier.hash == c.hash) {
			Ok(total)
		} else {
			total.checked_add(&group_weight(contributions, &c.hash)?)
		}
	})
}

/// Whether `hash` has consensus among `contributions` at `trust` (a trust of
/// 0 counts as 1: any single contribution is enough).
pub fn reaches_consensus<H: PartialEq>(
	contributions: &[Contribution<H>],
	hash: &H,
	trust: u32,
) -> Result<bool, Overflow> {
	let trust = u64::from(trust.max(1));
	let group = group_weight(contributions, hash)?;
	if group.is_zero() {
		return Ok(false);
	}
	let total = total_weight(contributions)?;
	Ok(group.checked_mul_u64(trust)? > total.checked_mul_u64(trust - 1)?)
}

/// The hash that has consensus, if any (at most one can).
pub fn consensus_hash<H: PartialEq>(
	contributions: &[Contribution<H>],
	trust: u32,
) -> Result<Option<&H>, Overflow> {
	for c in contributions {
		if reaches_consensus(contributions, &c.hash, trust)? {
			return Ok(Some(&c.hash));
		}
	}
	Ok(None)
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::weight::worker_weight;
	use proptest::prelude::*;

	fn c(hash: u8, weight: Weight) -> Contribution<u8> {
		Contribution { hash, weight }
	}

	#[test]
	fn fresh_workers_need_ceil_log2_trust_agreeing_contributions() {
		for (trust, needed) in [(1u32, 1usize), (2, 1), (3, 2), (4, 2), (5, 3), (100, 7), (128, 7), (129, 8)] {
			let fresh = worker_weight(0);
			let mut contributions = Vec::new();
			let mut reached_at = None;
			for n in 1..=16 {
				contributions.push(c(1, fresh));
				if reaches_consensus(&contributions, &1, trust).unwrap() {
					reached_at = Some(n);
					break;
				}
			}
			assert_eq!(reached_at, Some(needed), "trust {trust}");
		}
	}

	#[test]
	fn worked_example_of_the_spec_reaches_consensus() {
		// Scores 100 and 300 (weights 32 and 99) agree; score 12 (weight 3) dissents.
		let contributions = [c(1, worker_weight(100)), c(1, worker_weight(300)), c(2, worker_weight(12))];
		assert_eq!(group_weight(&contributions, &1).unwrap().to_u128(), Some(3168));
		assert_eq!(total_weight(&contributions).unwrap().to_u128(), Some(3172));
		assert!(reaches_consensus(&contributions, &1, 100).unwrap()); // 3168/3172 ≈ 99.87% > 99%
		assert!(!reaches_consensus(&contributions, &2, 100).unwrap());
		assert_eq!(consensus_hash(&contributions, 100).unwrap(), Some(&1));
	}

	#[test]
	fn worked_example_of_the_spec_falls_short() {
		// Weights 3 and 32 agreeing alone: 96/97 ≈ 98.97% < 99%.
		let contributions = [c(1, 3), c(1, 32)];
		assert_eq!(total_weight(&contributions).unwrap().to_u128(), Some(97));
		assert!(!reaches_consensus(&contributions, &1, 100).unwrap());
		assert_eq!(consensus_hash(&contributions, 100).unwrap(), None);
	}

	#[test]
	fn trust_zero_or_one_accepts_any_single_contribution() {
		for trust in [0, 1] {
			assert!(reaches_consensus(&[c(9, 2)], &9, trust).unwrap());
		}
		assert!(!reaches_consensus::<u8>(&[], &9, 1).unwrap());
	}

	#[test]
	fn thirty_two_contributions_of_maximal_weight_do_not_overflow() {
		let contributions: Vec<_> = (0..32).map(|i| c(i % 2, u32::MAX)).collect();
		assert!(consensus_hash(&contributions, u32::MAX).is_ok());
	}

	proptest! {
		/// Without dissent, consensus is exactly `prod(w) >= trust`.
		#[test]
		fn without_dissent_consensus_is_product_at_least_trust(
			weights in prop::collection::vec(2u32..50, 1..8),
			trust in 1u32..100_000,
		) {
			let contributions: Vec<_> = weights.iter().map(|w| c(1, *w)).collect();
			let product: u128 = weights.iter().map(|w| u128::from(*w)).product();
			prop_assert_eq!(
				reaches_consensus(&contributions, &1, trust).unwrap(),
				product >= u128::from(trust)
			);
		}

		/// The rule agrees with plain u128 arithmetic where that does not overflow.
		#[test]
		fn matches_the_formula_in_u128(
			contributions in prop::collection::vec((0u8..3, 2u32..40), 1..10),
			trust in 1u32..1000,
		) {
			let contributions: Vec<_> = contributions.iter().map(|(h, w)| c(*h, *w)).collect();
			for hash in 0..3u8 {
				let group: u128 = {
					let ws: Vec<u128> = contributions.iter().filter(|x| x.hash == hash).map(|x| u128::from(x.weight)).collect();
					if ws.is_empty() { 0 } else { ws.iter().product() }
				};
				let total: u128 = 1 + (0..3u8).map(|h| {
					let ws: Vec<u128> = contributions.iter().filter(|x| x.hash == h).map(|x| u128::from(x.weight)).collect();
					if ws.is_empty() { 0 } else { ws.iter().product::<u128>() }
				}).sum::<u128>();
				let expected = group > 0 && group * u128::from(trust) > total * u128::from(trust - 1);
				prop_assert_eq!(reaches_consensus(&contributions, &hash, trust).unwrap(), expected);
			}
		}

		/// At most one hash has consensus, whatever the order of contributions.
		#[test]
		fn at_most_one_hash_has_consensus_and_order_does_not_matter(
			mut contributions in prop::collection::vec((0u8..4, 2u32..1000), 1..12),
			trust in 2u32..10_000,
		) {
			let as_contributions = |v: &[(u8, u32)]| v.iter().map(|(h, w)| c(*h, *w)).collect::<Vec<_>>();
			let first = as_contributions(&contributions);
			let winners = (0..4u8).filter(|h| reaches_consensus(&first, h, trust).unwrap()).count();
			prop_assert!(winners <= 1);
			let before = consensus_hash(&first, trust).unwrap().copied();
			contributions.reverse();
			let reversed = as_contributions(&contributions);
			prop_assert_eq!(consensus_hash(&reversed, trust).unwrap().copied(), before);
		}
	}
}
