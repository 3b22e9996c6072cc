//! The Unique Pupil Number (UPN), checked by the CIN census validation
//! rules 1510, 1530, 1540 and 1550.

use std::fmt;

use super::IdError;

/// The LA codes and pseudo-LA codes that CIN rule 1530 accepts in characters
/// 2-4 of a UPN, in ascending order (1 is `001`).
///
/// Rule 1530: "characters 2-4 of `<UPN>` must be a valid post April 1998 LA
/// code or a recognised 'pseudo LA' code 001-005, 201-213, 301-320, 330-336,
/// 340-344, 350-359, 370-373, 380-384, 390-394, 420, 660-681, 701-708,
/// 800-803, 805-808, 810-813, 815, 816, 820-823, 825, 826, 830, 831,
/// 835-837, 838-839, 840, 841, 845, 846, 850-852, 855-857, 860, 861,
/// 865-896, 908, 909, 916, 919, 921, 925, 926, 928, 929, 931, 933, 935-938,
/// 940-941", plus 942 and 943, added for 2023-24.
///
/// Source: the data-to-insight CIN validator, repository
/// `data-to-insight/csc-validator-be-cin`, file
/// `cin_validator/rules/cin2023_24/rule_1530.py` (the 2024-25 and 2025-26
/// rule sets inherit it unchanged; `cin2022_23/rule_1530.py` is the same list
/// without 942 and 943). The rule text is also in the DfE's published CIN
/// census validation rules for each collection year.
pub const UPN_LA_CODES: &[u16] = &[
    1, 2, 3, 4, 5, //
    201, 202, 203, 204, 205, 206, 207, 208, 209, 210, 211, 212, 213, //
    301, 302, 303, 304, 305, 306, 307, 308, 309, 310, 311, 312, 313, 314, 315, 316, 317, 318, 319,
    320, //
    330, 331, 332, 333, 334, 335, 336, //
    340, 341, 342, 343, 344, //
    350, 351, 352, 353, 354, 355, 356, 357, 358, 359, //
    370, 371, 372, 373, //
    380, 381, 382, 383, 384, //
    390, 391, 392, 393, 394, //
    420, //
    660, 661, 662, 663, 664, 665, 666, 667, 668, 669, 670, 671, 672, 673, 674, 675, 676, 677, 678,
    679, 680, 681, //
    701, 702, 703, 704, 705, 706, 707, 708, //
    800, 801, 802, 803, 805, 806, 807, 808, 810, 811, 812, 813, 815, 816, //
    820, 821, 822, 823, 825, 826, 830, 831, //
    835, 836, 837, 838, 839, 840, 841, 845, 846, //
    850, 851, 852, 855, 856, 857, 860, 861, //
    865, 866, 867, 868, 869, 870, 871, 872, 873, 874, 875, 876, 877, 878, 879, 880, 881, 882, 883,
    884, 885, 886, 887, 888, 889, 890, 891, 892, 893, 894, 895, 896, //
    908, 909, 916, 919, 921, 925, 926, 928, 929, 931, 933, //
    935, 936, 937, 938, 940, 941, 942, 943,
];

/// The UPN check letters in value order: A = 0, B = 1, ... H = 7, J = 8, ...
/// N = 12, P = 13, ... R = 15, T = 16, ... Z = 22 (A-Z without I, O and S).
///
/// The same table turns a letter in character 13 (a temporary UPN) into a
/// number before the check letter is computed (DfE, "Unique Pupil Numbers
/// (UPN): a guide for schools and local authorities", check letter
/// calculation).
const CHECK_LETTERS: [char; 23] = [
    'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'J', 'K', 'L', 'M', 'N', 'P', 'Q', 'R', 'T', 'U', 'V',
    'W', 'X', 'Y', 'Z',
];

/// A Unique Pupil Number: the DfE's 13-character pupil identifier (CIN
/// census item N00001).
///
/// Layout (DfE UPN guide): character 1 is a check letter; 2-4 the LA code of
/// the authority that issued it; 5-8 the issuing school's DfE establishment
/// number; 9-10 the year of issue; 11-13 a serial number. A *temporary* UPN
/// ends in a letter instead of a digit.
///
/// [`Upn::parse`] implements these CIN census validation rules, checked in
/// this order (the first failure is reported):
///
/// 1. 13 characters (the shape every UPN rule assumes; the XSD's `upntype` is
///    `[A-Za-z]\d{11}(\d|[A-Za-z])`);
/// 2. **1530**, first part: characters 2-4 are digits;
/// 3. **1540**: characters 5-12 are numeric;
/// 4. **1550**: character 13 is a digit or a letter A-Z other than I, O, S;
/// 5. **1510**: character 1 is the check letter computed from characters
///    2-13 (see [`Upn::from_body`] for the algorithm);
/// 6. **1530**, second part: characters 2-4 are an LA code or pseudo-LA code
///    in [`UPN_LA_CODES`].
///
/// The check letter comes before the LA list because a wrong check letter
/// means a mistyped UPN, while a right check letter with an unlisted LA code
/// points at the list.
///
/// Not checked here: **1520** (no two children share a UPN) needs the whole
/// return. **1560Q** (query) is about the *former* UPN (N00002): "where
/// present should be in the correct format"; the validator checks it is 13
/// characters, a letter and then 12 digits, so a temporary UPN given as a
/// former UPN is queried. A former UPN that passes [`Upn::parse`] and is not
/// [`Upn::is_temporary`] passes 1560Q.
///
/// Input is trimmed of surrounding whitespace and upper-cased, so
/// `" b801200005001"` parses as `B801200005001`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Upn(String);

impl Upn {
    /// Parses a UPN, checking CIN rules 1510, 1530, 1540 and 1550 (see the
    /// type's documentation for the order).
    pub fn parse(input: &str) -> Result<Upn, IdError> {
        let upn = input.trim().to_ascii_uppercase();
        let chars: Vec<char> = upn.chars().collect();
        let found = chars.len();
        let Ok([first, body @ ..]) = <[char; 13]>::try_from(chars) else {
            return Err(IdError::UpnLength { upn, found });
        };
        let expected = check_upn_body(&upn, &body)?;
        if first != expected {
            return Err(IdError::UpnCheckLetter {
                upn,
                expected,
                found: first,
            });
        }
        check_upn_la_code(&upn, &body)?;
        Ok(Upn(upn))
    }

    /// Builds a UPN from its last 12 characters (characters 2-13) by
    /// computing the check letter. For generating synthetic data.
    ///
    /// The body must pass rules 1530, 1540 and 1550 as in [`Upn::parse`].
    /// In errors, the missing check letter is shown as `?` and positions are
    /// UPN positions (the body's first character is character 2).
    ///
    /// The check letter (rule 1510; DfE UPN guide; the same algorithm as
    /// `cin_validator/rules/cin2022_23/rule_1510.py` in
    /// `data-to-insight/csc-validator-be-cin`):
    ///
    /// 1. give each of characters 2-13 a value: a digit its own value; a
    ///    letter in character 13 its place in the check-letter table
    ///    A = 0, B = 1, ... Z = 22, leaving out I, O and S;
    /// 2. multiply the value of character *n* by the weight *n* (2 to 13)
    ///    and add the products;
    /// 3. divide the sum by 23; the remainder, looked up in the same table,
    ///    is the check letter.
    pub fn from_body(body: &str) -> Result<Upn, IdError> {
        let body = body.trim().to_ascii_uppercase();
        let chars: Vec<char> = body.chars().collect();
        let found = chars.len();
        let Ok(chars) = <[char; 12]>::try_from(chars) else {
            return Err(IdError::UpnBodyLength { body, found });
        };
        let shown = format!("?{body}");
        let check = check_upn_body(&shown, &chars)?;
        check_upn_la_code(&shown, &chars)?;
        Ok(Upn(format!("{check}{body}")))
    }

    /// The UPN as 13 upper-case characters.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Character 1: the check letter.
    pub fn check_letter(&self) -> char {
        self.0.chars().next().unwrap_or('A')
    }

    /// Characters 2-4: the LA (or pseudo-LA) code, one of [`UPN_LA_CODES`].
    pub fn la_code(&self) -> u16 {
        self.0
            .chars()
            .skip(1)
            .take(3)
            .filter_map(|c| c.to_digit(10))
            .fold(0, |code, digit| code * 10 + digit as u16)
    }

    /// Whether this is a temporary UPN: one whose character 13 is a letter
    /// (DfE UPN guide).
    pub fn is_temporary(&self) -> bool {
        self.0
            .chars()
            .last()
            .is_some_and(|c| c.is_ascii_uppercase())
    }
}

/// Checks characters 2-13 of a UPN (given as `body`, already upper-cased)
/// against rules 1530 (digits only), 1540 and 1550, and returns the check
/// letter they call for (rule 1510). `upn` is the value shown in errors.
fn check_upn_body(upn: &str, body: &[char; 12]) -> Result<char, IdError> {
    let mut sum: u32 = 0;
    for (position, &c) in (2usize..).zip(body.iter()) {
        let value = match position {
            2..=4 => c.to_digit(10).ok_or_else(|| IdError::UpnLaCodeCharacter {
                upn: upn.to_owned(),
                position,
                found: c,
            })?,
            5..=12 => c.to_digit(10).ok_or_else(|| IdError::UpnNotNumeric {
                upn: upn.to_owned(),
                position,
                found: c,
            })?,
            _ => upn_final_character_value(c).ok_or_else(|| IdError::UpnFinalCharacter {
                upn: upn.to_owned(),
                found: c,
            })?,
        };
        sum += value * position as u32;
    }
    Ok(CHECK_LETTERS[(sum % 23) as usize])
}

/// The value of character 13 in the check-letter sum: a digit's own value, or
/// a letter's place in [`CHECK_LETTERS`]; `None` if rule 1550 forbids it.
fn upn_final_character_value(c: char) -> Option<u32> {
    c.to_digit(10).or_else(|| {
        CHECK_LETTERS
            .iter()
            .position(|&letter| letter == c)
            .map(|index| index as u32)
    })
}

/// Rule 1530, second part: characters 2-4 (all digits, already checked) are
/// in [`UPN_LA_CODES`].
fn check_upn_la_code(upn: &str, body: &[char; 12]) -> Result<(), IdError> {
    let code = body
        .iter()
        .take(3)
        .filter_map(|c| c.to_digit(10))
        .fold(0u16, |code, digit| code * 10 + digit as u16);
    if UPN_LA_CODES.binary_search(&code).is_ok() {
        Ok(())
    } else {
        Err(IdError::UpnUnknownLaCode {
            upn: upn.to_owned(),
            code,
        })
    }
}

impl fmt::Display for Upn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

string_newtype_impls!(Upn);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Valid UPNs. `B801200005001` is python-stdnum's documented example;
    /// `X845212818005` passes the validator's rule 1510 test; the rest were
    /// worked by hand (temporary UPNs end in a letter).
    const VALID_UPNS: &[&str] = &[
        "B801200005001",
        "X845212818005",
        "M80120000500A",
        "V93612345678Z",
        "R20100000000X",
        "E00100000000A",
        "Z94300178301Z",
        "Z810123456780",
    ];

    #[test]
    fn upn_accepts_valid_examples() {
        for upn in VALID_UPNS {
            let parsed = Upn::parse(upn);
            assert_eq!(parsed.as_ref().map(Upn::as_str), Ok(*upn), "{upn}");
        }
    }

    #[test]
    fn upn_normalises_case_and_whitespace() {
        let upn = Upn::parse("  b801200005001\n").unwrap();
        assert_eq!(upn.as_str(), "B801200005001");
        assert_eq!(
            Upn::parse("m80120000500a").unwrap().as_str(),
            "M80120000500A"
        );
    }

    #[test]
    fn upn_accessors() {
        let upn = Upn::parse("B801200005001").unwrap();
        assert_eq!(upn.check_letter(), 'B');
        assert_eq!(upn.la_code(), 801);
        assert!(!upn.is_temporary());
        assert_eq!(upn.to_string(), "B801200005001");

        let temporary = Upn::parse("M80120000500A").unwrap();
        assert!(temporary.is_temporary());

        assert_eq!(Upn::parse("E00100000000A").unwrap().la_code(), 1);
    }

    #[test]
    fn upn_length_is_checked() {
        for (input, found) in [("", 0), ("B80120000500", 12), ("B8012000050011", 14)] {
            assert_eq!(
                Upn::parse(input),
                Err(IdError::UpnLength {
                    upn: input.to_owned(),
                    found
                })
            );
        }
        assert_eq!(
            Upn::parse("R325").unwrap_err().to_string(),
            "UPN R325: should be 13 characters long (a check letter and 12 characters), found 4"
        );
        // Characters, not bytes: 13 characters with a multi-byte one is a
        // character error, not a length error.
        assert!(matches!(
            Upn::parse("B80120000500é"),
            Err(IdError::UpnFinalCharacter { found: 'é', .. })
        ));
    }

    /// Rule 1510: the validator's own failing examples.
    #[test]
    fn upn_rule_1510_wrong_check_letter() {
        assert_eq!(
            Upn::parse("R247962919251"),
            Err(IdError::UpnCheckLetter {
                upn: "R247962919251".to_owned(),
                expected: 'Q',
                found: 'R'
            })
        );
        assert_eq!(
            Upn::parse("X428558133462").unwrap_err().to_string(),
            "UPN X428558133462: character 1 should be the check letter W, found 'X' (CIN rule 1510)"
        );
        // A digit, or a letter never used as a check letter, in position 1.
        assert!(matches!(
            Upn::parse("1801200005001"),
            Err(IdError::UpnCheckLetter {
                expected: 'B',
                found: '1',
                ..
            })
        ));
        assert!(matches!(
            Upn::parse("I801200005001"),
            Err(IdError::UpnCheckLetter {
                expected: 'B',
                found: 'I',
                ..
            })
        ));
    }

    #[test]
    fn upn_rule_1510_catches_a_changed_digit() {
        assert_eq!(
            Upn::parse("B801200005002").unwrap_err().to_string(),
            "UPN B801200005002: character 1 should be the check letter Q, found 'B' (CIN rule 1510)"
        );
    }

    #[test]
    fn upn_rule_1510_maps_a_final_letter_through_the_table() {
        // Same digits, final A (value 0) and final B (value 1): the sums
        // differ by 1 x weight 13, so the check letter moves 13 places on,
        // from M (11) to B (24 mod 23 = 1).
        assert_eq!(Upn::parse("M80120000500A").unwrap().check_letter(), 'M');
        assert!(matches!(
            Upn::parse("M80120000500B"),
            Err(IdError::UpnCheckLetter { expected: 'B', .. })
        ));
        assert_eq!(
            Upn::parse("B80120000500B").unwrap().as_str(),
            "B80120000500B"
        );
    }

    #[test]
    fn upn_rule_1530_la_code_characters() {
        assert_eq!(
            Upn::parse("B8X1200005001").unwrap_err().to_string(),
            "UPN B8X1200005001: character 3 should be a digit of the LA code in characters 2-4, found 'X' (CIN rule 1530)"
        );
        assert!(matches!(
            Upn::parse("ASFFAGSVSV123"),
            Err(IdError::UpnLaCodeCharacter {
                position: 2,
                found: 'S',
                ..
            })
        ));
    }

    #[test]
    fn upn_rule_1530_unknown_la_codes() {
        // 950 and 243 are not LA codes, though these pass rule 1510 (the
        // validator's rule 1510 test uses them).
        assert_eq!(
            Upn::parse("A950000178301").unwrap_err().to_string(),
            "UPN A950000178301: characters 2-4 (950) should be a recognised LA or pseudo-LA code (CIN rule 1530)"
        );
        assert_eq!(
            Upn::parse("H243278544154"),
            Err(IdError::UpnUnknownLaCode {
                upn: "H243278544154".to_owned(),
                code: 243
            })
        );
        // 000, 006, 200, 804, 944: just outside listed ranges.
        for code in ["000", "006", "200", "804", "944", "999"] {
            let upn = Upn::from_body(&format!("{code}000000001"));
            assert!(
                matches!(upn, Err(IdError::UpnUnknownLaCode { .. })),
                "{code}: {upn:?}"
            );
        }
        // The pseudo-LA codes 001-005 and the 2023-24 additions 942-943.
        for code in ["001", "005", "942", "943", "420", "681"] {
            assert!(
                Upn::from_body(&format!("{code}000000001")).is_ok(),
                "{code}"
            );
        }
    }

    #[test]
    fn upn_rule_1530_reports_the_code_with_leading_zeros() {
        assert_eq!(
            Upn::from_body("006000000001").unwrap_err().to_string(),
            "UPN ?006000000001: characters 2-4 (006) should be a recognised LA or pseudo-LA code (CIN rule 1530)"
        );
    }

    #[test]
    fn upn_rule_1540_characters_5_to_12() {
        assert_eq!(
            Upn::parse("X0000y0000000").unwrap_err().to_string(),
            "UPN X0000Y0000000: character 6 should be a digit 0-9, found 'Y' (CIN rule 1540)"
        );
        assert!(matches!(
            Upn::parse("X80120000A001"),
            Err(IdError::UpnNotNumeric {
                position: 10,
                found: 'A',
                ..
            })
        ));
        assert!(matches!(
            Upn::parse("B80120000500 1"),
            Err(IdError::UpnLength { found: 14, .. })
        ));
        assert!(matches!(
            Upn::parse("B8012000050 1"),
            Err(IdError::UpnNotNumeric {
                position: 12,
                found: ' ',
                ..
            })
        ));
    }

    #[test]
    fn upn_rule_1550_character_13() {
        for bad in ['I', 'O', 'S', '-', '*'] {
            let input = format!("A80120000500{bad}");
            assert_eq!(
                Upn::parse(&input),
                Err(IdError::UpnFinalCharacter {
                    upn: input.clone(),
                    found: bad
                })
            );
        }
        assert_eq!(
            Upn::parse("A80120000500O").unwrap_err().to_string(),
            "UPN A80120000500O: character 13 should be a digit 0-9 or a letter A-Z other than I, O and S, found 'O' (CIN rule 1550)"
        );
    }

    #[test]
    fn upn_from_body_computes_the_check_letter() {
        for upn in VALID_UPNS {
            let body: String = upn.chars().skip(1).collect();
            assert_eq!(Upn::from_body(&body).unwrap().as_str(), *upn);
        }
        assert_eq!(
            Upn::from_body("80120000500a").unwrap().as_str(),
            "M80120000500A"
        );
    }

    #[test]
    fn upn_from_body_errors() {
        assert_eq!(
            Upn::from_body("8012000050011").unwrap_err().to_string(),
            "UPN body 8012000050011: should be 12 characters long (characters 2-13 of a UPN), found 13"
        );
        assert_eq!(
            Upn::from_body("801200005X01").unwrap_err().to_string(),
            "UPN ?801200005X01: character 11 should be a digit 0-9, found 'X' (CIN rule 1540)"
        );
        assert!(matches!(
            Upn::from_body("80120000500S"),
            Err(IdError::UpnFinalCharacter { found: 'S', .. })
        ));
    }

    #[test]
    fn upn_la_code_list_is_sorted_and_matches_the_rule_text() {
        assert!(UPN_LA_CODES.windows(2).all(|w| w[0] < w[1]));
        // The ranges of rule 1530, plus 942-943 from 2023-24.
        let ranges: &[(u16, u16)] = &[
            (1, 5),
            (201, 213),
            (301, 320),
            (330, 336),
            (340, 344),
            (350, 359),
            (370, 373),
            (380, 384),
            (390, 394),
            (420, 420),
            (660, 681),
            (701, 708),
            (800, 803),
            (805, 808),
            (810, 813),
            (815, 816),
            (820, 823),
            (825, 826),
            (830, 831),
            (835, 839),
            (840, 841),
            (845, 846),
            (850, 852),
            (855, 857),
            (860, 861),
            (865, 896),
            (908, 909),
            (916, 916),
            (919, 919),
            (921, 921),
            (925, 926),
            (928, 929),
            (931, 931),
            (933, 933),
            (935, 938),
            (940, 943),
        ];
        let expanded: Vec<u16> = ranges.iter().flat_map(|&(a, b)| a..=b).collect();
        assert_eq!(UPN_LA_CODES, expanded.as_slice());
        assert_eq!(UPN_LA_CODES.len(), 195);
    }

    #[test]
    fn upn_serde_round_trip() {
        let upn = Upn::parse("B801200005001").unwrap();
        let json = serde_json::to_string(&upn).unwrap();
        assert_eq!(json, "\"B801200005001\"");
        assert_eq!(serde_json::from_str::<Upn>(&json).unwrap(), upn);
        // Deserialising goes through parse: normalises, and rejects.
        assert_eq!(
            serde_json::from_str::<Upn>("\"b801200005001\"").unwrap(),
            upn
        );
        let err = serde_json::from_str::<Upn>("\"A801200005001\"").unwrap_err();
        assert!(err.to_string().contains("check letter B"), "{err}");
        assert!(serde_json::from_str::<Upn>("12").is_err());
    }

    #[test]
    fn upn_from_str_and_try_from() {
        let upn: Upn = "B801200005001".parse().unwrap();
        assert_eq!(Upn::try_from("B801200005001"), Ok(upn.clone()));
        assert_eq!(Upn::try_from("B801200005001".to_owned()), Ok(upn.clone()));
        assert_eq!(String::from(upn), "B801200005001");
    }

    fn valid_upn_body() -> impl Strategy<Value = String> {
        (
            proptest::sample::select(UPN_LA_CODES),
            "[0-9]{8}",
            "[0-9A-HJ-NP-RT-Z]",
        )
            .prop_map(|(la, middle, last)| format!("{la:03}{middle}{last}"))
    }

    proptest! {
        #[test]
        fn upn_from_body_on_valid_bodies_always_parses(body in valid_upn_body()) {
            let upn = Upn::from_body(&body);
            prop_assert!(upn.is_ok(), "{body}: {upn:?}");
            let upn = upn.unwrap();
            prop_assert_eq!(upn.as_str().get(1..), Some(body.as_str()));
            prop_assert_eq!(Upn::parse(upn.as_str()), Ok(upn.clone()));
            let json = serde_json::to_string(&upn).unwrap();
            prop_assert_eq!(serde_json::from_str::<Upn>(&json).unwrap(), upn);
        }

        #[test]
        fn upn_any_other_check_letter_is_rejected(body in valid_upn_body(), letter in "[A-Z]") {
            let upn = Upn::from_body(&body).unwrap();
            let candidate = format!("{letter}{body}");
            if letter.starts_with(upn.check_letter()) {
                prop_assert_eq!(Upn::parse(&candidate), Ok(upn));
            } else {
                let is_check_letter_error = matches!(
                    Upn::parse(&candidate),
                    Err(IdError::UpnCheckLetter { .. })
                );
                prop_assert!(is_check_letter_error);
            }
        }
    }
}
