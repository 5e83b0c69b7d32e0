//! `ect key`: the account behind `--key`.

use clap::Subcommand;

use crate::{
	error::Result,
	globals::Globals,
	output::{self, Record},
};

/// Key commands.
#[derive(Subcommand)]
pub enum KeyCommand {
	/// Shows the account (SS58) and public key (hex) of `--key`.
	Inspect,
}

/// Runs a key command.
pub async fn run(globals: &Globals, command: KeyCommand) -> Result<()> {
	match command {
		KeyCommand::Inspect => inspect(globals),
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
