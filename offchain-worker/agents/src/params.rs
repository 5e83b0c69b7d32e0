//! A request's `params`: what the app is run with and where its result goes.
//!
//! Either a JSON object (every field optional):
//!
//! ```json
//! {"args": ["--n", "5"],
//!  "input": "text for /in/input",
//!  "inputs": [{"name": "data.csv", "url": "https://…/data.csv", "checksum": "0x<blake2-256>"}],
//!  "store": "https://results.example/store",
//!  "encrypt_to": "0x<64 hex digits: an x25519 public key>"}
//! ```
//!
//! or plain text, split on whitespace into arguments. `inputs` are files by
//! URL (at most [`MAX_INPUTS`]), fetched, checked against their checksum and
//! cached like datasets, and given to the app as `/in/<name>` (any name
//! but `input` and `dataset`): `params` stays small because it carries
//! URLs, not bytes. `store` is a result store the
//! requester names (`crate::store`); without it the result goes to the
//! pool's store. `encrypt_to` is the requester's x25519 public key (`ect key
//! result-key` makes one): the workers store the result bundle sealed to it
//! ([`ect_runner::sealed`]), and the certified digest stays the plaintext's.

use ect_runner::sealed::{self, RecipientKey};
use polkadot_sdk::sp_core::H256;
use serde::{Deserialize, Deserializer};

/// The most input files a task may name.
pub const MAX_INPUTS: usize = 8;

/// An input file by URL.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InputFile {
	/// Its name under `/in`: letters, digits, `.`, `-`, `_`.
	pub name: String,
	/// Where to fetch it: an http(s) URL.
	pub url: String,
	/// `0x` + the blake2-256 of its bytes.
	pub checksum: String,
}

/// Parsed task parameters.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaskParams {
	/// The app's arguments.
	#[serde(default)]
	pub args: Vec<String>,
	/// The content of `/in/input`, if any.
	#[serde(default)]
	pub input: Option<String>,
	/// Input files by URL.
	#[serde(default)]
	pub inputs: Vec<InputFile>,
	/// The base URL of the result store the requester names.
	#[serde(default)]
	pub store: Option<String>,
	/// The requester's x25519 public key, to which the result is sealed.
	#[serde(default, deserialize_with = "recipient_key")]
	pub encrypt_to: Option<RecipientKey>,
}

/// `encrypt_to`: `0x` and 64 hex digits, not a low-order point (`null` is
/// no key, like a missing field).
fn recipient_key<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<RecipientKey>, D::Error> {
	use serde::de::Error;
	let Some(text) = Option::<String>::deserialize(deserializer)? else { return Ok(None) };
	parse_recipient(&text).map(Some).map_err(D::Error::custom)
}

/// An x25519 public key as `encrypt_to` gives it.
pub fn parse_recipient(text: &str) -> Result<RecipientKey, String> {
	let bad = || format!("encrypt_to: expected 0x and 64 hex digits (an x25519 public key), got {text:?}");
	let bytes = hex::decode(text.strip_prefix("0x").ok_or_else(bad)?).map_err(|_| bad())?;
	let key = RecipientKey::try_from(bytes.as_slice()).map_err(|_| bad())?;
	sealed::check_recipient(&key).map_err(|e| format!("encrypt_to: {e}"))?;
	Ok(key)
}

fn valid_name(name: &str) -> bool {
	!name.is_empty() &&
		name.len() <= 64 &&
		// `/in/input` is the inline input's, `/in/dataset` the dataset's.
		!matches!(name, "input" | "dataset") &&
		!name.starts_with('.') &&
		name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
}

fn is_http(url: &str) -> bool {
	url.starts_with("http://") || url.starts_with("https://")
}

impl TaskParams {
	/// Parses `params`; a malformed JSON object, a bad input name, URL or
	/// checksum, a store that is not an http(s) URL, or an `encrypt_to` that
	/// is not a usable x25519 public key is an error (a worker refuses the
	/// task rather than guess).
	pub fn parse(params: &[u8]) -> Result<Self, String> {
		let text = std::str::from_utf8(params).map_err(|e| format!("params are not UTF-8: {e}"))?;
		if !text.trim_start().starts_with('{') {
			return Ok(Self { args: text.split_whitespace().map(str::to_string).collect(), ..Self::default() });
		}
		let params: Self = serde_json::from_str(text).map_err(|e| format!("malformed params: {e}"))?;
		if params.inputs.len() > MAX_INPUTS {
			return Err(format!("at most {MAX_INPUTS} input files"));
		}
		for (i, file) in params.inputs.iter().enumerate() {
			if !valid_name(&file.name) || params.inputs[..i].iter().any(|f| f.name == file.name) {
				return Err(format!("bad or repeated input file name {:?}", file.name));
			}
			if !is_http(&file.url) {
				return Err(format!("input {} is not an http(s) URL", file.name));
			}
			file.checksum()?;
		}
		if params.store.as_deref().is_some_and(|store| !is_http(store)) {
			return Err("the store is not an http(s) URL".into());
		}
		Ok(params)
	}

	/// The inline input file the sandbox gets.
	pub fn files(&self) -> Vec<(String, Vec<u8>)> {
		self.input.iter().map(|input| ("input".to_string(), input.as_bytes().to_vec())).collect()
	}
}

impl InputFile {
	/// The checksum as a hash.
	pub fn checksum(&self) -> Result<H256, String> {
		crate::store::parse_hash(&self.checksum).ok_or_else(|| format!("input {}: the checksum is not a 0x hash", self.name))
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn plain_text_is_arguments() {
		let params = TaskParams::parse(b"  --samples 1000 ").unwrap();
		assert_eq!(params.args, vec!["--samples", "1000"]);
		assert!(params.files().is_empty());
	}

	#[test]
	fn json_objects_give_args_input_inputs_and_store() {
		let sum = format!("0x{}", "ab".repeat(32));
		let text = format!(
			r#"{{"args": ["a"], "input": "hello", "inputs": [{{"name": "d.csv", "url": "http://h/d.csv", "checksum": "{sum}"}}], "store": "https://s.example"}}"#
		);
		let params = TaskParams::parse(text.as_bytes()).unwrap();
		assert_eq!(params.args, vec!["a"]);
		assert_eq!(params.files(), vec![("input".to_string(), b"hello".to_vec())]);
		assert_eq!(params.inputs[0].checksum().unwrap(), H256::repeat_byte(0xab));
		assert_eq!(params.store.as_deref(), Some("https://s.example"));
		assert_eq!(params.encrypt_to, None);
	}

	#[test]
	fn encrypt_to_is_an_x25519_public_key() {
		let key = ect_runner::sealed::SecretKey::from_bytes([9; 32]).public();
		let text = format!(r#"{{"input": "x", "encrypt_to": "0x{}"}}"#, hex::encode(key));
		assert_eq!(TaskParams::parse(text.as_bytes()).unwrap().encrypt_to, Some(key));
		let low_order = format!("0x{}", "00".repeat(32));
		for bad in [hex::encode(key), format!("0x{}", hex::encode(&key[..31])), format!("0x{}zz", "00".repeat(31)), low_order] {
			let text = format!(r#"{{"encrypt_to": "{bad}"}}"#);
			let error = TaskParams::parse(text.as_bytes()).unwrap_err();
			assert!(error.contains("encrypt_to"), "{bad}: {error}");
		}
		assert!(TaskParams::parse(br#"{"encrypt_to": 7}"#).is_err());
		assert_eq!(TaskParams::parse(br#"{"encrypt_to": null}"#).unwrap().encrypt_to, None);
	}

	#[test]
	fn malformed_json_unknown_fields_and_bad_inputs_are_refused() {
		assert!(TaskParams::parse(br#"{"args": "#).is_err());
		assert!(TaskParams::parse(br#"{"argz": []}"#).is_err());
		assert!(TaskParams::parse(&[0xff, 0xfe]).is_err());
		assert!(TaskParams::parse(br#"{"store": "file:///tmp/r"}"#).is_err());
		let sum = format!("0x{}", "00".repeat(32));
		for (name, url, checksum) in [
			("../x", "http://h/x", sum.as_str()),
			("input", "http://h/x", sum.as_str()),
			("dataset", "http://h/x", sum.as_str()),
			("x", "file:///etc/passwd", sum.as_str()),
			("x", "http://h/x", "0x12"),
		] {
			let text = format!(r#"{{"inputs": [{{"name": "{name}", "url": "{url}", "checksum": "{checksum}"}}]}}"#);
			assert!(TaskParams::parse(text.as_bytes()).is_err(), "{name} {url} {checksum}");
		}
	}
}
