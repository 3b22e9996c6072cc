//! The DfE rules' findings on the whole authority's returns (migration
//! 0017): each check of a collection year stored with its counts, and the
//! latest check's findings read by rule, team and worker inside the
//! reader's scope, as search reads children ([`Db::scope`]).

use hearth_domain::access::Actor;
use sqlx::Row;

use crate::lease::Lease;
use crate::{ChildId, Db, StoreError, UserId, micros, on_read, on_tx};

/// One finding to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFinding {
    /// None for a finding about the return as a whole.
    pub child: Option<ChildId>,
    /// `cin`, `ssda903`, or `record` (a record that cannot be read as a
    /// return).
    pub return_name: &'static str,
    pub rule: String,
    /// `error` or `query`.
    pub kind: &'static str,
    pub field: String,
    pub message: String,
}

/// One check of a collection year, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnCheck {
    pub id: i64,
    pub collection_year: String,
    pub checked_at: jiff::Timestamp,
    pub checked_by: Option<UserId>,
    pub children: i64,
    pub in_cin: i64,
    pub in_ssda903: i64,
    pub findings: i64,
    pub unreadable: i64,
}

/// A check to store: its counts, and every finding.
#[derive(Debug, Clone)]
pub struct NewReturnCheck<'a> {
    pub collection_year: &'a str,
    pub checked_at: jiff::Timestamp,
    pub checked_by: Option<UserId>,
    pub children: usize,
    pub in_cin: usize,
    pub in_ssda903: usize,
    pub unreadable: usize,
    pub findings: &'a [NewFinding],
}

/// What the findings list is narrowed to; every part optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FindingFilter {
    /// `return_name` and rule code together (a code such as 101 is in
    /// both returns).
    pub rule: Option<(String, String)>,
    /// The allocated team's id, as the summary holds it.
    pub team: Option<String>,
    /// The allocated worker's id, as the summary holds it.
    pub worker: Option<String>,
}

/// How many children one rule finds, among those the reader may see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleCount {
    pub return_name: String,
    pub rule: String,
    pub kind: String,
    pub message: String,
    pub children: i64,
}

/// How many children with findings a team or worker has (`key` None: not
/// allocated), and how many findings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupCount {
    pub key: Option<String>,
    pub name: Option<String>,
    pub children: i64,
    pub findings: i64,
}

/// One finding about a child the reader may see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChildFindingRow {
    pub child: ChildId,
    pub name: String,
    pub la_child_id: String,
    pub return_name: String,
    pub rule: String,
    pub kind: String,
    pub field: String,
    pub message: String,
    pub team: Option<String>,
    pub worker: Option<String>,
}

/// A finding about the return as a whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnFindingRow {
    pub return_name: String,
    pub rule: String,
    pub kind: String,
    pub field: String,
    pub message: String,
}

const CHECK_COLUMNS: &str = "id, collection_year, checked_at, checked_by, children, in_cin, in_ssda903, findings, unreadable";

/// A `return_check` row as [`CHECK_COLUMNS`] reads it.
type CheckRow = (
    i64,
    String,
    jiff_sqlx::Timestamp,
    Option<i64>,
    i64,
    i64,
    i64,
    i64,
    i64,
);

fn check_of(
    (
        id,
        collection_year,
        checked_at,
        checked_by,
        children,
        in_cin,
        in_ssda903,
        findings,
        unreadable,
    ): CheckRow,
) -> ReturnCheck {
    ReturnCheck {
        id,
        collection_year,
        checked_at: checked_at.to_jiff(),
        checked_by: checked_by.map(UserId),
        children,
        in_cin,
        in_ssda903,
        findings,
        unreadable,
    }
}

/// Findings per multi-row INSERT: 7 columns, well under either engine's
/// limit on bound parameters.
const FINDINGS_PER_INSERT: usize = 1_000;

impl Db {
    /// Stores a check and its findings in one transaction, removing the
    /// findings of the year's earlier checks (their counts stay).
    pub async fn store_return_check(&self, check: &NewReturnCheck<'_>) -> Result<i64, StoreError> {
        const CHECK: &str = "INSERT INTO return_check (collection_year, checked_at, checked_by, children, in_cin,
                in_ssda903, findings, unreadable) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
        const CLEAR: &str = "DELETE FROM return_finding WHERE check_id IN
                (SELECT id FROM return_check WHERE collection_year = $1 AND id < $2)";
        let mut tx = self.begin().await?;
        let id = on_tx!(&mut tx, |c| sqlx::query(CHECK)
            .bind(check.collection_year)
            .bind(jiff_sqlx::Timestamp::from(micros(check.checked_at)))
            .bind(check.checked_by.map(|u| u.0))
            .bind(check.children as i64)
            .bind(check.in_cin as i64)
            .bind(check.in_ssda903 as i64)
            .bind(check.findings.len() as i64)
            .bind(check.unreadable as i64)
            .fetch_one(&mut *c)
            .await
            .and_then(|r| r.try_get::<i64, _>(0)))?;
        on_tx!(&mut tx, |c| sqlx::query(CLEAR)
            .bind(check.collection_year)
            .bind(id)
            .execute(&mut *c)
            .await
            .map(|_| ()))?;
        for block in check.findings.chunks(FINDINGS_PER_INSERT) {
            on_tx!(&mut tx, |c| {
                let mut q = sqlx::QueryBuilder::new(
                    "INSERT INTO return_finding (check_id, child_id, return_name, rule, kind, field, message) ",
                );
                q.push_values(block, |mut b, f| {
                    b.push_bind(id)
                        .push_bind(f.child.map(|c| c.0))
                        .push_bind(f.return_name)
                        .push_bind(f.rule.clone())
                        .push_bind(f.kind)
                        .push_bind(f.field.clone())
                        .push_bind(f.message.clone());
                });
                q.build()
                    .persistent(false)
                    .execute(&mut *c)
                    .await
                    .map(|_| ())
            })?;
        }
        tx.commit().await?;
        Ok(id)
    }

    /// Takes the lease to check the whole authority's returns (migration
    /// 0018) for `holder` until `until`: taken only if free, already
    /// `holder`'s, or lapsed at `now`. Of two servers asking at once on one database exactly one
    /// gets it. Ok(false) when another holds it.
    pub async fn claim_return_check(
        &self,
        holder: &str,
        now: jiff::Timestamp,
        until: jiff::Timestamp,
    ) -> Result<bool, StoreError> {
        self.claim(Lease::ReturnCheck, holder, now, until).await
    }

    /// Gives the lease back, if `holder` still has it.
    pub async fn release_return_check(&self, holder: &str) -> Result<(), StoreError> {
        self.release(Lease::ReturnCheck, holder).await
    }

    /// The year's checks, latest first, at most `limit`.
    pub async fn return_checks(
        &self,
        collection_year: &str,
        limit: i64,
    ) -> Result<Vec<ReturnCheck>, StoreError> {
        let sql = format!(
            "SELECT {CHECK_COLUMNS} FROM return_check WHERE collection_year = $1 ORDER BY id DESC LIMIT $2"
        );
        let rows: Vec<CheckRow> = on_read!(self, |p| {
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(collection_year)
                .bind(limit)
                .fetch_all(p)
                .await
        })?;
        Ok(rows.into_iter().map(check_of).collect())
    }

    /// The findings of a check about children `actor` may see, by rule,
    /// most children first.
    pub async fn findings_by_rule(
        &self,
        check: i64,
        filter: &FindingFilter,
        actor: &Actor,
        now: jiff::Timestamp,
    ) -> Result<Vec<RuleCount>, StoreError> {
        let rows: Vec<(String, String, String, String, i64)> = self
            .scoped(
                "f.return_name, f.rule, f.kind, MIN(f.message) AS message, COUNT(DISTINCT f.child_id) AS children",
                "GROUP BY f.return_name, f.rule, f.kind ORDER BY children DESC, f.return_name, f.rule",
                check,
                filter,
                actor,
                now,
            )
            .await?;
        Ok(rows
            .into_iter()
            .map(|(return_name, rule, kind, message, children)| RuleCount {
                return_name,
                rule,
                kind,
                message,
                children,
            })
            .collect())
    }

    /// The findings of a check about children `actor` may see, by the
    /// children's allocated team (`by_worker` false) or worker, most
    /// children first.
    pub async fn findings_by_allocation(
        &self,
        check: i64,
        filter: &FindingFilter,
        by_worker: bool,
        actor: &Actor,
        now: jiff::Timestamp,
    ) -> Result<Vec<GroupCount>, StoreError> {
        let (key, name) = if by_worker {
            ("s.allocated_worker", "wu.display_name")
        } else {
            ("s.allocated_team", "t.name")
        };
        let rows: Vec<(Option<String>, Option<String>, i64, i64)> = self
            .scoped(
                &format!(
                    "{key} AS key, MIN({name}) AS name, COUNT(DISTINCT f.child_id) AS children, COUNT(*) AS findings"
                ),
                &format!("GROUP BY {key} ORDER BY children DESC, {key}"),
                check,
                filter,
                actor,
                now,
            )
            .await?;
        Ok(rows
            .into_iter()
            .map(|(key, name, children, findings)| GroupCount {
                key,
                name,
                children,
                findings,
            })
            .collect())
    }

    /// The findings of a check about children `actor` may see, by name, at
    /// most `limit`.
    pub async fn findings_about_children(
        &self,
        check: i64,
        filter: &FindingFilter,
        actor: &Actor,
        now: jiff::Timestamp,
        limit: usize,
    ) -> Result<Vec<ChildFindingRow>, StoreError> {
        type Row = (
            i64,
            String,
            String,
            String,
            String,
            String,
            String,
            String,
            Option<String>,
            Option<String>,
        );
        let rows: Vec<Row> = self
            .scoped(
                "c.id, c.given_name || ' ' || c.family_name, c.la_child_id, f.return_name, f.rule, f.kind, f.field,
                    f.message, t.name, wu.display_name",
                &format!(
                    "ORDER BY c.family_name, c.given_name, c.id, f.return_name, f.rule LIMIT {}",
                    limit.min(10_000)
                ),
                check,
                filter,
                actor,
                now,
            )
            .await?;
        Ok(rows
            .into_iter()
            .map(
                |(id, name, la_child_id, return_name, rule, kind, field, message, team, worker)| {
                    ChildFindingRow {
                        child: ChildId(id),
                        name,
                        la_child_id,
                        return_name,
                        rule,
                        kind,
                        field,
                        message,
                        team,
                        worker,
                    }
                },
            )
            .collect())
    }

    /// The findings of a check about the return as a whole (no child).
    pub async fn findings_about_returns(
        &self,
        check: i64,
    ) -> Result<Vec<ReturnFindingRow>, StoreError> {
        const SQL: &str = "SELECT return_name, rule, kind, field, message FROM return_finding
            WHERE check_id = $1 AND child_id IS NULL ORDER BY return_name, rule";
        on_read!(self, |p| {
            sqlx::query(SQL)
                .bind(check)
                .fetch_all(p)
                .await?
                .iter()
                .map(|r| {
                    Ok(ReturnFindingRow {
                        return_name: r.try_get(0)?,
                        rule: r.try_get(1)?,
                        kind: r.try_get(2)?,
                        field: r.try_get(3)?,
                        message: r.try_get(4)?,
                    })
                })
                .collect()
        })
    }

    /// One statement over the check's findings about children inside
    /// `actor`'s scope, narrowed by `filter`: `SELECT {columns} ... {tail}`,
    /// each row read as `T` (a tuple of the columns' types).
    async fn scoped<T>(
        &self,
        columns: &str,
        tail: &str,
        check: i64,
        filter: &FindingFilter,
        actor: &Actor,
        now: jiff::Timestamp,
    ) -> Result<Vec<T>, StoreError>
    where
        T: Send
            + Unpin
            + for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow>
            + for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow>,
    {
        if !actor.role.grants(hearth_domain::access::Action::View) {
            return Ok(Vec::new());
        }
        // $1 check, $2 return, $3-$5 the scope's, $6 rule, $7 team,
        // $8 worker, $9 the scope's teams. An empty filter value matches
        // all, so each page is one prepared statement whatever is chosen.
        let (scope, teams) = self.scope(actor, 9);
        let sql = format!(
            "SELECT {columns} FROM return_finding f JOIN child c ON c.id = f.child_id
                LEFT JOIN child_summary s ON s.child_id = c.id
                LEFT JOIN team t ON CAST(t.id AS TEXT) = s.allocated_team
                LEFT JOIN app_user wu ON CAST(wu.id AS TEXT) = s.allocated_worker
            WHERE f.check_id = $1 AND ($2 = '' OR f.return_name = $2) AND ($6 = '' OR f.rule = $6)
                AND ($7 = '' OR s.allocated_team = $7) AND ($8 = '' OR s.allocated_worker = $8)
                AND {scope} {tail}"
        );
        let (return_name, rule) = filter.rule.clone().unwrap_or_default();
        on_read!(self, |p| {
            let q = sqlx::query_as::<_, T>(sqlx::AssertSqlSafe(sql))
                .bind(check)
                .bind(return_name)
                .bind(actor.user.0)
                .bind(jiff_sqlx::Timestamp::from(micros(now)))
                .bind(actor.user.0.to_string())
                .bind(rule)
                .bind(filter.team.clone().unwrap_or_default())
                .bind(filter.worker.clone().unwrap_or_default());
            let q = if teams.is_empty() {
                q
            } else {
                q.bind(serde_json::to_string(&teams).unwrap_or_default())
            };
            Ok(q.fetch_all(p).await?)
        })
    }
}
