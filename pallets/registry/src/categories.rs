//! Task categories (`protocol.md` §1), created and changed by governance.

use crate::{Categories, Category, CategoryCount, CategoryId, Config, Error, Event, NextCategoryId, Pallet};
use polkadot_sdk::{
	frame_support::{dispatch::DispatchResult, ensure, traits::Get, BoundedVec},
	sp_runtime::DispatchError,
};

impl<T: Config> Pallet<T> {
	/// Creates a task category. Returns its id.
	pub fn do_create_category(
		name: BoundedVec<u8, T::MaxNameLen>,
		description: BoundedVec<u8, T::MaxDescriptionLen>,
		work_clock_time_ref: u64,
		max_fuel: u64,
	) -> Result<CategoryId, DispatchError> {
		Self::ensure_valid_category(work_clock_time_ref, max_fuel)?;
		let count = CategoryCount::<T>::get();
		ensure!(count < T::MaxCategories::get(), Error::<T>::TooManyCategories);
		// `count < MaxCategories <= u32::MAX`, so this cannot overflow.
		let count = count.saturating_add(1);
		let category = NextCategoryId::<T>::get();
		let next = Self::next_id(category)?;
		Categories::<T>::insert(category, Category { name, description, work_clock_time_ref, max_fuel });
		CategoryCount::<T>::put(count);
		NextCategoryId::<T>::put(next);
		Self::deposit_event(Event::CategoryCreated { category });
		Ok(category)
	}

	/// Replaces every field of `category`. Deals already matched keep the
	/// time reference they snapshotted.
	pub fn do_update_category(
		category: CategoryId,
		name: BoundedVec<u8, T::MaxNameLen>,
		description: BoundedVec<u8, T::MaxDescriptionLen>,
		work_clock_time_ref: u64,
		max_fuel: u64,
	) -> DispatchResult {
		Self::ensure_valid_category(work_clock_time_ref, max_fuel)?;
		Categories::<T>::try_mutate(category, |entry| -> DispatchResult {
			let stored = entry.as_mut().ok_or(Error::<T>::UnknownCategory)?;
			*stored = Category { name, description, work_clock_time_ref, max_fuel };
			Ok(())
		})?;
		Self::deposit_event(Event::CategoryUpdated { category });
		Ok(())
	}

	/// Fails unless the time reference and the fuel bound are positive.
	fn ensure_valid_category(work_clock_time_ref: u64, max_fuel: u64) -> DispatchResult {
		ensure!(work_clock_time_ref > 0, Error::<T>::InvalidTimeRef);
		ensure!(max_fuel > 0, Error::<T>::InvalidMaxFuel);
		Ok(())
	}
}
