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

use crate::keys::{ChildId, TeamId, UserId};

/// A user's role (`docs/architecture.md`, "Access and audit").
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

    /// The role in words, as a sentence carries it ("Dami Yates, social
    /// worker, Children looked after 1").
    pub fn label(self) -> &'static str {
        match self {
            Role::SocialWorker => "social worker",
            Role::TeamManager => "team manager",
            Role::ServiceManager => "service manager",
            Role::Iro => "independent reviewing officer",
            Role::PerformanceAnalyst => "performance analyst",
            Role::BusinessSupport => "business support",
            Role::SystemAdministrator => "system administrator",
            Role::Auditor => "auditor",
        }
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

    /// Whether giving an account this role needs a second administrator's
    /// approval: every role that can read children's records, and the
    /// administrator's own, since an administrator can give any role
    /// (themselves included, through another account) and so could make
    /// themselves an auditor and read every record.
    pub fn needs_approval(self) -> bool {
        self.grants(Action::View) || self == Role::SystemAdministrator
    }

    /// Roles whose view is the whole authority (read-only work: returns,
    /// audit), rather than the caseload their relationships give.
    pub fn authority_wide(self) -> bool {
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
    pub user: UserId,
    pub role: Role,
    /// The user's own team.
    pub team: Option<TeamId>,
    /// Teams in the user's management line (their own team for a team
    /// manager; every team below them for a service manager).
    pub manages: Vec<TeamId>,
}

/// An explicit grant of one child to one user, until a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grant {
    pub user: UserId,
    pub until: Timestamp,
    /// Break-glass: self-granted with a written reason, and reported.
    pub break_glass: bool,
}

/// What the policy needs to know about a child.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ChildAccess {
    /// The child these facts are about.
    pub child: ChildId,
    pub allocated_worker: Option<UserId>,
    pub allocated_team: Option<TeamId>,
    /// The IRO appointed for the child.
    pub iro: Option<UserId>,
    /// The care leaver's personal adviser (Children (Leaving Care) Act
    /// 2000; CPPCR 2010 reg 44): they keep the young person's pathway plan
    /// under review, so they read and record on the record.
    pub personal_adviser: Option<UserId>,
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
    // Break-glass opens a record to read it and to record what the
    // emergency needs; never to correct it or to change who has access
    // (an allocation or appointment made under break-glass would outlive
    // the grant).
    if basis == Basis::BreakGlass && !matches!(action, Action::View | Action::Record) {
        return Decision::Forbidden;
    }
    if actor.role.grants(action) {
        Decision::Allowed(basis)
    } else {
        Decision::Forbidden
    }
}

/// Proof that the access policy allowed an action on one child: only
/// [`permit`] makes one, so a store read that takes one (through the audit
/// row it needs first) cannot be reached without the decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Permit {
    child: ChildId,
    action: Action,
    basis: Basis,
}

impl Permit {
    pub fn child(&self) -> ChildId {
        self.child
    }

    pub fn action(&self) -> Action {
        self.action
    }

    pub fn basis(&self) -> Basis {
        self.basis
    }
}

/// [`authorize`], with an allowed decision as a [`Permit`] for this child
/// and action; a refusal is the decision to give.
pub fn permit(
    actor: &Actor,
    action: Action,
    child: &ChildAccess,
    now: Timestamp,
) -> Result<Permit, Decision> {
    match authorize(actor, action, child, now) {
        Decision::Allowed(basis) => Ok(Permit {
            child: child.child,
            action,
            basis,
        }),
        refused => Err(refused),
    }
}

fn relationship(actor: &Actor, child: &ChildAccess) -> Option<Basis> {
    if child.allocated_worker == Some(actor.user)
        || child.iro == Some(actor.user)
        || child.personal_adviser == Some(actor.user)
    {
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

/// A relationship an event makes: who it lets into a child's record.
/// Which events make one is declared beside the events
/// ([`crate::events::EventKind::relationship`]); who may make one is
/// decided here, by [`may_make`], for every way an event comes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relationship {
    /// Allocated to a social worker in a team.
    Worker { worker: UserId, team: TeamId },
    /// Allocated to a team, awaiting a worker (a transfer between teams).
    Team { team: TeamId },
    /// The child's independent reviewing officer (Children Act 1989
    /// s25A; CPPCR 2010 reg 45).
    Iro { iro: UserId },
    /// A care leaver's personal adviser (CPPCR 2010 reg 44).
    PersonalAdviser { adviser: UserId },
}

impl Relationship {
    /// The user the relationship names, if it names one.
    pub fn user(self) -> Option<UserId> {
        match self {
            Relationship::Worker { worker, .. } => Some(worker),
            Relationship::Team { .. } => None,
            Relationship::Iro { iro } => Some(iro),
            Relationship::PersonalAdviser { adviser } => Some(adviser),
        }
    }

    /// The form field that names the user (or team).
    pub fn field(self) -> &'static str {
        match self {
            Relationship::Worker { .. } => "worker",
            Relationship::Team { .. } => "team",
            Relationship::Iro { .. } => "iro",
            Relationship::PersonalAdviser { .. } => "adviser",
        }
    }

    /// The kind of relationship, as access grants record it: a new one of
    /// a kind ends the last (an allocation to a team ends the worker's).
    pub fn kind(self) -> &'static str {
        match self {
            Relationship::Worker { .. } | Relationship::Team { .. } => "worker",
            Relationship::Iro { .. } => "iro",
            Relationship::PersonalAdviser { .. } => "personal_adviser",
        }
    }
}

/// A user named by an event, as the accounts know them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Member {
    pub user: UserId,
    pub role: Role,
    pub team: Option<TeamId>,
    pub active: bool,
}

/// Why an event that makes a relationship is refused. Each message starts
/// with the field it concerns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RelationshipRefusal {
    #[error("{field}: there is no active user with this id")]
    NoSuchUser { field: &'static str },
    #[error("team: there is no team with this id")]
    NoSuchTeam,
    #[error("{field}: choose {needs}")]
    WrongRole {
        field: &'static str,
        needs: &'static str,
    },
    #[error("worker: choose a social worker in a team you manage")]
    NotInTeamManaged,
    #[error(
        "{field}: only a team or service manager may allocate a child or appoint an IRO or personal adviser"
    )]
    NotEntitled { field: &'static str },
}

/// Whether `actor` may make `relationship`: only a team or service manager
/// makes one, and only naming an active user with the right role:
///
/// - an allocation names a social worker in a team the manager manages;
/// - an allocation to a team (a transfer) names a team that exists;
/// - an IRO appointment names a user with the IRO role (IROs belong to no
///   team, so no team is required);
/// - a personal adviser appointment names a social worker (personal
///   advisers hold that role).
///
/// `named` is the user the relationship names, as the accounts hold them
/// (`None` if there is none); `team_exists` answers for a transfer.
pub fn may_make(
    actor: &Actor,
    relationship: Relationship,
    named: Option<&Member>,
    team_exists: bool,
) -> Result<(), RelationshipRefusal> {
    let field = relationship.field();
    if !matches!(actor.role, Role::TeamManager | Role::ServiceManager) {
        return Err(RelationshipRefusal::NotEntitled { field });
    }
    let named = match relationship.user() {
        None => {
            return if team_exists {
                Ok(())
            } else {
                Err(RelationshipRefusal::NoSuchTeam)
            };
        }
        Some(id) => match named {
            Some(m) if m.user == id && m.active => m,
            _ => return Err(RelationshipRefusal::NoSuchUser { field }),
        },
    };
    match relationship {
        Relationship::Worker { team, .. }
            if named.role != Role::SocialWorker
                || named.team != Some(team)
                || !actor.manages.contains(&team) =>
        {
            return Err(RelationshipRefusal::NotInTeamManaged);
        }
        Relationship::Iro { .. } if named.role != Role::Iro => {
            return Err(RelationshipRefusal::WrongRole {
                field,
                needs: "a user with the IRO role",
            });
        }
        Relationship::PersonalAdviser { .. } if named.role != Role::SocialWorker => {
            return Err(RelationshipRefusal::WrongRole {
                field,
                needs: "a social worker or personal adviser",
            });
        }
        _ => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn now() -> Timestamp {
        "2025-06-01T12:00:00Z".parse().unwrap()
    }

    #[test]
    fn every_role_that_reads_children_and_the_administrators_needs_approval() {
        for role in Role::ALL {
            assert_eq!(
                role.needs_approval(),
                role.grants(Action::View) || role == Role::SystemAdministrator,
                "{role:?}"
            );
        }
        assert!(Role::Auditor.needs_approval());
        assert!(Role::SystemAdministrator.needs_approval());
    }

    fn actor(user: i64, role: Role, team: Option<i64>, manages: &[i64]) -> Actor {
        Actor {
            user: UserId(user),
            role,
            team: team.map(TeamId),
            manages: manages.iter().copied().map(TeamId).collect(),
        }
    }

    fn child(worker: i64, team: i64) -> ChildAccess {
        ChildAccess {
            allocated_worker: Some(UserId(worker)),
            allocated_team: Some(TeamId(team)),
            ..ChildAccess::default()
        }
    }

    fn member(user: i64, role: Role, team: Option<i64>) -> Member {
        Member {
            user: UserId(user),
            role,
            team: team.map(TeamId),
            active: true,
        }
    }

    #[test]
    fn only_a_manager_makes_a_relationship_naming_the_right_user() {
        let tm = actor(1, Role::TeamManager, Some(10), &[10]);
        let sw = actor(2, Role::SocialWorker, Some(10), &[]);
        let in_team = member(3, Role::SocialWorker, Some(10));
        let other_team = member(4, Role::SocialWorker, Some(11));
        let iro = member(5, Role::Iro, None);
        let worker = Relationship::Worker {
            worker: UserId(3),
            team: TeamId(10),
        };
        assert_eq!(may_make(&tm, worker, Some(&in_team), false), Ok(()));
        assert_eq!(
            may_make(&sw, worker, Some(&in_team), false),
            Err(RelationshipRefusal::NotEntitled { field: "worker" }),
            "a social worker cannot allocate"
        );
        assert_eq!(
            may_make(
                &tm,
                Relationship::Worker {
                    worker: UserId(4),
                    team: TeamId(11)
                },
                Some(&other_team),
                false
            ),
            Err(RelationshipRefusal::NotInTeamManaged),
            "a worker in a team the manager does not manage"
        );
        assert_eq!(
            may_make(
                &tm,
                Relationship::Worker {
                    worker: UserId(4),
                    team: TeamId(10)
                },
                Some(&other_team),
                false
            ),
            Err(RelationshipRefusal::NotInTeamManaged),
            "the team named is not the worker's"
        );
        assert_eq!(
            may_make(
                &tm,
                Relationship::Worker {
                    worker: UserId(5),
                    team: TeamId(10)
                },
                Some(&iro),
                false
            ),
            Err(RelationshipRefusal::NotInTeamManaged),
            "an IRO is not a social worker"
        );
        let left = Member {
            active: false,
            ..in_team
        };
        assert_eq!(
            may_make(&tm, worker, Some(&left), false),
            Err(RelationshipRefusal::NoSuchUser { field: "worker" }),
            "a leaver"
        );
        assert_eq!(
            may_make(&tm, worker, None, false),
            Err(RelationshipRefusal::NoSuchUser { field: "worker" })
        );
        assert_eq!(
            may_make(&tm, worker, Some(&other_team), false),
            Err(RelationshipRefusal::NoSuchUser { field: "worker" }),
            "the member looked up is not the one named"
        );

        assert_eq!(
            may_make(&tm, Relationship::Iro { iro: UserId(5) }, Some(&iro), false),
            Ok(())
        );
        assert_eq!(
            may_make(
                &tm,
                Relationship::Iro { iro: UserId(3) },
                Some(&in_team),
                false
            ),
            Err(RelationshipRefusal::WrongRole {
                field: "iro",
                needs: "a user with the IRO role"
            })
        );
        assert_eq!(
            may_make(&sw, Relationship::Iro { iro: UserId(5) }, Some(&iro), false),
            Err(RelationshipRefusal::NotEntitled { field: "iro" })
        );
        let pa = Relationship::PersonalAdviser { adviser: UserId(4) };
        assert_eq!(may_make(&tm, pa, Some(&other_team), false), Ok(()));
        assert!(
            may_make(
                &tm,
                Relationship::PersonalAdviser { adviser: UserId(5) },
                Some(&iro),
                false
            )
            .is_err()
        );

        assert_eq!(
            may_make(&tm, Relationship::Team { team: TeamId(11) }, None, true),
            Ok(())
        );
        assert_eq!(
            may_make(&tm, Relationship::Team { team: TeamId(99) }, None, false),
            Err(RelationshipRefusal::NoSuchTeam)
        );
    }

    #[test]
    fn break_glass_reads_and_records_but_never_corrects_or_allocates() {
        let c = ChildAccess {
            restricted: Some(Restriction::HighProfile),
            grants: vec![Grant {
                user: UserId(4),
                until: "2025-06-01T12:01:00Z".parse().unwrap(),
                break_glass: true,
            }],
            ..child(1, 10)
        };
        let manager = actor(4, Role::TeamManager, Some(12), &[12]);
        assert_eq!(
            authorize(&manager, Action::View, &c, now()),
            Decision::Allowed(Basis::BreakGlass)
        );
        assert_eq!(
            authorize(&manager, Action::Record, &c, now()),
            Decision::Allowed(Basis::BreakGlass)
        );
        for action in [
            Action::Allocate,
            Action::Correct,
            Action::ViewAccessLog,
            Action::Export,
        ] {
            assert_eq!(
                authorize(&manager, action, &c, now()),
                Decision::Forbidden,
                "{action:?}"
            );
        }
    }

    #[test]
    fn a_permit_is_for_one_child_and_one_action() {
        let c = ChildAccess {
            child: ChildId(42),
            ..child(1, 10)
        };
        let sw = actor(1, Role::SocialWorker, Some(10), &[]);
        let p = permit(&sw, Action::Record, &c, now()).unwrap();
        assert_eq!(
            (p.child(), p.action(), p.basis()),
            (ChildId(42), Action::Record, Basis::Allocation)
        );
        assert_eq!(
            permit(&sw, Action::Correct, &c, now()),
            Err(Decision::Forbidden)
        );
        let elsewhere = actor(3, Role::SocialWorker, Some(11), &[]);
        assert_eq!(
            permit(&elsewhere, Action::View, &c, now()),
            Err(Decision::NotFound)
        );
    }

    #[test]
    fn a_personal_adviser_is_in_scope() {
        let c = ChildAccess {
            personal_adviser: Some(UserId(7)),
            ..ChildAccess::default()
        };
        let pa = actor(7, Role::SocialWorker, Some(30), &[]);
        assert_eq!(
            authorize(&pa, Action::Record, &c, now()),
            Decision::Allowed(Basis::Allocation)
        );
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
        looked_after.iro = Some(UserId(9));
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
            user: UserId(1),
            until: "2025-06-02T00:00:00Z".parse().unwrap(),
            break_glass: false,
        });
        assert_eq!(
            authorize(&sw, Action::View, &c, now()),
            Decision::Allowed(Basis::Grant)
        );
        c.grants.push(Grant {
            user: UserId(6),
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
                .map(|u| vec![Grant { user: UserId(u), until: until.parse().unwrap(), break_glass }])
                .unwrap_or_default();
            let a = actor(user, role, team, &manages);
            let c = ChildAccess {
                child: ChildId(1),
                allocated_worker: worker.map(UserId),
                allocated_team: child_team.map(TeamId),
                iro: iro.map(UserId),
                personal_adviser: None,
                restricted,
                grants,
            };
            let d = authorize(&a, action, &c, now);
            let live_grant = grant_user == Some(user) && grant_live;
            let related = worker == Some(user)
                || iro == Some(user)
                || child_team.is_some_and(|t| team == Some(t) || manages.contains(&t));
            if d.is_allowed() {
                prop_assert!(role != Role::SystemAdministrator);
                prop_assert!(role.grants(action));
                if live_grant && break_glass && !(related || role.authority_wide()) {
                    prop_assert!(
                        matches!(action, Action::View | Action::Record),
                        "break-glass allows only reading and recording"
                    );
                }
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
