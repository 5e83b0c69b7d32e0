//! Inbound: the relayer set, attestations, execution at the threshold and
//! replay protection.

use crate::{
	BalanceOf, Config, Epoch, Error, Event, Executed, InboundBody, InboundEventOf, InboundStatus, Mode, OperatingMode,
	Pallet, Relayers, Threshold, Vote, Votes, WeightInfo,
};
use alloc::vec::Vec;
use codec::Encode;
use ect_primitives::RequestMarket;
use polkadot_sdk::{
	frame_support::{
		ensure,
		storage::with_storage_layer,
		traits::{
			fungible::Mutate,
			tokens::{Fortitude, Precision, Preservation},
			Get,
		},
		weights::Weight,
		BoundedVec,
	},
	frame_system::{self, pallet_prelude::BlockNumberFor},
	sp_core::H256,
	sp_io::hashing::blake2_256,
	sp_runtime::{traits::Saturating, DispatchError, DispatchResult},
};

type CurrencyOf<T> = <T as Config>::Currency;

/// What an accepted attestation did, for its actual weight.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Attested {
	/// A vote below the threshold.
	Vote,
	/// A deposit executed (or refused).
	Deposit,
	/// A request executed: how far the order book walk went, if it made a deal.
	Request(Option<ect_primitives::Walk>),
}

impl<T: Config> Pallet<T> {
	/// Installs a relayer set: no duplicates, a majority threshold.
	pub(crate) fn do_set_relayers(relayers: Vec<T::AccountId>, threshold: u32) -> DispatchResult {
		let count = u32::try_from(relayers.len()).map_err(|_| Error::<T>::TooManyRelayers)?;
		ensure!(threshold <= count && threshold.saturating_mul(2) > count, Error::<T>::BadThreshold);
		for (i, relayer) in relayers.iter().enumerate() {
			ensure!(!relayers[..i].contains(relayer), Error::<T>::DuplicateRelayer);
		}
		let relayers: BoundedVec<_, T::MaxRelayers> = relayers.try_into().map_err(|_| Error::<T>::TooManyRelayers)?;
		let epoch = Epoch::<T>::mutate(|e| {
			*e = e.saturating_add(1);
			*e
		});
		Relayers::<T>::put(&relayers);
		Threshold::<T>::put(threshold);
		Self::deposit_event(Event::RelayersSet { relayers, threshold, epoch });
		Ok(())
	}

	/// The version of an event relayers vote for.
	pub(crate) fn event_hash(event: &InboundEventOf<T>) -> H256 {
		H256(blake2_256(&event.encode()))
	}

	/// Whether inbound nonce `nonce` was executed.
	pub fn is_executed(nonce: u64) -> bool {
		Executed::<T>::get(nonce / 128) & (1u128 << (nonce % 128)) != 0
	}

	fn mark_executed(nonce: u64) {
		Executed::<T>::mutate(nonce / 128, |bits| *bits |= 1u128 << (nonce % 128));
	}

	/// Whether `vote` still counts at `now`.
	fn is_live(vote: &crate::VoteOf<T>, now: BlockNumberFor<T>, epoch: u32) -> bool {
		vote.epoch == epoch && now < vote.at.saturating_add(T::AttestationTtl::get())
	}

	/// Where `nonce` stands for `relayer` (see [`InboundStatus`]).
	pub fn inbound_status(nonce: u64, relayer: &T::AccountId) -> InboundStatus {
		if Self::is_executed(nonce) {
			return InboundStatus::Executed;
		}
		let (now, epoch) = (frame_system::Pallet::<T>::block_number(), Epoch::<T>::get());
		let voted = Votes::<T>::get(nonce).iter().any(|v| &v.relayer == relayer && Self::is_live(v, now, epoch));
		if voted {
			InboundStatus::Voted
		} else {
			InboundStatus::Open
		}
	}

	/// `who` attests `event`; executes it if its version reaches the threshold.
	pub(crate) fn do_attest(who: &T::AccountId, event: InboundEventOf<T>) -> Result<Attested, DispatchError> {
		ensure!(Mode::<T>::get() == OperatingMode::Normal, Error::<T>::Halted);
		ensure!(Relayers::<T>::get().contains(who), Error::<T>::NotRelayer);
		ensure!(!Self::is_executed(event.nonce), Error::<T>::AlreadyExecuted);

		let hash = Self::event_hash(&event);
		let (now, epoch) = (frame_system::Pallet::<T>::block_number(), Epoch::<T>::get());
		let mut votes = Votes::<T>::get(event.nonce);
		votes.retain(|v| Self::is_live(v, now, epoch));
		ensure!(!votes.iter().any(|v| &v.relayer == who), Error::<T>::AlreadyAttested);
		votes
			.try_push(Vote { relayer: who.clone(), event: hash, at: now, epoch })
			.map_err(|_| Error::<T>::TooManyRelayers)?;
		let agreeing = u32::try_from(votes.iter().filter(|v| v.event == hash).count()).unwrap_or(u32::MAX);
		Self::deposit_event(Event::Attested { nonce: event.nonce, relayer: who.clone(), event: hash, votes: agreeing });

		if agreeing < Threshold::<T>::get() {
			Votes::<T>::insert(event.nonce, votes);
			return Ok(Attested::Vote);
		}
		Votes::<T>::remove(event.nonce);
		Self::mark_executed(event.nonce);
		Self::deposit_event(Event::InboundExecuted { nonce: event.nonce, event: hash });
		Ok(Self::execute(event))
	}

	/// Executes an event that reached the threshold. Never fails: what
	/// cannot be done is sent back to Ethereum.
	fn execute(event: InboundEventOf<T>) -> Attested {
		let nonce = event.nonce;
		match event.body {
			InboundBody::Deposit { sender, account, amount } => {
				match with_storage_layer(|| Self::credit(&account, amount)) {
					Ok(credited) => Self::deposit_event(Event::Deposited { nonce, account, amount: credited }),
					Err(error) => {
						Self::queue_withdrawal(sender, amount);
						Self::deposit_event(Event::DepositRefused { nonce, error });
					},
				}
				Attested::Deposit
			},
			request @ InboundBody::Request { payer, amount, .. } => {
				match with_storage_layer(|| Self::open_deal(nonce, request)) {
					Ok(walk) => Attested::Request(Some(walk)),
					Err(error) => {
						Self::queue_refund(nonce, payer, amount);
						Self::deposit_event(Event::RequestRefused { nonce, error });
						Attested::Request(None)
					},
				}
			},
		}
	}

	/// Wei into sidechain units: whole units only.
	pub(crate) fn to_units(wei: u128) -> Result<BalanceOf<T>, DispatchError> {
		let per = T::WeiPerUnit::get();
		ensure!(per > 0 && wei % per == 0, Error::<T>::BadAmount);
		BalanceOf::<T>::try_from(wei / per).map_err(|_| Error::<T>::BadAmount.into())
	}

	/// Sidechain units into wei.
	pub(crate) fn to_wei(amount: BalanceOf<T>) -> Result<u128, DispatchError> {
		let units: u128 = amount.try_into().map_err(|_| Error::<T>::BadAmount)?;
		units.checked_mul(T::WeiPerUnit::get()).ok_or_else(|| Error::<T>::BadAmount.into())
	}

	/// Mints `wei` worth of bridged funds into `account` (not withdrawable
	/// yet: see [`Self::credit`] and [`Self::settle`]).
	pub(crate) fn mint(account: &T::AccountId, wei: u128) -> Result<BalanceOf<T>, DispatchError> {
		let amount = Self::to_units(wei)?;
		CurrencyOf::<T>::mint_into(account, amount)?;
		Ok(amount)
	}

	/// Mints `wei` worth of bridged funds into `account`, free to go back.
	pub(crate) fn credit(account: &T::AccountId, wei: u128) -> Result<BalanceOf<T>, DispatchError> {
		let amount = Self::mint(account, wei)?;
		crate::Bridged::<T>::mutate(|b| *b = b.saturating_add(amount));
		Ok(amount)
	}

	/// Burns what `account` can spend, at most `cap`; returns what it burnt.
	pub(crate) fn burn_up_to(account: &T::AccountId, cap: BalanceOf<T>) -> BalanceOf<T> {
		use polkadot_sdk::frame_support::traits::fungible::Inspect;
		let free = CurrencyOf::<T>::reducible_balance(account, Preservation::Expendable, Fortitude::Polite).min(cap);
		CurrencyOf::<T>::burn_from(account, free, Preservation::Expendable, Precision::BestEffort, Fortitude::Polite)
			.unwrap_or_default()
	}

	/// `attest`, at worst: a request that walks the whole order book.
	pub(crate) fn attest_declared() -> Weight {
		let walk = T::Market::publish_request_weight(None);
		<T as Config>::WeightInfo::attest_vote()
			.max(<T as Config>::WeightInfo::attest_deposit())
			.max(<T as Config>::WeightInfo::attest_request().saturating_add(walk))
	}

	/// `attest` as it happened.
	pub(crate) fn attest_actual(done: Attested) -> Weight {
		match done {
			Attested::Vote => <T as Config>::WeightInfo::attest_vote(),
			Attested::Deposit => <T as Config>::WeightInfo::attest_deposit(),
			Attested::Request(Some(walk)) =>
				<T as Config>::WeightInfo::attest_request().saturating_add(T::Market::publish_request_weight(Some(walk))),
			Attested::Request(None) => Self::attest_declared(),
		}
	}
}
