//! Hearth's own numbers for what its records are about: a child's record,
//! a user, a team. They are not statutory identifiers (those are in
//! [`crate::ids`]); they are how the ledger, the access policy, the store
//! and the pages name the same child, person or team, as one type each,
//! so a user's number can never be passed where a team's is meant.
//!
//! The ledger writes a user or team as a string of digits (`"65"`), as it
//! always has; it reads a string or a number, and refuses anything else by
//! saying what it expected.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

macro_rules! key {
    ($(#[$doc:meta])* $name:ident, $what:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }

        impl std::str::FromStr for $name {
            type Err = String;

            fn from_str(s: &str) -> Result<Self, String> {
                s.trim()
                    .parse()
                    .map($name)
                    .map_err(|_| format!("{} should be {}, found {s:?}", $what, "a whole number"))
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0.to_string())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct Visitor;
                impl serde::de::Visitor<'_> for Visitor {
                    type Value = $name;

                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        write!(f, "{} (a whole number)", $what)
                    }

                    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<$name, E> {
                        v.parse().map_err(E::custom)
                    }

                    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<$name, E> {
                        Ok($name(v))
                    }

                    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<$name, E> {
                        i64::try_from(v)
                            .map($name)
                            .map_err(|_| E::custom(format!("{} {v} is too large", $what)))
                    }
                }
                d.deserialize_any(Visitor)
            }
        }
    };
}

key!(
    /// A child's record.
    ChildId,
    "a child's record number"
);
key!(
    /// A user of Hearth: a worker, a manager, an IRO, an administrator.
    UserId,
    "a user's number"
);
key!(
    /// A team.
    TeamId,
    "a team's number"
);
key!(
    /// A request to give an account a role, awaiting a second
    /// administrator's approval.
    ApprovalId,
    "a role approval's number"
);
key!(
    /// A document attached to a child's record: its file, kept beside the
    /// ledger.
    AttachmentId,
    "a document's number"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ledger_writes_digits_and_reads_digits_or_numbers() {
        assert_eq!(serde_json::to_string(&UserId(65)).unwrap(), "\"65\"");
        assert_eq!(
            serde_json::from_str::<UserId>("\"65\"").unwrap(),
            UserId(65)
        );
        assert_eq!(serde_json::from_str::<TeamId>("10").unwrap(), TeamId(10));
        let e = serde_json::from_str::<UserId>("\"Dami\"").unwrap_err();
        assert!(
            e.to_string()
                .contains("a user's number should be a whole number"),
            "{e}"
        );
        assert!(serde_json::from_str::<UserId>("true").is_err());
        assert_eq!(" 7 ".parse::<ChildId>(), Ok(ChildId(7)));
    }
}
