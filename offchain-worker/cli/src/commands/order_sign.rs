//! `ect order sign`: an order signed off chain by its owner, for `ect
//! match` (see [`crate::signed_order`]). The key, the file and `--out` are
//! checked first; then the chain is read (the best block for the order's
//! expiry, the order hash, who may sign the order) and nothing is sent.

use std::path::PathBuf;

use clap::Args;
use ect_client::runtime::AccountId;
use polkadot_sdk::sp_core::crypto::Ss58Codec;

use crate::{
	args::{self, Lifetime},
	chain,
	error::{CliError, Result},
	globals::Globals,
	output::{self, Record, Val},
	signed_order::{self, load_new, Loaded},
};

/// What `ect order sign` reads and writes.
#[derive(Args)]
pub struct SignArgs {
	/// The order file (any kind).
	file: PathBuf,
	/// Also write the signed order to this file (created, never
	/// overwritten).
	#[arg(long, value_name = "FILE")]
	out: Option<PathBuf>,
	/// When the order expires, if its file does not say.
	#[command(flatten)]
	lifetime: Lifetime,
}

/// What a signed order file is called in errors.
const SIGNED_ORDER: &str = "a signed order";

/// `ect order sign`.
pub async fn run(globals: &Globals, args: SignArgs) -> Result<()> {
	let signer = globals.signer()?;
	let account = signer.account();
	let draft = load_new(&args.file, Some(&account))?;
	if let Some(out) = &args.out {
		args::check_new_file(out, SIGNED_ORDER)?;
	}
	let rpc = globals.rpc().await?;
	let Loaded { mut signed, order } = draft.expire(&rpc, args.lifetime.blocks).await?;
	let signers = chain::order_signers(&rpc, &order).await?;
	if !signers.contains(&account) {
		return Err(not_a_signer(signed.file.kind(), &account, &signers));
	}
	let hash = chain::order_hash(&rpc, &order).await?;
	signed.signature = Some(signed_order::sign(&signer, &hash));
	signed.order_hash = Some(hash);
	let json = signed.to_json();
	if let Some(out) = &args.out {
		let text = format!("{}\n", serde_json::to_string_pretty(&json).unwrap_or_else(|_| json.to_string()));
		args::write_new_file(out, text.as_bytes(), 0o644, SIGNED_ORDER)?;
	}
	let record = Record::new()
		.put("order_hash", output::hash(&hash))
		.put("kind", output::text(signed.file.kind()))
		.put("signer", output::account(&account))
		.put("salt", output::optional(signed.file.salt().as_ref(), output::hash))
		.put("expires", output::optional(signed.file.expires(), output::number))
		.put("file", output::optional(args.out.as_ref(), |out| output::text(out.display())))
		.put("order", Val::new(json.to_string(), json));
	globals.printer().print(&record);
	Ok(())
}

/// The error of a key that may not sign an order of `kind` that only
/// `signers` may sign.
fn not_a_signer(kind: &str, account: &AccountId, signers: &[AccountId]) -> CliError {
	let who = signers.iter().map(|signer| signer.to_ss58check()).collect::<Vec<_>>().join(" or ");
	CliError::failure(format!(
		"--key's account {} may not sign this {kind} order: only {who} may (the asset's owner or its pool's \
		 operator; a request's requester)",
		account.to_ss58check()
	))
}
