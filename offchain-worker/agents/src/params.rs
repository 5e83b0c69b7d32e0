//! A request's `params`: what the app is run with and where its result goes.
//!
//! Either a JSON object (every field optional):
//!
//! ```json
//! {"args": ["--n", "5"],
//!  "input": "text for /in/input",
//!  "inputs": [{"name": "data.csv", "url": "https://…/data.csv", "checksum": "0x<blake2-256>"}],
//!  "store": "https://results.example/store"}
//! ```
//!
//! or plain text, split on whitespace into arguments. `inputs` are files by
//! URL (at most [`MAX_INPUTS`]), fetched, checked against their checksum and
//! cached like datasets, and given to the app as `/in/<name>`: `params` stays
//! small because it carries URLs, not bytes. `store` is a result store the
//! requester names (`crate::store`); without it the result goes to the
//! pool's store.

use polkadot_sdk::sp_core::H256;
use serde::Deserialize;

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
}

fn valid_name(name: &str) -> bool {
	!name.is_empty() &&
		name.len() <= 64 &&
		name != "input" &&
		!name.starts_with('.') &&
		name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
}

fn is_http(url: &str) -> bool {
	url.starts_with("http://") || url.starts_with("https://")
}

impl TaskParams {
	/// Parses `params`; a malformed JSON object, a bad input name, URL or
	/// checksum, or a store that is not an http(s) URL is an error (a worker
	/// refuses the task rather than guess).
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
			("x", "file:///etc/passwd", sum.as_str()),
			("x", "http://h/x", "0x12"),
		] {
			let text = format!(r#"{{"inputs": [{{"name": "{name}", "url": "{url}", "checksum": "{checksum}"}}]}}"#);
			assert!(TaskParams::parse(text.as_bytes()).is_err(), "{name} {url} {checksum}");
		}
	}
}
