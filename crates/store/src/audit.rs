//! The audit log: who did what to which record, and whether they were
//! allowed. Append-only: triggers refuse UPDATE and DELETE on both engines.

use sqlx::Row;

use crate::{ChildId, Db, StoreError, Tx, UserId, micros, on_read, on_tx};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Allowed,
    Refused,
}

impl Outcome {
    fn as_str(self) -> &'static str {
        match self {
            Outcome::Allowed => "allowed",
            Outcome::Refused => "refused",
        }
    }
}

/// One row to write. `detail` carries ids and codes, never personal data.
#[derive(Debug, Clone, Copy)]
pub struct AuditEntry<'a> {
    pub at: jiff::Timestamp,
    pub actor: Option<UserId>,
    pub action: &'a str,
    pub outcome: Outcome,
    pub child: Option<ChildId>,
    pub detail: Option<&'a str>,
    pub request_id: Option<&'a str>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRow {
    pub id: i64,
    pub at: jiff::Timestamp,
    pub actor: Option<UserId>,
    pub action: String,
    pub refused: bool,
    pub child: Option<ChildId>,
    pub detail: Option<String>,
    /// The person who acted, as the accounts name them now (`None` for the
    /// system, or a user since removed).
    pub who: Option<Person>,
}

/// Which rows of a child's audit log to show.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AuditFilter<'a> {
    /// Only rows of this action.
    pub action: Option<&'a str>,
    /// Only rows by this user.
    pub actor: Option<UserId>,
}

/// A user as people know them: name, role and team.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub name: String,
    pub role: crate::Role,
    pub team: Option<String>,
}

/// The columns and joins that name the actor of an audit row.
const WHO: &str = "SELECT a.id, a.at, a.actor_id, a.action, a.outcome, a.child_id, a.detail,
        u.display_name AS actor_name, u.role AS actor_role, t.name AS actor_team
    FROM audit_event a LEFT JOIN app_user u ON u.id = a.actor_id LEFT JOIN team t ON t.id = u.team_id";

/// Reads an [`AuditRow`] from a row of either engine.
macro_rules! audit_row {
    ($r:expr) => {
        AuditRow {
            id: $r.try_get("id")?,
            at: $r.try_get::<jiff_sqlx::Timestamp, _>("at")?.to_jiff(),
            actor: $r.try_get::<Option<i64>, _>("actor_id")?.map(UserId),
            action: $r.try_get("action")?,
            refused: $r.try_get::<String, _>("outcome")? == "refused",
            child: $r.try_get::<Option<i64>, _>("child_id")?.map(ChildId),
            detail: $r.try_get("detail")?,
            who: match $r.try_get::<Option<String>, _>("actor_name")? {
                None => None,
                Some(name) => {
                    let role: String = $r.try_get("actor_role")?;
                    Some(Person {
                        name,
                        role: crate::Role::parse(&role)
                            .ok_or_else(|| StoreError::Corrupt(format!("user role {role:?}")))?,
                        team: $r.try_get("actor_team")?,
                    })
                }
            },
        }
    };
}

/// Inserts `$e` through `$executor` (a transaction's connection or a pool).
macro_rules! insert_audit {
    ($executor:expr, $e:expr) => {
        sqlx::query(
            "INSERT INTO audit_event (at, actor_id, action, outcome, child_id, detail, request_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(jiff_sqlx::Timestamp::from(micros($e.at)))
        .bind($e.actor.map(|a| a.0))
        .bind($e.action)
        .bind($e.outcome.as_str())
        .bind($e.child.map(|c| c.0))
        .bind($e.detail)
        .bind($e.request_id)
        .execute($executor)
        .await
        .map(|_| ())
    };
}

impl Db {
    /// Writes an audit row in the caller's transaction: if the transaction
    /// does not commit, neither does the row, and the other way round.
    pub async fn audit(&self, tx: &mut Tx, e: &AuditEntry<'_>) -> Result<(), StoreError> {
        on_tx!(tx, |c| insert_audit!(c, e))?;
        Ok(())
    }

    /// Writes an audit row on its own, committed when this returns: for a
    /// read, whose row must exist before any data is read (one statement,
    /// so the single SQLite writer is held as briefly as possible).
    pub async fn audit_now(&self, e: &AuditEntry<'_>) -> Result<(), StoreError> {
        crate::on_db!(self, |p| insert_audit!(p, e))?;
        Ok(())
    }

    /// Writes one audit row per child shown on a list (a caseload, a team
    /// page, search results), all of `e` but the child, in the caller's
    /// transaction, a block of rows per statement: "who has looked at this
    /// record" then shows the lists it was on.
    pub async fn audit_each_child(
        &self,
        tx: &mut Tx,
        e: &AuditEntry<'_>,
        children: &[ChildId],
    ) -> Result<(), StoreError> {
        if children.is_empty() {
            return Ok(());
        }
        // One statement, whatever the length of the list: the children are
        // bound as one value (an array; JSON for SQLite), so the statement
        // is prepared once per connection rather than once per length.
        const HEAD: &str =
            "INSERT INTO audit_event (at, actor_id, action, outcome, child_id, detail, request_id)
            SELECT $1, $2, $3, $4, ";
        let ids: Vec<i64> = children.iter().map(|c| c.0).collect();
        let at = jiff_sqlx::Timestamp::from(micros(e.at));
        match tx {
            Tx::Sqlite(t) => {
                let sql = format!("{HEAD}value, $6, $7 FROM json_each($5)");
                sqlx::query(sqlx::AssertSqlSafe(sql))
                    .bind(at)
                    .bind(e.actor.map(|a| a.0))
                    .bind(e.action)
                    .bind(e.outcome.as_str())
                    .bind(crate::users::id_json(&ids))
                    .bind(e.detail)
                    .bind(e.request_id)
                    .execute(&mut **t)
                    .await?;
            }
            Tx::Postgres(t) => {
                let sql = format!("{HEAD}child, $6, $7 FROM unnest($5::BIGINT[]) AS child");
                sqlx::query(sqlx::AssertSqlSafe(sql))
                    .bind(at)
                    .bind(e.actor.map(|a| a.0))
                    .bind(e.action)
                    .bind(e.outcome.as_str())
                    .bind(&ids)
                    .bind(e.detail)
                    .bind(e.request_id)
                    .execute(&mut **t)
                    .await?;
            }
        }
        Ok(())
    }

    /// "Who has looked at this record": every audit row about a child, newest first.
    pub async fn audit_for_child(
        &self,
        child: &crate::Authorised,
    ) -> Result<Vec<AuditRow>, StoreError> {
        let child = child.child();
        let sql = format!("{WHO} WHERE a.child_id = $1 ORDER BY a.at DESC, a.id DESC");
        on_read!(self, |p| {
            let rows = sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
                .bind(child.0)
                .fetch_all(p)
                .await?;
            rows.iter().map(|r| Ok(audit_row!(r))).collect()
        })
    }

    /// One page of "who has looked at this record", newest first, with the
    /// number of rows the filter matches: only rows of `action`, or by
    /// `actor`, when given.
    pub async fn audit_for_child_page(
        &self,
        child: &crate::Authorised,
        filter: &AuditFilter<'_>,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<AuditRow>, i64), StoreError> {
        let child = child.child();
        // $2 and $3 are always bound: NULL matches everything.
        const WHERE: &str = "WHERE a.child_id = $1 AND ($2 IS NULL OR a.action = $2)
            AND ($3 IS NULL OR a.actor_id = $3)";
        let page = format!("{WHO} {WHERE} ORDER BY a.at DESC, a.id DESC LIMIT $4 OFFSET $5");
        let count = format!("SELECT COUNT(*) FROM audit_event a {WHERE}");
        let (action, actor) = (filter.action.map(str::to_owned), filter.actor.map(|a| a.0));
        on_read!(self, |p| {
            let rows = sqlx::query(sqlx::AssertSqlSafe(page.clone()))
                .bind(child.0)
                .bind(action.clone())
                .bind(actor)
                .bind(limit)
                .bind(offset)
                .fetch_all(p)
                .await?;
            let total: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(count.clone()))
                .bind(child.0)
                .bind(action.clone())
                .bind(actor)
                .fetch_one(p)
                .await?;
            let rows = rows
                .iter()
                .map(|r| Ok(audit_row!(r)))
                .collect::<Result<Vec<_>, StoreError>>()?;
            Ok((rows, total))
        })
    }

    /// What "who has looked at this record" can be filtered by: the actions
    /// its rows record, and the people who acted, by id (with how the
    /// accounts name them now).
    pub async fn audit_facets_for_child(
        &self,
        child: &crate::Authorised,
    ) -> Result<(Vec<String>, Vec<(UserId, Option<Person>)>), StoreError> {
        let child = child.child();
        const ACTIONS: &str =
            "SELECT DISTINCT action FROM audit_event WHERE child_id = $1 ORDER BY action";
        const PEOPLE: &str = "SELECT DISTINCT a.actor_id, u.display_name AS actor_name, u.role AS actor_role,
                t.name AS actor_team
            FROM audit_event a LEFT JOIN app_user u ON u.id = a.actor_id LEFT JOIN team t ON t.id = u.team_id
            WHERE a.child_id = $1 AND a.actor_id IS NOT NULL";
        on_read!(self, |p| {
            let actions: Vec<String> = sqlx::query_scalar(ACTIONS)
                .bind(child.0)
                .fetch_all(p)
                .await?;
            let rows = sqlx::query(PEOPLE).bind(child.0).fetch_all(p).await?;
            let mut people = Vec::with_capacity(rows.len());
            for r in &rows {
                let id: i64 = r.try_get("actor_id")?;
                let who = match r.try_get::<Option<String>, _>("actor_name")? {
                    None => None,
                    Some(name) => {
                        let role: String = r.try_get("actor_role")?;
                        Some(Person {
                            name,
                            role: crate::Role::parse(&role).ok_or_else(|| {
                                StoreError::Corrupt(format!("user role {role:?}"))
                            })?,
                            team: r.try_get("actor_team")?,
                        })
                    }
                };
                people.push((UserId(id), who));
            }
            Ok((actions, people))
        })
    }

    /// Every audit row of one action, newest first (sign-ins, searches, ...).
    pub async fn audit_by_action(&self, action: &str) -> Result<Vec<AuditRow>, StoreError> {
        let sql = format!("{WHO} WHERE a.action = $1 ORDER BY a.at DESC, a.id DESC");
        on_read!(self, |p| {
            let rows = sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
                .bind(action)
                .fetch_all(p)
                .await?;
            rows.iter().map(|r| Ok(audit_row!(r))).collect()
        })
    }

    /// How many audit rows there are.
    pub async fn audit_rows(&self) -> Result<i64, StoreError> {
        const SQL: &str = "SELECT COUNT(*) FROM audit_event";
        let n: i64 = on_read!(self, |p| sqlx::query_scalar(SQL).fetch_one(p).await)?;
        Ok(n)
    }
}
