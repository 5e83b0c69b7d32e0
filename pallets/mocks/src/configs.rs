//! The configuration every mock runtime repeats, as macros a `mock.rs`
//! calls after its `construct_runtime!` (whose pallet names they use:
//! `System`, `Balances`, and the `Runtime*` types it generates).

use polkadot_sdk::{
	frame_support::PalletId,
	frame_system, pallet_balances,
	sp_io::TestExternalities,
	sp_keystore::{testing::MemoryKeystore, KeystoreExt},
	sp_runtime::{BuildStorage, Storage},
};

/// The escrow's pallet id in every mock (the runtime's).
pub const ESCROW_PALLET_ID: PalletId = PalletId(*b"ect/escr");

polkadot_sdk::frame_support::parameter_types! {
	/// [`ESCROW_PALLET_ID`] as a `Get`.
	pub const EscrowPalletId: PalletId = ESCROW_PALLET_ID;
}

/// Declares the test runtime `$runtime`: System first, then the given
/// pallets (each `Name: crate_name`, the crate's name in scope).
#[macro_export]
macro_rules! construct_test_runtime {
	($runtime:ident { $($name:ident: $pallet:ident),* $(,)? }) => {
		$crate::polkadot_sdk::frame_support::construct_runtime!(
			pub enum $runtime {
				System: frame_system,
				$($name: $pallet,)*
			}
		);
	};
}

/// Externalities for a test runtime with Balances: its System genesis,
/// `balances`, whatever `genesis` adds, a keystore (for the benchmarks'
/// keys), at block 1 (so that events are recorded).
pub fn test_ext<T: pallet_balances::Config>(
	balances: Vec<(T::AccountId, T::Balance)>,
	genesis: impl FnOnce(&mut Storage),
) -> TestExternalities {
	let mut storage = frame_system::GenesisConfig::<T>::default().build_storage().expect("the system genesis");
	pallet_balances::GenesisConfig::<T> { balances, ..Default::default() }
		.assimilate_storage(&mut storage)
		.expect("the balances genesis");
	genesis(&mut storage);
	let mut ext = TestExternalities::new(storage);
	ext.register_extension(KeystoreExt::new(MemoryKeystore::new()));
	ext.execute_with(|| frame_system::Pallet::<T>::set_block_number(1u32.into()));
	ext
}

/// The calling module has `derive_impl`, `frame_system` and the pallets it
/// configures (`pallet_balances`, `pallet_timestamp`) in scope, as its
/// `construct_test_runtime!` needs them too.
///
/// Implements `frame_system::Config` for the test runtime `$runtime` with
/// accounts of type `$account`, looked up as themselves; with `balance`,
/// also `pallet_balances::Config` with that balance type and existential
/// deposit (a `Get`), holds by the runtime's hold reasons, named reserves
/// by 8-byte ids (the mock escrow's); with
/// `timestamp`, also `pallet_timestamp::Config`.
#[macro_export]
macro_rules! impl_test_system {
	($runtime:ident, account: $account:ty) => {
		#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
		impl $crate::polkadot_sdk::frame_system::Config for $runtime {
			type Block = $crate::polkadot_sdk::frame_system::mocking::MockBlock<$runtime>;
			type AccountId = $account;
			type Lookup = $crate::polkadot_sdk::sp_runtime::traits::IdentityLookup<$account>;
		}
	};
	($runtime:ident, account: $account:ty, balance: $balance:ty, existential_deposit: $ed:ty $(, $timestamp:ident)?) => {
		#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
		impl $crate::polkadot_sdk::frame_system::Config for $runtime {
			type Block = $crate::polkadot_sdk::frame_system::mocking::MockBlock<$runtime>;
			type AccountId = $account;
			type Lookup = $crate::polkadot_sdk::sp_runtime::traits::IdentityLookup<$account>;
			type AccountData = $crate::polkadot_sdk::pallet_balances::AccountData<$balance>;
		}

		#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
		impl $crate::polkadot_sdk::pallet_balances::Config for $runtime {
			type Balance = $balance;
			type AccountStore = System;
			type ExistentialDeposit = $ed;
			type RuntimeHoldReason = RuntimeHoldReason;
			type ReserveIdentifier = [u8; 8];
		}

		$($crate::impl_test_system!(@$timestamp $runtime);)?
	};
	(@timestamp $runtime:ident) => {
		#[derive_impl(pallet_timestamp::config_preludes::TestDefaultConfig)]
		impl $crate::polkadot_sdk::pallet_timestamp::Config for $runtime {}
	};
}

/// The test runtime of the pallets that move money (the marketplace,
/// PoCo): the runtime's account and balance types (`AccountId32`, `u128`,
/// as `AccountId` and `Balance`), an existential deposit of 1, System,
/// Balances and Timestamp; `Escrow` ([`MockEscrow`](crate::MockEscrow)
/// over Balances) and `Registry` ([`MockRegistry`](crate::MockRegistry)
/// with deposits of `AssetDeposit` = 100); `money_test_ext` and
/// `register_assets`. The calling crate names `ect_primitives`.
#[macro_export]
macro_rules! impl_money_test_system {
	($runtime:ident) => {
		/// The runtime's account type.
		pub type AccountId = $crate::polkadot_sdk::sp_runtime::AccountId32;
		/// The runtime's balance type.
		pub type Balance = u128;

		$crate::impl_test_system!(
			$runtime,
			account: AccountId,
			balance: Balance,
			existential_deposit: $crate::polkadot_sdk::frame_support::traits::ConstU128<1>,
			timestamp
		);

		$crate::polkadot_sdk::frame_support::parameter_types! {
			/// The deposit of each registered asset and group.
			pub const AssetDeposit: Balance = 100;
		}

		/// The escrow: locks are named reserves of Balances.
		pub type Escrow = $crate::MockEscrow<Balances>;
		/// The registry: the assets a test adds, with their deposits.
		pub type Registry = $crate::MockRegistry<Balances, AssetDeposit>;

		/// Externalities with each of `funded` (test key names) holding
		/// `balance`, the escrow's pots their existential deposit, and a
		/// category 0 of `category` (time reference in seconds, max fuel),
		/// at block 1.
		pub fn money_test_ext(
			funded: &[&str],
			balance: Balance,
			category: (u64, u64),
		) -> $crate::polkadot_sdk::sp_io::TestExternalities {
			let mut balances: Vec<(AccountId, Balance)> =
				funded.iter().map(|name| ($crate::account(name), balance)).collect();
			balances.extend($crate::escrow::pot_balances::<AccountId, Balance>(1));
			let mut ext = $crate::configs::test_ext::<$runtime>(balances, |_| {});
			ext.execute_with(|| {
				Registry::add_category(category.0, category.1);
			});
			ext
		}

		/// Registers, as id 0 of each kind, an app of `app_owner` needing
		/// `requirements`, a dataset of `dataset_owner` with `checksum`, and
		/// a workerpool of `scheduler` with `policy`.
		pub fn register_assets(
			app_owner: AccountId,
			requirements: ect_primitives::Resources,
			dataset_owner: AccountId,
			checksum: $crate::polkadot_sdk::sp_core::H256,
			scheduler: AccountId,
			policy: ect_primitives::PoolPolicy,
		) {
			Registry::add_app(app_owner, requirements).expect("the test app registers");
			Registry::add_dataset(dataset_owner, checksum).expect("the test dataset registers");
			Registry::add_workerpool(scheduler, policy).expect("the test workerpool registers");
		}
	};
}
