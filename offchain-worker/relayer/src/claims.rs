//! Bridged tasks past their final deadline are claimed, so that PoCo
//! refunds them and the bridge sends the refund back to Ethereum.

use ect_client::{reads, runtime::Runtime, Error, TxStage};
use pallet_ect_poco::{TaskStatus, TaskView};
use polkadot_sdk::sp_core::H256;

use crate::{metrics::Metrics, Relayer};

impl Relayer {
	/// Claims every open bridged task whose final deadline has passed.
	pub(crate) async fn claim_expired(&self) -> anyhow::Result<()> {
		let rpc = self.side.rpc();
		let open: Vec<(u64, H256)> = rpc.call("BridgeApi_open_deals", ()).await?;
		if open.is_empty() {
			return Ok(());
		}
		let now = reads::now_ms(rpc).await?;
		for (nonce, deal) in open {
			let views: Vec<TaskView> = rpc.call("PocoApi_tasks_of_deal", (deal, 0u32, 1u32)).await?;
			let Some(view) = views.first() else { continue };
			let open = matches!(view.status, TaskStatus::Unset | TaskStatus::Active | TaskStatus::Revealing);
			if !open || now < view.final_deadline {
				continue;
			}
			let call = pallet_ect_poco::Call::<Runtime>::claim { deal, index: view.index };
			match self.side.send(call, TxStage::InBlock).await {
				Ok(_) => {
					log::info!("request {nonce}: task past its deadline claimed");
					Metrics::inc(&self.metrics.claims);
				},
				Err(Error::Dispatch(failure)) => log::info!("request {nonce}: claim refused ({})", failure.name()),
				Err(error) => return Err(error.into()),
			}
		}
		Ok(())
	}
}
