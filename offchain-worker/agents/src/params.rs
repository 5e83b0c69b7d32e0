//! A request's `params`: what the app is run with.
//!
//! Either a JSON object:
//! `{"args": ["--n", "5"], "input": "text for /in/input", "storage": "/results"}`
//! (every field optional; `storage` is a directory the scheduler also writes
//! the result bundle to), or plain text, split on whitespace into arguments.

use serde::Deserialize;

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
	/// A directory to copy the result bundle to, besides the pool's store.
	#[serde(default)]
	pub storage: Option<String>,
}

impl TaskParams {
	/// Parses `params`; a malformed JSON object is an error (a worker refuses
	/// the task rather than guess).
	pub fn parse(params: &[u8]) -> Result<Self, String> {
		let text = std::str::from_utf8(params).map_err(|e| format!("params are not UTF-8: {e}"))?;
		if text.trim_start().starts_with('{') {
			serde_json::from_str(text).map_err(|e| format!("malformed params: {e}"))
		} else {
			Ok(Self { args: text.split_whitespace().map(str::to_string).collect(), ..Self::default() })
		}
	}

	/// The input files the sandbox gets.
	pub fn files(&self) -> Vec<(String, Vec<u8>)> {
		self.input.iter().map(|input| ("input".to_string(), input.as_bytes().to_vec())).collect()
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
	fn json_objects_give_args_input_and_storage() {
		let params = TaskParams::parse(br#"{"args": ["a"], "input": "hello", "storage": "/tmp/r"}"#).unwrap();
		assert_eq!(params.args, vec!["a"]);
		assert_eq!(params.files(), vec![("input".to_string(), b"hello".to_vec())]);
		assert_eq!(params.storage.as_deref(), Some("/tmp/r"));
	}

	#[test]
	fn malformed_json_and_unknown_fields_are_refused() {
		assert!(TaskParams::parse(br#"{"args": "#).is_err());
		assert!(TaskParams::parse(br#"{"argz": []}"#).is_err());
		assert!(TaskParams::parse(&[0xff, 0xfe]).is_err());
	}
}
