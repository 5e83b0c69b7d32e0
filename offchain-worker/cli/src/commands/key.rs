//! `ect key`: the account behind `--key`, and result keys for sealed
//! results.

use std::path::PathBuf;

use clap::Subcommand;
use ect_runner::sealed::SecretKey;

use crate::{
	error::Result,
	globals::Globals,
	output::{self, hex_bytes, Record, Val},
	result_key,
};

/// Key commands.
#[derive(Subcommand)]
pub enum KeyCommand {
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
		KeyCommand::Inspect => inspect(globals),
		KeyCommand::ResultKey { out } => result_key(globals, out),
	}
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
