//! One SSDA903 CSV cell: how each kind of value is read from its text and
//! written back, for a collection year.
//!
//! Reading never fails: an empty cell is [`Field::Missing`], a value not of
//! the right form (a date not written dd/mm/yyyy, a code not in the year's
//! list) is [`Field::Invalid`] with the text as it was, so a rule can say
//! what is wrong (SSDA903 guide 2025-26: dates are dd/mm/yyyy, codes from
//! the year's lists).
//!
//! Codes are trimmed and upper-cased before they are looked up, as the
//! community validator (csc-validator-be-903) does with every value it
//! reads, so `k3` is read as K3.

use hearth_domain::codes::{
    AdopterLegalStatus, AdopterSex, CareLeaverAccommodation, CareLeaverActivity, CareLeaverInTouch,
    LegalStatus, MissingOrAway, PlacementProvider, PlacementType, PreviousPermanence, PrimaryNeed,
    ReasonDecisionReversed, ReasonEpisodeCeased, ReasonForNewEpisode, ReasonForPlacementChange,
    ReviewParticipation, SdqReason, Sex, SocialWorkerChangeReason, Validity,
};
use hearth_domain::codes::{Ethnicity, UpnUnknown};
use hearth_domain::ids::{Postcode, Upn};
use jiff::civil::Date;

use super::model::{ChildUpn, Text};
use crate::{CollectionYear, Field};

/// A kind of value an SSDA903 column holds.
pub trait Cell: Sized {
    /// Reads a non-empty, trimmed cell for `year`.
    fn parse(text: &str, year: CollectionYear) -> Option<Self>;
    /// The cell's text as written to the file.
    fn render(&self) -> String;

    /// Reads a cell: empty is missing, a value not of the right form is
    /// kept as written.
    fn read(text: &str, year: CollectionYear) -> Field<Self> {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Field::Missing;
        }
        match Self::parse(trimmed, year) {
            Some(value) => Field::Valid(value),
            None => Field::Invalid(text.to_owned()),
        }
    }

    /// Writes a cell: empty when missing, the text as read when invalid.
    fn write(field: &Field<Self>) -> String {
        match field {
            Field::Missing => String::new(),
            Field::Valid(value) => value.render(),
            Field::Invalid(raw) => raw.clone(),
        }
    }
}

/// The year that ends a collection year, as the code lists' validity counts
/// it (2025-26 is 2026).
fn year_ending(year: CollectionYear) -> i16 {
    year.reference_date().year()
}

/// Dates are written dd/mm/yyyy (SSDA903 guide); a one-digit day or month
/// is read too, as the community validator's date parsing accepts it.
impl Cell for Date {
    fn parse(text: &str, _: CollectionYear) -> Option<Self> {
        let mut parts = text.split('/');
        let (day, month, year) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some()
            || !(1..=2).contains(&day.len())
            || !(1..=2).contains(&month.len())
            || year.len() != 4
            || ![day, month, year]
                .iter()
                .all(|p| p.bytes().all(|b| b.is_ascii_digit()))
        {
            return None;
        }
        Date::new(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?).ok()
    }

    fn render(&self) -> String {
        format!("{:02}/{:02}/{:04}", self.day(), self.month(), self.year())
    }
}

/// The 0/1 items (`MOTHER`, `FOSTER_CARE`, the OC2 flags).
impl Cell for bool {
    fn parse(text: &str, _: CollectionYear) -> Option<Self> {
        match text {
            "0" => Some(false),
            "1" => Some(true),
            _ => None,
        }
    }

    fn render(&self) -> String {
        if *self { "1" } else { "0" }.to_owned()
    }
}

/// Whole numbers: `SDQ_SCORE` (0-40 is checked by rule, not here) and
/// `NB_ADOPTR`.
impl Cell for u8 {
    fn parse(text: &str, _: CollectionYear) -> Option<Self> {
        if text.bytes().all(|b| b.is_ascii_digit()) {
            text.parse().ok()
        } else {
            None
        }
    }

    fn render(&self) -> String {
        self.to_string()
    }
}

/// Identifiers given as letters and digits (`CHILD`, `URN`, `LA_PERM`,
/// `SW_ID`): the SSDA903 specification's "alphanumeric" type.
impl Cell for Text {
    fn parse(text: &str, _: CollectionYear) -> Option<Self> {
        text.bytes()
            .all(|b| b.is_ascii_alphanumeric())
            .then(|| Text(text.to_owned()))
    }

    fn render(&self) -> String {
        self.0.clone()
    }
}

impl Cell for Postcode {
    fn parse(text: &str, _: CollectionYear) -> Option<Self> {
        Postcode::parse(text).ok()
    }

    fn render(&self) -> String {
        self.as_str().to_owned()
    }
}

/// `UPN`: a unique pupil number, or the reason it is not known (UN1-UN5:
/// the SSDA903 list stops at UN5; UN6 and UN7 are CIN census codes only).
impl Cell for ChildUpn {
    fn parse(text: &str, _: CollectionYear) -> Option<Self> {
        let upper = text.to_ascii_uppercase();
        match UpnUnknown::from_code(&upper) {
            Ok(reason) if reason <= UpnUnknown::UN5 => Some(ChildUpn::Unknown(reason)),
            Ok(_) => None,
            Err(_) => Upn::parse(text).ok().map(ChildUpn::Known),
        }
    }

    fn render(&self) -> String {
        match self {
            ChildUpn::Known(upn) => upn.as_str().to_owned(),
            ChildUpn::Unknown(reason) => reason.as_code().to_owned(),
        }
    }
}

/// The episode `CIN` item: a primary need, N1-N8 only (N9 and N0 are CIN
/// census codes that do not apply to a looked-after child).
impl Cell for PrimaryNeed {
    fn parse(text: &str, _: CollectionYear) -> Option<Self> {
        PrimaryNeed::from_code(&text.to_ascii_uppercase())
            .ok()
            .filter(|n| !matches!(n, PrimaryNeed::N0 | PrimaryNeed::N9))
    }

    fn render(&self) -> String {
        self.as_code().to_owned()
    }
}

/// A code from one of the DfE's lists, valid at some time in the year.
fn code_in_year<T>(
    found: Result<T, hearth_domain::codes::UnknownCode>,
    validity: impl Fn(&T) -> Validity,
    year: CollectionYear,
) -> Option<T> {
    found
        .ok()
        .filter(|code| validity(code).valid_in_collection_year(year_ending(year)))
}

/// Each code list the SSDA903 files use, read against the year's list.
macro_rules! code_cells {
    ($($list:ty),+ $(,)?) => {$(
        impl Cell for $list {
            fn parse(text: &str, year: CollectionYear) -> Option<Self> {
                code_in_year(<$list>::from_code(&text.to_ascii_uppercase()), |c| c.validity(), year)
            }

            fn render(&self) -> String {
                self.as_code().to_owned()
            }
        }
    )+};
}

code_cells!(
    Sex,
    Ethnicity,
    LegalStatus,
    ReasonForNewEpisode,
    PlacementType,
    PlacementProvider,
    ReasonEpisodeCeased,
    ReasonForPlacementChange,
    ReviewParticipation,
    MissingOrAway,
    CareLeaverInTouch,
    CareLeaverActivity,
    CareLeaverAccommodation,
    SdqReason,
    AdopterSex,
    AdopterLegalStatus,
    ReasonDecisionReversed,
    PreviousPermanence,
    SocialWorkerChangeReason,
);

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    const Y: CollectionYear = CollectionYear::Y2025_26;

    #[test]
    fn dates_are_day_month_year() {
        assert_eq!(Date::read("05/12/1993", Y), Field::Valid(date(1993, 12, 5)));
        assert_eq!(Date::read("5/2/1993", Y), Field::Valid(date(1993, 2, 5)));
        assert_eq!(Date::read("", Y), Field::Missing);
        for bad in [
            "1993-12-05",
            "31/02/2020",
            "05/12/93",
            "05/12/1993x",
            "aa/bb/cccc",
        ] {
            assert_eq!(Date::read(bad, Y), Field::Invalid(bad.into()), "{bad}");
        }
        assert_eq!(date(2026, 3, 1).render(), "01/03/2026");
    }

    #[test]
    fn codes_are_read_against_the_years_list() {
        assert_eq!(
            PlacementType::read("k3", Y),
            Field::Valid(PlacementType::K3)
        );
        // Z1 and H5 left the list in 2025-26; Z11 joined it.
        assert_eq!(PlacementType::read("Z1", Y), Field::Invalid("Z1".into()));
        assert_eq!(PlacementType::read("H5", Y), Field::Invalid("H5".into()));
        assert_eq!(
            PlacementType::read("Z11", Y),
            Field::Valid(PlacementType::Z11)
        );
        // The 2017 sex codes 1 and 2 are not the 2025-26 list (M, F, U).
        assert_eq!(Sex::read("1", Y), Field::Invalid("1".into()));
        assert_eq!(PrimaryNeed::read("N9", Y), Field::Invalid("N9".into()));
        assert_eq!(
            ChildUpn::read("UN5", Y),
            Field::Valid(ChildUpn::Unknown(UpnUnknown::UN5))
        );
        assert_eq!(ChildUpn::read("UN6", Y), Field::Invalid("UN6".into()));
        assert_eq!(bool::read("2", Y), Field::Invalid("2".into()));
        assert_eq!(Text::read("CHILD 1", Y), Field::Invalid("CHILD 1".into()));
    }
}
