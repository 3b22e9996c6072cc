//! Sign-in state: password hashes and lockout, sessions, API tokens. Tokens
//! are stored only as hashes.

use sqlx::Row;

use crate::{Db, StoreError, Tx, UserId, micros, on_read, on_tx};

/// What sign-in needs about a user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credentials {
    pub user: UserId,
    pub password_hash: Option<String>,
    pub failed_sign_ins: i64,
    pub locked_until: Option<jiff::Timestamp>,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    pub id: i64,
    pub user: UserId,
    pub created_at: jiff::Timestamp,
    pub last_seen_at: jiff::Timestamp,
    pub ended_at: Option<jiff::Timestamp>,
    pub user_agent: Option<String>,
}

fn ts(t: jiff::Timestamp) -> jiff_sqlx::Timestamp {
    jiff_sqlx::Timestamp::from(micros(t))
}

macro_rules! session_row {
    ($r:expr) => {
        SessionRow {
            id: $r.try_get("id")?,
            user: UserId($r.try_get("user_id")?),
            created_at: $r
                .try_get::<jiff_sqlx::Timestamp, _>("created_at")?
                .to_jiff(),
            last_seen_at: $r
                .try_get::<jiff_sqlx::Timestamp, _>("last_seen_at")?
                .to_jiff(),
            ended_at: $r
                .try_get::<Option<jiff_sqlx::Timestamp>, _>("ended_at")?
                .map(|t| t.to_jiff()),
            user_agent: $r.try_get("user_agent")?,
        }
    };
}

impl Db {
    pub async fn credentials(&self, username: &str) -> Result<Option<Credentials>, StoreError> {
        const SQL: &str = "SELECT id, password_hash, failed_sign_ins, locked_until, active FROM app_user WHERE username = $1";
        on_read!(self, |p| {
            let Some(r) = sqlx::query(SQL).bind(username).fetch_optional(p).await? else {
                return Ok(None);
            };
            Ok(Some(Credentials {
                user: UserId(r.try_get("id")?),
                password_hash: r.try_get("password_hash")?,
                failed_sign_ins: r.try_get("failed_sign_ins")?,
                locked_until: r
                    .try_get::<Option<jiff_sqlx::Timestamp>, _>("locked_until")?
                    .map(|t| t.to_jiff()),
                active: r.try_get("active")?,
            }))
        })
    }

    /// Sets a user's failed sign-in count and lock.
    pub async fn set_sign_in_failures(
        &self,
        tx: &mut Tx,
        user: UserId,
        failed: i64,
        locked_until: Option<jiff::Timestamp>,
    ) -> Result<(), StoreError> {
        const SQL: &str =
            "UPDATE app_user SET failed_sign_ins = $1, locked_until = $2 WHERE id = $3";
        on_tx!(tx, |c| sqlx::query(SQL)
            .bind(failed)
            .bind(locked_until.map(ts))
            .bind(user.0)
            .execute(c)
            .await
            .map(|_| ()))?;
        Ok(())
    }

    pub async fn create_session(
        &self,
        tx: &mut Tx,
        token_hash: &str,
        user: UserId,
        at: jiff::Timestamp,
        user_agent: Option<&str>,
    ) -> Result<i64, StoreError> {
        const SQL: &str =
            "INSERT INTO session (token_hash, user_id, created_at, last_seen_at, user_agent)
            VALUES ($1, $2, $3, $4, $5) RETURNING id";
        let id = on_tx!(tx, |c| sqlx::query(SQL)
            .bind(token_hash)
            .bind(user.0)
            .bind(ts(at))
            .bind(ts(at))
            .bind(user_agent)
            .fetch_one(c)
            .await
            .and_then(|r| r.try_get::<i64, _>(0)))?;
        Ok(id)
    }

    pub async fn session_by_token_hash(
        &self,
        token_hash: &str,
    ) -> Result<Option<SessionRow>, StoreError> {
        const SQL: &str = "SELECT id, user_id, created_at, last_seen_at, ended_at, user_agent FROM session WHERE token_hash = $1";
        on_read!(self, |p| {
            let Some(r) = sqlx::query(SQL).bind(token_hash).fetch_optional(p).await? else {
                return Ok(None);
            };
            Ok(Some(session_row!(r)))
        })
    }

    pub async fn touch_session(
        &self,
        tx: &mut Tx,
        id: i64,
        at: jiff::Timestamp,
    ) -> Result<(), StoreError> {
        const SQL: &str = "UPDATE session SET last_seen_at = $1 WHERE id = $2";
        on_tx!(tx, |c| sqlx::query(SQL)
            .bind(ts(at))
            .bind(id)
            .execute(c)
            .await
            .map(|_| ()))?;
        Ok(())
    }

    pub async fn end_session(
        &self,
        tx: &mut Tx,
        id: i64,
        at: jiff::Timestamp,
    ) -> Result<(), StoreError> {
        const SQL: &str = "UPDATE session SET ended_at = $1 WHERE id = $2 AND ended_at IS NULL";
        on_tx!(tx, |c| sqlx::query(SQL)
            .bind(ts(at))
            .bind(id)
            .execute(c)
            .await
            .map(|_| ()))?;
        Ok(())
    }

    /// A user's sessions, newest first.
    pub async fn sessions_for(&self, user: UserId) -> Result<Vec<SessionRow>, StoreError> {
        const SQL: &str =
            "SELECT id, user_id, created_at, last_seen_at, ended_at, user_agent FROM session
            WHERE user_id = $1 ORDER BY created_at DESC, id DESC";
        on_read!(self, |p| {
            let rows = sqlx::query(SQL).bind(user.0).fetch_all(p).await?;
            rows.iter().map(|r| Ok(session_row!(r))).collect()
        })
    }

    pub async fn create_api_token(
        &self,
        tx: &mut Tx,
        token_hash: &str,
        user: UserId,
        name: &str,
        at: jiff::Timestamp,
    ) -> Result<(), StoreError> {
        const SQL: &str =
            "INSERT INTO api_token (token_hash, user_id, name, created_at) VALUES ($1, $2, $3, $4)";
        on_tx!(tx, |c| sqlx::query(SQL)
            .bind(token_hash)
            .bind(user.0)
            .bind(name)
            .bind(ts(at))
            .execute(c)
            .await
            .map(|_| ()))?;
        Ok(())
    }

    /// The user of a live (not revoked) API token.
    pub async fn api_token_user(&self, token_hash: &str) -> Result<Option<UserId>, StoreError> {
        const SQL: &str =
            "SELECT user_id FROM api_token WHERE token_hash = $1 AND revoked_at IS NULL";
        let id: Option<i64> = on_read!(self, |p| sqlx::query_scalar(SQL)
            .bind(token_hash)
            .fetch_optional(p)
            .await)?;
        Ok(id.map(UserId))
    }
}
