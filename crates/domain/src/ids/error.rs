//! The one error type every identifier parser returns, so a caller can
//! report any identifier problem the same way.

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

    /// A UPN body (for [`Upn::from_body`](super::Upn::from_body)) that is not
    /// 12 characters long.
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

    /// Input to [`NhsNumber::from_first_nine`](super::NhsNumber::from_first_nine)
    /// that is not nine digits.
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

    // ----- URN -----
    /// A school URN that is not six characters long.
    #[error("URN {urn}: should be 6 digits long, found {found} characters")]
    UrnLength { urn: String, found: usize },

    /// A school URN with a character that is not a digit.
    #[error("URN {urn}: character {position} should be a digit 0-9, found {found:?}")]
    UrnCharacter {
        urn: String,
        position: usize,
        found: char,
    },

    /// A school URN that starts with 0: the register numbers from 100000.
    #[error("URN {urn}: should be from 100000 to 999999 (the register does not start with 0)")]
    UrnLeadingZero { urn: String },

    // ----- Social Work England registration number -----
    /// A registration number that does not begin "SW".
    #[error("Social Work England number {number}: should begin SW")]
    SweNumberPrefix { number: String },

    /// A character after "SW" that is not a digit.
    #[error(
        "Social Work England number {number}: character {position} should be a digit 0-9, found {found:?}"
    )]
    SweNumberCharacter {
        number: String,
        position: usize,
        found: char,
    },

    /// No digits after "SW", or too many.
    #[error(
        "Social Work England number {number}: should be SW and 1 to 8 digits, found {found} digits"
    )]
    SweNumberLength { number: String, found: usize },
}
