//! The app store (`protocol.md` §11): governance lists apps and revokes them
//! with a stated reason; a revoked app cannot be matched into new deals.

use crate::{AppId, AppStore, Apps, Config, Curation, Error, Event, Pallet};
use polkadot_sdk::frame_support::{dispatch::DispatchResult, ensure, BoundedVec};

impl<T: Config> Pallet<T> {
	/// Whether governance revoked `app` (and has not listed it again since).
	pub fn is_revoked(app: AppId) -> bool {
		matches!(AppStore::<T>::get(app), Some(Curation::Revoked(_)))
	}

	/// Lists `app` in the app store, lifting a revocation if there is one.
	pub fn do_list_app(app: AppId) -> DispatchResult {
		ensure!(Apps::<T>::contains_key(app), Error::<T>::UnknownApp);
		ensure!(!matches!(AppStore::<T>::get(app), Some(Curation::Listed)), Error::<T>::AlreadyListed);
		AppStore::<T>::insert(app, Curation::Listed);
		Self::deposit_event(Event::AppListed { app });
		Ok(())
	}

	/// Revokes `app`, listed or not, for `reason` (a new reason replaces an
	/// earlier one).
	pub fn do_revoke_app(app: AppId, reason: BoundedVec<u8, T::MaxReasonLen>) -> DispatchResult {
		ensure!(Apps::<T>::contains_key(app), Error::<T>::UnknownApp);
		AppStore::<T>::insert(app, Curation::Revoked(reason.clone()));
		Self::deposit_event(Event::AppRevoked { app, reason });
		Ok(())
	}
}
