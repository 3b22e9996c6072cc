//! Where a child in care is placed: the placement's type, provider,
//! postcode and Ofsted URN, drawn for their age, as the SSDA903 reports
//! them (Care Planning, Placement and Case Review (England) Regulations
//! 2010, Part 4).

use hearth_domain::codes::{LegalStatus, PlacementProvider, PlacementType};
use hearth_domain::events::Placement;

use crate::kid::{Day, Kid, date};
use crate::register::{Kind, Register, pick_by};

/// A placement drawn for the child's age on `on` (a placement for adoption
/// when `adoption`), with its provider, its postcode among the area's
/// (`outward`; inside the authority `district` where the SSDA903 expects
/// it) and the URN of the registered provider it is made through (from
/// `register`; a home, supported accommodation, family centre or school
/// also gives its postcode).
pub(super) fn placement(
    kid: &mut Kid,
    on: Day,
    (outward, district): (&[&str], &str),
    register: &Register,
    adoption: bool,
) -> Placement {
    use PlacementType as P;
    let age = kid.age_on(on);
    let when = date(on);
    // Foster care's weights are tuned so that its share at 31 March sits
    // on the national 67% over twenty seeds (`hearth synth calibrate`).
    let placement_type = if adoption {
        kid.rng.pick(&[P::A5, P::A6, P::A6])
    } else {
        let semi = if when >= jiff::civil::date(2024, 4, 1) {
            P::K3
        } else {
            P::H5
        };
        let table: &[(PlacementType, u32)] = match age {
            0 => &[
                (P::U6, 50),
                (P::U3, 14),
                (P::U5, 10),
                (P::P1, 6),
                (P::R3, 8),
            ],
            1..=10 => &[
                (P::U6, 51),
                (P::U4, 10),
                (P::U3, 14),
                (P::U1, 4),
                (P::K2, 5),
                (P::P1, 11),
            ],
            11..=15 => &[
                (P::U6, 40),
                (P::U4, 12),
                (P::U3, 10),
                (P::K2, 24),
                (P::P1, 6),
                (P::K1, 1),
                (P::S1, 2),
            ],
            _ => &[
                (P::U6, 30),
                (P::U3, 8),
                (P::K2, 18),
                (semi, 38),
                (P::P1, 4),
                (P::R5, 2),
            ],
        };
        kid.rng.weighted(table)
    };
    let provider = match placement_type {
        P::U1 | P::U2 | P::U3 => PlacementProvider::PR1,
        P::U4 | P::U5 | P::U6 => {
            if kid.rng.chance(0.6) {
                PlacementProvider::PR1
            } else {
                PlacementProvider::PR4
            }
        }
        P::K1 => PlacementProvider::PR1,
        P::K2 => kid.rng.weighted(&[
            (PlacementProvider::PR4, 75),
            (PlacementProvider::PR1, 20),
            (PlacementProvider::PR5, 5),
        ]),
        P::P1 => PlacementProvider::PR0,
        P::R5 => PlacementProvider::PR3,
        P::A5 | P::A6 => kid.rng.weighted(&[
            (PlacementProvider::PR1, 50),
            (PlacementProvider::PR2, 30),
            (PlacementProvider::PR5, 20),
        ]),
        _ => {
            if kid.rng.chance(0.8) {
                PlacementProvider::PR4
            } else {
                PlacementProvider::PR5
            }
        }
    };
    // Which home or supported accommodation: this draw once made up the
    // URN itself, so the child's stream is as it was.
    let home_pick = match placement_type {
        P::K1 | P::K2 => Some(kid.rng.range(400_000, 499_999)),
        P::K3 | P::H5 => Some(kid.rng.range(500_000, 599_999)),
        _ => None,
    };
    // Supported accommodation (K3, and semi-independent living that
    // became it) and the authority's own provision other than foster care
    // and adoption are inside the authority (SSDA903 rules 241 and 1015).
    let inside = matches!(placement_type, P::K3 | P::H5)
        || provider == PlacementProvider::PR1
            && !matches!(placement_type, P::A3 | P::A4 | P::A5 | P::A6)
            && !foster_care(placement_type);
    let draw = |rng: &mut crate::rng::Rng| {
        if inside {
            crate::people::postcode_within(rng, outward, district)
                .or_else(|| crate::people::postcode(rng, outward))
        } else {
            crate::people::postcode(rng, outward)
        }
    };
    let postcode = if placement_type == P::P1 {
        kid.identity.postcode.clone()
    } else {
        let drawn = draw(&mut kid.rng);
        if drawn.is_some() && drawn == kid.identity.postcode {
            // Placed away from home, so at another postcode (SSDA903 rule
            // 392d): the directory sample holds few postcodes an outward
            // code, so a draw can be the home's. Drawn again from a copy of
            // the child's stream, so every later draw is as it was.
            let mut side = kid.rng.clone();
            (0..16)
                .map(|_| draw(&mut side))
                .find(|p| p.is_some() && *p != kid.identity.postcode)
                .unwrap_or(drawn)
        } else {
            drawn
        }
    };
    // Every placement but those with no Ofsted-registered provider (with
    // parents, independent living, youth justice, temporary and other
    // placements: SSDA903 rule 218) is made through a registered one.
    let registered = Kind::of(placement_type).and_then(|kind| {
        let pick = home_pick.map_or_else(|| pick_by(postcode.as_ref()), |n| n as u64);
        let not_at = kind
            .on_premises()
            .then_some(kid.identity.postcode.as_ref())
            .flatten();
        register.choose(kind, provider, pick, not_at)
    });
    let (urn, postcode) = match registered {
        Some(r) if r.kind.on_premises() => (Some(r.urn.clone()), Some(r.postcode.clone())),
        Some(r) => (Some(r.urn.clone()), postcode),
        None => (None, postcode),
    };
    let long_term = matches!(placement_type, P::U1 | P::U4);
    Placement {
        placement_type,
        provider: Some(provider),
        postcode,
        urn,
        long_term,
    }
}

/// Whether two placements are the same as the SSDA903 shows a placement:
/// its type, provider, postcode and URN.
pub(super) fn same_place(a: &Placement, b: &Placement) -> bool {
    a.placement_type == b.placement_type
        && a.provider == b.provider
        && a.postcode == b.postcode
        && a.urn == b.urn
}

/// Whether a placement is with foster carers (U1-U6).
pub(super) fn foster_care(placement_type: PlacementType) -> bool {
    use PlacementType as P;
    matches!(
        placement_type,
        P::U1 | P::U2 | P::U3 | P::U4 | P::U5 | P::U6
    )
}

/// A child accommodated under section 20 (V2) cannot be placed with their
/// parents (SSDA903 rule 378: that would end the accommodation): a
/// placement drawn as P1 for them is with the authority's own foster
/// carers instead. Its postcode comes from a copy of the child's stream, so
/// every later draw of the seed is as it was.
pub(super) fn not_with_parents_under_section_20(
    kid: &Kid,
    placement: Placement,
    legal_status: LegalStatus,
    outward: &[&str],
    register: &Register,
) -> Placement {
    if legal_status != LegalStatus::V2 || placement.placement_type != PlacementType::P1 {
        return placement;
    }
    let mut side = kid.rng.clone();
    let provider = PlacementProvider::PR1;
    let postcode = crate::people::postcode(&mut side, outward);
    let urn = register
        .choose(Kind::Fostering, provider, pick_by(postcode.as_ref()), None)
        .map(|r| r.urn.clone());
    Placement {
        placement_type: PlacementType::U6,
        provider: Some(provider),
        postcode,
        urn,
        long_term: false,
    }
}
