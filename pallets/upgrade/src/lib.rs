//! # Upgrade pallet: runtime upgrades under governance
//!
//! A forkless runtime upgrade (`protocol.md` §11) takes two steps:
//!
//! 1. governance ([`Config::GovernanceOrigin`], the council's motion)
//!    authorizes the hash of the new runtime's code with
//!    [`Call::authorize_upgrade`];
//! 2. anyone hands over the code itself with `system.apply_authorized_upgrade`
//!    (free when it matches): `frame_system` checks its hash, that the
//!    `spec_name` is the same and the `spec_version` higher, and sets it;
//!    the new runtime runs its migrations in the next block.
//!
//! `frame_system`'s own `authorize_upgrade` wants the root origin, which
//! only the dev chain's sudo key has; this pallet gives the same step to
//! governance, and nothing else: the council gets no root origin.
//!
//! `docs/validators.md` has the operator's steps.

#![cfg_attr(not(feature = "std"), no_std)]

pub use pallet::*;

pub mod migrations;

#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

use polkadot_sdk::{frame_support, frame_system};

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_system::{pallet_prelude::*, WeightInfo as _};

	/// The layout of the pallet's storage (it has none); [`crate::migrations`]
	/// moves it forward.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// What the pallet needs from the runtime.
	#[pallet::config]
	pub trait Config: polkadot_sdk::frame_system::Config {
		/// The origin that authorizes an upgrade.
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Authorizes the runtime whose code hashes to `code_hash`, with
		/// `frame_system`'s version checks: `system.apply_authorized_upgrade`
		/// then sets it (`frame_system`'s `UpgradeAuthorized` event tells).
		/// A later authorization replaces an earlier one.
		///
		/// Weight: `frame_system`'s benchmarked `authorize_upgrade`, whose
		/// body this is (one write and an event), after the origin check.
		#[pallet::call_index(0)]
		#[pallet::weight(<T as frame_system::Config>::SystemWeightInfo::authorize_upgrade())]
		pub fn authorize_upgrade(origin: OriginFor<T>, code_hash: T::Hash) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			frame_system::Pallet::<T>::do_authorize_upgrade(code_hash, true);
			Ok(())
		}
	}
}
