//! The benchmark's market: an app (Alice), a workerpool (Charlie, the
//! scheduler) with an open offer large enough for the whole run, and funded
//! workers.

use std::{collections::HashSet, time::Duration};

use anyhow::{anyhow, bail, Context};
use ect_client::{
	runtime::{AccountId, Balance, Runtime, RuntimeCall, RuntimeEvent},
	storage, ChainInfo, Rpc, Sender, Signer, TxStage,
};
use pallet_ect_marketplace::Order;
use pallet_ect_registry::{AppKind, PoolPolicy, Resources};
use polkadot_sdk::{frame_support::BoundedVec, pallet_balances, sp_core::H256, sp_runtime::MultiAddress};

use super::submitter::{submit_all, Submitter};

/// The app owner.
pub const APP_OWNER: &str = "//Alice";
/// The scheduler, owner of the workerpool.
pub const SCHEDULER: &str = "//Charlie";
/// The requester.
pub const REQUESTER: &str = "//Dave";
/// The price of a task in the pool's offer (its workers stake 30% of it).
pub const POOL_PRICE: Balance = ect_client::runtime::UNIT / 1_000;
/// The volume of the app and pool offers: more than any run requests.
const OFFER_VOLUME: u32 = 100_000_000;

/// The key of worker `i`.
pub fn worker_uri(i: u32) -> String {
	format!("//bench//worker//{i}")
}

/// What a run works with.
pub struct Market {
	/// The app requested.
	pub app: u32,
	/// The workerpool.
	pub pool: u32,
}

/// Registers the app and the workerpool and publishes their offers on
/// `category` up to `trust`, valid for
/// [`ORDER_LIFETIME`](ect_client::offers::ORDER_LIFETIME) blocks; `run` makes
/// the orders unique to this run.
pub async fn open(url: &str, category: u32, trust: u32, run: u64) -> anyhow::Result<Market> {
	let alice = sender(url, APP_OWNER).await?;
	let charlie = sender(url, SCHEDULER).await?;
	let app = registered(
		&alice,
		pallet_ect_registry::Call::<Runtime>::register_app {
			name: BoundedVec::truncate_from(b"bench".to_vec()),
			kind: AppKind::WasiPreview1,
			multiaddr: BoundedVec::truncate_from(b"bench://simulated".to_vec()),
			checksum: H256::repeat_byte(0xbe),
			mrenclave: None,
			requirements: Resources::default(),
		},
		|e| match e {
			RuntimeEvent::Registry(pallet_ect_registry::Event::AppRegistered { app, .. }) => Some(*app),
			_ => None,
		},
	)
	.await
	.context("registering the app")?;
	let pool = registered(
		&charlie,
		pallet_ect_registry::Call::<Runtime>::register_workerpool {
			description: BoundedVec::truncate_from(b"bench pool".to_vec()),
			policy: PoolPolicy::default(),
			capabilities: Resources::default(),
		},
		|e| match e {
			RuntimeEvent::Registry(pallet_ect_registry::Event::WorkerpoolRegistered { workerpool, .. }) => Some(*workerpool),
			_ => None,
		},
	)
	.await
	.context("registering the workerpool")?;
	// The benchmark's pool spot-checks nothing: its trust 1 tasks are
	// certified in one call (`contribute_and_finalize`), which a pool that
	// checks cannot do (a lone consensus waits a block for its draw).
	let no_checks = pallet_ect_poco::Call::<Runtime>::set_spot_check_rate { pool, per_million: 0 };
	charlie.send(no_checks, TxStage::InBlock).await.context("turning the pool's spot checks off")?;
	let salt = |what: &[u8]| ect_runner::blake2_256(&codec::Encode::encode(&(what, run)));
	let expires = ect_client::reads::expiry_in(charlie.rpc(), ect_client::offers::ORDER_LIFETIME).await?;
	let app_order = ect_client::offers::app(app, 0, OFFER_VOLUME, salt(b"app"), expires);
	let pool_order = ect_client::offers::workerpool(pool, category, trust, POOL_PRICE, OFFER_VOLUME, salt(b"pool"), expires);
	let offer = |order| pallet_ect_marketplace::Call::<Runtime>::publish_offer { order };
	alice.send(offer(Order::App(app_order)), TxStage::InBlock).await.context("offering the app")?;
	charlie.send(offer(Order::Workerpool(pool_order)), TxStage::InBlock).await.context("offering the workerpool")?;
	Ok(Market { app, pool })
}

async fn sender(url: &str, uri: &str) -> anyhow::Result<Sender> {
	Ok(Sender::new(Rpc::connect(url).await?, Signer::from_uri(uri).map_err(anyhow::Error::msg)?).await?)
}

async fn registered(
	sender: &Sender,
	call: impl Into<RuntimeCall>,
	pick: impl Fn(&RuntimeEvent) -> Option<u32>,
) -> anyhow::Result<u32> {
	let included = sender.send(call, TxStage::InBlock).await?;
	included.events.iter().find_map(pick).ok_or_else(|| anyhow!("no registration event"))
}

/// The workers `1..=count`.
pub fn workers(count: u32) -> anyhow::Result<Vec<Signer>> {
	(1..=count).map(|i| Signer::from_uri(&worker_uri(i)).map_err(anyhow::Error::msg)).collect()
}

/// Sends `amount` from `funder` to every one of `accounts` at once, then
/// waits (at most `limit`) until every transfer is in a block.
pub async fn fund(rpc: &Rpc, chain: &ChainInfo, funder: &mut Submitter, accounts: &[AccountId], amount: Balance, limit: Duration) -> anyhow::Result<()> {
	let mut heads = rpc.subscribe_new_heads().await?;
	let calls: Vec<RuntimeCall> = accounts
		.iter()
		.map(|to| pallet_balances::Call::<Runtime>::transfer_keep_alive { dest: MultiAddress::Id(to.clone()), value: amount }.into())
		.collect();
	let signed = funder.sign(rpc, chain, calls).await?;
	let refused = submit_all(rpc, signed, 64).await;
	if let Some((_, error)) = refused.first() {
		bail!("{} of {} transfers refused by the pool, e.g. {error}", refused.len(), accounts.len());
	}
	let mut waiting: HashSet<&AccountId> = accounts.iter().collect();
	let deadline = tokio::time::Instant::now() + limit;
	while !waiting.is_empty() {
		let header = match tokio::time::timeout_at(deadline, heads.next()).await {
			Ok(Some(header)) => header?,
			Ok(None) => bail!("the node closed the block subscription"),
			Err(_) => bail!("{} of {} workers not funded within {limit:?}", waiting.len(), accounts.len()),
		};
		for record in storage::events(rpc, header.hash()).await? {
			if let RuntimeEvent::Balances(pallet_balances::Event::Transfer { to, .. }) = &record.event {
				waiting.remove(to);
			}
		}
	}
	Ok(())
}
