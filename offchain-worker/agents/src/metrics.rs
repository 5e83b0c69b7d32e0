//! What the worker and the scheduler report to Prometheus (`--metrics
//! ADDR`), beyond their own counters: the chain as they see it and the
//! stakes their key has locked.
//!
//! | series | type | meaning |
//! |---|---|---|
//! | `<agent>_best_block` | gauge | the node's best block |
//! | `<agent>_chain_lag_blocks` | gauge | best minus finalized: how far the agent acts ahead of finality |
//! | `<agent>_stake_locked` | gauge | the key's worker (or scheduler) stake in escrow, in plancks: at risk until its tasks are finalized |
//! | `<agent>_payment_locked` | gauge | the key's locked payments (requests) |

use ect_client::{
	metrics::{Kind, Registry},
	runtime::{AccountId, Balance},
	Rpc,
};
use pallet_ect_marketplace::Funds;

/// Which stake an agent's key locks.
#[derive(Clone, Copy, Debug)]
pub enum Stake {
	/// A worker's stakes on its contributions.
	Worker,
	/// A scheduler's stakes on its deals' tasks.
	Scheduler,
}

fn gauge(value: u128) -> u64 {
	u64::try_from(value).unwrap_or(u64::MAX)
}

/// Reads the chain's head, finality and `account`'s locked funds into
/// `registry` under `agent` (`ect_worker`, `ect_scheduler`).
pub async fn chain_gauges(rpc: &Rpc, registry: &Registry, agent: &str, account: &AccountId, stake: Stake) -> ect_client::Result<()> {
	let best = rpc.header(None).await?.number;
	let finalized = rpc.header(Some(rpc.finalized_head().await?)).await?.number;
	registry.set(&format!("{agent}_best_block"), &[], Kind::Gauge, u64::from(best));
	registry.set(&format!("{agent}_chain_lag_blocks"), &[], Kind::Gauge, u64::from(best.saturating_sub(finalized)));
	let funds: Funds<Balance> = rpc.call("MarketplaceApi_funds", account).await?;
	let locked = match stake {
		Stake::Worker => funds.worker_stake,
		Stake::Scheduler => funds.scheduler_stake,
	};
	registry.set(&format!("{agent}_stake_locked"), &[], Kind::Gauge, gauge(locked));
	registry.set(&format!("{agent}_payment_locked"), &[], Kind::Gauge, gauge(funds.payment));
	Ok(())
}
