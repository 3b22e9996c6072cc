//! `hearth users`: add a user with a role, a team and a first password;
//! make an API token; and end accounts: deactivate a leaver, reset a
//! password, revoke API tokens. Each change is audited, with no actor (the
//! command line) and users by id. A role added here needs no second
//! administrator (whoever runs it has the server) but is recorded for the
//! break-glass report.

use hearth_store::{NewUser, Role};

use crate::Failure;
use crate::db::{Target, runtime};

#[derive(clap::Args)]
pub struct AddArgs {
    #[command(flatten)]
    target: Target,
    /// The sign-in name (letters, digits, dots, hyphens and underscores).
    username: String,
    /// The name other users see.
    #[arg(long)]
    name: String,
    /// social_worker, team_manager, service_manager, iro, performance_analyst,
    /// business_support, system_administrator or auditor.
    #[arg(long)]
    role: String,
    /// The user's team (made if it does not exist).
    #[arg(long)]
    team: Option<String>,
    /// The user's line manager (a username).
    #[arg(long)]
    manager: Option<String>,
}

/// Adds the user. The password comes from `HEARTH_PASSWORD`, or is made up
/// and printed once; either way the user must change it at their first
/// sign-in. Audited, in the same transaction.
pub fn add(args: &AddArgs) -> Result<(), Failure> {
    let username = args.username.trim();
    if username.is_empty()
        || !username
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
    {
        return Err(Failure(format!(
            "username {username:?}: use letters, digits, dots, hyphens and underscores"
        )));
    }
    let role = Role::parse(&args.role).ok_or_else(|| {
        let roles: Vec<&str> = Role::ALL.iter().map(|r| r.as_str()).collect();
        Failure(format!(
            "--role {:?} is not a role; use one of {}",
            args.role,
            roles.join(", ")
        ))
    })?;
    if args.name.trim().is_empty() {
        return Err(Failure("--name: give the user's name".into()));
    }
    let (password, made_up) = match std::env::var("HEARTH_PASSWORD") {
        Ok(p) if p.chars().count() >= 12 => (p, false),
        Ok(_) => {
            return Err(Failure(
                "HEARTH_PASSWORD: use at least 12 characters".into(),
            ));
        }
        Err(_) => (make_password()?, true),
    };
    runtime()?.block_on(async {
        let db = args.target.open().await?;
        if db.user_by_username(username).await?.is_some() {
            return Err(Failure(format!("username {username:?} is taken")));
        }
        let manager = match &args.manager {
            Some(m) => Some(
                db.user_by_username(m)
                    .await?
                    .ok_or_else(|| Failure(format!("--manager {m:?}: no such user")))?,
            ),
            None => None,
        };
        let hash = hearth_app::accounts::hash_password(&password).await?;
        let now = jiff::Timestamp::now();
        let mut tx = db.begin().await?;
        let team = match &args.team {
            Some(name) => Some(match db.team_by_name(name).await? {
                Some(t) => t,
                None => db.create_team(&mut tx, name, "team").await?,
            }),
            None => None,
        };
        let user = NewUser {
            username,
            display_name: args.name.trim(),
            role,
            team,
            manager,
            password_hash: Some(&hash),
        };
        let id = db.create_user(&mut tx, &user, now).await?;
        db.set_must_change_password(&mut tx, id, true).await?;
        // Whoever runs this has the server, so the role is in force at
        // once; but a role that can read children is still reported.
        if role.needs_approval() {
            db.record_command_line_role(&mut tx, id, role, now).await?;
        }
        let detail = format!("user {} as {}; by the command line", id.0, role.as_str());
        db.audit(
            &mut tx,
            &hearth_store::AuditEntry {
                at: now,
                actor: None,
                action: "admin:add_user",
                outcome: hearth_store::Outcome::Allowed,
                child: None,
                detail: Some(&detail),
                request_id: Some("cli"),
            },
        )
        .await?;
        tx.commit().await?;
        db.close().await;
        println!("user: {username}  role: {}  id: {}", role.as_str(), id.0);
        if made_up {
            println!("password: {password}");
        }
        Ok(())
    })
}

/// Five words' worth of randomness as 20 characters a person can type.
fn make_password() -> Result<String, Failure> {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 20];
    getrandom::fill(&mut bytes).map_err(|e| Failure(format!("no randomness: {e}")))?;
    Ok(bytes
        .iter()
        .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
        .collect())
}

#[derive(clap::Args)]
pub struct TokenArgs {
    #[command(flatten)]
    target: Target,
    /// Whose token: a username.
    username: String,
    /// What the token is for, such as the system that will use it.
    #[arg(long)]
    name: String,
}

/// Makes an API token for a user and prints it once.
pub fn token(args: &TokenArgs) -> Result<(), Failure> {
    runtime()?.block_on(async {
        let db = args.target.open().await?;
        let user = db
            .user_by_username(&args.username)
            .await?
            .ok_or_else(|| Failure(format!("username {:?}: no such user", args.username)))?;
        let actor = db.actor(user).await?.ok_or_else(|| {
            Failure(format!(
                "username {:?}: the account is not active",
                args.username
            ))
        })?;
        let services =
            hearth_app::Services::new(db.clone(), std::sync::Arc::new(hearth_app::SystemClock));
        let token =
            hearth_app::accounts::create_api_token(&services, &actor, &args.name, "cli").await?;
        db.close().await;
        println!("{}", token.0);
        Ok(())
    })
}

#[derive(clap::Args)]
pub struct AccountArgs {
    #[command(flatten)]
    target: Target,
    /// Whose account: a username.
    username: String,
}

/// Opens the database and finds the user; runs `f` with the services.
fn with_user<T>(
    args: &AccountArgs,
    f: impl AsyncFnOnce(&hearth_app::Services, hearth_store::UserId) -> Result<T, Failure>,
) -> Result<T, Failure> {
    runtime()?.block_on(async {
        let db = args.target.open().await?;
        let user = db
            .user_by_username(args.username.trim())
            .await?
            .ok_or_else(|| Failure(format!("username {:?}: no such user", args.username)))?;
        let services =
            hearth_app::Services::new(db.clone(), std::sync::Arc::new(hearth_app::SystemClock));
        let result = f(&services, user).await;
        db.close().await;
        result
    })
}

/// A problem with the account (already deactivated), as the command line says it.
fn account_failure(username: &str, e: hearth_app::AppError) -> Failure {
    match e {
        hearth_app::AppError::Invalid(m) => Failure(format!(
            "username {username:?}: {}",
            m.strip_prefix("user: ").unwrap_or(&m)
        )),
        other => Failure(other.to_string()),
    }
}

/// Deactivates a leaver: no sign-in; their sessions and API tokens end at once.
pub fn deactivate(args: &AccountArgs) -> Result<(), Failure> {
    with_user(args, async |services, user| {
        let ended = hearth_app::accounts::deactivate(services, None, user, "cli")
            .await
            .map_err(|e| account_failure(&args.username, e))?;
        println!(
            "deactivated user id {}: {} sessions ended, {} API tokens revoked",
            user.0, ended.sessions, ended.tokens
        );
        Ok(())
    })
}

/// Resets a password to a made-up one, printed once; the user must change
/// it at their next sign-in; their sessions and API tokens end at once.
pub fn reset_password(args: &AccountArgs) -> Result<(), Failure> {
    with_user(args, async |services, user| {
        let (password, ended) = hearth_app::accounts::reset_password(services, None, user, "cli")
            .await
            .map_err(|e| account_failure(&args.username, e))?;
        println!(
            "reset the password of user id {}: {} sessions ended, {} API tokens revoked",
            user.0, ended.sessions, ended.tokens
        );
        println!("password: {password}");
        Ok(())
    })
}

/// Revokes every API token of a user at once.
pub fn revoke_tokens(args: &AccountArgs) -> Result<(), Failure> {
    with_user(args, async |services, user| {
        let tokens = hearth_app::accounts::revoke_api_tokens(services, None, user, "cli")
            .await
            .map_err(|e| account_failure(&args.username, e))?;
        println!("revoked {tokens} API tokens of user id {}", user.0);
        Ok(())
    })
}
