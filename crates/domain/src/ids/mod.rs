//! Identifiers as parsing newtypes ("parse, don't validate").
//!
//! A value of one of these types is always valid. The only ways to get one
//! are `parse` (and its relatives `FromStr`, `TryFrom<&str>`,
//! `TryFrom<String>` and serde deserialisation, which all call `parse`), or a
//! constructor that computes the check character, so nothing downstream has
//! to check again.
//!
//! - [`Upn`]: the Unique Pupil Number (CIN census item N00001; rules 1510,
//!   1530, 1540, 1550);
//! - [`LaChildId`]: the local authority's own child identifier (`LAchildID`;
//!   rules 1570, 1580);
//! - [`NhsNumber`]: the NHS number, with its modulus 11 check digit;
//! - [`Postcode`]: a UK postcode, normalised to `SW1A 1AA`;
//! - [`Urn`]: a school's unique reference number on Get Information
//!   about Schools;
//! - [`SweNumber`]: a social worker's Social Work England registration
//!   number (SSDA903 `SW_ID`).
//!
//! A failure is an [`IdError`]. Its message names the identifier, the value,
//! the character position that is wrong (counting from 1) and the rule
//! that is broken, e.g.
//! `UPN B801200005002: character 1 should be the check letter Q, found 'B' (CIN rule 1510)`.
//!
//! Each identifier has its own file with its tests beside it; the error
//! type they share is in `error.rs`. No function here panics, whatever its
//! input: the property tests at the bottom of this file run every parser on
//! arbitrary strings, and each identifier's file has its own.
//!
//! The trait implementations every identifier shares (`FromStr`, `TryFrom`,
//! `AsRef<str>`, `From<T> for String`, serde) come from one macro, defined
//! here before the modules that use it, so they cannot drift apart.

/// `FromStr`, `TryFrom`, `AsRef<str>`, `From<T> for String` and serde (as a
/// string that goes through `parse`) for a newtype over a `String` with
/// `parse` and `as_str`.
macro_rules! string_newtype_impls {
    ($ty:ident) => {
        impl ::std::str::FromStr for $ty {
            type Err = $crate::ids::IdError;

            fn from_str(s: &str) -> Result<Self, $crate::ids::IdError> {
                Self::parse(s)
            }
        }

        impl TryFrom<&str> for $ty {
            type Error = $crate::ids::IdError;

            fn try_from(s: &str) -> Result<Self, $crate::ids::IdError> {
                Self::parse(s)
            }
        }

        impl TryFrom<String> for $ty {
            type Error = $crate::ids::IdError;

            fn try_from(s: String) -> Result<Self, $crate::ids::IdError> {
                Self::parse(&s)
            }
        }

        impl AsRef<str> for $ty {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl From<$ty> for String {
            fn from(value: $ty) -> String {
                value.0
            }
        }

        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Self, D::Error> {
                let s = <String as ::serde::Deserialize>::deserialize(deserializer)?;
                Self::parse(&s).map_err(<D::Error as ::serde::de::Error>::custom)
            }
        }
    };
}

mod error;
mod la_child_id;
mod nhs_number;
mod postcode;
mod swe_number;
mod upn;
mod urn;

pub use error::IdError;
pub use la_child_id::{LA_CHILD_ID_MAX_LEN, LaChildId};
pub use nhs_number::NhsNumber;
pub use postcode::Postcode;
pub use swe_number::{SWE_NUMBER_MAX_DIGITS, SweNumber};
pub use upn::{UPN_LA_CODES, Upn};
pub use urn::Urn;

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Runs every parser on `s`; none may panic.
    fn parse_everything(s: &str) {
        let _ = Upn::parse(s);
        let _ = Upn::from_body(s);
        let _ = LaChildId::parse(s);
        let _ = NhsNumber::parse(s);
        let _ = NhsNumber::from_first_nine(s);
        let _ = Postcode::parse(s);
        let _ = Urn::parse(s);
        let _ = SweNumber::parse(s);
        let _ = s.parse::<Upn>().map(|v| v.to_string());
        let _ = s.parse::<NhsNumber>().map(|v| v.to_string());
        let _ = s
            .parse::<Postcode>()
            .map(|v| (v.outward().len(), v.inward().len()));
        let _ = serde_json::from_value::<Upn>(serde_json::Value::String(s.to_owned()));
    }

    proptest! {
        #[test]
        fn arbitrary_strings_never_panic(s in any::<String>()) {
            parse_everything(&s);
        }

        #[test]
        fn near_miss_strings_never_panic(s in "[0-9A-Za-z ?\\-éI]{0,16}") {
            parse_everything(&s);
        }
    }
}
