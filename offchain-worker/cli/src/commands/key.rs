//! `ect key`: new signing keys, the account behind `--key`, and result
//! keys for sealed results.

use std::path::{Path, PathBuf};

use clap::Subcommand;
use ect_client::runtime::AccountId;
use ect_runner::sealed::SecretKey;
use polkadot_sdk::sp_core::{sr25519, Pair};

use crate::{
	args::write_new_file,
	error::Result,
	globals::Globals,
	output::{self, hex_bytes, Record, Val},
	result_key,
};

/// Key commands.
#[derive(Subcommand)]
pub enum KeyCommand {
	/// Makes a new sr25519 signing key: prints its secret phrase (a 12-word
	/// mnemonic, usable as `--key` or `ECT_KEY`), its account (SS58) and
	/// public key. With `--out`, writes the phrase to that file instead
	/// (created with mode 0600, never overwritten; `--key "$(cat FILE)"`).
	/// Needs no node.
	Generate {
		/// The file for the secret phrase (must not exist yet).
		#[arg(long, value_name = "FILE")]
		out: Option<PathBuf>,
	},
	/// Shows the account (SS58) and public key (hex) of `--key`.
	Inspect,
	/// Makes a result key: an x25519 key pair for results sealed to you.
	/// Writes the secret to `--out` (created with mode 0600, never
	/// overwritten) and prints the public key, which goes in a request's
	/// params as `"encrypt_to"`; `ect task result --result-key FILE`
	/// decrypts with the secret.
	ResultKey {
		/// The file for the secret key (must not exist yet).
		#[arg(long, value_name = "FILE")]
		out: PathBuf,
	},
}

/// Runs a key command.
pub async fn run(globals: &Globals, command: KeyCommand) -> Result<()> {
	match command {
		KeyCommand::Generate { out } => generate(globals, out.as_deref()),
		KeyCommand::Inspect => inspect(globals),
		KeyCommand::ResultKey { out } => result_key(globals, out),
	}
}

/// `ect key generate`.
fn generate(globals: &Globals, out: Option<&Path>) -> Result<()> {
	let (pair, phrase, _) = sr25519::Pair::generate_with_phrase(None);
	let account = AccountId::from(pair.public());
	let secret = match out {
		Some(path) => {
			write_new_file(path, format!("{phrase}\n").as_bytes(), 0o600, "a secret key")?;
			Record::new().put("secret_file", output::text(path.display()))
		},
		None => Record::new().put("secret_phrase", output::text(&phrase)),
	};
	let record = secret.put("account", output::account(&account)).put("public_key", output::public_key(&account));
	globals.printer().print(&record);
	Ok(())
}

/// `ect key inspect`.
fn inspect(globals: &Globals) -> Result<()> {
	let account = globals.signer()?.account();
	let record = Record::new()
		.put("account", output::account(&account))
		.put("public_key", output::public_key(&account));
	globals.printer().print(&record);
	Ok(())
}

/// `ect key result-key`.
fn result_key(globals: &Globals, out: PathBuf) -> Result<()> {
	let secret = SecretKey::generate(&mut rand::rngs::OsRng);
	result_key::write(&out, &secret)?;
	let public = hex_bytes(&secret.public());
	let record = Record::new()
		.put("public_key", output::text(&public))
		.put("secret_file", output::text(out.display()))
		.put("params", Val::new(format!(r#"{{"encrypt_to": "{public}"}}"#), serde_json::json!({ "encrypt_to": public })));
	globals.printer().print(&record);
	Ok(())
}

#[cfg(test)]
mod tests {
	use ect_client::Signer;

	use super::*;

	#[test]
	fn a_generated_phrase_is_a_usable_key() {
		let (pair, phrase, _) = sr25519::Pair::generate_with_phrase(None);
		assert_eq!(phrase.split_whitespace().count(), 12);
		let signer = Signer::from_uri(&phrase).expect("the phrase is a secret URI");
		assert_eq!(signer.account(), AccountId::from(pair.public()));
	}
}
