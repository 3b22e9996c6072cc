//! A UK postcode, in the Royal Mail and BS 7666 formats, normalised to
//! `SW1A 1AA`.

use std::fmt;

use super::IdError;

/// Letters that never appear in an inward code (postcode format, Royal Mail
/// and the Government Data Standards Catalogue, BS 7666).
const INWARD_EXCLUDED_LETTERS: [char; 6] = ['C', 'I', 'K', 'M', 'O', 'V'];

/// A UK postcode, normalised to upper case with one space before the inward
/// code: `SW1A 1AA`.
///
/// The format (Royal Mail; Government Data Standards Catalogue, BS 7666),
/// with `A` a letter and `9` a digit:
///
/// - outward code: `A9`, `A99`, `AA9`, `AA99`, `A9A` or `AA9A`;
/// - inward code: `9AA`, where neither letter is C, I, K, M, O or V;
/// - and the special postcode `GIR 0AA`.
///
/// Input is case-insensitive, trimmed, and may have the space or not
/// (`sw1a1aa` parses). Not checked: the finer rules on which letters may
/// stand in each outward position, and whether the postcode exists.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Postcode(String);

impl Postcode {
    /// Parses a UK postcode.
    pub fn parse(input: &str) -> Result<Postcode, IdError> {
        let postcode = input.trim().to_ascii_uppercase();
        if postcode.is_empty() {
            return Err(IdError::PostcodeEmpty);
        }
        let parts: Vec<&str> = postcode.split_whitespace().collect();
        let (outward, inward): (Vec<char>, Vec<char>) = match parts.as_slice() {
            [compact] => {
                let chars: Vec<char> = compact.chars().collect();
                let found = chars.len();
                if !(5..=7).contains(&found) {
                    return Err(IdError::PostcodeLength { postcode, found });
                }
                let (outward, inward) = chars.split_at(found - 3);
                (outward.to_vec(), inward.to_vec())
            }
            [outward, inward] => {
                let outward: Vec<char> = outward.chars().collect();
                let inward: Vec<char> = inward.chars().collect();
                if !(2..=4).contains(&outward.len()) {
                    return Err(IdError::PostcodeOutwardLength {
                        found: outward.len(),
                        postcode,
                    });
                }
                if inward.len() != 3 {
                    return Err(IdError::PostcodeInwardLength {
                        found: inward.len(),
                        postcode,
                    });
                }
                (outward, inward)
            }
            _ => return Err(IdError::PostcodeSpacing { postcode }),
        };
        let outward: String = outward.into_iter().collect();
        let inward: String = inward.into_iter().collect();
        if outward == "GIR" && inward == "0AA" {
            return Ok(Postcode("GIR 0AA".to_owned()));
        }
        check_outward(&postcode, &outward)?;
        check_inward(&postcode, &inward)?;
        Ok(Postcode(format!("{outward} {inward}")))
    }

    /// The postcode as `OUTWARD INWARD`, e.g. `SW1A 1AA`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The outward code (before the space), e.g. `SW1A`.
    pub fn outward(&self) -> &str {
        self.0
            .split_once(' ')
            .map_or(self.0.as_str(), |(outward, _)| outward)
    }

    /// The inward code (after the space), e.g. `1AA`.
    pub fn inward(&self) -> &str {
        self.0.split_once(' ').map_or("", |(_, inward)| inward)
    }
}

/// Checks an upper-cased outward code of 2 to 4 characters against the
/// formats A9, A99, AA9, AA99, A9A and AA9A.
fn check_outward(postcode: &str, outward: &str) -> Result<(), IdError> {
    let letter = |c: char| c.is_ascii_uppercase();
    let digit = |c: char| c.is_ascii_digit();
    let length = outward.chars().count();
    let second_is_letter = outward.chars().nth(1).is_some_and(letter);
    for (position, c) in (1usize..).zip(outward.chars()) {
        let (ok, expected) = match (length, position) {
            (_, 1) => (letter(c), "a letter"),
            (2, _) => (digit(c), "a digit (two-character outward codes are A9)"),
            (3, 2) => (letter(c) || digit(c), "a letter or a digit"),
            (3, _) if second_is_letter => (
                digit(c),
                "a digit (three-character outward codes starting with two letters are AA9)",
            ),
            (3, _) => (letter(c) || digit(c), "a digit or a letter"),
            (_, 2) => (
                letter(c),
                "a letter (four-character outward codes are AA99 or AA9A)",
            ),
            (_, 3) => (
                digit(c),
                "a digit (four-character outward codes are AA99 or AA9A)",
            ),
            (_, _) => (letter(c) || digit(c), "a digit or a letter"),
        };
        if !ok {
            return Err(IdError::PostcodeOutwardCharacter {
                postcode: postcode.to_owned(),
                position,
                expected,
                found: c,
            });
        }
    }
    Ok(())
}

/// Checks an upper-cased inward code of 3 characters against the format 9AA
/// with neither letter one of C, I, K, M, O, V.
fn check_inward(postcode: &str, inward: &str) -> Result<(), IdError> {
    for (position, c) in (1usize..).zip(inward.chars()) {
        let (ok, expected) = if position == 1 {
            (c.is_ascii_digit(), "a digit")
        } else {
            (
                c.is_ascii_uppercase() && !INWARD_EXCLUDED_LETTERS.contains(&c),
                "a letter other than C, I, K, M, O and V",
            )
        };
        if !ok {
            return Err(IdError::PostcodeInwardCharacter {
                postcode: postcode.to_owned(),
                position,
                expected,
                found: c,
            });
        }
    }
    Ok(())
}

impl fmt::Display for Postcode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

string_newtype_impls!(Postcode);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn postcode_accepts_every_outward_format() {
        for (input, outward, inward) in [
            ("M1 1AE", "M1", "1AE"),     // A9
            ("B33 8TH", "B33", "8TH"),   // A99
            ("CR2 6XH", "CR2", "6XH"),   // AA9
            ("DN55 1PT", "DN55", "1PT"), // AA99
            ("W1A 0AX", "W1A", "0AX"),   // A9A
            ("EC1A 1BB", "EC1A", "1BB"), // AA9A
            ("GIR 0AA", "GIR", "0AA"),   // special
        ] {
            let postcode = Postcode::parse(input).unwrap();
            assert_eq!(postcode.as_str(), input);
            assert_eq!(postcode.outward(), outward);
            assert_eq!(postcode.inward(), inward);
            assert_eq!(postcode.to_string(), input);
        }
    }

    #[test]
    fn postcode_normalises_case_and_spacing() {
        for input in [
            "sw1a 1aa",
            "SW1A1AA",
            "  Sw1A   1aA ",
            "sw1a\t1aa",
            "gir0aa",
        ] {
            let postcode = Postcode::parse(input).unwrap();
            let expected = if input.to_ascii_uppercase().contains("GIR") {
                "GIR 0AA"
            } else {
                "SW1A 1AA"
            };
            assert_eq!(postcode.as_str(), expected, "{input}");
        }
    }

    #[test]
    fn postcode_lengths_and_spacing() {
        assert_eq!(Postcode::parse("  "), Err(IdError::PostcodeEmpty));
        assert_eq!(
            Postcode::parse("SW1").unwrap_err().to_string(),
            "postcode SW1: should be 5 to 7 letters and digits (an outward code of 2 to 4 and an inward code of 3), found 3"
        );
        assert!(matches!(
            Postcode::parse("SW1A11AA"),
            Err(IdError::PostcodeLength { found: 8, .. })
        ));
        assert_eq!(
            Postcode::parse("SW1 A 1AA").unwrap_err().to_string(),
            "postcode SW1 A 1AA: should have at most one space, between the outward and inward codes"
        );
        assert_eq!(
            Postcode::parse("SW1AB 1AA").unwrap_err().to_string(),
            "postcode SW1AB 1AA: the outward code (before the space) should be 2 to 4 characters, found 5"
        );
        assert_eq!(
            Postcode::parse("SW1A 1A").unwrap_err().to_string(),
            "postcode SW1A 1A: the inward code (after the space) should be 3 characters, found 2"
        );
    }

    #[test]
    fn postcode_outward_characters() {
        assert_eq!(
            Postcode::parse("1W1A 1AA").unwrap_err().to_string(),
            "postcode 1W1A 1AA: outward code character 1 should be a letter, found '1' (outward code formats A9, A99, AA9, AA99, A9A, AA9A)"
        );
        for (input, position) in [
            ("MA 1AE", 2),   // A9 only
            ("M1* 1AE", 3),  // A99 / A9A
            ("CRA 6XH", 3),  // AA9 only
            ("D5N5 1PT", 2), // AA99 / AA9A
            ("DNN5 1PT", 3),
            ("EC1* 1BB", 4),
            ("É1 1AA", 1),
        ] {
            assert!(
                matches!(
                    Postcode::parse(input),
                    Err(IdError::PostcodeOutwardCharacter { position: p, .. }) if p == position
                ),
                "{input}: {:?}",
                Postcode::parse(input)
            );
        }
        assert_eq!(
            Postcode::parse("D5N5 1PT").unwrap_err().to_string(),
            "postcode D5N5 1PT: outward code character 2 should be a letter (four-character outward codes are AA99 or AA9A), found '5' (outward code formats A9, A99, AA9, AA99, A9A, AA9A)"
        );
    }

    #[test]
    fn postcode_inward_characters() {
        assert_eq!(
            Postcode::parse("SW1A AAA").unwrap_err().to_string(),
            "postcode SW1A AAA: inward code character 1 should be a digit, found 'A' (inward code format 9AA)"
        );
        for letter in INWARD_EXCLUDED_LETTERS {
            let input = format!("SW1A 1A{letter}");
            assert_eq!(
                Postcode::parse(&input),
                Err(IdError::PostcodeInwardCharacter {
                    postcode: input.clone(),
                    position: 3,
                    expected: "a letter other than C, I, K, M, O and V",
                    found: letter
                })
            );
        }
        assert_eq!(
            Postcode::parse("sw1a 1ca").unwrap_err().to_string(),
            "postcode SW1A 1CA: inward code character 2 should be a letter other than C, I, K, M, O and V, found 'C' (inward code format 9AA)"
        );
        assert!(matches!(
            Postcode::parse("SW1A 111"),
            Err(IdError::PostcodeInwardCharacter {
                position: 2,
                found: '1',
                ..
            })
        ));
    }

    #[test]
    fn postcode_serde_round_trip() {
        let postcode = Postcode::parse("SW1A 1AA").unwrap();
        let json = serde_json::to_string(&postcode).unwrap();
        assert_eq!(json, "\"SW1A 1AA\"");
        assert_eq!(serde_json::from_str::<Postcode>(&json).unwrap(), postcode);
        assert_eq!(
            serde_json::from_str::<Postcode>("\"sw1a1aa\"").unwrap(),
            postcode
        );
        assert!(serde_json::from_str::<Postcode>("\"SW1A 1CA\"").is_err());
    }

    fn valid_postcode() -> impl Strategy<Value = (String, String)> {
        let outward = prop_oneof![
            "[A-Z][0-9]",
            "[A-Z][0-9]{2}",
            "[A-Z]{2}[0-9]",
            "[A-Z]{2}[0-9]{2}",
            "[A-Z][0-9][A-Z]",
            "[A-Z]{2}[0-9][A-Z]",
        ];
        (outward, "[0-9][ABD-HJLNP-UW-Z]{2}")
    }

    proptest! {
        #[test]
        fn postcode_valid_ones_parse_in_any_case_and_spacing(
            (outward, inward) in valid_postcode(),
            space in prop_oneof![Just(""), Just(" "), Just("   ")],
            lower in any::<bool>(),
        ) {
            let typed = format!("{outward}{space}{inward}");
            let typed = if lower { typed.to_ascii_lowercase() } else { typed };
            let postcode = Postcode::parse(&typed);
            prop_assert!(postcode.is_ok(), "{typed}: {postcode:?}");
            let postcode = postcode.unwrap();
            prop_assert_eq!(postcode.outward(), outward.as_str());
            prop_assert_eq!(postcode.inward(), inward.as_str());
            prop_assert_eq!(Postcode::parse(postcode.as_str()), Ok(postcode.clone()));
            let json = serde_json::to_string(&postcode).unwrap();
            prop_assert_eq!(serde_json::from_str::<Postcode>(&json).unwrap(), postcode);
        }
    }
}
