//! `ect order unpublish`: takes a published order out of the order book
//! (`Marketplace.unpublish`) and releases its deposit. Unlike `ect order
//! cancel`, the order stays valid: it can be published again, or matched
//! if it was signed or presigned.

use ect_client::{reads, runtime::RuntimeEvent, TxStage};
use pallet_ect_marketplace::Event as MarketplaceEvent;
use polkadot_sdk::sp_core::{crypto::Ss58Codec, H256};

use crate::{
	chain,
	error::{CliError, Result},
	globals::Globals,
	output::{self, hash_hex, Record},
};

/// Marketplace calls.
type MarketplaceCall = pallet_ect_marketplace::Call<ect_client::runtime::Runtime>;

/// `ect order unpublish HASH`: refused before sending if the order is not
/// in the book or `--key`'s account did not publish it.
pub async fn run(globals: &Globals, hash: H256) -> Result<()> {
	let sender = globals.connect().await?;
	let published = reads::published(sender.rpc(), hash).await?.ok_or_else(|| {
		CliError::failure(format!(
			"order {} is not in the order book: never published, or already filled, cancelled or unpublished",
			hash_hex(&hash)
		))
	})?;
	if published.owner != sender.account() {
		return Err(CliError::failure(format!(
			"order {} was published by {}, not by {}: only its publisher may unpublish it",
			hash_hex(&hash),
			published.owner.to_ss58check(),
			sender.account().to_ss58check()
		)));
	}
	let included = sender.send(MarketplaceCall::unpublish { order: hash }, TxStage::InBlock).await?;
	let hash = chain::event(&included, "Marketplace.OrderUnpublished", |event| match event {
		RuntimeEvent::Marketplace(MarketplaceEvent::OrderUnpublished { order }) => Some(*order),
		_ => None,
	})?;
	let record = Record::new()
		.put("order_hash", output::hash(&hash))
		.put("kind", output::name(&published.order.kind()))
		.put("deposit_released", output::amount(published.deposit))
		.put("block", output::hash(&included.block));
	globals.printer().print(&record);
	Ok(())
}
