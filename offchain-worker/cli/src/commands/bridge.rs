//! `ect bridge`: funds across the Ethereum bridge. `deposit` pays ether into
//! the bridge contract for an account of this chain, which the relayers
//! mint here once they attest it; `withdraw` burns funds here for ether the
//! contract pays to an Ethereum address once a relayer carries the message
//! (`docs/bridge.md`). Both are checked before anything is sent. For relayer
//! operators, `propose-relayers` votes on Ethereum for a new relayer set,
//! which takes effect at the current relayers' threshold.

use alloy::{
	network::EthereumWallet,
	primitives::{Address, FixedBytes, U256},
	providers::{Provider, ProviderBuilder},
	signers::local::PrivateKeySigner,
};
use clap::{Args, Subcommand};
use ect_client::{
	runtime::{AccountId, Balance, Runtime, RuntimeEvent},
	storage, TxStage,
};
use ect_relayer::contracts::EctBridge;
use pallet_ect_bridge::OperatingMode;
use polkadot_sdk::sp_core::H160;

use crate::{
	args::{parse_account, parse_positive_amount},
	chain,
	error::{CliError, Result},
	globals::Globals,
	output::{self, format_amount, Record},
};

/// Bridge commands.
#[derive(Subcommand)]
pub enum BridgeCommand {
	/// Pays ether into the bridge contract on Ethereum for an account of
	/// this chain (`EctBridge.deposit`); the relayers mint the same amount
	/// to it here once the deposit is deep enough. Signed with an Ethereum
	/// key, not `--key`.
	Deposit(DepositArgs),
	/// Burns funds of `--key`'s account for ether the bridge contract pays
	/// to an Ethereum address (`Bridge.withdraw`); at most what was bridged
	/// in and not yet withdrawn. Refused before sending if the bridge is
	/// halted, or the amount exceeds that or the account's free balance.
	Withdraw {
		/// The Ethereum address paid: `0x` and 40 hex digits.
		#[arg(value_parser = parse_eth_address)]
		recipient: H160,
		/// The amount: planck (`1500000000000`) or ECT (`1.5ect`); more than 0.
		#[arg(value_parser = parse_positive_amount)]
		amount: Balance,
	},
	/// Votes, with a relayer's Ethereum key, for a new relayer set of the
	/// bridge contract (`EctBridge.proposeRelayers`): it takes effect once
	/// the current relayers' threshold voted for the same set. Relayers do
	/// so when the council changed the bridge pallet's relayers
	/// (`ect council propose set-relayers`).
	ProposeRelayers(ProposeRelayersArgs),
}

/// The bridge contract on Ethereum, and the key that signs for it.
#[derive(Args)]
pub struct EthereumArgs {
	/// Ethereum JSON-RPC endpoint (HTTP).
	#[arg(long, default_value = "http://127.0.0.1:8545")]
	eth_url: String,
	/// The bridge contract's address.
	#[arg(long, value_parser = parse_eth_address)]
	bridge: H160,
	/// The Ethereum private key (hex) that signs; better given by environment.
	#[arg(long, env = "ECT_ETH_KEY", hide_env_values = true)]
	eth_key: String,
}

/// What `ect bridge propose-relayers` votes for.
#[derive(Args)]
pub struct ProposeRelayersArgs {
	#[command(flatten)]
	ethereum: EthereumArgs,
	/// How many of the new relayers must confirm a root: 1 to their number.
	threshold: u64,
	/// The new relayers' Ethereum addresses.
	#[arg(value_parser = parse_eth_address, required = true)]
	relayers: Vec<H160>,
}

/// Where and how `ect bridge deposit` pays.
#[derive(Args)]
pub struct DepositArgs {
	#[command(flatten)]
	ethereum: EthereumArgs,
	/// The account credited on this chain: SS58 address, `0x` public key or
	/// dev name (`//Bob`).
	#[arg(value_parser = parse_account)]
	to: AccountId,
	/// The amount: planck (`1500000000000`) or ECT (`1.5ect`); more than 0.
	/// The ether paid is this times the contract's `WEI_PER_UNIT`.
	#[arg(value_parser = parse_positive_amount)]
	amount: Balance,
}

/// An Ethereum address: `0x` and 40 hex digits.
fn parse_eth_address(text: &str) -> Result<H160, String> {
	let bytes = text.strip_prefix("0x").and_then(|hex| hex::decode(hex).ok()).filter(|b| b.len() == 20);
	bytes.map(|b| H160::from_slice(&b)).ok_or_else(|| format!("invalid Ethereum address `{text}`: 0x and 40 hex digits"))
}

/// Runs a bridge command.
pub async fn run(globals: &Globals, command: BridgeCommand) -> Result<()> {
	match command {
		BridgeCommand::Deposit(args) => deposit(globals, args).await,
		BridgeCommand::Withdraw { recipient, amount } => withdraw(globals, recipient, amount).await,
		BridgeCommand::ProposeRelayers(args) => propose_relayers(globals, args).await,
	}
}

/// A signing provider for `ethereum`'s key and endpoint, the signer's
/// address, and an error maker naming the endpoint; fails if no contract is
/// at the bridge's address.
async fn ethereum(
	ethereum: &EthereumArgs,
) -> Result<(impl Provider + Clone, Address, impl Fn(&dyn std::fmt::Display) -> CliError + '_)> {
	let key: PrivateKeySigner = ethereum
		.eth_key
		.trim_start_matches("0x")
		.parse()
		.map_err(|_| CliError::failure("invalid --eth-key: 32 bytes of hex"))?;
	let url = ethereum
		.eth_url
		.parse()
		.map_err(|e| CliError::failure(format!("invalid --eth-url `{}`: {e}", ethereum.eth_url)))?;
	let signer = key.address();
	let provider = ProviderBuilder::new().wallet(EthereumWallet::from(key)).connect_hyper_http(url);
	let eth = move |e: &dyn std::fmt::Display| CliError::failure(format!("Ethereum at {}: {e}", ethereum.eth_url));
	if provider.get_code_at(Address::from(ethereum.bridge.0)).await.map_err(|e| eth(&e))?.is_empty() {
		return Err(CliError::failure(format!("no contract at {:?} on {}", ethereum.bridge, ethereum.eth_url)));
	}
	Ok((provider, signer, eth))
}

/// `ect bridge propose-relayers`: refused before sending if the key is not a
/// current relayer.
async fn propose_relayers(globals: &Globals, args: ProposeRelayersArgs) -> Result<()> {
	let (provider, signer, eth) = ethereum(&args.ethereum).await?;
	let contract = EctBridge::new(Address::from(args.ethereum.bridge.0), &provider);
	if !contract.isRelayer(signer).call().await.map_err(|e| eth(&e))? {
		return Err(CliError::failure(format!("{signer} is not a relayer of the bridge's current set: only relayers vote")));
	}
	// The contract wants the set in ascending order, so that every
	// relayer's vote is for the same list.
	let mut relayers: Vec<Address> = args.relayers.iter().map(|r| Address::from(r.0)).collect();
	relayers.sort();
	if relayers.windows(2).any(|pair| pair[0] == pair[1]) {
		return Err(CliError::failure("a relayer is named twice"));
	}
	if args.threshold == 0 || args.threshold > relayers.len() as u64 {
		return Err(CliError::failure(format!("the threshold must be 1 to {} (the relayers named)", relayers.len())));
	}
	let threshold = U256::from(args.threshold);
	let pending = contract.proposeRelayers(relayers.clone(), threshold).send().await.map_err(|e| eth(&e))?;
	let receipt = pending.get_receipt().await.map_err(|e| eth(&e))?;
	if !receipt.status() {
		return Err(CliError::failure(format!("the vote reverted (transaction {})", receipt.transaction_hash)));
	}
	let votes = receipt
		.decoded_log::<EctBridge::RelayersProposed>()
		.map(|log| log.data.votes)
		.ok_or_else(|| CliError::failure("the vote emitted no RelayersProposed event"))?;
	let applied = receipt.decoded_log::<EctBridge::RelayersSet>().map(|log| log.data.epoch);
	let record = Record::new()
		.put("votes", output::text(votes))
		.put("epoch", output::optional(applied, output::number))
		.put("transaction", output::text(receipt.transaction_hash));
	globals.printer().print(&record);
	Ok(())
}

/// Refuses a withdrawal the chain would refuse: the bridge halted, more
/// than was bridged in (`bridged`), or more than the account holds free
/// (the fee comes on top).
fn check_withdrawal(mode: OperatingMode, bridged: Balance, free: Balance, amount: Balance) -> Result<()> {
	if mode != OperatingMode::Normal {
		return Err(CliError::failure("the bridge is halted by governance: no withdrawal until it is resumed"));
	}
	if amount > bridged {
		return Err(CliError::failure(format!(
			"{} exceeds what is bridged in and not yet withdrawn ({}): only funds that came from Ethereum go back",
			format_amount(amount),
			format_amount(bridged)
		)));
	}
	if amount > free {
		return Err(CliError::failure(format!(
			"insufficient funds: need {}, have {} free",
			format_amount(amount),
			format_amount(free)
		)));
	}
	Ok(())
}

/// `ect bridge withdraw`.
async fn withdraw(globals: &Globals, recipient: H160, amount: Balance) -> Result<()> {
	let sender = globals.connect().await?;
	let rpc = sender.rpc();
	let mode: OperatingMode =
		rpc.value("Bridge.Mode", &pallet_ect_bridge::Mode::<Runtime>::hashed_key()).await?.unwrap_or_default();
	let bridged: Balance =
		rpc.value("Bridge.Bridged", &pallet_ect_bridge::Bridged::<Runtime>::hashed_key()).await?.unwrap_or_default();
	let account = storage::account(rpc, &sender.account(), None).await?;
	check_withdrawal(mode, bridged, account.data.free, amount)?;
	let call = pallet_ect_bridge::Call::<Runtime>::withdraw { recipient, amount };
	let included = sender.send(call, TxStage::InBlock).await?;
	let (who, recipient, amount) = chain::event(&included, "Bridge.WithdrawalQueued", |event| match event {
		RuntimeEvent::Bridge(pallet_ect_bridge::Event::WithdrawalQueued { who, recipient, amount }) =>
			Some((who.clone(), *recipient, *amount)),
		_ => None,
	})?;
	let record = Record::new()
		.put("from", output::account(&who))
		.put("recipient", output::text(format!("{recipient:?}")))
		.put("amount", output::amount(amount))
		.put("block", output::hash(&included.block));
	globals.printer().print(&record);
	Ok(())
}

/// `ect bridge deposit`: the contract's `WEI_PER_UNIT` read first, so the
/// ether paid is exactly `amount` here.
async fn deposit(globals: &Globals, args: DepositArgs) -> Result<()> {
	let (provider, payer, eth) = ethereum(&args.ethereum).await?;
	let contract = EctBridge::new(Address::from(args.ethereum.bridge.0), &provider);
	let wei_per_unit = contract.WEI_PER_UNIT().call().await.map_err(|e| eth(&e))?;
	let wei = U256::from(args.amount)
		.checked_mul(wei_per_unit)
		.filter(|wei| *wei <= U256::from(u128::MAX))
		.ok_or_else(|| CliError::failure(format!("{} is more than the bridge takes at once", format_amount(args.amount))))?;
	let balance = provider.get_balance(payer).await.map_err(|e| eth(&e))?;
	if balance < wei {
		return Err(CliError::failure(format!("insufficient ether: {payer} has {balance} wei, the deposit needs {wei} (gas on top)")));
	}
	let account = FixedBytes::<32>(*args.to.as_ref());
	let pending = contract.deposit(account).value(wei).send().await.map_err(|e| eth(&e))?;
	let receipt = pending.get_receipt().await.map_err(|e| eth(&e))?;
	if !receipt.status() {
		return Err(CliError::failure(format!("the deposit reverted (transaction {})", receipt.transaction_hash)));
	}
	let nonce = receipt
		.decoded_log::<EctBridge::Deposited>()
		.map(|log| log.data.nonce)
		.ok_or_else(|| CliError::failure("the deposit emitted no Deposited event"))?;
	let record = Record::new()
		.put("to", output::account(&args.to))
		.put("amount", output::amount(args.amount))
		.put("wei", output::text(wei))
		.put("nonce", output::number(nonce))
		.put("transaction", output::text(receipt.transaction_hash))
		.put("ethereum_block", output::optional(receipt.block_number, output::number));
	globals.printer().print(&record);
	Ok(())
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn an_ethereum_address_is_0x_and_40_hex_digits() {
		assert_eq!(parse_eth_address("0x0000000000000000000000000000000000000001"), Ok(H160::from_low_u64_be(1)));
		for bad in ["", "0x", "0x00", "00000000000000000000000000000000000000001", "0x000000000000000000000000000000000000000g"] {
			assert!(parse_eth_address(bad).is_err(), "{bad}");
		}
	}

	#[test]
	fn a_withdrawal_is_checked_as_the_chain_would() {
		assert!(check_withdrawal(OperatingMode::Normal, 10, 10, 10).is_ok());
		assert!(check_withdrawal(OperatingMode::Halted, 10, 10, 1).unwrap_err().to_string().contains("halted"));
		assert!(check_withdrawal(OperatingMode::Normal, 9, 10, 10).unwrap_err().to_string().contains("bridged"));
		assert!(check_withdrawal(OperatingMode::Normal, 10, 9, 10).unwrap_err().to_string().contains("insufficient"));
	}
}
