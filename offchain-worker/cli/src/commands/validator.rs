//! `ect validator`: a validator's own steps (`docs/validators.md`).
//! `set-keys` has the validator's node make new session keys
//! (`author_rotateKeysWithOwner`: the secret halves stay in the node's
//! keystore, the node signs `--key`'s account with each to prove it holds
//! them) and registers them for `--key`'s account (`Session.set_keys`);
//! `list` shows the set governance chose, the session's validators and the
//! session.

use clap::Subcommand;
use codec::{Decode, Encode};
use ect_client::{
	runtime::{polkadot_sdk::pallet_session, AccountId, BlockNumber, Runtime, SessionKeys},
	Rpc, TxStage,
};
use jsonrpsee::{core::client::ClientT, rpc_params};
use polkadot_sdk::{frame_support::traits::Get, sp_core::Bytes};

use crate::{
	error::{CliError, Result},
	globals::Globals,
	output::{self, hex_bytes, Record},
};

/// Validator commands.
#[derive(Subcommand)]
pub enum ValidatorCommand {
	/// Makes new session keys on the validator's node and registers them for
	/// `--key`'s account (`Session.set_keys`, which holds a deposit). They
	/// take effect at the session after next; governance can then add the
	/// account (`ect council propose add-validator`). Run it against the
	/// validator's own node: making keys is an unsafe RPC, served on
	/// localhost only.
	SetKeys {
		/// The validator's node (WebSocket), where the keys are made and
		/// kept; by default `--url`.
		#[arg(long)]
		node: Option<String>,
	},
	/// Removes `--key`'s session keys (`Session.purge_keys`) and releases
	/// their deposit; for a validator that governance removed from the set
	/// and whose last session is over.
	PurgeKeys,
	/// The validator set governance chose (the next sessions'), the current
	/// session's validators, the session index and length.
	List,
}

/// Runs a validator command.
pub async fn run(globals: &Globals, command: ValidatorCommand) -> Result<()> {
	match command {
		ValidatorCommand::SetKeys { node } => set_keys(globals, node).await,
		ValidatorCommand::PurgeKeys => purge_keys(globals).await,
		ValidatorCommand::List => list(globals).await,
	}
}

/// The set governance chose and the current session's validators.
async fn sets(rpc: &Rpc) -> Result<(Vec<AccountId>, Vec<AccountId>)> {
	let chosen: Vec<AccountId> = rpc
		.value("Validators.Validators", &pallet_ect_validators::Validators::<Runtime>::hashed_key())
		.await?
		.unwrap_or_default();
	let current: Vec<AccountId> = rpc
		.value("Session.Validators", &pallet_session::Validators::<Runtime>::hashed_key())
		.await?
		.unwrap_or_default();
	Ok((chosen, current))
}

/// `ect validator purge-keys`: refused before sending while the account is
/// a validator of the current session or of the chosen set.
async fn purge_keys(globals: &Globals) -> Result<()> {
	let sender = globals.connect().await?;
	let rpc = sender.rpc();
	let account = sender.account();
	let (chosen, current) = sets(rpc).await?;
	let queued: Vec<(AccountId, SessionKeys)> = rpc
		.value("Session.QueuedKeys", &pallet_session::QueuedKeys::<Runtime>::hashed_key())
		.await?
		.unwrap_or_default();
	if chosen.contains(&account) || current.contains(&account) || queued.iter().any(|(who, _)| *who == account) {
		return Err(CliError::failure(
			"still a validator (of this session, the next or the chosen set): governance removes it first, and its \
			 last session must be over",
		));
	}
	let included = sender.send(pallet_session::Call::<Runtime>::purge_keys {}, TxStage::InBlock).await?;
	let record = Record::new().put("account", output::account(&account)).put("block", output::hash(&included.block));
	globals.printer().print(&record);
	Ok(())
}

/// New session keys made by `node` for `owner`, and the proof of ownership.
async fn rotate(node: &Rpc, owner: &AccountId) -> Result<(SessionKeys, Vec<u8>)> {
	let answer: serde_json::Value = node
		.raw()
		.request("author_rotateKeysWithOwner", rpc_params![Bytes(owner.encode())])
		.await
		.map_err(|e| {
			CliError::failure(format!(
				"the node at {} did not make session keys ({e}): run this against the validator's own node, whose \
				 unsafe RPC methods are served on localhost",
				node.url()
			))
		})?;
	let field = |name: &str| -> Result<Vec<u8>> {
		let text = answer[name].as_str().ok_or_else(|| CliError::failure(format!("the node's answer has no {name}")))?;
		hex::decode(text.trim_start_matches("0x")).map_err(|e| CliError::failure(format!("the node's {name}: {e}")))
	};
	let keys = SessionKeys::decode(&mut &field("keys")?[..])
		.map_err(|e| CliError::failure(format!("the node's keys are not this chain's session keys: {e}")))?;
	Ok((keys, field("proof")?))
}

/// `ect validator set-keys`.
async fn set_keys(globals: &Globals, node: Option<String>) -> Result<()> {
	let sender = globals.connect().await?;
	let own = match node {
		Some(url) => Some(Globals { url, ..globals.clone() }.rpc().await?),
		None => None,
	};
	let (keys, proof) = rotate(own.as_ref().unwrap_or(sender.rpc()), &sender.account()).await?;
	let call = pallet_session::Call::<Runtime>::set_keys { keys: keys.clone(), proof };
	let included = sender.send(call, TxStage::InBlock).await?;
	let record = Record::new()
		.put("account", output::account(&sender.account()))
		.put("aura", output::text(hex_bytes(keys.aura.as_ref())))
		.put("grandpa", output::text(hex_bytes(keys.grandpa.as_ref())))
		.put("keys", output::text(hex_bytes(&keys.encode())))
		.put("block", output::hash(&included.block));
	globals.printer().print(&record);
	Ok(())
}

/// `ect validator list`.
async fn list(globals: &Globals) -> Result<()> {
	let rpc = globals.rpc().await?;
	let (chosen, current) = sets(&rpc).await?;
	let session: u32 =
		rpc.value("Session.CurrentIndex", &pallet_session::CurrentIndex::<Runtime>::hashed_key()).await?.unwrap_or_default();
	let length: BlockNumber = rpc
		.value("Validators.SessionLength", &pallet_ect_validators::SessionLength::<Runtime>::hashed_key())
		.await?
		.unwrap_or_else(<Runtime as pallet_ect_validators::Config>::DefaultSessionLength::get);
	let pending: bool =
		rpc.value("Validators.SetChanged", &pallet_ect_validators::SetChanged::<Runtime>::hashed_key()).await?.unwrap_or(false);
	let record = Record::new()
		.put("session", output::number(session))
		.put("session_length", output::number(length))
		.values("validators", current.iter().map(output::account).collect())
		.values("chosen", chosen.iter().map(output::account).collect())
		.put("change_pending", output::flag(pending || chosen != current));
	globals.printer().print(&record);
	Ok(())
}
