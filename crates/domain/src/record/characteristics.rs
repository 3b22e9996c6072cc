//! Who the child is, and the facts about them the DfE returns count
//! whatever the stage: their characteristics (CIN census `ChildIdentifiers`
//! and `ChildCharacteristics`; SSDA903 header), UASC status (SSDA903 UASC
//! file), motherhood (SSDA903 `MOTHER`, `MC_DOB`), and offending and
//! substance misuse (SSDA903 OC2).
//!
//! Each is kept as a history in date order, so a return at any reference
//! date reads what was then recorded ([`Characteristics::as_on`] and the
//! `*_on` methods), and a correction is an amendment like any other.
//! The store's child row keeps the sex, ethnicity and UPN it was created
//! with (search and the pages use it); a return prefers these facts and
//! falls back to the row.

use jiff::civil::Date;
use serde::Serialize;

use super::refusal::require;
use super::{ChildRecord, Mark, Refused};
use crate::codes::{Disability, Ethnicity, Sex, UpnUnknown};
use crate::events::EventKind;
use crate::ids::Upn;

/// A value recorded on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dated<T> {
    pub mark: Mark,
    pub value: T,
}

impl<T> Dated<T> {
    pub fn date(&self) -> Date {
        self.mark.date()
    }
}

/// The latest of `history` (in date order) recorded on or before `on`.
pub fn latest_on<T>(history: &[Dated<T>], on: Date) -> Option<&T> {
    history
        .iter()
        .rev()
        .find(|d| d.date() <= on)
        .map(|d| &d.value)
}

/// A status held from one date to another: UASC status, a deprivation of
/// liberty order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Spell {
    pub start: Mark,
    pub end: Option<Mark>,
}

impl Spell {
    pub fn is_open(&self) -> bool {
        self.end.is_none()
    }

    /// Whether the spell had begun and not ended on `on` (it ends at the
    /// start of its end date).
    pub fn covers(&self, on: Date) -> bool {
        self.start.date() <= on && self.end.is_none_or(|e| e.date() > on)
    }

    /// Whether any of the spell falls between `from` and `to`, both
    /// included (a collection year).
    pub fn overlaps(&self, from: Date, to: Date) -> bool {
        self.start.date() <= to && self.end.is_none_or(|e| e.date() >= from)
    }
}

/// The child's UPN as recorded on a date: a number, or why there is none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UpnStatus {
    Known(Upn),
    Unknown(UpnUnknown),
}

/// The child's characteristics, each a history in date order.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Characteristics {
    /// CIN `Sex`; SSDA903 `SEX`.
    pub sex: Vec<Dated<Sex>>,
    /// CIN `Ethnicity`; SSDA903 `ETHNIC`.
    pub ethnicity: Vec<Dated<Ethnicity>>,
    /// CIN `Disabilities`: each list as recorded, whole (`NONE` alone for
    /// none).
    pub disabilities: Vec<Dated<Vec<Disability>>>,
    /// CIN `UPN`, `FormerUPN` and `UPNunknown`: each UPN and each reason
    /// for none, in date order.
    pub upn: Vec<Dated<UpnStatus>>,
    /// CIN `PersonDeathDate`: the date is the mark's.
    pub died: Option<Mark>,
}

impl Characteristics {
    /// The sex recorded last on or before `on`.
    pub fn sex_on(&self, on: Date) -> Option<Sex> {
        latest_on(&self.sex, on).copied()
    }

    /// The ethnicity recorded last on or before `on`.
    pub fn ethnicity_on(&self, on: Date) -> Option<Ethnicity> {
        latest_on(&self.ethnicity, on).copied()
    }

    /// The disabilities recorded last on or before `on`.
    pub fn disabilities_on(&self, on: Date) -> Option<&[Disability]> {
        latest_on(&self.disabilities, on).map(Vec::as_slice)
    }

    /// The UPN, or why there is none, recorded last on or before `on`.
    pub fn upn_on(&self, on: Date) -> Option<&UpnStatus> {
        latest_on(&self.upn, on)
    }

    /// The child's UPN before the one they hold on `on` (CIN `FormerUPN`):
    /// the latest different UPN recorded before it. None while the child
    /// holds no UPN, or has held only one.
    pub fn former_upn_on(&self, on: Date) -> Option<&Upn> {
        let held: Vec<&Dated<UpnStatus>> = self.upn.iter().filter(|d| d.date() <= on).collect();
        let (current, earlier) = held.split_last()?;
        let UpnStatus::Known(current) = &current.value else {
            return None;
        };
        earlier.iter().rev().find_map(|d| match &d.value {
            UpnStatus::Known(u) if u != current => Some(u),
            _ => None,
        })
    }

    /// The date of death, if it was on or before `on`.
    pub fn died_on_or_before(&self, on: Date) -> Option<Date> {
        self.died.map(Mark::date).filter(|d| *d <= on)
    }
}

impl ChildRecord {
    /// This stage's part of the fold.
    pub(super) fn apply_child(&mut self, kind: &EventKind, mark: Mark) -> Result<(), Refused> {
        use EventKind as K;
        let on = mark.date();
        let c = &mut self.characteristics;
        match kind {
            K::SexRecorded { sex } => c.sex.push(Dated { mark, value: *sex }),
            K::EthnicityRecorded { ethnicity } => c.ethnicity.push(Dated {
                mark,
                value: *ethnicity,
            }),
            K::DisabilitiesRecorded { disabilities } => {
                check_disabilities(disabilities)?;
                c.disabilities.push(Dated {
                    mark,
                    value: disabilities.clone(),
                });
            }
            K::UpnRecorded { upn } => c.upn.push(Dated {
                mark,
                value: UpnStatus::Known(upn.clone()),
            }),
            K::UpnUnknownRecorded { reason } => c.upn.push(Dated {
                mark,
                value: UpnStatus::Unknown(*reason),
            }),
            K::DeathRecorded => {
                if let Some(died) = c.died {
                    return Err(Refused::record(format!(
                        "death recorded on {on}, but the child's death is already recorded on {} (amend that record instead)",
                        died.date()
                    )));
                }
                c.died = Some(mark);
            }
            K::BabyBorn => self.babies.push(mark),
            K::UascStatusStarted => {
                require(self.uasc.last().is_none_or(|s| !s.is_open()), || {
                    Refused::record(format!(
                        "UASC status started on {on}, but the child is already an unaccompanied asylum-seeking child"
                    ))
                })?;
                self.uasc.push(Spell {
                    start: mark,
                    end: None,
                });
            }
            K::UascStatusEnded => end_spell(&mut self.uasc, mark, "UASC status")?,
            K::Convicted => self.convictions.push(mark),
            K::SubstanceMisuseIdentified => self.substance_misuse.push(mark),
            K::SubstanceMisuseInterventionOffered { received } => {
                self.substance_misuse_interventions.push(Dated {
                    mark,
                    value: *received,
                });
            }
            other => return Err(Refused::misrouted(other)),
        }
        Ok(())
    }
}

/// Ends the open spell in `spells` at `mark`; refused if none is open or
/// the end is before its start.
pub(super) fn end_spell(spells: &mut [Spell], mark: Mark, what: &str) -> Result<(), Refused> {
    let on = mark.date();
    match spells.last_mut() {
        Some(s) if s.is_open() => {
            require(on >= s.start.date(), || {
                Refused::record(format!(
                    "{what} ended on {on}, before it started on {}",
                    s.start.date()
                ))
            })?;
            s.end = Some(mark);
            Ok(())
        }
        _ => Err(Refused::record(format!(
            "{what} ended on {on}, but none is recorded as started"
        ))),
    }
}

/// A disability list says something: at least one code, each once, and
/// `NONE` only alone (CIN rules 8790 and 8794 say the same of the census).
fn check_disabilities(list: &[Disability]) -> Result<(), Refused> {
    const FIELD: &str = "disabilities";
    require(!list.is_empty(), || {
        Refused::value(
            FIELD,
            "give at least one disability, or NONE for a child with none",
        )
    })?;
    require(!list.contains(&Disability::NONE) || list.len() == 1, || {
        Refused::value(
            FIELD,
            "NONE (no disability) cannot be given with a disability",
        )
    })?;
    let mut seen = Vec::with_capacity(list.len());
    for d in list {
        require(!seen.contains(d), || {
            Refused::value(FIELD, format!("disability {d} is given twice"))
        })?;
        seen.push(*d);
    }
    Ok(())
}

#[cfg(test)]
mod tests;
