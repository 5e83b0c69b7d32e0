//! Payout arithmetic (`protocol.md` §8): percentages, the kitty reward, the
//! worker pot and its split between winners and the scheduler.

use crate::weight::Weight;
use alloc::vec::Vec;

/// A balance in the smallest unit.
pub type Balance = u128;

/// The scheduler's per-task stake, in percent of the pool price.
pub const SCHEDULER_STAKE_PERCENT: u8 = 30;

/// The share of the kitty paid to a finalizing scheduler, in percent.
pub const KITTY_PERCENT: u8 = 10;

/// A payout computation that cannot be done.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PayoutError {
	/// A percentage above 100.
	PercentAbove100,
	/// A sum that does not fit in a balance.
	Overflow,
}

/// `floor(amount * numerator / denominator)` without intermediate overflow;
/// `None` if `denominator` is 0 or the result does not fit.
pub fn mul_div_floor(amount: Balance, numerator: u64, denominator: u64) -> Option<Balance> {
	if denominator == 0 {
		return None;
	}
	let (n, d) = (u128::from(numerator), u128::from(denominator));
	// amount = q * d + r with r < d <= 2^64, so r * n < 2^128.
	let (q, r) = (amount / d, amount % d);
	q.checked_mul(n)?.checked_add(r * n / d)
}

/// `floor(amount * percent / 100)`.
pub fn percent_of(amount: Balance, percent: u8) -> Result<Balance, PayoutError> {
	if percent > 100 {
		return Err(PayoutError::PercentAbove100);
	}
	// percent <= 100: the result is at most `amount`, so it fits.
	mul_div_floor(amount, u64::from(percent), 100).ok_or(PayoutError::Overflow)
}

/// The scheduler's stake for one task: 30% of the pool price.
pub fn scheduler_stake(pool_price: Balance) -> Balance {
	// 30 <= 100: cannot fail.
	percent_of(pool_price, SCHEDULER_STAKE_PERCENT).unwrap_or(pool_price)
}

/// What a finalizing scheduler takes from a kitty holding `kitty`:
/// `min(max(kitty * 10%, kitty_min), kitty)`.
pub fn kitty_reward(kitty: Balance, kitty_min: Balance) -> Balance {
	percent_of(kitty, KITTY_PERCENT).unwrap_or(kitty).max(kitty_min).min(kitty)
}

/// The worker pot: the pool price plus the seized stakes of the losers.
pub fn worker_pot(pool_price: Balance, worker_stake: Balance, losers: u32) -> Result<Balance, PayoutError> {
	worker_stake
		.checked_mul(Balance::from(losers))
		.and_then(|seized| seized.checked_add(pool_price))
		.ok_or(PayoutError::Overflow)
}

/// `floor(log2(w))`: a winner's share factor (a weight is at least 2, so at least 1).
pub fn share_factor(weight: Weight) -> u32 {
	weight.max(1).ilog2()
}

/// How a worker pot is split.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Split {
	/// Each winner's reward, in the order of the weights given.
	pub winners: Vec<Balance>,
	/// What the scheduler gets: its ratio plus the rounding dust.
	pub scheduler: Balance,
}

/// Splits `pot`: the winners share `pot * (100 - scheduler_ratio)%` in
/// proportion to `floor(log2 w)` of their weights, the scheduler gets the rest.
/// The parts always add up to `pot` exactly.
pub fn split_pot(pot: Balance, scheduler_ratio: u8, winner_weights: &[Weight]) -> Result<Split, PayoutError> {
	let for_winners = percent_of(pot, 100u8.checked_sub(scheduler_ratio).ok_or(PayoutError::PercentAbove100)?)?;
	let factors: Vec<u64> = winner_weights.iter().map(|w| u64::from(share_factor(*w))).collect();
	let total_factor: u64 = factors.iter().sum();
	let winners: Vec<Balance> = factors
		.iter()
		// factor <= total_factor: each share is at most `for_winners`.
		.map(|f| mul_div_floor(for_winners, *f, total_factor).unwrap_or(0))
		.collect();
	let paid = winners.iter().try_fold(0u128, |sum, w| sum.checked_add(*w)).ok_or(PayoutError::Overflow)?;
	let scheduler = pot.checked_sub(paid).ok_or(PayoutError::Overflow)?;
	Ok(Split { winners, scheduler })
}

#[cfg(test)]
mod tests {
	use super::*;
	use proptest::prelude::*;

	#[test]
	fn percentages_round_down() {
		assert_eq!(percent_of(1000, 30), Ok(300));
		assert_eq!(percent_of(999, 30), Ok(299));
		assert_eq!(percent_of(Balance::MAX, 100), Ok(Balance::MAX));
		assert_eq!(percent_of(1, 101), Err(PayoutError::PercentAbove100));
		assert_eq!(scheduler_stake(10), 3);
	}

	#[test]
	fn kitty_reward_is_ten_percent_bounded_by_minimum_and_kitty() {
		assert_eq!(kitty_reward(0, 5), 0);
		assert_eq!(kitty_reward(1000, 5), 100);
		assert_eq!(kitty_reward(20, 5), 5);
		assert_eq!(kitty_reward(3, 5), 3);
	}

	#[test]
	fn worker_pot_adds_losers_stakes() {
		assert_eq!(worker_pot(100, 7, 2), Ok(114));
		assert_eq!(worker_pot(Balance::MAX, 1, 1), Err(PayoutError::Overflow));
	}

	#[test]
	fn winners_share_by_floor_log2_of_weight() {
		// Weights 32 (log2 = 5) and 99 (floor log2 = 6), scheduler ratio 10%:
		// 900 for the winners, split 5:6.
		let split = split_pot(1000, 10, &[32, 99]).unwrap();
		assert_eq!(split.winners, vec![409, 490]);
		assert_eq!(split.scheduler, 101);
		assert_eq!(share_factor(2), 1);
		assert_eq!(share_factor(3), 1);
		assert_eq!(share_factor(4), 2);
	}

	#[test]
	fn with_no_winner_the_scheduler_gets_the_pot() {
		assert_eq!(split_pot(50, 10, &[]).unwrap(), Split { winners: vec![], scheduler: 50 });
		assert_eq!(split_pot(50, 101, &[2]), Err(PayoutError::PercentAbove100));
	}

	proptest! {
		#[test]
		fn the_split_conserves_the_pot(
			pot in any::<u128>(),
			ratio in 0u8..=100,
			weights in prop::collection::vec(2u32..u32::MAX, 0..32),
		) {
			let split = split_pot(pot, ratio, &weights).unwrap();
			let paid: u128 = split.winners.iter().sum();
			prop_assert_eq!(paid + split.scheduler, pot);
			prop_assert!(split.scheduler >= percent_of(pot, ratio).unwrap());
			// A heavier winner never gets less than a lighter one.
			for (i, a) in weights.iter().enumerate() {
				for (j, b) in weights.iter().enumerate() {
					if a > b {
						prop_assert!(split.winners[i] >= split.winners[j]);
					}
				}
			}
		}

		#[test]
		fn mul_div_matches_wide_arithmetic(a in any::<u64>(), n in any::<u32>(), d in 1u32..) {
			let expected = u128::from(a) * u128::from(n) / u128::from(d);
			prop_assert_eq!(mul_div_floor(u128::from(a), u64::from(n), u64::from(d)), Some(expected));
		}
	}
}
