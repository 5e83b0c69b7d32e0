//! The catalogue a browser shows without scanning storage: apps, datasets,
//! workerpools and categories, a page at a time, each with what the other
//! pallets know of it (task record, app-store verdict, open offers).
//!
//! Ids are given in order from 0, so a page is the ids `from..from + count`
//! (at most [`MAX_PAGE`] of them, removed entries skipped; a `count` of 0
//! asks for a full page) and `next` is where the following page starts,
//! `None` after the last id given so far.
//!
//! An asset's offers are summed over the book's index of the asset (at most
//! `MaxOrdersPerAsset` entries, each a book entry and a consumed volume), so
//! a page of [`MAX_PAGE`] listings reads at most about
//! `MAX_PAGE × (2 × MaxOrdersPerAsset + 5)` storage entries (3,325 today).

use crate::{AccountId, Balance, Marketplace, Reputation, Runtime};
use alloc::vec::Vec;
use codec::{Decode, Encode};
use pallet_ect_marketplace::{Order, OrderOf};
use pallet_ect_registry::{
	AppOf, AppStore, Apps, AssetRef, Categories, CategoryOf, CurationOf, DatasetOf, Datasets, NextAppId,
	NextCategoryId, NextDatasetId, NextWorkerpoolId, Operators, WorkerpoolOf, Workerpools,
};
use pallet_ect_reputation::Record;
use polkadot_sdk::sp_api;
use scale_info::TypeInfo;

/// The most entries one page holds; a larger `count` (or 0) is taken as it.
pub const MAX_PAGE: u32 = 25;

/// One page of a listing.
#[derive(Encode, Decode, TypeInfo)]
pub struct Page<Item> {
	/// The entries whose ids are in the page's range, in id order.
	pub items: Vec<Item>,
	/// The id the next page starts from; `None` when no id is left.
	pub next: Option<u32>,
}

/// An asset's open offers in the order book: published, not expired (even
/// if not yet pruned), with volume left.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug, Default)]
pub struct Offers {
	/// How many published offers are open.
	pub open: u32,
	/// The volume they have left, in tasks.
	pub remaining: u32,
	/// The lowest price among them, per task.
	pub lowest_price: Option<Balance>,
}

/// An app as the store lists it.
#[derive(Encode, Decode, TypeInfo)]
pub struct AppListing {
	/// Its id.
	pub id: u32,
	/// Its registry entry.
	pub app: AppOf<Runtime>,
	/// The app store's verdict; `None` while governance has not curated it.
	pub curation: Option<CurationOf<Runtime>>,
	/// Its tasks completed and failed.
	pub record: Record,
	/// Its open app orders.
	pub offers: Offers,
}

/// A dataset as the data marketplace lists it.
#[derive(Encode, Decode, TypeInfo)]
pub struct DatasetListing {
	/// Its id.
	pub id: u32,
	/// Its registry entry.
	pub dataset: DatasetOf<Runtime>,
	/// Its open dataset orders.
	pub offers: Offers,
}

/// A workerpool as the marketplace lists it.
#[derive(Encode, Decode, TypeInfo)]
pub struct WorkerpoolListing {
	/// Its id.
	pub id: u32,
	/// Its registry entry (owner, description, policy, capabilities).
	pub workerpool: WorkerpoolOf<Runtime>,
	/// The key its owner lets sign its orders, if any.
	pub operator: Option<AccountId>,
	/// Its tasks completed and failed.
	pub record: Record,
	/// Its open workerpool orders.
	pub offers: Offers,
}

/// A task category.
#[derive(Encode, Decode, TypeInfo)]
pub struct CategoryListing {
	/// Its id.
	pub id: u32,
	/// The category.
	pub category: CategoryOf<Runtime>,
}

sp_api::decl_runtime_apis! {
	/// Apps, datasets, workerpools and categories, a page at a time.
	pub trait CatalogApi {
		/// Up to `count` apps from id `from`.
		fn apps(from: u32, count: u32) -> Page<AppListing>;
		/// Up to `count` datasets from id `from`.
		fn datasets(from: u32, count: u32) -> Page<DatasetListing>;
		/// Up to `count` workerpools from id `from`.
		fn workerpools(from: u32, count: u32) -> Page<WorkerpoolListing>;
		/// Up to `count` categories from id `from`.
		fn categories(from: u32, count: u32) -> Page<CategoryListing>;
	}
}

/// The page of ids `from..from + count` below `end`, each looked up by `get`.
fn page<Item>(from: u32, count: u32, end: u32, get: impl Fn(u32) -> Option<Item>) -> Page<Item> {
	let size = if count == 0 { MAX_PAGE } else { count.min(MAX_PAGE) };
	let stop = from.saturating_add(size).min(end);
	let items = (from..stop).filter_map(get).collect();
	Page { items, next: (stop < end).then_some(stop) }
}

/// The open offers of an asset (the requests listed under it are not
/// offers; the marketplace leaves out expired and spent orders).
fn offers(asset: AssetRef) -> Offers {
	let price = |order: &OrderOf<Runtime>| match order {
		Order::App(o) => Some(o.price),
		Order::Dataset(o) => Some(o.price),
		Order::Workerpool(o) => Some(o.price),
		Order::Request(_) => None,
	};
	Marketplace::api_open_orders(asset).iter().fold(Offers::default(), |acc, (_, order, remaining)| {
		match price(order) {
			Some(price) => Offers {
				open: acc.open.saturating_add(1),
				remaining: acc.remaining.saturating_add(*remaining),
				lowest_price: Some(acc.lowest_price.map_or(price, |lowest| lowest.min(price))),
			},
			None => acc,
		}
	})
}

/// See [`CatalogApi::apps`].
pub fn apps(from: u32, count: u32) -> Page<AppListing> {
	page(from, count, NextAppId::<Runtime>::get(), |id| {
		Apps::<Runtime>::get(id).map(|app| AppListing {
			id,
			app,
			curation: AppStore::<Runtime>::get(id),
			record: Reputation::api_app_record(id),
			offers: offers(AssetRef::App(id)),
		})
	})
}

/// See [`CatalogApi::datasets`].
pub fn datasets(from: u32, count: u32) -> Page<DatasetListing> {
	page(from, count, NextDatasetId::<Runtime>::get(), |id| {
		Datasets::<Runtime>::get(id)
			.map(|dataset| DatasetListing { id, dataset, offers: offers(AssetRef::Dataset(id)) })
	})
}

/// See [`CatalogApi::workerpools`].
pub fn workerpools(from: u32, count: u32) -> Page<WorkerpoolListing> {
	page(from, count, NextWorkerpoolId::<Runtime>::get(), |id| {
		Workerpools::<Runtime>::get(id).map(|workerpool| WorkerpoolListing {
			id,
			workerpool,
			operator: Operators::<Runtime>::get(id),
			record: Reputation::api_workerpool_record(id),
			offers: offers(AssetRef::Workerpool(id)),
		})
	})
}

/// See [`CatalogApi::categories`].
pub fn categories(from: u32, count: u32) -> Page<CategoryListing> {
	page(from, count, NextCategoryId::<Runtime>::get(), |id| {
		Categories::<Runtime>::get(id).map(|category| CategoryListing { id, category })
	})
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn a_page_stops_at_the_end_and_at_its_size() {
		let all = |id| Some(id);
		let first = page(0, 3, 5, all);
		assert_eq!((first.items, first.next), (vec![0, 1, 2], Some(3)));
		let last = page(3, 3, 5, all);
		assert_eq!((last.items, last.next), (vec![3, 4], None));
		let beyond = page(7, 3, 5, all);
		assert_eq!((beyond.items, beyond.next), (vec![], None));
		let capped = page(0, u32::MAX, 1_000, all);
		assert_eq!((capped.items.len() as u32, capped.next), (MAX_PAGE, Some(MAX_PAGE)));
		let full = page(0, 0, 1_000, all);
		assert_eq!((full.items.len() as u32, full.next), (MAX_PAGE, Some(MAX_PAGE)), "0 asks for a full page");
		let near_max = page(u32::MAX - 1, 10, u32::MAX, all);
		assert_eq!((near_max.items, near_max.next), (vec![u32::MAX - 1], None));
	}

	#[test]
	fn removed_ids_are_skipped_but_the_page_goes_on() {
		let odd = |id: u32| (id % 2 == 1).then_some(id);
		let p = page(0, 4, 10, odd);
		assert_eq!((p.items, p.next), (vec![1, 3], Some(4)));
	}
}
