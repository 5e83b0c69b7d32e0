//! What the owner of an app, a dataset or a workerpool does with it, the
//! same for the three kinds (the asset is an [`AssetRef`]): gives it to
//! another account (`Registry.transfer_ownership`) or removes it
//! (`Registry.remove_asset`, which releases its deposit).

use clap::Args;
use ect_client::{
	runtime::{AccountId, Balance, Runtime, RuntimeEvent},
	Rpc, TxStage,
};
use pallet_ect_registry::{AssetRef, Deposit, Event as RegistryEvent};
use polkadot_sdk::sp_core::crypto::Ss58Codec;

use crate::{
	args::{parse_account, AssetArg},
	chain,
	error::{CliError, Result},
	globals::Globals,
	output::{self, Record},
};

/// Registry calls.
type RegistryCall = pallet_ect_registry::Call<Runtime>;

/// `transfer ID TO` of an app, a dataset or a workerpool.
#[derive(Args)]
pub struct TransferArgs {
	/// The asset id.
	pub id: u32,
	/// The new owner: SS58 address, `0x` public key or dev name (`//Bob`).
	#[arg(value_parser = parse_account)]
	pub to: AccountId,
}

/// `remove ID` of an app, a dataset or a workerpool.
#[derive(Args)]
pub struct RemoveArgs {
	/// The asset id.
	pub id: u32,
}

/// The owner of `asset` and the deposit held for it; an unknown asset is
/// an error (`unknown app 7`).
pub async fn owner(rpc: &Rpc, asset: AssetRef) -> Result<(AccountId, Deposit<AccountId, Balance>)> {
	Ok(match asset {
		AssetRef::App(id) => chain::app(rpc, id).await.map(|app| (app.owner, app.deposit))?,
		AssetRef::Dataset(id) => chain::dataset(rpc, id).await.map(|dataset| (dataset.owner, dataset.deposit))?,
		AssetRef::Workerpool(id) => chain::workerpool(rpc, id).await.map(|pool| (pool.owner, pool.deposit))?,
	})
}

/// The deposit of `asset`, which `who` must own; otherwise an error before
/// anything is sent.
pub async fn owned(rpc: &Rpc, asset: AssetRef, who: &AccountId) -> Result<Deposit<AccountId, Balance>> {
	let (owner, deposit) = owner(rpc, asset).await?;
	if owner != *who {
		return Err(CliError::failure(format!(
			"{} is owned by {}, not by {}",
			AssetArg(asset),
			owner.to_ss58check(),
			who.to_ss58check()
		)));
	}
	Ok(deposit)
}

/// `ect app|dataset|pool transfer`: refused before sending if the asset is
/// unknown, someone else's, or already `to`'s.
pub async fn transfer(globals: &Globals, asset: AssetRef, to: AccountId) -> Result<()> {
	let sender = globals.connect().await?;
	owned(sender.rpc(), asset, &sender.account()).await?;
	if to == sender.account() {
		return Err(CliError::failure(format!("{} is already owned by {}", AssetArg(asset), to.to_ss58check())));
	}
	let call = RegistryCall::transfer_ownership { asset, new_owner: to };
	let included = sender.send(call, TxStage::InBlock).await?;
	let (from, to) = chain::event(&included, "Registry.OwnershipTransferred", |event| match event {
		RuntimeEvent::Registry(RegistryEvent::OwnershipTransferred { asset: moved, from, to }) if *moved == asset => {
			Some((from.clone(), to.clone()))
		},
		_ => None,
	})?;
	let record = Record::new()
		.put("asset", output::text(AssetArg(asset)))
		.put("from", output::account(&from))
		.put("to", output::account(&to))
		.put("block", output::hash(&included.block));
	globals.printer().print(&record);
	Ok(())
}

/// `ect app|dataset|pool remove`: refused before sending if the asset is
/// unknown or someone else's. Prints the deposit released and who it went
/// back to.
pub async fn remove(globals: &Globals, asset: AssetRef) -> Result<()> {
	let sender = globals.connect().await?;
	let deposit = owned(sender.rpc(), asset, &sender.account()).await?;
	let included = sender.send(RegistryCall::remove_asset { asset }, TxStage::InBlock).await?;
	chain::event(&included, "Registry.AssetRemoved", |event| match event {
		RuntimeEvent::Registry(RegistryEvent::AssetRemoved { asset: removed, .. }) if *removed == asset => Some(()),
		_ => None,
	})?;
	let record = Record::new()
		.put("asset", output::text(AssetArg(asset)))
		.put("removed", output::flag(true))
		.record(
			"deposit_released",
			Record::new()
				.put("to", output::account(&deposit.depositor))
				.put("amount", output::amount(deposit.amount)),
		)
		.put("block", output::hash(&included.block));
	globals.printer().print(&record);
	Ok(())
}
