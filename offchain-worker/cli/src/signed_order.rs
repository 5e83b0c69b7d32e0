//! Signed order files, and reading any order file from disk.
//!
//! A signed order file is an order file ([`crate::order_file`], with its
//! salt and expiry, and for a request its requester) plus the two fields
//! `ect order sign` adds:
//!
//! ```json
//! { "kind": "app", "app": 0, "price": "1ect", "volume": 10, "salt": "0x…",
//!   "expires": 302500, "order_hash": "0x…", "signature": "0x…" }
//! ```
//!
//! `order_hash` is the hash the chain derives (`MarketplaceApi_order_hash`:
//! blake2-256 of the order domain, the genesis hash and the SCALE order),
//! `signature` the owner's signature of it in `0x` hex: 64 bytes are an
//! sr25519 signature, any other length a SCALE-encoded `MultiSignature` (a
//! type byte, then the signature). `ect match` sends an order with its
//! signature; a file without one stands for an order its owner presigned or
//! published on chain. The `ect order` commands read signed files too, and
//! ignore the two fields.
//!
//! An order file stands for an existing order ([`load`]: `cancel`, `match`)
//! or a new one ([`load_new`]: `publish`, `presign`, `sign`), which is given
//! a fresh salt and, once the chain is reached, an expiry
//! ([`Draft::expire`]) if its file has none.

use std::path::{Path, PathBuf};

use codec::{Decode, Encode};
use ect_client::{
	reads,
	runtime::{AccountId, Runtime},
	Rpc, Signer,
};
use pallet_ect_marketplace::OrderOf;
use polkadot_sdk::{
	sp_core::{sr25519, H256},
	sp_runtime::{traits::Verify, MultiSignature},
};
use serde_json::Value;

use crate::{
	args::{self, parse_hash},
	chain,
	error::{CliError, Result},
	order_file::OrderFile,
	output::{hash_hex, hex_bytes},
};

/// The field of a signed order file that holds the signature.
const SIGNATURE: &str = "signature";
/// The field of a signed order file that holds the order hash.
const ORDER_HASH: &str = "order_hash";

/// An order file, with its owner's signature and the order hash if it was
/// signed off chain.
#[derive(Clone, Debug)]
pub struct SignedOrderFile {
	/// The order file.
	pub file: OrderFile,
	/// The owner's signature of the order hash, if signed.
	pub signature: Option<MultiSignature>,
	/// The order hash the file was signed for, if signed.
	pub order_hash: Option<H256>,
}

impl SignedOrderFile {
	/// Parses a signed or unsigned order file's bytes.
	pub fn parse(bytes: &[u8]) -> Result<Self, String> {
		let mut value: Value = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
		let (signature, order_hash) = match value.as_object_mut() {
			Some(fields) => (fields.remove(SIGNATURE), fields.remove(ORDER_HASH)),
			None => (None, None),
		};
		let text = |field: &str, value: Value| match value {
			Value::String(text) => Ok(text),
			other => Err(format!("{field}: expected a string, got {other}")),
		};
		let signature = signature
			.map(|value| text(SIGNATURE, value).and_then(|hex| parse_signature(&hex)))
			.transpose()?;
		let order_hash = order_hash
			.map(|value| text(ORDER_HASH, value).and_then(|hex| parse_hash(&hex).map_err(|e| format!("{ORDER_HASH}: {e}"))))
			.transpose()?;
		let file = OrderFile::from_json(value).map_err(|e| e.to_string())?;
		Ok(Self { file, signature, order_hash })
	}

	/// The file as JSON: the order file's fields, then the order hash and
	/// the signature if it has them.
	pub fn to_json(&self) -> Value {
		let mut json = self.file.to_json();
		if let Some(fields) = json.as_object_mut() {
			if let Some(hash) = &self.order_hash {
				fields.insert(ORDER_HASH.into(), Value::String(hash_hex(hash)));
			}
			if let Some(signature) = &self.signature {
				fields.insert(SIGNATURE.into(), Value::String(signature_hex(signature)));
			}
		}
		json
	}
}

/// A signature in `0x` hex: an sr25519 signature's 64 bytes, any other
/// scheme's SCALE-encoded `MultiSignature`.
pub fn signature_hex(signature: &MultiSignature) -> String {
	match signature {
		MultiSignature::Sr25519(signature) => hex_bytes(signature.as_ref()),
		other => hex_bytes(&other.encode()),
	}
}

/// Reads a signature written by [`signature_hex`].
pub fn parse_signature(text: &str) -> Result<MultiSignature, String> {
	let invalid = |why: &str| format!("{SIGNATURE}: {why}");
	let digits = text.strip_prefix("0x").ok_or_else(|| invalid("expected 0x and hex digits"))?;
	let bytes = hex::decode(digits).map_err(|e| invalid(&format!("not hex: {e}")))?;
	if let Ok(sr25519) = <[u8; 64]>::try_from(bytes.as_slice()) {
		return Ok(MultiSignature::Sr25519(sr25519::Signature::from_raw(sr25519)));
	}
	let mut input = bytes.as_slice();
	match MultiSignature::decode(&mut input) {
		Ok(signature) if input.is_empty() => Ok(signature),
		_ => Err(invalid(&format!(
			"{} bytes: neither an sr25519 signature (64 bytes) nor a SCALE-encoded MultiSignature",
			bytes.len()
		))),
	}
}

/// `signer`'s signature of the order hash `hash`.
pub fn sign(signer: &Signer, hash: &H256) -> MultiSignature {
	MultiSignature::Sr25519(signer.sign_bytes(hash.as_bytes()))
}

/// The account among `signers` whose signature of `hash` `signature` is, if
/// any.
pub fn signed_by<'a>(signature: &MultiSignature, hash: &H256, signers: &'a [AccountId]) -> Option<&'a AccountId> {
	signers.iter().find(|signer| signature.verify(hash.as_bytes(), *signer))
}

/// An order file read from disk, and the order it stands for.
#[derive(Clone, Debug)]
pub struct Loaded {
	/// The file, with its salt and expiry (and requester) filled in.
	pub signed: SignedOrderFile,
	/// The order.
	pub order: OrderOf<Runtime>,
}

/// The order file of a new order, read and checked but for its expiry,
/// which [`Draft::expire`] gives it once the chain is reached.
#[derive(Clone, Debug)]
pub struct Draft {
	/// Where it was read from.
	path: PathBuf,
	/// The file, with its salt (and requester) filled in.
	signed: SignedOrderFile,
}

/// The error of the invalid order file at `path`.
fn invalid(path: &Path, why: impl std::fmt::Display) -> CliError {
	CliError::failure(format!("invalid order file {}: {why}", path.display()))
}

/// Reads and parses the order file at `path`: a request that names no
/// requester is `requester`'s (if given).
fn read(path: &Path, requester: Option<&AccountId>) -> Result<SignedOrderFile> {
	let mut signed = SignedOrderFile::parse(&args::read_file(path)?).map_err(|why| invalid(path, why))?;
	if let Some(requester) = requester {
		signed.file.default_requester(requester);
	}
	Ok(signed)
}

/// Reads, parses and converts the order file at `path`, which stands for an
/// existing order: it must carry the salt and the expiry the order was
/// signed, presigned or published with. A request that names no requester
/// is `requester`'s (if given). Every problem is an error naming the file.
pub fn load(path: &Path, requester: Option<&AccountId>) -> Result<Loaded> {
	let signed = read(path, requester)?;
	let given = "the order was signed, presigned or published with (those commands print it)";
	if signed.file.salt().is_none() {
		return Err(invalid(path, format!("no salt: give the salt {given}")));
	}
	if signed.file.expires().is_none() {
		return Err(invalid(path, format!("no expires: give the expiry block {given}")));
	}
	let order = signed.file.to_order().map_err(|why| invalid(path, why))?;
	Ok(Loaded { signed, order })
}

/// Reads, parses and checks the order file at `path` for a new order, given
/// a fresh salt if it has none; its expiry, if it has none, comes with
/// [`Draft::expire`]. A request that names no requester is `requester`'s
/// (if given). Every problem is an error naming the file, found before the
/// chain is reached.
pub fn load_new(path: &Path, requester: Option<&AccountId>) -> Result<Draft> {
	let mut signed = read(path, requester)?;
	if signed.file.salt().is_none() {
		signed.file.set_salt(args::fresh_salt());
	}
	signed.file.check().map_err(|why| invalid(path, why))?;
	Ok(Draft { path: path.to_path_buf(), signed })
}

impl Draft {
	/// The file, its salt filled in.
	pub fn file(&self) -> &OrderFile {
		&self.signed.file
	}

	/// The order, expiring at its file's `expires` block, which is refused
	/// if the chain would refuse it, or else `lifetime` blocks after the
	/// chain's best block. Sends nothing.
	pub async fn expire(self, rpc: &Rpc, lifetime: u32) -> Result<Loaded> {
		let expires = match self.signed.file.expires() {
			Some(expires) => {
				chain::check_expiry(rpc, expires, &format!("the order in {}", self.path.display()), chain::Reach::Bounded).await?;
				expires
			},
			None => reads::expiry_in(rpc, lifetime).await?,
		};
		self.complete(expires)
	}

	/// The order, void from block `expires` on.
	fn complete(mut self, expires: u32) -> Result<Loaded> {
		self.signed.file.set_expires(expires);
		let order = self.signed.file.to_order().map_err(|why| invalid(&self.path, why))?;
		Ok(Loaded { signed: self.signed, order })
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use polkadot_sdk::sp_core::{ed25519, Pair};

	fn signer(uri: &str) -> Signer {
		Signer::from_uri(uri).expect("dev key")
	}

	#[test]
	fn a_signed_file_round_trips_and_its_signature_verifies() {
		let alice = signer("//Alice");
		let hash = H256::repeat_byte(9);
		let mut file = OrderFile::parse(br#"{"kind": "app", "app": 1, "price": "1ect", "volume": 2}"#).expect("valid");
		file.set_salt(H256::repeat_byte(3));
		file.set_expires(50);
		let signed = SignedOrderFile { file, signature: Some(sign(&alice, &hash)), order_hash: Some(hash) };
		let json = signed.to_json();
		assert_eq!(json["signature"].as_str().map(str::len), Some(2 + 128), "64 bytes of sr25519");
		let again = SignedOrderFile::parse(json.to_string().as_bytes()).expect("round trip");
		assert_eq!(again.order_hash, Some(hash));
		assert_eq!(again.file.to_order(), signed.file.to_order());
		assert!(again.file.to_order().is_ok());
		let signature = again.signature.expect("signed");
		let (alice, bob) = (alice.account(), signer("//Bob").account());
		assert_eq!(signed_by(&signature, &hash, &[bob.clone(), alice.clone()]), Some(&alice));
		assert_eq!(signed_by(&signature, &H256::repeat_byte(8), &[alice]), None, "another hash");
		assert_eq!(signed_by(&signature, &hash, &[bob]), None, "another signer");
	}

	#[test]
	fn other_schemes_are_scale_encoded_multisignatures() {
		let pair = ed25519::Pair::from_string("//Alice", None).expect("dev key");
		let signature = MultiSignature::Ed25519(pair.sign(b"order"));
		let hex = signature_hex(&signature);
		assert_eq!(hex.len(), 2 + 2 * 65, "a type byte and 64 bytes");
		assert_eq!(parse_signature(&hex), Ok(signature));
		for bad in ["", "0x", "0x1234", &"ab".repeat(64), &format!("0x{}", "zz".repeat(64))] {
			assert!(parse_signature(bad).is_err(), "{bad}");
		}
	}

	#[test]
	fn unsigned_files_parse_and_malformed_signed_fields_are_refused() {
		let unsigned = SignedOrderFile::parse(br#"{"kind": "dataset", "dataset": 0, "price": 1, "volume": 1}"#).expect("valid");
		assert!(unsigned.signature.is_none() && unsigned.order_hash.is_none());
		for bad in [
			r#"{"kind": "app", "app": 0, "price": 1, "volume": 1, "signature": 7}"#,
			r#"{"kind": "app", "app": 0, "price": 1, "volume": 1, "signature": "0x12"}"#,
			r#"{"kind": "app", "app": 0, "price": 1, "volume": 1, "order_hash": "0x12"}"#,
			r#"{"kind": "app", "app": 0, "price": 1, "volume": 1, "signer": "//Alice"}"#,
			r#"["kind", "app"]"#,
		] {
			assert!(SignedOrderFile::parse(bad.as_bytes()).is_err(), "{bad}");
		}
	}

	#[test]
	fn loading_fills_the_salt_and_the_requester_or_refuses() {
		let dir = tempfile::tempdir().expect("temporary directory");
		let path = dir.path().join("request.json");
		std::fs::write(&path, r#"{"kind": "request", "app": 0, "app_max_price": "1ect", "workerpool_max_price": 5}"#)
			.expect("written");
		let dave = signer("//Dave").account();
		let draft = load_new(&path, Some(&dave)).expect("loads");
		assert!(draft.file().salt().is_some());
		assert!(draft.file().expires().is_none(), "given once the chain is reached");
		let loaded = draft.complete(600).expect("complete");
		match &loaded.order {
			pallet_ect_marketplace::Order::Request(request) => {
				assert_eq!((&request.requester, &request.beneficiary), (&dave, &dave));
				assert_eq!((request.volume, request.trust, request.category, request.dataset_max_price), (1, 1, 0, 0));
				assert_eq!(request.expires, 600);
			},
			other => panic!("not a request: {other:?}"),
		}
		assert_eq!(loaded.signed.file.expires(), Some(600), "the file keeps it");
		let error = load(&path, Some(&dave)).expect_err("no salt");
		assert!(error.to_string().contains("no salt"), "{error}");
		let error = load_new(&path, None).expect_err("no requester");
		assert!(error.to_string().contains("no requester"), "{error}");
		let error = load_new(&dir.path().join("missing.json"), None).expect_err("missing");
		assert!(error.to_string().contains("no such file"), "{error}");
	}

	#[test]
	fn an_existing_order_needs_its_expiry_and_a_new_one_keeps_its_own() {
		let dir = tempfile::tempdir().expect("temporary directory");
		let path = dir.path().join("app.json");
		let salt = r#""salt": "0x0101010101010101010101010101010101010101010101010101010101010101""#;
		std::fs::write(&path, format!(r#"{{"kind": "app", "app": 0, "price": 1, "volume": 1, {salt}}}"#)).expect("written");
		let error = load(&path, None).expect_err("no expiry");
		assert!(error.to_string().contains("no expires"), "{error}");
		std::fs::write(&path, format!(r#"{{"kind": "app", "app": 0, "price": 1, "volume": 1, "expires": 77, {salt}}}"#))
			.expect("written");
		assert_eq!(load(&path, None).expect("complete").order.expires(), 77);
		let draft = load_new(&path, None).expect("loads");
		assert_eq!(draft.file().expires(), Some(77), "the file's own expiry is kept");
		std::fs::write(&path, r#"{"kind": "app", "app": 0, "price": 1, "volume": 0}"#).expect("written");
		let error = load_new(&path, None).expect_err("checked before the chain is reached");
		assert!(error.to_string().contains("volume"), "{error}");
	}
}
