//! The options every command takes, and what they give: the signing key, a
//! connection to the node, the output format.

use clap::Args;
use ect_client::{Rpc, Sender, Signer};

use crate::{
	error::{CliError, Result, BAD_KEY},
	output::Printer,
};

/// The options of every command. `--key` and `--json` are `global`
/// (accepted after any subcommand); `--url` goes before the subcommand (or
/// in `ECT_URL`), because `app register` and `dataset register` take their
/// own `--url`, the asset's location, and clap cannot have both.
///
/// Not `Debug`: it holds the secret key.
#[derive(Args, Clone)]
pub struct Globals {
	/// WebSocket URL of the node (before the subcommand).
	#[arg(long, env = "ECT_URL", default_value = "ws://127.0.0.1:9944")]
	pub url: String,

	/// Secret URI of the signing account: a dev name (`//Alice`), a mnemonic
	/// or a `0x` seed.
	#[arg(long, global = true, env = "ECT_KEY", default_value = "//Alice", hide_env_values = true)]
	pub key: String,

	/// Machine output: exactly one JSON value on stdout (`task watch`: one
	/// JSON object per line).
	#[arg(long, global = true)]
	pub json: bool,
}

impl Globals {
	/// The signer of `--key`; an unusable key exits with [`BAD_KEY`].
	pub fn signer(&self) -> Result<Signer> {
		Signer::from_uri(&self.key).map_err(|e| CliError::new(BAD_KEY, format!("invalid key: {e}")))
	}

	/// A connection to `--url`, for reading.
	pub async fn rpc(&self) -> Result<Rpc> {
		Rpc::connect(&self.url).await.map_err(|e| {
			let detail = match e {
				ect_client::Error::Rpc(inner) => inner.to_string(),
				other => other.to_string(),
			};
			CliError::failure(format!("cannot connect to {}: {detail}", self.url))
		})
	}

	/// A sender of `--key`'s transactions through `--url`. The key is checked
	/// before connecting.
	pub async fn connect(&self) -> Result<Sender> {
		let signer = self.signer()?;
		let rpc = self.rpc().await?;
		Ok(Sender::new(rpc, signer).await?)
	}

	/// How results are printed.
	pub fn printer(&self) -> Printer {
		Printer::new(self.json)
	}
}
