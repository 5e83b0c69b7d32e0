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
/// deposit (a `Get`), holds by the runtime's hold reasons; with
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
		}

		$($crate::impl_test_system!(@$timestamp $runtime);)?
	};
	(@timestamp $runtime:ident) => {
		#[derive_impl(pallet_timestamp::config_preludes::TestDefaultConfig)]
		impl $crate::polkadot_sdk::pallet_timestamp::Config for $runtime {}
	};
}

/// The test runtime of the pallets that move money over the real escrow and
/// registry (the marketplace, PoCo): the runtime's account and balance types
/// (`AccountId32`, `u128`, as `AccountId` and `Balance`), an existential
/// deposit of 1, System, Balances and Timestamp, and
/// [`impl_escrow_and_registry!`](crate::impl_escrow_and_registry).
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
		$crate::impl_escrow_and_registry!($runtime);

		/// Externalities with each of `funded` (test key names) holding
		/// `balance`, the escrow's pots and `category` as category 0 (see
		/// `escrow_and_registry_genesis`), at block 1.
		pub fn money_test_ext(
			funded: &[&str],
			balance: Balance,
			category: (&[u8], &[u8], u64, u64),
		) -> $crate::polkadot_sdk::sp_io::TestExternalities {
			let funded = funded.iter().map(|name| ($crate::account(name), balance)).collect();
			$crate::configs::test_ext::<$runtime>(funded, |storage| escrow_and_registry_genesis(storage, category))
		}
	};
}

/// Implements the real escrow's and registry's `Config` for `$runtime`
/// (with `Escrow` and `Registry` in its `construct_runtime!`, `u128`
/// balances and root as governance), for the mocks whose money tests run
/// over real holds: the escrow's pot accounts, deposits of 100 per asset
/// and 50 per group, small bounds; and `escrow_and_registry_genesis` and
/// `register_assets`. The calling crate names `pallet_ect_escrow`,
/// `pallet_ect_registry` and `ect_primitives`.
#[macro_export]
macro_rules! impl_escrow_and_registry {
	($runtime:ident) => {
		impl pallet_ect_escrow::Config for $runtime {
			type Currency = Balances;
			type RuntimeHoldReason = RuntimeHoldReason;
			type PalletId = $crate::configs::EscrowPalletId;
		}

		impl pallet_ect_registry::Config for $runtime {
			type Currency = Balances;
			type RuntimeHoldReason = RuntimeHoldReason;
			type GovernanceOrigin =
				$crate::polkadot_sdk::frame_system::EnsureRoot<<$runtime as $crate::polkadot_sdk::frame_system::Config>::AccountId>;
			type AssetDeposit = $crate::polkadot_sdk::frame_support::traits::ConstU128<100>;
			type GroupDeposit = $crate::polkadot_sdk::frame_support::traits::ConstU128<50>;
			type MaxNameLen = $crate::polkadot_sdk::frame_support::traits::ConstU32<32>;
			type MaxUrlLen = $crate::polkadot_sdk::frame_support::traits::ConstU32<64>;
			type MaxDescriptionLen = $crate::polkadot_sdk::frame_support::traits::ConstU32<64>;
			type MaxReasonLen = $crate::polkadot_sdk::frame_support::traits::ConstU32<32>;
			type MaxGroupMembers = $crate::polkadot_sdk::frame_support::traits::ConstU32<4>;
			type MaxCategories = $crate::polkadot_sdk::frame_support::traits::ConstU32<8>;
			type WeightInfo = ();
		}

		/// Registers, as id 0 of each kind, an app of `app_owner` needing
		/// `requirements`, a dataset of `dataset_owner` with `checksum`, and
		/// a workerpool of `scheduler` with `policy` and `capabilities`.
		pub fn register_assets(
			app_owner: <$runtime as $crate::polkadot_sdk::frame_system::Config>::AccountId,
			requirements: ect_primitives::Resources,
			dataset_owner: <$runtime as $crate::polkadot_sdk::frame_system::Config>::AccountId,
			checksum: $crate::polkadot_sdk::sp_core::H256,
			scheduler: <$runtime as $crate::polkadot_sdk::frame_system::Config>::AccountId,
			policy: ect_primitives::PoolPolicy,
			capabilities: ect_primitives::Resources,
		) {
			fn text<S: $crate::polkadot_sdk::frame_support::traits::Get<u32>>(
				bytes: &[u8],
			) -> $crate::polkadot_sdk::frame_support::BoundedVec<u8, S> {
				bytes.to_vec().try_into().expect("a short test text")
			}
			type R = pallet_ect_registry::Pallet<$runtime>;
			let kind = ect_primitives::AppKind::WasiPreview1;
			let url = text(b"https://apps.example/hash.wasm");
			let checksum_of_app = $crate::polkadot_sdk::sp_core::H256::repeat_byte(1);
			R::do_register_app(app_owner, text(b"hash"), kind, url, checksum_of_app, None, requirements)
				.expect("the test app registers");
			R::do_register_dataset(dataset_owner, text(b"words"), text(b"https://data.example/w"), checksum)
				.expect("the test dataset registers");
			R::do_register_workerpool(scheduler, text(b"pool"), policy, capabilities)
				.expect("the test workerpool registers");
		}

		/// Adds to `storage` the escrow's genesis (its pots) and the
		/// registry's with `category` (name, description, time reference in
		/// seconds, max fuel) as category 0.
		pub fn escrow_and_registry_genesis(
			storage: &mut $crate::polkadot_sdk::sp_runtime::Storage,
			category: (&[u8], &[u8], u64, u64),
		) {
			use $crate::polkadot_sdk::sp_runtime::BuildStorage;
			pallet_ect_escrow::GenesisConfig::<$runtime>::default()
				.assimilate_storage(storage)
				.expect("the escrow's genesis");
			let (name, description, time_ref, max_fuel) = category;
			pallet_ect_registry::GenesisConfig::<$runtime> {
				categories: vec![(name.to_vec(), description.to_vec(), time_ref, max_fuel)],
				..Default::default()
			}
			.assimilate_storage(storage)
			.expect("the registry's genesis");
		}
	};
}
