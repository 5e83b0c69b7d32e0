//! `ect request`: buying tasks. Publishes a request order of `--key`'s
//! account, which the order book matches at once with the cheapest
//! published offers (`publish_request`), and prints the deals and their
//! tasks. Unmatched volume rests in the book until offers published later
//! fill it or it expires (`resting_until_block`: the request's own expiry,
//! `--expires-in` blocks from the best block, or the chain's resting
//! lifetime if sooner). `--price-weight` weighs price against workerpool
//! reputation in that choice; the requirements flags (`--cpu-cores` …) are
//! the least a pool's machines must offer.

use clap::Args;
use ect_client::{
	reads,
	runtime::{AccountId, Balance, Runtime, RuntimeEvent},
	storage, Rpc, TxStage,
};
use pallet_ect_marketplace::{DealId, Event as MarketplaceEvent, RequestOrderOf};
use pallet_ect_registry::{AppId, CategoryId, DatasetId, WorkerpoolId};
use polkadot_sdk::{sp_core::H256, sp_runtime::Percent};

use crate::{
	args::{self, parse_account, Amount, Lifetime, TagArg},
	chain,
	error::{CliError, Result},
	globals::Globals,
	order_file::ResourcesFile,
	output::{self, format_amount, Record},
};

/// What to buy, and at most at what prices. Prices are per task, in planck
/// or in ECT with a suffix (`1.5ect`).
#[derive(Args)]
pub struct RequestArgs {
	/// The app to run.
	#[arg(long)]
	app: AppId,

	/// The dataset the app reads, if any.
	#[arg(long)]
	dataset: Option<DatasetId>,

	/// The only workerpool allowed; any if absent.
	#[arg(long)]
	pool: Option<WorkerpoolId>,

	/// The task category.
	#[arg(long, default_value_t = 0)]
	category: CategoryId,

	/// The trust wanted (0 and 1: one contribution suffices).
	#[arg(long, default_value_t = 1)]
	trust: u32,

	/// How many tasks.
	#[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
	volume: u32,

	/// The most paid to the app owner per task.
	#[arg(long, value_name = "PRICE")]
	app_max_price: Amount,

	/// The most paid to the dataset owner per task.
	#[arg(long, value_name = "PRICE", default_value = "0")]
	dataset_max_price: Amount,

	/// The most paid to the workerpool per task.
	#[arg(long, value_name = "PRICE")]
	pool_max_price: Amount,

	/// The task parameters: app arguments, input URLs.
	#[arg(long, default_value = "")]
	params: String,

	/// Who receives the results: SS58, `0x` public key or dev name; the
	/// requester if absent.
	#[arg(long, value_parser = parse_account)]
	beneficiary: Option<AccountId>,

	/// Features the tasks need: `none`, `tee`, `gpu`, `tee,gpu`, or `0x` and
	/// 64 hex digits.
	#[arg(long, default_value = "none")]
	tag: TagArg,

	/// Where each certified result's callback bytes (the app's
	/// `/out/callback`) go: `inbox` (this chain's inbox: `ect account
	/// inbox`), `runtime:N` (the runtime's receiver N), or `0x` and 40 hex
	/// digits (an Ethereum contract, through the bridge).
	#[arg(long, value_parser = args::parse_callback)]
	callback: Option<pallet_ect_marketplace::CallbackTarget>,

	/// How much the total price counts against the workerpool's reputation
	/// when offers are chosen, in percent (0 to 100): 100 takes the cheapest
	/// (ties broken by reputation), 0 the best reputed within the max prices.
	#[arg(long, value_name = "PERCENT", default_value_t = 100, value_parser = clap::value_parser!(u8).range(0..=100))]
	price_weight: u8,

	/// When the request expires.
	#[command(flatten)]
	lifetime: Lifetime,

	/// The least the machines must offer: only workerpool orders whose
	/// capabilities meet every one match (0 / any: no requirement).
	#[command(flatten, next_help_heading = "Requirements")]
	requirements: ResourcesFile,
}

impl RequestArgs {
	/// The most the request can lock: volume × the max prices (the dataset's
	/// only with a dataset).
	fn max_cost(&self) -> Result<Balance> {
		let dataset = if self.dataset.is_some() { self.dataset_max_price.0 } else { 0 };
		self.app_max_price
			.0
			.checked_add(dataset)
			.and_then(|price| price.checked_add(self.pool_max_price.0))
			.and_then(|price| price.checked_mul(Balance::from(self.volume)))
			.ok_or_else(|| CliError::failure("the max prices times the volume overflow"))
	}
}

/// A deal the request was matched into.
pub(crate) struct Matched {
	deal: DealId,
	first_index: u32,
	volume: u32,
	workerpool_order: H256,
	scheduler: AccountId,
}

/// `ect request`.
pub async fn run(globals: &Globals, terms: RequestArgs) -> Result<()> {
	let params = args::bounded("params", &terms.params)?;
	let max_cost = terms.max_cost()?;
	let sender = globals.connect().await?;
	let requester = sender.account();
	check_assets(sender.rpc(), &terms).await?;
	check_funds(sender.rpc(), &requester, max_cost).await?;
	let expires = reads::expiry_in(sender.rpc(), terms.lifetime.blocks).await?;

	let order = RequestOrderOf::<Runtime> {
		app: terms.app,
		app_max_price: terms.app_max_price.0,
		dataset: terms.dataset,
		dataset_max_price: terms.dataset_max_price.0,
		workerpool: terms.pool,
		workerpool_max_price: terms.pool_max_price.0,
		requester: requester.clone(),
		volume: terms.volume,
		tag: terms.tag.0,
		category: terms.category,
		trust: terms.trust,
		beneficiary: terms.beneficiary.clone().unwrap_or_else(|| requester.clone()),
		callback: terms.callback,
		params,
		salt: args::fresh_salt().0,
		requirements: terms.requirements.into(),
		expires,
	};
	let price_weight = Percent::from_percent(terms.price_weight);
	let call = pallet_ect_marketplace::Call::<Runtime>::publish_request { order, price_weight };
	let included = sender.send(call, TxStage::InBlock).await?;

	let (request, remaining) = chain::event(&included, "Marketplace.RequestMatched", |event| match event {
		RuntimeEvent::Marketplace(MarketplaceEvent::RequestMatched { request, remaining, .. }) =>
			Some((*request, *remaining)),
		_ => None,
	})?;
	let deals = matched_deals(&included);
	let resting = chain::events(&included, |event| match event {
		RuntimeEvent::Marketplace(MarketplaceEvent::RequestResting { expires, .. }) => Some(*expires),
		_ => None,
	});
	let record = Record::new()
		.put("request", output::hash(&request))
		.put("requester", output::account(&requester))
		.put("max_cost", output::amount(max_cost))
		.put("unmatched_volume", output::number(remaining))
		.put("expires", output::number(expires))
		.put("resting_until_block", output::optional(resting.first(), |block| output::number(*block)))
		.records("deals", deals.iter().map(deal_view).collect())
		.put("block", output::hash(&included.block));
	globals.printer().print(&record);
	Ok(())
}

/// Refuses unknown assets before anything is sent.
async fn check_assets(rpc: &Rpc, terms: &RequestArgs) -> Result<()> {
	chain::app(rpc, terms.app).await?;
	if let Some(dataset) = terms.dataset {
		chain::dataset(rpc, dataset).await?;
	}
	if let Some(pool) = terms.pool {
		chain::workerpool(rpc, pool).await?;
	}
	Ok(())
}

/// Refuses a request whose most expensive match the account's free balance
/// cannot cover.
async fn check_funds(rpc: &Rpc, who: &AccountId, need: Balance) -> Result<()> {
	let have = storage::account(rpc, who, None).await?.data.free;
	if have < need {
		return Err(CliError::failure(format!(
			"insufficient funds: need {}, have {}",
			format_amount(need),
			format_amount(have)
		)));
	}
	Ok(())
}

/// The deals a transaction made (`DealCreated` events).
pub(crate) fn matched_deals(included: &ect_client::Included) -> Vec<Matched> {
	chain::events(included, |event| match event {
		RuntimeEvent::Marketplace(MarketplaceEvent::DealCreated {
			deal, first_index, volume, workerpool_order, scheduler, ..
		}) => Some(Matched {
			deal: *deal,
			first_index: *first_index,
			volume: *volume,
			workerpool_order: *workerpool_order,
			scheduler: scheduler.clone(),
		}),
		_ => None,
	})
}

/// A deal made of a request, with its task ids.
pub(crate) fn deal_view(matched: &Matched) -> Record {
	let tasks = chain::task_ids(&matched.deal, matched.first_index, matched.volume);
	Record::new()
		.put("deal", output::hash(&matched.deal))
		.put("first_index", output::number(matched.first_index))
		.put("volume", output::number(matched.volume))
		.put("scheduler", output::account(&matched.scheduler))
		.put("workerpool_order", output::hash(&matched.workerpool_order))
		.values("tasks", tasks.iter().map(output::hash).collect())
}
