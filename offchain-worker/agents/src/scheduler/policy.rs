//! A scheduler's policy file (`ect scheduler --policy FILE`): what it offers
//! and how early it warns about deadlines, so that it runs its pool
//! unattended.
//!
//! ```json
//! {"pool": 3,
//!  "offer": {"category": 1, "price": "10000000000000", "volume": 100, "trust": 1000,
//!            "capabilities": {"cpu_cores": 4, "memory_mib": 8192, "cpu_arch": "x86_64"}},
//!  "deadline_margin_secs": 600,
//!  "spot_check_per_million": 50000}
//! ```
//!
//! `pool` is optional when `--pool` is given. With an `offer`, the scheduler
//! keeps one workerpool order of these terms in the order book: it publishes
//! one at start, a fresh one (new salt) each time the last is spent,
//! withdrawn or about to expire (each lives 7 days, renewed a day before;
//! see [`super::offers`]), and replaces it when the file's terms change.
//! `price` is in plancks (a JSON number or, above 2^53, a string); `trust`
//! defaults to 1 000, `capabilities` to none promised. Every open task
//! whose final deadline is less than `deadline_margin_secs` away (default
//! 600) is reported in the log and the `ect_scheduler_tasks_at_risk` gauge.
//! With `spot_check_per_million`, the scheduler sets its pool's spot-check
//! rate on chain (`pallet_ect_poco::spot_check`) to it at start; without,
//! the pool keeps the rate it has (the runtime's default until one is set).

use std::path::{Path, PathBuf};

use ect_client::runtime::{AccountId, Balance};
use pallet_ect_marketplace::WorkerpoolOrder;
use pallet_ect_registry::{CpuArch, Resources};
use serde::Deserialize;

/// The default warning margin before a final deadline, in seconds.
pub const DEFAULT_DEADLINE_MARGIN_SECS: u64 = 600;

/// Why a policy file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum PolicyError {
	/// The file cannot be read.
	#[error("cannot read the policy file {path}: {source}")]
	Read {
		/// The file.
		path: PathBuf,
		/// Why.
		source: std::io::Error,
	},
	/// The file is not a policy.
	#[error("the policy file {path} is malformed: {source}")]
	Malformed {
		/// The file.
		path: PathBuf,
		/// Why.
		source: serde_json::Error,
	},
	/// A value is out of range.
	#[error("the policy file {path}: {what}")]
	Invalid {
		/// The file.
		path: PathBuf,
		/// What is wrong.
		what: String,
	},
}

/// A scheduler's policy.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
	/// The workerpool, if the file names it.
	#[serde(default)]
	pub pool: Option<u32>,
	/// The order to keep in the book, if any.
	#[serde(default)]
	pub offer: Option<OfferPolicy>,
	/// How long before a final deadline an open task is reported at risk.
	#[serde(default = "default_margin")]
	pub deadline_margin_secs: u64,
	/// The pool's spot-check rate to keep on chain, per million lone
	/// consensuses, if the policy sets one.
	#[serde(default)]
	pub spot_check_per_million: Option<u32>,
	/// Whether the tasks nobody initialized yet go to workers as slots,
	/// which their first contribution initializes (`scheduler::slots`; the
	/// default). With `false` the scheduler initializes every task first:
	/// a task whose worker cannot compute it is then open, and reported at
	/// risk before its final deadline, from the start.
	#[serde(default = "default_slots")]
	pub slots: bool,
}

impl Default for Policy {
	fn default() -> Self {
		Self {
			pool: None,
			offer: None,
			deadline_margin_secs: DEFAULT_DEADLINE_MARGIN_SECS,
			spot_check_per_million: None,
			slots: true,
		}
	}
}

fn default_slots() -> bool {
	true
}

fn default_margin() -> u64 {
	DEFAULT_DEADLINE_MARGIN_SECS
}

fn default_trust() -> u32 {
	1_000
}

/// The terms of the workerpool order a scheduler keeps published.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfferPolicy {
	/// The task category.
	pub category: u32,
	/// The price per task, in plancks.
	pub price: Amount,
	/// How many tasks each order may be used for.
	pub volume: u32,
	/// The highest trust accepted.
	#[serde(default = "default_trust")]
	pub trust: u32,
	/// What the pool's machines offer.
	#[serde(default)]
	pub capabilities: Capabilities,
}

/// An amount of plancks: a JSON number, or a string for large ones.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(try_from = "AmountText")]
pub struct Amount(pub Balance);

#[derive(Deserialize)]
#[serde(untagged)]
enum AmountText {
	Number(u64),
	Text(String),
}

impl TryFrom<AmountText> for Amount {
	type Error = String;

	fn try_from(value: AmountText) -> Result<Self, String> {
		match value {
			AmountText::Number(n) => Ok(Self(Balance::from(n))),
			AmountText::Text(text) =>
				text.trim().parse().map(Self).map_err(|_| format!("{text:?} is not an amount of plancks")),
		}
	}
}

/// The capabilities a pool's order promises (`Resources` on chain).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Capabilities {
	/// CPU cores.
	pub cpu_cores: u16,
	/// Memory, MiB.
	pub memory_mib: u32,
	/// Disk, MiB.
	pub disk_mib: u32,
	/// GPU memory, MiB.
	pub gpu_memory_mib: u32,
	/// `any`, `x86_64`, `aarch64` or `riscv64`.
	pub cpu_arch: Arch,
	/// Region code; 0 for any.
	pub region: u16,
}

/// A processor architecture, by name.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Arch {
	/// Not advertised.
	#[default]
	Any,
	/// x86-64.
	X86_64,
	/// 64-bit ARM.
	Aarch64,
	/// 64-bit RISC-V.
	Riscv64,
}

impl From<Capabilities> for Resources {
	fn from(c: Capabilities) -> Self {
		let cpu_arch = match c.cpu_arch {
			Arch::Any => CpuArch::Any,
			Arch::X86_64 => CpuArch::X86_64,
			Arch::Aarch64 => CpuArch::Aarch64,
			Arch::Riscv64 => CpuArch::Riscv64,
		};
		Resources {
			cpu_cores: c.cpu_cores,
			memory_mib: c.memory_mib,
			disk_mib: c.disk_mib,
			gpu_memory_mib: c.gpu_memory_mib,
			cpu_arch,
			region: c.region,
		}
	}
}

impl Policy {
	/// Reads and checks the policy file at `path`.
	pub fn load(path: &Path) -> Result<Self, PolicyError> {
		let text = std::fs::read(path).map_err(|source| PolicyError::Read { path: path.into(), source })?;
		let policy: Self =
			serde_json::from_slice(&text).map_err(|source| PolicyError::Malformed { path: path.into(), source })?;
		let invalid = |what: &str| PolicyError::Invalid { path: path.into(), what: what.into() };
		if let Some(offer) = &policy.offer {
			if offer.volume == 0 {
				return Err(invalid("offer.volume must be at least 1"));
			}
			if offer.trust == 0 {
				return Err(invalid("offer.trust must be at least 1"));
			}
		}
		if policy.spot_check_per_million.is_some_and(|rate| rate > pallet_ect_poco::spot_check::PER_MILLION) {
			return Err(invalid("spot_check_per_million must be at most 1000000"));
		}
		Ok(policy)
	}

	/// The deadline margin in milliseconds.
	pub fn margin_ms(&self) -> u64 {
		self.deadline_margin_secs.saturating_mul(1_000)
	}
}

impl OfferPolicy {
	/// The workerpool order of these terms for `pool`, with `salt`, void
	/// from block `expires` on.
	pub fn order(&self, pool: u32, salt: [u8; 32], expires: u32) -> WorkerpoolOrder<AccountId, Balance> {
		let mut order =
			ect_client::offers::workerpool(pool, self.category, self.trust, self.price.0, self.volume, salt, expires);
		order.capabilities = self.capabilities.into();
		order
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn load(text: &str) -> Result<Policy, PolicyError> {
		let dir = std::env::temp_dir().join(format!("ect-policy-{}-{}", std::process::id(), text.len()));
		std::fs::create_dir_all(&dir).unwrap();
		let path = dir.join("policy.json");
		std::fs::write(&path, text).unwrap();
		let policy = Policy::load(&path);
		let _ = std::fs::remove_dir_all(&dir);
		policy
	}

	#[test]
	fn a_full_policy_reads_with_its_defaults() {
		let policy = load(
			r#"{"pool": 3, "offer": {"category": 1, "price": "123456789012345678901", "volume": 5,
			    "capabilities": {"cpu_cores": 4, "cpu_arch": "aarch64"}}}"#,
		)
		.unwrap();
		assert_eq!(policy.pool, Some(3));
		assert_eq!(policy.deadline_margin_secs, DEFAULT_DEADLINE_MARGIN_SECS);
		let offer = policy.offer.unwrap();
		assert_eq!((offer.price.0, offer.volume, offer.trust), (123_456_789_012_345_678_901, 5, 1_000));
		let order = offer.order(3, [7; 32], 1_000);
		assert_eq!((order.workerpool, order.category, order.salt, order.expires), (3, 1, [7; 32], 1_000));
		assert_eq!((order.capabilities.cpu_cores, order.capabilities.cpu_arch), (4, CpuArch::Aarch64));
	}

	#[test]
	fn an_empty_policy_offers_nothing() {
		let policy = load("{}").unwrap();
		assert_eq!(policy, Policy::default());
		assert_eq!(load(r#"{"deadline_margin_secs": 5}"#).unwrap().margin_ms(), 5_000);
		assert_eq!(load(r#"{"spot_check_per_million": 200000}"#).unwrap().spot_check_per_million, Some(200_000));
		assert!(policy.slots, "tasks go as slots by default");
		assert!(!load(r#"{"slots": false}"#).unwrap().slots);
	}

	#[test]
	fn bad_policies_are_refused_with_the_reason() {
		assert!(matches!(load("{"), Err(PolicyError::Malformed { .. })));
		assert!(matches!(load(r#"{"offer": {"category": 1, "price": 5, "volume": 1, "colour": 2}}"#), Err(PolicyError::Malformed { .. })));
		assert!(matches!(load(r#"{"offer": {"category": 1, "price": "lots", "volume": 1}}"#), Err(PolicyError::Malformed { .. })));
		assert!(matches!(load(r#"{"offer": {"category": 1, "price": 5, "volume": 0}}"#), Err(PolicyError::Invalid { .. })));
		assert!(matches!(load(r#"{"offer": {"category": 1, "price": 5, "volume": 1, "trust": 0}}"#), Err(PolicyError::Invalid { .. })));
		assert!(matches!(load(r#"{"spot_check_per_million": 1000001}"#), Err(PolicyError::Invalid { .. })));
		let missing = Policy::load(Path::new("/nonexistent/ect-policy.json"));
		assert!(matches!(missing, Err(PolicyError::Read { .. })));
	}
}
