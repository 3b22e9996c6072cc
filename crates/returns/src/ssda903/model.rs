//! The SSDA903 return as a set of tables, one per CSV file the DfE's
//! upload (and the community validator, csc-validator-be-903) takes.
//!
//! The files and their columns are those of the SSDA903 specification
//! (`SSDA903_schema_2017.yml` with its year-on-year changes to 2026,
//! SocialFinanceDigitalLabs liia-tools-pipeline, MIT), as the community
//! validator names them: the columns did not change from 2017 to 2025-26
//! except that the social worker episodes file arrived in 2023-24, and the
//! 2026-27 collection adds the deprivation of liberty orders file
//! (`DoLo.csv`). The code lists did change, year by year; each column's
//! list is the one in [`hearth_domain::codes`] with its validity dates, so a
//! code is read against the list of the collection year
//! ([`super::cell`]).
//!
//! Every value is a [`Field`], and every row says which file and line it is
//! (a row made from the record is given the line it is written at).

use hearth_domain::codes::{
    AdopterLegalStatus, AdopterSex, CareLeaverAccommodation, CareLeaverActivity, CareLeaverInTouch,
    Ethnicity, LegalStatus, MissingOrAway, PlacementProvider, PlacementType, PreviousPermanence,
    PrimaryNeed, ReasonDecisionReversed, ReasonEpisodeCeased, ReasonForNewEpisode,
    ReasonForPlacementChange, ReviewParticipation, SdqReason, Sex, SocialWorkerChangeReason,
    UpnUnknown,
};
use hearth_domain::ids::{Postcode, Upn};
use jiff::civil::Date;
use serde::Serialize;

use super::cell::Cell;
use crate::{CollectionYear, Field};

/// An identifier of letters and digits (the specification's
/// "alphanumeric"): `CHILD`, `URN`, `LA_PERM`, `SW_ID`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Text(pub String);

impl Text {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The header's `UPN`: the child's unique pupil number, or why it is not
/// known (UN1-UN5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum ChildUpn {
    Known(#[serde(serialize_with = "upn_text")] Upn),
    Unknown(UpnUnknown),
}

fn upn_text<S: serde::Serializer>(upn: &Upn, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(upn.as_str())
}

/// The SSDA903 files, in the order they are listed in the DfE's upload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Table {
    Header,
    Episodes,
    Reviews,
    Uasc,
    Oc2,
    Oc3,
    Ad1,
    PlacedForAdoption,
    PreviousPermanence,
    Missing,
    SocialWorkerEpisodes,
    /// From 2026-27.
    DeprivationOfLiberty,
}

impl Table {
    pub const ALL: [Table; 12] = [
        Table::Header,
        Table::Episodes,
        Table::Reviews,
        Table::Uasc,
        Table::Oc2,
        Table::Oc3,
        Table::Ad1,
        Table::PlacedForAdoption,
        Table::PreviousPermanence,
        Table::Missing,
        Table::SocialWorkerEpisodes,
        Table::DeprivationOfLiberty,
    ];

    /// The file's name, as the community validator's sample data names it.
    pub const fn file_name(self) -> &'static str {
        match self {
            Table::Header => "header.csv",
            Table::Episodes => "episodes.csv",
            Table::Reviews => "reviews.csv",
            Table::Uasc => "uasc.csv",
            Table::Oc2 => "oc2.csv",
            Table::Oc3 => "oc3.csv",
            Table::Ad1 => "ad1.csv",
            Table::PlacedForAdoption => "placed_for_adoption_errors.csv",
            Table::PreviousPermanence => "previous_permanence.csv",
            Table::Missing => "missing.csv",
            Table::SocialWorkerEpisodes => "sw_episodes.csv",
            Table::DeprivationOfLiberty => "DoLo.csv",
        }
    }

    /// The columns, in the order the community validator lists them.
    pub const fn columns(self) -> &'static [&'static str] {
        match self {
            Table::Header => HeaderRow::COLUMNS,
            Table::Episodes => EpisodeRow::COLUMNS,
            Table::Reviews => ReviewRow::COLUMNS,
            Table::Uasc => UascRow::COLUMNS,
            Table::Oc2 => Oc2Row::COLUMNS,
            Table::Oc3 => Oc3Row::COLUMNS,
            Table::Ad1 => Ad1Row::COLUMNS,
            Table::PlacedForAdoption => PlacedForAdoptionRow::COLUMNS,
            Table::PreviousPermanence => PreviousPermanenceRow::COLUMNS,
            Table::Missing => MissingRow::COLUMNS,
            Table::SocialWorkerEpisodes => SocialWorkerEpisodeRow::COLUMNS,
            Table::DeprivationOfLiberty => DeprivationOfLibertyRow::COLUMNS,
        }
    }

    /// The tables of a collection year's return: every one, and from
    /// 2026-27 the deprivation of liberty orders.
    pub fn in_year(year: CollectionYear) -> impl Iterator<Item = Table> {
        Table::ALL
            .into_iter()
            .filter(move |t| *t != Table::DeprivationOfLiberty || year >= CollectionYear::Y2026_27)
    }
}

/// Where a row is: its file and its line (the column names are line 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct At {
    pub file: Table,
    pub line: u64,
}

/// One row of one file: its columns, read from cells and written to them.
pub trait Row: Sized {
    const TABLE: Table;
    /// The column names, in the order the community validator lists them.
    const COLUMNS: &'static [&'static str];
    /// Reads a row from its cells, given in [`Row::COLUMNS`] order.
    fn from_cells(at: At, cells: &[&str], year: CollectionYear) -> Self;
    /// The row's cells, in [`Row::COLUMNS`] order.
    fn to_cells(&self) -> Vec<String>;
    fn at(&self) -> At;
}

/// Declares a row of one file: each field with its column name and type.
macro_rules! rows {
    ($(
        $(#[$meta:meta])*
        pub struct $name:ident in $table:ident {
            $(
                $(#[$fmeta:meta])*
                $column:literal => $field:ident: $ty:ty,
            )+
        }
    )+) => {$(
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Serialize)]
        pub struct $name {
            pub at: At,
            $(
                $(#[$fmeta])*
                #[doc = concat!("`", $column, "`")]
                pub $field: Field<$ty>,
            )+
        }

        impl Row for $name {
            const TABLE: Table = Table::$table;
            const COLUMNS: &'static [&'static str] = &[$($column),+];

            fn from_cells(at: At, cells: &[&str], year: CollectionYear) -> Self {
                let mut cells = cells.iter();
                $name {
                    at,
                    $($field: <$ty as Cell>::read(cells.next().copied().unwrap_or(""), year),)+
                }
            }

            fn to_cells(&self) -> Vec<String> {
                vec![$(<$ty as Cell>::write(&self.$field)),+]
            }

            fn at(&self) -> At {
                self.at
            }
        }
    )+};
}

rows! {
    /// `header.csv`: one row per child, their characteristics.
    pub struct HeaderRow in Header {
        "CHILD" => child: Text,
        "SEX" => sex: Sex,
        "DOB" => dob: Date,
        "ETHNIC" => ethnic: Ethnicity,
        "UPN" => upn: ChildUpn,
        /// Whether the child is a mother (girls only).
        "MOTHER" => mother: bool,
        /// Her child's date of birth.
        "MC_DOB" => mc_dob: Date,
    }

    /// `episodes.csv`: each episode of care (one legal status, one
    /// placement) open at any time in the year.
    pub struct EpisodeRow in Episodes {
        "CHILD" => child: Text,
        "DECOM" => decom: Date,
        "RNE" => rne: ReasonForNewEpisode,
        "LS" => ls: LegalStatus,
        /// Category of need, N1-N8.
        "CIN" => cin: PrimaryNeed,
        "PLACE" => place: PlacementType,
        "PLACE_PROVIDER" => place_provider: PlacementProvider,
        "DEC" => dec: Date,
        "REC" => rec: ReasonEpisodeCeased,
        "REASON_PLACE_CHANGE" => reason_place_change: ReasonForPlacementChange,
        "HOME_POST" => home_post: Postcode,
        "PL_POST" => pl_post: Postcode,
        "URN" => urn: Text,
    }

    /// `reviews.csv`: each looked-after review in the year.
    pub struct ReviewRow in Reviews {
        "CHILD" => child: Text,
        "DOB" => dob: Date,
        "REVIEW" => review: Date,
        "REVIEW_CODE" => review_code: ReviewParticipation,
    }

    /// `uasc.csv`: unaccompanied asylum-seeking children, with the date
    /// they cease to be one (`DUC`, their 18th birthday).
    pub struct UascRow in Uasc {
        "CHILD" => child: Text,
        "SEX" => sex: Sex,
        "DOB" => dob: Date,
        "DUC" => duc: Date,
    }

    /// `oc2.csv`: outcomes for children looked after continuously for 12
    /// months at 31 March.
    pub struct Oc2Row in Oc2 {
        "CHILD" => child: Text,
        "DOB" => dob: Date,
        "SDQ_SCORE" => sdq_score: u8,
        "SDQ_REASON" => sdq_reason: SdqReason,
        "CONVICTED" => convicted: bool,
        "HEALTH_CHECK" => health_check: bool,
        "IMMUNISATIONS" => immunisations: bool,
        "TEETH_CHECK" => teeth_check: bool,
        "HEALTH_ASSESSMENT" => health_assessment: bool,
        "SUBSTANCE_MISUSE" => substance_misuse: bool,
        "INTERVENTION_RECEIVED" => intervention_received: bool,
        "INTERVENTION_OFFERED" => intervention_offered: bool,
    }

    /// `oc3.csv`: care leavers around their birthdays.
    pub struct Oc3Row in Oc3 {
        "CHILD" => child: Text,
        "DOB" => dob: Date,
        "IN_TOUCH" => in_touch: CareLeaverInTouch,
        "ACTIV" => activ: CareLeaverActivity,
        "ACCOM" => accom: CareLeaverAccommodation,
    }

    /// `ad1.csv`: children adopted from care in the year.
    pub struct Ad1Row in Ad1 {
        "CHILD" => child: Text,
        "DOB" => dob: Date,
        /// The decision that the child should be placed for adoption.
        "DATE_INT" => date_int: Date,
        "DATE_MATCH" => date_match: Date,
        /// Adopted by their foster carer(s).
        "FOSTER_CARE" => foster_care: bool,
        "NB_ADOPTR" => nb_adoptr: u8,
        "SEX_ADOPTR" => sex_adoptr: AdopterSex,
        "LS_ADOPTR" => ls_adoptr: AdopterLegalStatus,
    }

    /// `placed_for_adoption_errors.csv` (the DfE's "PlacedAdoption"):
    /// decisions that the child should be placed for adoption, and their
    /// reversal.
    pub struct PlacedForAdoptionRow in PlacedForAdoption {
        "CHILD" => child: Text,
        "DOB" => dob: Date,
        "DATE_PLACED" => date_placed: Date,
        "DATE_PLACED_CEASED" => date_placed_ceased: Date,
        "REASON_PLACED_CEASED" => reason_placed_ceased: ReasonDecisionReversed,
    }

    /// `previous_permanence.csv`: a permanence order that ended an earlier
    /// period of care.
    pub struct PreviousPermanenceRow in PreviousPermanence {
        "CHILD" => child: Text,
        "DOB" => dob: Date,
        "PREV_PERM" => prev_perm: PreviousPermanence,
        "LA_PERM" => la_perm: Text,
        /// Written as the community validator's sample writes it; the DfE
        /// allows a partial date here, which is kept as written.
        "DATE_PERM" => date_perm: Date,
    }

    /// `missing.csv`: each time the child was missing or away without
    /// authorisation.
    pub struct MissingRow in Missing {
        "CHILD" => child: Text,
        "DOB" => dob: Date,
        "MISSING" => missing: MissingOrAway,
        "MIS_START" => mis_start: Date,
        "MIS_END" => mis_end: Date,
    }

    /// `sw_episodes.csv`: each social worker the child had in the year
    /// (from 2023-24).
    pub struct SocialWorkerEpisodeRow in SocialWorkerEpisodes {
        "CHILD" => child: Text,
        "DOB" => dob: Date,
        /// The worker's Social Work England registration number.
        "SW_ID" => sw_id: Text,
        "SW_DECOM" => sw_decom: Date,
        "SW_DEC" => sw_dec: Date,
        "SW_REASON" => sw_reason: SocialWorkerChangeReason,
    }

    /// `DoLo.csv`: deprivation of liberty orders (from 2026-27).
    pub struct DeprivationOfLibertyRow in DeprivationOfLiberty {
        "CHILD" => child: Text,
        "DOB" => dob: Date,
        "DOLO_START" => dolo_start: Date,
        "DOLO_END" => dolo_end: Date,
    }
}

/// A whole SSDA903 return for one collection year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ssda903 {
    pub year: CollectionYear,
    /// Files of the year's set that were not given (a return read from a
    /// folder may leave out any file; the DfE's rules on a table then do
    /// not run). Empty for a return made from the record.
    pub files_absent: Vec<Table>,
    pub header: Vec<HeaderRow>,
    pub episodes: Vec<EpisodeRow>,
    pub reviews: Vec<ReviewRow>,
    pub uasc: Vec<UascRow>,
    pub oc2: Vec<Oc2Row>,
    pub oc3: Vec<Oc3Row>,
    pub ad1: Vec<Ad1Row>,
    pub placed_for_adoption: Vec<PlacedForAdoptionRow>,
    pub previous_permanence: Vec<PreviousPermanenceRow>,
    pub missing: Vec<MissingRow>,
    pub sw_episodes: Vec<SocialWorkerEpisodeRow>,
    /// Empty before 2026-27.
    pub deprivation_of_liberty: Vec<DeprivationOfLibertyRow>,
}

impl Ssda903 {
    /// A return with no rows.
    pub fn empty(year: CollectionYear) -> Self {
        Ssda903 {
            year,
            files_absent: Vec::new(),
            header: Vec::new(),
            episodes: Vec::new(),
            reviews: Vec::new(),
            uasc: Vec::new(),
            oc2: Vec::new(),
            oc3: Vec::new(),
            ad1: Vec::new(),
            placed_for_adoption: Vec::new(),
            previous_permanence: Vec::new(),
            missing: Vec::new(),
            sw_episodes: Vec::new(),
            deprivation_of_liberty: Vec::new(),
        }
    }

    /// How many rows a table has.
    pub fn rows(&self, table: Table) -> usize {
        match table {
            Table::Header => self.header.len(),
            Table::Episodes => self.episodes.len(),
            Table::Reviews => self.reviews.len(),
            Table::Uasc => self.uasc.len(),
            Table::Oc2 => self.oc2.len(),
            Table::Oc3 => self.oc3.len(),
            Table::Ad1 => self.ad1.len(),
            Table::PlacedForAdoption => self.placed_for_adoption.len(),
            Table::PreviousPermanence => self.previous_permanence.len(),
            Table::Missing => self.missing.len(),
            Table::SocialWorkerEpisodes => self.sw_episodes.len(),
            Table::DeprivationOfLiberty => self.deprivation_of_liberty.len(),
        }
    }

    /// A table's rows as cells, in the order of its columns.
    pub fn cells(&self, table: Table) -> Vec<Vec<String>> {
        fn all<R: Row>(rows: &[R]) -> Vec<Vec<String>> {
            rows.iter().map(Row::to_cells).collect()
        }
        match table {
            Table::Header => all(&self.header),
            Table::Episodes => all(&self.episodes),
            Table::Reviews => all(&self.reviews),
            Table::Uasc => all(&self.uasc),
            Table::Oc2 => all(&self.oc2),
            Table::Oc3 => all(&self.oc3),
            Table::Ad1 => all(&self.ad1),
            Table::PlacedForAdoption => all(&self.placed_for_adoption),
            Table::PreviousPermanence => all(&self.previous_permanence),
            Table::Missing => all(&self.missing),
            Table::SocialWorkerEpisodes => all(&self.sw_episodes),
            Table::DeprivationOfLiberty => all(&self.deprivation_of_liberty),
        }
    }
}
