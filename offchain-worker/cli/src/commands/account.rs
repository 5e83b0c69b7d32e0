//! `ect account`: balances, as the chain and as the protocol see them, and
//! transfers ([`super::transfer`]).

use clap::Subcommand;
use ect_client::{
	runtime::{AccountId, Balance, Runtime},
	storage,
};
use pallet_ect_marketplace::Funds;

use super::transfer::{self, TransferArgs};
use crate::{
	args::parse_account,
	error::Result,
	globals::Globals,
	output::{self, Record},
};

/// Account commands.
#[derive(Subcommand)]
pub enum AccountCommand {
	/// Shows an account's balances and what the protocol holds of them.
	Balance {
		/// SS58 address, `0x` public key or dev name (`//Bob`); `--key`'s
		/// account if absent.
		#[arg(value_parser = parse_account)]
		account: Option<AccountId>,
	},
	/// Shows an account's last certified result delivered to the chain's
	/// inbox (requests made with `--callback inbox`).
	Inbox {
		/// SS58 address, `0x` public key or dev name (`//Bob`); `--key`'s
		/// account if absent.
		#[arg(value_parser = parse_account)]
		account: Option<AccountId>,
	},
	/// Sends native tokens from `--key`'s account to another
	/// (`Balances.transfer_keep_alive`: the sender keeps at least the
	/// existential deposit). Refused before sending if the sender cannot
	/// spend that much, or if it is less than the existential deposit to an
	/// empty account.
	Transfer(TransferArgs),
}

/// Runs an account command.
pub async fn run(globals: &Globals, command: AccountCommand) -> Result<()> {
	match command {
		AccountCommand::Balance { account } => balance(globals, account).await,
		AccountCommand::Inbox { account } => inbox(globals, account).await,
		AccountCommand::Transfer(args) => transfer::run(globals, args).await,
	}
}

/// `account`, or `--key`'s.
fn who(globals: &Globals, account: Option<AccountId>) -> Result<AccountId> {
	Ok(match account {
		Some(account) => account,
		None => globals.signer()?.account(),
	})
}

/// `ect account inbox`: `Inbox.LastResult`.
async fn inbox(globals: &Globals, account: Option<AccountId>) -> Result<()> {
	let who = who(globals, account)?;
	let rpc = globals.rpc().await?;
	let key = pallet_ect_inbox::LastResult::<Runtime>::hashed_key_for(&who);
	let delivered: Option<pallet_ect_inbox::Delivered<Runtime>> = rpc.value("Inbox.LastResult", &key).await?;
	let record = Record::new().put("account", output::account(&who));
	let record = match delivered {
		None => record.put("result", output::text("none delivered".to_string())),
		Some(delivered) => record
			.put("deal", output::hash(&delivered.deal))
			.put("task", output::hash(&delivered.task))
			.put("block", output::number(delivered.block))
			.put("data", output::raw(&delivered.data)),
	};
	globals.printer().print(&record);
	Ok(())
}

/// `ect account balance`: `System.Account` and `MarketplaceApi_funds`.
async fn balance(globals: &Globals, account: Option<AccountId>) -> Result<()> {
	let who = who(globals, account)?;
	let rpc = globals.rpc().await?;
	let info = storage::account(&rpc, &who, None).await?;
	let funds: Funds<Balance> = rpc.call("MarketplaceApi_funds", &who).await?;
	let protocol = Record::new()
		.put("free", output::amount(funds.free))
		.put("payment", output::amount(funds.payment))
		.put("scheduler_stake", output::amount(funds.scheduler_stake))
		.put("worker_stake", output::amount(funds.worker_stake))
		.put("deposits", output::amount(funds.deposits));
	let record = Record::new()
		.put("account", output::account(&who))
		.put("free", output::amount(info.data.free))
		.put("reserved", output::amount(info.data.reserved))
		.put("frozen", output::amount(info.data.frozen))
		.put("nonce", output::number(info.nonce))
		.record("protocol", protocol);
	globals.printer().print(&record);
	Ok(())
}
