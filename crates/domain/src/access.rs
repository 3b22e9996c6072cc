//! Who may do what to which child's record: a pure policy.
//!
//! Roles grant verbs; relationships set their scope: the child's allocation,
//! the worker's team, the management line above the allocated worker's team,
//! and explicit grants. Restricted records (adoption, staff relatives, high
//! profile) are denied by default, even within scope, unless an explicit
//! grant names the child. Break-glass access, with a written reason and an
//! expiry, opens one child to one user for a while and is always reported.
//!
//! A child the user may not see is [`Decision::NotFound`]: the web answers
//! 404, so a record's existence is not disclosed.

use jiff::Timestamp;

/// A user's role (DESIGN.md, "Access and audit").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    SocialWorker,
    TeamManager,
    ServiceManager,
    Iro,
    PerformanceAnalyst,
    BusinessSupport,
    SystemAdministrator,
    Auditor,
}

impl Role {
    pub const ALL: [Role; 8] = [
        Role::SocialWorker,
        Role::TeamManager,
        Role::ServiceManager,
        Role::Iro,
        Role::PerformanceAnalyst,
        Role::BusinessSupport,
        Role::SystemAdministrator,
        Role::Auditor,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::SocialWorker => "social_worker",
            Role::TeamManager => "team_manager",
            Role::ServiceManager => "service_manager",
            Role::Iro => "iro",
            Role::PerformanceAnalyst => "performance_analyst",
            Role::BusinessSupport => "business_support",
            Role::SystemAdministrator => "system_administrator",
            Role::Auditor => "auditor",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// What the role may do, before scope is considered. Pages use it to
    /// offer only what the user may do; [`authorize`] decides.
    pub fn grants(self, action: Action) -> bool {
        use Action::*;
        match self {
            Role::SocialWorker => matches!(action, View | Record),
            Role::TeamManager | Role::ServiceManager => {
                matches!(action, View | Record | Correct | Allocate | ViewAccessLog)
            }
            Role::Iro => matches!(action, View | Record),
            Role::BusinessSupport => matches!(action, View | Record),
            Role::PerformanceAnalyst => matches!(action, View | Export),
            Role::Auditor => matches!(action, View | ViewAccessLog),
            // Administrators run the system, not casework: no child records.
            Role::SystemAdministrator => false,
        }
    }

    /// Roles whose view is the whole authority (read-only work: returns,
    /// audit), rather than the caseload their relationships give.
    fn authority_wide(self) -> bool {
        matches!(self, Role::PerformanceAnalyst | Role::Auditor)
    }
}

/// What a user wants to do with a child's record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Read the record (summary, chronology, obligations).
    View,
    /// Add an event to the ledger.
    Record,
    /// Amend or void an event.
    Correct,
    /// Allocate or reallocate the child.
    Allocate,
    /// Read "who has looked at this record".
    ViewAccessLog,
    /// Take the record out of the system (returns, downloads).
    Export,
}

impl Action {
    pub const ALL: [Action; 6] = [
        Action::View,
        Action::Record,
        Action::Correct,
        Action::Allocate,
        Action::ViewAccessLog,
        Action::Export,
    ];
}

/// Why a record is restricted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Restriction {
    Adoption,
    StaffRelative,
    HighProfile,
}

impl Restriction {
    pub const ALL: [Restriction; 3] = [
        Restriction::Adoption,
        Restriction::StaffRelative,
        Restriction::HighProfile,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Restriction::Adoption => "adoption",
            Restriction::StaffRelative => "staff_relative",
            Restriction::HighProfile => "high_profile",
        }
    }

    pub fn parse(s: &str) -> Option<Restriction> {
        Restriction::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// The user asking, with the relationships that set their scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user: i64,
    pub role: Role,
    /// The user's own team.
    pub team: Option<i64>,
    /// Teams in the user's management line (their own team for a team
    /// manager; every team below them for a service manager).
    pub manages: Vec<i64>,
}

/// An explicit grant of one child to one user, until a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grant {
    pub user: i64,
    pub until: Timestamp,
    /// Break-glass: self-granted with a written reason, and reported.
    pub break_glass: bool,
}

/// What the policy needs to know about a child.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ChildAccess {
    pub allocated_worker: Option<i64>,
    pub allocated_team: Option<i64>,
    /// The IRO appointed for the child.
    pub iro: Option<i64>,
    pub restricted: Option<Restriction>,
    pub grants: Vec<Grant>,
}

/// The relationship that let the user in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    Allocation,
    Team,
    ManagementLine,
    AuthorityWide,
    Grant,
    BreakGlass,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allowed(Basis),
    /// The user may see the child but their role does not allow this action.
    Forbidden,
    /// The child is outside the user's scope (or restricted): as if it did not exist.
    NotFound,
}

impl Decision {
    pub fn is_allowed(self) -> bool {
        matches!(self, Decision::Allowed(_))
    }
}

/// Decides whether `actor` may do `action` to `child` at `now`.
pub fn authorize(actor: &Actor, action: Action, child: &ChildAccess, now: Timestamp) -> Decision {
    let grant = child
        .grants
        .iter()
        .find(|g| g.user == actor.user && g.until > now);
    let basis = match grant {
        // An explicit grant or break-glass opens the record, restricted or not.
        Some(g) if g.break_glass => Some(Basis::BreakGlass),
        Some(_) => Some(Basis::Grant),
        // Restricted records are denied by default.
        None if child.restricted.is_some() => None,
        None => relationship(actor, child),
    };
    let Some(basis) = basis else {
        return Decision::NotFound;
    };
    if actor.role == Role::SystemAdministrator {
        return Decision::NotFound;
    }
    if actor.role.grants(action) {
        Decision::Allowed(basis)
    } else {
        Decision::Forbidden
    }
}

fn relationship(actor: &Actor, child: &ChildAccess) -> Option<Basis> {
    if child.allocated_worker == Some(actor.user) || child.iro == Some(actor.user) {
        return Some(Basis::Allocation);
    }
    if let Some(team) = child.allocated_team {
        if actor.manages.contains(&team)
            && matches!(actor.role, Role::TeamManager | Role::ServiceManager)
        {
            return Some(Basis::ManagementLine);
        }
        if actor.team == Some(team)
            && matches!(
                actor.role,
                Role::SocialWorker | Role::TeamManager | Role::BusinessSupport
            )
        {
            return Some(Basis::Team);
        }
    }
    actor.role.authority_wide().then_some(Basis::AuthorityWide)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn now() -> Timestamp {
        "2025-06-01T12:00:00Z".parse().unwrap()
    }

    fn actor(user: i64, role: Role, team: Option<i64>, manages: &[i64]) -> Actor {
        Actor {
            user,
            role,
            team,
            manages: manages.to_vec(),
        }
    }

    fn child(worker: i64, team: i64) -> ChildAccess {
        ChildAccess {
            allocated_worker: Some(worker),
            allocated_team: Some(team),
            ..ChildAccess::default()
        }
    }

    #[test]
    fn allocation_team_and_management_line_set_scope() {
        let c = child(1, 10);
        let sw = actor(1, Role::SocialWorker, Some(10), &[]);
        assert_eq!(
            authorize(&sw, Action::View, &c, now()),
            Decision::Allowed(Basis::Allocation)
        );
        let colleague = actor(2, Role::SocialWorker, Some(10), &[]);
        assert_eq!(
            authorize(&colleague, Action::View, &c, now()),
            Decision::Allowed(Basis::Team)
        );
        let elsewhere = actor(3, Role::SocialWorker, Some(11), &[]);
        assert_eq!(
            authorize(&elsewhere, Action::View, &c, now()),
            Decision::NotFound
        );
        let manager = actor(4, Role::ServiceManager, Some(20), &[10, 11]);
        assert_eq!(
            authorize(&manager, Action::Allocate, &c, now()),
            Decision::Allowed(Basis::ManagementLine)
        );
        let other_manager = actor(5, Role::TeamManager, Some(12), &[12]);
        assert_eq!(
            authorize(&other_manager, Action::View, &c, now()),
            Decision::NotFound
        );
    }

    #[test]
    fn roles_grant_verbs() {
        let c = child(1, 10);
        let sw = actor(1, Role::SocialWorker, Some(10), &[]);
        assert_eq!(
            authorize(&sw, Action::Correct, &c, now()),
            Decision::Forbidden
        );
        assert_eq!(
            authorize(&sw, Action::ViewAccessLog, &c, now()),
            Decision::Forbidden
        );
        let analyst = actor(6, Role::PerformanceAnalyst, None, &[]);
        assert_eq!(
            authorize(&analyst, Action::View, &c, now()),
            Decision::Allowed(Basis::AuthorityWide)
        );
        assert_eq!(
            authorize(&analyst, Action::Record, &c, now()),
            Decision::Forbidden
        );
        let auditor = actor(7, Role::Auditor, None, &[]);
        assert_eq!(
            authorize(&auditor, Action::ViewAccessLog, &c, now()),
            Decision::Allowed(Basis::AuthorityWide)
        );
        let admin = actor(8, Role::SystemAdministrator, Some(10), &[10]);
        assert_eq!(
            authorize(&admin, Action::View, &c, now()),
            Decision::NotFound
        );
        let iro = actor(9, Role::Iro, None, &[]);
        let mut looked_after = c.clone();
        looked_after.iro = Some(9);
        assert_eq!(
            authorize(&iro, Action::Record, &looked_after, now()),
            Decision::Allowed(Basis::Allocation)
        );
        assert_eq!(authorize(&iro, Action::View, &c, now()), Decision::NotFound);
    }

    #[test]
    fn restricted_records_need_a_grant_or_break_glass() {
        let mut c = child(1, 10);
        c.restricted = Some(Restriction::Adoption);
        let sw = actor(1, Role::SocialWorker, Some(10), &[]);
        assert_eq!(
            authorize(&sw, Action::View, &c, now()),
            Decision::NotFound,
            "even the allocated worker"
        );
        let analyst = actor(6, Role::PerformanceAnalyst, None, &[]);
        assert_eq!(
            authorize(&analyst, Action::View, &c, now()),
            Decision::NotFound
        );
        c.grants.push(Grant {
            user: 1,
            until: "2025-06-02T00:00:00Z".parse().unwrap(),
            break_glass: false,
        });
        assert_eq!(
            authorize(&sw, Action::View, &c, now()),
            Decision::Allowed(Basis::Grant)
        );
        c.grants.push(Grant {
            user: 6,
            until: "2025-06-01T13:00:00Z".parse().unwrap(),
            break_glass: true,
        });
        assert_eq!(
            authorize(&analyst, Action::View, &c, now()),
            Decision::Allowed(Basis::BreakGlass)
        );
        // Grants expire.
        let later: Timestamp = "2025-06-01T13:00:00Z".parse().unwrap();
        assert_eq!(
            authorize(&analyst, Action::View, &c, later),
            Decision::NotFound
        );
    }

    fn role() -> impl Strategy<Value = Role> {
        prop::sample::select(Role::ALL.to_vec())
    }

    fn action() -> impl Strategy<Value = Action> {
        prop::sample::select(Action::ALL.to_vec())
    }

    fn restriction() -> impl Strategy<Value = Option<Restriction>> {
        prop::option::of(prop::sample::select(vec![
            Restriction::Adoption,
            Restriction::StaffRelative,
            Restriction::HighProfile,
        ]))
    }

    proptest! {
        /// Outside allocation, team and management line, only a live grant
        /// or an authority-wide role lets a user in; a restricted record is
        /// never opened without a live grant.
        #[test]
        fn never_beyond_scope(
            role in role(),
            action in action(),
            user in 1i64..6,
            team in prop::option::of(1i64..4),
            manages in prop::collection::vec(1i64..4, 0..3),
            worker in prop::option::of(1i64..6),
            child_team in prop::option::of(1i64..4),
            iro in prop::option::of(1i64..6),
            restricted in restriction(),
            grant_user in prop::option::of(1i64..6),
            grant_live in any::<bool>(),
            break_glass in any::<bool>(),
        ) {
            let now = now();
            let until = if grant_live { "2025-06-02T00:00:00Z" } else { "2025-05-31T00:00:00Z" };
            let grants = grant_user
                .map(|u| vec![Grant { user: u, until: until.parse().unwrap(), break_glass }])
                .unwrap_or_default();
            let a = Actor { user, role, team, manages: manages.clone() };
            let c = ChildAccess { allocated_worker: worker, allocated_team: child_team, iro, restricted, grants };
            let d = authorize(&a, action, &c, now);
            let live_grant = grant_user == Some(user) && grant_live;
            let related = worker == Some(user)
                || iro == Some(user)
                || child_team.is_some_and(|t| team == Some(t) || manages.contains(&t));
            if d.is_allowed() {
                prop_assert!(role != Role::SystemAdministrator);
                prop_assert!(role.grants(action));
                if restricted.is_some() {
                    prop_assert!(live_grant, "restricted record opened without a live grant");
                } else {
                    prop_assert!(related || live_grant || role.authority_wide());
                }
            }
            if !related && !live_grant && !role.authority_wide() {
                prop_assert_eq!(d, Decision::NotFound);
            }
        }
    }
}
