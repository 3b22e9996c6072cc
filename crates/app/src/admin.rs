//! Administration, for the system administrator: users, teams and roles;
//! the bank-holiday list; the local timescale policy.
//!
//! Administrators run the system, not casework: these use-cases are theirs
//! alone, and the access policy shows them no child's record. Every view,
//! change and refusal writes an audit row naming users and teams by id.
//!
//! Form problems come back as one [`AppError::Invalid`] with a line per
//! problem, each `field: message`, so a page can show them all at once;
//! the refusal is audited, naming the fields and the records concerned by
//! id, never what was typed.
//!
//! A role that can read children's records (or the administrator's own)
//! is not given at once: it waits for a second administrator
//! ([`crate::approvals`]).

use std::sync::Arc;

use hearth_domain::access::Role;
use hearth_domain::calendar::WorkingDayCalendar;
use hearth_domain::ids::SweNumber;
use hearth_domain::timescales::Policy;
use hearth_store::{
    ApprovalId, BankHolidayList, NewBankHolidayList, Outcome, RoleApproval, RoleRequest,
    SavedPolicy, TeamId, TeamRow, UserId, UserRow,
};
use sha2::{Digest, Sha256};

use crate::{AppError, Ctx, accounts, audit};

/// The kinds of team offered, by their stored names.
pub const TEAM_KINDS: &[(&str, &str)] = &[
    ("front_door", "Front door (contact and referral)"),
    ("assessment", "Assessment"),
    ("cp_cin", "Child protection and children in need"),
    ("looked_after", "Children looked after"),
    ("leaving_care", "Leaving care"),
    ("adoption", "Adoption"),
    ("other", "Other"),
];

/// The users and teams, and the roles awaiting a second administrator.
#[derive(Debug, Clone)]
pub struct Directory {
    pub users: Vec<UserRow>,
    pub teams: Vec<TeamRow>,
    pub approvals: Vec<RoleApproval>,
    /// The last day the working-day calendar in force covers: clocks that
    /// fall due after it cannot be worked out until newer bank holidays
    /// are imported.
    pub calendar_ends: jiff::civil::Date,
}

impl Directory {
    async fn read(ctx: &Ctx<'_>) -> Result<Directory, AppError> {
        let db = ctx.db();
        Ok(Directory {
            users: db.users().await?,
            teams: db.teams().await?,
            approvals: db.pending_role_approvals().await?,
            calendar_ends: ctx.services.calendar().await?.last(),
        })
    }

    /// The request awaiting a decision about an account, if any.
    pub fn awaiting(&self, user: UserId) -> Option<&RoleApproval> {
        self.approvals.iter().find(|a| a.user == user)
    }
}

/// A user just added: their first password, shown once, and the approval
/// their role waits for (they cannot sign in until it is given).
#[derive(Debug, Clone)]
pub struct Added {
    pub user: UserId,
    pub password: String,
    pub approval: Option<ApprovalId>,
}

/// A user's details as given on a form (text, checked here).
#[derive(Debug, Clone, Default)]
pub struct UserForm<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub role: &'a str,
    /// A team id, or empty for none.
    pub team: &'a str,
    /// A user id, or empty for none.
    pub manager: &'a str,
    /// A Social Work England registration number, or empty for none.
    pub swe_number: &'a str,
}

/// The registration number on a form: empty for none.
fn swe_number(form: &UserForm<'_>, problems: &mut Vec<String>) -> Option<SweNumber> {
    match form.swe_number.trim() {
        "" => None,
        text => SweNumber::parse(text)
            .map_err(|e| problems.push(format!("swe_number: {e}")))
            .ok(),
    }
}

/// Refuses (audited) unless the actor is a system administrator.
pub(crate) async fn administrator(ctx: &Ctx<'_>, action: &str) -> Result<(), AppError> {
    if ctx.actor.role == Role::SystemAdministrator {
        return Ok(());
    }
    let mut tx = ctx.db().begin().await?;
    audit(
        ctx,
        &mut tx,
        action,
        Outcome::Refused,
        None,
        Some("role does not allow this"),
    )
    .await?;
    tx.commit().await?;
    Err(AppError::Forbidden)
}

async fn audited(ctx: &Ctx<'_>, action: &str, detail: &str) -> Result<(), AppError> {
    let mut tx = ctx.db().begin().await?;
    audit(ctx, &mut tx, action, Outcome::Allowed, None, Some(detail)).await?;
    tx.commit().await?;
    Ok(())
}

fn invalid(problems: Vec<String>) -> Result<(), AppError> {
    if problems.is_empty() {
        Ok(())
    } else {
        Err(AppError::Invalid(problems.join("\n")))
    }
}

/// Audits a refusal for bad input, passing the result on. The row names
/// `about` (ids) and the fields refused, never what was typed: a form
/// carries names, and a mistyped field may hold a password.
pub(crate) async fn refusing<T>(
    ctx: &Ctx<'_>,
    action: &str,
    about: &str,
    result: Result<T, AppError>,
) -> Result<T, AppError> {
    if let Err(AppError::Invalid(message)) = &result {
        let mut fields: Vec<&str> = Vec::new();
        for line in message.lines() {
            let field = line.split_once(": ").map_or("input", |(f, _)| f);
            if !fields.contains(&field) {
                fields.push(field);
            }
        }
        let detail = format!("{about}: {}", fields.join(", "));
        let mut tx = ctx.db().begin().await?;
        audit(ctx, &mut tx, action, Outcome::Refused, None, Some(&detail)).await?;
        tx.commit().await?;
    }
    result
}

/// The users and teams, for the administration page.
pub async fn directory(ctx: &Ctx<'_>) -> Result<Directory, AppError> {
    administrator(ctx, "view_admin").await?;
    audited(ctx, "view_admin", "users and teams").await?;
    Directory::read(ctx).await
}

/// One user, to change, with the teams and users to choose from.
pub async fn user(ctx: &Ctx<'_>, user: UserId) -> Result<(UserRow, Directory), AppError> {
    administrator(ctx, "view_admin").await?;
    audited(ctx, "view_admin", &format!("user {}", user.0)).await?;
    let db = ctx.db();
    let row = db.user(user).await?.ok_or(AppError::NotFound)?;
    Ok((row, Directory::read(ctx).await?))
}

/// The role, team and manager on a form, checked against the directory.
async fn place(
    ctx: &Ctx<'_>,
    form: &UserForm<'_>,
    problems: &mut Vec<String>,
) -> Result<(Option<Role>, Option<TeamId>, Option<UserId>), AppError> {
    let db = ctx.db();
    let role = Role::parse(form.role);
    if role.is_none() {
        problems.push("role: select the user's role".into());
    }
    let team = match form.team.trim() {
        "" => None,
        t => match t.parse::<i64>().ok().map(TeamId) {
            Some(id) if db.team_name(id).await?.is_some() => Some(id),
            _ => {
                problems.push("team: select a team from the list".into());
                None
            }
        },
    };
    let manager = match form.manager.trim() {
        "" => None,
        m => match m.parse::<i64>().ok().map(UserId) {
            Some(id) if db.user(id).await?.is_some() => Some(id),
            _ => {
                problems.push("manager: select a manager from the list".into());
                None
            }
        },
    };
    Ok((role, team, manager))
}

/// A new user's details, checked.
struct NewUserChecked<'a> {
    username: &'a str,
    name: &'a str,
    role: Role,
    team: Option<TeamId>,
    manager: Option<UserId>,
    swe_number: Option<SweNumber>,
}

async fn check_new_user<'a>(
    ctx: &Ctx<'_>,
    form: &UserForm<'a>,
) -> Result<NewUserChecked<'a>, AppError> {
    let db = ctx.db();
    let mut problems = Vec::new();
    let username = form.username.trim();
    if username.is_empty()
        || !username
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
    {
        problems.push(
            "username: use letters, digits, dots, hyphens and underscores, with no spaces".into(),
        );
    } else if db.user_by_username(username).await?.is_some() {
        problems.push("username: this username is taken".into());
    }
    let name = form.display_name.trim();
    if name.is_empty() {
        problems.push("display_name: enter the user's name".into());
    }
    let (role, team, manager) = place(ctx, form, &mut problems).await?;
    let swe_number = swe_number(form, &mut problems);
    invalid(problems)?;
    let Some(role) = role else {
        return Err(AppError::Invalid("role: select the user's role".into()));
    };
    Ok(NewUserChecked {
        username,
        name,
        role,
        team,
        manager,
        swe_number,
    })
}

/// Adds a user with a made-up password, returned once to give to them;
/// they must change it at their first sign-in. Usernames are letters, digits, dots, hyphens and underscores, and unique.
///
/// A role that needs approval ([`Role::needs_approval`]: any that reads
/// children's records, and the administrator's) makes the account
/// inactive, so it cannot sign in or use a token, until a second
/// administrator approves it; refused, it stays so. The account, the
/// request and their audit rows are written in one transaction.
pub async fn add_user(ctx: &Ctx<'_>, form: &UserForm<'_>) -> Result<Added, AppError> {
    administrator(ctx, "admin:add_user").await?;
    let checked = check_new_user(ctx, form).await;
    let new = refusing(ctx, "admin:add_user", "new user", checked).await?;
    let db = ctx.db();
    let password = make_password()?;
    let hash = crate::accounts::hash_password(&password).await?;
    let mut tx = db.begin().await?;
    let user = hearth_store::NewUser {
        username: new.username,
        display_name: new.name,
        role: new.role,
        team: new.team,
        manager: new.manager,
        password_hash: Some(&hash),
    };
    let id = db.create_user(&mut tx, &user, ctx.now()).await?;
    if new.swe_number.is_some() {
        db.set_swe_number(&mut tx, id, new.swe_number.as_ref())
            .await?;
    }
    // A password someone else has seen is changed at the first sign-in.
    db.set_must_change_password(&mut tx, id, true).await?;
    let approval = if new.role.needs_approval() {
        db.set_user_active(&mut tx, id, false).await?;
        let request = RoleRequest {
            user: id,
            role: new.role,
            previous: None,
            requested_by: ctx.user(),
            at: ctx.now(),
        };
        Some(db.request_role(&mut tx, &request).await?)
    } else {
        None
    };
    let detail = match approval {
        None => format!("user {} as {}", id.0, new.role.as_str()),
        Some(a) => format!(
            "user {} as {}, awaiting approval {}",
            id.0,
            new.role.as_str(),
            a.0
        ),
    };
    audit(
        ctx,
        &mut tx,
        "admin:add_user",
        Outcome::Allowed,
        None,
        Some(&detail),
    )
    .await?;
    if let Some(a) = approval {
        crate::approvals::audit_request(ctx, &mut tx, a, id, new.role, None).await?;
    }
    tx.commit().await?;
    Ok(Added {
        user: id,
        password,
        approval,
    })
}

/// Adds a team. Names are unique.
pub async fn add_team(ctx: &Ctx<'_>, name: &str, kind: &str) -> Result<TeamId, AppError> {
    administrator(ctx, "admin:add_team").await?;
    let db = ctx.db();
    let mut problems = Vec::new();
    let name = name.trim();
    if name.is_empty() {
        problems.push("name: enter the team's name".into());
    } else if db.team_by_name(name).await?.is_some() {
        problems.push("name: there is already a team with this name".into());
    }
    if !TEAM_KINDS.iter().any(|(k, _)| *k == kind) {
        problems.push("kind: select the kind of team".into());
    }
    refusing(ctx, "admin:add_team", "new team", invalid(problems)).await?;
    let mut tx = db.begin().await?;
    let id = db.create_team(&mut tx, name, kind).await?;
    let detail = format!("team {}", id.0);
    audit(
        ctx,
        &mut tx,
        "admin:add_team",
        Outcome::Allowed,
        None,
        Some(&detail),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// The role, team and manager on a change form, checked against the
/// account as it is.
async fn check_change(
    ctx: &Ctx<'_>,
    current: &UserRow,
    form: &UserForm<'_>,
) -> Result<(Role, Option<TeamId>, Option<UserId>, Option<SweNumber>), AppError> {
    let user = current.id;
    let mut problems = Vec::new();
    let (role, team, manager) = place(ctx, form, &mut problems).await?;
    let swe_number = swe_number(form, &mut problems);
    let changing_role = role.is_some_and(|r| r != current.role);
    if user == ctx.user() && changing_role {
        problems.push("role: you cannot change your own role".into());
    } else if changing_role && let Some(waiting) = Directory::read(ctx).await?.awaiting(user) {
        problems.push(format!(
            "role: a role for this account is awaiting approval (request {}): it must be decided first",
            waiting.id.0
        ));
    }
    if manager == Some(user) {
        problems.push("manager: a user cannot be their own manager".into());
    }
    invalid(problems)?;
    let Some(role) = role else {
        return Err(AppError::Invalid("role: select the user's role".into()));
    };
    Ok((role, team, manager, swe_number))
}

/// Changes a user's role, team and line manager. It takes effect at their
/// next request: scope is read afresh each time. Administrators cannot
/// change their own role, so the system always keeps one.
///
/// A new role that needs approval ([`Role::needs_approval`]) does not take
/// effect: the account keeps its role, and the request waits for a second
/// administrator (returned). The team and manager change at once: they
/// are not role grants. All in one transaction, with its audit rows.
pub async fn change_user(
    ctx: &Ctx<'_>,
    user: UserId,
    form: &UserForm<'_>,
) -> Result<Option<ApprovalId>, AppError> {
    administrator(ctx, "admin:change_user").await?;
    let db = ctx.db();
    let Some(current) = db.user(user).await? else {
        return Err(AppError::NotFound);
    };
    let checked = check_change(ctx, &current, form).await;
    let about = format!("user {}", user.0);
    let (role, team, manager, swe) = refusing(ctx, "admin:change_user", &about, checked).await?;
    let awaits_approval = role != current.role && role.needs_approval();
    let in_force = if awaits_approval { current.role } else { role };
    let mut tx = db.begin().await?;
    db.set_user_role_and_team(&mut tx, user, in_force, team, manager)
        .await?;
    let swe_changed = swe != current.swe_number;
    if swe_changed {
        db.set_swe_number(&mut tx, user, swe.as_ref()).await?;
    }
    let approval = if awaits_approval {
        let request = RoleRequest {
            user,
            role,
            previous: Some(current.role),
            requested_by: ctx.user(),
            at: ctx.now(),
        };
        Some(db.request_role(&mut tx, &request).await?)
    } else {
        None
    };
    let id = |x: Option<i64>| x.map_or_else(|| "none".to_owned(), |v| v.to_string());
    let mut detail = format!(
        "user {}: role {} (was {}), team {} (was {}), manager {} (was {})",
        user.0,
        in_force.as_str(),
        current.role.as_str(),
        id(team.map(|t| t.0)),
        id(current.team.map(|t| t.0)),
        id(manager.map(|m| m.0)),
        id(current.manager.map(|m| m.0)),
    );
    if swe_changed {
        detail.push_str("; Social Work England number changed");
    }
    if let Some(a) = approval {
        detail.push_str(&format!(
            "; role {} awaiting approval {}",
            role.as_str(),
            a.0
        ));
    }
    audit(
        ctx,
        &mut tx,
        "admin:change_user",
        Outcome::Allowed,
        None,
        Some(&detail),
    )
    .await?;
    if let Some(a) = approval {
        crate::approvals::audit_request(ctx, &mut tx, a, user, role, Some(current.role)).await?;
    }
    tx.commit().await?;
    Ok(approval)
}

/// An account as the administrator sees it before ending or resetting it.
#[derive(Debug, Clone)]
pub struct Account {
    pub user: UserRow,
    /// Live (not revoked) API tokens.
    pub api_tokens: i64,
}

/// One user's account, to deactivate, reset or revoke tokens of.
pub async fn account(ctx: &Ctx<'_>, user: UserId) -> Result<Account, AppError> {
    administrator(ctx, "view_admin").await?;
    audited(ctx, "view_admin", &format!("account {}", user.0)).await?;
    let db = ctx.db();
    let row = db.user(user).await?.ok_or(AppError::NotFound)?;
    Ok(Account {
        user: row,
        api_tokens: db.live_api_tokens(user).await?,
    })
}

/// Deactivates a leaver's account: no sign-in, and their sessions and API
/// tokens end at once ([`accounts::deactivate`]). Administrators cannot
/// deactivate themselves, so the system always keeps one.
pub async fn deactivate_user(ctx: &Ctx<'_>, user: UserId) -> Result<accounts::Ended, AppError> {
    administrator(ctx, "admin:deactivate_user").await?;
    if user == ctx.user() {
        let refusal = Err(AppError::Invalid(
            "user: you cannot deactivate your own account".into(),
        ));
        return refusing(
            ctx,
            "admin:deactivate_user",
            &format!("user {}", user.0),
            refusal,
        )
        .await;
    }
    accounts::deactivate(ctx.services, Some(ctx.user()), user, ctx.request_id).await
}

/// Resets a user's password to a made-up one, returned once; they must
/// change it at their next sign-in, and their sessions and API tokens end
/// at once ([`accounts::reset_password`]). Not for your own account: change
/// your own password instead.
pub async fn reset_password(
    ctx: &Ctx<'_>,
    user: UserId,
) -> Result<(String, accounts::Ended), AppError> {
    administrator(ctx, "admin:reset_password").await?;
    if user == ctx.user() {
        let refusal = Err(AppError::Invalid(
            "user: change your own password at /change-password, not by a reset".into(),
        ));
        return refusing(
            ctx,
            "admin:reset_password",
            &format!("user {}", user.0),
            refusal,
        )
        .await;
    }
    accounts::reset_password(ctx.services, Some(ctx.user()), user, ctx.request_id).await
}

/// Revokes every API token of a user ([`accounts::revoke_api_tokens`]).
pub async fn revoke_api_tokens(ctx: &Ctx<'_>, user: UserId) -> Result<u64, AppError> {
    administrator(ctx, "admin:revoke_api_tokens").await?;
    accounts::revoke_api_tokens(ctx.services, Some(ctx.user()), user, ctx.request_id).await
}

/// Twenty characters from an alphabet without look-alikes (about 115
/// bits), for the administrator to pass on once.
pub(crate) fn make_password() -> Result<String, AppError> {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 20];
    getrandom::fill(&mut bytes).map_err(|e| AppError::Invalid(format!("no randomness: {e}")))?;
    Ok(bytes
        .iter()
        .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
        .collect())
}

/// The working-day calendar in force and the lists imported.
#[derive(Debug, Clone)]
pub struct Holidays {
    pub calendar: Arc<WorkingDayCalendar>,
    pub imports: Vec<BankHolidayList>,
    /// Who made the imports, by name.
    pub people: crate::people::People,
}

/// The bank-holiday page: the calendar in force and every import.
pub async fn bank_holidays(ctx: &Ctx<'_>) -> Result<Holidays, AppError> {
    administrator(ctx, "view_admin").await?;
    audited(ctx, "view_admin", "bank holidays").await?;
    let imports = ctx.db().bank_holiday_lists().await?;
    let people =
        crate::people::People::named_in(ctx.db(), &[], imports.iter().map(|i| i.imported_by))
            .await?;
    Ok(Holidays {
        calendar: ctx.services.calendar().await?,
        imports,
        people,
    })
}

/// Imports a GOV.UK `bank-holidays.json` (`docs/architecture.md`, "Time":
/// the holidays ship as data, and a newer GOV.UK list can be imported). The file must
/// parse as GOV.UK's list, with the England and Wales division complete
/// for every year it spans, and must meet the years already known; it then
/// extends the calendar in force, is kept with its SHA-256, and is used
/// from the next event recorded. Clocks already stored are recomputed by
/// `hearth rebuild`.
pub async fn import_bank_holidays(ctx: &Ctx<'_>, json: &str) -> Result<BankHolidayList, AppError> {
    administrator(ctx, "admin:import_bank_holidays").await?;
    let checked = check_bank_holidays(ctx, json).await;
    let (newer, calendar) =
        refusing(ctx, "admin:import_bank_holidays", "bank holidays", checked).await?;
    let sha256: String = Sha256::digest(json.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let imported_at = ctx.now();
    let list = NewBankHolidayList {
        body: json,
        sha256: &sha256,
        covers_from: newer.first(),
        covers_to: newer.last(),
        imported_by: ctx.user(),
        imported_at,
    };
    let db = ctx.db();
    let mut tx = db.begin().await?;
    let id = db.add_bank_holiday_list(&mut tx, &list).await?;
    let detail = format!(
        "list {id}: {} to {}, sha256 {sha256}",
        newer.first(),
        newer.last()
    );
    audit(
        ctx,
        &mut tx,
        "admin:import_bank_holidays",
        Outcome::Allowed,
        None,
        Some(&detail),
    )
    .await?;
    tx.commit().await?;
    ctx.services.set_calendar(Arc::new(calendar));
    Ok(BankHolidayList {
        id,
        sha256,
        covers_from: newer.first(),
        covers_to: newer.last(),
        imported_by: ctx.user(),
        imported_at,
    })
}

/// A GOV.UK list, checked: the list, and the calendar in force extended by it.
async fn check_bank_holidays(
    ctx: &Ctx<'_>,
    json: &str,
) -> Result<(WorkingDayCalendar, WorkingDayCalendar), AppError> {
    let file = |e: hearth_domain::calendar::CalendarError| {
        AppError::Invalid(format!("file: {}", e.to_string().replace('\n', " ")))
    };
    if json.trim().is_empty() {
        return Err(AppError::Invalid(
            "file: choose the bank-holidays.json file to import".into(),
        ));
    }
    let newer = WorkingDayCalendar::from_govuk_json(json).map_err(file)?;
    let calendar = ctx
        .services
        .calendar()
        .await?
        .extended_by(&newer)
        .map_err(file)?;
    Ok((newer, calendar))
}

/// The timescale policy in force and the local policies saved.
#[derive(Debug, Clone)]
pub struct Timescales {
    pub policy: Arc<Policy>,
    pub saved: Vec<SavedPolicy>,
    /// Who saved them, by name.
    pub people: crate::people::People,
}

/// The timescale policy in force (the statutory defaults with any local
/// standards) and every saved version, for the administrator to read.
pub async fn policy(ctx: &Ctx<'_>) -> Result<Timescales, AppError> {
    administrator(ctx, "view_admin").await?;
    audited(ctx, "view_admin", "timescale policy").await?;
    let saved = ctx.db().timescale_policies().await?;
    let people =
        crate::people::People::named_in(ctx.db(), &[], saved.iter().map(|p| p.saved_by)).await?;
    Ok(Timescales {
        policy: ctx.services.policy().await?,
        saved,
        people,
    })
}

fn parse_policy(toml: &str) -> Result<Policy, AppError> {
    Policy::from_toml(toml).map_err(|e| {
        let message = e.to_string();
        AppError::Invalid(format!(
            "policy: {}",
            message.strip_prefix("policy file: ").unwrap_or(&message)
        ))
    })
}

/// Checks a local timescale policy (TOML) against the statutory defaults:
/// a statutory item may be tightened, never loosened (`docs/clocks.md`,
/// "Policy items").
/// The problem names the item. Nothing is saved.
pub async fn check_policy(ctx: &Ctx<'_>, toml: &str) -> Result<Policy, AppError> {
    administrator(ctx, "admin:check_policy").await?;
    refusing(ctx, "admin:check_policy", "policy", parse_policy(toml)).await
}

/// Saves a local timescale policy and puts it in force: every event
/// recorded from now on is judged by it, and `hearth rebuild` (without
/// `--policy`) recomputes the clocks already stored with it. Checked as
/// [`check_policy`] first; kept with its SHA-256 and audited.
pub async fn save_policy(ctx: &Ctx<'_>, toml: &str) -> Result<Policy, AppError> {
    administrator(ctx, "admin:save_policy").await?;
    let policy = refusing(ctx, "admin:save_policy", "policy", parse_policy(toml)).await?;
    let sha256: String = Sha256::digest(toml.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let db = ctx.db();
    let mut tx = db.begin().await?;
    let id = db
        .add_timescale_policy(&mut tx, toml, &sha256, ctx.user(), ctx.now())
        .await?;
    let detail = format!("policy {id}: sha256 {sha256}");
    audit(
        ctx,
        &mut tx,
        "admin:save_policy",
        Outcome::Allowed,
        None,
        Some(&detail),
    )
    .await?;
    tx.commit().await?;
    ctx.services.set_policy(Arc::new(policy.clone()));
    Ok(policy)
}
