//! Facts about a looked-after child that the SSDA903 counts beside the
//! episodes: development checks for a child under 5 (OC2 `HEALTH_CHECK`),
//! the permanence order that ended an earlier period of care (`PrevPerm`),
//! and deprivation of liberty orders (the 2026-27 deprivation of liberty
//! file). None of them needs the child to be looked after on the day: a
//! previous permanence is often known before the child comes into care,
//! and the return picks what falls in its population.

use jiff::civil::Date;
use serde::Serialize;

use super::characteristics::{Dated, Spell, end_spell};
use super::refusal::require;
use super::{ChildRecord, Mark, Refused};
use crate::codes::PreviousPermanence;
use crate::events::EventKind;

/// SSDA903 `PREV_PERM`, `DATE_PERM` and `LA_PERM`, as recorded on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PreviousPermanenceRecord {
    pub mark: Mark,
    pub permanence: PreviousPermanence,
    /// The date the order was made, where known.
    pub date: Option<Date>,
    /// The three-digit code of the local authority, where known.
    pub local_authority: Option<String>,
}

impl ChildRecord {
    /// The care stage's facts for the returns ([`super::care`] hands them
    /// here).
    pub(super) fn apply_looked_after_facts(
        &mut self,
        kind: &EventKind,
        mark: Mark,
    ) -> Result<(), Refused> {
        use EventKind as K;
        let on = mark.date();
        match kind {
            K::DevelopmentChecksRecorded { up_to_date } => self.development_checks.push(Dated {
                mark,
                value: *up_to_date,
            }),
            K::PreviousPermanenceRecorded {
                permanence,
                date,
                local_authority,
            } => {
                require(date.is_none_or(|d| d <= on), || {
                    Refused::value(
                        "date",
                        format!(
                            "the previous permanence order cannot be dated after it is recorded ({on})"
                        ),
                    )
                })?;
                let local_authority = local_authority
                    .as_deref()
                    .map(str::trim)
                    .filter(|s| !s.is_empty());
                // Three characters: an English authority's number (886),
                // or a code for elsewhere in the UK (WAL, SCO, NIR, NUK).
                require(
                    local_authority.is_none_or(|la| {
                        la.len() == 3 && la.bytes().all(|b| b.is_ascii_alphanumeric())
                    }),
                    || {
                        Refused::value(
                            "local_authority",
                            "give the local authority's three-character code, as 886",
                        )
                    },
                )?;
                // Z1 says there was no earlier order: nothing to date or
                // place (SSDA903 rule 635 says the same of the return).
                require(
                    *permanence != PreviousPermanence::Z1
                        || (date.is_none() && local_authority.is_none()),
                    || {
                        Refused::value(
                            "permanence",
                            "Z1 (no previous permanence order) cannot have the order's date or local authority",
                        )
                    },
                )?;
                self.previous_permanence.push(PreviousPermanenceRecord {
                    mark,
                    permanence: *permanence,
                    date: *date,
                    local_authority: local_authority.map(str::to_owned),
                });
            }
            K::DeprivationOfLibertyStarted => {
                require(
                    self.deprivation_of_liberty
                        .last()
                        .is_none_or(|s| !s.is_open()),
                    || {
                        Refused::record(format!(
                            "deprivation of liberty order started on {on}, but one is already in force"
                        ))
                    },
                )?;
                self.deprivation_of_liberty.push(Spell {
                    start: mark,
                    end: None,
                });
            }
            K::DeprivationOfLibertyEnded => end_spell(
                &mut self.deprivation_of_liberty,
                mark,
                "deprivation of liberty order",
            )?,
            other => return Err(Refused::misrouted(other)),
        }
        Ok(())
    }
}
