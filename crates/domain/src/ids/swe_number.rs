//! A social worker's registration number with Social Work England, the
//! regulator of social workers in England: "SW" and then digits (the
//! register shows it so, e.g. SW12345). The SSDA903 return gives it for each
//! social worker episode (`SW_ID`, which must begin "SW": rule SW02STG1).

use std::fmt;

use super::IdError;

/// The most digits accepted after "SW". The register's numbers are shorter;
/// the bound keeps a pasted wrong value from passing as one.
pub const SWE_NUMBER_MAX_DIGITS: usize = 8;

/// A Social Work England registration number: "SW" and 1 to
/// [`SWE_NUMBER_MAX_DIGITS`] digits.
///
/// Surrounding whitespace is trimmed and the prefix upper-cased ("sw123"
/// is SW123); nothing else is changed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SweNumber(String);

impl SweNumber {
    /// Parses a registration number, naming the first thing wrong.
    pub fn parse(input: &str) -> Result<SweNumber, IdError> {
        let text = input.trim();
        let mut chars = text.chars();
        let prefix: String = chars.by_ref().take(2).collect();
        if !prefix.eq_ignore_ascii_case("SW") {
            return Err(IdError::SweNumberPrefix {
                number: text.to_owned(),
            });
        }
        let digits = chars.as_str();
        if let Some((index, found)) = digits
            .chars()
            .enumerate()
            .find(|(_, c)| !c.is_ascii_digit())
        {
            return Err(IdError::SweNumberCharacter {
                number: text.to_owned(),
                position: index + 3,
                found,
            });
        }
        if digits.is_empty() || digits.len() > SWE_NUMBER_MAX_DIGITS {
            return Err(IdError::SweNumberLength {
                number: text.to_owned(),
                found: digits.len(),
            });
        }
        Ok(SweNumber(format!("SW{digits}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for SweNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

string_newtype_impls!(SweNumber);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_registration_number_is_sw_and_digits() {
        assert_eq!(SweNumber::parse("SW12345").unwrap().as_str(), "SW12345");
        assert_eq!(SweNumber::parse(" sw987 ").unwrap().as_str(), "SW987");
        assert_eq!(SweNumber::parse("Sw1").unwrap().to_string(), "SW1");
        assert_eq!(
            SweNumber::parse("SW12345678").unwrap().as_str(),
            "SW12345678"
        );
    }

    #[test]
    fn a_number_without_the_prefix_is_refused() {
        assert_eq!(
            SweNumber::parse("12345").unwrap_err().to_string(),
            "Social Work England number 12345: should begin SW"
        );
        // The 903's placeholder for a worker without one is not a number.
        assert!(matches!(
            SweNumber::parse("XX12345"),
            Err(IdError::SweNumberPrefix { .. })
        ));
        assert!(matches!(
            SweNumber::parse(""),
            Err(IdError::SweNumberPrefix { .. })
        ));
        assert!(matches!(
            SweNumber::parse("S"),
            Err(IdError::SweNumberPrefix { .. })
        ));
    }

    #[test]
    fn a_wrong_character_or_length_is_named() {
        assert_eq!(
            SweNumber::parse("SW12A45").unwrap_err().to_string(),
            "Social Work England number SW12A45: character 5 should be a digit 0-9, found 'A'"
        );
        assert!(matches!(
            SweNumber::parse("SW 123"),
            Err(IdError::SweNumberCharacter { position: 3, .. })
        ));
        assert_eq!(
            SweNumber::parse("SW").unwrap_err().to_string(),
            "Social Work England number SW: should be SW and 1 to 8 digits, found 0 digits"
        );
        assert!(matches!(
            SweNumber::parse("SW123456789"),
            Err(IdError::SweNumberLength { found: 9, .. })
        ));
    }

    #[test]
    fn a_registration_number_reads_and_writes_as_a_string() {
        let n: SweNumber = serde_json::from_str("\"sw4321\"").unwrap();
        assert_eq!(serde_json::to_string(&n).unwrap(), "\"SW4321\"");
        assert!(serde_json::from_str::<SweNumber>("\"4321\"").is_err());
    }

    proptest! {
        #[test]
        fn never_panics(s in any::<String>()) {
            let _ = SweNumber::parse(&s);
        }

        #[test]
        fn every_prefix_and_digits_parse(n in 0u32..100_000_000) {
            let text = format!("SW{n}");
            let parsed = SweNumber::parse(&text).unwrap();
            prop_assert_eq!(parsed.as_str(), text.as_str());
        }
    }
}
