//! A school's unique reference number (URN): the six-digit number the
//! Department for Education's register, Get Information about Schools,
//! gives every school and other education setting in England (CIN census
//! and school census key the establishment by it).

use std::fmt;

use super::IdError;

/// A school's URN: six digits, from 100000.
///
/// Surrounding whitespace is trimmed; nothing else is changed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Urn(String);

impl Urn {
    /// Parses a URN: exactly six digits, the first not 0.
    pub fn parse(input: &str) -> Result<Urn, IdError> {
        let urn = input.trim();
        let found = urn.chars().count();
        if let Some((index, found)) = urn.chars().enumerate().find(|(_, c)| !c.is_ascii_digit()) {
            return Err(IdError::UrnCharacter {
                urn: urn.to_owned(),
                position: index + 1,
                found,
            });
        }
        if found != 6 {
            return Err(IdError::UrnLength {
                urn: urn.to_owned(),
                found,
            });
        }
        if urn.starts_with('0') {
            return Err(IdError::UrnLeadingZero {
                urn: urn.to_owned(),
            });
        }
        Ok(Urn(urn.to_owned()))
    }

    /// The URN made from a number from 100000 to 999999 (for generated
    /// authorities); `None` outside that range.
    pub fn numbered(n: u32) -> Option<Urn> {
        (100_000..=999_999).contains(&n).then(|| Urn(n.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Urn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

string_newtype_impls!(Urn);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_urn_is_six_digits() {
        assert_eq!(Urn::parse("100000").unwrap().as_str(), "100000");
        assert_eq!(Urn::parse(" 139204 ").unwrap().as_str(), "139204");
        assert_eq!(Urn::parse("999999").unwrap().to_string(), "999999");
    }

    #[test]
    fn a_urn_of_the_wrong_length_says_how_long_it_is() {
        assert_eq!(
            Urn::parse("12345").unwrap_err().to_string(),
            "URN 12345: should be 6 digits long, found 5 characters"
        );
        assert!(matches!(
            Urn::parse("1234567"),
            Err(IdError::UrnLength { found: 7, .. })
        ));
        assert!(matches!(
            Urn::parse(""),
            Err(IdError::UrnLength { found: 0, .. })
        ));
    }

    #[test]
    fn a_urn_with_a_letter_names_its_position() {
        assert_eq!(
            Urn::parse("12A456").unwrap_err().to_string(),
            "URN 12A456: character 3 should be a digit 0-9, found 'A'"
        );
        // An Ofsted social care URN is not a school's.
        assert!(matches!(
            Urn::parse("SC123456"),
            Err(IdError::UrnCharacter { position: 1, .. })
        ));
    }

    #[test]
    fn a_urn_does_not_start_with_zero() {
        assert!(matches!(
            Urn::parse("012345"),
            Err(IdError::UrnLeadingZero { .. })
        ));
        assert_eq!(Urn::numbered(99_999), None);
        assert_eq!(Urn::numbered(1_000_000), None);
        assert_eq!(Urn::numbered(123_456).unwrap().as_str(), "123456");
    }

    #[test]
    fn a_urn_reads_and_writes_as_a_string() {
        let urn: Urn = serde_json::from_str("\"131415\"").unwrap();
        assert_eq!(serde_json::to_string(&urn).unwrap(), "\"131415\"");
        assert!(serde_json::from_str::<Urn>("\"13141\"").is_err());
    }

    proptest! {
        #[test]
        fn every_six_digit_number_from_100000_is_a_urn(n in 100_000u32..=999_999) {
            let urn = Urn::parse(&n.to_string()).unwrap();
            prop_assert_eq!(Urn::numbered(n), Some(urn));
        }
    }
}
