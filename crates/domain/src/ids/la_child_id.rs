//! The local authority's own child identifier (`LAchildID`), checked by
//! CIN census validation rules 1570 and 1580.

use std::fmt;

use super::IdError;

/// The longest LA child ID that CIN rule 1570 allows.
pub const LA_CHILD_ID_MAX_LEN: usize = 20;

/// The local authority's own identifier for a child (`LAchildID` in the CIN
/// census; `CHILD` in the SSDA903 return).
///
/// [`LaChildId::parse`] checks, in this order:
///
/// - not empty (the CIN XSD requires `LAchildID`);
/// - **1570**: at most 20 characters;
/// - **1580**: no non-alphanumeric characters. The validator uses Python's
///   `str.isalnum`, which also accepts non-ASCII letters; Hearth accepts
///   only ASCII letters and digits, which every receiving system can store.
///
/// The value is kept exactly as given: it is not trimmed and its case is
/// kept, so a space anywhere is an error.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LaChildId(String);

impl LaChildId {
    /// The id `SC` followed by `n` in at least seven digits: letters and
    /// digits only and at most 22 characters, so valid by construction (for
    /// generated authorities).
    pub fn numbered(n: u32) -> LaChildId {
        LaChildId(format!("SC{n:07}"))
    }

    /// Parses an LA child ID, checking CIN rules 1570 and 1580.
    pub fn parse(input: &str) -> Result<LaChildId, IdError> {
        if input.is_empty() {
            return Err(IdError::LaChildIdEmpty);
        }
        let found = input.chars().count();
        if found > LA_CHILD_ID_MAX_LEN {
            return Err(IdError::LaChildIdTooLong {
                id: input.to_owned(),
                found,
            });
        }
        if let Some((index, found)) = input
            .chars()
            .enumerate()
            .find(|(_, c)| !c.is_ascii_alphanumeric())
        {
            return Err(IdError::LaChildIdCharacter {
                id: input.to_owned(),
                position: index + 1,
                found,
            });
        }
        Ok(LaChildId(input.to_owned()))
    }

    /// The ID as given.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for LaChildId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

string_newtype_impls!(LaChildId);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn la_child_id_accepts_alphanumerics_up_to_20() {
        for id in ["1", "DfEX0000001", "abcDEF123", "XXXXXXXXXXXXXXXXXXXX"] {
            assert_eq!(LaChildId::parse(id).unwrap().as_str(), id);
        }
    }

    #[test]
    fn la_child_id_rejects_empty() {
        assert_eq!(LaChildId::parse(""), Err(IdError::LaChildIdEmpty));
        assert_eq!(
            IdError::LaChildIdEmpty.to_string(),
            "LA child ID: should not be empty"
        );
    }

    #[test]
    fn la_child_id_rule_1570_length() {
        assert_eq!(
            LaChildId::parse("XXXXXXXXXXXXXXXXXXXXX")
                .unwrap_err()
                .to_string(),
            "LA child ID XXXXXXXXXXXXXXXXXXXXX: should be at most 20 characters long, found 21 (CIN rule 1570)"
        );
        // Counted in characters.
        assert!(matches!(
            LaChildId::parse(&"é".repeat(21)),
            Err(IdError::LaChildIdTooLong { found: 21, .. })
        ));
    }

    #[test]
    fn la_child_id_rule_1580_characters() {
        assert_eq!(
            LaChildId::parse("XXXXXXXXXXXXXXXXXXX;")
                .unwrap_err()
                .to_string(),
            "LA child ID XXXXXXXXXXXXXXXXXXX;: character 20 should be a letter A-Z or a-z or a digit 0-9, found ';' (CIN rule 1580)"
        );
        for (id, position, found) in [
            (" 123", 1, ' '),
            ("123 ", 4, ' '),
            ("AB-12", 3, '-'),
            ("Zoë1", 3, 'ë'),
            ("1_2", 2, '_'),
        ] {
            assert_eq!(
                LaChildId::parse(id),
                Err(IdError::LaChildIdCharacter {
                    id: id.to_owned(),
                    position,
                    found
                })
            );
        }
    }

    #[test]
    fn la_child_id_serde_round_trip() {
        let id = LaChildId::parse("Child42").unwrap();
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(json, "\"Child42\"");
        assert_eq!(serde_json::from_str::<LaChildId>(&json).unwrap(), id);
        assert!(serde_json::from_str::<LaChildId>("\"Child 42\"").is_err());
        assert!(serde_json::from_str::<LaChildId>("\"\"").is_err());
    }

    proptest! {
        #[test]
        fn la_child_id_valid_ones_round_trip(id in "[A-Za-z0-9]{1,20}") {
            let parsed = LaChildId::parse(&id);
            prop_assert_eq!(parsed.as_ref().map(LaChildId::as_str), Ok(id.as_str()));
        }
    }
}
