//! Signing in and out, sessions, and API tokens.
//!
//! - Passwords are Argon2id PHC strings, hashed off the async threads.
//! - Five failed sign-ins in a row lock the account for 15 minutes.
//! - A session ends after 30 minutes idle or 10 hours in all.
//! - Session and API tokens are 32 random bytes; only their SHA-256 is
//!   stored, so a copy of the database opens no session.
//!
//! Every sign-in, refusal and sign-out writes an audit row. Audit details
//! carry ids, never a username or password.

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use hearth_domain::access::Actor;
use hearth_store::{Outcome, SessionRow, UserId};
use sha2::{Digest, Sha256};

use crate::{AppError, Services};

pub const MAX_FAILED_SIGN_INS: i64 = 5;
pub const LOCKOUT_MINUTES: i64 = 15;
pub const IDLE_MINUTES: i64 = 30;
pub const ABSOLUTE_HOURS: i64 = 10;

/// A secret token as given to the browser or API client.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(pub String);

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Token(..)")
    }
}

impl Token {
    fn new() -> Result<Token, AppError> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes)
            .map_err(|e| AppError::Invalid(format!("no randomness: {e}")))?;
        Ok(Token(hex(&bytes)))
    }

    fn hash(&self) -> String {
        hex(&Sha256::digest(self.0.as_bytes()))
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Why sign-in failed. The page says only "not recognised" or "locked".
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum SignInError {
    #[error("the username or password is not recognised")]
    NotRecognised,
    #[error("the account is locked after repeated failed sign-ins; try again after {0}")]
    Locked(jiff::Timestamp),
}

/// Hashes a password with Argon2id.
pub async fn hash_password(password: &str) -> Result<String, AppError> {
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| AppError::Invalid(format!("password: {e}")))
    })
    .await
    .map_err(|e| AppError::Invalid(format!("password: {e}")))?
}

async fn verify(password: &str, hash: Option<String>) -> bool {
    // An unknown user still costs one verification, against a hash made
    // once per process, so timing does not reveal which usernames exist.
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let password = password.to_owned();
    let known = hash.is_some();
    let ok = tokio::task::spawn_blocking(move || {
        let hash = hash.unwrap_or_else(|| {
            DUMMY
                .get_or_init(|| {
                    Argon2::default()
                        .hash_password(b"not a password")
                        .map(|h| h.to_string())
                        .unwrap_or_default()
                })
                .clone()
        });
        PasswordHash::new(&hash).is_ok_and(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
    })
    .await
    .unwrap_or(false);
    ok && known
}

fn minutes(m: i64) -> jiff::SignedDuration {
    jiff::SignedDuration::from_mins(m)
}

async fn audit(
    services: &Services,
    user: Option<UserId>,
    action: &str,
    outcome: Outcome,
    detail: Option<&str>,
    request_id: &str,
) -> Result<(), AppError> {
    let mut tx = services.db.begin().await?;
    services
        .db
        .audit(
            &mut tx,
            &hearth_store::AuditEntry {
                at: services.clock.now(),
                actor: user,
                action,
                outcome,
                child: None,
                detail,
                request_id: Some(request_id),
            },
        )
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Signs in: a new session's token and the user as an actor.
pub async fn sign_in(
    services: &Services,
    username: &str,
    password: &str,
    user_agent: Option<&str>,
    request_id: &str,
) -> Result<Result<(Token, Actor), SignInError>, AppError> {
    let db = &services.db;
    let now = services.clock.now();
    let creds = db.credentials(username.trim()).await?;
    let Some(creds) = creds.filter(|c| c.active) else {
        verify(password, None).await;
        audit(
            services,
            None,
            "sign_in",
            Outcome::Refused,
            Some("unknown or inactive user"),
            request_id,
        )
        .await?;
        return Ok(Err(SignInError::NotRecognised));
    };
    if let Some(until) = creds.locked_until.filter(|u| *u > now) {
        audit(
            services,
            Some(creds.user),
            "sign_in",
            Outcome::Refused,
            Some("locked"),
            request_id,
        )
        .await?;
        return Ok(Err(SignInError::Locked(until)));
    }
    if !verify(password, creds.password_hash.clone()).await {
        let failed = creds.failed_sign_ins + 1;
        let lock = (failed >= MAX_FAILED_SIGN_INS)
            .then(|| now.checked_add(minutes(LOCKOUT_MINUTES)).unwrap_or(now));
        let mut tx = db.begin().await?;
        db.set_sign_in_failures(
            &mut tx,
            creds.user,
            if lock.is_some() { 0 } else { failed },
            lock,
        )
        .await?;
        tx.commit().await?;
        let detail = if lock.is_some() {
            "wrong password; account locked"
        } else {
            "wrong password"
        };
        audit(
            services,
            Some(creds.user),
            "sign_in",
            Outcome::Refused,
            Some(detail),
            request_id,
        )
        .await?;
        return Ok(match lock {
            Some(until) => Err(SignInError::Locked(until)),
            None => Err(SignInError::NotRecognised),
        });
    }
    let actor = db.actor(creds.user).await?.ok_or(AppError::NotFound)?;
    let token = Token::new()?;
    let mut tx = db.begin().await?;
    db.set_sign_in_failures(&mut tx, creds.user, 0, None)
        .await?;
    db.create_session(&mut tx, &token.hash(), creds.user, now, user_agent)
        .await?;
    db.audit(
        &mut tx,
        &hearth_store::AuditEntry {
            at: now,
            actor: Some(creds.user),
            action: "sign_in",
            outcome: Outcome::Allowed,
            child: None,
            detail: None,
            request_id: Some(request_id),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Ok((token, actor)))
}

/// The user behind a session token, if the session is live; touches it.
pub async fn session(
    services: &Services,
    token: &Token,
) -> Result<Option<(SessionRow, Actor)>, AppError> {
    let db = &services.db;
    let now = services.clock.now();
    let Some(s) = db.session_by_token_hash(&token.hash()).await? else {
        return Ok(None);
    };
    let idle = s
        .last_seen_at
        .checked_add(minutes(IDLE_MINUTES))
        .unwrap_or(s.last_seen_at);
    let absolute = s
        .created_at
        .checked_add(minutes(ABSOLUTE_HOURS * 60))
        .unwrap_or(s.created_at);
    if s.ended_at.is_some() || now >= idle || now >= absolute {
        return Ok(None);
    }
    let Some(actor) = db.actor(s.user).await? else {
        return Ok(None);
    };
    // Idle time is kept to the minute: a write per request would halve what
    // SQLite's single writer can serve, for no gain in safety.
    if now.duration_since(s.last_seen_at) >= jiff::SignedDuration::from_mins(1) {
        let mut tx = db.begin().await?;
        db.touch_session(&mut tx, s.id, now).await?;
        tx.commit().await?;
    }
    Ok(Some((s, actor)))
}

/// Ends a session. Audited.
pub async fn sign_out(
    services: &Services,
    token: &Token,
    request_id: &str,
) -> Result<(), AppError> {
    let db = &services.db;
    let Some(s) = db.session_by_token_hash(&token.hash()).await? else {
        return Ok(());
    };
    let mut tx = db.begin().await?;
    db.end_session(&mut tx, s.id, services.clock.now()).await?;
    tx.commit().await?;
    audit(
        services,
        Some(s.user),
        "sign_out",
        Outcome::Allowed,
        None,
        request_id,
    )
    .await
}

/// The user's sessions, newest first ("your sessions").
pub async fn sessions(services: &Services, actor: &Actor) -> Result<Vec<SessionRow>, AppError> {
    Ok(services.db.sessions_for(actor.user).await?)
}

/// A new API token for the actor; the token is shown once.
pub async fn create_api_token(
    services: &Services,
    actor: &Actor,
    name: &str,
    request_id: &str,
) -> Result<Token, AppError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(AppError::Invalid(
            "name: give the token a name, such as the system that will use it".into(),
        ));
    }
    let token = Token::new()?;
    let mut tx = services.db.begin().await?;
    services
        .db
        .create_api_token(
            &mut tx,
            &token.hash(),
            actor.user,
            name,
            services.clock.now(),
        )
        .await?;
    tx.commit().await?;
    audit(
        services,
        Some(actor.user),
        "create_api_token",
        Outcome::Allowed,
        None,
        request_id,
    )
    .await?;
    Ok(token)
}

/// The user behind a live API token.
pub async fn api_actor(services: &Services, token: &Token) -> Result<Option<Actor>, AppError> {
    let Some(user) = services.db.api_token_user(&token.hash()).await? else {
        return Ok(None);
    };
    Ok(services.db.actor(user).await?)
}
