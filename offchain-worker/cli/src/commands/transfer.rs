//! `ect account transfer`: sends native tokens to another account
//! (`Balances.transfer_keep_alive`), checked against the sender's spendable
//! balance and the recipient's existential deposit before sending.

use clap::Args;
use ect_client::{
	runtime::{pallet_balances, AccountId, Balance, BalancesCall, Runtime, RuntimeEvent, EXISTENTIAL_DEPOSIT},
	storage::{self, AccountInfo},
	TxStage,
};
use polkadot_sdk::sp_runtime::MultiAddress;

use crate::{
	args::{parse_account, parse_positive_amount},
	chain,
	error::{CliError, Result},
	globals::Globals,
	output::{self, format_amount, Record},
};

/// What `ect account transfer` sends, and to whom.
#[derive(Args)]
pub struct TransferArgs {
	/// The recipient: SS58 address, `0x` public key or dev name (`//Bob`).
	#[arg(value_parser = parse_account)]
	to: AccountId,
	/// The amount: planck (`1500000000000`) or ECT (`1.5ect`); more than 0.
	#[arg(value_parser = parse_positive_amount)]
	amount: Balance,
}

/// What `account` can send and still stay alive: its free balance less
/// what must stay (its frozen funds not covered by reserves, and at least
/// the existential deposit), as `Balances` computes it for a keep-alive
/// transfer. The fee comes on top.
fn spendable(account: &AccountInfo) -> Balance {
	let untouchable = account.data.frozen.saturating_sub(account.data.reserved).max(EXISTENTIAL_DEPOSIT);
	account.data.free.saturating_sub(untouchable)
}

/// Refuses what the chain would: more than the sender can spend, or less
/// than the existential deposit to an account that holds nothing.
fn check(from: &AccountInfo, to: &AccountInfo, amount: Balance) -> Result<()> {
	let have = spendable(from);
	if amount > have {
		return Err(CliError::failure(format!(
			"insufficient funds: need {}, have {} spendable (the free balance less the existential deposit and \
			 frozen funds; the fee comes on top)",
			format_amount(amount),
			format_amount(have)
		)));
	}
	if to.data.free.saturating_add(to.data.reserved) == 0 && amount < EXISTENTIAL_DEPOSIT {
		return Err(CliError::failure(format!(
			"{} is below the existential deposit ({}): an empty account must receive at least that",
			format_amount(amount),
			format_amount(EXISTENTIAL_DEPOSIT)
		)));
	}
	Ok(())
}

/// `ect account transfer`.
pub async fn run(globals: &Globals, args: TransferArgs) -> Result<()> {
	let sender = globals.connect().await?;
	let from = storage::account(sender.rpc(), &sender.account(), None).await?;
	let to = storage::account(sender.rpc(), &args.to, None).await?;
	check(&from, &to, args.amount)?;
	let call = BalancesCall::<Runtime>::transfer_keep_alive { dest: MultiAddress::Id(args.to.clone()), value: args.amount };
	let included = sender.send(call, TxStage::InBlock).await?;
	let (from, to, amount) = chain::event(&included, "Balances.Transfer", |event| match event {
		RuntimeEvent::Balances(pallet_balances::Event::Transfer { from, to, amount }) => {
			Some((from.clone(), to.clone(), *amount))
		},
		_ => None,
	})?;
	let record = Record::new()
		.put("from", output::account(&from))
		.put("to", output::account(&to))
		.put("amount", output::amount(amount))
		.put("block", output::hash(&included.block));
	globals.printer().print(&record);
	Ok(())
}

#[cfg(test)]
mod tests {
	use super::*;

	fn holding(free: Balance, reserved: Balance, frozen: Balance) -> AccountInfo {
		let mut account = AccountInfo::default();
		account.data.free = free;
		account.data.reserved = reserved;
		account.data.frozen = frozen;
		account
	}

	#[test]
	fn what_must_stay_is_not_spendable() {
		let ed = EXISTENTIAL_DEPOSIT;
		assert_eq!(spendable(&holding(10 * ed, 0, 0)), 9 * ed);
		assert_eq!(spendable(&holding(10 * ed, 0, 4 * ed)), 6 * ed);
		assert_eq!(spendable(&holding(10 * ed, 3 * ed, 4 * ed)), 9 * ed);
		assert_eq!(spendable(&holding(0, 0, 0)), 0);
		let rich = holding(10 * ed, 0, 0);
		assert!(check(&rich, &holding(0, 0, 0), 9 * ed).is_ok());
		assert!(check(&rich, &holding(0, 0, 0), 9 * ed + 1).is_err(), "would reap the sender");
		assert!(check(&rich, &holding(0, 0, 0), ed - 1).is_err(), "below the existential deposit");
		assert!(check(&rich, &holding(1, 0, 0), ed - 1).is_ok(), "an existing account takes any amount");
	}
}
