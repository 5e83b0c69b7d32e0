//! The runtime APIs: what the node and clients may ask the runtime
//! (`state_call`), from block import to fee estimates and genesis presets.

use polkadot_sdk::*;

use crate::{
	catalog, genesis_config_presets, AccountId, Aura, Balance, Block, BlockNumber, Executive, Grandpa,
	InherentDataExt, Bridge, Marketplace, Nonce, Poco, Reputation, Runtime, RuntimeCall, RuntimeGenesisConfig, SessionKeys, System,
	TransactionPayment, VERSION,
};
use alloc::vec::Vec;
use frame_support::{
	genesis_builder_helper::{build_state, get_preset},
	weights::Weight,
};
use pallet_ect_marketplace::{DealOf, OrderOf};
use pallet_ect_poco::{ContributionOf, TaskOf};
use pallet_grandpa::AuthorityId as GrandpaId;
use sp_api::impl_runtime_apis;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_core::{crypto::KeyTypeId, OpaqueMetadata};
use sp_runtime::{
	traits::{Block as BlockT, NumberFor},
	transaction_validity::{TransactionSource, TransactionValidity},
	ApplyExtrinsicResult,
};
use sp_version::RuntimeVersion;

impl_runtime_apis! {
	impl sp_api::Core<Block> for Runtime {
		fn version() -> RuntimeVersion {
			VERSION
		}

		fn execute_block(block: <Block as BlockT>::LazyBlock) {
			Executive::execute_block(block);
		}

		fn initialize_block(header: &<Block as BlockT>::Header) -> sp_runtime::ExtrinsicInclusionMode {
			Executive::initialize_block(header)
		}
	}

	impl sp_api::Metadata<Block> for Runtime {
		fn metadata() -> OpaqueMetadata {
			OpaqueMetadata::new(Runtime::metadata().into())
		}

		fn metadata_at_version(version: u32) -> Option<OpaqueMetadata> {
			Runtime::metadata_at_version(version)
		}

		fn metadata_versions() -> Vec<u32> {
			Runtime::metadata_versions()
		}
	}

	impl sp_block_builder::BlockBuilder<Block> for Runtime {
		fn apply_extrinsic(extrinsic: <Block as BlockT>::Extrinsic) -> ApplyExtrinsicResult {
			Executive::apply_extrinsic(extrinsic)
		}

		fn finalize_block() -> <Block as BlockT>::Header {
			Executive::finalize_block()
		}

		fn inherent_extrinsics(data: sp_inherents::InherentData) -> Vec<<Block as BlockT>::Extrinsic> {
			data.create_extrinsics()
		}

		fn check_inherents(
			block: <Block as BlockT>::LazyBlock,
			data: sp_inherents::InherentData,
		) -> sp_inherents::CheckInherentsResult {
			data.check_extrinsics(&block)
		}
	}

	impl sp_transaction_pool::runtime_api::TaggedTransactionQueue<Block> for Runtime {
		fn validate_transaction(
			source: TransactionSource,
			tx: <Block as BlockT>::Extrinsic,
			block_hash: <Block as BlockT>::Hash,
		) -> TransactionValidity {
			Executive::validate_transaction(source, tx, block_hash)
		}
	}

	impl sp_offchain::OffchainWorkerApi<Block> for Runtime {
		fn offchain_worker(header: &<Block as BlockT>::Header) {
			Executive::offchain_worker(header)
		}
	}

	impl sp_consensus_aura::AuraApi<Block, AuraId> for Runtime {
		fn slot_duration() -> sp_consensus_aura::SlotDuration {
			sp_consensus_aura::SlotDuration::from_millis(Aura::slot_duration())
		}

		fn authorities() -> Vec<AuraId> {
			pallet_aura::Authorities::<Runtime>::get().into_inner()
		}
	}

	impl sp_session::SessionKeys<Block> for Runtime {
		fn generate_session_keys(
			owner: Vec<u8>,
			seed: Option<Vec<u8>>,
		) -> sp_session::OpaqueGeneratedSessionKeys {
			SessionKeys::generate(&owner, seed).into()
		}

		fn decode_session_keys(encoded: Vec<u8>) -> Option<Vec<(Vec<u8>, KeyTypeId)>> {
			SessionKeys::decode_into_raw_public_keys(&encoded)
		}
	}

	impl sp_consensus_grandpa::GrandpaApi<Block> for Runtime {
		fn grandpa_authorities() -> sp_consensus_grandpa::AuthorityList {
			Grandpa::grandpa_authorities()
		}

		fn current_set_id() -> sp_consensus_grandpa::SetId {
			Grandpa::current_set_id()
		}

		fn submit_report_equivocation_unsigned_extrinsic(
			_equivocation_proof: sp_consensus_grandpa::EquivocationProof<
				<Block as BlockT>::Hash,
				NumberFor<Block>,
			>,
			_key_owner_proof: sp_consensus_grandpa::OpaqueKeyOwnershipProof,
		) -> Option<()> {
			// No sessions or staking yet: there is nothing to slash.
			None
		}

		fn generate_key_ownership_proof(
			_set_id: sp_consensus_grandpa::SetId,
			_authority_id: GrandpaId,
		) -> Option<sp_consensus_grandpa::OpaqueKeyOwnershipProof> {
			None
		}
	}

	impl pallet_ect_marketplace::runtime_api::MarketplaceApi<Block, AccountId, Balance, OrderOf<Runtime>, DealOf<Runtime>>
		for Runtime
	{
		fn order_hash(order: OrderOf<Runtime>) -> sp_core::H256 {
			Marketplace::order_hash(&order)
		}

		fn order_state(order: sp_core::H256) -> pallet_ect_marketplace::OrderState {
			Marketplace::api_order_state(order)
		}

		fn open_orders(asset: pallet_ect_registry::AssetRef) -> Vec<(sp_core::H256, OrderOf<Runtime>, u32)> {
			Marketplace::api_open_orders(asset)
		}

		fn deal(deal: sp_core::H256) -> Option<DealOf<Runtime>> {
			Marketplace::api_deal(deal)
		}

		fn deal_tasks(deal: sp_core::H256, from: u32, count: u32) -> Vec<sp_core::H256> {
			Marketplace::api_deal_tasks(deal, from, count)
		}

		fn funds(who: AccountId) -> pallet_ect_marketplace::Funds<Balance> {
			Marketplace::api_funds(&who)
		}
	}

	#[api_version(2)]
	impl pallet_ect_poco::runtime_api::PocoApi<Block, AccountId, TaskOf<Runtime>, ContributionOf<Runtime>> for Runtime {
		fn task(task: sp_core::H256) -> Option<TaskOf<Runtime>> {
			pallet_ect_poco::Tasks::<Runtime>::get(task)
		}

		fn tasks(tasks: Vec<sp_core::H256>) -> Vec<Option<TaskOf<Runtime>>> {
			Poco::api_tasks(tasks)
		}

		fn tasks_of_deal(deal: sp_core::H256, from: u32, count: u32) -> Vec<pallet_ect_poco::TaskView> {
			Poco::api_tasks_of_deal(deal, from, count)
		}

		fn contributions(task: sp_core::H256) -> Vec<(AccountId, ContributionOf<Runtime>)> {
			Poco::api_contributions(task)
		}

		fn scheduler_todo(workerpool: u32, limit: u32) -> pallet_ect_poco::SchedulerTodo {
			Poco::api_scheduler_todo(workerpool, limit)
		}
	}

	#[api_version(2)]
	impl pallet_ect_reputation::runtime_api::ReputationApi<Block, AccountId> for Runtime {
		fn score(worker: AccountId) -> u32 {
			Reputation::api_score(&worker)
		}

		fn weight(worker: AccountId) -> u32 {
			Reputation::api_weight(&worker)
		}

		fn weights(workers: Vec<AccountId>) -> Vec<u32> {
			Reputation::api_weights(workers)
		}

		fn workerpool_record(pool: u32) -> pallet_ect_reputation::Record {
			Reputation::api_workerpool_record(pool)
		}

		fn app_record(app: u32) -> pallet_ect_reputation::Record {
			Reputation::api_app_record(app)
		}
	}

	impl pallet_ect_bridge::runtime_api::BridgeApi<Block, AccountId, BlockNumber> for Runtime {
		fn relayers() -> (Vec<AccountId>, u32) {
			Bridge::api_relayers()
		}

		fn inbound_status(nonce: u64, relayer: AccountId) -> pallet_ect_bridge::InboundStatus {
			Bridge::api_inbound_status(nonce, relayer)
		}

		fn commitment(block: BlockNumber) -> Option<pallet_ect_bridge::Commitment> {
			Bridge::api_commitment(block)
		}

		fn message_proof(block: BlockNumber, nonce: u64) -> Option<pallet_ect_bridge::MessageProof> {
			Bridge::api_message_proof(block, nonce)
		}

		fn open_deals() -> Vec<(u64, sp_core::H256)> {
			Bridge::api_open_deals()
		}
	}

	impl crate::catalog::CatalogApi<Block> for Runtime {
		fn apps(from: u32, count: u32) -> catalog::Page<catalog::AppListing> {
			catalog::apps(from, count)
		}

		fn datasets(from: u32, count: u32) -> catalog::Page<catalog::DatasetListing> {
			catalog::datasets(from, count)
		}

		fn workerpools(from: u32, count: u32) -> catalog::Page<catalog::WorkerpoolListing> {
			catalog::workerpools(from, count)
		}

		fn categories(from: u32, count: u32) -> catalog::Page<catalog::CategoryListing> {
			catalog::categories(from, count)
		}
	}

	impl frame_system_rpc_runtime_api::AccountNonceApi<Block, AccountId, Nonce> for Runtime {
		fn account_nonce(account: AccountId) -> Nonce {
			System::account_nonce(account)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentApi<Block, Balance> for Runtime {
		fn query_info(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment_rpc_runtime_api::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_info(uxt, len)
		}

		fn query_fee_details(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_fee_details(uxt, len)
		}

		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}

		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentCallApi<Block, Balance, RuntimeCall>
		for Runtime
	{
		fn query_call_info(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_call_info(call, len)
		}

		fn query_call_fee_details(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_call_fee_details(call, len)
		}

		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}

		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	impl frame_benchmarking::Benchmark<Block> for Runtime {
		fn benchmark_metadata(
			extra: bool,
		) -> (Vec<frame_benchmarking::BenchmarkList>, Vec<frame_support::traits::StorageInfo>) {
			use crate::*;
			use frame_benchmarking::{baseline::Pallet as BaselineBench, BenchmarkList};
			use frame_support::traits::StorageInfoTrait;
			use frame_system_benchmarking::{
				extensions::Pallet as SystemExtensionsBench, Pallet as SystemBench,
			};

			let mut list = Vec::<BenchmarkList>::new();
			list_benchmarks!(list, extra);
			(list, AllPalletsWithSystem::storage_info())
		}

		#[allow(non_local_definitions)]
		fn dispatch_benchmark(
			config: frame_benchmarking::BenchmarkConfig,
		) -> Result<Vec<frame_benchmarking::BenchmarkBatch>, alloc::string::String> {
			use crate::*;
			use frame_benchmarking::{baseline, baseline::Pallet as BaselineBench, BenchmarkBatch};
			use frame_support::traits::WhitelistedStorageKeys;
			use frame_system_benchmarking::{
				extensions::Pallet as SystemExtensionsBench, Pallet as SystemBench,
			};
			use sp_storage::TrackedStorageKey;

			impl frame_system_benchmarking::Config for Runtime {}
			impl baseline::Config for Runtime {}

			let whitelist: Vec<TrackedStorageKey> = AllPalletsWithSystem::whitelisted_storage_keys();
			let mut batches = Vec::<BenchmarkBatch>::new();
			let params = (&config, &whitelist);
			add_benchmarks!(params, batches);
			Ok(batches)
		}
	}

	impl sp_genesis_builder::GenesisBuilder<Block> for Runtime {
		fn build_state(config: Vec<u8>) -> sp_genesis_builder::Result {
			build_state::<RuntimeGenesisConfig>(config)
		}

		fn get_preset(id: &Option<sp_genesis_builder::PresetId>) -> Option<Vec<u8>> {
			get_preset::<RuntimeGenesisConfig>(id, genesis_config_presets::get_preset)
		}

		fn preset_names() -> Vec<sp_genesis_builder::PresetId> {
			genesis_config_presets::preset_names()
		}
	}

	#[cfg(feature = "try-runtime")]
	impl frame_try_runtime::TryRuntime<Block> for Runtime {
		fn on_runtime_upgrade(checks: frame_try_runtime::UpgradeCheckSelect) -> (Weight, Weight) {
			// A failed check is the answer the caller asked for: it aborts
			// the dry run with its message.
			let weight = Executive::try_runtime_upgrade(checks).unwrap();
			(weight, crate::configs::RuntimeBlockWeights::get().max_block)
		}

		fn execute_block(
			block: <Block as BlockT>::LazyBlock,
			state_root_check: bool,
			signature_check: bool,
			select: frame_try_runtime::TryStateSelect,
		) -> Weight {
			Executive::try_execute_block(block, state_root_check, signature_check, select)
				.expect("try-runtime: the block failed to execute")
		}
	}
}
