//! Role approvals: a role that can read children's records, asked for by
//! one administrator, takes effect only when another approves it; accounts
//! the command line made are recorded beside them, so the break-glass
//! report shows every way someone came to read children.
//!
//! The store keeps the four-eyes rules as constraints too (not the one who
//! asked, not the account concerned; one request awaiting a decision per
//! account), and a decided row is never changed again.

use sqlx::Row;

pub use hearth_domain::keys::ApprovalId;

use crate::{Db, Role, StoreError, Tx, UserId, micros, on_read, on_tx};

/// What was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleDecision {
    Approved,
    Refused,
}

impl RoleDecision {
    pub fn as_str(self) -> &'static str {
        match self {
            RoleDecision::Approved => "approved",
            RoleDecision::Refused => "refused",
        }
    }

    fn parse(s: &str) -> Option<RoleDecision> {
        match s {
            "approved" => Some(RoleDecision::Approved),
            "refused" => Some(RoleDecision::Refused),
            _ => None,
        }
    }
}

/// A request to give an account a role, as asked.
#[derive(Debug, Clone, Copy)]
pub struct RoleRequest {
    pub user: UserId,
    pub role: Role,
    /// The role the account has now; `None` for a new account.
    pub previous: Option<Role>,
    pub requested_by: UserId,
    pub at: jiff::Timestamp,
}

/// A role approval with the people in it named as the accounts name them now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleApproval {
    pub id: ApprovalId,
    pub user: UserId,
    pub user_name: String,
    pub role: Role,
    /// `None`: a new account.
    pub previous: Option<Role>,
    /// `None`: the command line.
    pub requested_by: Option<UserId>,
    pub requested_by_name: Option<String>,
    pub requested_at: jiff::Timestamp,
    /// `None`: awaiting a decision.
    pub decision: Option<RoleDecision>,
    pub decided_by: Option<UserId>,
    pub decided_by_name: Option<String>,
    pub decided_at: Option<jiff::Timestamp>,
}

const APPROVAL: &str =
    "SELECT r.id, r.user_id, u.display_name AS user_name, r.role, r.previous_role,
        r.requested_by, q.display_name AS requested_by_name, r.requested_at,
        r.decision, r.decided_by, d.display_name AS decided_by_name, r.decided_at
    FROM role_approval r JOIN app_user u ON u.id = r.user_id
        LEFT JOIN app_user q ON q.id = r.requested_by
        LEFT JOIN app_user d ON d.id = r.decided_by";

fn role(text: &str) -> Result<Role, StoreError> {
    Role::parse(text).ok_or_else(|| StoreError::Corrupt(format!("approval role {text:?}")))
}

macro_rules! approval_row {
    ($r:expr) => {{
        let decision: Option<String> = $r.try_get("decision")?;
        RoleApproval {
            id: ApprovalId($r.try_get("id")?),
            user: UserId($r.try_get("user_id")?),
            user_name: $r.try_get("user_name")?,
            role: role(&$r.try_get::<String, _>("role")?)?,
            previous: $r
                .try_get::<Option<String>, _>("previous_role")?
                .map(|p| role(&p))
                .transpose()?,
            requested_by: $r.try_get::<Option<i64>, _>("requested_by")?.map(UserId),
            requested_by_name: $r.try_get("requested_by_name")?,
            requested_at: $r
                .try_get::<jiff_sqlx::Timestamp, _>("requested_at")?
                .to_jiff(),
            decision: match decision {
                None => None,
                Some(d) => Some(
                    RoleDecision::parse(&d)
                        .ok_or_else(|| StoreError::Corrupt(format!("approval decision {d:?}")))?,
                ),
            },
            decided_by: $r.try_get::<Option<i64>, _>("decided_by")?.map(UserId),
            decided_by_name: $r.try_get("decided_by_name")?,
            decided_at: $r
                .try_get::<Option<jiff_sqlx::Timestamp>, _>("decided_at")?
                .map(|t| t.to_jiff()),
        }
    }};
}

impl Db {
    /// Records a request awaiting a second administrator. Fails (a unique
    /// index) if the account already has one awaiting a decision.
    pub async fn request_role(
        &self,
        tx: &mut Tx,
        request: &RoleRequest,
    ) -> Result<ApprovalId, StoreError> {
        const SQL: &str =
            "INSERT INTO role_approval (user_id, role, previous_role, requested_by, requested_at)
            VALUES ($1, $2, $3, $4, $5) RETURNING id";
        let id = on_tx!(tx, |c| sqlx::query(SQL)
            .bind(request.user.0)
            .bind(request.role.as_str())
            .bind(request.previous.map(Role::as_str))
            .bind(request.requested_by.0)
            .bind(jiff_sqlx::Timestamp::from(micros(request.at)))
            .fetch_one(c)
            .await
            .and_then(|r| r.try_get::<i64, _>(0)))?;
        Ok(ApprovalId(id))
    }

    /// Records an account the command line made: whoever runs it has the
    /// server, so it takes effect at once, but it is reported all the same.
    pub async fn record_command_line_role(
        &self,
        tx: &mut Tx,
        user: UserId,
        role: Role,
        at: jiff::Timestamp,
    ) -> Result<ApprovalId, StoreError> {
        const SQL: &str = "INSERT INTO role_approval (user_id, role, previous_role, requested_by, requested_at, decision, decided_by, decided_at)
            VALUES ($1, $2, NULL, NULL, $3, 'approved', NULL, $3) RETURNING id";
        let id = on_tx!(tx, |c| sqlx::query(SQL)
            .bind(user.0)
            .bind(role.as_str())
            .bind(jiff_sqlx::Timestamp::from(micros(at)))
            .fetch_one(c)
            .await
            .and_then(|r| r.try_get::<i64, _>(0)))?;
        Ok(ApprovalId(id))
    }

    /// Decides a request still awaiting one. False if it is already
    /// decided (or there is no such request): two administrators deciding
    /// at once cannot both win.
    pub async fn decide_role(
        &self,
        tx: &mut Tx,
        id: ApprovalId,
        decision: RoleDecision,
        by: UserId,
        at: jiff::Timestamp,
    ) -> Result<bool, StoreError> {
        const SQL: &str = "UPDATE role_approval SET decision = $1, decided_by = $2, decided_at = $3
            WHERE id = $4 AND decision IS NULL";
        let done = on_tx!(tx, |c| sqlx::query(SQL)
            .bind(decision.as_str())
            .bind(by.0)
            .bind(jiff_sqlx::Timestamp::from(micros(at)))
            .bind(id.0)
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(done == 1)
    }

    /// Puts an approved role in force: a new account becomes active with
    /// it; an existing one changes from the role it had when asked. False,
    /// changing nothing, if the account is no longer as it was when asked.
    pub async fn apply_role(
        &self,
        tx: &mut Tx,
        user: UserId,
        role: Role,
        previous: Option<Role>,
    ) -> Result<bool, StoreError> {
        let done = match previous {
            None => {
                const SQL: &str = "UPDATE app_user SET active = $1
                    WHERE id = $2 AND role = $3 AND active = $4";
                on_tx!(tx, |c| sqlx::query(SQL)
                    .bind(true)
                    .bind(user.0)
                    .bind(role.as_str())
                    .bind(false)
                    .execute(c)
                    .await
                    .map(|r| r.rows_affected()))?
            }
            Some(previous) => {
                const SQL: &str = "UPDATE app_user SET role = $1 WHERE id = $2 AND role = $3";
                on_tx!(tx, |c| sqlx::query(SQL)
                    .bind(role.as_str())
                    .bind(user.0)
                    .bind(previous.as_str())
                    .execute(c)
                    .await
                    .map(|r| r.rows_affected()))?
            }
        };
        Ok(done == 1)
    }

    /// One request.
    pub async fn role_approval(&self, id: ApprovalId) -> Result<Option<RoleApproval>, StoreError> {
        let sql = format!("{APPROVAL} WHERE r.id = $1");
        on_read!(self, |p| {
            let row = sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
                .bind(id.0)
                .fetch_optional(p)
                .await?;
            row.map(|r| Ok(approval_row!(r))).transpose()
        })
    }

    /// Requests awaiting a decision, oldest first.
    pub async fn pending_role_approvals(&self) -> Result<Vec<RoleApproval>, StoreError> {
        let sql = format!("{APPROVAL} WHERE r.decision IS NULL ORDER BY r.requested_at, r.id");
        on_read!(self, |p| {
            let rows = sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
                .fetch_all(p)
                .await?;
            rows.iter().map(|r| Ok(approval_row!(r))).collect()
        })
    }

    /// Every request and command-line account asked for, or decided, since
    /// `since`, newest first: for the break-glass report.
    pub async fn role_approvals_since(
        &self,
        since: jiff::Timestamp,
    ) -> Result<Vec<RoleApproval>, StoreError> {
        let sql = format!(
            "{APPROVAL} WHERE r.requested_at >= $1 OR r.decided_at >= $1
            ORDER BY r.requested_at DESC, r.id DESC"
        );
        on_read!(self, |p| {
            let rows = sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
                .bind(jiff_sqlx::Timestamp::from(micros(since)))
                .fetch_all(p)
                .await?;
            rows.iter().map(|r| Ok(approval_row!(r))).collect()
        })
    }
}
