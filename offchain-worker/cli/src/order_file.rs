//! The JSON order files of `ect order publish` and `ect order cancel`: an
//! offer of an app, a dataset or a workerpool.
//!
//! ```json
//! { "kind": "app", "app": 0, "price": "1ect", "volume": 10 }
//! { "kind": "workerpool", "workerpool": 0, "price": 10000000000000, "volume": 10,
//!   "category": 0, "trust": 1, "requester_restrict": { "account": "//Dave" } }
//! ```
//!
//! Required: `kind` (`app`, `dataset`, `workerpool` or `pool`), the asset id
//! (`app`, `dataset` or `workerpool`), `price` (planck as a number or a
//! string, or ECT as `"1.5ect"`) and `volume`. Optional: `tag` (`"tee"`,
//! `"gpu"`, `"tee,gpu"` or `0x` and 64 hex digits; none by default), the
//! restrictions (`"anyone"` by default, `{"account": "<SS58 or //Dev>"}` or
//! `{"group": <id>}`), `salt` (`0x` and 64 hex digits: a fresh one at
//! publish, required to cancel), and for workerpool orders `category` (0),
//! `trust` (1) and `capabilities` (`{"cpu_cores", "memory_mib", "disk_mib",
//! "gpu_memory_mib", "cpu_arch": "any" | "x86_64" | "aarch64" | "riscv64",
//! "region"}`, each 0 / any by default). Unknown fields are errors.

use ect_client::runtime::{AccountId, Runtime};
use pallet_ect_marketplace::{AppOrder, DatasetOrder, Order, OrderOf, WorkerpoolOrder};
use pallet_ect_registry::{AppId, CategoryId, CpuArch, DatasetId, GroupId, Resources, Restriction, WorkerpoolId};
use polkadot_sdk::sp_core::H256;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::args::{parse_account, Amount, TagArg};

/// An order file.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum OrderFile {
	/// An app owner's offer.
	App(AppOrderFile),
	/// A dataset owner's offer.
	Dataset(DatasetOrderFile),
	/// A scheduler's offer.
	#[serde(alias = "pool")]
	Workerpool(WorkerpoolOrderFile),
}

/// The fields of an [`AppOrder`].
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AppOrderFile {
	app: AppId,
	price: Amount,
	volume: u32,
	#[serde(default)]
	tag: TagArg,
	#[serde(default)]
	dataset_restrict: RestrictionFile,
	#[serde(default)]
	workerpool_restrict: RestrictionFile,
	#[serde(default)]
	requester_restrict: RestrictionFile,
	#[serde(default, skip_serializing_if = "Option::is_none")]
	salt: Option<H256>,
}

/// The fields of a [`DatasetOrder`].
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DatasetOrderFile {
	dataset: DatasetId,
	price: Amount,
	volume: u32,
	#[serde(default)]
	tag: TagArg,
	#[serde(default)]
	app_restrict: RestrictionFile,
	#[serde(default)]
	workerpool_restrict: RestrictionFile,
	#[serde(default)]
	requester_restrict: RestrictionFile,
	#[serde(default, skip_serializing_if = "Option::is_none")]
	salt: Option<H256>,
}

/// The fields of a [`WorkerpoolOrder`].
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct WorkerpoolOrderFile {
	workerpool: WorkerpoolId,
	price: Amount,
	volume: u32,
	#[serde(default)]
	tag: TagArg,
	#[serde(default)]
	category: CategoryId,
	#[serde(default = "default_trust")]
	trust: u32,
	#[serde(default)]
	app_restrict: RestrictionFile,
	#[serde(default)]
	dataset_restrict: RestrictionFile,
	#[serde(default)]
	requester_restrict: RestrictionFile,
	#[serde(default, skip_serializing_if = "Option::is_none")]
	salt: Option<H256>,
	#[serde(default)]
	capabilities: ResourcesFile,
}

/// A workerpool order accepts trust 1 unless it says more.
fn default_trust() -> u32 {
	1
}

/// Who may use an order: `"anyone"`, `{"account": "..."}`, `{"group": 3}`.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RestrictionFile {
	/// Anyone.
	#[default]
	Anyone,
	/// One account: SS58, `0x` public key or dev name.
	Account(String),
	/// The members of a group.
	Group(GroupId),
}

impl RestrictionFile {
	/// The restriction, its account resolved; `field` names it in errors.
	fn resolve(&self, field: &str) -> Result<Restriction<AccountId>, String> {
		Ok(match self {
			Self::Anyone => Restriction::Anyone,
			Self::Account(text) => Restriction::Account(parse_account(text).map_err(|e| format!("{field}: {e}"))?),
			Self::Group(group) => Restriction::Group(*group),
		})
	}
}

/// Machine resources; every field defaults to 0 / any.
#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct ResourcesFile {
	cpu_cores: u16,
	memory_mib: u32,
	disk_mib: u32,
	gpu_memory_mib: u32,
	cpu_arch: CpuArchFile,
	region: u16,
}

/// A processor architecture.
#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CpuArchFile {
	/// Any.
	#[default]
	Any,
	/// x86-64.
	X86_64,
	/// 64-bit ARM.
	Aarch64,
	/// 64-bit RISC-V.
	Riscv64,
}

impl From<ResourcesFile> for Resources {
	fn from(file: ResourcesFile) -> Self {
		Resources {
			cpu_cores: file.cpu_cores,
			memory_mib: file.memory_mib,
			disk_mib: file.disk_mib,
			gpu_memory_mib: file.gpu_memory_mib,
			cpu_arch: match file.cpu_arch {
				CpuArchFile::Any => CpuArch::Any,
				CpuArchFile::X86_64 => CpuArch::X86_64,
				CpuArchFile::Aarch64 => CpuArch::Aarch64,
				CpuArchFile::Riscv64 => CpuArch::Riscv64,
			},
			region: file.region,
		}
	}
}

impl OrderFile {
	/// Parses an order file's bytes.
	pub fn parse(bytes: &[u8]) -> Result<Self, serde_json::Error> {
		serde_json::from_slice(bytes)
	}

	/// The kind, as the file names it.
	pub fn kind(&self) -> &'static str {
		match self {
			Self::App(_) => "app",
			Self::Dataset(_) => "dataset",
			Self::Workerpool(_) => "workerpool",
		}
	}

	/// The salt, if the file has one.
	pub fn salt(&self) -> Option<H256> {
		match self {
			Self::App(o) => o.salt,
			Self::Dataset(o) => o.salt,
			Self::Workerpool(o) => o.salt,
		}
	}

	/// Sets the salt.
	pub fn set_salt(&mut self, salt: H256) {
		let slot = match self {
			Self::App(o) => &mut o.salt,
			Self::Dataset(o) => &mut o.salt,
			Self::Workerpool(o) => &mut o.salt,
		};
		*slot = Some(salt);
	}

	/// The file as JSON (with its salt): what to keep to cancel the order.
	pub fn to_json(&self) -> Value {
		serde_json::to_value(self).unwrap_or(Value::Null)
	}

	/// The order; it needs a salt and a volume of at least 1.
	pub fn to_order(&self) -> Result<OrderOf<Runtime>, String> {
		let salt = self.salt().ok_or("the order has no salt")?.0;
		Ok(match self {
			Self::App(o) => Order::App(AppOrder {
				app: o.app,
				price: o.price.0,
				volume: volume(o.volume)?,
				tag: o.tag.0,
				dataset_restrict: o.dataset_restrict.resolve("dataset_restrict")?,
				workerpool_restrict: o.workerpool_restrict.resolve("workerpool_restrict")?,
				requester_restrict: o.requester_restrict.resolve("requester_restrict")?,
				salt,
			}),
			Self::Dataset(o) => Order::Dataset(DatasetOrder {
				dataset: o.dataset,
				price: o.price.0,
				volume: volume(o.volume)?,
				tag: o.tag.0,
				app_restrict: o.app_restrict.resolve("app_restrict")?,
				workerpool_restrict: o.workerpool_restrict.resolve("workerpool_restrict")?,
				requester_restrict: o.requester_restrict.resolve("requester_restrict")?,
				salt,
			}),
			Self::Workerpool(o) => Order::Workerpool(WorkerpoolOrder {
				workerpool: o.workerpool,
				price: o.price.0,
				volume: volume(o.volume)?,
				tag: o.tag.0,
				category: o.category,
				trust: o.trust,
				app_restrict: o.app_restrict.resolve("app_restrict")?,
				dataset_restrict: o.dataset_restrict.resolve("dataset_restrict")?,
				requester_restrict: o.requester_restrict.resolve("requester_restrict")?,
				salt,
				capabilities: o.capabilities.into(),
			}),
		})
	}
}

/// An order's volume, which must be at least 1.
fn volume(volume: u32) -> Result<u32, String> {
	if volume == 0 {
		return Err("volume must be at least 1".into());
	}
	Ok(volume)
}

#[cfg(test)]
mod tests {
	use super::*;
	use ect_client::runtime::UNIT;

	#[test]
	fn a_minimal_app_order_gets_the_defaults() {
		let mut file = OrderFile::parse(br#"{"kind": "app", "app": 3, "price": "2ect", "volume": 5}"#).expect("valid");
		assert!(file.to_order().is_err(), "no salt yet");
		file.set_salt(H256::repeat_byte(7));
		match file.to_order().expect("complete") {
			Order::App(order) => {
				assert_eq!((order.app, order.price, order.volume, order.salt), (3, 2 * UNIT, 5, [7; 32]));
				assert_eq!(order.requester_restrict, Restriction::Anyone);
			},
			other => panic!("not an app order: {other:?}"),
		}
	}

	#[test]
	fn a_workerpool_order_reads_restrictions_and_capabilities() {
		let file = OrderFile::parse(
			br#"{"kind": "pool", "workerpool": 1, "price": 10, "volume": 2, "trust": 3,
				"requester_restrict": {"account": "//Dave"}, "app_restrict": {"group": 4},
				"capabilities": {"cpu_cores": 8, "cpu_arch": "x86_64"},
				"salt": "0x0101010101010101010101010101010101010101010101010101010101010101"}"#,
		)
		.expect("valid");
		match file.to_order().expect("complete") {
			Order::Workerpool(order) => {
				assert_eq!((order.trust, order.category), (3, 0));
				assert_eq!(order.app_restrict, Restriction::Group(4));
				assert!(matches!(order.requester_restrict, Restriction::Account(_)));
				assert_eq!((order.capabilities.cpu_cores, order.capabilities.cpu_arch), (8, CpuArch::X86_64));
			},
			other => panic!("not a workerpool order: {other:?}"),
		}
	}

	#[test]
	fn unknown_fields_kinds_and_bad_values_are_refused() {
		let unknown = OrderFile::parse(br#"{"kind": "app", "app": 0, "price": 1, "volume": 1, "prise": 2}"#);
		assert!(unknown.expect_err("unknown field").to_string().contains("prise"));
		assert!(OrderFile::parse(br#"{"kind": "request", "app": 0}"#).is_err());
		assert!(OrderFile::parse(br#"{"kind": "app", "app": 0, "volume": 1}"#).is_err());
		assert!(OrderFile::parse(br#"{"kind": "app", "app": 0, "price": "1.5", "volume": 1}"#).is_err());
		let zero = OrderFile::parse(br#"{"kind": "dataset", "dataset": 0, "price": 1, "volume": 0, "salt": "0x0101010101010101010101010101010101010101010101010101010101010101"}"#);
		assert!(zero.expect("parses").to_order().is_err());
	}

	#[test]
	fn the_file_round_trips_with_its_salt() {
		let mut file = OrderFile::parse(br#"{"kind": "dataset", "dataset": 2, "price": 9, "volume": 1}"#).expect("valid");
		file.set_salt(H256::repeat_byte(2));
		let again = OrderFile::parse(file.to_json().to_string().as_bytes()).expect("round trip");
		assert_eq!(again.to_order(), file.to_order());
	}
}
