//! `pi`: a Monte Carlo estimate of pi. The first argument is the number of
//! samples (default 100 000); the generator is seeded by the task id
//! (`ECT_TASK`), so every worker of a task draws the same points and prints
//! the same estimate. Writes the estimate as text to `/out/callback`.

/// xorshift64*: small, fast and the same everywhere.
struct Rng(u64);

impl Rng {
	fn next(&mut self) -> u64 {
		self.0 ^= self.0 >> 12;
		self.0 ^= self.0 << 25;
		self.0 ^= self.0 >> 27;
		self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
	}

	/// A uniform float in [0, 1).
	fn unit(&mut self) -> f64 {
		(self.next() >> 11) as f64 / (1u64 << 53) as f64
	}
}

fn main() {
	let samples: u64 = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(100_000);
	let task = std::env::var("ECT_TASK").unwrap_or_default();
	// FNV-1a of the task id: a non-zero seed that differs per task.
	let seed = task.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ b as u64).wrapping_mul(0x100_0000_01b3)) | 1;
	let mut rng = Rng(seed);
	let inside = (0..samples)
		.filter(|_| {
			let (x, y) = (rng.unit(), rng.unit());
			x * x + y * y < 1.0
		})
		.count() as u64;
	let estimate = 4.0 * inside as f64 / samples.max(1) as f64;
	println!("pi ~ {estimate:.6} ({inside}/{samples} samples inside the quarter circle)");
	std::fs::write("/out/callback", format!("{estimate:.6}")).expect("/out is writable");
}
