//! The pallets whose benchmarks this runtime runs (`ect-node benchmark pallet`,
//! built with `--features runtime-benchmarks`; see `scripts/bench.sh`).
//! Each ECT pallet with calls is added here when it lands.

use polkadot_sdk::*;

frame_benchmarking::define_benchmarks!(
	[frame_benchmarking, BaselineBench::<Runtime>]
	[frame_system, SystemBench::<Runtime>]
	[frame_system_extensions, SystemExtensionsBench::<Runtime>]
	[pallet_balances, Balances]
	[pallet_timestamp, Timestamp]
	[pallet_sudo, Sudo]
	[pallet_ect_registry, Registry]
	[pallet_ect_marketplace, Marketplace]
	[pallet_ect_poco, Poco]
	[pallet_ect_bridge, Bridge]
	[pallet_ect_validators, Validators]
);
