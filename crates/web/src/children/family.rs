//! The child's home, family and network on their page: the case summary's
//! address, who they live with, school and GP; a family tree drawn on the
//! server as SVG with the same people in a list beside it; and the
//! professionals around the child. A relative who is also a child in
//! Hearth is named and linked only where the access policy opens their
//! record to the viewer ([`hearth_app::family::relative_names`]); anyone
//! else sees the relationship alone.

use std::collections::HashMap;

use hearth_app::children::ChildView;
use hearth_app::{AppError, Ctx};
use hearth_domain::events::{Agency, EventKind, Kinship};
use hearth_domain::keys::ChildId;
use hearth_domain::record::ChildRecord;
use hearth_domain::record::family::FamilyMember;

use super::Fact;
use crate::words;

/// Said in place of a relative's name when their record is not open to
/// the viewer: neither the name nor a link.
pub const NOT_AVAILABLE: &str = "Name not available to you";

/// An agency in words.
pub fn agency(a: Agency) -> &'static str {
    match a {
        Agency::SocialCare => "Children's social care",
        Agency::Police => "Police",
        Agency::Health => "Health",
        Agency::Education => "Education",
        Agency::Probation => "Probation",
        Agency::Other => "Other agency",
    }
}

/// What one of this section's events says, for the chronology: a linked
/// relative's name is left out (the chronology is shown without asking
/// about their record), and so is their record's number.
pub(crate) fn detail(event: &EventKind) -> Option<String> {
    use EventKind as K;
    Some(match event {
        K::AddressChanged {
            address,
            postcode,
            lives_with,
        } => {
            let lines: Vec<&str> = address
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect();
            let mut s = lines.join(", ");
            if let Some(p) = postcode {
                s.push_str(&format!(", {p}"));
            }
            format!("{s}. Lives with: {lives_with}")
        }
        K::SchoolChanged { school, urn } => format!("{school} (URN {urn})"),
        K::GpRegistered { practice, ods_code } => match ods_code {
            Some(code) => format!("{practice} ({code})"),
            None => practice.clone(),
        },
        K::FamilyMemberRecorded {
            name,
            relationship,
            parental_responsibility,
            date_of_birth,
            relative,
        } => {
            let mut s = match relative {
                Some(_) => format!(
                    "{}, who is also a child with a record (see the family section)",
                    relationship.in_words()
                ),
                None => format!("{name}, {}", relationship.in_words().to_lowercase()),
            };
            if relative.is_none()
                && let Some(dob) = date_of_birth
            {
                s.push_str(&format!(", born {}", words::date(*dob)));
            }
            if *parental_responsibility {
                s.push_str(", with parental responsibility");
            }
            s
        }
        K::FamilyMemberEnded { .. } => "No longer part of the child's family network".to_owned(),
        K::ProfessionalAdded {
            name,
            role,
            agency: a,
            ..
        } => format!("{name}, {role} ({})", agency(*a)),
        K::ProfessionalEnded { .. } => "No longer works with the child".to_owned(),
        _ => return None,
    })
}

/// How an event of this section is offered where a form names it (ending
/// a family member or a professional): who it is, never a linked
/// relative's name.
pub(crate) fn reference_label(event: &EventKind) -> Option<String> {
    match event {
        EventKind::FamilyMemberRecorded {
            name,
            relationship,
            relative,
            ..
        } => Some(match relative {
            Some(_) => format!("{} (a child with a record)", relationship.in_words()),
            None => format!("{name}, {}", relationship.in_words().to_lowercase()),
        }),
        EventKind::ProfessionalAdded { name, role, .. } => Some(format!("{name}, {role}")),
        _ => None,
    }
}

/// The case summary's rows for home, school and GP.
pub(crate) fn summary(record: Option<&ChildRecord>) -> Vec<Fact> {
    let Some(family) = record.map(|r| &r.family) else {
        return Vec::new();
    };
    let mut facts = Vec::new();
    if let Some(home) = family.home() {
        let mut address: Vec<&str> = home
            .address
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        let postcode = home.postcode.as_ref().map(|p| p.as_str().to_owned());
        address.extend(postcode.as_deref());
        facts.push(Fact {
            key: "Address",
            value: format!(
                "{} (since {})",
                address.join(", "),
                words::date(home.mark.date())
            ),
        });
        facts.push(Fact {
            key: "Lives with",
            value: home.lives_with.clone(),
        });
    }
    if let Some(school) = family.school() {
        facts.push(Fact {
            key: "School",
            value: format!("{} (URN {})", school.school, school.urn),
        });
    }
    if let Some(gp) = family.gp() {
        facts.push(Fact {
            key: "GP",
            value: gp.practice.clone(),
        });
    }
    facts
}

/// One person in the family list.
pub struct Person {
    /// Their name, or [`NOT_AVAILABLE`].
    pub name: String,
    /// Their record's address, where they are a child the viewer may open.
    pub link: Option<String>,
    pub relationship: String,
    pub parental_responsibility: bool,
    pub born: String,
    /// "Recorded 2 March 2024", or how the link was made.
    pub since: String,
}

/// A box in the family tree.
pub struct Node {
    pub x: i32,
    pub y: i32,
    pub name: String,
    pub relationship: String,
    /// The child whose record this is.
    pub this_child: bool,
}

/// A line joining boxes in the family tree.
pub struct Line {
    pub x1: i32,
    pub y1: i32,
    pub x2: i32,
    pub y2: i32,
}

pub struct Tree {
    pub width: i32,
    pub height: i32,
    pub nodes: Vec<Node>,
    pub lines: Vec<Line>,
}

/// A professional in the network.
pub struct Pro {
    pub name: String,
    pub role: String,
    pub agency: &'static str,
    pub contact: String,
    pub since: String,
}

/// The family and network section of the child's page.
pub struct Section {
    pub id: i64,
    pub people: Vec<Person>,
    /// Family members no longer in the network.
    pub former: Vec<Person>,
    pub tree: Option<Tree>,
    pub professionals: Vec<Pro>,
}

const BOX_W: i32 = 170;
const BOX_H: i32 = 48;
const GAP: i32 = 20;
const ROW: i32 = BOX_H + 40;

/// Which row of the tree a relationship is drawn in: grandparents, then
/// parents and carers, then the child with their brothers and sisters;
/// other relatives are in the list only.
fn row_of(k: Kinship) -> Option<usize> {
    if k == Kinship::Grandparent {
        Some(0)
    } else if k.is_parent_or_carer() {
        Some(1)
    } else if k.is_sibling() {
        Some(2)
    } else {
        None
    }
}

/// Lays the tree out: each row centred, a line from each row's boxes to a
/// bar above the row below, and from the bar to each box below.
fn tree(child: &str, people: &[(Kinship, String)]) -> Option<Tree> {
    let mut rows: [Vec<(String, String, bool)>; 3] = Default::default();
    for (k, name) in people {
        if let Some(r) = row_of(*k) {
            rows[r].push((name.clone(), k.in_words().to_owned(), false));
        }
    }
    if rows.iter().all(Vec::is_empty) {
        return None;
    }
    // The child first among their brothers and sisters.
    rows[2].insert(0, (child.to_owned(), "This child".to_owned(), true));
    let used: Vec<&Vec<(String, String, bool)>> = rows.iter().filter(|r| !r.is_empty()).collect();
    let widest = used.iter().map(|r| r.len()).max().unwrap_or(1) as i32;
    let width = widest * (BOX_W + GAP) + GAP;
    let mut nodes = Vec::new();
    let mut lines = Vec::new();
    let mut above: Vec<i32> = Vec::new();
    for (r, row) in used.iter().enumerate() {
        let y = GAP + r as i32 * ROW;
        let n = row.len() as i32;
        let start = (width - (n * (BOX_W + GAP) - GAP)) / 2;
        let centres: Vec<i32> = (0..n)
            .map(|i| start + i * (BOX_W + GAP) + BOX_W / 2)
            .collect();
        if !above.is_empty() {
            let bar = y - 20;
            let all: Vec<i32> = above.iter().chain(centres.iter()).copied().collect();
            let (lo, hi) = (
                *all.iter().min().unwrap_or(&0),
                *all.iter().max().unwrap_or(&0),
            );
            lines.push(Line {
                x1: lo,
                y1: bar,
                x2: hi,
                y2: bar,
            });
            for &x in &above {
                lines.push(Line {
                    x1: x,
                    y1: bar - 20,
                    x2: x,
                    y2: bar,
                });
            }
            for &x in &centres {
                lines.push(Line {
                    x1: x,
                    y1: bar,
                    x2: x,
                    y2: y,
                });
            }
        }
        for ((name, relationship, this_child), x) in row.iter().zip(&centres) {
            nodes.push(Node {
                x: x - BOX_W / 2,
                y,
                name: short(name),
                relationship: relationship.clone(),
                this_child: *this_child,
            });
        }
        above = centres;
    }
    let height = GAP + used.len() as i32 * ROW - 40 + GAP;
    Some(Tree {
        width,
        height,
        nodes,
        lines,
    })
}

/// A name cut to fit its box; the list beside the tree has it whole.
fn short(name: &str) -> String {
    if name.chars().count() <= 22 {
        name.to_owned()
    } else {
        let cut: String = name.chars().take(21).collect();
        format!("{cut}…")
    }
}

/// A relative as the viewer may see them.
fn person(m: &FamilyMember, names: &HashMap<ChildId, String>) -> Person {
    let (name, link) = match m.relative {
        None => (m.name.clone(), None),
        Some(r) => match names.get(&r) {
            Some(n) => (n.clone(), Some(format!("/children/{}", r.0))),
            None => (NOT_AVAILABLE.to_owned(), None),
        },
    };
    Person {
        name,
        link,
        relationship: m.relationship.in_words().to_owned(),
        parental_responsibility: m.parental_responsibility,
        born: match (m.relative, m.date_of_birth) {
            (None, Some(d)) => words::date(d),
            _ => String::new(),
        },
        since: format!("Recorded from {}", words::date(m.mark.date())),
    }
}

/// The section for a child's page: relatives' records named only where
/// the viewer may open them (decided, and audited, by the use-case).
pub(crate) async fn section(ctx: &Ctx<'_>, view: &ChildView) -> Result<Section, AppError> {
    let id = view.child.id;
    let empty = hearth_domain::record::family::Family::default();
    let family = view.record.as_ref().map_or(&empty, |r| &r.family);
    let forward: Vec<ChildId> = family
        .current_members()
        .filter_map(|m| m.relative)
        .collect();
    // Records that name this child, not already named on this one.
    let backward: Vec<&hearth_app::views::ChildLink> = view
        .linked_from
        .iter()
        .filter(|l| !forward.contains(&l.child))
        .collect();
    let names = hearth_app::family::relative_names(
        ctx,
        id,
        forward
            .iter()
            .copied()
            .chain(backward.iter().map(|l| l.child)),
    )
    .await?;
    let mut people: Vec<Person> = family
        .current_members()
        .map(|m| person(m, &names))
        .collect();
    let mut drawn: Vec<(Kinship, String)> = family
        .current_members()
        .zip(&people)
        .map(|(m, p)| (m.relationship, p.name.clone()))
        .collect();
    // A record that names this child shows here only if the viewer may
    // open it: one they may not is not mentioned at all, so the page says
    // nothing of a record they cannot see (an adopted brother's, say).
    for link in backward {
        let Some(name) = names.get(&link.child) else {
            continue;
        };
        let theirs = serde_json::from_value::<Kinship>(link.relationship.clone().into()).ok();
        // Their record says this child is their brother or sister: so they
        // are this child's brother or sister too.
        let relationship = match theirs {
            Some(k) if k.is_sibling() => "Brother or sister".to_owned(),
            _ => "Relative".to_owned(),
        };
        if theirs.is_some_and(Kinship::is_sibling) {
            drawn.push((Kinship::Brother, name.clone()));
        }
        people.push(Person {
            name: name.clone(),
            link: Some(format!("/children/{}", link.child.0)),
            relationship,
            parental_responsibility: false,
            born: String::new(),
            since: format!(
                "Their record names this child as their {}",
                theirs.map_or("relative", Kinship::in_words).to_lowercase()
            ),
        });
    }
    // The drawn "brother" of a linked record is said as "Brother or
    // sister" in the list; in the tree the box says the same.
    let child_name = format!(
        "{} {}",
        view.child.details.given_name, view.child.details.family_name
    );
    let mut tree = tree(&child_name, &drawn);
    if let Some(t) = tree.as_mut() {
        for node in &mut t.nodes {
            if !node.this_child
                && people
                    .iter()
                    .any(|p| short(&p.name) == node.name && p.relationship == "Brother or sister")
            {
                node.relationship = "Brother or sister".to_owned();
            }
        }
    }
    Ok(Section {
        id: id.0,
        people,
        former: family
            .members
            .iter()
            .filter(|m| m.ended.is_some())
            .map(|m| person(m, &names))
            .collect(),
        tree,
        professionals: family
            .current_professionals()
            .map(|p| Pro {
                name: p.name.clone(),
                role: p.role.clone(),
                agency: agency(p.agency),
                contact: p.contact.clone().unwrap_or_default(),
                since: words::date(p.mark.date()),
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tree_draws_parents_above_the_child_and_siblings_beside() {
        let t = tree(
            "Amy Smith",
            &[
                (Kinship::Mother, "Ann Smith".into()),
                (Kinship::Father, "Bob Smith".into()),
                (Kinship::Brother, "Ben Smith".into()),
                (Kinship::AuntOrUncle, "Cat Jones".into()),
            ],
        )
        .unwrap();
        let y = |name: &str| t.nodes.iter().find(|n| n.name == name).unwrap().y;
        assert!(y("Ann Smith") < y("Amy Smith"));
        assert_eq!(y("Ann Smith"), y("Bob Smith"));
        assert_eq!(y("Amy Smith"), y("Ben Smith"));
        assert!(
            t.nodes.iter().all(|n| n.name != "Cat Jones"),
            "other relatives are in the list only"
        );
        assert!(t.nodes.iter().all(|n| n.x >= 0 && n.x + BOX_W <= t.width));
        assert!(!t.lines.is_empty());
    }

    #[test]
    fn no_family_recorded_draws_no_tree() {
        assert!(tree("Amy Smith", &[]).is_none());
        assert!(tree("Amy Smith", &[(Kinship::Other, "A Friend".into())]).is_none());
    }

    #[test]
    fn a_linked_relative_is_never_named_in_the_chronology() {
        let e = EventKind::FamilyMemberRecorded {
            name: "Ben Smith".into(),
            relationship: Kinship::Brother,
            parental_responsibility: false,
            date_of_birth: None,
            relative: Some(ChildId(42)),
        };
        let d = detail(&e).unwrap();
        assert!(!d.contains("Ben") && !d.contains("42"), "{d}");
        let label = reference_label(&e).unwrap();
        assert!(!label.contains("Ben"), "{label}");
    }
}
