//! A worker's weight from its reputation score (`protocol.md` §6).

/// A worker's reputation score.
pub type Score = u32;

/// A worker's weight in consensus; at least 2.
pub type Weight = u32;

/// `w = max(floor(s / 3), 3) - 1`: a new worker (score 0) weighs 2, a worker of
/// score 100 weighs 32, of score 300 weighs 99.
pub fn worker_weight(score: Score) -> Weight {
	// `max(.., 3)` makes the subtraction safe.
	(score / 3).max(3) - 1
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn weights_of_the_spec() {
		assert_eq!(worker_weight(0), 2);
		assert_eq!(worker_weight(11), 2);
		assert_eq!(worker_weight(12), 3);
		assert_eq!(worker_weight(100), 32);
		assert_eq!(worker_weight(300), 99);
		assert_eq!(worker_weight(Score::MAX), Score::MAX / 3 - 1);
	}

	#[test]
	fn weight_never_drops_below_two_and_never_decreases_with_score() {
		let mut previous = worker_weight(0);
		for score in 0..10_000 {
			let w = worker_weight(score);
			assert!(w >= 2);
			assert!(w >= previous);
			previous = w;
		}
	}
}
