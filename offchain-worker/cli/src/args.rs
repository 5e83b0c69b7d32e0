//! Values given on the command line and in order files: accounts, hashes,
//! amounts, tags, assets, salts, order lifetimes, files, and the byte strings
//! the chain bounds.
//!
//! Parsers return `String` errors, the form clap's value parsers and serde
//! take.

use std::{
	fmt,
	fs::OpenOptions,
	io::{ErrorKind, Write},
	os::unix::fs::OpenOptionsExt,
	path::Path,
	str::FromStr,
	time::{SystemTime, UNIX_EPOCH},
};

use codec::Encode;
use ect_client::{
	offers::{max_order_lifetime, ORDER_LIFETIME},
	runtime::{AccountId, Balance, TOKEN_DECIMALS, UNIT},
	Signer,
};
use pallet_ect_registry::{AssetRef, Tag};
use polkadot_sdk::{
	frame_support::{traits::Get, BoundedVec},
	sp_core::{crypto::Ss58Codec, H256},
};
use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

use crate::{
	error::{CliError, Result},
	output::hex_bytes,
};

/// An account: an SS58 address, a `0x` public key (64 hex digits), or a
/// secret URI whose account is meant (`//Bob`, a mnemonic).
pub fn parse_account(text: &str) -> Result<AccountId, String> {
	if let Ok(account) = AccountId::from_ss58check(text) {
		return Ok(account);
	}
	if text.starts_with("0x") {
		return parse_bytes32(text).map(AccountId::new).map_err(|e| format!("invalid account `{text}`: {e}"));
	}
	Signer::from_uri(text).map(|signer| signer.account()).map_err(|_| {
		format!("invalid account `{text}`: expected an SS58 address, a 0x public key or a dev name like //Bob")
	})
}

/// A callback target: `inbox`, `runtime:N` or an Ethereum address (`0x` and
/// 40 hex digits).
pub fn parse_callback(text: &str) -> Result<pallet_ect_marketplace::CallbackTarget, String> {
	use pallet_ect_marketplace::CallbackTarget;
	if text == "inbox" {
		return Ok(CallbackTarget::Runtime(pallet_ect_inbox::INBOX));
	}
	if let Some(id) = text.strip_prefix("runtime:") {
		return id.parse().map(CallbackTarget::Runtime).map_err(|_| format!("invalid runtime receiver `{id}`: a number"));
	}
	let hex = text.strip_prefix("0x").unwrap_or_default();
	let bytes = hex::decode(hex).ok().filter(|b| b.len() == 20 && text.starts_with("0x"));
	match bytes {
		Some(bytes) => Ok(CallbackTarget::Ethereum(polkadot_sdk::sp_core::H160::from_slice(&bytes))),
		None => Err(format!("invalid callback `{text}`: `inbox`, `runtime:N` or 0x and 40 hex digits")),
	}
}

/// An amount more than 0 (a zero transfer, deposit or withdrawal is
/// refused as bad usage).
pub fn parse_positive_amount(text: &str) -> Result<Balance, String> {
	match parse_amount(text)? {
		0 => Err(format!("invalid amount `{text}`: nothing to move, give more than 0")),
		amount => Ok(amount),
	}
}

/// A hash: `0x` and 64 hex digits.
pub fn parse_hash(text: &str) -> Result<H256, String> {
	parse_bytes32(text).map(H256).map_err(|e| format!("invalid hash `{text}`: {e}"))
}

/// 32 bytes written as `0x` and 64 hex digits.
fn parse_bytes32(text: &str) -> Result<[u8; 32], String> {
	let digits = text.strip_prefix("0x").ok_or("expected 0x and 64 hex digits")?;
	let bytes = hex::decode(digits).map_err(|e| format!("not hex: {e}"))?;
	<[u8; 32]>::try_from(bytes.as_slice()).map_err(|_| format!("expected 32 bytes, got {}", bytes.len()))
}

/// An amount: planck (`1500000000000`) or ECT with a suffix (`1.5ect`,
/// `2 ECT`).
pub fn parse_amount(text: &str) -> Result<Balance, String> {
	let trimmed = text.trim();
	let lower = trimmed.to_ascii_lowercase();
	let invalid = |why: &str| format!("invalid amount `{text}`: {why}");
	match lower.strip_suffix("ect") {
		Some(ect) => parse_ect(ect.trim()).map_err(|why| invalid(&why)),
		None if is_digits(trimmed) => trimmed.parse().map_err(|_| invalid("too large")),
		None => Err(invalid("expected planck (an integer) or ECT with a suffix (`1.5ect`)")),
	}
}

/// A decimal number of ECT, in planck.
fn parse_ect(number: &str) -> Result<Balance, String> {
	let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
	if (whole.is_empty() && fraction.is_empty()) || !is_digits_or_empty(whole) || !is_digits_or_empty(fraction) {
		return Err("expected a decimal number before `ect`".into());
	}
	let decimals = usize::from(TOKEN_DECIMALS);
	if fraction.len() > decimals {
		return Err(format!("at most {decimals} decimals"));
	}
	let whole: Balance = if whole.is_empty() { 0 } else { whole.parse().map_err(|_| "too large")? };
	let fraction: Balance = format!("{fraction:0<decimals$}").parse().map_err(|_| "bad decimals")?;
	whole
		.checked_mul(UNIT)
		.and_then(|planck| planck.checked_add(fraction))
		.ok_or_else(|| "too large".into())
}

fn is_digits(text: &str) -> bool {
	!text.is_empty() && is_digits_or_empty(text)
}

fn is_digits_or_empty(text: &str) -> bool {
	text.chars().all(|c| c.is_ascii_digit())
}

/// An amount of the native token, in planck; parsed by [`parse_amount`],
/// and in JSON also a plain number of planck.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Amount(pub Balance);

impl FromStr for Amount {
	type Err = String;

	fn from_str(text: &str) -> Result<Self, String> {
		parse_amount(text).map(Amount)
	}
}

impl fmt::Display for Amount {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		write!(f, "{}", self.0)
	}
}

/// A string of planck (exact, whatever the size).
impl Serialize for Amount {
	fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
		serializer.collect_str(self)
	}
}

impl<'de> Deserialize<'de> for Amount {
	fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
		deserializer.deserialize_any(AmountVisitor)
	}
}

/// Reads an [`Amount`] from a JSON number or string.
struct AmountVisitor;

impl<'de> de::Visitor<'de> for AmountVisitor {
	type Value = Amount;

	fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		f.write_str("an amount: planck as an integer, or a string like \"1500000000000\" or \"1.5ect\"")
	}

	fn visit_u64<E: de::Error>(self, value: u64) -> Result<Amount, E> {
		Ok(Amount(Balance::from(value)))
	}

	fn visit_str<E: de::Error>(self, value: &str) -> Result<Amount, E> {
		value.parse().map_err(E::custom)
	}
}

/// A tag: `none`, feature names (`tee`, `gpu`, `tee,gpu`), or `0x` and 64
/// hex digits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TagArg(pub Tag);

impl FromStr for TagArg {
	type Err = String;

	fn from_str(text: &str) -> Result<Self, String> {
		let text = text.trim();
		if text.is_empty() || text.eq_ignore_ascii_case("none") {
			return Ok(TagArg(Tag::NONE));
		}
		if text.starts_with("0x") {
			return parse_bytes32(text).map(|bytes| TagArg(Tag(bytes))).map_err(|e| format!("invalid tag `{text}`: {e}"));
		}
		text.split([',', '+'])
			.try_fold(Tag::NONE, |tag, name| feature(name.trim()).map(|feature| tag.union(&feature)))
			.map(TagArg)
	}
}

/// The tag bit of a feature name.
fn feature(name: &str) -> Result<Tag, String> {
	match name.to_ascii_lowercase().as_str() {
		"tee" => Ok(Tag::TEE),
		"gpu" => Ok(Tag::GPU),
		_ => Err(format!("unknown tag feature `{name}`: expected tee, gpu, or 0x and 64 hex digits")),
	}
}

impl fmt::Display for TagArg {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		f.write_str(&hex_bytes(&self.0 .0))
	}
}

/// `0x` hex.
impl Serialize for TagArg {
	fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
		serializer.collect_str(self)
	}
}

impl<'de> Deserialize<'de> for TagArg {
	fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
		String::deserialize(deserializer)?.parse().map_err(de::Error::custom)
	}
}

/// A registered asset: `app:ID`, `dataset:ID`, or `pool:ID` (`workerpool:ID`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AssetArg(pub AssetRef);

impl FromStr for AssetArg {
	type Err = String;

	fn from_str(text: &str) -> Result<Self, String> {
		let invalid = || format!("invalid asset `{text}`: expected app:ID, dataset:ID or pool:ID");
		let (kind, id) = text.split_once(':').ok_or_else(invalid)?;
		let id: u32 = id.trim().parse().map_err(|_| invalid())?;
		match kind.trim().to_ascii_lowercase().as_str() {
			"app" => Ok(AssetArg(AssetRef::App(id))),
			"dataset" => Ok(AssetArg(AssetRef::Dataset(id))),
			"pool" | "workerpool" => Ok(AssetArg(AssetRef::Workerpool(id))),
			_ => Err(invalid()),
		}
	}
}

impl fmt::Display for AssetArg {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		match self.0 {
			AssetRef::App(id) => write!(f, "app:{id}"),
			AssetRef::Dataset(id) => write!(f, "dataset:{id}"),
			AssetRef::Workerpool(id) => write!(f, "pool:{id}"),
		}
	}
}

/// `value` as the chain's bounded bytes; `what` names it if it is too long.
pub fn bounded<S: Get<u32>>(what: &str, value: &str) -> Result<BoundedVec<u8, S>> {
	value.as_bytes().to_vec().try_into().map_err(|_| {
		CliError::failure(format!("{what} is too long: {} bytes, at most {}", value.len(), S::get()))
	})
}

/// A fresh order salt: the hash of the current time and the process id.
pub fn fresh_salt() -> H256 {
	let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or_default();
	H256(ect_runner::blake2_256(&(nanos, std::process::id()).encode()))
}

/// How long a new order stays valid (`--expires-in`), for every command
/// that makes one: `ect request`, `ect order publish`, `presign` and `sign`.
#[derive(clap::Args, Clone, Copy, Debug)]
pub struct Lifetime {
	/// How many blocks after the chain's best block the new order expires
	/// (from that block on it is void; an offer leaves the book, its deposit
	/// returned): 2 to 1296000 (30 days of 2-second blocks), 7 days by
	/// default. An order file's own `expires` block takes precedence.
	#[arg(long = "expires-in", value_name = "BLOCKS", default_value_t = ORDER_LIFETIME, value_parser = parse_lifetime)]
	pub blocks: u32,
}

/// The shortest order lifetime that can work, in blocks: a transaction
/// sent now lands in the block after the best one at the earliest, and the
/// order must still be valid there.
pub const MIN_ORDER_LIFETIME: u32 = 2;

/// An order lifetime in blocks: [`MIN_ORDER_LIFETIME`] to the chain's
/// [`max_order_lifetime`] (it refuses an order expiring further ahead).
pub fn parse_lifetime(text: &str) -> Result<u32, String> {
	let blocks: u32 = text.trim().parse().map_err(|_| format!("invalid lifetime `{text}`: expected a number of blocks"))?;
	let max = max_order_lifetime();
	match blocks {
		too_short if too_short < MIN_ORDER_LIFETIME => Err(format!(
			"{too_short} blocks is too short: an order must stay valid at least {MIN_ORDER_LIFETIME} blocks (its \
			 transaction lands in the block after the best one at the earliest)"
		)),
		too_far if too_far > max => Err(format!(
			"{too_far} blocks is beyond the longest order lifetime the chain accepts, {max} blocks (30 days)"
		)),
		blocks => Ok(blocks),
	}
}

/// The bytes of a local file; a missing or unreadable file is an error
/// naming it.
pub fn read_file(path: &Path) -> Result<Vec<u8>> {
	std::fs::read(path).map_err(|e| match e.kind() {
		ErrorKind::NotFound => CliError::failure(format!("no such file: {}", path.display())),
		_ => CliError::failure(format!("cannot read {}: {e}", path.display())),
	})
}

/// Refuses `path` if it exists: [`write_new_file`] never overwrites, and a
/// command checks before it connects. `what` names the contents.
pub fn check_new_file(path: &Path, what: &str) -> Result<()> {
	match std::fs::symlink_metadata(path) {
		Ok(_) => Err(exists(path, what)),
		Err(e) if e.kind() == ErrorKind::NotFound => Ok(()),
		Err(e) => Err(CliError::failure(format!("cannot write {}: {e}", path.display()))),
	}
}

/// Writes `bytes` to a new file `path`, created with permissions `mode`
/// (0o600: its owner only); an existing file is never overwritten. `what`
/// names the contents in errors (`a result key`).
pub fn write_new_file(path: &Path, bytes: &[u8], mode: u32, what: &str) -> Result<()> {
	let failed = |e: std::io::Error| match e.kind() {
		ErrorKind::AlreadyExists => exists(path, what),
		_ => CliError::failure(format!("cannot write {}: {e}", path.display())),
	};
	let mut file = OpenOptions::new().write(true).create_new(true).mode(mode).open(path).map_err(failed)?;
	file.write_all(bytes).map_err(failed)?;
	file.sync_all().map_err(failed)
}

/// The error of a file that exists already.
fn exists(path: &Path, what: &str) -> CliError {
	CliError::failure(format!("{} exists: {what} is never overwritten; choose another file", path.display()))
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn zero_is_not_an_amount_to_move() {
		assert!(parse_positive_amount("0").is_err());
		assert!(parse_positive_amount("0ect").is_err());
		assert_eq!(parse_positive_amount("1"), Ok(1));
	}

	#[test]
	fn new_files_are_created_with_their_mode_and_never_overwritten() {
		use std::os::unix::fs::PermissionsExt;
		let dir = tempfile::tempdir().expect("temporary directory");
		let path = dir.path().join("signed.json");
		check_new_file(&path, "a signed order").expect("free");
		write_new_file(&path, b"first", 0o644, "a signed order").expect("written");
		assert_eq!(std::fs::metadata(&path).expect("metadata").permissions().mode() & 0o777, 0o644);
		for error in [check_new_file(&path, "a signed order"), write_new_file(&path, b"second", 0o644, "a signed order")] {
			let error = error.expect_err("refused");
			assert!(error.to_string().contains("exists: a signed order is never overwritten"), "{error}");
		}
		assert_eq!(std::fs::read(&path).expect("read"), b"first");
	}

	#[test]
	fn callbacks_are_the_inbox_a_runtime_receiver_or_an_ethereum_contract() {
		use pallet_ect_marketplace::CallbackTarget;
		assert_eq!(parse_callback("inbox"), Ok(CallbackTarget::Runtime(0)));
		assert_eq!(parse_callback("runtime:7"), Ok(CallbackTarget::Runtime(7)));
		let contract = format!("0x{}", "ab".repeat(20));
		assert_eq!(parse_callback(&contract), Ok(CallbackTarget::Ethereum(polkadot_sdk::sp_core::H160::repeat_byte(0xab))));
		for bad in ["", "runtime:x", "0x12", "ab".repeat(20).as_str(), "outbox"] {
			assert!(parse_callback(bad).is_err(), "{bad}");
		}
	}

	#[test]
	fn amounts_are_planck_or_ect() {
		assert_eq!(parse_amount("1500"), Ok(1500));
		assert_eq!(parse_amount("2ect"), Ok(2 * UNIT));
		assert_eq!(parse_amount("1.5 ECT"), Ok(UNIT + UNIT / 2));
		assert_eq!(parse_amount(".5ect"), Ok(UNIT / 2));
		assert!(parse_amount("1.5").is_err());
		assert!(parse_amount("-1").is_err());
		assert!(parse_amount("ect").is_err());
		assert!(parse_amount("0.0000000000001ect").is_err());
		assert!(parse_amount("1e3").is_err());
	}

	#[test]
	fn amounts_read_json_numbers_and_strings() {
		let amounts: Vec<Amount> = serde_json::from_str(r#"[7, "8", "1ect"]"#).expect("valid amounts");
		assert_eq!(amounts, vec![Amount(7), Amount(8), Amount(UNIT)]);
		assert!(serde_json::from_str::<Amount>("1.5").is_err());
	}

	#[test]
	fn accounts_are_ss58_hex_or_dev_names() {
		let bob = parse_account("//Bob").expect("dev name");
		assert_eq!(parse_account(&bob.to_ss58check()), Ok(bob.clone()));
		assert_eq!(parse_account(&hex_bytes(<AccountId as AsRef<[u8]>>::as_ref(&bob))), Ok(bob));
		assert!(parse_account("nobody").is_err());
	}

	#[test]
	fn hashes_need_the_prefix_and_32_bytes() {
		assert_eq!(parse_hash(&format!("0x{}", "11".repeat(32))), Ok(H256::repeat_byte(0x11)));
		assert!(parse_hash(&"11".repeat(32)).is_err());
		assert!(parse_hash("0x1234").is_err());
	}

	#[test]
	fn lifetimes_are_2_blocks_to_30_days() {
		assert_eq!(parse_lifetime("2"), Ok(MIN_ORDER_LIFETIME));
		assert_eq!(max_order_lifetime(), 1_296_000);
		assert_eq!(parse_lifetime("1296000"), Ok(1_296_000));
		assert_eq!(ORDER_LIFETIME, 302_400);
		assert!(parse_lifetime("0").expect_err("zero").contains("must stay valid at least 2 blocks"));
		assert!(parse_lifetime("1").expect_err("one").contains("must stay valid at least 2 blocks"));
		assert!(parse_lifetime("1296001").expect_err("too far").contains("beyond the longest order lifetime"));
		for bad in ["", "-1", "7d", "4294967296"] {
			assert!(parse_lifetime(bad).is_err(), "{bad}");
		}
	}

	#[test]
	fn tags_and_assets_parse() {
		assert_eq!("tee,gpu".parse::<TagArg>(), Ok(TagArg(Tag::TEE.union(&Tag::GPU))));
		assert_eq!("none".parse::<TagArg>(), Ok(TagArg(Tag::NONE)));
		assert!("fast".parse::<TagArg>().is_err());
		assert_eq!("pool:3".parse::<AssetArg>(), Ok(AssetArg(AssetRef::Workerpool(3))));
		assert!("app".parse::<AssetArg>().is_err());
	}
}
