//! Apps, datasets and workerpools (`protocol.md` §1): registration, workerpool
//! policy, ownership transfer and removal.

use crate::{
	App, AppId, AppKind, AppStore, Apps, AssetRef, Config, Dataset, DatasetId, Datasets, Deposit, Error, Event,
	NextAppId, NextDatasetId, NextWorkerpoolId, Pallet, PoolPolicy, Resources, Workerpool, WorkerpoolId, Workerpools,
};
use polkadot_sdk::{
	frame_support::{dispatch::DispatchResult, ensure, traits::Get, BoundedVec},
	sp_core::H256,
	sp_runtime::DispatchError,
};

impl<T: Config> Pallet<T> {
	/// The owner of `asset`, if it exists.
	pub fn owner_of(asset: AssetRef) -> Option<T::AccountId> {
		match asset {
			AssetRef::App(id) => Apps::<T>::get(id).map(|a| a.owner),
			AssetRef::Dataset(id) => Datasets::<T>::get(id).map(|d| d.owner),
			AssetRef::Workerpool(id) => Workerpools::<T>::get(id).map(|w| w.owner),
		}
	}

	/// Registers an app owned by `owner`, holding [`Config::AssetDeposit`]
	/// from it. Returns the new app's id.
	pub fn do_register_app(
		owner: T::AccountId,
		name: BoundedVec<u8, T::MaxNameLen>,
		kind: AppKind,
		multiaddr: BoundedVec<u8, T::MaxUrlLen>,
		checksum: H256,
		mrenclave: Option<H256>,
		requirements: Resources,
	) -> Result<AppId, DispatchError> {
		let app = NextAppId::<T>::get();
		let next = Self::next_id(app)?;
		let deposit = Self::take_deposit(&owner, T::AssetDeposit::get())?;
		Apps::<T>::insert(
			app,
			App { owner: owner.clone(), name, kind, multiaddr, checksum, mrenclave, requirements, deposit },
		);
		NextAppId::<T>::put(next);
		Self::deposit_event(Event::AppRegistered { app, owner });
		Ok(app)
	}

	/// Registers a dataset owned by `owner`, holding [`Config::AssetDeposit`]
	/// from it. Returns the new dataset's id.
	pub fn do_register_dataset(
		owner: T::AccountId,
		name: BoundedVec<u8, T::MaxNameLen>,
		multiaddr: BoundedVec<u8, T::MaxUrlLen>,
		checksum: H256,
	) -> Result<DatasetId, DispatchError> {
		let dataset = NextDatasetId::<T>::get();
		let next = Self::next_id(dataset)?;
		let deposit = Self::take_deposit(&owner, T::AssetDeposit::get())?;
		Datasets::<T>::insert(dataset, Dataset { owner: owner.clone(), name, multiaddr, checksum, deposit });
		NextDatasetId::<T>::put(next);
		Self::deposit_event(Event::DatasetRegistered { dataset, owner });
		Ok(dataset)
	}

	/// Registers a workerpool owned (scheduled) by `owner`, holding
	/// [`Config::AssetDeposit`] from it. Returns the new workerpool's id.
	pub fn do_register_workerpool(
		owner: T::AccountId,
		description: BoundedVec<u8, T::MaxDescriptionLen>,
		policy: PoolPolicy,
		capabilities: Resources,
	) -> Result<WorkerpoolId, DispatchError> {
		ensure!(policy.is_valid(), Error::<T>::InvalidRatio);
		let workerpool = NextWorkerpoolId::<T>::get();
		let next = Self::next_id(workerpool)?;
		let deposit = Self::take_deposit(&owner, T::AssetDeposit::get())?;
		Workerpools::<T>::insert(
			workerpool,
			Workerpool { owner: owner.clone(), description, policy, capabilities, deposit },
		);
		NextWorkerpoolId::<T>::put(next);
		Self::deposit_event(Event::WorkerpoolRegistered { workerpool, owner });
		Ok(workerpool)
	}

	/// Sets the policy and capabilities of `workerpool`, which `owner` must own.
	pub fn do_update_workerpool(
		owner: &T::AccountId,
		workerpool: WorkerpoolId,
		policy: PoolPolicy,
		capabilities: Resources,
	) -> DispatchResult {
		ensure!(policy.is_valid(), Error::<T>::InvalidRatio);
		Workerpools::<T>::try_mutate(workerpool, |entry| -> DispatchResult {
			let pool = entry.as_mut().ok_or(Error::<T>::UnknownWorkerpool)?;
			ensure!(pool.owner == *owner, Error::<T>::NotOwner);
			pool.policy = policy;
			pool.capabilities = capabilities;
			Ok(())
		})?;
		Self::deposit_event(Event::WorkerpoolUpdated { workerpool, policy, capabilities });
		Ok(())
	}

	/// Gives `asset`, which `owner` must own, to `new_owner`. The deposit
	/// stays with its depositor.
	pub fn do_transfer_ownership(owner: &T::AccountId, asset: AssetRef, new_owner: T::AccountId) -> DispatchResult {
		let to = new_owner.clone();
		match asset {
			AssetRef::App(id) => Apps::<T>::try_mutate(id, |entry| -> DispatchResult {
				let app = entry.as_mut().ok_or(Error::<T>::UnknownApp)?;
				ensure!(app.owner == *owner, Error::<T>::NotOwner);
				app.owner = new_owner;
				Ok(())
			}),
			AssetRef::Dataset(id) => Datasets::<T>::try_mutate(id, |entry| -> DispatchResult {
				let dataset = entry.as_mut().ok_or(Error::<T>::UnknownDataset)?;
				ensure!(dataset.owner == *owner, Error::<T>::NotOwner);
				dataset.owner = new_owner;
				Ok(())
			}),
			AssetRef::Workerpool(id) => Workerpools::<T>::try_mutate(id, |entry| -> DispatchResult {
				let pool = entry.as_mut().ok_or(Error::<T>::UnknownWorkerpool)?;
				ensure!(pool.owner == *owner, Error::<T>::NotOwner);
				pool.owner = new_owner;
				Ok(())
			})
			.map(|()| Self::drop_operator(id)),
		}?;
		Self::deposit_event(Event::OwnershipTransferred { asset, from: owner.clone(), to });
		Ok(())
	}

	/// Removes `asset`, which `owner` must own, and releases its deposit to
	/// its depositor. Removing an app also drops its app store entry.
	pub fn do_remove_asset(owner: &T::AccountId, asset: AssetRef) -> DispatchResult {
		match asset {
			AssetRef::App(id) => {
				let app = Apps::<T>::get(id).ok_or(Error::<T>::UnknownApp)?;
				Self::ensure_owner(&app.owner, owner)?;
				Self::give_back(&app.deposit)?;
				Apps::<T>::remove(id);
				AppStore::<T>::remove(id);
			},
			AssetRef::Dataset(id) => {
				let dataset = Datasets::<T>::get(id).ok_or(Error::<T>::UnknownDataset)?;
				Self::ensure_owner(&dataset.owner, owner)?;
				Self::give_back(&dataset.deposit)?;
				Datasets::<T>::remove(id);
			},
			AssetRef::Workerpool(id) => {
				let pool = Workerpools::<T>::get(id).ok_or(Error::<T>::UnknownWorkerpool)?;
				Self::ensure_owner(&pool.owner, owner)?;
				Self::give_back(&pool.deposit)?;
				Workerpools::<T>::remove(id);
				Self::drop_operator(id);
			},
		}
		Self::deposit_event(Event::AssetRemoved { asset, owner: owner.clone() });
		Ok(())
	}

	/// The id after `id`, or [`Error::NoIdLeft`] if the counter is exhausted.
	pub(crate) fn next_id(id: u32) -> Result<u32, DispatchError> {
		id.checked_add(1).ok_or_else(|| Error::<T>::NoIdLeft.into())
	}

	/// Fails with [`Error::NotOwner`] unless `caller` is `owner`.
	pub(crate) fn ensure_owner(owner: &T::AccountId, caller: &T::AccountId) -> DispatchResult {
		ensure!(owner == caller, Error::<T>::NotOwner);
		Ok(())
	}

	/// Holds `amount` from `depositor` and returns the record of it.
	pub(crate) fn take_deposit(
		depositor: &T::AccountId,
		amount: crate::BalanceOf<T>,
	) -> Result<Deposit<T::AccountId, crate::BalanceOf<T>>, DispatchError> {
		Self::hold_deposit(depositor, amount)?;
		Ok(Deposit { depositor: depositor.clone(), amount })
	}

	/// Releases a recorded deposit to its depositor.
	pub(crate) fn give_back(deposit: &Deposit<T::AccountId, crate::BalanceOf<T>>) -> DispatchResult {
		Self::release_deposit(&deposit.depositor, deposit.amount)
	}
}
