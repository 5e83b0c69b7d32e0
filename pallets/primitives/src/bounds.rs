//! Derives for structs bounded by `Get<u32>` markers.

/// Implements `Clone`, `PartialEq`, `Eq` and `Debug` for a struct whose
/// `Get<u32>` parameters are only length bounds: the derives would require
/// them of those markers too (which `parameter_types!` markers lack), here
/// only the other parameters need them.
#[macro_export]
macro_rules! impl_ignoring_length_bounds {
	($name:ident < $($param:ident),* ; $($bound:ident),+ > { $($field:ident),+ $(,)? }) => {
		impl<$($param: ::core::clone::Clone,)* $($bound: $crate::Get<u32>,)+> ::core::clone::Clone
			for $name<$($param,)* $($bound,)+>
		{
			fn clone(&self) -> Self {
				Self { $($field: ::core::clone::Clone::clone(&self.$field),)+ }
			}
		}

		impl<$($param: ::core::cmp::PartialEq,)* $($bound: $crate::Get<u32>,)+> ::core::cmp::PartialEq
			for $name<$($param,)* $($bound,)+>
		{
			fn eq(&self, other: &Self) -> bool {
				true $(&& self.$field == other.$field)+
			}
		}

		impl<$($param: ::core::cmp::Eq,)* $($bound: $crate::Get<u32>,)+> ::core::cmp::Eq
			for $name<$($param,)* $($bound,)+> {}

		impl<$($param: ::core::fmt::Debug,)* $($bound: $crate::Get<u32>,)+> ::core::fmt::Debug
			for $name<$($param,)* $($bound,)+>
		{
			fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
				f.debug_struct(stringify!($name)) $(.field(stringify!($field), &self.$field))+ .finish()
			}
		}
	};
}
