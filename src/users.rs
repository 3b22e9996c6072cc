//! `hearth users add`: a user with a role, a team and a password.

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
/// and printed once.
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
