//! `ect pool update`: changes the policy and capabilities of a workerpool
//! `--key`'s account owns (`Registry.update_workerpool`). The chain takes
//! the whole policy and capabilities; the CLI starts from the pool's
//! current ones and changes only the fields given.

use clap::Args;
use ect_client::{
	runtime::{Runtime, RuntimeEvent},
	TxStage,
};
use pallet_ect_registry::{AssetRef, Event as RegistryEvent, PoolPolicy, Resources, WorkerpoolId};

use super::asset_owner;
use crate::{
	chain,
	error::Result,
	globals::Globals,
	order_file::CpuArchFile,
	output::{self, Record},
};

/// Registry calls.
type RegistryCall = pallet_ect_registry::Call<Runtime>;

/// The fields `ect pool update` changes; at least one. Deals already
/// matched keep the policy they were matched with.
#[derive(Args)]
#[group(required = true, multiple = true)]
pub struct PoolChanges {
	/// The percent of the pool price each worker stakes per contribution.
	#[arg(long, value_parser = clap::value_parser!(u8).range(0..=100))]
	worker_stake_ratio: Option<u8>,
	/// The percent of the worker pot the scheduler keeps.
	#[arg(long, value_parser = clap::value_parser!(u8).range(0..=100))]
	scheduler_reward_ratio: Option<u8>,
	/// The CPU cores the pool's machines offer.
	#[arg(long, value_name = "N")]
	cpu_cores: Option<u16>,
	/// The memory they offer, MiB.
	#[arg(long, value_name = "N")]
	memory_mib: Option<u32>,
	/// The disk they offer, MiB.
	#[arg(long, value_name = "N")]
	disk_mib: Option<u32>,
	/// The GPU memory they offer, MiB.
	#[arg(long, value_name = "N")]
	gpu_memory_mib: Option<u32>,
	/// Their processor architecture.
	#[arg(long, value_enum)]
	cpu_arch: Option<CpuArchFile>,
	/// Their region code; 0 is any region.
	#[arg(long, value_name = "N")]
	region: Option<u16>,
}

impl PoolChanges {
	/// `policy` and `capabilities` with the fields given changed.
	fn apply(&self, policy: PoolPolicy, capabilities: Resources) -> (PoolPolicy, Resources) {
		let policy = PoolPolicy {
			worker_stake_ratio: self.worker_stake_ratio.unwrap_or(policy.worker_stake_ratio),
			scheduler_reward_ratio: self.scheduler_reward_ratio.unwrap_or(policy.scheduler_reward_ratio),
		};
		let capabilities = Resources {
			cpu_cores: self.cpu_cores.unwrap_or(capabilities.cpu_cores),
			memory_mib: self.memory_mib.unwrap_or(capabilities.memory_mib),
			disk_mib: self.disk_mib.unwrap_or(capabilities.disk_mib),
			gpu_memory_mib: self.gpu_memory_mib.unwrap_or(capabilities.gpu_memory_mib),
			cpu_arch: self.cpu_arch.map_or(capabilities.cpu_arch, Into::into),
			region: self.region.unwrap_or(capabilities.region),
		};
		(policy, capabilities)
	}
}

/// `ect pool update`: refused before sending if the pool is unknown or
/// someone else's (an operator may not change it).
pub async fn run(globals: &Globals, id: WorkerpoolId, changes: PoolChanges) -> Result<()> {
	let sender = globals.connect().await?;
	asset_owner::owned(sender.rpc(), AssetRef::Workerpool(id), &sender.account()).await?;
	let pool = chain::workerpool(sender.rpc(), id).await?;
	let (policy, capabilities) = changes.apply(pool.policy, pool.capabilities);
	let call = RegistryCall::update_workerpool { workerpool: id, policy, capabilities };
	let included = sender.send(call, TxStage::InBlock).await?;
	let (policy, capabilities) = chain::event(&included, "Registry.WorkerpoolUpdated", |event| match event {
		RuntimeEvent::Registry(RegistryEvent::WorkerpoolUpdated { workerpool, policy, capabilities }) if *workerpool == id => {
			Some((*policy, *capabilities))
		},
		_ => None,
	})?;
	let record = Record::new()
		.put("workerpool", output::number(id))
		.put("worker_stake_ratio", output::text(format!("{}%", policy.worker_stake_ratio)))
		.put("scheduler_reward_ratio", output::text(format!("{}%", policy.scheduler_reward_ratio)))
		.record("capabilities", output::resources(&capabilities))
		.put("block", output::hash(&included.block));
	globals.printer().print(&record);
	Ok(())
}

#[cfg(test)]
mod tests {
	use pallet_ect_registry::CpuArch;

	use super::*;

	#[test]
	fn only_the_fields_given_change() {
		let changes = PoolChanges {
			worker_stake_ratio: None,
			scheduler_reward_ratio: Some(10),
			cpu_cores: Some(8),
			memory_mib: None,
			disk_mib: None,
			gpu_memory_mib: None,
			cpu_arch: Some(CpuArchFile::Aarch64),
			region: None,
		};
		let before = Resources { memory_mib: 1024, region: 3, ..Resources::default() };
		let policy = PoolPolicy { worker_stake_ratio: 30, scheduler_reward_ratio: 1 };
		let (policy, capabilities) = changes.apply(policy, before);
		assert_eq!((policy.worker_stake_ratio, policy.scheduler_reward_ratio), (30, 10));
		assert_eq!(capabilities, Resources { cpu_cores: 8, cpu_arch: CpuArch::Aarch64, ..before });
	}
}
