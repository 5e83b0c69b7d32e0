//! `ect deal`: a deal's terms and the state of its tasks.

use clap::Subcommand;
use ect_client::runtime::{AccountId, Balance, Runtime};
use pallet_ect_marketplace::{DealId, DealOf, DealResource};
use pallet_ect_poco::TaskView;
use polkadot_sdk::sp_core::H256;
use serde_json::json;

use crate::{
	args::parse_hash,
	chain,
	error::Result,
	globals::Globals,
	output::{self, Record, Val},
};

/// Deal commands.
#[derive(Subcommand)]
pub enum DealCommand {
	/// Shows a deal (`MarketplaceApi_deal`) and its tasks (`PocoApi_tasks_of_deal`).
	Show {
		/// The deal id: `0x` and 64 hex digits.
		#[arg(value_parser = parse_hash)]
		deal: H256,
	},
}

/// Runs a deal command.
pub async fn run(globals: &Globals, command: DealCommand) -> Result<()> {
	match command {
		DealCommand::Show { deal } => show(globals, deal).await,
	}
}

/// `ect deal show`.
async fn show(globals: &Globals, id: DealId) -> Result<()> {
	let rpc = globals.rpc().await?;
	let deal = chain::deal(&rpc, &id).await?;
	let tasks: Vec<TaskView> = rpc.call("PocoApi_tasks_of_deal", (id, 0u32, deal.volume)).await?;
	let record = deal_record(&id, &deal).values("tasks", tasks.iter().map(task_view).collect());
	globals.printer().print(&record);
	Ok(())
}

/// A deal's terms.
fn deal_record(id: &DealId, deal: &DealOf<Runtime>) -> Record {
	Record::new()
		.put("deal", output::hash(id))
		.put("request", output::hash(&deal.request))
		.put("requester", output::account(&deal.requester))
		.put("beneficiary", output::account(&deal.beneficiary))
		.record("app", resource(&deal.app))
		.record_or_none("dataset", deal.dataset.as_ref().map(resource))
		.record("workerpool", resource(&deal.workerpool))
		.put("task_price", output::optional(deal.task_price(), output::amount))
		.put("category", output::number(deal.category))
		.put("trust", output::number(deal.trust))
		.put("tag", output::tag(&deal.tag))
		.put("requirements", output::requirements(&deal.requirements))
		.put("callback", output::optional(deal.callback.as_ref(), |callback| output::name(callback)))
		.put("params", output::bytes(&deal.params))
		.put("start", output::time(deal.start))
		.put("first_index", output::number(deal.first_index))
		.put("volume", output::number(deal.volume))
		.put("worker_stake", output::amount(deal.worker_stake))
		.put("scheduler_stake", output::amount(deal.scheduler_stake))
		.put("scheduler_reward_ratio", output::text(format!("{}%", deal.scheduler_reward_ratio)))
}

/// One priced resource of a deal: the asset, its owner, its price per task.
fn resource(resource: &DealResource<AccountId, Balance>) -> Record {
	Record::new()
		.put("id", output::number(resource.id))
		.put("owner", output::account(&resource.owner))
		.put("price", output::amount(resource.price))
}

/// One task of a deal, on one line: `#3 0x… Active, 1 contribution(s)`.
fn task_view(view: &TaskView) -> Val {
	let human = format!(
		"#{} {} {:?}, {} contribution(s), final deadline {}",
		view.index,
		output::hash_hex(&view.task),
		view.status,
		view.contributions,
		output::format_time(view.final_deadline),
	);
	let json = json!({
		"task": output::hash_hex(&view.task),
		"index": view.index,
		"status": format!("{:?}", view.status),
		"contributions": view.contributions,
		"consensus": view.consensus.as_ref().map(output::hash_hex),
		"contribution_deadline": view.contribution_deadline,
		"reveal_deadline": view.reveal_deadline,
		"final_deadline": view.final_deadline,
	});
	Val::new(human, json)
}
