//! The Ethereum contracts' bindings, from the ABI and bytecode that
//! `contracts/build.sh` generates with the pinned solc (never hand-written).

#![allow(missing_docs, clippy::too_many_arguments)]

alloy::sol!(
	#[sol(rpc, all_derives)]
	EctBridge,
	"../../contracts/out/EctBridge.abi.json"
);

alloy::sol!(
	#[sol(rpc, all_derives)]
	ExampleDapp,
	"../../contracts/out/ExampleDapp.abi.json"
);

/// The bridge contract's creation code (hex).
pub const BRIDGE_BYTECODE: &str = include_str!("../../../contracts/out/EctBridge.bin");
/// The example dapp's creation code (hex).
pub const DAPP_BYTECODE: &str = include_str!("../../../contracts/out/ExampleDapp.bin");
