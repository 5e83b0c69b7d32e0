//! The JSON order files of `ect order` and `ect match`: an offer of an app,
//! a dataset or a workerpool, or a request for tasks.
//!
//! ```json
//! { "kind": "app", "app": 0, "price": "1ect", "volume": 10 }
//! { "kind": "workerpool", "workerpool": 0, "price": 10000000000000, "volume": 10,
//!   "category": 0, "trust": 1, "requester_restrict": { "account": "//Dave" } }
//! { "kind": "request", "app": 0, "app_max_price": "1ect", "workerpool_max_price": "2ect",
//!   "params": "{\"input\": \"hello\"}" }
//! ```
//!
//! Offers. Required: `kind` (`app`, `dataset`, `workerpool` or `pool`), the
//! asset id (`app`, `dataset` or `workerpool`), `price` (planck as a number
//! or a string, or ECT as `"1.5ect"`) and `volume`. Optional: `tag`
//! (`"tee"`, `"gpu"`, `"tee,gpu"` or `0x` and 64 hex digits; none by
//! default), the restrictions (`"anyone"` by default, `{"account": "<SS58
//! or //Dev>"}` or `{"group": <id>}`), `salt` (`0x` and 64 hex digits: a
//! fresh one at publish, presign and sign, required to cancel and match),
//! `expires` (see below), and for workerpool orders `category` (0), `trust`
//! (1) and `capabilities` (`{"cpu_cores", "memory_mib", "disk_mib",
//! "gpu_memory_mib", "cpu_arch": "any" | "x86_64" | "aarch64" | "riscv64",
//! "region"}`, each 0 / any by default).
//!
//! Requests (`"kind": "request"`, for `ect order sign`, `presign`, `cancel`
//! and `ect match`; `ect request` publishes one from its flags). Required:
//! `app`, `app_max_price` and `workerpool_max_price`. Optional, with the
//! defaults of `ect request`: `dataset` (none), `dataset_max_price` (0),
//! `workerpool` (none: any pool), `volume` (1), `tag` (none), `category`
//! (0), `trust` (1), `requester` (the signing key's account), `beneficiary`
//! (the requester), `callback` (none; `"inbox"`, `"runtime:N"` or an
//! Ethereum address), `params` (`""`), `requirements` (like `capabilities`),
//! `salt` and `expires`.
//!
//! `expires`, in every kind, is the block number from which the order is
//! void (the chain matches, presigns, publishes and cancels it only before;
//! a published offer leaves the book there). Publish, presign and sign give
//! a file without one the block `--expires-in` blocks after the chain's best
//! block (7 days by default) and print the file with it; like the salt, it
//! is part of the order, so cancel and match require it. A file's own
//! `expires` is kept, and refused before anything is sent if it is past or
//! more than 30 days (1 296 000 blocks) ahead.
//!
//! Unknown fields are errors.

use clap::{Args, ValueEnum};
use ect_client::runtime::{AccountId, Runtime};
use pallet_ect_marketplace::{AppOrder, DatasetOrder, Order, OrderOf, RequestOrderOf, WorkerpoolOrder};
use pallet_ect_registry::{AppId, CategoryId, CpuArch, DatasetId, GroupId, Resources, Restriction, WorkerpoolId};
use polkadot_sdk::sp_core::{crypto::Ss58Codec, H256};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::args::{self, parse_account, parse_callback, Amount, TagArg};

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
	/// A requester's request for tasks.
	Request(RequestOrderFile),
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
	#[serde(default, skip_serializing_if = "Option::is_none")]
	expires: Option<u32>,
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
	#[serde(default, skip_serializing_if = "Option::is_none")]
	expires: Option<u32>,
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
	#[serde(default = "one")]
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
	#[serde(default, skip_serializing_if = "Option::is_none")]
	expires: Option<u32>,
}

/// The fields of a [`RequestOrder`](pallet_ect_marketplace::RequestOrder).
/// Accounts are kept as written (SS58, `0x` public key or dev name) and
/// resolved by [`OrderFile::to_order`].
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RequestOrderFile {
	app: AppId,
	app_max_price: Amount,
	#[serde(default, skip_serializing_if = "Option::is_none")]
	dataset: Option<DatasetId>,
	#[serde(default = "zero")]
	dataset_max_price: Amount,
	#[serde(default, skip_serializing_if = "Option::is_none")]
	workerpool: Option<WorkerpoolId>,
	workerpool_max_price: Amount,
	#[serde(default, skip_serializing_if = "Option::is_none")]
	requester: Option<String>,
	#[serde(default = "one")]
	volume: u32,
	#[serde(default)]
	tag: TagArg,
	#[serde(default)]
	category: CategoryId,
	#[serde(default = "one")]
	trust: u32,
	#[serde(default, skip_serializing_if = "Option::is_none")]
	beneficiary: Option<String>,
	#[serde(default, skip_serializing_if = "Option::is_none")]
	callback: Option<String>,
	#[serde(default)]
	params: String,
	#[serde(default)]
	requirements: ResourcesFile,
	#[serde(default, skip_serializing_if = "Option::is_none")]
	salt: Option<H256>,
	#[serde(default, skip_serializing_if = "Option::is_none")]
	expires: Option<u32>,
}

/// A workerpool order accepts trust 1, and a request asks for trust 1 and
/// one task, unless they say more.
fn one() -> u32 {
	1
}

/// A request pays nothing for a dataset unless it says so.
fn zero() -> Amount {
	Amount(0)
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

/// Machine resources: what a workerpool order's machines offer
/// (`capabilities`), or the least a request needs (`requirements`, also
/// `ect request`'s flags). Every field defaults to 0 / any.
#[derive(Args, Clone, Copy, Debug, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct ResourcesFile {
	/// CPU cores.
	#[arg(long, value_name = "N", default_value_t = 0)]
	cpu_cores: u16,
	/// Memory, MiB.
	#[arg(long, value_name = "N", default_value_t = 0)]
	memory_mib: u32,
	/// Disk, MiB.
	#[arg(long, value_name = "N", default_value_t = 0)]
	disk_mib: u32,
	/// GPU memory, MiB.
	#[arg(long, value_name = "N", default_value_t = 0)]
	gpu_memory_mib: u32,
	/// Processor architecture.
	#[arg(long, value_enum, default_value_t = CpuArchFile::Any)]
	cpu_arch: CpuArchFile,
	/// Region code; 0 is any region.
	#[arg(long, value_name = "N", default_value_t = 0)]
	region: u16,
}

/// A processor architecture, named as in the files and on the command line.
#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum CpuArchFile {
	/// Any.
	#[default]
	#[value(name = "any")]
	Any,
	/// x86-64.
	#[value(name = "x86_64")]
	X86_64,
	/// 64-bit ARM.
	#[value(name = "aarch64")]
	Aarch64,
	/// 64-bit RISC-V.
	#[value(name = "riscv64")]
	Riscv64,
}

impl From<ResourcesFile> for Resources {
	fn from(file: ResourcesFile) -> Self {
		Resources {
			cpu_cores: file.cpu_cores,
			memory_mib: file.memory_mib,
			disk_mib: file.disk_mib,
			gpu_memory_mib: file.gpu_memory_mib,
			cpu_arch: file.cpu_arch.into(),
			region: file.region,
		}
	}
}

impl From<CpuArchFile> for CpuArch {
	fn from(arch: CpuArchFile) -> Self {
		match arch {
			CpuArchFile::Any => CpuArch::Any,
			CpuArchFile::X86_64 => CpuArch::X86_64,
			CpuArchFile::Aarch64 => CpuArch::Aarch64,
			CpuArchFile::Riscv64 => CpuArch::Riscv64,
		}
	}
}

impl OrderFile {
	/// Reads an order file's JSON.
	pub fn from_json(json: Value) -> Result<Self, serde_json::Error> {
		serde_json::from_value(json)
	}

	/// Parses an order file's bytes (commands read them as signed order
	/// files, [`crate::signed_order`]).
	#[cfg(test)]
	pub fn parse(bytes: &[u8]) -> Result<Self, serde_json::Error> {
		serde_json::from_slice(bytes)
	}

	/// The kind, as the file names it.
	pub fn kind(&self) -> &'static str {
		match self {
			Self::App(_) => "app",
			Self::Dataset(_) => "dataset",
			Self::Workerpool(_) => "workerpool",
			Self::Request(_) => "request",
		}
	}

	/// The fields every kind has that make the order what it is on chain
	/// beyond its terms: its salt and its expiry block.
	fn identity(&self) -> (Option<H256>, Option<u32>) {
		match self {
			Self::App(o) => (o.salt, o.expires),
			Self::Dataset(o) => (o.salt, o.expires),
			Self::Workerpool(o) => (o.salt, o.expires),
			Self::Request(o) => (o.salt, o.expires),
		}
	}

	/// [`Self::identity`], to set.
	fn identity_mut(&mut self) -> (&mut Option<H256>, &mut Option<u32>) {
		match self {
			Self::App(o) => (&mut o.salt, &mut o.expires),
			Self::Dataset(o) => (&mut o.salt, &mut o.expires),
			Self::Workerpool(o) => (&mut o.salt, &mut o.expires),
			Self::Request(o) => (&mut o.salt, &mut o.expires),
		}
	}

	/// The salt, if the file has one.
	pub fn salt(&self) -> Option<H256> {
		self.identity().0
	}

	/// Sets the salt.
	pub fn set_salt(&mut self, salt: H256) {
		*self.identity_mut().0 = Some(salt);
	}

	/// The expiry block, if the file has one.
	pub fn expires(&self) -> Option<u32> {
		self.identity().1
	}

	/// Sets the expiry block.
	pub fn set_expires(&mut self, block: u32) {
		*self.identity_mut().1 = Some(block);
	}

	/// Names `account` (SS58) the requester of a request that names none;
	/// other files are left as they are.
	pub fn default_requester(&mut self, account: &AccountId) {
		if let Self::Request(o) = self {
			o.requester.get_or_insert_with(|| account.to_ss58check());
		}
	}

	/// The file as JSON (with its salt and expiry): what to keep to cancel
	/// the order.
	pub fn to_json(&self) -> Value {
		serde_json::to_value(self).unwrap_or(Value::Null)
	}

	/// The order; it needs a salt, an expiry and a volume of at least 1.
	pub fn to_order(&self) -> Result<OrderOf<Runtime>, String> {
		self.to_order_expiring(self.expires().ok_or("the order has no expiry")?)
	}

	/// Checks every field a new order needs but its expiry, which it may be
	/// given once the chain's best block is known.
	pub fn check(&self) -> Result<(), String> {
		self.to_order_expiring(self.expires().unwrap_or_default()).map(drop)
	}

	/// The order, void from block `expires` on; it needs a salt and a volume
	/// of at least 1.
	fn to_order_expiring(&self, expires: u32) -> Result<OrderOf<Runtime>, String> {
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
				expires,
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
				expires,
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
				expires,
			}),
			Self::Request(o) => Order::Request(o.to_order(salt, expires)?),
		})
	}
}

impl RequestOrderFile {
	/// The request with `salt`, void from block `expires` on; it needs a
	/// requester and a volume of at least 1.
	fn to_order(&self, salt: [u8; 32], expires: u32) -> Result<RequestOrderOf<Runtime>, String> {
		let requester = self
			.requester
			.as_deref()
			.ok_or_else(|| "the request has no requester: sign it with `ect order sign`, or name its \"requester\"".to_string())
			.and_then(|text| parse_account(text).map_err(|e| format!("requester: {e}")))?;
		let beneficiary = match &self.beneficiary {
			Some(text) => parse_account(text).map_err(|e| format!("beneficiary: {e}"))?,
			None => requester.clone(),
		};
		let callback = self.callback.as_deref().map(parse_callback).transpose().map_err(|e| format!("callback: {e}"))?;
		Ok(RequestOrderOf::<Runtime> {
			app: self.app,
			app_max_price: self.app_max_price.0,
			dataset: self.dataset,
			dataset_max_price: self.dataset_max_price.0,
			workerpool: self.workerpool,
			workerpool_max_price: self.workerpool_max_price.0,
			requester,
			volume: volume(self.volume)?,
			tag: self.tag.0,
			category: self.category,
			trust: self.trust,
			beneficiary,
			callback,
			params: args::bounded("params", &self.params).map_err(|e| e.to_string())?,
			salt,
			requirements: self.requirements.into(),
			expires,
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
		assert!(file.to_order().expect_err("no expiry yet").contains("no expiry"));
		file.set_expires(100);
		assert!(file.to_order().expect_err("no salt yet").contains("no salt"));
		file.set_salt(H256::repeat_byte(7));
		match file.to_order().expect("complete") {
			Order::App(order) => {
				assert_eq!((order.app, order.price, order.volume, order.salt, order.expires), (3, 2 * UNIT, 5, [7; 32], 100));
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
				"capabilities": {"cpu_cores": 8, "cpu_arch": "x86_64"}, "expires": 500,
				"salt": "0x0101010101010101010101010101010101010101010101010101010101010101"}"#,
		)
		.expect("valid");
		match file.to_order().expect("complete") {
			Order::Workerpool(order) => {
				assert_eq!((order.trust, order.category, order.expires), (3, 0, 500));
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
		assert!(OrderFile::parse(br#"{"kind": "request", "app": 0}"#).is_err(), "no max prices");
		assert!(OrderFile::parse(br#"{"kind": "app", "app": 0, "volume": 1}"#).is_err());
		assert!(OrderFile::parse(br#"{"kind": "app", "app": 0, "price": "1.5", "volume": 1}"#).is_err());
		let zero = OrderFile::parse(br#"{"kind": "dataset", "dataset": 0, "price": 1, "volume": 0, "expires": 9, "salt": "0x0101010101010101010101010101010101010101010101010101010101010101"}"#);
		assert!(zero.expect("parses").to_order().expect_err("no volume").contains("volume"));
		assert!(OrderFile::parse(br#"{"kind": "app", "app": 0, "price": 1, "volume": 1, "expires": -1}"#).is_err());
		assert!(OrderFile::parse(br#"{"kind": "app", "app": 0, "price": 1, "volume": 1, "expires": "soon"}"#).is_err());
	}

	#[test]
	fn a_request_reads_its_terms_and_defaults_to_the_requester() {
		let mut file = OrderFile::parse(
			br#"{"kind": "request", "app": 2, "app_max_price": "1ect", "dataset": 5, "dataset_max_price": 3,
				"workerpool": 0, "workerpool_max_price": "2ect", "volume": 4, "trust": 3, "category": 1,
				"callback": "inbox", "params": "{\"input\": \"x\"}",
				"requirements": {"memory_mib": 512, "cpu_arch": "aarch64"}, "expires": 700,
				"salt": "0x0101010101010101010101010101010101010101010101010101010101010101"}"#,
		)
		.expect("valid");
		assert_eq!(file.kind(), "request");
		assert!(file.to_order().expect_err("no requester yet").contains("no requester"));
		let dave = parse_account("//Dave").expect("dev name");
		file.default_requester(&dave);
		file.default_requester(&parse_account("//Eve").expect("dev name"));
		match file.to_order().expect("complete") {
			Order::Request(order) => {
				assert_eq!((order.app, order.dataset, order.workerpool, order.volume), (2, Some(5), Some(0), 4));
				assert_eq!((order.app_max_price, order.dataset_max_price, order.workerpool_max_price), (UNIT, 3, 2 * UNIT));
				assert_eq!((order.trust, order.category), (3, 1));
				assert_eq!((&order.requester, &order.beneficiary), (&dave, &dave), "the first requester stays");
				assert_eq!(order.callback, Some(pallet_ect_marketplace::CallbackTarget::Runtime(0)));
				assert_eq!(order.params.as_slice(), br#"{"input": "x"}"#);
				assert_eq!((order.requirements.memory_mib, order.requirements.cpu_arch), (512, CpuArch::Aarch64));
				assert_eq!(order.expires, 700);
			},
			other => panic!("not a request: {other:?}"),
		}
		// The requester is kept in the file, so that a signed request reads
		// back as the same order.
		let again = OrderFile::parse(file.to_json().to_string().as_bytes()).expect("round trip");
		assert_eq!(again.to_order(), file.to_order());
	}

	#[test]
	fn bad_request_fields_are_refused() {
		let salt = r#""salt": "0x0101010101010101010101010101010101010101010101010101010101010101", "expires": 9"#;
		let base = r#""kind": "request", "app": 0, "app_max_price": 1, "workerpool_max_price": 1, "requester": "//Dave""#;
		for (extra, why) in [
			(r#""callback": "outbox""#, "callback"),
			(r#""beneficiary": "nobody""#, "beneficiary"),
			(r#""volume": 0"#, "volume"),
		] {
			let file = OrderFile::parse(format!("{{{base}, {salt}, {extra}}}").as_bytes()).expect("parses");
			assert!(file.to_order().expect_err(why).contains(why), "{extra}");
		}
		let long = format!(r#"{{{base}, {salt}, "params": "{}"}}"#, "x".repeat(100_000));
		assert!(OrderFile::parse(long.as_bytes()).expect("parses").to_order().expect_err("too long").contains("params"));
		for bad in [
			r#"{"kind": "request", "app": 0, "app_max_price": 1}"#,
			r#"{"kind": "request", "app": 0, "app_max_price": 1, "workerpool_max_price": 1, "pool_max_price": 1}"#,
			r#"{"kind": "request", "app": 0, "app_max_price": 1, "workerpool_max_price": 1, "requirements": {"cpu_arch": "sparc"}}"#,
		] {
			assert!(OrderFile::parse(bad.as_bytes()).is_err(), "{bad}");
		}
	}

	#[test]
	fn the_file_round_trips_with_its_salt_and_expiry() {
		let mut file = OrderFile::parse(br#"{"kind": "dataset", "dataset": 2, "price": 9, "volume": 1}"#).expect("valid");
		file.set_salt(H256::repeat_byte(2));
		file.set_expires(1_234);
		let again = OrderFile::parse(file.to_json().to_string().as_bytes()).expect("round trip");
		assert_eq!(again.expires(), Some(1_234));
		assert_eq!(again.to_order(), file.to_order());
		assert!(file.to_order().is_ok());
	}

	#[test]
	fn a_new_order_is_checked_before_it_has_an_expiry() {
		let salt = r#""salt": "0x0101010101010101010101010101010101010101010101010101010101010101""#;
		let fine = OrderFile::parse(format!(r#"{{"kind": "app", "app": 0, "price": 1, "volume": 1, {salt}}}"#).as_bytes()).expect("valid");
		assert_eq!(fine.check(), Ok(()));
		assert!(fine.to_order().expect_err("no expiry").contains("no expiry"));
		let empty = OrderFile::parse(format!(r#"{{"kind": "app", "app": 0, "price": 1, "volume": 0, {salt}}}"#).as_bytes()).expect("valid");
		assert!(empty.check().expect_err("no volume").contains("volume"));
	}
}
