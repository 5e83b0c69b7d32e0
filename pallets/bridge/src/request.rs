//! Bridged requests: an Ethereum request becomes a one-task deal paid with
//! the bridged ether, and its outcome (result or failure) goes back.

use crate::{BalanceOf, BridgedDeals, BridgedRequest, Config, Error, Event, InboundBody, InboundBodyOf, Pallet};
use codec::Encode;
use ect_primitives::{deal_id, CallbackTarget, DealId, RequestMarket, RequestOrder, Resources, Tag, TaskId, Walk};
use polkadot_sdk::{
	frame_support::{ensure, traits::Get},
	frame_system,
	sp_core::H256,
	sp_io::hashing::blake2_256,
	sp_runtime::{
		traits::{AccountIdConversion, Saturating},
		DispatchError, Percent, SaturatedConversion,
	},
};

impl<T: Config> Pallet<T> {
	/// The sidechain account that requests on behalf of Ethereum request `nonce`.
	pub fn request_account(nonce: u64) -> T::AccountId {
		T::PalletId::get().into_sub_account_truncating(nonce)
	}

	/// Funds the request's account and matches its order with the book;
	/// fails (to be rolled back) unless that makes a deal. `request` is an
	/// [`InboundBody::Request`].
	pub(crate) fn open_deal(nonce: u64, request: InboundBodyOf<T>) -> Result<Walk, DispatchError> {
		let InboundBody::Request {
			payer,
			callback,
			app,
			category,
			trust,
			app_max_price,
			workerpool_max_price,
			amount,
			params,
		} = request
		else {
			return Err(Error::<T>::NoOffer.into());
		};
		let account = Self::request_account(nonce);
		let amount = Self::mint(&account, amount)?;
		let price = |p: u128| BalanceOf::<T>::try_from(p).map_err(|_| Error::<T>::BadAmount);
		let order = RequestOrder {
			app,
			app_max_price: price(app_max_price)?,
			dataset: None,
			dataset_max_price: Default::default(),
			workerpool: None,
			workerpool_max_price: price(workerpool_max_price)?,
			requester: account.clone(),
			volume: 1,
			tag: Tag::NONE,
			category,
			trust,
			beneficiary: account.clone(),
			callback: Some(CallbackTarget::Ethereum(callback)),
			params,
			salt: blake2_256(&(b"ect/bridge", nonce).encode()),
			requirements: Resources::default(),
			// Matched in this very call or refused: it need not outlive the block.
			expires: frame_system::Pallet::<T>::block_number().saturated_into::<u32>().saturating_add(1),
		};
		let (hash, walk) = T::Market::publish_request(&account, order, Percent::one())?;
		ensure!(walk.deals == 1, Error::<T>::NoOffer);
		let deal = deal_id(&hash, 0);
		BridgedDeals::<T>::insert(
			deal,
			BridgedRequest { nonce, payer, callback, account: account.clone(), amount },
		);
		Self::deposit_event(Event::RequestBridged { nonce, deal, account, amount });
		Ok(walk)
	}

	/// A bridged deal's task is over: burn what is left of the bridged
	/// payment in its account and send it back with the result (`data`) or
	/// as a refund (failure). What the deal spent now circulates on the
	/// sidechain and may be withdrawn; funds anyone else sent to the
	/// account are not the bridge's and stay.
	pub(crate) fn settle(deal: &DealId, task: &TaskId, target: CallbackTarget, data: Option<&[u8]>) {
		if !matches!(target, CallbackTarget::Ethereum(_)) {
			return;
		}
		let Some(request) = BridgedDeals::<T>::take(deal) else { return };
		let burnt = Self::burn_up_to(&request.account, request.amount);
		crate::Bridged::<T>::mutate(|b| *b = b.saturating_add(request.amount.saturating_sub(burnt)));
		let rest = Self::to_wei(burnt).unwrap_or_default();
		match data {
			Some(data) => Self::queue_result(&request, *task, rest, data),
			None => Self::queue_refund(request.nonce, request.payer, rest),
		}
	}
}

/// The zero task id of messages that carry none.
pub(crate) const NO_TASK: H256 = H256::zero();
