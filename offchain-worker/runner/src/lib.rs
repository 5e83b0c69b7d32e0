//! # ect-runner
//!
//! Runs ECT apps: WebAssembly modules using WASI preview 1, on wasmtime (the
//! node executor's major version), so that every worker that runs the same
//! app on the same input gets the same bytes.
//!
//! - [`fetch`]: app and dataset bytes from an http(s) URL or a local path,
//!   refused unless their blake2-256 equals the registered checksum, cached by
//!   checksum; [`http`], the one HTTP(S) request they and the agents'
//!   result store use.
//! - [`sandbox`]: one run. Deterministic (fixed clocks, a random stream
//!   seeded by the task, no network, no environment), confined (a read-only
//!   `/in` with the input files and the dataset, a writable `/out`), capped
//!   (memory, output bytes) and metered (fuel).
//! - [`output`]: the run's output bundle and its digest, the value workers
//!   vote on.
//! - [`results`]: the certified result of a task: the results link stored on
//!   chain (where the bundle is, and its hash), the check of a bundle against
//!   the certified digest, and the directory of bundles the agents keep.
//! - [`sealed`]: result bundles sealed to the requester's x25519 key
//!   (ChaCha20-Poly1305), for tasks whose `params` name `encrypt_to`.
//! - [`calibrate`]: how much fuel this machine burns per second in the
//!   sandbox ([`Runner::fuel_per_second`]), the speed a worker reports.

pub mod calibrate;
pub mod error;
pub mod fetch;
pub mod http;
pub mod output;
pub mod results;
pub mod sandbox;
pub mod sealed;

pub use error::{FetchError, RunError};
pub use fetch::Fetcher;
pub use output::{digest_of, Output};
pub use sandbox::{Limits, RunInput, Runner};

/// The blake2-256 hash the chain uses for checksums and digests.
pub fn blake2_256(bytes: &[u8]) -> [u8; 32] {
	polkadot_sdk::sp_crypto_hashing::blake2_256(bytes)
}
