//! `ect order`: orders and the on-chain order book. Publish, cancel,
//! presign and sign take a JSON order file (see [`crate::order_file`]; a
//! signed file of [`crate::signed_order`] too), parsed and checked before
//! connecting; its expiry (`--expires-in` for a new order without one) is
//! checked against the chain before anything is sent. Signing is off chain
//! ([`super::order_sign`]).

use std::path::{Path, PathBuf};

use clap::Subcommand;
use ect_client::{
	runtime::{Runtime, RuntimeEvent},
	TxStage,
};
use pallet_ect_marketplace::{Event as MarketplaceEvent, Order, OrderOf};
use polkadot_sdk::sp_core::H256;

use super::{order_sign, order_unpublish, request};
use crate::{
	args::{parse_hash, AssetArg, Lifetime},
	chain,
	error::{CliError, Result},
	globals::Globals,
	order_file::OrderFile,
	output::{self, Record, Val},
	signed_order::{load, load_new, Loaded},
};

/// Marketplace calls.
type MarketplaceCall = pallet_ect_marketplace::Call<Runtime>;

/// Order commands.
#[derive(Subcommand)]
pub enum OrderCommand {
	/// Publishes the app, dataset or workerpool order of a JSON file in the
	/// order book (holds the order deposit) until it expires. The offer
	/// fills resting requests it can serve at once. Prints the order with its
	/// salt and expiry (keep it to cancel the order) and the deals it made.
	/// Requests are published by `ect request`.
	Publish {
		/// The order file.
		file: PathBuf,
		/// When the order expires, if its file does not say.
		#[command(flatten)]
		lifetime: Lifetime,
	},
	/// Cancels the order of a JSON file, which must carry the salt and the
	/// expiry it was published, presigned or signed with; a published order
	/// leaves the book, and no deal can use the order any more.
	Cancel {
		/// The order file.
		file: PathBuf,
	},
	/// Presigns the order of a JSON file on chain (any kind; a request's
	/// requester is `--key`'s account unless the file names one): `ect
	/// match` may then use the file without a signature. Prints the order
	/// hash and the order with its salt and expiry (keep it: it is the
	/// order).
	Presign {
		/// The order file.
		file: PathBuf,
		/// When the order expires, if its file does not say.
		#[command(flatten)]
		lifetime: Lifetime,
	},
	/// Signs the order of a JSON file off chain with `--key`, which must be
	/// its owner (the asset's owner or a workerpool's operator; a request's
	/// requester, `--key`'s account unless the file names one). Gives it a
	/// fresh salt and an expiry (`--expires-in`) if it has none and prints
	/// (or writes to `--out`) the signed order for `ect match`: the file with
	/// its salt, `expires`, `order_hash` and `signature`. Reads the chain
	/// (the best block, the order hash, the owner); sends nothing.
	Sign(order_sign::SignArgs),
	/// Takes an order `--key`'s account published out of the order book
	/// and releases its deposit; unlike `cancel`, the order stays valid (it
	/// can be published again). Takes the order hash `publish` printed.
	Unpublish {
		/// The order hash: `0x` and 64 hex digits.
		#[arg(value_parser = parse_hash)]
		hash: H256,
	},
	/// Lists the open orders of an asset (requests are listed under their app
	/// and their dataset).
	List {
		/// `app:ID`, `dataset:ID` or `pool:ID`.
		asset: AssetArg,
	},
}

/// Runs an order command.
pub async fn run(globals: &Globals, command: OrderCommand) -> Result<()> {
	match command {
		OrderCommand::Publish { file, lifetime } => publish(globals, &file, lifetime).await,
		OrderCommand::Cancel { file } => cancel(globals, &file).await,
		OrderCommand::Presign { file, lifetime } => presign(globals, &file, lifetime).await,
		OrderCommand::Sign(args) => order_sign::run(globals, args).await,
		OrderCommand::Unpublish { hash } => order_unpublish::run(globals, hash).await,
		OrderCommand::List { asset } => list(globals, asset).await,
	}
}

/// `ect order publish`.
async fn publish(globals: &Globals, path: &Path, lifetime: Lifetime) -> Result<()> {
	let account = globals.signer()?.account();
	let draft = load_new(path, Some(&account))?;
	if let OrderFile::Request(_) = draft.file() {
		return Err(CliError::failure(format!(
			"{} is a request: `ect order publish` publishes offers; requests go through `ect request` (or `ect order \
			 sign` and `ect match`)",
			path.display()
		)));
	}
	let sender = globals.connect().await?;
	let Loaded { signed, order } = draft.expire(sender.rpc(), lifetime.blocks).await?;
	let file = signed.file;
	check_asset(sender.rpc(), &order).await?;
	let included = sender.send(MarketplaceCall::publish_offer { order }, TxStage::InBlock).await?;
	let hash = chain::event(&included, "Marketplace.OrderPublished", |event| match event {
		RuntimeEvent::Marketplace(MarketplaceEvent::OrderPublished { order, .. }) => Some(*order),
		_ => None,
	})?;
	let deals = request::matched_deals(&included);
	let record =
		order_record(&hash, &file, &included.block).records("deals", deals.iter().map(request::deal_view).collect());
	globals.printer().print(&record);
	Ok(())
}

/// Refuses an offer of an unknown asset before anything is sent.
async fn check_asset(rpc: &ect_client::Rpc, order: &OrderOf<Runtime>) -> Result<()> {
	match order {
		Order::App(offer) => chain::app(rpc, offer.app).await.map(drop),
		Order::Dataset(offer) => chain::dataset(rpc, offer.dataset).await.map(drop),
		Order::Workerpool(offer) => chain::workerpool(rpc, offer.workerpool).await.map(drop),
		Order::Request(_) => Ok(()),
	}
}

/// `ect order cancel`.
async fn cancel(globals: &Globals, path: &Path) -> Result<()> {
	let account = globals.signer()?.account();
	let loaded = load(path, Some(&account))?;
	let (file, order) = (loaded.signed.file, loaded.order);
	let sender = globals.connect().await?;
	let what = format!("the order in {}", path.display());
	chain::check_expiry(sender.rpc(), order.expires(), &what, chain::Reach::Unbounded).await?;
	let included = sender.send(MarketplaceCall::cancel { order }, TxStage::InBlock).await?;
	let hash = chain::event(&included, "Marketplace.OrderCancelled", |event| match event {
		RuntimeEvent::Marketplace(MarketplaceEvent::OrderCancelled { order, .. }) => Some(*order),
		_ => None,
	})?;
	globals.printer().print(&order_record(&hash, &file, &included.block));
	Ok(())
}

/// `ect order presign`.
async fn presign(globals: &Globals, path: &Path, lifetime: Lifetime) -> Result<()> {
	let account = globals.signer()?.account();
	let draft = load_new(path, Some(&account))?;
	let sender = globals.connect().await?;
	let Loaded { signed, order } = draft.expire(sender.rpc(), lifetime.blocks).await?;
	let file = signed.file;
	check_asset(sender.rpc(), &order).await?;
	let included = sender.send(MarketplaceCall::presign { order }, TxStage::InBlock).await?;
	let hash = chain::event(&included, "Marketplace.OrderPresigned", |event| match event {
		RuntimeEvent::Marketplace(MarketplaceEvent::OrderPresigned { order, .. }) => Some(*order),
		_ => None,
	})?;
	globals.printer().print(&order_record(&hash, &file, &included.block));
	Ok(())
}

/// An order that was published, cancelled or presigned: its hash, and its
/// file with the salt and the expiry.
fn order_record(hash: &H256, file: &OrderFile, block: &H256) -> Record {
	let json = file.to_json();
	Record::new()
		.put("order_hash", output::hash(hash))
		.put("kind", output::text(file.kind()))
		.put("salt", output::optional(file.salt().as_ref(), output::hash))
		.put("expires", output::optional(file.expires(), output::number))
		.put("order", Val::new(json.to_string(), json))
		.put("block", output::hash(block))
}

/// `ect order list` (`MarketplaceApi_open_orders`).
async fn list(globals: &Globals, asset: AssetArg) -> Result<()> {
	let rpc = globals.rpc().await?;
	let orders: Vec<(H256, OrderOf<Runtime>, u32)> = rpc.call("MarketplaceApi_open_orders", asset.0).await?;
	let record = Record::new()
		.put("asset", output::text(asset))
		.records("orders", orders.iter().map(|(hash, order, remaining)| order_view(hash, order, *remaining)).collect());
	globals.printer().print(&record);
	Ok(())
}

/// An open order: its hash, kind, volumes, expiry block, and the terms of
/// its kind.
fn order_view(hash: &H256, order: &OrderOf<Runtime>, remaining: u32) -> Record {
	let head = Record::new()
		.put("order_hash", output::hash(hash))
		.put("kind", output::name(&order.kind()))
		.put("volume", output::number(order.volume()))
		.put("remaining", output::number(remaining))
		.put("expires", output::number(order.expires()));
	match order {
		Order::App(o) => head
			.put("app", output::number(o.app))
			.put("price", output::amount(o.price))
			.put("tag", output::tag(&o.tag))
			.put("dataset_restrict", output::restriction(&o.dataset_restrict))
			.put("workerpool_restrict", output::restriction(&o.workerpool_restrict))
			.put("requester_restrict", output::restriction(&o.requester_restrict)),
		Order::Dataset(o) => head
			.put("dataset", output::number(o.dataset))
			.put("price", output::amount(o.price))
			.put("tag", output::tag(&o.tag))
			.put("app_restrict", output::restriction(&o.app_restrict))
			.put("workerpool_restrict", output::restriction(&o.workerpool_restrict))
			.put("requester_restrict", output::restriction(&o.requester_restrict)),
		Order::Workerpool(o) => head
			.put("workerpool", output::number(o.workerpool))
			.put("price", output::amount(o.price))
			.put("category", output::number(o.category))
			.put("trust", output::number(o.trust))
			.put("tag", output::tag(&o.tag))
			.put("app_restrict", output::restriction(&o.app_restrict))
			.put("dataset_restrict", output::restriction(&o.dataset_restrict))
			.put("requester_restrict", output::restriction(&o.requester_restrict))
			.record("capabilities", output::resources(&o.capabilities)),
		Order::Request(o) => head
			.put("app", output::number(o.app))
			.put("app_max_price", output::amount(o.app_max_price))
			.put("dataset", output::optional(o.dataset, output::number))
			.put("dataset_max_price", output::amount(o.dataset_max_price))
			.put("workerpool", output::optional(o.workerpool, output::number))
			.put("workerpool_max_price", output::amount(o.workerpool_max_price))
			.put("requester", output::account(&o.requester))
			.put("category", output::number(o.category))
			.put("trust", output::number(o.trust))
			.put("tag", output::tag(&o.tag)),
	}
}
