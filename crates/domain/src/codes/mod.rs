//! The code sets of the CIN census and the SSDA903 return, as enums.
//!
//! Every list is declared with [`code_set!`], which gives each enum
//! `from_code`, `as_code`, `description`, `validity`, `ALL`, and serde as the
//! code string. An unknown code is an [`UnknownCode`] error naming the code and
//! the list. Where the DfE added or withdrew a code, the variant carries the
//! dates between which it may be used ([`Validity`]).

use jiff::civil::Date;

pub mod cin;
pub mod ssda903;

pub use cin::*;
pub use ssda903::*;

/// A code that is not in its list.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown code {code:?} in the list {list}")]
pub struct UnknownCode {
    /// The list the code was looked up in, e.g. "placement type".
    pub list: &'static str,
    /// The code as given.
    pub code: String,
}

/// The dates between which a code may be used.
///
/// `from` is the first date the code is valid; `until` is the first date it is
/// no longer valid (so P2 has `until` 2023-10-28: invalid from that day).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Validity {
    pub from: Option<Date>,
    pub until: Option<Date>,
}

impl Validity {
    /// Whether the code may be used for an event on `date`.
    pub fn valid_on(self, date: Date) -> bool {
        self.from.is_none_or(|f| date >= f) && self.until.is_none_or(|u| date < u)
    }

    /// Whether the code may be used at any time in the collection year that
    /// ends on 31 March of `year_ending` (1 April of the year before to that 31 March).
    pub fn valid_in_collection_year(self, year_ending: i16) -> bool {
        let start = jiff::civil::date(year_ending - 1, 4, 1);
        let end = jiff::civil::date(year_ending, 3, 31);
        self.from.is_none_or(|f| f <= end) && self.until.is_none_or(|u| u > start)
    }
}

/// Declares a code set.
///
/// ```ignore
/// code_set! {
///     /// Doc for the enum.
///     pub enum LegalStatus in "legal status" {
///         /// Interim care order
///         C1 = "C1",
///         /// Placement type withdrawn on 28 October 2023.
///         P2 = "P2" until (2023, 10, 28),
///         K3 = "K3" from (2024, 4, 1),
///     }
/// }
/// ```
///
/// The first doc line of each variant is its description.
macro_rules! code_set {
    (
        $(#[$meta:meta])*
        pub enum $name:ident in $list:literal {
            $(
                #[doc = $desc:literal]
                $(#[doc = $more:literal])*
                $variant:ident = $code:literal
                $(from ($fy:literal, $fm:literal, $fd:literal))?
                $(until ($uy:literal, $um:literal, $ud:literal))?
            ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $(
                #[doc = $desc]
                $(#[doc = $more])*
                $variant,
            )+
        }

        impl $name {
            /// The name of the list, as used in error messages.
            pub const LIST: &'static str = $list;

            /// (code, description) for every code, for a form's options.
            pub fn options() -> Vec<(&'static str, &'static str)> {
                Self::ALL.iter().map(|c| (c.as_code(), c.description())).collect()
            }

            /// The name of the list, as used in error messages.
            pub const fn list_name(self) -> &'static str {
                $list
            }

            /// Every code in the list, in specification order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// Parses a code exactly as the DfE specification writes it.
            pub fn from_code(code: &str) -> Result<Self, $crate::codes::UnknownCode> {
                match code {
                    $($code => Ok($name::$variant),)+
                    _ => Err($crate::codes::UnknownCode { list: $list, code: code.to_owned() }),
                }
            }

            /// The code as the DfE specification writes it.
            pub const fn as_code(self) -> &'static str {
                match self {
                    $($name::$variant => $code,)+
                }
            }

            /// What the code means.
            pub const fn description(self) -> &'static str {
                match self {
                    $($name::$variant => $desc.trim_ascii(),)+
                }
            }

            /// The code in words with the code beside it, as a professional
            /// reads it: "Fostered with other foster carer(s): neither
            /// long-term nor fostering for adoption (U6)".
            pub fn in_words(self) -> String {
                format!("{} ({})", self.description(), self.as_code())
            }

            /// When the code may be used.
            #[allow(unused_mut)]
            pub const fn validity(self) -> $crate::codes::Validity {
                match self {
                    $($name::$variant => {
                        let mut v = $crate::codes::Validity { from: None, until: None };
                        $(v.from = Some(jiff::civil::date($fy, $fm, $fd));)?
                        $(v.until = Some(jiff::civil::date($uy, $um, $ud));)?
                        v
                    })+
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_code())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::codes::UnknownCode;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::from_code(s)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_code())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
                Self::from_code(&s).map_err(serde::de::Error::custom)
            }
        }
    };
}
pub(crate) use code_set;

#[cfg(test)]
/// Every variant round-trips through its code; no two share a code; every
/// description is filled in; Display, FromStr and serde agree with the
/// code; an unknown code names itself and the list.
macro_rules! check_list {
    ($ty:ty, $count:expr) => {{
        let all = <$ty>::ALL;
        assert_eq!(all.len(), $count, "{} has {} codes", <$ty>::LIST, all.len());
        let mut seen = std::collections::HashSet::new();
        for &v in all {
            let code = v.as_code();
            assert!(
                seen.insert(code),
                "duplicate code {code} in {}",
                <$ty>::LIST
            );
            assert_eq!(<$ty>::from_code(code), Ok(v));
            assert_eq!(code.parse::<$ty>(), Ok(v));
            assert_eq!(v.to_string(), code);
            assert!(!v.description().is_empty(), "{code} has no description");
            assert_eq!(v.description(), v.description().trim());
            let json = serde_json::to_string(&v).unwrap();
            assert_eq!(json, format!("\"{code}\""));
            assert_eq!(serde_json::from_str::<$ty>(&json).unwrap(), v);
        }
        let err = <$ty>::from_code("??").unwrap_err();
        assert_eq!(err.code, "??");
        assert_eq!(err.list, <$ty>::LIST);
        let msg = err.to_string();
        assert!(msg.contains("\"??\"") && msg.contains(<$ty>::LIST), "{msg}");
    }};
}
#[cfg(test)]
pub(crate) use check_list;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validity_window_is_half_open() {
        let v = Validity {
            from: Some(jiff::civil::date(2024, 4, 1)),
            until: Some(jiff::civil::date(2025, 4, 1)),
        };
        assert!(!v.valid_on(jiff::civil::date(2024, 3, 31)));
        assert!(v.valid_on(jiff::civil::date(2024, 4, 1)));
        assert!(v.valid_on(jiff::civil::date(2025, 3, 31)));
        assert!(!v.valid_on(jiff::civil::date(2025, 4, 1)));
        assert!(v.valid_in_collection_year(2025));
        assert!(!v.valid_in_collection_year(2024));
        assert!(!v.valid_in_collection_year(2026));
    }
}
