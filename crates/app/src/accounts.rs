//! Signing in and out, sessions, and API tokens.
//!
//! - Passwords are Argon2id PHC strings, hashed off the async threads.
//!   Every sign-in, whatever its outcome, costs one Argon2 verification.
//! - Five failed sign-ins in a row lock the account for 15 minutes; the
//!   count is kept atomically in the store, so parallel guesses all count.
//! - A password an administrator gave (a new account's, or a reset) must be
//!   changed at the first sign-in with it ([`change_password`]).
//! - An administrator, or the command line, can deactivate an account,
//!   reset its password or revoke its API tokens; deactivating and
//!   resetting end the user's sessions and API tokens at once.
//! - A session ends after 30 minutes idle or 10 hours in all.
//! - Session and API tokens are 32 random bytes; only their SHA-256 is
//!   stored, so a copy of the database opens no session.
//!
//! Every sign-in, refusal, sign-out and account change writes an audit row,
//! in the same transaction as the change. Audit details carry ids, never a
//! username or password.

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

/// A hash made once per process with the same parameters as real ones,
/// to verify against when there is no real hash to check.
fn dummy_hash() -> String {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY
        .get_or_init(|| {
            Argon2::default()
                .hash_password(b"not a password")
                .map(|h| h.to_string())
                .unwrap_or_default()
        })
        .clone()
}

/// One Argon2 verification, off the async threads. Without a hash (an
/// unknown or inactive user) the verification is still made, against a
/// dummy hash, and fails: every refusal costs the same work, so timing
/// does not reveal which usernames exist or are locked.
async fn verify(services: &Services, password: &str, hash: Option<String>) -> bool {
    let password = password.to_owned();
    let known = hash.is_some();
    let made = services.verifications.clone();
    let ok = tokio::task::spawn_blocking(move || {
        let hash = hash.unwrap_or_else(dummy_hash);
        PasswordHash::new(&hash).is_ok_and(|h| {
            made.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
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
///
/// Every outcome (unknown user, locked account, wrong or right password)
/// costs exactly one Argon2 verification. Failures are counted in one
/// atomic UPDATE and the lock decided from the count it returns, so
/// parallel guesses are all counted; a right password commits only while
/// the count is below the limit, so a right guess among parallel wrong
/// ones is refused once they have locked the account.
pub async fn sign_in(
    services: &Services,
    username: &str,
    password: &str,
    user_agent: Option<&str>,
    request_id: &str,
) -> Result<Result<(Token, Actor), SignInError>, AppError> {
    let db = &services.db;
    let now = services.clock.now();
    // Made before any branch, so the first refusal costs no more than others.
    let _ = tokio::task::spawn_blocking(dummy_hash).await;
    let creds = db.credentials(username.trim()).await?;
    let Some(creds) = creds.filter(|c| c.active) else {
        verify(services, password, None).await;
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
        // The same work as any other attempt; the answer is not used.
        verify(services, password, creds.password_hash.clone()).await;
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
    if let Some(expired) = creds.locked_until {
        // The lock has run out: a fresh count (unless a newer lock is set).
        let mut tx = db.begin().await?;
        db.clear_expired_lock(&mut tx, creds.user, expired).await?;
        tx.commit().await?;
    }
    if !verify(services, password, creds.password_hash.clone()).await {
        let lock = now.checked_add(minutes(LOCKOUT_MINUTES)).unwrap_or(now);
        let mut tx = db.begin().await?;
        let (failed, locked_until) = db
            .record_failed_sign_in(&mut tx, creds.user, MAX_FAILED_SIGN_INS, lock)
            .await?;
        let locked = (failed >= MAX_FAILED_SIGN_INS)
            .then(|| locked_until.filter(|u| *u > now).unwrap_or(lock));
        let detail = if failed == MAX_FAILED_SIGN_INS {
            "wrong password; account locked"
        } else if locked.is_some() {
            "wrong password; locked"
        } else {
            "wrong password"
        };
        db.audit(
            &mut tx,
            &hearth_store::AuditEntry {
                at: now,
                actor: Some(creds.user),
                action: "sign_in",
                outcome: Outcome::Refused,
                child: None,
                detail: Some(detail),
                request_id: Some(request_id),
            },
        )
        .await?;
        tx.commit().await?;
        return Ok(match locked {
            Some(until) => Err(SignInError::Locked(until)),
            None => Err(SignInError::NotRecognised),
        });
    }
    let actor = db.actor(creds.user).await?.ok_or(AppError::NotFound)?;
    let token = Token::new()?;
    let mut tx = db.begin().await?;
    if !db
        .record_sign_in(&mut tx, creds.user, MAX_FAILED_SIGN_INS)
        .await?
    {
        // Locked (or ended) while the password was being checked.
        tx.rollback().await?;
        let until = db
            .credentials_of(creds.user)
            .await?
            .and_then(|c| c.locked_until)
            .filter(|u| *u > now);
        audit(
            services,
            Some(creds.user),
            "sign_in",
            Outcome::Refused,
            Some("locked"),
            request_id,
        )
        .await?;
        return Ok(Err(match until {
            Some(until) => SignInError::Locked(until),
            None => SignInError::NotRecognised,
        }));
    }
    db.create_session(&mut tx, &token.hash(), creds.user, now, user_agent)
        .await?;
    let detail = creds
        .must_change_password
        .then_some("password to be changed");
    db.audit(
        &mut tx,
        &hearth_store::AuditEntry {
            at: now,
            actor: Some(creds.user),
            action: "sign_in",
            outcome: Outcome::Allowed,
            child: None,
            detail,
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
    // The session and its user's access in one round trip.
    let Some((s, actor)) = db.session_and_actor(&token.hash()).await? else {
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
    let Some(actor) = actor else {
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

/// Ends a session. Audited in the same transaction.
pub async fn sign_out(
    services: &Services,
    token: &Token,
    request_id: &str,
) -> Result<(), AppError> {
    let db = &services.db;
    let Some(s) = db.session_by_token_hash(&token.hash()).await? else {
        return Ok(());
    };
    let now = services.clock.now();
    let mut tx = db.begin().await?;
    db.end_session(&mut tx, s.id, now).await?;
    db.audit(
        &mut tx,
        &hearth_store::AuditEntry {
            at: now,
            actor: Some(s.user),
            action: "sign_out",
            outcome: Outcome::Allowed,
            child: None,
            detail: None,
            request_id: Some(request_id),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The user's sessions, newest first ("your sessions").
///
/// Audited before anything is read (`view_sessions`): the page shows when
/// and from which browser someone signed in, which is theirs alone.
pub async fn sessions(
    services: &Services,
    actor: &Actor,
    request_id: &str,
) -> Result<Vec<SessionRow>, AppError> {
    services
        .db
        .audit_now(&hearth_store::AuditEntry {
            at: services.clock.now(),
            actor: Some(actor.user),
            action: "view_sessions",
            outcome: Outcome::Allowed,
            child: None,
            detail: None,
            request_id: Some(request_id),
        })
        .await?;
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
    let now = services.clock.now();
    let db = &services.db;
    let mut tx = db.begin().await?;
    db.create_api_token(&mut tx, &token.hash(), actor.user, name, now)
        .await?;
    db.audit(
        &mut tx,
        &hearth_store::AuditEntry {
            at: now,
            actor: Some(actor.user),
            action: "create_api_token",
            outcome: Outcome::Allowed,
            child: None,
            detail: None,
            request_id: Some(request_id),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(token)
}

/// The user behind a live API token.
pub async fn api_actor(services: &Services, token: &Token) -> Result<Option<Actor>, AppError> {
    let Some(user) = services.db.api_token_user(&token.hash()).await? else {
        return Ok(None);
    };
    Ok(services.db.actor(user).await?)
}

/// The fewest characters a password chosen by its user may have.
pub const MIN_PASSWORD_CHARS: usize = 12;
/// The most: Argon2 takes any length, but a page need not.
pub const MAX_PASSWORD_CHARS: usize = 256;

/// A password change as given on the form.
#[derive(Debug, Clone, Copy, Default)]
pub struct PasswordChange<'a> {
    pub current: &'a str,
    pub new: &'a str,
    pub confirm: &'a str,
}

/// Changes the signed-in user's own password: the current one must be
/// right (a wrong one counts towards the lock as a failed sign-in), the
/// new one at least [`MIN_PASSWORD_CHARS`] characters, typed twice, and
/// not the current one. Clears "must change", ends the user's other
/// sessions, and is audited in the same transaction.
///
/// Problems come back as one [`AppError::Invalid`], a line per problem,
/// each `field: message` (`current_password`, `new_password`,
/// `confirm_password`).
pub async fn change_password(
    services: &Services,
    actor: &Actor,
    session: Option<i64>,
    form: &PasswordChange<'_>,
    request_id: &str,
) -> Result<(), AppError> {
    let db = &services.db;
    let now = services.clock.now();
    let user = actor.user;
    let mut problems = Vec::new();
    if form.current.is_empty() {
        problems.push("current_password: enter your current password".to_owned());
    }
    let chars = form.new.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        problems.push(format!(
            "new_password: use at least {MIN_PASSWORD_CHARS} characters"
        ));
    } else if chars > MAX_PASSWORD_CHARS {
        problems.push(format!(
            "new_password: use at most {MAX_PASSWORD_CHARS} characters"
        ));
    } else if form.new == form.current {
        problems.push(
            "new_password: choose a new password that is different from your current one".into(),
        );
    }
    if form.confirm != form.new {
        problems.push("confirm_password: enter the same new password twice".into());
    }
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems.join("\n")));
    }
    let creds = db.credentials_of(user).await?.ok_or(AppError::NotFound)?;
    if let Some(until) = creds.locked_until.filter(|u| *u > now) {
        verify(services, form.current, creds.password_hash.clone()).await;
        audit(
            services,
            Some(user),
            "change_password",
            Outcome::Refused,
            Some("locked"),
            request_id,
        )
        .await?;
        return Err(AppError::Invalid(format!(
            "current_password: your account is locked after repeated failed sign-ins; try again after {} UTC",
            until.strftime("%H:%M")
        )));
    }
    if !verify(services, form.current, creds.password_hash.clone()).await {
        let lock = now.checked_add(minutes(LOCKOUT_MINUTES)).unwrap_or(now);
        let mut tx = db.begin().await?;
        db.record_failed_sign_in(&mut tx, user, MAX_FAILED_SIGN_INS, lock)
            .await?;
        db.audit(
            &mut tx,
            &hearth_store::AuditEntry {
                at: now,
                actor: Some(user),
                action: "change_password",
                outcome: Outcome::Refused,
                child: None,
                detail: Some("wrong current password"),
                request_id: Some(request_id),
            },
        )
        .await?;
        tx.commit().await?;
        return Err(AppError::Invalid(
            "current_password: your current password is not right".into(),
        ));
    }
    let hash = hash_password(form.new).await?;
    let mut tx = db.begin().await?;
    if !db.set_password(&mut tx, user, &hash, false).await? {
        return Err(AppError::NotFound);
    }
    let ended = db.end_sessions_for(&mut tx, user, now, session).await?;
    let detail = format!("user {}: {ended} other sessions ended", user.0);
    db.audit(
        &mut tx,
        &hearth_store::AuditEntry {
            at: now,
            actor: Some(user),
            action: "change_password",
            outcome: Outcome::Allowed,
            child: None,
            detail: Some(&detail),
            request_id: Some(request_id),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// What ending or resetting an account ended.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Ended {
    pub sessions: u64,
    pub tokens: u64,
}

/// The audit detail of an account change: ids and counts only.
fn ended_detail(user: UserId, by: Option<UserId>, ended: Ended) -> String {
    let by = if by.is_some() {
        ""
    } else {
        "; by the command line"
    };
    format!(
        "user {}: {} sessions ended, {} API tokens revoked{by}",
        user.0, ended.sessions, ended.tokens
    )
}

/// The account to change: it must exist and be active.
async fn active_account(services: &Services, user: UserId) -> Result<(), AppError> {
    match services.db.user(user).await? {
        None => Err(AppError::NotFound),
        Some(u) if !u.active => Err(AppError::Invalid(
            "user: this account is deactivated already".into(),
        )),
        Some(_) => Ok(()),
    }
}

async fn write_audit(
    services: &Services,
    tx: &mut hearth_store::Tx,
    by: Option<UserId>,
    action: &str,
    detail: &str,
    request_id: &str,
) -> Result<(), AppError> {
    services
        .db
        .audit(
            tx,
            &hearth_store::AuditEntry {
                at: services.clock.now(),
                actor: by,
                action,
                outcome: Outcome::Allowed,
                child: None,
                detail: Some(detail),
                request_id: Some(request_id),
            },
        )
        .await?;
    Ok(())
}

/// Deactivates an account (a leaver): they cannot sign in, and every
/// session and API token of theirs ends at once, in the transaction that
/// deactivates them and writes the audit row. `by` is the administrator,
/// or `None` for the command line. Who may do this is the caller's to
/// decide ([`crate::admin::deactivate_user`]).
pub async fn deactivate(
    services: &Services,
    by: Option<UserId>,
    user: UserId,
    request_id: &str,
) -> Result<Ended, AppError> {
    active_account(services, user).await?;
    let db = &services.db;
    let now = services.clock.now();
    let mut tx = db.begin().await?;
    db.set_user_active(&mut tx, user, false).await?;
    let ended = Ended {
        sessions: db.end_sessions_for(&mut tx, user, now, None).await?,
        tokens: db.revoke_api_tokens_for(&mut tx, user, now).await?,
    };
    let detail = ended_detail(user, by, ended);
    write_audit(
        services,
        &mut tx,
        by,
        "admin:deactivate_user",
        &detail,
        request_id,
    )
    .await?;
    tx.commit().await?;
    Ok(ended)
}

/// Resets an account's password to a made-up one, returned once to give
/// to them; they must change it at their next sign-in. Every session and
/// API token of theirs ends at once, and any lock is cleared, in the
/// transaction that writes the audit row.
pub async fn reset_password(
    services: &Services,
    by: Option<UserId>,
    user: UserId,
    request_id: &str,
) -> Result<(String, Ended), AppError> {
    active_account(services, user).await?;
    let password = crate::admin::make_password()?;
    let hash = hash_password(&password).await?;
    let db = &services.db;
    let now = services.clock.now();
    let mut tx = db.begin().await?;
    db.set_password(&mut tx, user, &hash, true).await?;
    let ended = Ended {
        sessions: db.end_sessions_for(&mut tx, user, now, None).await?,
        tokens: db.revoke_api_tokens_for(&mut tx, user, now).await?,
    };
    let detail = ended_detail(user, by, ended);
    write_audit(
        services,
        &mut tx,
        by,
        "admin:reset_password",
        &detail,
        request_id,
    )
    .await?;
    tx.commit().await?;
    Ok((password, ended))
}

/// Revokes every API token of an account, at once; its sessions go on.
/// Audited in the same transaction. How many were revoked.
pub async fn revoke_api_tokens(
    services: &Services,
    by: Option<UserId>,
    user: UserId,
    request_id: &str,
) -> Result<u64, AppError> {
    if services.db.user(user).await?.is_none() {
        return Err(AppError::NotFound);
    }
    let db = &services.db;
    let now = services.clock.now();
    let mut tx = db.begin().await?;
    let tokens = db.revoke_api_tokens_for(&mut tx, user, now).await?;
    let detail = ended_detail(
        user,
        by,
        Ended {
            sessions: 0,
            tokens,
        },
    );
    write_audit(
        services,
        &mut tx,
        by,
        "admin:revoke_api_tokens",
        &detail,
        request_id,
    )
    .await?;
    tx.commit().await?;
    Ok(tokens)
}
