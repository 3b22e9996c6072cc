//! The synthetic area's registered providers: the children's homes,
//! supported accommodation, family centres, residential schools,
//! fostering services and adoption agencies its children are placed
//! through, each with the Ofsted unique reference number (URN), postcode,
//! placement types and provider code that Ofsted's list gives them.
//!
//! Every placement made through a registered provider names one of these
//! (its URN; for a children's home, supported accommodation, a family
//! centre or a residential school also its postcode), so the SSDA903's
//! checks against Ofsted's list (rules 219, 221, 224, 229 and 1008) hold
//! for the synthetic authority's returns; `hearth synth providers` writes
//! the list. The register is made from the seed and the profile alone, on
//! a stream of its own, so every other draw of the seed is unchanged.
//!
//! Where a provider must be: the authority's own (PR1) inside it, and
//! another authority's (PR2) outside it (rule 229); supported
//! accommodation inside it (rule 241). The rest anywhere in the area.

use hearth_domain::codes::{PlacementProvider, PlacementType};
use hearth_domain::ids::Postcode;

use crate::profile::Profile;
use crate::rng::Rng;

/// Mixed into the seed for the register's stream.
const REGISTER_STREAM: u64 = 0x7265_6769_7374_6572;

/// The kinds of registered provision a placement is made through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// Secure children's homes (K1).
    SecureHome,
    /// Children's homes (K2).
    Home,
    /// Supported accommodation (K3; semi-independent living, H5, before
    /// it was registered).
    Supported,
    /// Residential family centres and mother and baby units (R3).
    FamilyCentre,
    /// Residential schools (S1).
    School,
    /// Fostering services and agencies (U1-U6).
    Fostering,
    /// Adoption agencies (A3-A6).
    Adoption,
}

impl Kind {
    /// The provision a placement type is made through; `None` for the
    /// types with no registered provider.
    pub fn of(place: PlacementType) -> Option<Kind> {
        use PlacementType as P;
        Some(match place {
            P::K1 => Kind::SecureHome,
            P::K2 => Kind::Home,
            P::K3 | P::H5 => Kind::Supported,
            P::R3 => Kind::FamilyCentre,
            P::S1 => Kind::School,
            P::U1 | P::U2 | P::U3 | P::U4 | P::U5 | P::U6 => Kind::Fostering,
            P::A3 | P::A4 | P::A5 | P::A6 => Kind::Adoption,
            _ => return None,
        })
    }

    /// Whether the placement is at the provider's own premises (so at its
    /// postcode), rather than in a carer's or adopter's home.
    pub fn on_premises(self) -> bool {
        !matches!(self, Kind::Fostering | Kind::Adoption)
    }

    /// The placement types Ofsted's list gives for this provision.
    fn place_codes(self) -> &'static [&'static str] {
        match self {
            Kind::SecureHome => &["K1"],
            Kind::Home => &["K2"],
            Kind::Supported => &["K3"],
            Kind::FamilyCentre => &["R3"],
            Kind::School => &["S1"],
            Kind::Fostering => &["U1", "U2", "U3", "U4", "U5", "U6"],
            Kind::Adoption => &["A3", "A4", "A5", "A6"],
        }
    }

    /// What Ofsted calls it in its list's "Provider type" column.
    fn provider_type(self) -> &'static str {
        match self {
            Kind::SecureHome => "Secure Children's Home",
            Kind::Home => "Children's Home",
            Kind::Supported => "Supported Accommodation",
            Kind::FamilyCentre => "Residential Family Centre",
            Kind::School => "Residential Special School",
            Kind::Fostering => "Independent Fostering Agency",
            Kind::Adoption => "Voluntary Adoption Agency",
        }
    }

    /// The URN's first characters: children's homes' URNs begin SC, and
    /// supported accommodation's are seven digits.
    fn urn(self, n: usize) -> String {
        match self {
            Kind::SecureHome | Kind::Home => format!("SC{:06}", 400_000 + n),
            Kind::Supported => format!("{}", 2_500_000 + n),
            Kind::FamilyCentre => format!("SC{:06}", 500_000 + n),
            Kind::School => format!("SC{:06}", 600_000 + n),
            Kind::Fostering | Kind::Adoption => format!("SC{:06}", 900_000 + n),
        }
    }
}

/// One registered provider.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registered {
    pub urn: String,
    pub kind: Kind,
    pub provider: PlacementProvider,
    pub postcode: Postcode,
    /// The upper-tier authority the postcode is in (its ONS code).
    pub authority: String,
    /// The day Ofsted ended its registration: only for providers that
    /// closed before any history the generator makes, so no placement is
    /// made through one (SSDA903 rules 227 and 228).
    pub deregistered: Option<jiff::civil::Date>,
}

impl Registered {
    /// The placement types Ofsted's list gives it.
    pub fn place_codes(&self) -> &'static [&'static str] {
        self.kind.place_codes()
    }

    /// Its "Provider type" in Ofsted's list.
    pub fn provider_type(&self) -> &'static str {
        match (self.kind, self.provider) {
            (Kind::Fostering, PlacementProvider::PR1 | PlacementProvider::PR2) => {
                "Local Authority Fostering Agency"
            }
            (Kind::Adoption, PlacementProvider::PR1 | PlacementProvider::PR2) => {
                "Local Authority Adoption Agency"
            }
            (kind, _) => kind.provider_type(),
        }
    }
}

/// The area's register.
#[derive(Debug, Clone, Default)]
pub struct Register {
    providers: Vec<Registered>,
}

impl Register {
    /// The register of a profile's area, for a seed.
    pub fn of(profile: &Profile, seed: u64) -> Register {
        use Kind as K;
        use PlacementProvider as P;
        let mut rng = Rng::stream(seed ^ REGISTER_STREAM, 0);
        // How many of each: children's homes hold three or four children,
        // and about one child in nine looked after is in one; a handful of
        // each other kind serves an area.
        let scale = profile.scale();
        let count =
            |per_scale: f64, least: usize| ((scale * per_scale).round() as usize).max(least);
        let plan: [(Kind, PlacementProvider, usize); 16] = [
            (K::SecureHome, P::PR1, 1),
            (K::Home, P::PR4, count(3.0, 4)),
            (K::Home, P::PR1, count(0.8, 2)),
            (K::Home, P::PR5, count(0.3, 1)),
            (K::Supported, P::PR4, count(1.5, 3)),
            (K::Supported, P::PR5, count(0.4, 1)),
            (K::FamilyCentre, P::PR4, count(0.2, 1)),
            (K::FamilyCentre, P::PR5, count(0.1, 1)),
            (K::School, P::PR4, count(0.2, 1)),
            (K::School, P::PR5, count(0.1, 1)),
            (K::Fostering, P::PR1, 1),
            (K::Fostering, P::PR4, count(0.3, 3)),
            (K::Fostering, P::PR5, count(0.1, 1)),
            (K::Adoption, P::PR1, 1),
            (K::Adoption, P::PR2, 3),
            (K::Adoption, P::PR5, 2),
        ];
        // Ofsted's list keeps providers that have closed, with the day
        // their registration ended; a few closed before the history.
        let closed: [(Kind, PlacementProvider, usize); 3] = [
            (K::Home, P::PR4, count(0.4, 1)),
            (K::Supported, P::PR4, 1),
            (K::Fostering, P::PR4, 1),
        ];
        let mut providers = Vec::new();
        // One count across the kinds: each kind's URNs start from a base of
        // their own, so none is given twice.
        let mut number = 0;
        let open = plan.into_iter().map(|p| (p, false));
        let shut = closed.into_iter().map(|p| (p, true));
        for ((kind, provider, n), is_closed) in open.chain(shut) {
            for _ in 0..n {
                number += 1;
                let inside = provider == P::PR1 || kind == K::Supported;
                let outside = provider == P::PR2;
                let Some((postcode, authority)) =
                    where_registered(&mut rng, profile, inside, outside)
                else {
                    continue;
                };
                let deregistered = is_closed.then(|| {
                    // Between 2007 and 2011: before the working-day
                    // calendar begins (2012), so before anything generated.
                    let day = rng.range(0, 5 * 365 - 1);
                    jiff::civil::date(2007, 1, 1)
                        .checked_add(jiff::Span::new().days(i64::from(day)))
                        .unwrap_or(jiff::civil::date(2007, 1, 1))
                });
                providers.push(Registered {
                    urn: kind.urn(number),
                    kind,
                    provider,
                    postcode,
                    authority,
                    deregistered,
                });
            }
        }
        Register { providers }
    }

    /// Every provider, in the order made.
    pub fn providers(&self) -> &[Registered] {
        &self.providers
    }

    /// Those of a kind and provider code still registered.
    fn of_kind(&self, kind: Kind, provider: PlacementProvider) -> Vec<&Registered> {
        self.providers
            .iter()
            .filter(|r| r.kind == kind && r.provider == provider && r.deregistered.is_none())
            .collect()
    }

    /// The provider a placement is made through, chosen by `pick` (any
    /// number: the same number, the same provider), other than one at
    /// `not_at` (the child's home postcode) where there is another.
    /// `None` when the register has none of that kind and provider.
    pub fn choose(
        &self,
        kind: Kind,
        provider: PlacementProvider,
        pick: u64,
        not_at: Option<&Postcode>,
    ) -> Option<&Registered> {
        let candidates = self.of_kind(kind, provider);
        let n = candidates.len();
        (0..n)
            .map(|k| candidates[(pick as usize).wrapping_add(k) % n])
            .find(|r| not_at != Some(&r.postcode))
            .or_else(|| candidates.first().copied())
    }
}

/// A postcode in the area for a provider, and its authority: inside the
/// authority, outside it, or anywhere in the area's outward codes.
fn where_registered(
    rng: &mut Rng,
    profile: &Profile,
    inside: bool,
    outside: bool,
) -> Option<(Postcode, String)> {
    let all = crate::people::directory();
    let chosen: Vec<&(&str, &str)> = all
        .iter()
        .filter(|(postcode, district)| {
            let outward = postcode.split_once(' ').map(|(o, _)| o).unwrap_or_default();
            if outside {
                *district != profile.ons_code
            } else {
                profile.outward_codes.contains(&outward)
                    && (!inside || *district == profile.ons_code)
            }
        })
        .collect();
    if chosen.is_empty() {
        return None;
    }
    let (postcode, district) = chosen[(rng.next_u64() % chosen.len() as u64) as usize];
    Some((Postcode::parse(postcode).ok()?, (*district).to_owned()))
}

/// A number from a postcode, to choose a provider by without a draw (so
/// the child's stream is as it was).
pub fn pick_by(postcode: Option<&Postcode>) -> u64 {
    postcode
        .map(|p| p.to_string())
        .unwrap_or_default()
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::PROFILES;

    #[test]
    fn every_kind_a_placement_needs_is_registered_where_the_rules_expect() {
        for profile in PROFILES.iter().filter(|p| !p.streamed) {
            let register = Register::of(profile, 1);
            for r in register.providers() {
                match r.provider {
                    PlacementProvider::PR1 => assert_eq!(r.authority, profile.ons_code, "{r:?}"),
                    PlacementProvider::PR2 => assert_ne!(r.authority, profile.ons_code, "{r:?}"),
                    _ if r.kind == Kind::Supported => {
                        assert_eq!(r.authority, profile.ons_code, "{r:?}")
                    }
                    _ => {}
                }
            }
            use Kind as K;
            use PlacementProvider as P;
            for (kind, provider) in [
                (K::SecureHome, P::PR1),
                (K::Home, P::PR4),
                (K::Home, P::PR1),
                (K::Home, P::PR5),
                (K::Supported, P::PR4),
                (K::Supported, P::PR5),
                (K::FamilyCentre, P::PR4),
                (K::School, P::PR5),
                (K::Fostering, P::PR1),
                (K::Fostering, P::PR4),
                (K::Adoption, P::PR2),
                (K::Adoption, P::PR5),
            ] {
                assert!(
                    register.choose(kind, provider, 7, None).is_some(),
                    "{}: no {kind:?} {provider:?}",
                    profile.name
                );
            }
            let closed: Vec<&Registered> = register
                .providers()
                .iter()
                .filter(|r| r.deregistered.is_some())
                .collect();
            assert!(
                !closed.is_empty(),
                "{}: no provider has closed",
                profile.name
            );
            for r in &closed {
                assert!(
                    r.deregistered < Some(jiff::civil::date(2012, 1, 1)),
                    "{r:?}"
                );
                for pick in 0..50 {
                    assert_ne!(
                        register
                            .choose(r.kind, r.provider, pick, None)
                            .map(|c| &c.urn),
                        Some(&r.urn)
                    );
                }
            }
            let mut urns: Vec<&str> = register
                .providers()
                .iter()
                .map(|r| r.urn.as_str())
                .collect();
            urns.sort_unstable();
            let all = urns.len();
            urns.dedup();
            assert_eq!(urns.len(), all, "{}: a URN given twice", profile.name);
        }
    }

    #[test]
    fn a_provider_is_not_chosen_at_the_childs_home_where_there_is_another() {
        let profile = &PROFILES[0];
        let register = Register::of(profile, 1);
        let first = register
            .choose(Kind::Home, PlacementProvider::PR4, 0, None)
            .unwrap();
        let other = register
            .choose(Kind::Home, PlacementProvider::PR4, 0, Some(&first.postcode))
            .unwrap();
        assert_ne!(other.postcode, first.postcode);
        // The same number chooses the same provider.
        assert_eq!(
            register.choose(Kind::Home, PlacementProvider::PR4, 12345, None),
            register.choose(Kind::Home, PlacementProvider::PR4, 12345, None)
        );
    }
}
