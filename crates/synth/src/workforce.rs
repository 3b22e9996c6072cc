//! The workforce: teams across the journey, social workers with caseloads
//! of 15 to 25, team and service managers, independent reviewing officers
//! and personal advisers.
//!
//! Teams and staff are numbered from 1 in the order they are made, so a
//! fresh database gives them the same ids as the events that name them.

use hearth_domain::access::Role;
use hearth_domain::ids::SweNumber;

use crate::profile::Profile;
use crate::rng::Rng;

/// What a team does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TeamKind {
    /// Safeguarding and family support: child protection and children in
    /// need plans.
    ChildProtection,
    Assessment,
    FrontDoor,
    DisabledChildren,
    LookedAfter,
    Adoption,
    LeavingCare,
}

impl TeamKind {
    /// In the order teams are made: the looked-after children's teams
    /// first, so that `sw1` and `tm1` work with children in care.
    pub const ALL: [TeamKind; 7] = [
        TeamKind::LookedAfter,
        TeamKind::Adoption,
        TeamKind::LeavingCare,
        TeamKind::ChildProtection,
        TeamKind::DisabledChildren,
        TeamKind::Assessment,
        TeamKind::FrontDoor,
    ];

    pub fn label(self) -> &'static str {
        match self {
            TeamKind::ChildProtection => "Safeguarding and family support",
            TeamKind::Assessment => "Assessment",
            TeamKind::FrontDoor => "Front door (MASH)",
            TeamKind::DisabledChildren => "Children with disabilities",
            TeamKind::LookedAfter => "Children looked after",
            TeamKind::Adoption => "Adoption",
            TeamKind::LeavingCare => "Leaving care",
        }
    }

    /// The team's kind as stored (`team.kind`).
    pub fn code(self) -> &'static str {
        match self {
            TeamKind::ChildProtection => "cp_cin",
            TeamKind::Assessment => "assessment",
            TeamKind::FrontDoor => "front_door",
            TeamKind::DisabledChildren => "disabled_children",
            TeamKind::LookedAfter => "looked_after",
            TeamKind::Adoption => "adoption",
            TeamKind::LeavingCare => "leaving_care",
        }
    }

    /// Children the team's workers hold at any time, per 10,000 children
    /// aged 0-17 at England's need: what sizes the team.
    fn open_cases_per_10k(self) -> f64 {
        match self {
            TeamKind::ChildProtection => 175.0,
            TeamKind::Assessment => 48.0,
            TeamKind::FrontDoor => 6.0,
            TeamKind::DisabledChildren => 30.0,
            TeamKind::LookedAfter => 62.0,
            TeamKind::Adoption => 6.0,
            TeamKind::LeavingCare => 45.0,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Team {
    pub id: u32,
    pub name: String,
    pub kind: TeamKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Staff {
    pub id: u32,
    pub username: String,
    pub display_name: String,
    /// Personal advisers hold the social worker role: their scope comes from
    /// allocation, as a social worker's does.
    pub role: Role,
    pub team: Option<u32>,
    pub manager: Option<u32>,
    /// How many children this worker is meant to carry (15 to 25).
    pub capacity: u32,
    /// The Social Work England registration number of a social worker,
    /// team manager or service manager (all registered social workers);
    /// none for personal advisers (`pa*`, who need not be), IROs and the
    /// rest. Invented: "SW" and a number made from the user's id, so it is
    /// unique and the same for a seed.
    pub swe_number: Option<SweNumber>,
}

/// Everyone, and how cases are shared out.
#[derive(Debug, Clone)]
pub struct Workforce {
    pub teams: Vec<Team>,
    pub staff: Vec<Staff>,
    /// Per team kind: the workers' slots, each worker once per child of
    /// capacity, interleaved; allocation walks them in turn.
    slots: Vec<(TeamKind, Vec<(u32, u32)>)>,
    counters: Vec<usize>,
    iros: Vec<u32>,
    iro_counter: usize,
    managers: Vec<(u32, u32)>,
}

const STAFF_GIVEN: &[&str] = &[
    "Alex", "Bev", "Chris", "Dami", "Esther", "Faisal", "Gemma", "Hollie", "Imran", "Jo", "Kerry",
    "Lorna", "Marcus", "Nia", "Owen", "Priya", "Rachel", "Sam", "Tanya", "Usman", "Vicky", "Wes",
    "Yvonne", "Zainab",
];
const STAFF_FAMILY: &[&str] = &[
    "Abbott",
    "Barker",
    "Cartwright",
    "Dodds",
    "Eccles",
    "Fairbairn",
    "Gill",
    "Horsfall",
    "Iqbal",
    "Jarvis",
    "Knowles",
    "Leach",
    "Mellor",
    "Nolan",
    "Oates",
    "Platt",
    "Rhodes",
    "Sykes",
    "Tordoff",
    "Uttley",
    "Wade",
    "Yates",
];

/// Social workers per team before a new team is made.
const TEAM_SIZE: u32 = 7;

impl Workforce {
    /// The workforce for `profile`, sized from the caseloads it will carry.
    pub fn for_profile(profile: &Profile, seed: u64) -> Workforce {
        let mut rng = Rng::stream(seed, u64::MAX);
        let mut w = Workforce {
            teams: Vec::new(),
            staff: Vec::new(),
            slots: Vec::new(),
            counters: Vec::new(),
            iros: Vec::new(),
            iro_counter: 0,
            managers: Vec::new(),
        };
        let mut n_sw = 0u32;
        let mut n_tm = 0u32;
        let mut n_pa = 0u32;
        let mut n_sm = 0u32;
        let scale = profile.scale();
        let mut service_manager = None;
        for kind in TeamKind::ALL {
            // A service manager for each part of the service.
            if matches!(
                kind,
                TeamKind::LookedAfter | TeamKind::ChildProtection | TeamKind::Assessment
            ) {
                n_sm += 1;
                let id = w.add(
                    &mut rng,
                    format!("sm{n_sm}"),
                    Role::ServiceManager,
                    None,
                    None,
                    0,
                );
                service_manager = Some(id);
            }
            let open = kind.open_cases_per_10k() * scale;
            let workers = ((open / 18.5).ceil() as u32).max(2);
            let teams = workers.div_ceil(TEAM_SIZE);
            let mut slots = Vec::new();
            for t in 0..teams {
                let team_id = w.teams.len() as u32 + 1;
                let name = if teams == 1 {
                    kind.label().to_string()
                } else {
                    format!("{} {}", kind.label(), t + 1)
                };
                w.teams.push(Team {
                    id: team_id,
                    name,
                    kind,
                });
                n_tm += 1;
                let tm = w.add(
                    &mut rng,
                    format!("tm{n_tm}"),
                    Role::TeamManager,
                    Some(team_id),
                    service_manager,
                    0,
                );
                w.managers.push((team_id, tm));
                let in_team = (workers - t * TEAM_SIZE).min(TEAM_SIZE);
                for _ in 0..in_team {
                    let capacity = rng.range(16, 24) as u32;
                    let username = if kind == TeamKind::LeavingCare {
                        n_pa += 1;
                        format!("pa{n_pa}")
                    } else {
                        n_sw += 1;
                        format!("sw{n_sw}")
                    };
                    let id = w.add(
                        &mut rng,
                        username,
                        Role::SocialWorker,
                        Some(team_id),
                        Some(tm),
                        capacity,
                    );
                    slots.push((id, team_id, capacity));
                }
            }
            // Interleave: worker a, b, c, a, b, c, ... each as often as
            // their capacity, so every stretch of allocations is shared out
            // in proportion.
            let most = slots.iter().map(|s| s.2).max().unwrap_or(0);
            let mut order = Vec::new();
            for round in 0..most {
                for &(id, team, cap) in &slots {
                    if round < cap {
                        order.push((id, team));
                    }
                }
            }
            w.slots.push((kind, order));
            w.counters.push(0);
        }
        let iros = (((42.0 + 70.0) * scale / 60.0).ceil() as u32).max(1);
        for i in 0..iros {
            let id = w.add(&mut rng, format!("iro{}", i + 1), Role::Iro, None, None, 0);
            w.iros.push(id);
        }
        for (username, role) in [
            ("analyst1", Role::PerformanceAnalyst),
            ("auditor1", Role::Auditor),
            ("admin1", Role::SystemAdministrator),
            ("bs1", Role::BusinessSupport),
        ] {
            w.add(&mut rng, username.into(), role, None, None, 0);
        }
        w
    }

    fn add(
        &mut self,
        rng: &mut Rng,
        username: String,
        role: Role,
        team: Option<u32>,
        manager: Option<u32>,
        capacity: u32,
    ) -> u32 {
        let id = self.staff.len() as u32 + 1;
        let display_name = format!("{} {}", rng.pick(STAFF_GIVEN), rng.pick(STAFF_FAMILY));
        let registered = matches!(role, Role::TeamManager | Role::ServiceManager)
            || (role == Role::SocialWorker && !username.starts_with("pa"));
        let swe_number = registered
            .then(|| SweNumber::parse(&format!("SW{}", 100_000 + u64::from(id) * 37)).ok())
            .flatten();
        self.staff.push(Staff {
            id,
            username,
            display_name,
            role,
            team,
            manager,
            capacity,
            swe_number,
        });
        id
    }

    /// The next worker in a team of `kind`, in turn: (worker, team).
    pub fn allocate(&mut self, kind: TeamKind) -> (u32, u32) {
        let Some(i) = self.slots.iter().position(|(k, _)| *k == kind) else {
            return (1, 1);
        };
        let order = &self.slots[i].1;
        if order.is_empty() {
            return (1, 1);
        }
        let pick = order[self.counters[i] % order.len()];
        self.counters[i] += 1;
        pick
    }

    /// An IRO, in turn.
    pub fn iro(&mut self) -> u32 {
        let id = self.iros[self.iro_counter % self.iros.len().max(1)];
        self.iro_counter += 1;
        id
    }

    /// The manager of `team`.
    pub fn manager_of(&self, team: u32) -> u32 {
        self.managers
            .iter()
            .find(|(t, _)| *t == team)
            .map_or(1, |(_, m)| *m)
    }

    pub fn team(&self, id: u32) -> Option<&Team> {
        self.teams.iter().find(|t| t.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::PROFILES;

    #[test]
    fn every_kind_of_team_is_staffed_and_managed() {
        let w = Workforce::for_profile(&PROFILES[1], 1);
        for kind in TeamKind::ALL {
            let teams: Vec<&Team> = w.teams.iter().filter(|t| t.kind == kind).collect();
            assert!(!teams.is_empty(), "{kind:?}");
            for t in teams {
                let members: Vec<&Staff> =
                    w.staff.iter().filter(|s| s.team == Some(t.id)).collect();
                assert!(members.iter().any(|s| s.role == Role::TeamManager));
                assert!(members.iter().any(|s| s.role == Role::SocialWorker));
                assert!(
                    members
                        .iter()
                        .all(|s| s.capacity == 0 || (15..=25).contains(&s.capacity))
                );
            }
        }
        assert!(w.staff.iter().any(|s| s.role == Role::Iro));
        let ids: Vec<u32> = w.staff.iter().map(|s| s.id).collect();
        assert_eq!(ids, (1..=w.staff.len() as u32).collect::<Vec<_>>());
        assert_eq!(w.staff[0].username, "sm1");
    }

    #[test]
    fn allocation_shares_cases_by_capacity() {
        let mut w = Workforce::for_profile(&PROFILES[1], 1);
        let mut counts = std::collections::HashMap::new();
        for _ in 0..10_000 {
            let (worker, team) = w.allocate(TeamKind::ChildProtection);
            assert_eq!(w.team(team).unwrap().kind, TeamKind::ChildProtection);
            *counts.entry(worker).or_insert(0u32) += 1;
        }
        let caps: std::collections::HashMap<u32, u32> =
            w.staff.iter().map(|s| (s.id, s.capacity)).collect();
        let per_unit: Vec<f64> = counts
            .iter()
            .map(|(id, n)| f64::from(*n) / f64::from(caps[id]))
            .collect();
        let (lo, hi) = per_unit
            .iter()
            .fold((f64::MAX, 0.0f64), |(a, b), x| (a.min(*x), b.max(*x)));
        assert!(hi / lo < 1.1, "{lo} {hi}");
    }
}
