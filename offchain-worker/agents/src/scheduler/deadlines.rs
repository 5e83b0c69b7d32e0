//! Deadlines: every open task of the pool whose final deadline is near is
//! reported (log and gauges, with the owner's stake it puts at risk), and
//! every task past it unfinished is claimed, so that its requester is
//! refunded without having to ask.

use std::collections::{BTreeMap, BTreeSet};

use ect_client::{reads, Sender, TxStage};
use pallet_ect_poco::SchedulerTodo;
use polkadot_sdk::{frame_support::BoundedVec, sp_core::H256};

use super::{batch_limit, report_batch, Shared, STEPS_TOTAL};
use ect_client::metrics::Kind;

/// Open tasks whose final deadline is within the policy's margin.
pub const AT_RISK: &str = "ect_scheduler_tasks_at_risk";
/// The owner's scheduler stake those tasks would lose, in plancks.
pub const STAKE_AT_RISK: &str = "ect_scheduler_stake_at_risk";

/// The tasks of `deadlines` (task, final deadline in unix ms) that end
/// within `margin_ms` of `now_ms`, with the time they have left.
pub fn at_risk(deadlines: &[(H256, u64)], now_ms: u64, margin_ms: u64) -> Vec<(H256, u64)> {
	deadlines
		.iter()
		.map(|(task, deadline)| (*task, deadline.saturating_sub(now_ms)))
		.filter(|(_, left)| *left <= margin_ms)
		.collect()
}

/// Reports the tasks at risk (each once in the log, all in the gauges; their
/// records read in one call) and claims those past their final deadline.
pub(super) async fn watch(shared: &Shared, sender: &Sender, todo: &SchedulerTodo, margin_ms: u64, warned: &mut BTreeSet<H256>) -> anyhow::Result<()> {
	let rpc = sender.rpc();
	let now = reads::now_ms(rpc).await?;
	let risky = at_risk(&todo.deadlines, now, margin_ms);
	let mut stakes = BTreeMap::new();
	let mut stake_at_risk: u128 = 0;
	let ids: Vec<H256> = risky.iter().map(|(task, _)| *task).collect();
	let records = reads::tasks(rpc, &ids).await?;
	for ((task, left), record) in risky.iter().zip(records) {
		let Some(record) = record else { continue };
		let stake = match stakes.get(&record.deal) {
			Some(stake) => *stake,
			None => {
				let stake = reads::deal(rpc, record.deal).await?.map(|d| d.scheduler_stake).unwrap_or(0);
				stakes.insert(record.deal, stake);
				stake
			},
		};
		stake_at_risk = stake_at_risk.saturating_add(stake);
		if warned.insert(*task) {
			log::warn!(
				target: "ect-scheduler",
				"task {task:?} ({:?}) passes its final deadline in {} s unfinished: {stake} plancks of stake at risk",
				record.status,
				left / 1_000
			);
		}
	}
	warned.retain(|task| risky.iter().any(|(t, _)| t == task));
	shared.metrics.set(AT_RISK, &[], Kind::Gauge, u64::try_from(risky.len()).unwrap_or(u64::MAX));
	shared.metrics.set(STAKE_AT_RISK, &[], Kind::Gauge, u64::try_from(stake_at_risk).unwrap_or(u64::MAX));

	if todo.claimable.is_empty() {
		return Ok(());
	}
	let tasks: BoundedVec<_, _> = BoundedVec::truncate_from(todo.claimable.iter().take(batch_limit()).cloned().collect());
	let count = tasks.len();
	let included = sender.send(pallet_ect_poco::Call::claim_batch { tasks }, TxStage::InBlock).await?;
	let done = report_batch("claim (past the final deadline, requester refunded)", count, &included.events);
	shared.metrics.add(STEPS_TOTAL, &[("step", "claim")], done);
	if done > 0 {
		log::warn!(target: "ect-scheduler", "claimed {done} tasks past their final deadline: their stakes went to the kitty");
	}
	Ok(())
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn only_tasks_within_the_margin_are_at_risk() {
		let (a, b, c) = (H256::repeat_byte(1), H256::repeat_byte(2), H256::repeat_byte(3));
		let deadlines = [(a, 10_000), (b, 70_000), (c, 5_000)];
		assert_eq!(at_risk(&deadlines, 4_000, 60_000), vec![(a, 6_000), (c, 1_000)]);
		assert_eq!(at_risk(&deadlines, 4_000, 0), vec![]);
		// A deadline already reached has no time left, and is at risk.
		assert_eq!(at_risk(&[(a, 10_000)], 12_000, 0), vec![(a, 0)]);
	}
}
