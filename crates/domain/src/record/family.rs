//! Where and with whom the child lives, and the people around them: their
//! address history, school and GP, their family as people in the record,
//! and the professional network (Working Together 2023, 1.2 and 4.2: the
//! family network and the agencies that work with the child).
//!
//! Each is a dated fact, so the record as at any date (or as known at any
//! moment) says where the child lived then and who was around them.

use jiff::civil::Date;
use serde::Serialize;

use super::{ChildRecord, Mark, Refused, require};
use crate::events::{Agency, EventId, EventKind, Kinship};
use crate::ids::{Postcode, Urn};
use crate::keys::ChildId;

/// A home, from a date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Home {
    pub mark: Mark,
    pub address: String,
    pub postcode: Option<Postcode>,
    pub lives_with: String,
}

/// A school, from a date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct School {
    pub mark: Mark,
    pub school: String,
    pub urn: Urn,
}

/// A GP practice, from a date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Gp {
    pub mark: Mark,
    pub practice: String,
    pub ods_code: Option<String>,
}

/// A member of the child's family, as a person in the record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FamilyMember {
    pub mark: Mark,
    pub name: String,
    pub relationship: Kinship,
    pub parental_responsibility: bool,
    pub date_of_birth: Option<Date>,
    /// Their own record, where they are also a child in Hearth.
    pub relative: Option<ChildId>,
    /// When they stopped being part of the child's network.
    pub ended: Option<Mark>,
}

/// A professional working with the child.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Professional {
    pub mark: Mark,
    pub name: String,
    pub role: String,
    pub agency: Agency,
    pub contact: Option<String>,
    pub ended: Option<Mark>,
}

/// The child's home, school, GP, family and network, with their history.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Family {
    /// Every home, oldest first; the last is the current one.
    pub homes: Vec<Home>,
    pub schools: Vec<School>,
    pub gps: Vec<Gp>,
    /// Everyone recorded, in the order they were recorded, including those
    /// no longer in the child's network.
    pub members: Vec<FamilyMember>,
    pub professionals: Vec<Professional>,
}

impl Family {
    pub fn home(&self) -> Option<&Home> {
        self.homes.last()
    }

    pub fn school(&self) -> Option<&School> {
        self.schools.last()
    }

    pub fn gp(&self) -> Option<&Gp> {
        self.gps.last()
    }

    /// Family members still in the child's network.
    pub fn current_members(&self) -> impl Iterator<Item = &FamilyMember> {
        self.members.iter().filter(|m| m.ended.is_none())
    }

    /// Professionals still working with the child.
    pub fn current_professionals(&self) -> impl Iterator<Item = &Professional> {
        self.professionals.iter().filter(|p| p.ended.is_none())
    }
}

/// Text a person must give (a name, an address): not blank.
fn given(field: &'static str, text: &str, what: &str) -> Result<(), Refused> {
    require(!text.trim().is_empty(), || {
        Refused::value(field, format!("enter {what}"))
    })
}

/// An NHS organisation code for a GP practice: a letter and five digits
/// (the ODS format for practices, as A81001).
fn ods_code(code: &str) -> Result<(), Refused> {
    let mut chars = code.chars();
    let ok = code.chars().count() == 6
        && chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && chars.all(|c| c.is_ascii_digit());
    require(ok, || {
        Refused::value(
            "ods_code",
            format!(
                "{code:?} is not a GP practice's ODS code: a capital letter and 5 digits, as A81001"
            ),
        )
    })
}

impl ChildRecord {
    /// This stage's part of the fold.
    pub(super) fn apply_family(&mut self, kind: &EventKind, mark: Mark) -> Result<(), Refused> {
        use EventKind as K;
        let on = mark.date();
        let family = &mut self.family;
        match kind {
            K::AddressChanged {
                address,
                postcode,
                lives_with,
            } => {
                given("address", address, "the address")?;
                given("lives_with", lives_with, "who the child lives with")?;
                family.homes.push(Home {
                    mark,
                    address: address.trim().to_owned(),
                    postcode: postcode.clone(),
                    lives_with: lives_with.trim().to_owned(),
                });
            }
            K::SchoolChanged { school, urn } => {
                given("school", school, "the school's name")?;
                family.schools.push(School {
                    mark,
                    school: school.trim().to_owned(),
                    urn: urn.clone(),
                });
            }
            K::GpRegistered { practice, ods_code } => {
                given("practice", practice, "the GP practice")?;
                if let Some(code) = ods_code {
                    self::ods_code(code)?;
                }
                family.gps.push(Gp {
                    mark,
                    practice: practice.trim().to_owned(),
                    ods_code: ods_code.clone(),
                });
            }
            K::FamilyMemberRecorded {
                name,
                relationship,
                parental_responsibility,
                date_of_birth,
                relative,
            } => {
                // A relative with a record of their own is named from it,
                // when the viewer may open it: a name kept here too would
                // reach whoever may read this record (its events over the
                // API, the correction form), so none is kept.
                match relative {
                    Some(_) => require(name.trim().is_empty(), || {
                        Refused::value(
                            "name",
                            "leave the name blank for a child with a record in Hearth: \
                             their name is taken from their record",
                        )
                    })?,
                    None => given("name", name, "their name")?,
                }
                if let Some(dob) = date_of_birth {
                    require(*dob <= on, || {
                        Refused::value(
                            "date_of_birth",
                            format!("a date of birth of {dob} is after the date recorded, {on}"),
                        )
                    })?;
                }
                // One person, one entry: the same relative recorded twice
                // would show twice in the tree.
                if let Some(child) = relative {
                    require(
                        !family.current_members().any(|m| m.relative == Some(*child)),
                        || {
                            Refused::value(
                                "relative",
                                "that child is already recorded as a family member",
                            )
                        },
                    )?;
                }
                family.members.push(FamilyMember {
                    mark,
                    name: name.trim().to_owned(),
                    relationship: *relationship,
                    parental_responsibility: *parental_responsibility,
                    date_of_birth: *date_of_birth,
                    relative: *relative,
                    ended: None,
                });
            }
            K::FamilyMemberEnded { member } => {
                let found = family
                    .members
                    .iter_mut()
                    .find(|m| m.mark.event == *member)
                    .ok_or_else(|| not_recorded("member", *member, "a family member"))?;
                ended(&mut found.ended, mark, "member", "family member")?;
            }
            K::ProfessionalAdded {
                name,
                role,
                agency,
                contact,
            } => {
                given("name", name, "their name")?;
                given("role", role, "their role")?;
                family.professionals.push(Professional {
                    mark,
                    name: name.trim().to_owned(),
                    role: role.trim().to_owned(),
                    agency: *agency,
                    contact: contact
                        .as_deref()
                        .map(str::trim)
                        .filter(|c| !c.is_empty())
                        .map(str::to_owned),
                    ended: None,
                });
            }
            K::ProfessionalEnded { professional } => {
                let found = family
                    .professionals
                    .iter_mut()
                    .find(|p| p.mark.event == *professional)
                    .ok_or_else(|| not_recorded("professional", *professional, "a professional"))?;
                ended(&mut found.ended, mark, "professional", "professional")?;
            }
            other => return Err(Refused::misrouted(other)),
        }
        Ok(())
    }
}

fn not_recorded(field: &'static str, event: EventId, what: &str) -> Refused {
    Refused::reference(
        field,
        format!("event {event} is not {what} recorded before this date"),
    )
}

fn ended(
    slot: &mut Option<Mark>,
    mark: Mark,
    field: &'static str,
    what: &str,
) -> Result<(), Refused> {
    require(slot.is_none(), || {
        Refused::reference(field, format!("that {what} has already been ended"))
    })?;
    *slot = Some(mark);
    Ok(())
}

#[cfg(test)]
mod tests;
