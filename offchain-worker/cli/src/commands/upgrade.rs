//! `ect upgrade`: forkless runtime upgrades (`docs/validators.md`). A
//! council motion authorizes a runtime by its hash (`ect council propose
//! authorize-upgrade WASM`); `apply` then hands the code over
//! (`System.apply_authorized_upgrade`, open to anyone), checked against the
//! authorization before sending; the new runtime runs its migrations in the
//! next block. `show` tells the running runtime and the authorization.

use std::path::PathBuf;

use clap::Subcommand;
use codec::Decode;
use ect_client::{
	runtime::{polkadot_sdk::frame_system, Runtime, RuntimeEvent},
	TxStage,
};
use ect_client::runtime::polkadot_sdk::sp_io::hashing::{blake2_256, twox_128};
use polkadot_sdk::sp_core::H256;

use crate::{
	args::read_file,
	error::{CliError, Result},
	globals::Globals,
	output::{self, Record},
};

/// Upgrade commands.
#[derive(Subcommand)]
pub enum UpgradeCommand {
	/// The running runtime's version and the authorized upgrade, if any.
	Show,
	/// Sets the authorized runtime: sends its code, which must hash to the
	/// authorization. Its migrations run in the next block.
	Apply {
		/// The runtime's WASM (`ect_runtime.compact.compressed.wasm`).
		wasm: PathBuf,
	},
}

/// What `frame_system` keeps of an authorization.
#[derive(Decode)]
struct Authorization {
	code_hash: H256,
	check_version: bool,
}

/// The authorized upgrade, if any.
async fn authorized(rpc: &ect_client::Rpc) -> Result<Option<Authorization>> {
	// `frame_system`'s storage item is private: its key is
	// twox128("System") ++ twox128("AuthorizedUpgrade").
	let key = [
		twox_128(b"System"),
		twox_128(b"AuthorizedUpgrade"),
	]
	.concat();
	Ok(rpc.value("System.AuthorizedUpgrade", &key).await?)
}

/// Runs an upgrade command.
pub async fn run(globals: &Globals, command: UpgradeCommand) -> Result<()> {
	match command {
		UpgradeCommand::Show => show(globals).await,
		UpgradeCommand::Apply { wasm } => apply(globals, wasm).await,
	}
}

/// `ect upgrade show`.
async fn show(globals: &Globals) -> Result<()> {
	let rpc = globals.rpc().await?;
	let version = rpc.runtime_version().await?;
	let authorization = authorized(&rpc).await?;
	let record = Record::new()
		.put("spec_name", output::text(&version.spec_name))
		.put("spec_version", output::number(version.spec_version))
		.put("transaction_version", output::number(version.transaction_version))
		.put("authorized", output::optional(authorization.as_ref(), |a| output::hash(&a.code_hash)))
		.put_some("version_checked", authorization.map(|a| output::flag(a.check_version)));
	globals.printer().print(&record);
	Ok(())
}

/// `ect upgrade apply`.
async fn apply(globals: &Globals, wasm: PathBuf) -> Result<()> {
	let code = read_file(&wasm)?;
	let hash = H256(blake2_256(&code));
	let sender = globals.connect().await?;
	let authorization = authorized(sender.rpc()).await?.ok_or_else(|| {
		CliError::failure("no upgrade is authorized: a council motion must authorize it first (`ect council propose authorize-upgrade`)")
	})?;
	if authorization.code_hash != hash {
		return Err(CliError::failure(format!(
			"{} hashes to {}, but the authorized runtime is {}",
			wasm.display(),
			output::hash_hex(&hash),
			output::hash_hex(&authorization.code_hash)
		)));
	}
	let before = sender.rpc().runtime_version().await?.spec_version;
	let call = frame_system::Call::<Runtime>::apply_authorized_upgrade { code };
	let included = sender.send(call, TxStage::InBlock).await?;
	for event in &included.events {
		if let RuntimeEvent::System(frame_system::Event::RejectedInvalidAuthorizedUpgrade { error, .. }) = event {
			return Err(CliError::failure(format!(
				"the chain refused the runtime: {}",
				ect_client::DispatchFailure::new(error)
			)));
		}
	}
	let record = Record::new()
		.put("code_hash", output::hash(&hash))
		.put("spec_version_before", output::number(before))
		.put("block", output::hash(&included.block));
	globals.printer().print(&record);
	Ok(())
}
