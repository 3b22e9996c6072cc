//! Each generated family's home, parents and network, recorded in every
//! child's ledger: an address with who the child lives with, a school
//! (with a URN) for school-age children, a GP, the parents and the
//! brothers and sisters as people (a brother or sister who also has a
//! record is linked to it), and the professionals around the child: a
//! health visitor or the school's safeguarding lead, and a police contact
//! where there was a section 47 enquiry; a looked-after child's home
//! changes to their placement the day they come into care. A handful of events a child, so
//! the largest profile stays quick to load.
//!
//! All of it is drawn from a stream of its own for the family, so adding it
//! changed nothing else the family's stream decides.

use hearth_domain::codes::Sex;
use hearth_domain::events::{Agency, EventKind, Kinship};
use hearth_domain::ids::{Postcode, Urn};
use hearth_domain::keys::ChildId;

use crate::kid::{Day, Kid, day};
use crate::rng::Rng;

const STREETS: &[&str] = &[
    "Acacia Avenue",
    "Beech Road",
    "Canal Street",
    "Church Lane",
    "Elm Close",
    "Field View",
    "Hawthorn Drive",
    "Mill Lane",
    "Park Crescent",
    "Queen Street",
    "Station Road",
    "Victoria Terrace",
    "Willow Way",
];
const PRIMARY: &[&str] = &[
    "Oakfield Primary School",
    "St Mary's Church of England Primary School",
    "Brook Lane Primary Academy",
    "Greenfields Infant and Junior School",
    "Hillside Community Primary School",
];
const SECONDARY: &[&str] = &[
    "Castle View Academy",
    "Riverside High School",
    "St John's Catholic High School",
    "Northgate Community College",
];
const PRACTICES: &[&str] = &[
    "The Market Street Surgery",
    "Parkside Medical Centre",
    "Riverside Health Centre",
    "Elm Tree Family Practice",
];
const PROFESSIONAL_GIVEN: &[&str] = &["Alex", "Jo", "Sam", "Chris", "Pat", "Nadia", "Imran"];
const PROFESSIONAL_FAMILY: &[&str] = &["Hughes", "Patel", "Okafor", "Walsh", "Kowalski", "Reid"];

/// What the children of one family share: their home and their parents.
pub struct Household {
    address: String,
    postcode: Option<Postcode>,
    mother: String,
    /// The father, and whether he has parental responsibility.
    father: Option<(String, bool)>,
    practice: (&'static str, String),
    /// A private fostering arrangement: the child lives with a carer who
    /// is not a parent.
    privately_fostered: bool,
    /// An unaccompanied child: no parents in the country.
    unaccompanied: bool,
}

impl Household {
    /// The household of family number `family` under `seed`, whose
    /// children have `family_name` and live at `postcode`.
    pub fn new(
        seed: u64,
        family: u64,
        family_name: &str,
        postcode: Option<Postcode>,
        kind: u8,
    ) -> Household {
        // A stream of its own (a different seed from the family's own).
        let mut rng = Rng::stream(seed ^ 0x4641_4D49_4C59, family);
        let address = format!(
            "{} {}\n{}",
            rng.range(1, 180),
            rng.pick(STREETS),
            rng.pick(&["Northtown", "Southfield", "Westbury", "Eastmoor"])
        );
        let mother = format!(
            "{} {family_name}",
            crate::people::given_name(&mut rng, Sex::F)
        );
        let father = rng.chance(0.7).then(|| {
            let surname = if rng.chance(0.6) {
                family_name
            } else {
                rng.pick(PROFESSIONAL_FAMILY)
            };
            (
                format!("{} {surname}", crate::people::given_name(&mut rng, Sex::M)),
                rng.chance(0.8),
            )
        });
        let practice = (
            rng.pick(PRACTICES),
            format!(
                "{}{:05}",
                char::from(rng.pick(b"ABCDEFGHJKLMNPY")),
                rng.range(1, 99_999)
            ),
        );
        Household {
            address,
            postcode,
            mother,
            father,
            practice,
            privately_fostered: kind == 3,
            unaccompanied: kind == 1,
        }
    }
}

/// A brother or sister already given a record.
#[derive(Clone)]
pub struct Sibling {
    pub child: ChildId,
    pub sex: Sex,
}

fn someone(rng: &mut Rng) -> String {
    format!(
        "{} {}",
        rng.pick(PROFESSIONAL_GIVEN),
        rng.pick(PROFESSIONAL_FAMILY)
    )
}

/// A telephone number from the range Ofcom keeps for drama, so none is a
/// real one.
fn telephone(rng: &mut Rng) -> String {
    format!("01632 960{:03}", rng.range(0, 999))
}

/// Records the child's home, family and network on the day of their first
/// recorded fact, linking the brothers and sisters given records before
/// them (the link shows from both sides).
pub fn record(kid: &mut Kid, household: &Household, siblings: &[Sibling]) {
    let Some(first) = kid.events.iter().map(|e| day(e.on.date())).min() else {
        return;
    };
    let by: u32 = kid
        .events
        .first()
        .and_then(|e| e.recorded_by.parse().ok())
        .unwrap_or(0);
    let mut rng = Rng::stream(kid.rng.next_u64(), 0x4E45_5457);
    let age = kid.age_on(first);
    let add = |kid: &mut Kid, on: Day, kind: EventKind| {
        kid.add(on, by, kind);
    };
    let lives_with = if household.unaccompanied {
        "Supported lodgings carer".to_owned()
    } else if household.privately_fostered {
        "A family friend (private fostering arrangement)".to_owned()
    } else {
        let mut with = vec!["mother"];
        if household.father.is_some() && rng.chance(0.5) {
            with.push("father");
        }
        if !siblings.is_empty() {
            with.push("brothers and sisters");
        }
        let mut text = with.join(" and ");
        text[..1].make_ascii_uppercase();
        text
    };
    add(
        kid,
        first,
        EventKind::AddressChanged {
            address: household.address.clone(),
            postcode: household.postcode.clone(),
            lives_with,
        },
    );
    if (4..=16).contains(&age) {
        let school = if age < 11 {
            rng.pick(PRIMARY)
        } else {
            rng.pick(SECONDARY)
        };
        if let Some(urn) = Urn::numbered(100_000 + rng.range(0, 49_999) as u32) {
            add(
                kid,
                first,
                EventKind::SchoolChanged {
                    school: school.to_owned(),
                    urn,
                },
            );
        }
        add(
            kid,
            first,
            EventKind::ProfessionalAdded {
                name: someone(&mut rng),
                role: format!("Designated safeguarding lead, {school}"),
                agency: Agency::Education,
                contact: Some(telephone(&mut rng)),
            },
        );
    } else if age < 5 {
        add(
            kid,
            first,
            EventKind::ProfessionalAdded {
                name: someone(&mut rng),
                role: "Health visitor".into(),
                agency: Agency::Health,
                contact: Some(telephone(&mut rng)),
            },
        );
    }
    add(
        kid,
        first,
        EventKind::GpRegistered {
            practice: household.practice.0.to_owned(),
            ods_code: Some(household.practice.1.clone()),
        },
    );
    if !household.unaccompanied {
        add(
            kid,
            first,
            EventKind::FamilyMemberRecorded {
                name: household.mother.clone(),
                relationship: Kinship::Mother,
                parental_responsibility: true,
                date_of_birth: None,
                relative: None,
            },
        );
        if let Some((father, pr)) = &household.father {
            add(
                kid,
                first,
                EventKind::FamilyMemberRecorded {
                    name: father.clone(),
                    relationship: Kinship::Father,
                    parental_responsibility: *pr,
                    date_of_birth: None,
                    relative: None,
                },
            );
        }
    }
    for s in siblings {
        add(
            kid,
            first,
            EventKind::FamilyMemberRecorded {
                // Named from their own record, for those who may open it.
                name: String::new(),
                relationship: if s.sex == Sex::M {
                    Kinship::Brother
                } else {
                    Kinship::Sister
                },
                parental_responsibility: false,
                date_of_birth: None,
                relative: Some(s.child),
            },
        );
    }
    // A looked-after child lives where they are placed from the day they
    // come into care; the placement's address is the fostering service's
    // to give, so the record says whom they live with.
    let care = kid.events.iter().find_map(|e| match &e.event {
        EventKind::BecameLookedAfter { placement, .. } => {
            Some((day(e.on.date()), placement.placement_type.in_words()))
        }
        _ => None,
    });
    if let Some((on, placement)) = care.filter(|(on, _)| *on > first) {
        add(
            kid,
            on,
            EventKind::AddressChanged {
                address: "Placement address held by the placing team".into(),
                postcode: None,
                lives_with: format!("Looked after: {placement}"),
            },
        );
    }
    // A police contact from the child's first section 47 enquiry.
    let enquiry = kid
        .events
        .iter()
        .find(|e| matches!(e.event, EventKind::Section47Started))
        .map(|e| day(e.on.date()));
    if let Some(on) = enquiry {
        add(
            kid,
            on,
            EventKind::ProfessionalAdded {
                name: format!("DC {}", someone(&mut rng)),
                role: "Child abuse investigation officer".into(),
                agency: Agency::Police,
                contact: Some(telephone(&mut rng)),
            },
        );
    }
}
