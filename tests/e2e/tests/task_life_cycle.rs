//! The protocol on a real dev node, through signed extrinsics only: assets
//! registered, four orders published and matched by the order book, a task
//! initialized, contributed to under the scheduler's authorization, revealed
//! and finalized, with every party paid as the spec says — read back through
//! events and the runtime APIs a client calls. A minute later the dev chain
//! removes the finished deal and its task (retention), and `ect task show`
//! says why the task is gone.

use std::time::Duration;

use anyhow::{anyhow, bail, ensure, Result};
use codec::{Decode, Encode};
use ect_client::{
	runtime::{AccountId, Balance, Runtime, RuntimeCall, RuntimeEvent, UNIT},
	storage,
	submit::{submit_and_wait, TxStage},
	ChainInfo, Mortality, Rpc, Signer,
};
use ect_e2e::{cli, events, wait, with_timeout, FinalityWatch, Node, WorkDir};
use ect_runtime::genesis_config_presets::DEV_TASK_RETENTION;
use pallet_ect_marketplace::{AppOrder, DealOf, Order, RequestOrder, WorkerpoolOrder};
use pallet_ect_poco::{result_hash, result_seal, ContributeArgsOf, TaskStatus, TaskView};
use pallet_ect_registry::{AppKind, PoolPolicy, Resources, Restriction, Tag};
use polkadot_sdk::{
	frame_system,
	sp_core::{Pair, H256},
	sp_runtime::{MultiSignature, Percent},
};

const LIMIT: Duration = Duration::from_secs(240);
const APP_PRICE: Balance = UNIT;
const POOL_PRICE: Balance = 10 * UNIT;

/// Signs `call` as `who`, submits it, waits for its block and returns that
/// block's events, failing with the module error if the call failed.
async fn submit(rpc: &Rpc, chain: &ChainInfo, who: &Signer, call: impl Into<RuntimeCall>) -> Result<Vec<RuntimeEvent>> {
	let nonce = rpc.next_nonce(&who.account()).await?;
	let extrinsic = who.sign(call.into(), nonce, 0, Mortality::Immortal, chain).encode();
	let outcome = submit_and_wait(rpc, &extrinsic, TxStage::InBlock).await?;
	let events = storage::events(rpc, outcome.block).await?;
	for record in &events {
		if let RuntimeEvent::System(frame_system::Event::ExtrinsicFailed { dispatch_error, .. }) = &record.event {
			bail!("the call failed: {dispatch_error:?}");
		}
	}
	Ok(events.into_iter().map(|record| record.event).collect())
}

/// Calls a runtime API with SCALE arguments and decodes the answer.
async fn state_call<R: Decode>(rpc: &Rpc, method: &str, args: impl Encode) -> Result<R> {
	let bytes = rpc.state_call(method, &args.encode(), None).await?;
	Ok(R::decode(&mut &bytes[..])?)
}

fn signer(uri: &str) -> Result<Signer> {
	Signer::from_uri(uri).map_err(|e| anyhow!(e))
}

fn bounded<S: polkadot_sdk::frame_support::traits::Get<u32>>(s: &str) -> polkadot_sdk::frame_support::BoundedVec<u8, S> {
	s.as_bytes().to_vec().try_into().expect("short enough")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_task_is_matched_computed_certified_and_paid_on_a_dev_node() -> Result<()> {
	let work = WorkDir::new("task-life-cycle");
	let node = Node::dev(&work)?;
	let result = with_timeout(LIMIT, async {
		let rpc = node.rpc().await?;
		FinalityWatch::new(&rpc).await?.until(1, Duration::from_secs(60)).await?;
		let chain = ChainInfo::fetch(&rpc).await?;
		let (alice, charlie, dave, eve) = (signer("//Alice")?, signer("//Charlie")?, signer("//Dave")?, signer("//Eve")?);

		// Alice registers an app, Charlie a workerpool (ids 0).
		submit(&rpc, &chain, &alice, pallet_ect_registry::Call::<Runtime>::register_app {
			name: bounded("sha256"),
			kind: AppKind::WasiPreview1,
			multiaddr: bounded("https://apps.example/sha256.wasm"),
			checksum: H256::repeat_byte(1),
			mrenclave: None,
			requirements: Resources::default(),
		})
		.await?;
		submit(&rpc, &chain, &charlie, pallet_ect_registry::Call::<Runtime>::register_workerpool {
			description: bounded("charlie's pool"),
			policy: PoolPolicy::default(),
			capabilities: Resources::default(),
		})
		.await?;
		// Its trust 1 tasks are never drawn for a spot check, so one
		// contribution certifies them (spot_checks.rs covers the draw).
		submit(&rpc, &chain, &charlie, pallet_ect_poco::Call::<Runtime>::set_spot_check_rate { pool: 0, per_million: 0 }).await?;

		// The offers, then Dave's request, matched at once by the order book;
		// all valid for the client's default lifetime.
		let expires = ect_client::reads::expiry_in(&rpc, ect_client::offers::ORDER_LIFETIME).await?;
		let app_order = AppOrder {
			app: 0,
			price: APP_PRICE,
			volume: 10,
			tag: Tag::NONE,
			dataset_restrict: Restriction::Anyone,
			workerpool_restrict: Restriction::Anyone,
			requester_restrict: Restriction::Anyone,
			salt: [1; 32],
			expires,
		};
		submit(&rpc, &chain, &alice, pallet_ect_marketplace::Call::<Runtime>::publish_offer { order: Order::App(app_order) }).await?;
		let pool_order = WorkerpoolOrder {
			workerpool: 0,
			price: POOL_PRICE,
			volume: 10,
			tag: Tag::NONE,
			category: 0,
			trust: 1,
			app_restrict: Restriction::Anyone,
			dataset_restrict: Restriction::Anyone,
			requester_restrict: Restriction::Anyone,
			salt: [1; 32],
			capabilities: Resources::default(),
			expires,
		};
		submit(&rpc, &chain, &charlie, pallet_ect_marketplace::Call::<Runtime>::publish_offer {
			order: Order::Workerpool(pool_order),
		})
		.await?;
		let request = RequestOrder {
			app: 0,
			app_max_price: APP_PRICE,
			dataset: None,
			dataset_max_price: 0,
			workerpool: None,
			workerpool_max_price: POOL_PRICE,
			requester: dave.account(),
			volume: 1,
			tag: Tag::NONE,
			category: 0,
			trust: 1,
			beneficiary: dave.account(),
			callback: None,
			params: bounded("--input hello"),
			salt: [1; 32],
			requirements: Resources::default(),
			expires,
		};
		let request_hash: H256 =
			state_call(&rpc, "MarketplaceApi_order_hash", Order::<AccountId, Balance, _>::Request(request.clone())).await?;
		let events = submit(&rpc, &chain, &dave, pallet_ect_marketplace::Call::<Runtime>::publish_request {
			order: request,
			price_weight: Percent::one(),
		})
		.await?;
		ensure!(
			events.iter().any(|e| matches!(e, RuntimeEvent::Marketplace(pallet_ect_marketplace::Event::DealCreated { .. }))),
			"no deal made: {events:?}"
		);
		let deal = pallet_ect_marketplace::deal_id(&request_hash, 0);
		let record: Option<DealOf<Runtime>> = state_call(&rpc, "MarketplaceApi_deal", deal).await?;
		ensure!(record.is_some_and(|d| d.volume == 1 && d.workerpool.owner == charlie.account()), "deal not readable");

		// The scheduler initializes the task and authorizes Eve, who computes
		// the digest, contributes, and reveals.
		submit(&rpc, &chain, &charlie, pallet_ect_poco::Call::<Runtime>::initialize { deal, index: 0 }).await?;
		let task = pallet_ect_marketplace::task_id(&deal, 0);
		let digest = <polkadot_sdk::sp_runtime::traits::BlakeTwo256 as polkadot_sdk::sp_runtime::traits::Hash>::hash(b"hello");
		let authorization = pallet_ect_poco::authorization_message(&chain.genesis_hash, &eve.account(), &task, None::<&AccountId>);
		let charlie_pair = polkadot_sdk::sp_core::sr25519::Pair::from_string("//Charlie", None).map_err(|e| anyhow!("{e:?}"))?;
		let contribution = ContributeArgsOf::<Runtime> {
			task,
			result_hash: result_hash(&task, &digest),
			result_seal: result_seal(&eve.account(), &task, &digest),
			enclave: None,
			authorization: MultiSignature::Sr25519(charlie_pair.sign(&authorization)),
			usage: Some(pallet_ect_poco::Usage { fuel: 12_345, run_ms: 7 }),
			dataset_checksum: None,
			initialize: None,
		};
		let events = submit(&rpc, &chain, &eve, pallet_ect_poco::Call::<Runtime>::contribute { contribution }).await?;
		ensure!(
			events.iter().any(|e| matches!(e, RuntimeEvent::Poco(pallet_ect_poco::Event::ConsensusReached { .. }))),
			"trust 1: one contribution reaches consensus"
		);
		submit(&rpc, &chain, &eve, pallet_ect_poco::Call::<Runtime>::reveal { task, digest }).await?;

		// The scheduler finalizes: Alice gets the app price, Eve 99% of the
		// pool price (the pool keeps its default 1%), Charlie the rest.
		let events = submit(&rpc, &chain, &charlie, pallet_ect_poco::Call::<Runtime>::finalize {
			task,
			results: bounded("ipfs://bafy-result"),
			results_callback: Default::default(),
		})
		.await?;
		let rewarded = |who: &AccountId| -> Balance {
			events
				.iter()
				.filter_map(|e| match e {
					RuntimeEvent::Escrow(pallet_ect_escrow::Event::Rewarded { who: paid, amount, .. }) if paid == who => Some(*amount),
					_ => None,
				})
				.sum()
		};
		ensure!(rewarded(&alice.account()) == APP_PRICE, "app owner paid {}", rewarded(&alice.account()));
		ensure!(rewarded(&eve.account()) == POOL_PRICE * 99 / 100, "worker paid {}", rewarded(&eve.account()));
		ensure!(rewarded(&charlie.account()) == POOL_PRICE / 100, "scheduler paid {}", rewarded(&charlie.account()));

		let views: Vec<TaskView> = state_call(&rpc, "PocoApi_tasks_of_deal", (deal, 0u32, 10u32)).await?;
		ensure!(views.len() == 1 && views[0].status == TaskStatus::Completed, "task views {views:?}");
		let funds: pallet_ect_marketplace::Funds<Balance> = state_call(&rpc, "MarketplaceApi_funds", dave.account()).await?;
		ensure!(funds.payment == 0, "the requester's payment was spent: {funds:?}");
		let worker: pallet_ect_marketplace::Funds<Balance> = state_call(&rpc, "MarketplaceApi_funds", eve.account()).await?;
		ensure!(worker.worker_stake == 0, "the worker's stake was released: {worker:?}");

		// The deal finished at or before the best block; its retention passes
		// DEV_TASK_RETENTION blocks after, and the next block removes it.
		let finished = events::best_number(&rpc).await?;
		wait::blocks(&rpc, DEV_TASK_RETENTION + 1, Duration::from_secs(120)).await?;
		let pruned = events::since(&rpc, finished).await?;
		ensure!(
			pruned.iter().any(|e| matches!(e, RuntimeEvent::Poco(pallet_ect_poco::Event::DealPruned { deal: d, tasks: 1 }) if *d == deal)),
			"no DealPruned for the deal within {DEV_TASK_RETENTION} blocks of its end"
		);
		let record: Option<DealOf<Runtime>> = state_call(&rpc, "MarketplaceApi_deal", deal).await?;
		ensure!(record.is_none(), "the deal is gone");
		let task_record: Option<pallet_ect_poco::TaskOf<Runtime>> = state_call(&rpc, "PocoApi_task", task).await?;
		ensure!(task_record.is_none(), "the task is gone");
		let views: Vec<TaskView> = state_call(&rpc, "PocoApi_tasks_of_deal", (deal, 0u32, 10u32)).await?;
		ensure!(views.is_empty(), "no task views of a removed deal: {views:?}");
		let shown = cli(&["--url", &node.ws_url(), "task", "show", &format!("{task:#x}")], Duration::from_secs(60)).await?;
		ensure!(
			shown.code != 0 && shown.stderr.contains("retention period"),
			"ect task show of a removed task: exit {}, stderr {:?}",
			shown.code,
			shown.stderr
		);
		Ok(())
	})
	.await;
	work.conclude(result)
}
