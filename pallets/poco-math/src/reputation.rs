//! Score updates after a task is finalized (`protocol.md` §7).

use crate::weight::Score;

/// A winner's new score: one more, but only when the task had more than one
/// contributor (agreeing with nobody proves nothing).
pub fn winner_score(score: Score, contributors: u32) -> Score {
	if contributors > 1 {
		score.saturating_add(1)
	} else {
		score
	}
}

/// A loser's new score (another hash, no reveal, or rejected): `floor(s * 2 / 3)`.
pub fn loser_score(score: Score) -> Score {
	// s * 2 / 3 <= s: the division brings it back into range.
	(u64::from(score) * 2 / 3) as Score
}

#[cfg(test)]
mod tests {
	use super::*;
	use proptest::prelude::*;

	#[test]
	fn winners_gain_one_only_with_company() {
		assert_eq!(winner_score(10, 1), 10);
		assert_eq!(winner_score(10, 2), 11);
		assert_eq!(winner_score(Score::MAX, 3), Score::MAX);
	}

	#[test]
	fn losers_keep_two_thirds_rounded_down() {
		assert_eq!(loser_score(0), 0);
		assert_eq!(loser_score(1), 0);
		assert_eq!(loser_score(2), 1);
		assert_eq!(loser_score(300), 200);
		assert_eq!(loser_score(100), 66);
		assert_eq!(loser_score(Score::MAX), ((u64::from(Score::MAX) * 2) / 3) as Score);
	}

	proptest! {
		#[test]
		fn losing_never_raises_and_winning_never_lowers(score in any::<Score>(), n in 0u32..64) {
			prop_assert!(loser_score(score) <= score);
			prop_assert!(winner_score(score, n) >= score);
			prop_assert!(winner_score(score, n) - score <= 1);
		}
	}
}
