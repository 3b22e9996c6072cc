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
//! - [`Postcode`]: a UK postcode, normalised to `SW1A 1AA`.
//!
//! A failure is an [`IdError`]. Its message names the identifier, the value,
//! the character position that is wrong (counting from 1) and the rule
//! that is broken, e.g.
//! `UPN B801200005002: character 1 should be the check letter Q, found 'B' (CIN rule 1510)`.
//!
//! No function here panics, whatever its input. The property tests at the
//! bottom check this on arbitrary strings.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Why a string is not a valid identifier.
///
/// Positions are 1-based character positions. For UPN, NHS number and
/// postcode they count in the input after surrounding whitespace is trimmed.
/// A UPN or postcode is shown in upper case, which is how it is checked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    // ----- UPN -----
    /// A UPN that is not 13 characters long.
    #[error(
        "UPN {upn}: should be 13 characters long (a check letter and 12 characters), found {found}"
    )]
    UpnLength { upn: String, found: usize },

    /// A UPN body (for [`Upn::from_body`]) that is not 12 characters long.
    #[error(
        "UPN body {body}: should be 12 characters long (characters 2-13 of a UPN), found {found}"
    )]
    UpnBodyLength { body: String, found: usize },

    /// Character 1 is not the check letter computed from characters 2-13
    /// (rule 1510).
    #[error(
        "UPN {upn}: character 1 should be the check letter {expected}, found {found:?} (CIN rule 1510)"
    )]
    UpnCheckLetter {
        upn: String,
        expected: char,
        found: char,
    },

    /// One of characters 2-4 (the LA code) is not a digit (rule 1530).
    #[error(
        "UPN {upn}: character {position} should be a digit of the LA code in characters 2-4, found {found:?} (CIN rule 1530)"
    )]
    UpnLaCodeCharacter {
        upn: String,
        position: usize,
        found: char,
    },

    /// Characters 2-4 are digits but not a recognised LA or pseudo-LA code
    /// (rule 1530).
    #[error(
        "UPN {upn}: characters 2-4 ({code:03}) should be a recognised LA or pseudo-LA code (CIN rule 1530)"
    )]
    UpnUnknownLaCode { upn: String, code: u16 },

    /// One of characters 5-12 is not a digit (rule 1540).
    #[error(
        "UPN {upn}: character {position} should be a digit 0-9, found {found:?} (CIN rule 1540)"
    )]
    UpnNotNumeric {
        upn: String,
        position: usize,
        found: char,
    },

    /// Character 13 is neither a digit nor a letter A-Z other than I, O and
    /// S (rule 1550).
    #[error(
        "UPN {upn}: character 13 should be a digit 0-9 or a letter A-Z other than I, O and S, found {found:?} (CIN rule 1550)"
    )]
    UpnFinalCharacter { upn: String, found: char },

    // ----- LA child ID -----
    /// An empty LA child ID (`LAchildID` is required in the CIN census).
    #[error("LA child ID: should not be empty")]
    LaChildIdEmpty,

    /// An LA child ID longer than 20 characters (rule 1570).
    #[error(
        "LA child ID {id}: should be at most 20 characters long, found {found} (CIN rule 1570)"
    )]
    LaChildIdTooLong { id: String, found: usize },

    /// An LA child ID with a character that is not an ASCII letter or digit
    /// (rule 1580).
    #[error(
        "LA child ID {id}: character {position} should be a letter A-Z or a-z or a digit 0-9, found {found:?} (CIN rule 1580)"
    )]
    LaChildIdCharacter {
        id: String,
        position: usize,
        found: char,
    },

    // ----- NHS number -----
    /// A character that is neither a digit nor an allowed separator.
    #[error("NHS number {nhs}: character {position} should be a digit 0-9, found {found:?}")]
    NhsNumberCharacter {
        nhs: String,
        position: usize,
        found: char,
    },

    /// A space or hyphen that does not split the digits 3-3-4.
    #[error(
        "NHS number {nhs}: character {position} ({found:?}) is a separator in the wrong place; a space or hyphen may only split the digits 3-3-4, as in 943 476 5919"
    )]
    NhsNumberSeparator {
        nhs: String,
        position: usize,
        found: char,
    },

    /// Not exactly 10 digits.
    #[error("NHS number {nhs}: should have 10 digits, found {found}")]
    NhsNumberDigitCount { nhs: String, found: usize },

    /// The 10th digit is not the modulus 11 check digit of the first nine.
    #[error(
        "NHS number {nhs}: digit 10 should be the check digit {expected}, found {found} (modulus 11 check)"
    )]
    NhsNumberCheckDigit {
        nhs: String,
        expected: u8,
        found: u8,
    },

    /// The first nine digits give a modulus 11 check digit of 10, which no
    /// NHS number may have.
    #[error(
        "NHS number starting {first_nine}: the modulus 11 check digit of these nine digits would be 10, so no valid NHS number starts with them"
    )]
    NhsNumberNoCheckDigit { first_nine: String },

    /// Input to [`NhsNumber::from_first_nine`] that is not nine digits.
    #[error("first nine digits of an NHS number {digits}: should be 9 digits, found {found}")]
    NhsNumberFirstNineLength { digits: String, found: usize },

    // ----- Postcode -----
    /// An empty (or all-whitespace) postcode.
    #[error("postcode: should not be empty")]
    PostcodeEmpty,

    /// A postcode written without a space whose length is not 5 to 7.
    #[error(
        "postcode {postcode}: should be 5 to 7 letters and digits (an outward code of 2 to 4 and an inward code of 3), found {found}"
    )]
    PostcodeLength { postcode: String, found: usize },

    /// More than one space-separated part.
    #[error(
        "postcode {postcode}: should have at most one space, between the outward and inward codes"
    )]
    PostcodeSpacing { postcode: String },

    /// An outward code (before the space) that is not 2 to 4 characters.
    #[error(
        "postcode {postcode}: the outward code (before the space) should be 2 to 4 characters, found {found}"
    )]
    PostcodeOutwardLength { postcode: String, found: usize },

    /// An inward code (after the space) that is not 3 characters.
    #[error(
        "postcode {postcode}: the inward code (after the space) should be 3 characters, found {found}"
    )]
    PostcodeInwardLength { postcode: String, found: usize },

    /// A wrong character in the outward code.
    #[error(
        "postcode {postcode}: outward code character {position} should be {expected}, found {found:?} (outward code formats A9, A99, AA9, AA99, A9A, AA9A)"
    )]
    PostcodeOutwardCharacter {
        postcode: String,
        position: usize,
        expected: &'static str,
        found: char,
    },

    /// A wrong character in the inward code.
    #[error(
        "postcode {postcode}: inward code character {position} should be {expected}, found {found:?} (inward code format 9AA)"
    )]
    PostcodeInwardCharacter {
        postcode: String,
        position: usize,
        expected: &'static str,
        found: char,
    },
}

/// `FromStr`, `TryFrom`, `AsRef<str>`, `From<T> for String` and serde (as a
/// string that goes through `parse`) for a newtype over a `String` with
/// `parse` and `as_str`.
macro_rules! string_newtype_impls {
    ($ty:ident) => {
        impl FromStr for $ty {
            type Err = IdError;

            fn from_str(s: &str) -> Result<Self, IdError> {
                Self::parse(s)
            }
        }

        impl TryFrom<&str> for $ty {
            type Error = IdError;

            fn try_from(s: &str) -> Result<Self, IdError> {
                Self::parse(s)
            }
        }

        impl TryFrom<String> for $ty {
            type Error = IdError;

            fn try_from(s: String) -> Result<Self, IdError> {
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

        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let s = String::deserialize(deserializer)?;
                Self::parse(&s).map_err(serde::de::Error::custom)
            }
        }
    };
}

// ===========================================================================
// UPN
// ===========================================================================

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
/// without 942 and 943). The rule text is also in
/// `shared/reference/cin-census/rules_logic.md`.
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

// ===========================================================================
// LA child ID
// ===========================================================================

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

// ===========================================================================
// NHS number
// ===========================================================================

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

// ===========================================================================
// Postcode
// ===========================================================================

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

// ===========================================================================
// Tests
// ===========================================================================

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    // ----- UPN -----

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

    // ----- LA child ID -----

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

    // ----- NHS number -----

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

    // ----- Postcode -----

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

    // ----- Properties -----

    /// Runs every parser on `s`; none may panic.
    fn parse_everything(s: &str) {
        let _ = Upn::parse(s);
        let _ = Upn::from_body(s);
        let _ = LaChildId::parse(s);
        let _ = NhsNumber::parse(s);
        let _ = NhsNumber::from_first_nine(s);
        let _ = Postcode::parse(s);
        let _ = s.parse::<Upn>().map(|v| v.to_string());
        let _ = s.parse::<NhsNumber>().map(|v| v.to_string());
        let _ = s
            .parse::<Postcode>()
            .map(|v| (v.outward().len(), v.inward().len()));
        let _ = serde_json::from_value::<Upn>(serde_json::Value::String(s.to_owned()));
    }

    fn valid_upn_body() -> impl Strategy<Value = String> {
        (
            proptest::sample::select(UPN_LA_CODES),
            "[0-9]{8}",
            "[0-9A-HJ-NP-RT-Z]",
        )
            .prop_map(|(la, middle, last)| format!("{la:03}{middle}{last}"))
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
        fn arbitrary_strings_never_panic(s in any::<String>()) {
            parse_everything(&s);
        }

        #[test]
        fn near_miss_strings_never_panic(s in "[0-9A-Za-z ?\\-éI]{0,16}") {
            parse_everything(&s);
        }

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

        #[test]
        fn la_child_id_valid_ones_round_trip(id in "[A-Za-z0-9]{1,20}") {
            let parsed = LaChildId::parse(&id);
            prop_assert_eq!(parsed.as_ref().map(LaChildId::as_str), Ok(id.as_str()));
        }
    }
}
