//! Benchmarks of every call and of the outbound hooks, each in its worst
//! case: a full relayer set (`MaxRelayers`) at the smallest majority with a
//! vote from every other relayer already in (the agreeing ones just short
//! of the threshold, the rest for other versions), the longest request
//! parameters, a deposit that creates its account, and the longest
//! callback bytes in results and committed messages.
//!
//! They run in the runtime (`ect-node benchmark pallet`), and as tests in
//! the mock runtime (the marketplace mocked: the request finds no offer).

use super::*;
use alloc::vec::Vec;
use codec::Encode;
use frame_support::{
	traits::{
		fungible::{Inspect, Mutate},
		EnsureOrigin, Get,
	},
	BoundedVec,
};
use ect_primitives::{AssetRegistry, CallbackTarget, RequestMarket, Resources, ResultCallback};
use polkadot_sdk::{
	frame_benchmarking::v2::*,
	frame_system::{self, RawOrigin},
	sp_core::{H160, H256},
	sp_io::hashing::blake2_256,
	sp_runtime::traits::{Bounded, Saturating, Zero},
};

const SEED: u32 = 0;

type Currency<T> = <T as Config>::Currency;

/// `count` existential deposits.
fn units<T: Config>(count: u32) -> BalanceOf<T> {
	Currency::<T>::minimum_balance().saturating_mul(count.into())
}

/// Installs a full relayer set at the smallest majority; returns it and
/// its threshold.
fn relayer_set<T: Config>() -> (Vec<T::AccountId>, u32) {
	let count = T::MaxRelayers::get();
	let relayers: Vec<T::AccountId> = (0..count).map(|i| account("relayer", i, SEED)).collect();
	let threshold = count.saturating_div(2).saturating_add(1);
	Pallet::<T>::do_set_relayers(relayers.clone(), threshold).unwrap();
	(relayers, threshold)
}

/// Live votes on `nonce` from every relayer but the last (who votes in the
/// benchmark): the first `agreeing` for `hash`, each other one for a
/// version of its own.
fn votes<T: Config>(nonce: u64, relayers: &[T::AccountId], agreeing: u32, hash: H256) {
	let (at, epoch) = (frame_system::Pallet::<T>::block_number(), Epoch::<T>::get());
	let others = relayers.len().saturating_sub(1);
	let votes: Vec<VoteOf<T>> = relayers[..others]
		.iter()
		.enumerate()
		.map(|(i, relayer)| {
			let i = u32::try_from(i).unwrap_or(u32::MAX);
			let event = if i < agreeing { hash } else { H256(blake2_256(&(b"other version", i).encode())) };
			Vote { relayer: relayer.clone(), event, at, epoch }
		})
		.collect();
	let votes: BoundedVec<VoteOf<T>, T::MaxRelayers> = BoundedVec::truncate_from(votes);
	Votes::<T>::insert(nonce, votes);
}

fn inbound<T: Config>(nonce: u64, body: InboundBodyOf<T>) -> InboundEventOf<T> {
	InboundEvent { nonce, eth_block: 1_000, block_hash: H256::repeat_byte(0xb1), log_index: 0, body }
}

/// A deposit of `amount` to a new account.
fn deposit<T: Config>(nonce: u64, amount: BalanceOf<T>) -> (InboundEventOf<T>, T::AccountId) {
	let who: T::AccountId = account("depositor", 0, SEED);
	let body = InboundBody::Deposit {
		sender: H160::repeat_byte(0x5e),
		account: who.clone(),
		amount: Pallet::<T>::to_wei(amount).unwrap(),
	};
	(inbound::<T>(nonce, body), who)
}

/// The longest callback bytes.
fn callback_data<T: Config>() -> Vec<u8> {
	alloc::vec![7u8; <T as Config>::MaxCallbackLen::get() as usize]
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// `MaxRelayers` relayers.
	#[benchmark]
	fn set_relayers() {
		let origin = T::GovernanceOrigin::try_successful_origin()
			.map_err(|_| BenchmarkError::Weightless)
			.unwrap();
		let count = T::MaxRelayers::get();
		let relayers: Vec<T::AccountId> = (0..count).map(|i| account("relayer", i, SEED)).collect();
		let bounded: BoundedVec<T::AccountId, T::MaxRelayers> = BoundedVec::truncate_from(relayers.clone());
		let threshold = count.saturating_div(2).saturating_add(1);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, bounded, threshold);

		assert_eq!(Relayers::<T>::get().into_inner(), relayers);
		assert_eq!(Threshold::<T>::get(), threshold);
	}

	/// A vote below the threshold: the agreeing votes end one short of it,
	/// and every other relayer voted for another version.
	#[benchmark]
	fn attest_vote() {
		let (relayers, threshold) = relayer_set::<T>();
		let nonce = 1u64;
		let (event, _) = deposit::<T>(nonce, units::<T>(1_000));
		votes::<T>(nonce, &relayers, threshold.saturating_sub(2), Pallet::<T>::event_hash(&event));
		let caller = relayers.last().unwrap().clone();

		#[extrinsic_call]
		attest(RawOrigin::Signed(caller), event);

		assert!(!Pallet::<T>::is_executed(nonce));
		assert_eq!(Votes::<T>::get(nonce).len(), relayers.len());
	}

	/// The vote that reaches the threshold and credits a deposit to a new
	/// account.
	#[benchmark]
	fn attest_deposit() {
		let (relayers, threshold) = relayer_set::<T>();
		let nonce = 1u64;
		let amount = units::<T>(1_000);
		let (event, who) = deposit::<T>(nonce, amount);
		votes::<T>(nonce, &relayers, threshold.saturating_sub(1), Pallet::<T>::event_hash(&event));
		let caller = relayers.last().unwrap().clone();
		let bridged = Bridged::<T>::get();

		#[extrinsic_call]
		attest(RawOrigin::Signed(caller), event);

		assert!(Pallet::<T>::is_executed(nonce));
		assert_eq!(Currency::<T>::balance(&who), amount);
		assert_eq!(Bridged::<T>::get(), bridged.saturating_add(amount));
	}

	/// The vote that reaches the threshold for a request with the longest
	/// parameters that matches no offer: the payment is minted, the order
	/// published (its deposit held) and matched against an empty book, all
	/// of it rolled back, and a refund queued. The order book walk of a
	/// request that does match is charged on top, from the marketplace's
	/// `publish_request` weight.
	#[benchmark]
	fn attest_request() {
		let owner: T::AccountId = account("app owner", 0, SEED);
		Currency::<T>::set_balance(&owner, BalanceOf::<T>::max_value() / 1_048_576u32.into());
		let app = T::BenchmarkRegistry::register_app(owner, Resources::default()).unwrap();
		let category = T::BenchmarkRegistry::create_category(1_200, 1).unwrap();
		let (relayers, threshold) = relayer_set::<T>();
		let nonce = 1u64;
		let amount = T::Market::order_deposit().saturating_add(units::<T>(1_000));
		let body = InboundBody::Request {
			payer: H160::repeat_byte(0xaa),
			callback: H160::repeat_byte(0xcc),
			app,
			category,
			trust: 1,
			app_max_price: 1,
			workerpool_max_price: 1,
			amount: Pallet::<T>::to_wei(amount).unwrap(),
			params: BoundedVec::truncate_from(alloc::vec![
				7u8;
				ParamsLenOf::<T>::get() as usize
			]),
		};
		let event = inbound::<T>(nonce, body);
		votes::<T>(nonce, &relayers, threshold.saturating_sub(1), Pallet::<T>::event_hash(&event));
		let caller = relayers.last().unwrap().clone();
		let (bridged, next) = (Bridged::<T>::get(), NextMessage::<T>::get().max(1));

		#[extrinsic_call]
		attest(RawOrigin::Signed(caller), event);

		assert!(Pallet::<T>::is_executed(nonce));
		assert_eq!(Messages::<T>::get(next).map(|m| m.kind), Some(MessageKind::Refund));
		assert_eq!(Bridged::<T>::get(), bridged);
		assert!(Currency::<T>::balance(&Pallet::<T>::request_account(nonce)).is_zero());
	}

	#[benchmark]
	fn withdraw() {
		let caller: T::AccountId = whitelisted_caller();
		let amount = units::<T>(1_000);
		Pallet::<T>::credit(&caller, Pallet::<T>::to_wei(amount.saturating_mul(2u32.into())).unwrap()).unwrap();
		let (bridged, next) = (Bridged::<T>::get(), NextMessage::<T>::get().max(1));

		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), H160::repeat_byte(0x7e), amount);

		assert_eq!(Bridged::<T>::get(), bridged.saturating_sub(amount));
		assert_eq!(Currency::<T>::balance(&caller), amount);
		assert_eq!(Messages::<T>::get(next).map(|m| m.kind), Some(MessageKind::Withdrawal));
	}

	#[benchmark]
	fn set_operating_mode() {
		let origin = T::GovernanceOrigin::try_successful_origin()
			.map_err(|_| BenchmarkError::Weightless)
			.unwrap();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, OperatingMode::Halted);

		assert_eq!(Mode::<T>::get(), OperatingMode::Halted);
	}

	/// `n` queued results with the longest callback bytes committed under
	/// one root (the `on_initialize` hook).
	#[benchmark]
	fn commit(n: Linear<0, { T::MaxMessagesPerBlock::get() }>) {
		let request = BridgedRequest {
			nonce: 1,
			payer: H160::repeat_byte(0xaa),
			callback: H160::repeat_byte(0xcc),
			account: account("request", 0, SEED),
			amount: units::<T>(1_000),
		};
		let data = callback_data::<T>();
		for i in 0..n {
			Pallet::<T>::queue_result(&request, H256::repeat_byte(0x7a), u128::from(i), &data);
		}
		let first = NextUncommitted::<T>::get().max(1);
		let block = frame_system::Pallet::<T>::block_number();

		#[block]
		{
			Pallet::<T>::commit(block);
		}

		let committed = Commitments::<T>::get(block).map(|c| (c.first, c.count));
		if n == 0 {
			assert_eq!(committed, None);
		} else {
			assert_eq!(committed, Some((first, n)));
		}
	}

	/// A bridged deal's certified result with the longest callback bytes:
	/// its request account's rest burnt and a result message queued.
	#[benchmark]
	fn settle() {
		let nonce = 1u64;
		let account = Pallet::<T>::request_account(nonce);
		let amount = Pallet::<T>::mint(&account, Pallet::<T>::to_wei(units::<T>(1_000)).unwrap()).unwrap();
		let deal = H256::repeat_byte(0xde);
		let callback = H160::repeat_byte(0xcc);
		BridgedDeals::<T>::insert(
			deal,
			BridgedRequest { nonce, payer: H160::repeat_byte(0xaa), callback, account: account.clone(), amount },
		);
		let task = H256::repeat_byte(0x7a);
		let data = callback_data::<T>();
		let next = NextMessage::<T>::get().max(1);

		#[block]
		{
			<Pallet<T> as ResultCallback>::on_result(&deal, &task, CallbackTarget::Ethereum(callback), &data);
		}

		assert!(!BridgedDeals::<T>::contains_key(deal));
		assert!(Currency::<T>::balance(&account).is_zero());
		assert_eq!(Messages::<T>::get(next).map(|m| m.kind), Some(MessageKind::Result));
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
