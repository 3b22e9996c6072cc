//! The NHS number and its modulus 11 check digit (NHS Data Dictionary).

use std::fmt;

use super::IdError;

/// An NHS number: 10 digits, the last a modulus 11 check digit.
///
/// The check (NHS Data Dictionary, "NHS Number"):
///
/// 1. multiply each of the first nine digits by a weight, 10 for the first
///    down to 2 for the ninth, and add the products;
/// 2. take the remainder of the sum divided by 11, and subtract it from 11;
/// 3. a result of 11 means check digit 0; a result of 10 means the nine
///    digits cannot start an NHS number; otherwise the result is the check
///    digit, which must equal the 10th digit.
///
/// [`NhsNumber::parse`] accepts the 10 digits alone (`9434765919`) or split
/// 3-3-4 by spaces or hyphens (`943 476 5919`, `943-476-5919`); surrounding
/// whitespace is ignored. [`NhsNumber::as_str`] and serde give the 10
/// digits; `Display` gives the usual `943 476 5919`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NhsNumber(String);

impl NhsNumber {
    /// Parses an NHS number and checks its modulus 11 check digit.
    pub fn parse(input: &str) -> Result<NhsNumber, IdError> {
        let nhs = input.trim();
        let mut digits = String::with_capacity(10);
        let mut previous_was_digit = false;
        for (index, c) in nhs.chars().enumerate() {
            let position = index + 1;
            if c.is_ascii_digit() {
                digits.push(c);
                previous_was_digit = true;
            } else if c == ' ' || c == '-' {
                if !(previous_was_digit && (digits.len() == 3 || digits.len() == 6)) {
                    return Err(IdError::NhsNumberSeparator {
                        nhs: nhs.to_owned(),
                        position,
                        found: c,
                    });
                }
                previous_was_digit = false;
            } else {
                return Err(IdError::NhsNumberCharacter {
                    nhs: nhs.to_owned(),
                    position,
                    found: c,
                });
            }
        }
        let values: Vec<u8> = digit_values(&digits);
        let Ok(values) = <[u8; 10]>::try_from(values) else {
            return Err(IdError::NhsNumberDigitCount {
                nhs: nhs.to_owned(),
                found: digits.len(),
            });
        };
        let [first_nine @ .., found] = values;
        let expected =
            nhs_check_digit(&first_nine).ok_or_else(|| IdError::NhsNumberNoCheckDigit {
                first_nine: digits.chars().take(9).collect(),
            })?;
        if expected != found {
            return Err(IdError::NhsNumberCheckDigit {
                nhs: nhs.to_owned(),
                expected,
                found,
            });
        }
        Ok(NhsNumber(digits))
    }

    /// Builds an NHS number from its first nine digits by computing the check
    /// digit; an error if the nine digits would need check digit 10. For
    /// generating synthetic data.
    pub fn from_first_nine(first_nine: &str) -> Result<NhsNumber, IdError> {
        let digits = first_nine.trim();
        if let Some((index, found)) = digits
            .chars()
            .enumerate()
            .find(|(_, c)| !c.is_ascii_digit())
        {
            return Err(IdError::NhsNumberCharacter {
                nhs: digits.to_owned(),
                position: index + 1,
                found,
            });
        }
        let Ok(values) = <[u8; 9]>::try_from(digit_values(digits)) else {
            return Err(IdError::NhsNumberFirstNineLength {
                digits: digits.to_owned(),
                found: digits.len(),
            });
        };
        let check = nhs_check_digit(&values).ok_or_else(|| IdError::NhsNumberNoCheckDigit {
            first_nine: digits.to_owned(),
        })?;
        Ok(NhsNumber(format!("{digits}{check}")))
    }

    /// The 10 digits, with no separators.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The values of the ASCII digits in `digits` (anything else is skipped).
fn digit_values(digits: &str) -> Vec<u8> {
    digits
        .chars()
        .filter_map(|c| c.to_digit(10))
        .map(|d| d as u8)
        .collect()
}

/// The modulus 11 check digit for the first nine digits of an NHS number, or
/// `None` when it would be 10.
fn nhs_check_digit(first_nine: &[u8; 9]) -> Option<u8> {
    let sum: u32 = (2u32..=10)
        .rev()
        .zip(first_nine.iter())
        .map(|(weight, &digit)| weight * u32::from(digit))
        .sum();
    match 11 - sum % 11 {
        11 => Some(0),
        10 => None,
        check => Some(check as u8),
    }
}

impl fmt::Display for NhsNumber {
    /// `943 476 5919`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, c) in self.0.chars().enumerate() {
            if index == 3 || index == 6 {
                f.write_str(" ")?;
            }
            fmt::Write::write_char(f, c)?;
        }
        Ok(())
    }
}

string_newtype_impls!(NhsNumber);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn nhs_number_accepts_published_test_numbers() {
        for nhs in ["9434765919", "9434765870", "4010232137"] {
            assert_eq!(NhsNumber::parse(nhs).unwrap().as_str(), nhs);
        }
    }

    #[test]
    fn nhs_number_accepts_3_3_4_separators() {
        for input in [
            "943 476 5919",
            "943-476-5919",
            " 943 476 5919 ",
            "943 4765919",
            "943476-5919",
        ] {
            assert_eq!(
                NhsNumber::parse(input).unwrap().as_str(),
                "9434765919",
                "{input}"
            );
        }
    }

    #[test]
    fn nhs_number_display_is_3_3_4() {
        let nhs = NhsNumber::parse("9434765919").unwrap();
        assert_eq!(nhs.to_string(), "943 476 5919");
        assert_eq!(NhsNumber::parse(&format!("{nhs}")), Ok(nhs));
    }

    #[test]
    fn nhs_number_wrong_check_digit() {
        assert_eq!(
            NhsNumber::parse("9434765918").unwrap_err().to_string(),
            "NHS number 9434765918: digit 10 should be the check digit 9, found 8 (modulus 11 check)"
        );
        assert_eq!(
            NhsNumber::parse("943 476 5871"),
            Err(IdError::NhsNumberCheckDigit {
                nhs: "943 476 5871".to_owned(),
                expected: 0,
                found: 1
            })
        );
        // Two digits swapped.
        assert!(NhsNumber::parse("4943765919").is_err());
    }

    #[test]
    fn nhs_number_check_digit_10_is_invalid() {
        // 1*10 + 2*9 + ... + 9*2 = 210; 210 mod 11 = 1; 11 - 1 = 10.
        for last in 0..=9 {
            let input = format!("123456789{last}");
            assert_eq!(
                NhsNumber::parse(&input),
                Err(IdError::NhsNumberNoCheckDigit {
                    first_nine: "123456789".to_owned()
                })
            );
        }
        assert_eq!(
            NhsNumber::from_first_nine("123456789")
                .unwrap_err()
                .to_string(),
            "NHS number starting 123456789: the modulus 11 check digit of these nine digits would be 10, so no valid NHS number starts with them"
        );
    }

    #[test]
    fn nhs_number_bad_characters_and_lengths() {
        assert_eq!(
            NhsNumber::parse("94347a5919").unwrap_err().to_string(),
            "NHS number 94347a5919: character 6 should be a digit 0-9, found 'a'"
        );
        assert_eq!(
            NhsNumber::parse("943476591").unwrap_err().to_string(),
            "NHS number 943476591: should have 10 digits, found 9"
        );
        assert!(matches!(
            NhsNumber::parse("94347659190"),
            Err(IdError::NhsNumberDigitCount { found: 11, .. })
        ));
        assert!(matches!(
            NhsNumber::parse(""),
            Err(IdError::NhsNumberDigitCount { found: 0, .. })
        ));
        assert!(matches!(
            NhsNumber::parse("943.476.5919"),
            Err(IdError::NhsNumberCharacter {
                position: 4,
                found: '.',
                ..
            })
        ));
    }

    #[test]
    fn nhs_number_separators_only_split_3_3_4() {
        assert_eq!(
            NhsNumber::parse("9434 76 5919").unwrap_err().to_string(),
            "NHS number 9434 76 5919: character 5 (' ') is a separator in the wrong place; a space or hyphen may only split the digits 3-3-4, as in 943 476 5919"
        );
        for (input, position) in [
            ("943  476 5919", 5),
            ("943 476 591 9", 12),
            ("-9434765919", 1),
            ("943--4765919", 5),
        ] {
            assert!(
                matches!(
                    NhsNumber::parse(input),
                    Err(IdError::NhsNumberSeparator { position: p, .. }) if p == position
                ),
                "{input}: {:?}",
                NhsNumber::parse(input)
            );
        }
    }

    #[test]
    fn nhs_number_from_first_nine() {
        assert_eq!(
            NhsNumber::from_first_nine("943476591").unwrap().as_str(),
            "9434765919"
        );
        // Remainder 0 gives check digit 0.
        assert_eq!(
            NhsNumber::from_first_nine("943476587").unwrap().as_str(),
            "9434765870"
        );
        assert_eq!(
            NhsNumber::from_first_nine("94347659")
                .unwrap_err()
                .to_string(),
            "first nine digits of an NHS number 94347659: should be 9 digits, found 8"
        );
        assert!(matches!(
            NhsNumber::from_first_nine("943 476 591"),
            Err(IdError::NhsNumberCharacter {
                position: 4,
                found: ' ',
                ..
            })
        ));
    }

    #[test]
    fn nhs_number_serde_round_trip() {
        let nhs = NhsNumber::parse("9434765919").unwrap();
        let json = serde_json::to_string(&nhs).unwrap();
        assert_eq!(json, "\"9434765919\"");
        assert_eq!(serde_json::from_str::<NhsNumber>(&json).unwrap(), nhs);
        assert_eq!(
            serde_json::from_str::<NhsNumber>("\"943 476 5919\"").unwrap(),
            nhs
        );
        let err = serde_json::from_str::<NhsNumber>("\"9434765918\"").unwrap_err();
        assert!(err.to_string().contains("check digit 9"), "{err}");
    }

    proptest! {
        #[test]
        fn nhs_from_first_nine_errors_or_round_trips(nine in "[0-9]{9}") {
            match NhsNumber::from_first_nine(&nine) {
                Ok(nhs) => {
                    prop_assert!(nhs.as_str().starts_with(&nine));
                    prop_assert_eq!(nhs.as_str().len(), 10);
                    prop_assert_eq!(NhsNumber::parse(nhs.as_str()), Ok(nhs.clone()));
                    prop_assert_eq!(NhsNumber::parse(&format!("{nhs}")), Ok(nhs.clone()));
                    let json = serde_json::to_string(&nhs).unwrap();
                    prop_assert_eq!(serde_json::from_str::<NhsNumber>(&json).unwrap(), nhs);
                }
                Err(err) => {
                    prop_assert_eq!(err, IdError::NhsNumberNoCheckDigit { first_nine: nine });
                }
            }
        }

        #[test]
        fn nhs_any_single_digit_change_is_caught(
            nine in "[0-9]{9}",
            index in 0usize..10,
            delta in 1u32..10,
        ) {
            if let Ok(nhs) = NhsNumber::from_first_nine(&nine) {
                let changed: String = nhs
                    .as_str()
                    .chars()
                    .enumerate()
                    .map(|(i, c)| {
                        let d = c.to_digit(10).unwrap();
                        let d = if i == index { (d + delta) % 10 } else { d };
                        char::from_digit(d, 10).unwrap()
                    })
                    .collect();
                prop_assert!(NhsNumber::parse(&changed).is_err(), "{changed}");
            }
        }
    }
}
