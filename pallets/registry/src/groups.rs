//! Restriction groups (`protocol.md` §3): sets of accounts an owner manages,
//! which an order's restriction can name.

use crate::{Config, Error, Event, Group, GroupId, GroupMembers, Groups, NextGroupId, Pallet, Restriction};
use polkadot_sdk::{
	frame_support::{defensive, dispatch::DispatchResult, ensure, traits::Get},
	sp_runtime::DispatchError,
};

impl<T: Config> Pallet<T> {
	/// Whether `restriction`, set by `restricting_owner` (the owner of the
	/// order or asset it restricts), lets `who` use the order: anyone; only
	/// the named account; or the members of a group that exists and is owned
	/// by `restricting_owner` (a group owned by anyone else permits no one).
	pub fn permits(
		restriction: &Restriction<T::AccountId>,
		restricting_owner: &T::AccountId,
		who: &T::AccountId,
	) -> bool {
		match restriction {
			Restriction::Anyone => true,
			Restriction::Account(account) => account == who,
			Restriction::Group(group) =>
				Groups::<T>::get(group).is_some_and(|g| g.owner == *restricting_owner) &&
					GroupMembers::<T>::contains_key(group, who),
		}
	}

	/// Creates an empty group owned by `owner`, holding
	/// [`Config::GroupDeposit`] from it. Returns its id.
	pub fn do_create_group(owner: T::AccountId) -> Result<GroupId, DispatchError> {
		let group = NextGroupId::<T>::get();
		let next = Self::next_id(group)?;
		let deposit = Self::take_deposit(&owner, T::GroupDeposit::get())?;
		Groups::<T>::insert(group, Group { owner: owner.clone(), members: 0, deposit });
		NextGroupId::<T>::put(next);
		Self::deposit_event(Event::GroupCreated { group, owner });
		Ok(group)
	}

	/// Adds `who` to `group`, which `owner` must own.
	pub fn do_add_member(owner: &T::AccountId, group: GroupId, who: T::AccountId) -> DispatchResult {
		Groups::<T>::try_mutate(group, |entry| -> DispatchResult {
			let stored = entry.as_mut().ok_or(Error::<T>::UnknownGroup)?;
			Self::ensure_owner(&stored.owner, owner)?;
			ensure!(!GroupMembers::<T>::contains_key(group, &who), Error::<T>::AlreadyMember);
			ensure!(stored.members < T::MaxGroupMembers::get(), Error::<T>::GroupFull);
			// `members < MaxGroupMembers <= u32::MAX`, so this cannot overflow.
			stored.members = stored.members.saturating_add(1);
			GroupMembers::<T>::insert(group, &who, ());
			Ok(())
		})?;
		Self::deposit_event(Event::MemberAdded { group, who });
		Ok(())
	}

	/// Removes `who` from `group`, which `owner` must own.
	pub fn do_remove_member(owner: &T::AccountId, group: GroupId, who: T::AccountId) -> DispatchResult {
		Groups::<T>::try_mutate(group, |entry| -> DispatchResult {
			let stored = entry.as_mut().ok_or(Error::<T>::UnknownGroup)?;
			Self::ensure_owner(&stored.owner, owner)?;
			ensure!(GroupMembers::<T>::contains_key(group, &who), Error::<T>::NotMember);
			stored.members = stored.members.saturating_sub(1);
			GroupMembers::<T>::remove(group, &who);
			Ok(())
		})?;
		Self::deposit_event(Event::MemberRemoved { group, who });
		Ok(())
	}

	/// Destroys `group`, which `owner` must own, with all its members, and
	/// releases its deposit to its depositor. `witness_members` must be at
	/// least the group's member count ([`Error::BadWitness`]). Returns the
	/// number of members removed.
	pub fn do_destroy_group(owner: &T::AccountId, group: GroupId, witness_members: u32) -> Result<u32, DispatchError> {
		let stored = Groups::<T>::get(group).ok_or(Error::<T>::UnknownGroup)?;
		Self::ensure_owner(&stored.owner, owner)?;
		ensure!(stored.members <= witness_members, Error::<T>::BadWitness);
		Self::give_back(&stored.deposit)?;
		// A group never has more than `MaxGroupMembers` members, so this
		// removes them all.
		let removal = GroupMembers::<T>::clear_prefix(group, T::MaxGroupMembers::get(), None);
		if removal.maybe_cursor.is_some() {
			defensive!("a group had more than MaxGroupMembers members");
		}
		Groups::<T>::remove(group);
		Self::deposit_event(Event::GroupDestroyed { group, owner: owner.clone() });
		Ok(stored.members)
	}
}
