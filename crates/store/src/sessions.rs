//! Sign-in state: password hashes and lockout, sessions, API tokens. Tokens
//! are stored only as hashes.

use hearth_domain::access::Actor;
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
    /// The password was given by an administrator (a first or reset
    /// password): it must be changed before anything else is done.
    pub must_change_password: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    pub id: i64,
    pub user: UserId,
    pub created_at: jiff::Timestamp,
    pub last_seen_at: jiff::Timestamp,
    pub ended_at: Option<jiff::Timestamp>,
    pub user_agent: Option<String>,
    /// The user must change their password before anything else.
    pub must_change_password: bool,
    /// The user's name, for the page header.
    pub display_name: String,
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
            must_change_password: $r.try_get("must_change_password")?,
            display_name: $r.try_get("display_name")?,
        }
    };
}

macro_rules! credentials {
    ($r:expr) => {
        Credentials {
            user: UserId($r.try_get("id")?),
            password_hash: $r.try_get("password_hash")?,
            failed_sign_ins: $r.try_get("failed_sign_ins")?,
            locked_until: $r
                .try_get::<Option<jiff_sqlx::Timestamp>, _>("locked_until")?
                .map(|t| t.to_jiff()),
            active: $r.try_get("active")?,
            must_change_password: $r.try_get("must_change_password")?,
        }
    };
}

const CREDENTIALS: &str = "SELECT id, password_hash, failed_sign_ins, locked_until, active, must_change_password FROM app_user";

/// The columns [`session_row!`] reads, from `session s JOIN app_user u`.
const SESSION_COLUMNS: &str = "s.id, s.user_id, s.created_at, s.last_seen_at, s.ended_at,
    s.user_agent, u.must_change_password, u.display_name";

const SESSIONS: &str = "FROM session s JOIN app_user u ON u.id = s.user_id";

impl Db {
    pub async fn credentials(&self, username: &str) -> Result<Option<Credentials>, StoreError> {
        let sql = format!("{CREDENTIALS} WHERE username = $1");
        on_read!(self, |p| {
            let row = sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
                .bind(username)
                .fetch_optional(p)
                .await?;
            row.map(|r| Ok(credentials!(r))).transpose()
        })
    }

    /// What sign-in needs about a user, by id (to change a password).
    pub async fn credentials_of(&self, user: UserId) -> Result<Option<Credentials>, StoreError> {
        let sql = format!("{CREDENTIALS} WHERE id = $1");
        on_read!(self, |p| {
            let row = sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
                .bind(user.0)
                .fetch_optional(p)
                .await?;
            row.map(|r| Ok(credentials!(r))).transpose()
        })
    }

    /// Counts one failed sign-in, atomically (`failed_sign_ins + 1` in one
    /// UPDATE, so parallel failures are all counted), and locks the account
    /// until `lock_until` when the count reaches `max`. The count and lock
    /// after this failure, for the caller to decide from.
    pub async fn record_failed_sign_in(
        &self,
        tx: &mut Tx,
        user: UserId,
        max: i64,
        lock_until: jiff::Timestamp,
    ) -> Result<(i64, Option<jiff::Timestamp>), StoreError> {
        const SQL: &str = "UPDATE app_user SET failed_sign_ins = failed_sign_ins + 1,
                locked_until = CASE WHEN failed_sign_ins + 1 = $1 THEN $2 ELSE locked_until END
            WHERE id = $3 RETURNING failed_sign_ins, locked_until";
        on_tx!(tx, |c| {
            let r = sqlx::query(SQL)
                .bind(max)
                .bind(ts(lock_until))
                .bind(user.0)
                .fetch_one(c)
                .await?;
            Ok((
                r.try_get("failed_sign_ins")?,
                r.try_get::<Option<jiff_sqlx::Timestamp>, _>("locked_until")?
                    .map(|t| t.to_jiff()),
            ))
        })
    }

    /// Starts a fresh count after a lock that has run out: only if the lock
    /// is still the one `expired` read (a newer lock is left alone).
    pub async fn clear_expired_lock(
        &self,
        tx: &mut Tx,
        user: UserId,
        expired: jiff::Timestamp,
    ) -> Result<bool, StoreError> {
        const SQL: &str = "UPDATE app_user SET failed_sign_ins = 0, locked_until = NULL
            WHERE id = $1 AND locked_until = $2";
        let n = on_tx!(tx, |c| sqlx::query(SQL)
            .bind(user.0)
            .bind(ts(expired))
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }

    /// A right password: clears the failure count, but only while it is
    /// below `max`. False when failures in parallel have locked the account
    /// meanwhile, so a right guess among them does not get through.
    pub async fn record_sign_in(
        &self,
        tx: &mut Tx,
        user: UserId,
        max: i64,
    ) -> Result<bool, StoreError> {
        const SQL: &str = "UPDATE app_user SET failed_sign_ins = 0
            WHERE id = $1 AND failed_sign_ins < $2 AND active = $3";
        let n = on_tx!(tx, |c| sqlx::query(SQL)
            .bind(user.0)
            .bind(max)
            .bind(true)
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }

    /// Sets a user's password hash, whether it must be changed at the next
    /// sign-in, and clears any failures and lock. False if no such user.
    pub async fn set_password(
        &self,
        tx: &mut Tx,
        user: UserId,
        password_hash: &str,
        must_change: bool,
    ) -> Result<bool, StoreError> {
        const SQL: &str = "UPDATE app_user SET password_hash = $1, must_change_password = $2,
                failed_sign_ins = 0, locked_until = NULL WHERE id = $3";
        let n = on_tx!(tx, |c| sqlx::query(SQL)
            .bind(password_hash)
            .bind(must_change)
            .bind(user.0)
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }

    /// Whether the user must change their password at their next sign-in
    /// (set for a password an administrator gave). False if no such user.
    pub async fn set_must_change_password(
        &self,
        tx: &mut Tx,
        user: UserId,
        must_change: bool,
    ) -> Result<bool, StoreError> {
        const SQL: &str = "UPDATE app_user SET must_change_password = $1 WHERE id = $2";
        let n = on_tx!(tx, |c| sqlx::query(SQL)
            .bind(must_change)
            .bind(user.0)
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }

    /// Makes an account active or not. An inactive user cannot sign in and
    /// no session or token of theirs opens. False if no such user.
    pub async fn set_user_active(
        &self,
        tx: &mut Tx,
        user: UserId,
        active: bool,
    ) -> Result<bool, StoreError> {
        const SQL: &str = "UPDATE app_user SET active = $1 WHERE id = $2";
        let n = on_tx!(tx, |c| sqlx::query(SQL)
            .bind(active)
            .bind(user.0)
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }

    /// Ends every live session of a user (but `except`, if given): how many.
    pub async fn end_sessions_for(
        &self,
        tx: &mut Tx,
        user: UserId,
        at: jiff::Timestamp,
        except: Option<i64>,
    ) -> Result<u64, StoreError> {
        const SQL: &str = "UPDATE session SET ended_at = $1
            WHERE user_id = $2 AND ended_at IS NULL AND id <> $3";
        let n = on_tx!(tx, |c| sqlx::query(SQL)
            .bind(ts(at))
            .bind(user.0)
            .bind(except.unwrap_or(-1))
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(n)
    }

    /// Revokes every live API token of a user: how many.
    pub async fn revoke_api_tokens_for(
        &self,
        tx: &mut Tx,
        user: UserId,
        at: jiff::Timestamp,
    ) -> Result<u64, StoreError> {
        const SQL: &str = "UPDATE api_token SET revoked_at = $1
            WHERE user_id = $2 AND revoked_at IS NULL";
        let n = on_tx!(tx, |c| sqlx::query(SQL)
            .bind(ts(at))
            .bind(user.0)
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(n)
    }

    /// How many live (not revoked) API tokens a user has.
    pub async fn live_api_tokens(&self, user: UserId) -> Result<i64, StoreError> {
        const SQL: &str =
            "SELECT COUNT(*) FROM api_token WHERE user_id = $1 AND revoked_at IS NULL";
        let n: i64 = on_read!(self, |p| sqlx::query_scalar(SQL)
            .bind(user.0)
            .fetch_one(p)
            .await)?;
        Ok(n)
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
        let sql = format!("SELECT {SESSION_COLUMNS} {SESSIONS} WHERE s.token_hash = $1");
        on_read!(self, |p| {
            let row = sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
                .bind(token_hash)
                .fetch_optional(p)
                .await?;
            row.map(|r| Ok(session_row!(r))).transpose()
        })
    }

    /// The session a token opens, with its user as an actor (`None` when
    /// the user is no longer active), in one round trip: every signed-in
    /// request asks both before anything else.
    pub async fn session_and_actor(
        &self,
        token_hash: &str,
    ) -> Result<Option<(SessionRow, Option<Actor>)>, StoreError> {
        // Built once: it is asked on every signed-in request.
        static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
            format!(
                "{} SELECT {SESSION_COLUMNS}, u.active, u.role, u.team_id, m.team_id AS managed
                {SESSIONS} {}
                WHERE s.token_hash = $1 ORDER BY m.team_id",
                crate::access::line("(SELECT user_id FROM session WHERE token_hash = $1)"),
                crate::access::LINE_TEAMS
            )
        });
        on_read!(self, |p| {
            let rows = sqlx::query(sqlx::AssertSqlSafe(SQL.as_str()))
                .bind(token_hash)
                .fetch_all(p)
                .await?;
            let Some(r) = rows.first() else {
                return Ok(None);
            };
            let session = session_row!(r);
            let active: bool = r.try_get("active")?;
            let actor = if active {
                crate::access::actor_of(session.user, &rows)?
            } else {
                None
            };
            Ok(Some((session, actor)))
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
        let sql = format!(
            "SELECT {SESSION_COLUMNS} {SESSIONS} WHERE s.user_id = $1 ORDER BY s.created_at DESC, s.id DESC"
        );
        on_read!(self, |p| {
            let rows = sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
                .bind(user.0)
                .fetch_all(p)
                .await?;
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
