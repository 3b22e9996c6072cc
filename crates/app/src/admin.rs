//! Administration, for the system administrator: users, teams and roles;
//! the bank-holiday list; the local timescale policy.
//!
//! Administrators run the system, not casework: these use-cases are theirs
//! alone, and the access policy shows them no child's record. Every view,
//! change and refusal writes an audit row naming users and teams by id.
//!
//! Form problems come back as one [`AppError::Invalid`] with a line per
//! problem, each `field: message`, so a page can show them all at once.

use std::sync::Arc;

use hearth_domain::access::Role;
use hearth_domain::calendar::WorkingDayCalendar;
use hearth_domain::timescales::Policy;
use hearth_store::{
    BankHolidayList, NewBankHolidayList, Outcome, SavedPolicy, TeamId, TeamRow, UserId, UserRow,
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

/// The users and teams.
#[derive(Debug, Clone)]
pub struct Directory {
    pub users: Vec<UserRow>,
    pub teams: Vec<TeamRow>,
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
}

/// Refuses (audited) unless the actor is a system administrator.
async fn administrator(ctx: &Ctx<'_>, action: &str) -> Result<(), AppError> {
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

/// The users and teams, for the administration page.
pub async fn directory(ctx: &Ctx<'_>) -> Result<Directory, AppError> {
    administrator(ctx, "view_admin").await?;
    audited(ctx, "view_admin", "users and teams").await?;
    let db = ctx.db();
    Ok(Directory {
        users: db.users().await?,
        teams: db.teams().await?,
    })
}

/// One user, to change, with the teams and users to choose from.
pub async fn user(ctx: &Ctx<'_>, user: UserId) -> Result<(UserRow, Directory), AppError> {
    administrator(ctx, "view_admin").await?;
    audited(ctx, "view_admin", &format!("user {}", user.0)).await?;
    let db = ctx.db();
    let row = db.user(user).await?.ok_or(AppError::NotFound)?;
    Ok((
        row,
        Directory {
            users: db.users().await?,
            teams: db.teams().await?,
        },
    ))
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

/// Adds a user with a made-up password, returned once to give to them;
/// they must change it at their first sign-in. Usernames are letters, digits, dots, hyphens and underscores, and unique.
pub async fn add_user(ctx: &Ctx<'_>, form: &UserForm<'_>) -> Result<(UserId, String), AppError> {
    administrator(ctx, "admin:add_user").await?;
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
    invalid(problems)?;
    let Some(role) = role else {
        return Err(AppError::Invalid("role: select the user's role".into()));
    };
    let password = make_password()?;
    let hash = crate::accounts::hash_password(&password).await?;
    let mut tx = db.begin().await?;
    let user = hearth_store::NewUser {
        username,
        display_name: name,
        role,
        team,
        manager,
        password_hash: Some(&hash),
    };
    let id = db.create_user(&mut tx, &user, ctx.now()).await?;
    // A password someone else has seen is changed at the first sign-in.
    db.set_must_change_password(&mut tx, id, true).await?;
    let detail = format!("user {} as {}", id.0, role.as_str());
    audit(
        ctx,
        &mut tx,
        "admin:add_user",
        Outcome::Allowed,
        None,
        Some(&detail),
    )
    .await?;
    tx.commit().await?;
    Ok((id, password))
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
    invalid(problems)?;
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

/// Changes a user's role, team and line manager. It takes effect at their
/// next request: scope is read afresh each time. Administrators cannot
/// change their own role, so the system always keeps one.
pub async fn change_user(ctx: &Ctx<'_>, user: UserId, form: &UserForm<'_>) -> Result<(), AppError> {
    administrator(ctx, "admin:change_user").await?;
    let db = ctx.db();
    let Some(current) = db.user(user).await? else {
        return Err(AppError::NotFound);
    };
    let mut problems = Vec::new();
    let (role, team, manager) = place(ctx, form, &mut problems).await?;
    if user == ctx.user() && role.is_some_and(|r| r != current.role) {
        problems.push("role: you cannot change your own role".into());
    }
    if manager == Some(user) {
        problems.push("manager: a user cannot be their own manager".into());
    }
    invalid(problems)?;
    let Some(role) = role else {
        return Err(AppError::Invalid("role: select the user's role".into()));
    };
    let mut tx = db.begin().await?;
    db.set_user_role_and_team(&mut tx, user, role, team, manager)
        .await?;
    let id = |x: Option<i64>| x.map_or_else(|| "none".to_owned(), |v| v.to_string());
    let detail = format!(
        "user {}: role {} (was {}), team {} (was {}), manager {} (was {})",
        user.0,
        role.as_str(),
        current.role.as_str(),
        id(team.map(|t| t.0)),
        id(current.team.map(|t| t.0)),
        id(manager.map(|m| m.0)),
        id(current.manager.map(|m| m.0)),
    );
    audit(
        ctx,
        &mut tx,
        "admin:change_user",
        Outcome::Allowed,
        None,
        Some(&detail),
    )
    .await?;
    tx.commit().await?;
    Ok(())
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
        return Err(AppError::Invalid(
            "user: you cannot deactivate your own account".into(),
        ));
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
        return Err(AppError::Invalid(
            "user: change your own password at /change-password, not by a reset".into(),
        ));
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
}

/// The bank-holiday page: the calendar in force and every import.
pub async fn bank_holidays(ctx: &Ctx<'_>) -> Result<Holidays, AppError> {
    administrator(ctx, "view_admin").await?;
    audited(ctx, "view_admin", "bank holidays").await?;
    Ok(Holidays {
        calendar: ctx.services.calendar().await?,
        imports: ctx.db().bank_holiday_lists().await?,
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

/// The timescale policy in force and the local policies saved.
#[derive(Debug, Clone)]
pub struct Timescales {
    pub policy: Arc<Policy>,
    pub saved: Vec<SavedPolicy>,
}

/// The timescale policy in force (the statutory defaults with any local
/// standards) and every saved version, for the administrator to read.
pub async fn policy(ctx: &Ctx<'_>) -> Result<Timescales, AppError> {
    administrator(ctx, "view_admin").await?;
    audited(ctx, "view_admin", "timescale policy").await?;
    Ok(Timescales {
        policy: ctx.services.policy().await?,
        saved: ctx.db().timescale_policies().await?,
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
    parse_policy(toml)
}

/// Saves a local timescale policy and puts it in force: every event
/// recorded from now on is judged by it, and `hearth rebuild` (without
/// `--policy`) recomputes the clocks already stored with it. Checked as
/// [`check_policy`] first; kept with its SHA-256 and audited.
pub async fn save_policy(ctx: &Ctx<'_>, toml: &str) -> Result<Policy, AppError> {
    administrator(ctx, "admin:save_policy").await?;
    let policy = parse_policy(toml)?;
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
