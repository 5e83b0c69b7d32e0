//! The typed failures of fetching and running an app: a worker reports them
//! and contributes nothing.

/// Why app or dataset bytes could not be obtained.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
	/// The location is neither an http(s) URL nor a readable local path.
	#[error("cannot read {location}: {detail}")]
	Unreachable {
		/// Where the bytes were looked for.
		location: String,
		/// The transport's or file system's explanation.
		detail: String,
	},
	/// The bytes do not hash to the checksum registered on chain.
	#[error("checksum mismatch for {location}: registered 0x{}, got 0x{}", hex::encode(expected), hex::encode(actual))]
	ChecksumMismatch {
		/// Where the bytes came from.
		location: String,
		/// The registered checksum.
		expected: [u8; 32],
		/// The hash of the bytes obtained.
		actual: [u8; 32],
	},
	/// The bytes are larger than the download cap.
	#[error("{location} is larger than {cap} bytes")]
	TooLarge {
		/// Where the bytes came from.
		location: String,
		/// The cap in bytes.
		cap: u64,
	},
	/// The local cache could not be written.
	#[error("cache: {0}")]
	Cache(#[from] std::io::Error),
}

/// Why a run produced no result.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
	/// The module is not valid WebAssembly, or imports something outside WASI
	/// preview 1.
	#[error("invalid app module: {0}")]
	InvalidModule(String),
	/// The app used up the category's fuel.
	#[error("out of fuel after {fuel} units")]
	OutOfFuel {
		/// The fuel it was given (the category's `max_fuel`).
		fuel: u64,
	},
	/// The app trapped (unreachable, out-of-bounds access, memory cap, ...).
	#[error("app trapped: {0}")]
	Trapped(String),
	/// The app exited with a non-zero status.
	#[error("app exited with status {0}")]
	Exit(i32),
	/// The app wrote more than the output cap.
	#[error("output of {size} bytes exceeds the cap of {cap} bytes")]
	OutputTooLarge {
		/// Bytes written (stdout and `/out`).
		size: u64,
		/// The cap.
		cap: u64,
	},
	/// The deal has a callback but the app wrote no `/out/callback`.
	#[error("the deal has a callback but the app wrote no /out/callback")]
	NoCallback,
	/// The sandbox could not be set up or read back.
	#[error("sandbox: {0}")]
	Sandbox(String),
}

impl RunError {
	/// A short machine-readable name, for logs and metrics.
	pub fn kind(&self) -> &'static str {
		match self {
			Self::InvalidModule(_) => "invalid_module",
			Self::OutOfFuel { .. } => "out_of_fuel",
			Self::Trapped(_) => "trapped",
			Self::Exit(_) => "exit",
			Self::OutputTooLarge { .. } => "output_too_large",
			Self::NoCallback => "no_callback",
			Self::Sandbox(_) => "sandbox",
		}
	}
}

impl FetchError {
	/// A short machine-readable name, for logs and metrics.
	pub fn kind(&self) -> &'static str {
		match self {
			Self::Unreachable { .. } => "download_failed",
			Self::ChecksumMismatch { .. } => "checksum_mismatch",
			Self::TooLarge { .. } => "too_large",
			Self::Cache(_) => "cache",
		}
	}
}
