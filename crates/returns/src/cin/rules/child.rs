//! Rules on the header and the child's identity and characteristics:
//! `ReferenceDate`, `LAchildID`, `UPN`, dates of birth and death, `Sex`,
//! `Ethnicity`, `Disability`.

use std::collections::HashMap;

use jiff::civil::{Date, date};

use super::{Census, Faults, ReturnFaults, day, episodes, is_no, is_yes};
use crate::Field;
use crate::cin::model::{Child, Disability, Sex, UpnUnknown};

/// A date moved by whole years, months and days (clamped at month ends).
pub(crate) fn shift(date: Date, years: i16, months: i8, days: i32) -> Date {
    let span = jiff::Span::new()
        .years(i64::from(years))
        .months(i64::from(months))
        .days(i64::from(days));
    date.saturating_add(span)
}

fn faults(fault: bool, fields: &[&'static str]) -> Faults {
    if fault { fields.to_vec() } else { Vec::new() }
}

/// 100: the header's `ReferenceDate` must be the collection year's 31 March,
/// and the 31 March of the header's `Year` (the community validator checks
/// the second only, as it knows the year from the file alone).
pub fn r100(census: &Census<'_>) -> ReturnFaults {
    let details = census
        .file
        .header
        .as_ref()
        .and_then(|header| header.collection_details.as_ref());
    let year_end = details
        .and_then(|details| details.year.valid())
        .map(|year| date(*year, 3, 31));
    let given = census.file.reference_date();
    if given == Some(census.reference) && year_end.is_none_or(|end| Some(end) == given) {
        Vec::new()
    } else {
        vec![(None, "ReferenceDate")]
    }
}

/// The UPN as written, when it was given.
fn upn(child: &Child) -> Option<&str> {
    child.identifiers.upn.valid().map(String::as_str)
}

/// The check letter of a UPN's last twelve characters, all digits: the
/// weighted sum (weights 2 to 13) modulo 23, lettered without I, O and S.
fn check_letter(digits: &[u8]) -> Option<u8> {
    const LETTERS: &[u8; 23] = b"ABCDEFGHJKLMNPQRTUVWXYZ";
    let mut sum = 0u32;
    for (index, byte) in digits.iter().enumerate() {
        if !byte.is_ascii_digit() {
            return None;
        }
        sum += u32::from(byte - b'0') * (index as u32 + 2);
    }
    LETTERS.get((sum % 23) as usize).copied()
}

/// 1510: a UPN of thirteen characters whose last twelve are digits must
/// start with its check letter.
pub fn r1510(_: &Census<'_>, child: &Child) -> Faults {
    let wrong = upn(child).is_some_and(|upn| {
        let bytes = upn.as_bytes();
        bytes.len() == 13 && check_letter(&bytes[1..]).is_some_and(|letter| letter != bytes[0])
    });
    faults(wrong, &["UPN"])
}

/// 1520: no two children may share a UPN.
pub fn r1520(census: &Census<'_>) -> ReturnFaults {
    duplicates(census, |child| upn(child).map(str::to_owned), "UPN")
}

/// 8510: no two children may share an `LAchildID`.
pub fn r8510(census: &Census<'_>) -> ReturnFaults {
    duplicates(
        census,
        |child| child.identifiers.la_child_id.valid().cloned(),
        "LAchildID",
    )
}

fn duplicates(
    census: &Census<'_>,
    key: impl Fn(&Child) -> Option<String>,
    field: &'static str,
) -> ReturnFaults {
    let mut seen: HashMap<String, Vec<usize>> = HashMap::new();
    for (index, child) in census.file.children.iter().enumerate() {
        if let Some(key) = key(child) {
            seen.entry(key).or_default().push(index);
        }
    }
    seen.into_values()
        .filter(|indices| indices.len() > 1)
        .flatten()
        .map(|index| (Some(index), field))
        .collect()
}

/// Whether a number is a local authority code or a pseudo code the DfE
/// allows in characters 2-4 of a UPN: rule 1530's list as updated for
/// 2023-24, the one list the UPN type checks too.
fn is_upn_la_code(code: u16) -> bool {
    hearth_domain::ids::UPN_LA_CODES
        .binary_search(&code)
        .is_ok()
}

/// 1530: characters 2-4 of a thirteen-character UPN must be a recognised
/// local authority code.
pub fn r1530(_: &Census<'_>, child: &Child) -> Faults {
    let wrong = upn(child).is_some_and(|upn| {
        let bytes = upn.as_bytes();
        bytes.len() == 13
            && !(bytes[1..4].iter().all(u8::is_ascii_digit)
                && upn
                    .get(1..4)
                    .and_then(|code| code.parse().ok())
                    .is_some_and(is_upn_la_code))
    });
    faults(wrong, &["UPN"])
}

/// 1540: characters 5-12 of a UPN must be digits.
pub fn r1540(_: &Census<'_>, child: &Child) -> Faults {
    let wrong = upn(child).is_some_and(|upn| {
        let middle: Vec<char> = upn.chars().skip(4).take(8).collect();
        middle.is_empty() || !middle.iter().all(char::is_ascii_digit)
    });
    faults(wrong, &["UPN"])
}

/// 1550: character 13 of a thirteen-character UPN must be a digit or a
/// capital letter other than I, O and S.
pub fn r1550(_: &Census<'_>, child: &Child) -> Faults {
    let wrong = upn(child).is_some_and(|upn| {
        let bytes = upn.as_bytes();
        bytes.len() == 13 && {
            let last = bytes[12];
            !(last.is_ascii_digit() || (last.is_ascii_uppercase() && !b"IOS".contains(&last)))
        }
    });
    faults(wrong, &["UPN"])
}

/// 1560Q: a former UPN should be a letter and twelve digits.
pub fn r1560q(_: &Census<'_>, child: &Child) -> Faults {
    let wrong = child.identifiers.former_upn.valid().is_some_and(|former| {
        let chars: Vec<char> = former.chars().collect();
        chars.len() != 13
            || !chars[0].is_alphabetic()
            || !chars[1..].iter().all(char::is_ascii_digit)
    });
    faults(wrong, &["FormerUPN"])
}

/// 1570: `LAchildID` at most 20 characters.
pub fn r1570(_: &Census<'_>, child: &Child) -> Faults {
    let wrong = child
        .identifiers
        .la_child_id
        .valid()
        .is_some_and(|id| id.chars().count() > 20);
    faults(wrong, &["LAchildID"])
}

/// 1580: `LAchildID` letters and digits only.
pub fn r1580(_: &Census<'_>, child: &Child) -> Faults {
    let wrong = child
        .identifiers
        .la_child_id
        .valid()
        .is_some_and(|id| !id.chars().all(char::is_alphanumeric));
    faults(wrong, &["LAchildID"])
}

/// 2886Q: more than 2% of children other than the unborn have no sex
/// recorded (missing, or `U`). A finding about the return, not a child.
pub fn r2886q(census: &Census<'_>) -> ReturnFaults {
    let children = &census.file.children;
    let unrecorded = children
        .iter()
        .filter(|child| {
            let ids = &child.identifiers;
            (ids.sex.is_missing() || ids.sex.valid() == Some(&Sex::U))
                && ids.expected_person_birth_date.is_missing()
        })
        .count();
    if children.is_empty() || unrecorded * 50 <= children.len() {
        Vec::new()
    } else {
        vec![(None, "Sex")]
    }
}

/// Children's valid disability codes other than `NONE`.
fn disabilities(child: &Child) -> impl Iterator<Item = Disability> + '_ {
    child
        .characteristics
        .disabilities
        .iter()
        .filter_map(|field| field.valid().copied())
        .filter(|code| *code != Disability::NONE)
}

/// 2887Q: fewer than 8 different disability codes (other than `NONE`) are
/// used across the return. A finding about the return, not a child. (The
/// community validator counts the `NONE` entries instead, so the two differ
/// where a return uses few codes but many children have `NONE`.)
pub fn r2887q(census: &Census<'_>) -> ReturnFaults {
    let mut used: Vec<Disability> = census.file.children.iter().flat_map(disabilities).collect();
    used.sort_unstable();
    used.dedup();
    if used.len() > 7 {
        Vec::new()
    } else {
        vec![(None, "Disability")]
    }
}

/// 2888Q: no child has more than one disability recorded. A finding about
/// the return, not a child.
pub fn r2888q(census: &Census<'_>) -> ReturnFaults {
    let several = census
        .file
        .children
        .iter()
        .any(|child| disabilities(child).count() > 1);
    if several {
        Vec::new()
    } else {
        vec![(None, "Disability")]
    }
}

/// 4180: `Sex` present and M, F or U.
pub fn r4180(_: &Census<'_>, child: &Child) -> Faults {
    faults(child.identifiers.sex.valid().is_none(), &["Sex"])
}

/// 4220: `Ethnicity` present and a code of the list.
pub fn r4220(_: &Census<'_>, child: &Child) -> Faults {
    faults(
        child.characteristics.ethnicity.valid().is_none(),
        &["Ethnicity"],
    )
}

/// 8500: `LAchildID` present.
pub fn r8500(_: &Census<'_>, child: &Child) -> Faults {
    faults(child.identifiers.la_child_id.is_missing(), &["LAchildID"])
}

/// 8520: the date of birth on or before the reference date.
pub fn r8520(census: &Census<'_>, child: &Child) -> Faults {
    let wrong =
        day(&child.identifiers.person_birth_date).is_some_and(|born| born > census.reference);
    faults(wrong, &["PersonBirthDate"])
}

/// 8525Q: a date of birth or an expected date of birth, not both, not
/// neither.
pub fn r8525q(_: &Census<'_>, child: &Child) -> Faults {
    let ids = &child.identifiers;
    let wrong = ids.person_birth_date.is_present() == ids.expected_person_birth_date.is_present();
    faults(wrong, &["PersonBirthDate", "ExpectedPersonBirthDate"])
}

/// 8530Q: an expected date of birth between 30 days before the reference
/// date and nine months after it.
pub fn r8530q(census: &Census<'_>, child: &Child) -> Faults {
    let wrong = day(&child.identifiers.expected_person_birth_date).is_some_and(|expected| {
        expected < shift(census.reference, 0, 0, -30) || expected > shift(census.reference, 0, 9, 0)
    });
    faults(wrong, &["ExpectedPersonBirthDate"])
}

/// 8535Q: death not before birth.
pub fn r8535q(_: &Census<'_>, child: &Child) -> Faults {
    let ids = &child.identifiers;
    let wrong = matches!(
        (day(&ids.person_death_date), day(&ids.person_birth_date)),
        (Some(died), Some(born)) if died < born
    );
    faults(wrong, &["PersonDeathDate", "PersonBirthDate"])
}

/// 8540: a born child with a referral that went on to further action has
/// at least one disability code, and every code is of the list.
pub fn r8540(_: &Census<'_>, child: &Child) -> Faults {
    let acted_on = episodes(child).any(|episode| is_no(&episode.referral_nfa));
    let codes = &child.characteristics.disabilities;
    let wrong = child.identifiers.person_birth_date.is_present()
        && acted_on
        && (codes.is_empty() || codes.iter().any(|code| code.valid().is_none()));
    faults(wrong, &["Disability"])
}

/// 8545Q: a date of death within the census period.
pub fn r8545q(census: &Census<'_>, child: &Child) -> Faults {
    let wrong =
        day(&child.identifiers.person_death_date).is_some_and(|died| !census.in_period(died));
    faults(wrong, &["PersonDeathDate"])
}

/// 8590: every child has at least one episode.
pub fn r8590(_: &Census<'_>, child: &Child) -> Faults {
    faults(child.cin_details.is_empty(), &["CINdetails"])
}

/// 8750: an unborn child (expected date of birth, no date of birth) has
/// `Sex` U.
pub fn r8750(_: &Census<'_>, child: &Child) -> Faults {
    let ids = &child.identifiers;
    let wrong = ids.person_birth_date.is_missing()
        && ids.expected_person_birth_date.is_present()
        && ids.sex.valid() != Some(&Sex::U);
    faults(wrong, &["Sex"])
}

/// 8770Q (2024-25 on): a child of school age (born on or before 31 August
/// six years before the August after the reference date) with a referral
/// that went on to further action has a UPN or a reason for none other than
/// UN1.
pub fn r8770q(census: &Census<'_>, child: &Child) -> Faults {
    let ids = &child.identifiers;
    let school_start = shift(census.reference, 0, 4, 31);
    let school_age =
        day(&ids.person_birth_date).is_some_and(|born| born <= shift(school_start, -6, 0, 0));
    let acted_on = episodes(child).any(|episode| is_no(&episode.referral_nfa));
    let reason = matches!(ids.upn_unknown.valid(), Some(code) if *code != UpnUnknown::UN1);
    let wrong = school_age && acted_on && ids.upn.is_missing() && !reason;
    faults(wrong, &["UPN", "UPNunknown"])
}

/// 8772: UPN unknown reason UN7 (referral with no further action) only when
/// every referral led to no further action.
pub fn r8772(_: &Census<'_>, child: &Child) -> Faults {
    let wrong = child.identifiers.upn_unknown.valid() == Some(&UpnUnknown::UN7)
        && episodes(child).any(|episode| !is_yes(&episode.referral_nfa));
    faults(wrong, &["UPNunknown"])
}

/// 8775Q: a child more than 25 years old at the reference date, with an
/// episode open past their 25th birthday.
pub fn r8775q(census: &Census<'_>, child: &Child) -> Faults {
    let Some(born) = day(&child.identifiers.person_birth_date) else {
        return Vec::new();
    };
    let twenty_five = shift(born, 25, 0, 0);
    let wrong = born < shift(census.reference, -25, 0, 0)
        && episodes(child).any(|episode| match &episode.cin_closure_date {
            Field::Valid(closed) => *closed > twenty_five,
            Field::Missing => true,
            Field::Invalid(_) => false,
        });
    faults(wrong, &["PersonBirthDate"])
}

/// 8790: `NONE` is the only disability code when it is given.
pub fn r8790(_: &Census<'_>, child: &Child) -> Faults {
    let codes = &child.characteristics.disabilities;
    let wrong = codes.len() > 1 && codes.contains(&Field::Valid(Disability::NONE));
    faults(wrong, &["Disability"])
}

/// 8794: no disability code twice for a child.
pub fn r8794(_: &Census<'_>, child: &Child) -> Faults {
    let codes = &child.characteristics.disabilities;
    let wrong = codes
        .iter()
        .enumerate()
        .any(|(index, code)| code.is_present() && codes[..index].contains(code));
    faults(wrong, &["Disability"])
}
