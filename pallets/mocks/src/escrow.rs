//! An [`Escrow`] and the [`StorageDeposits`] over real held funds without
//! the escrow or registry pallets: each [`LockReason`] (and storage
//! deposits) is a named reserve of the test runtime's `pallet_balances`
//! (whose `ReserveIdentifier` is `[u8; 8]`), and the two pots are the
//! accounts the escrow pallet uses, funded with their existential deposit
//! by [`pot_balances`]. Amounts really leave free balances, so a test's
//! conservation checks (total issuance, free + held) mean what they do on
//! the runtime.
//!
//! Rewards paid out are recorded ([`rewards`]) where the escrow pallet would
//! emit an event.

use crate::configs::ESCROW_PALLET_ID;
use codec::{Decode, Encode};
use core::marker::PhantomData;
use ect_primitives::{Escrow, LockReason, Pot};
use polkadot_sdk::{
	frame_support::{
		storage::unhashed,
		traits::{
			fungible,
			tokens::{Fortitude, Preservation},
			BalanceStatus, Currency, ExistenceRequirement, NamedReservableCurrency,
		},
	},
	sp_runtime::{
		traits::{AccountIdConversion, Zero},
		DispatchError, DispatchResult,
	},
};

/// The named reserve of storage deposits.
pub const DEPOSIT_RESERVE: [u8; 8] = *b"deposit\0";

const REWARDS: &[u8] = b"ect-mocks/escrow/rewards";

/// The named reserve of a lock reason.
pub fn reserve_of(reason: LockReason) -> [u8; 8] {
	match reason {
		LockReason::Payment => *b"payment\0",
		LockReason::SchedulerStake => *b"schstake",
		LockReason::WorkerStake => *b"wrkstake",
	}
}

/// The account of `pot`: the escrow pallet's, under the runtime's pallet id.
pub fn pot_account<AccountId: Encode + Decode>(pot: Pot) -> AccountId {
	match pot {
		Pot::Protocol => ESCROW_PALLET_ID.into_account_truncating(),
		Pot::Kitty => ESCROW_PALLET_ID.into_sub_account_truncating(*b"kitty"),
	}
}

/// The genesis balances of the two pots: `existential_deposit` each.
pub fn pot_balances<AccountId: Encode + Decode, Balance: Copy>(existential_deposit: Balance) -> Vec<(AccountId, Balance)> {
	[Pot::Protocol, Pot::Kitty].into_iter().map(|pot| (pot_account(pot), existential_deposit)).collect()
}

/// Every reward paid so far, in order: (who, amount, pot).
pub fn rewards<AccountId: Decode, Balance: Decode>() -> Vec<(AccountId, Balance, Pot)> {
	unhashed::get(REWARDS).unwrap_or_default()
}

/// The escrow over `Currency`'s named reserves.
pub struct MockEscrow<Currency>(PhantomData<Currency>);

/// What the escrow and the deposits need of the test runtime's balances.
pub trait ReservingCurrency<AccountId>:
	NamedReservableCurrency<AccountId, ReserveIdentifier = [u8; 8], Balance = <Self as fungible::Inspect<AccountId>>::Balance>
	+ fungible::Inspect<AccountId>
{
}

impl<AccountId, C> ReservingCurrency<AccountId> for C where
	C: NamedReservableCurrency<AccountId, ReserveIdentifier = [u8; 8], Balance = <C as fungible::Inspect<AccountId>>::Balance>
		+ fungible::Inspect<AccountId>
{
}

/// The balance type of `C`.
pub type BalanceOf<C, AccountId> = <C as fungible::Inspect<AccountId>>::Balance;

/// Reserves `amount` of `who` under `id`, failing (and reserving nothing)
/// unless `who` can pay it and keep its existential deposit.
pub fn reserve<AccountId, C: ReservingCurrency<AccountId>>(
	id: &[u8; 8],
	who: &AccountId,
	amount: BalanceOf<C, AccountId>,
) -> DispatchResult {
	if amount.is_zero() {
		return Ok(());
	}
	let spendable = <C as fungible::Inspect<AccountId>>::reducible_balance(who, Preservation::Preserve, Fortitude::Polite);
	if spendable < amount {
		return Err(DispatchError::Other("mock escrow: insufficient free balance"));
	}
	<C as NamedReservableCurrency<AccountId>>::reserve_named(id, who, amount)
}

/// Unreserves exactly `amount` of `who` under `id`, or fails and moves
/// nothing if less is reserved.
pub fn unreserve<AccountId, C: ReservingCurrency<AccountId>>(
	id: &[u8; 8],
	who: &AccountId,
	amount: BalanceOf<C, AccountId>,
) -> DispatchResult {
	ensure_reserved::<AccountId, C>(id, who, amount)?;
	let missing = <C as NamedReservableCurrency<AccountId>>::unreserve_named(id, who, amount);
	debug_assert!(missing.is_zero(), "checked above");
	Ok(())
}

fn ensure_reserved<AccountId, C: ReservingCurrency<AccountId>>(
	id: &[u8; 8],
	who: &AccountId,
	amount: BalanceOf<C, AccountId>,
) -> DispatchResult {
	if <C as NamedReservableCurrency<AccountId>>::reserved_balance_named(id, who) < amount {
		return Err(DispatchError::Other("mock escrow: less is held than asked"));
	}
	Ok(())
}

impl<AccountId, C> Escrow<AccountId> for MockEscrow<C>
where
	AccountId: Encode + Decode + Clone,
	C: ReservingCurrency<AccountId>,
{
	type Balance = BalanceOf<C, AccountId>;

	fn lock(reason: LockReason, who: &AccountId, amount: Self::Balance) -> DispatchResult {
		reserve::<AccountId, C>(&reserve_of(reason), who, amount)
	}

	fn unlock(reason: LockReason, who: &AccountId, amount: Self::Balance) -> DispatchResult {
		unreserve::<AccountId, C>(&reserve_of(reason), who, amount)
	}

	fn seize(reason: LockReason, who: &AccountId, amount: Self::Balance, pot: Pot) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		let id = reserve_of(reason);
		ensure_reserved::<AccountId, C>(&id, who, amount)?;
		let missing = <C as NamedReservableCurrency<AccountId>>::repatriate_reserved_named(
			&id,
			who,
			&pot_account(pot),
			amount,
			BalanceStatus::Free,
		)?;
		debug_assert!(missing.is_zero(), "checked above");
		Ok(())
	}

	fn reward(who: &AccountId, amount: Self::Balance, pot: Pot) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		if Self::available(pot) < amount {
			return Err(DispatchError::Other("mock escrow: the pot cannot pay"));
		}
		<C as Currency<AccountId>>::transfer(&pot_account(pot), who, amount, ExistenceRequirement::KeepAlive)?;
		let mut paid: Vec<(AccountId, Self::Balance, Pot)> = rewards();
		paid.push((who.clone(), amount, pot));
		unhashed::put(REWARDS, &paid);
		Ok(())
	}

	fn locked(reason: LockReason, who: &AccountId) -> Self::Balance {
		<C as NamedReservableCurrency<AccountId>>::reserved_balance_named(&reserve_of(reason), who)
	}

	fn available(pot: Pot) -> Self::Balance {
		<C as fungible::Inspect<AccountId>>::reducible_balance(&pot_account(pot), Preservation::Preserve, Fortitude::Polite)
	}
}
