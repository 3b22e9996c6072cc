//! The DfE's validation rules for the SSDA903 return, by collection year.
//!
//! Each rule is one function named after its code (`r101` is rule 101,
//! `r_sw12stg2` is SW12STG2) with the DfE's message from the year's
//! validation rules. Where the DfE's text leaves a point open, a rule
//! follows the community SSDA903 validator (data-to-insight
//! `csc-validator-be-903`), the reference its findings are compared with,
//! and says so. The DfE's 903 rules have no queries: every finding is an
//! error.
//!
//! A rule looks at the whole return ([`Return903`]) and names the rows at
//! fault, by table and index; [`validate`] turns them into one [`Finding`]
//! per rule and child (the row's `CHILD`), naming the rule's fields.
//!
//! The collection year runs from 1 April to 31 March: the year asked for,
//! as the community validator takes it from its `collectionYear`.
//!
//! Some rules need what is not in the files: the authority making the
//! return (its ONS code), where each postcode is ([`Places`]), Ofsted's
//! list of registered providers ([`ProviderTable`]), or last year's
//! return. Without them those rules do not run, and
//! [`Report::not_run`] says which and why, rather than passing them.

mod adoption;
mod child;
mod episodes;
mod ofsted;
mod outcomes;
mod places;
mod providers;
#[cfg(test)]
mod tests;

use std::collections::HashMap;

use jiff::civil::Date;

pub use places::{Place, PlaceTable, Places, PlacesError};
pub use providers::{HEADINGS, MAX_WORKBOOK_BYTES, Provider, ProviderTable, ProvidersError};

use super::model::{Ssda903, Table};
use crate::{CollectionYear, Finding, Severity};

/// Rows at fault: each by its table and its index in that table.
pub type Rows = Vec<(Table, usize)>;

/// What a rule needs beyond the files, without which it does not run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Needs {
    /// The files alone.
    Files,
    /// The authority's ONS code and where each postcode is.
    Places,
    /// Last year's return.
    LastYear,
    /// Both: where last year's placements were.
    PlacesAndLastYear,
    /// Ofsted's list of registered providers.
    Providers,
    /// Ofsted's list, the authority's ONS code and where each postcode is.
    ProvidersAndPlaces,
}

/// One DfE rule.
#[derive(Clone, Copy)]
pub struct Rule {
    /// The DfE's code, e.g. `101` or `SW12STG2`.
    pub code: &'static str,
    /// The DfE's message.
    pub message: &'static str,
    /// The columns the rule is about, as the community validator names
    /// them (its `affected_fields`).
    pub fields: &'static [&'static str],
    /// The first collection year the rule is checked in.
    pub from: CollectionYear,
    pub needs: Needs,
    pub check: fn(&Return903<'_>) -> Rows,
}

impl Rule {
    /// A rule of every year Hearth knows, needing only the files.
    pub const fn new(
        code: &'static str,
        message: &'static str,
        fields: &'static [&'static str],
        check: fn(&Return903<'_>) -> Rows,
    ) -> Rule {
        Rule {
            code,
            message,
            fields,
            from: CollectionYear::Y2025_26,
            needs: Needs::Files,
            check,
        }
    }

    /// The same rule, checked from a later collection year.
    pub const fn from(self, year: CollectionYear) -> Rule {
        Rule { from: year, ..self }
    }

    /// The same rule, needing more than the files.
    pub const fn needs(self, needs: Needs) -> Rule {
        Rule { needs, ..self }
    }
}

/// Where an episode's placement is, from its postcodes, as the community
/// validator derives it (`PL_LA`, `PL_LOCATION`, `PL_DISTANCE`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EpisodePlace {
    /// The upper-tier authority the placement postcode is in (its ONS
    /// code), or `SCO`, `WAL` or `NIR` outside England.
    pub authority: Option<String>,
    /// Whether the placement is inside the authority making the return:
    /// `None` when the placement postcode is not known.
    pub inside: Option<bool>,
    /// Miles between the home and placement postcodes, by the DfE's formula
    /// (straight line between grid references, metres / 1000 / 1.6093,
    /// rounded to one decimal place).
    pub distance_miles: Option<f64>,
    /// Whether the directory knows the home postcode (`None` when none is
    /// given).
    pub home_known: Option<bool>,
    /// Whether the directory knows the placement postcode (`None` when
    /// none is given).
    pub placement_known: Option<bool>,
}

/// A return under validation, with its collection year's dates and what
/// the rules may need beyond it.
pub struct Return903<'a> {
    pub file: &'a Ssda903,
    pub year: CollectionYear,
    /// 1 April: the first day of the collection year.
    pub start: Date,
    /// 31 March: the last day of the collection year.
    pub end: Date,
    /// The ONS code of the authority making the return (e.g. `E06000002`).
    pub authority: Option<&'a str>,
    /// Last year's return, where given.
    pub last: Option<&'a Ssda903>,
    places_known: bool,
    /// The postcode directory, where given.
    pub places: Option<&'a (dyn Places + Sync)>,
    /// Ofsted's list of registered providers, where given.
    pub providers: Option<&'a ProviderTable>,
    /// Each episode's place, by index in `file.episodes` (all `Default`
    /// when no [`Places`] were given).
    pub episode_places: Vec<EpisodePlace>,
    /// Each of last year's episodes' place, by index in `last.episodes`
    /// (empty without last year's return or places).
    pub last_episode_places: Vec<EpisodePlace>,
    /// Each child's episodes, as indices into `file.episodes`, in the
    /// order of their `DECOM` (episodes without a valid `DECOM` last, in
    /// file order).
    episodes_by_child: HashMap<&'a str, Vec<usize>>,
    /// Each child's row in the header (the first, if there are several).
    header_by_child: HashMap<&'a str, usize>,
    /// The children looked after continuously through the year (OC2's
    /// population), once a rule has asked.
    /// (Owned: a cell holding borrowed text would tie the return's
    /// lifetime down.)
    continuously_looked_after: std::sync::OnceLock<std::collections::HashSet<String>>,
}

impl<'a> Return903<'a> {
    /// A return with only its files: the rules needing places or last
    /// year's return do not run.
    pub fn new(file: &'a Ssda903) -> Self {
        let mut episodes_by_child: HashMap<&str, Vec<usize>> = HashMap::new();
        for (index, row) in file.episodes.iter().enumerate() {
            episodes_by_child
                .entry(child_text(&row.child))
                .or_default()
                .push(index);
        }
        for indices in episodes_by_child.values_mut() {
            indices.sort_by_key(|&i| {
                let decom = file.episodes[i].decom.valid().copied();
                (decom.is_none(), decom, i)
            });
        }
        let mut header_by_child = HashMap::new();
        for (index, row) in file.header.iter().enumerate() {
            header_by_child
                .entry(child_text(&row.child))
                .or_insert(index);
        }
        Return903 {
            file,
            year: file.year,
            start: file.year.start(),
            end: file.year.reference_date(),
            authority: None,
            last: None,
            places_known: false,
            places: None,
            providers: None,
            episode_places: vec![EpisodePlace::default(); file.episodes.len()],
            last_episode_places: Vec::new(),
            episodes_by_child,
            header_by_child,
            continuously_looked_after: std::sync::OnceLock::new(),
        }
    }

    /// With last year's return.
    pub fn with_last_year(mut self, last: &'a Ssda903) -> Self {
        self.last = Some(last);
        self
    }

    /// With the authority making the return and where postcodes are: each
    /// episode's placement authority, whether it is inside, and the
    /// distance from home, as the community validator derives them; for
    /// last year's episodes too when last year's return was given first
    /// ([`Return903::with_last_year`]).
    pub fn with_places(mut self, authority: &'a str, places: &'a (dyn Places + Sync)) -> Self {
        self.authority = Some(authority);
        self.places_known = true;
        self.places = Some(places);
        self.episode_places = places_of(self.file, authority, places);
        self.last_episode_places = self
            .last
            .map(|last| places_of(last, authority, places))
            .unwrap_or_default();
        self
    }

    /// With Ofsted's list of registered providers, for the rules on
    /// each placement's URN.
    pub fn with_providers(mut self, providers: &'a ProviderTable) -> Self {
        self.providers = Some(providers);
        self
    }

    /// Whether a rule's needs are met, and if not, why.
    pub fn unmet(&self, needs: Needs) -> Option<&'static str> {
        match needs {
            Needs::Files => None,
            Needs::Places if !self.places_known => {
                Some("needs the authority's ONS code and a postcode directory")
            }
            Needs::LastYear if self.last.is_none() => Some("needs last year's return"),
            Needs::PlacesAndLastYear if !self.places_known || self.last.is_none() => {
                Some("needs last year's return, the authority's ONS code and a postcode directory")
            }
            Needs::Providers if self.providers.is_none() => {
                Some("needs Ofsted's list of registered providers")
            }
            Needs::ProvidersAndPlaces if self.providers.is_none() || !self.places_known => Some(
                "needs Ofsted's list of registered providers, the authority's ONS code and a postcode directory",
            ),
            Needs::Places
            | Needs::LastYear
            | Needs::PlacesAndLastYear
            | Needs::Providers
            | Needs::ProvidersAndPlaces => None,
        }
    }

    /// Whether a date is in the collection year, both ends included.
    pub fn in_year(&self, day: Date) -> bool {
        self.start <= day && day <= self.end
    }

    /// A child's episodes (indices into `file.episodes`) in `DECOM` order.
    pub fn episodes_of(&self, child: &str) -> &[usize] {
        self.episodes_by_child
            .get(child)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// Every child with episodes, and their episodes in `DECOM` order.
    pub fn children_with_episodes(&self) -> impl Iterator<Item = (&'a str, &[usize])> + '_ {
        self.episodes_by_child
            .iter()
            .map(|(child, indices)| (*child, indices.as_slice()))
    }

    /// A child's row in the header (the first, if there are several).
    pub fn header_of(&self, child: &str) -> Option<usize> {
        self.header_by_child.get(child).copied()
    }

    /// The `CHILD` of a row: "" when missing.
    pub fn child_of(&self, table: Table, row: usize) -> &'a str {
        let f = self.file;
        let field = match table {
            Table::Header => f.header.get(row).map(|r| &r.child),
            Table::Episodes => f.episodes.get(row).map(|r| &r.child),
            Table::Reviews => f.reviews.get(row).map(|r| &r.child),
            Table::Uasc => f.uasc.get(row).map(|r| &r.child),
            Table::Oc2 => f.oc2.get(row).map(|r| &r.child),
            Table::Oc3 => f.oc3.get(row).map(|r| &r.child),
            Table::Ad1 => f.ad1.get(row).map(|r| &r.child),
            Table::PlacedForAdoption => f.placed_for_adoption.get(row).map(|r| &r.child),
            Table::PreviousPermanence => f.previous_permanence.get(row).map(|r| &r.child),
            Table::Missing => f.missing.get(row).map(|r| &r.child),
            Table::SocialWorkerEpisodes => f.sw_episodes.get(row).map(|r| &r.child),
            Table::DeprivationOfLiberty => f.deprivation_of_liberty.get(row).map(|r| &r.child),
        };
        field.map(child_text).unwrap_or("")
    }

    /// Whether a table was given (or, for a return made from the record,
    /// is part of the year's set).
    pub fn has(&self, table: Table) -> bool {
        Table::in_year(self.year).any(|t| t == table) && !self.file.files_absent.contains(&table)
    }
}

/// Each episode's place in a return, as the community validator derives it.
fn places_of(file: &Ssda903, authority: &str, places: &dyn Places) -> Vec<EpisodePlace> {
    file.episodes
        .iter()
        .map(|row| {
            let home_text = postcode_text(&row.home_post);
            let placed_text = postcode_text(&row.pl_post);
            let home = home_text.as_deref().and_then(|p| places.place(p));
            let placed = placed_text.as_deref().and_then(|p| places.place(p));
            let distance_miles = home
                .as_ref()
                .zip(placed.as_ref())
                .and_then(|(h, p)| h.miles_to(p));
            // A postcode the directory knows in an area it cannot name is
            // outside, as the community validator has it.
            EpisodePlace {
                authority: placed
                    .as_ref()
                    .map(|p| p.authority.clone())
                    .filter(|a| !a.is_empty()),
                inside: placed.as_ref().map(|p| p.authority == authority),
                home_known: home_text.map(|_| home.is_some()),
                placement_known: placed_text.map(|_| placed.is_some()),
                distance_miles,
            }
        })
        .collect()
}

/// A `CHILD` cell as text: "" when missing; as written when not of the
/// right form (any text is an identifier to match rows on).
pub fn child_text(field: &crate::Field<super::model::Text>) -> &str {
    match field {
        crate::Field::Valid(text) => text.as_str(),
        crate::Field::Invalid(text) => text.as_str(),
        crate::Field::Missing => "",
    }
}

/// A postcode cell's text, valid or not (the community validator looks up
/// whatever is written): `None` when missing.
fn postcode_text(field: &crate::Field<hearth_domain::ids::Postcode>) -> Option<String> {
    match field {
        crate::Field::Valid(postcode) => Some(postcode.to_string()),
        crate::Field::Invalid(text) => Some(text.clone()),
        crate::Field::Missing => None,
    }
}

/// The rules of a collection year, in the order they are listed.
pub fn rules(year: CollectionYear) -> impl Iterator<Item = &'static Rule> {
    [
        child::RULES,
        episodes::RULES,
        ofsted::RULES,
        adoption::RULES,
        outcomes::RULES,
    ]
    .into_iter()
    .flatten()
    .filter(move |rule| rule.from <= year)
}

/// What validating a return found, and which rules could not run.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// One finding per rule and child, in rule order then child order.
    pub findings: Vec<Finding>,
    /// Rules that did not run, each with why.
    pub not_run: Vec<(&'static str, &'static str)>,
}

/// Runs every rule of the return's year whose needs are met. A rule whose
/// tables are absent finds nothing, as the community validator skips it.
pub fn validate(ret: &Return903<'_>) -> Report {
    validate_on(ret, 1)
}

/// As [`validate`], the rules shared among `threads` threads: for a whole
/// authority's return checked on its own (`hearth validate`), where the
/// rules are most of the time. The report is the same, in the same order.
pub fn validate_on(ret: &Return903<'_>, threads: usize) -> Report {
    let all: Vec<&'static Rule> = rules(ret.year).collect();
    let by_rule = crate::threads::map_on(&all, threads, |rule| run(ret, rule));
    let mut report = Report::default();
    for (rule, findings) in all.iter().zip(by_rule) {
        if let Some(why) = ret.unmet(rule.needs) {
            report.not_run.push((rule.code, why));
        }
        report.findings.extend(findings);
    }
    report
}

/// One rule's findings: one per child at fault, in child order (none when
/// the rule's needs are not met).
fn run(ret: &Return903<'_>, rule: &Rule) -> Vec<Finding> {
    if ret.unmet(rule.needs).is_some() {
        return Vec::new();
    }
    let mut children: Vec<&str> = (rule.check)(ret)
        .into_iter()
        .map(|(table, row)| ret.child_of(table, row))
        .collect();
    children.sort_unstable();
    children.dedup();
    children
        .into_iter()
        .map(|child| Finding {
            rule: rule.code.to_owned(),
            child: child.to_owned(),
            field: rule.fields.join(", "),
            message: rule.message.to_owned(),
            kind: Severity::Error,
        })
        .collect()
}
