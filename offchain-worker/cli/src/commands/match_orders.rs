//! `ect match`: anyone matches an app order, an optional dataset order, a
//! workerpool order and a request into a deal (`Marketplace.match_orders`).
//! Each is a file of `ect order sign` (the order with its owner's
//! signature, see [`crate::signed_order`]) or an order file without a
//! signature, which stands for an order its owner presigned or published on
//! chain.
//!
//! Every file is read and checked before connecting (kind, salt, expiry,
//! fields). Then, still before anything is sent, each order is checked
//! against the chain: it has not expired (nor expires too far ahead), its
//! hash is the one the file was signed for, its signature verifies against
//! who may sign it (the asset's owner or its pool's operator, the
//! requester), or without a signature it is presigned or published, and it
//! is not cancelled. Prints the deal and its task ids, as `ect request`
//! does.

use std::path::{Path, PathBuf};

use clap::Args;
use ect_client::{
	runtime::{AccountId, Runtime},
	Rpc, TxStage,
};
use pallet_ect_marketplace::{
	AppOrderOf, DatasetOrderOf, Order, OrderOf, RequestOrderOf, Signed, WorkerpoolOrderOf,
};
use polkadot_sdk::{
	sp_core::{crypto::Ss58Codec, H256},
	sp_runtime::MultiSignature,
};

use super::request;
use crate::{
	chain,
	error::{CliError, Result},
	globals::Globals,
	output::{self, Record},
	signed_order::{load, signed_by, Loaded},
};

/// The four order files.
#[derive(Args)]
pub struct MatchArgs {
	/// The app order: a file of `ect order sign`, or an order file its owner
	/// presigned or published.
	#[arg(long, value_name = "FILE")]
	app: PathBuf,
	/// The dataset order, for a request with a dataset.
	#[arg(long, value_name = "FILE")]
	dataset: Option<PathBuf>,
	/// The workerpool order.
	#[arg(long, value_name = "FILE", visible_alias = "workerpool")]
	pool: PathBuf,
	/// The request order.
	#[arg(long, value_name = "FILE")]
	request: PathBuf,
}

/// One order to match, of the kind its flag takes: read from its file,
/// with its signature if it has one.
struct Part<O> {
	/// The file.
	path: PathBuf,
	/// The kind, as errors name it (`workerpool`).
	kind: &'static str,
	/// The order, as its hash and its signers are computed from.
	order: OrderOf<Runtime>,
	/// The order hash the file was signed for, if signed.
	signed_hash: Option<H256>,
	/// The order of its kind and its signature, as `match_orders` takes them.
	signed: Signed<O, MultiSignature>,
}

impl<O> Part<O> {
	/// Reads the file at `path`, which must hold an order of `kind`, the kind
	/// `flag` takes; `pick` takes that order out of any order.
	fn read(path: &Path, flag: &str, kind: &'static str, pick: fn(OrderOf<Runtime>) -> Option<O>) -> Result<Self> {
		let Loaded { signed, order } = load(path, None)?;
		let wrong = || {
			let held = signed.file.kind();
			CliError::failure(format!("{flag} takes {} order: {} holds {} order", with_article(kind), path.display(), with_article(held)))
		};
		let inner = pick(order.clone()).ok_or_else(wrong)?;
		Ok(Self {
			path: path.to_path_buf(),
			kind,
			order,
			signed_hash: signed.order_hash,
			signed: Signed { order: inner, signature: signed.signature },
		})
	}

	/// Refuses the order, before anything is sent, if the chain would: it
	/// expired (or expires too far ahead), its file was signed for another
	/// order, its signature does not verify against who may sign it, it has
	/// no signature and was neither presigned nor published, or it was
	/// cancelled.
	async fn check(&self, rpc: &Rpc) -> Result<()> {
		let (kind, file) = (self.kind, self.path.display());
		chain::check_expiry(rpc, self.order.expires(), &format!("the {kind} order in {file}"), chain::Reach::Bounded).await?;
		let hash = chain::order_hash(rpc, &self.order).await?;
		if self.signed_hash.is_some_and(|signed| signed != hash) {
			return Err(CliError::failure(format!(
				"the {kind} order in {file} is not the order that was signed: its order_hash is another order's (was \
				 the file changed after `ect order sign`?)"
			)));
		}
		if let Some(signature) = &self.signed.signature {
			let signers = chain::order_signers(rpc, &self.order).await?;
			if signed_by(signature, &hash, &signers).is_none() {
				return Err(CliError::failure(format!(
					"the signature of the {kind} order in {file} does not verify against {} (who may sign it): \
					 refused, nothing sent",
					accounts(&signers)
				)));
			}
		}
		let state = chain::order_state(rpc, &hash).await?;
		if state.cancelled {
			return Err(CliError::failure(format!("the {kind} order in {file} was cancelled")));
		}
		if self.signed.signature.is_none() && !state.presigned && !state.published {
			return Err(CliError::failure(format!(
				"the {kind} order in {file} has no signature and is neither presigned nor published: sign it with \
				 `ect order sign` or presign it with `ect order presign`"
			)));
		}
		Ok(())
	}
}

/// `kind` with its indefinite article: `an app`, `a request`.
fn with_article(kind: &str) -> String {
	let article = if kind.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
	format!("{article} {kind}")
}

/// `accounts` in SS58, joined by `or`.
fn accounts(accounts: &[AccountId]) -> String {
	accounts.iter().map(|account| account.to_ss58check()).collect::<Vec<_>>().join(" or ")
}

/// `ect match`.
pub async fn run(globals: &Globals, files: MatchArgs) -> Result<()> {
	let app: Part<AppOrderOf<Runtime>> = Part::read(&files.app, "--app", "app", |order| match order {
		Order::App(order) => Some(order),
		_ => None,
	})?;
	let dataset = files
		.dataset
		.as_deref()
		.map(|path| {
			Part::<DatasetOrderOf<Runtime>>::read(path, "--dataset", "dataset", |order| match order {
				Order::Dataset(order) => Some(order),
				_ => None,
			})
		})
		.transpose()?;
	let pool: Part<WorkerpoolOrderOf<Runtime>> = Part::read(&files.pool, "--pool", "workerpool", |order| match order {
		Order::Workerpool(order) => Some(order),
		_ => None,
	})?;
	let request: Part<RequestOrderOf<Runtime>> = Part::read(&files.request, "--request", "request", |order| match order {
		Order::Request(order) => Some(order),
		_ => None,
	})?;

	let sender = globals.connect().await?;
	let rpc = sender.rpc();
	app.check(rpc).await?;
	if let Some(dataset) = &dataset {
		dataset.check(rpc).await?;
	}
	pool.check(rpc).await?;
	request.check(rpc).await?;

	let requester = request.signed.order.requester.clone();
	let call = pallet_ect_marketplace::Call::<Runtime>::match_orders {
		app_order: app.signed,
		dataset_order: dataset.map(|part| part.signed),
		workerpool_order: pool.signed,
		request_order: request.signed,
	};
	let included = sender.send(call, TxStage::InBlock).await?;
	let deals = request::matched_deals(&included);
	if deals.is_empty() {
		return Err(CliError::failure("the transaction emitted no Marketplace.DealCreated event"));
	}
	let record = Record::new()
		.put("requester", output::account(&requester))
		.records("deals", deals.iter().map(request::deal_view).collect())
		.put("block", output::hash(&included.block));
	globals.printer().print(&record);
	Ok(())
}
