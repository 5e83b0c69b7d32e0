//! Printing results: short aligned lines for people, exactly one JSON value
//! for machines (`--json`).
//!
//! A command builds a [`Record`] of named values ([`Val`]), each with its
//! human text and its JSON; the [`Printer`] picks one. In JSON, amounts are
//! strings of planck (a `u128` does not fit a JSON number), hashes and
//! public keys `0x` hex, accounts SS58, times unix milliseconds.

use std::{
	fmt::{Debug, Display},
	time::{SystemTime, UNIX_EPOCH},
};

use ect_client::runtime::{AccountId, Balance, TOKEN_DECIMALS, TOKEN_SYMBOL, UNIT};
use pallet_ect_registry::{Resources, Restriction, Tag};
use polkadot_sdk::sp_core::{crypto::Ss58Codec, H256};
use serde_json::{json, Map, Value};

use crate::error::CliError;

/// One value, as people read it and as JSON.
#[derive(Clone, Debug)]
pub struct Val {
	human: String,
	json: Value,
}

impl Val {
	/// A value shown as `human`, and as `json` in JSON.
	pub fn new(human: impl Into<String>, json: impl Into<Value>) -> Self {
		Self { human: human.into(), json: json.into() }
	}
}

/// Text, the same for both.
pub fn text(value: impl Display) -> Val {
	let text = value.to_string();
	Val::new(text.clone(), text)
}

/// A number.
pub fn number<N: Display + Into<Value>>(n: N) -> Val {
	Val::new(n.to_string(), n)
}

/// A yes/no.
pub fn flag(value: bool) -> Val {
	Val::new(if value { "yes" } else { "no" }, value)
}

/// An enum or other value named by its `Debug` form (`Active`, `WasiPreview1`).
pub fn name(value: &impl Debug) -> Val {
	text(format!("{value:?}"))
}

/// An amount: `12.5 ECT` for people, planck as a string in JSON.
pub fn amount(planck: Balance) -> Val {
	Val::new(format_amount(planck), planck.to_string())
}

/// A 32-byte hash, `0x` and 64 hex digits.
pub fn hash(hash: &H256) -> Val {
	text(hash_hex(hash))
}

/// An account, SS58.
pub fn account(account: &AccountId) -> Val {
	text(account.to_ss58check())
}

/// An account's public key, `0x` hex.
pub fn public_key(account: &AccountId) -> Val {
	text(hex_bytes(<AccountId as AsRef<[u8]>>::as_ref(account)))
}

/// Bytes meant as text (names, URLs, params), decoded leniently.
pub fn bytes(bytes: &[u8]) -> Val {
	text(String::from_utf8_lossy(bytes))
}

/// Opaque bytes, `0x` hex.
pub fn raw(bytes: &[u8]) -> Val {
	text(hex_bytes(bytes))
}

/// A point in time, given in unix milliseconds; 0 is "not set".
pub fn time(ms: u64) -> Val {
	let human = if ms == 0 { "-".to_string() } else { format_time(ms) };
	Val::new(human, ms)
}

/// Nothing: `none`, JSON `null`.
pub fn none() -> Val {
	Val::new("none", Value::Null)
}

/// `value` shown with `show`, or [`none`].
pub fn optional<T>(value: Option<T>, show: impl FnOnce(T) -> Val) -> Val {
	value.map(show).unwrap_or_else(none)
}

/// A tag: its feature names (`tee,gpu`) or `none` for people, `0x` hex in JSON.
pub fn tag(tag: &Tag) -> Val {
	let hex = hex_bytes(&tag.0);
	if *tag == Tag::NONE {
		return Val::new("none", hex);
	}
	let known = [("tee", Tag::TEE), ("gpu", Tag::GPU)];
	let present: Vec<&(&str, Tag)> = known.iter().filter(|(_, feature)| feature.is_subset_of(tag)).collect();
	let covered = present.iter().fold(Tag::NONE, |all, (_, feature)| all.union(feature));
	let human = if covered == *tag {
		present.iter().map(|(name, _)| *name).collect::<Vec<_>>().join(",")
	} else {
		hex.clone()
	};
	Val::new(human, hex)
}

/// An order restriction, in the order files' JSON form: `"anyone"`,
/// `{"account": "<SS58>"}`, `{"group": <id>}`.
pub fn restriction(restriction: &Restriction<AccountId>) -> Val {
	match restriction {
		Restriction::Anyone => Val::new("anyone", "anyone"),
		Restriction::Account(who) => {
			let who = who.to_ss58check();
			Val::new(format!("account {who}"), json!({ "account": who }))
		},
		Restriction::Group(group) => Val::new(format!("group {group}"), json!({ "group": group })),
	}
}

/// Machine resources (capabilities or requirements).
pub fn resources(resources: &Resources) -> Record {
	Record::new()
		.put("cpu_cores", number(resources.cpu_cores))
		.put("memory_mib", number(resources.memory_mib))
		.put("disk_mib", number(resources.disk_mib))
		.put("gpu_memory_mib", number(resources.gpu_memory_mib))
		.put("cpu_arch", text(format!("{:?}", resources.cpu_arch).to_lowercase()))
		.put("region", number(resources.region))
}

/// A deal's requirements, short for people (only the minimums set, in the
/// scheduler's words, `ect_agents::scheduler::fit::describe`: `2 cores,
/// 4096 MiB of memory`; `none`), every field in JSON (as [`resources`]).
pub fn requirements(requirements: &Resources) -> Val {
	let set = ect_agents::scheduler::fit::describe(requirements);
	let human = if set.is_empty() { "none".to_string() } else { set.join(", ") };
	Val::new(human, resources(requirements).to_json())
}

/// One field of a record.
#[derive(Clone, Debug)]
enum Field {
	/// A value.
	Value(Val),
	/// A nested record.
	Record(Record),
	/// A list of values, one line each.
	Values(Vec<Val>),
	/// A list of records, one block each.
	Records(Vec<Record>),
}

/// A command's result: named fields, in order. Keys are `snake_case`; people
/// see them with spaces.
#[derive(Clone, Debug, Default)]
pub struct Record {
	fields: Vec<(&'static str, Field)>,
}

impl Record {
	/// An empty record.
	pub fn new() -> Self {
		Self::default()
	}

	/// Adds a value.
	pub fn put(mut self, key: &'static str, value: Val) -> Self {
		self.fields.push((key, Field::Value(value)));
		self
	}

	/// Adds a value if there is one.
	pub fn put_some(self, key: &'static str, value: Option<Val>) -> Self {
		match value {
			Some(value) => self.put(key, value),
			None => self,
		}
	}

	/// Adds a nested record.
	pub fn record(mut self, key: &'static str, record: Record) -> Self {
		self.fields.push((key, Field::Record(record)));
		self
	}

	/// Adds a nested record, or [`none`] if there is none.
	pub fn record_or_none(self, key: &'static str, record: Option<Record>) -> Self {
		match record {
			Some(record) => self.record(key, record),
			None => self.put(key, none()),
		}
	}

	/// Adds a list of values.
	pub fn values(mut self, key: &'static str, values: Vec<Val>) -> Self {
		self.fields.push((key, Field::Values(values)));
		self
	}

	/// Adds a list of records.
	pub fn records(mut self, key: &'static str, records: Vec<Record>) -> Self {
		self.fields.push((key, Field::Records(records)));
		self
	}

	/// The record as a JSON object.
	pub fn to_json(&self) -> Value {
		let mut map = Map::new();
		for (key, field) in &self.fields {
			let value = match field {
				Field::Value(value) => value.json.clone(),
				Field::Record(record) => record.to_json(),
				Field::Values(values) => Value::Array(values.iter().map(|v| v.json.clone()).collect()),
				Field::Records(records) => Value::Array(records.iter().map(Record::to_json).collect()),
			};
			map.insert((*key).to_string(), value);
		}
		Value::Object(map)
	}

	/// The record as aligned lines: `label  value`, nested records
	/// indented, list items after a `- `.
	fn lines(&self) -> Vec<String> {
		let width = self.fields.iter().map(|(key, _)| key.len()).max().unwrap_or(0);
		let mut lines = Vec::new();
		for (key, field) in &self.fields {
			let label = key.replace('_', " ");
			match field {
				Field::Value(value) => lines.push(format!("{label:<width$}  {}", value.human)),
				Field::Record(record) => {
					lines.push(label);
					lines.extend(record.lines().into_iter().map(|line| format!("  {line}")));
				},
				Field::Values(values) => {
					lines.push(format!("{label} ({})", values.len()));
					lines.extend(values.iter().map(|value| format!("  - {}", value.human)));
				},
				Field::Records(records) => {
					lines.push(format!("{label} ({})", records.len()));
					for record in records {
						lines.extend(bulleted(record.lines()));
					}
				},
			}
		}
		lines
	}
}

/// `lines` as one list item: `  - ` before the first, aligned after it.
fn bulleted(lines: Vec<String>) -> impl Iterator<Item = String> {
	lines
		.into_iter()
		.enumerate()
		.map(|(i, line)| if i == 0 { format!("  - {line}") } else { format!("    {line}") })
}

/// Prints results in the format `--json` asked for.
#[derive(Clone, Copy, Debug)]
pub struct Printer {
	json: bool,
}

impl Printer {
	/// A printer of JSON (`json`) or text.
	pub fn new(json: bool) -> Self {
		Self { json }
	}

	/// Prints a command's result: one JSON value, or aligned lines.
	pub fn print(&self, record: &Record) {
		if self.json {
			let value = record.to_json();
			out(&format!("{}\n", serde_json::to_string_pretty(&value).unwrap_or_else(|_| value.to_string())));
		} else {
			out(&record.lines().into_iter().map(|line| format!("{line}\n")).collect::<String>());
		}
	}

	/// Prints one event of a stream: a one-line JSON object, or `human`.
	pub fn event(&self, record: &Record, human: &str) {
		if self.json {
			out(&format!("{}\n", record.to_json()));
		} else {
			out(&format!("{human}\n"));
		}
	}

	/// Prints free text after a result, for people only (JSON carries it in
	/// the record).
	pub fn body(&self, text: &str) {
		if !self.json {
			let end = if !text.is_empty() && !text.ends_with('\n') { "\n" } else { "" };
			out(&format!("\n{text}{end}"));
		}
	}
}

/// Writes `text` to stdout. A reader that went away (`ect … | head`) is not
/// an error of the command: the rest of the output is dropped quietly.
fn out(text: &str) {
	use std::io::Write;
	let mut stdout = std::io::stdout().lock();
	let _ = stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush());
}

/// Reports a failed command: `error: ...` on stderr and, with `--json`,
/// `{"error": ..., "exit_code": ...}` on stdout.
pub fn error(json: bool, error: &CliError) {
	eprintln!("error: {error}");
	if json {
		error_json(&error.to_string(), error.code());
	}
}

/// Reports a failure as JSON on stdout: `{"error": message, "exit_code":
/// code}`.
pub fn error_json(message: &str, code: u8) {
	out(&format!("{}\n", json!({ "error": message, "exit_code": code })));
}

/// `0x` and the hex of `bytes`.
pub fn hex_bytes(bytes: &[u8]) -> String {
	format!("0x{}", hex::encode(bytes))
}

/// `0x` and the 64 hex digits of a hash.
pub fn hash_hex(hash: &H256) -> String {
	hex_bytes(hash.as_bytes())
}

/// The first 8 hex digits of a hash, for progress lines: `0x1234abcd…`.
pub fn short_hash(hash: &H256) -> String {
	format!("0x{}…", hex::encode(&hash.as_bytes()[..4]))
}

/// `planck` in ECT: `12.5 ECT`, `0 ECT`, `0.000000000001 ECT`.
pub fn format_amount(planck: Balance) -> String {
	let whole = planck / UNIT;
	let fraction = planck % UNIT;
	if fraction == 0 {
		return format!("{whole} {TOKEN_SYMBOL}");
	}
	let digits = format!("{fraction:0width$}", width = usize::from(TOKEN_DECIMALS));
	format!("{whole}.{} {TOKEN_SYMBOL}", digits.trim_end_matches('0'))
}

/// Now, in unix milliseconds.
pub fn now_ms() -> u64 {
	SystemTime::now()
		.duration_since(UNIX_EPOCH)
		.map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
		.unwrap_or_default()
}

/// A unix time in milliseconds as `2025-01-31 12:00:01 UTC`.
pub fn format_time(ms: u64) -> String {
	let seconds = ms / 1000;
	let (year, month, day) = civil_from_days(seconds / 86_400);
	format!("{year:04}-{month:02}-{day:02} {} UTC", clock(ms))
}

/// The time of day of a unix time in milliseconds, UTC: `12:00:01`.
pub fn clock(ms: u64) -> String {
	let second_of_day = (ms / 1000) % 86_400;
	format!("{:02}:{:02}:{:02}", second_of_day / 3600, second_of_day % 3600 / 60, second_of_day % 60)
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (Howard
/// Hinnant's `civil_from_days`).
fn civil_from_days(days: u64) -> (u64, u64, u64) {
	let z = days + 719_468;
	let era = z / 146_097;
	let day_of_era = z % 146_097;
	let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
	let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
	let shifted_month = (5 * day_of_year + 2) / 153;
	let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
	let month = if shifted_month < 10 { shifted_month + 3 } else { shifted_month - 9 };
	let year = year_of_era + era * 400 + u64::from(month <= 2);
	(year, month, day)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn amounts_are_shown_in_ect() {
		assert_eq!(format_amount(0), "0 ECT");
		assert_eq!(format_amount(UNIT * 12 + UNIT / 2), "12.5 ECT");
		assert_eq!(format_amount(1), "0.000000000001 ECT");
	}

	#[test]
	fn times_are_shown_in_utc() {
		assert_eq!(format_time(0), "1970-01-01 00:00:00 UTC");
		assert_eq!(format_time(951_782_400_000), "2000-02-29 00:00:00 UTC");
		assert_eq!(format_time(1_735_689_601_000), "2025-01-01 00:00:01 UTC");
	}

	#[test]
	fn tags_are_named_when_known() {
		assert_eq!(tag(&Tag::NONE).human, "none");
		assert_eq!(tag(&Tag::TEE.union(&Tag::GPU)).human, "tee,gpu");
		assert!(tag(&Tag::bit(3)).human.starts_with("0x"));
	}

	#[test]
	fn requirements_show_only_what_is_set() {
		assert_eq!(requirements(&Resources::default()).human, "none");
		let set = Resources { cpu_cores: 2, memory_mib: 4096, cpu_arch: pallet_ect_registry::CpuArch::X86_64, ..Resources::default() };
		assert_eq!(requirements(&set).human, "2 cores, 4096 MiB of memory, the x86_64 architecture");
		assert_eq!(requirements(&set).json["memory_mib"], 4096);
		assert_eq!(requirements(&set).json["cpu_arch"], "x86_64");
	}

	#[test]
	fn records_align_their_labels() {
		let record = Record::new().put("a", text("1")).put("long_key", text("2"));
		assert_eq!(record.lines(), vec!["a         1".to_string(), "long key  2".to_string()]);
	}
}
