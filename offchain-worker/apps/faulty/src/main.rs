//! `faulty`: a deliberately broken app for tests. Its first argument picks
//! the fault:
//! - `trap`: executes `unreachable` (a WebAssembly trap);
//! - `spin`: loops forever, so the run ends out of fuel;
//! - `exit`: exits with status 3;
//! - `flood`: writes to standard output without end (the output cap);
//! - `leak`: allocates without end (the memory cap).
//! Anything else prints `fine`.

fn main() {
	match std::env::args().nth(1).as_deref() {
		Some("trap") => std::process::abort(),
		Some("spin") => {
			let mut x: u64 = 1;
			loop {
				x = std::hint::black_box(x.wrapping_mul(3).wrapping_add(1));
			}
		},
		Some("exit") => std::process::exit(3),
		Some("flood") => loop {
			println!("{}", "x".repeat(1024));
		},
		Some("leak") => {
			let mut blocks = Vec::new();
			loop {
				blocks.push(vec![1u8; 1 << 20]);
			}
		},
		_ => println!("fine"),
	}
}
