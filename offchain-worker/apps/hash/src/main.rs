//! `hash`: the SHA-256 of its input. The input is `/in/input` if the task
//! has one, else the arguments joined by spaces. Prints the hex digest and
//! writes the callback bytes (the raw 32-byte digest) to `/out/callback`.

use sha2::{Digest, Sha256};

fn main() {
	let input = std::fs::read("/in/input").unwrap_or_else(|_| std::env::args().skip(1).collect::<Vec<_>>().join(" ").into_bytes());
	let digest = Sha256::digest(&input);
	let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
	println!("sha256 {hex}");
	std::fs::write("/out/callback", digest).expect("/out is writable");
}
