//! A child's derived rows: written in the same transaction as each event
//! and by `rebuild`, so lists and dashboards are indexed queries.

use hearth_domain::calendar::WorkingDayCalendar;
use hearth_domain::record::ChildRecord;
use hearth_domain::timescales::{Policy, Status, obligations};

use crate::ledger::AppendError;
use sqlx::Row;

use crate::{ChildId, Db, StoreError, Tx, UserId, micros, on_read, on_tx};

/// The child's current stage, most intensive first.
pub fn stage(record: &ChildRecord, today: jiff::civil::Date) -> &'static str {
    if record.is_looked_after() {
        "looked_after"
    } else if record.open_protection_plan().is_some() {
        "child_protection"
    } else if record.open_episode().is_some() {
        "child_in_need"
    } else if record.care_leaver_status(today).is_some() {
        "care_leaver"
    } else if record.episodes.is_empty() && record.periods_of_care.is_empty() {
        "no_open_case"
    } else {
        "closed"
    }
}

/// Rows in one multi-row INSERT: well under both engines' limits on bound
/// parameters (32,766 for SQLite, 65,535 for PostgreSQL) at 11 columns.
pub(crate) const ROWS_PER_INSERT: usize = 500;

const TABLES: [&str; 5] = [
    "child_summary",
    "episode_of_need",
    "protection_plan",
    "care_episode",
    "obligation",
];

impl Db {
    pub(crate) async fn write_derived(
        &self,
        tx: &mut Tx,
        child: ChildId,
        record: &mut ChildRecord,
        calendar: &WorkingDayCalendar,
        policy: &Policy,
        at: jiff::Timestamp,
    ) -> Result<(), AppendError> {
        self.with_identity(tx, child, record).await?;
        // Derived rows are as at the day they are written (or the latest
        // fact, if later): clocks that time starts, such as a PEP from a 5th
        // birthday, appear when that day comes and a rebuild runs.
        let today = at.to_zoned(jiff::tz::TimeZone::UTC).date();
        record.as_at = Some(record.latest.map_or(today, |l| l.max(today)));
        let clocks = obligations(record, calendar, policy)?;
        for table in TABLES {
            let sql = format!("DELETE FROM {table} WHERE child_id = $1");
            on_tx!(tx, |c| sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
                .bind(child.0)
                .execute(c)
                .await
                .map(|_| ()))?;
        }

        let period = record.open_period_of_care();
        let episode = period.and_then(|p| p.episodes.last());
        const SUMMARY: &str = "INSERT INTO child_summary (child_id, status, legal_status, placement_type, cp_category,
                allocated_worker, allocated_team, care_leaver, events, derived_at, iro, personal_adviser)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";
        on_tx!(tx, |c| sqlx::query(SUMMARY)
            .bind(child.0)
            .bind(stage(record, today))
            .bind(episode.map(|e| e.legal_status.as_code()))
            .bind(episode.map(|e| e.placement.placement_type.as_code()))
            .bind(
                record
                    .open_protection_plan()
                    .map(|p| p.latest_category.as_code())
            )
            .bind(
                record
                    .allocation
                    .as_ref()
                    .and_then(|a| a.worker)
                    .map(|w| w.to_string())
            )
            .bind(record.allocation.as_ref().map(|a| a.team.to_string()))
            .bind(record.care_leaver_status(today).map(|s| match s {
                hearth_domain::record::CareLeaverStatus::Eligible => "eligible",
                hearth_domain::record::CareLeaverStatus::Relevant => "relevant",
                hearth_domain::record::CareLeaverStatus::FormerRelevant => "former_relevant",
            }))
            .bind(record.facts as i64)
            .bind(jiff_sqlx::Timestamp::from(micros(at)))
            .bind(record.iro_user.map(|u| u.to_string()))
            .bind(record.personal_adviser_user.map(|u| u.to_string()))
            .execute(c)
            .await
            .map(|_| ()))?;

        const EPISODE: &str = "INSERT INTO episode_of_need (child_id, seq, referral_date, referral_source, re_referral,
                primary_need, closure_date, reason_for_closure) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
        const PLAN: &str = "INSERT INTO protection_plan (child_id, seq, start_date, end_date, initial_category, latest_category)
            VALUES ($1, $2, $3, $4, $5, $6)";
        let mut plan_seq = 0i64;
        for (seq, ep) in record.episodes.iter().enumerate() {
            on_tx!(tx, |c| sqlx::query(EPISODE)
                .bind(child.0)
                .bind(seq as i64 + 1)
                .bind(jiff_sqlx::Date::from(ep.referral.mark.date()))
                .bind(ep.referral.source.as_code())
                .bind(ep.referral.re_referral)
                .bind(ep.primary_need.map(|n| n.as_code()))
                .bind(ep.closed.map(|m| jiff_sqlx::Date::from(m.date())))
                .bind(ep.reason_for_closure.map(|r| r.as_code()))
                .execute(c)
                .await
                .map(|_| ()))?;
            for plan in &ep.protection_plans {
                plan_seq += 1;
                on_tx!(tx, |c| sqlx::query(PLAN)
                    .bind(child.0)
                    .bind(plan_seq)
                    .bind(jiff_sqlx::Date::from(plan.started.date()))
                    .bind(plan.ended.map(|m| jiff_sqlx::Date::from(m.date())))
                    .bind(plan.initial_category.as_code())
                    .bind(plan.latest_category.as_code())
                    .execute(c)
                    .await
                    .map(|_| ()))?;
            }
        }

        const CARE: &str = "INSERT INTO care_episode (child_id, seq, period, decom, dec, rne, legal_status, category_of_need,
                placement_type, placement_provider, placement_postcode, urn, reason_ceased, reason_place_change)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)";
        let mut seq = 0i64;
        for (p, period) in record.periods_of_care.iter().enumerate() {
            for e in &period.episodes {
                seq += 1;
                on_tx!(tx, |c| sqlx::query(CARE)
                    .bind(child.0)
                    .bind(seq)
                    .bind(p as i64 + 1)
                    .bind(jiff_sqlx::Date::from(e.start.date()))
                    .bind(e.end.map(jiff_sqlx::Date::from))
                    .bind(e.reason_for_new_episode.as_code())
                    .bind(e.legal_status.as_code())
                    .bind(e.category_of_need.as_code())
                    .bind(e.placement.placement_type.as_code())
                    .bind(e.placement.provider.map(|p| p.as_code()))
                    .bind(e.placement.postcode.as_ref().map(|p| p.as_str()))
                    .bind(e.placement.urn.as_deref())
                    .bind(e.reason_ceased.map(|r| r.as_code()))
                    .bind(e.reason_place_change.map(|r| r.as_code()))
                    .execute(c)
                    .await
                    .map(|_| ()))?;
            }
        }

        // Many rows per child: one statement per block of rows rather than
        // one round trip per row.
        const CLOCK: &str = "INSERT INTO obligation (child_id, seq, rule, start_on, start_event, due_date, due_on, met_on,
                met_by, met_late, ended) ";
        for (block, rows) in clocks.chunks(ROWS_PER_INSERT).enumerate() {
            let first = (block * ROWS_PER_INSERT) as i64 + 1;
            on_tx!(tx, |c| {
                let mut q = sqlx::QueryBuilder::new(CLOCK);
                q.push_values(rows.iter().enumerate(), |mut b, (i, o)| {
                    b.push_bind(child.0)
                        .push_bind(first + i as i64)
                        .push_bind(o.rule.id())
                        .push_bind(o.start.to_string())
                        .push_bind(o.start_event.0 as i64)
                        .push_bind(jiff_sqlx::Date::from(o.due.date()))
                        .push_bind(o.due.to_string())
                        .push_bind(o.met.map(|m| m.to_string()))
                        .push_bind(o.met_by.map(|m| m.0 as i64))
                        .push_bind(o.status == Status::MetLate)
                        .push_bind(o.ended.map(jiff_sqlx::Date::from));
                });
                q.build().execute(c).await.map(|_| ())
            })?;
        }
        Ok(())
    }
}

/// A child's summary row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub status: String,
    pub legal_status: Option<String>,
    pub placement_type: Option<String>,
    pub cp_category: Option<String>,
    pub allocated_worker: Option<String>,
    pub allocated_team: Option<String>,
    pub care_leaver: Option<String>,
    pub events: i64,
}

/// A stored statutory clock. Open clocks are overdue when `due_date` is
/// before the day they are read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredObligation {
    pub rule: String,
    pub start_on: String,
    pub start_event: i64,
    pub due_date: jiff::civil::Date,
    pub due_on: String,
    pub met_on: Option<String>,
    pub met_by: Option<i64>,
    pub met_late: bool,
    pub ended: Option<jiff::civil::Date>,
}

impl StoredObligation {
    /// Where the clock stands on `today`: the same judgement the domain's
    /// obligations make as at a date (an unmet clock whose duty ended after
    /// it fell due stays overdue).
    pub fn status(&self, today: jiff::civil::Date) -> Status {
        match (&self.met_on, self.met_late) {
            (Some(_), false) => Status::Met,
            (Some(_), true) => Status::MetLate,
            (None, _) if self.ended.is_some() || self.due_date < today => Status::Overdue,
            (None, _) => Status::Due,
        }
    }
}

impl Db {
    pub async fn summary(&self, child: &crate::Authorised) -> Result<Option<Summary>, StoreError> {
        let child = child.child();
        const SQL: &str = "SELECT status, legal_status, placement_type, cp_category, allocated_worker, allocated_team,
                care_leaver, events FROM child_summary WHERE child_id = $1";
        on_read!(self, |p| {
            let Some(r) = sqlx::query(SQL).bind(child.0).fetch_optional(p).await? else {
                return Ok(None);
            };
            Ok(Some(Summary {
                status: r.try_get("status")?,
                legal_status: r.try_get("legal_status")?,
                placement_type: r.try_get("placement_type")?,
                cp_category: r.try_get("cp_category")?,
                allocated_worker: r.try_get("allocated_worker")?,
                allocated_team: r.try_get("allocated_team")?,
                care_leaver: r.try_get("care_leaver")?,
                events: r.try_get("events")?,
            }))
        })
    }

    /// A child's clocks in due-date order.
    pub async fn obligations_for(
        &self,
        child: &crate::Authorised,
    ) -> Result<Vec<StoredObligation>, StoreError> {
        let child = child.child();
        const SQL: &str =
            "SELECT rule, start_on, start_event, due_date, due_on, met_on, met_by, met_late, ended
            FROM obligation WHERE child_id = $1 ORDER BY due_date, seq";
        on_read!(self, |p| {
            let rows = sqlx::query(SQL).bind(child.0).fetch_all(p).await?;
            rows.iter()
                .map(|r| {
                    Ok(StoredObligation {
                        rule: r.try_get("rule")?,
                        start_on: r.try_get("start_on")?,
                        start_event: r.try_get("start_event")?,
                        due_date: r.try_get::<jiff_sqlx::Date, _>("due_date")?.to_jiff(),
                        due_on: r.try_get("due_on")?,
                        met_on: r.try_get("met_on")?,
                        met_by: r.try_get("met_by")?,
                        met_late: r.try_get("met_late")?,
                        ended: r
                            .try_get::<Option<jiff_sqlx::Date>, _>("ended")?
                            .map(jiff_sqlx::Date::to_jiff),
                    })
                })
                .collect()
        })
    }
}

/// One child on a caseload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseloadRow {
    pub child: ChildId,
    pub la_child_id: String,
    pub name: String,
    pub status: String,
    /// The earliest open clock's rule and due date.
    pub next_rule: Option<String>,
    pub next_due: Option<jiff::civil::Date>,
    /// Open clocks past their due date as at `today`.
    pub overdue: i64,
}

impl Db {
    /// The children allocated to a worker (by the id written in the ledger)
    /// whose cases are open (a closed case leaves the caseload), most
    /// urgent first: the most overdue, then the soonest due.
    ///
    /// A restricted record is left out unless `worker` holds a live grant
    /// on it: a list shows only what the access policy would open.
    pub async fn caseload(
        &self,
        worker: UserId,
        today: jiff::civil::Date,
        now: jiff::Timestamp,
    ) -> Result<Vec<CaseloadRow>, StoreError> {
        const SQL: &str = "SELECT c.id, c.la_child_id, c.given_name, c.family_name, s.status,
                (SELECT COUNT(*) FROM obligation o WHERE o.child_id = c.id AND o.met_on IS NULL
                    AND o.ended IS NULL AND o.due_date < $2) AS overdue,
                (SELECT MIN(o.due_date) FROM obligation o WHERE o.child_id = c.id AND o.met_on IS NULL
                    AND o.ended IS NULL) AS next_due,
                (SELECT o.rule FROM obligation o WHERE o.child_id = c.id AND o.met_on IS NULL
                    AND o.ended IS NULL ORDER BY o.due_date, o.seq LIMIT 1) AS next_rule
            FROM child_summary s JOIN child c ON c.id = s.child_id
            WHERE s.allocated_worker = $1 AND s.status <> 'closed'
                AND (c.restricted IS NULL OR EXISTS (SELECT 1 FROM access_grant g
                    WHERE g.child_id = c.id AND g.user_id = $3 AND g.until > $4))";
        let mut rows = on_read!(self, |p| {
            let rows = sqlx::query(SQL)
                .bind(worker.0.to_string())
                .bind(jiff_sqlx::Date::from(today))
                .bind(worker.0)
                .bind(jiff_sqlx::Timestamp::from(crate::micros(now)))
                .fetch_all(p)
                .await?;
            rows.iter()
                .map(|r| {
                    let given: String = r.try_get("given_name")?;
                    let family: String = r.try_get("family_name")?;
                    Ok(CaseloadRow {
                        child: ChildId(r.try_get("id")?),
                        la_child_id: r.try_get("la_child_id")?,
                        name: format!("{given} {family}"),
                        status: r.try_get("status")?,
                        next_rule: r.try_get("next_rule")?,
                        next_due: r
                            .try_get::<Option<jiff_sqlx::Date>, _>("next_due")?
                            .map(jiff_sqlx::Date::to_jiff),
                        overdue: r.try_get("overdue")?,
                    })
                })
                .collect::<Result<Vec<_>, StoreError>>()
        })?;
        rows.sort_by(|a, b| {
            b.overdue.cmp(&a.overdue).then(
                a.next_due
                    .unwrap_or(jiff::civil::Date::MAX)
                    .cmp(&b.next_due.unwrap_or(jiff::civil::Date::MAX)),
            )
        });
        Ok(rows)
    }
}

/// One open clock past its due date, on a child named on a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverdueClock {
    /// The allocated worker, on a team's list.
    pub worker: Option<crate::UserId>,
    pub child: ChildId,
    pub la_child_id: String,
    pub name: String,
    pub rule: String,
    pub due: jiff::civil::Date,
}

/// Reads an [`OverdueClock`] from a row of either engine (`id`,
/// `la_child_id`, `given_name`, `family_name`, `rule`, `due_date`).
macro_rules! overdue_clock {
    ($r:expr, $worker:expr) => {{
        let given: String = $r.try_get("given_name")?;
        let family: String = $r.try_get("family_name")?;
        OverdueClock {
            worker: $worker,
            child: ChildId($r.try_get("id")?),
            la_child_id: $r.try_get("la_child_id")?,
            name: format!("{given} {family}"),
            rule: $r.try_get("rule")?,
            due: $r.try_get::<jiff_sqlx::Date, _>("due_date")?.to_jiff(),
        }
    }};
}

/// A child an independent reviewing officer is appointed to, with the
/// next looked-after review due and every overdue clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewRow {
    pub child: ChildId,
    pub la_child_id: String,
    pub name: String,
    pub status: String,
    /// The open review clock due soonest (`la_review_first`, `_second`
    /// or `_next`) and its due date.
    pub next_review_rule: Option<String>,
    pub next_review: Option<jiff::civil::Date>,
    /// Open clocks past their due date as at `today`, of any rule.
    pub overdue: Vec<OverdueClock>,
}

/// The clocks of the looked-after reviews an IRO chairs.
const REVIEW_RULES: &str = "('la_review_first', 'la_review_second', 'la_review_next')";

impl Db {
    /// The children `iro` is appointed to as their independent reviewing
    /// officer (by the id written in the ledger), whose cases are not
    /// closed: the next review due soonest first, then the most overdue.
    /// A restricted record is left out unless `iro` holds a live grant on
    /// it (an appointment to a restricted record gives one).
    pub async fn iro_reviews(
        &self,
        iro: UserId,
        today: jiff::civil::Date,
        now: jiff::Timestamp,
    ) -> Result<Vec<ReviewRow>, StoreError> {
        const SCOPE: &str = "s.iro = $1 AND s.status <> 'closed'
                AND (c.restricted IS NULL OR EXISTS (SELECT 1 FROM access_grant g
                    WHERE g.child_id = c.id AND g.user_id = $2 AND g.until > $3))";
        let children = format!(
            "SELECT c.id, c.la_child_id, c.given_name, c.family_name, s.status,
                (SELECT MIN(o.due_date) FROM obligation o WHERE o.child_id = c.id AND o.met_on IS NULL
                    AND o.ended IS NULL AND o.rule IN {REVIEW_RULES}) AS next_review,
                (SELECT o.rule FROM obligation o WHERE o.child_id = c.id AND o.met_on IS NULL
                    AND o.ended IS NULL AND o.rule IN {REVIEW_RULES}
                    ORDER BY o.due_date, o.seq LIMIT 1) AS next_review_rule
            FROM child_summary s JOIN child c ON c.id = s.child_id WHERE {SCOPE}"
        );
        let overdue = format!(
            "SELECT c.id, c.la_child_id, c.given_name, c.family_name, o.rule, o.due_date
            FROM obligation o JOIN child_summary s ON s.child_id = o.child_id
            JOIN child c ON c.id = s.child_id
            WHERE {SCOPE} AND o.met_on IS NULL AND o.ended IS NULL AND o.due_date < $4
            ORDER BY o.due_date, o.seq"
        );
        let (mut rows, clocks) = on_read!(self, |p| {
            let bound = |sql: &str| {
                sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
                    .bind(iro.0.to_string())
                    .bind(iro.0)
                    .bind(jiff_sqlx::Timestamp::from(crate::micros(now)))
            };
            let rows = bound(&children).fetch_all(p).await?;
            let rows = rows
                .iter()
                .map(|r| {
                    let given: String = r.try_get("given_name")?;
                    let family: String = r.try_get("family_name")?;
                    Ok(ReviewRow {
                        child: ChildId(r.try_get("id")?),
                        la_child_id: r.try_get("la_child_id")?,
                        name: format!("{given} {family}"),
                        status: r.try_get("status")?,
                        next_review_rule: r.try_get("next_review_rule")?,
                        next_review: r
                            .try_get::<Option<jiff_sqlx::Date>, _>("next_review")?
                            .map(jiff_sqlx::Date::to_jiff),
                        overdue: Vec::new(),
                    })
                })
                .collect::<Result<Vec<_>, StoreError>>()?;
            let clocks = bound(&overdue)
                .bind(jiff_sqlx::Date::from(today))
                .fetch_all(p)
                .await?;
            let clocks = clocks
                .iter()
                .map(|r| Ok(overdue_clock!(r, None)))
                .collect::<Result<Vec<_>, StoreError>>()?;
            Ok::<_, StoreError>((rows, clocks))
        })?;
        for clock in clocks {
            if let Some(row) = rows.iter_mut().find(|r| r.child == clock.child) {
                row.overdue.push(clock);
            }
        }
        rows.sort_by(|a, b| {
            a.next_review
                .unwrap_or(jiff::civil::Date::MAX)
                .cmp(&b.next_review.unwrap_or(jiff::civil::Date::MAX))
                .then(b.overdue.len().cmp(&a.overdue.len()))
                .then(a.name.cmp(&b.name))
        });
        Ok(rows)
    }
}

/// One worker's load in a team.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkerLoad {
    pub worker: crate::UserId,
    pub name: String,
    pub children: i64,
    /// Open clocks past due, across the worker's children.
    pub overdue: i64,
}

/// A child allocated to a team but to no worker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unallocated {
    pub child: ChildId,
    pub la_child_id: String,
    pub name: String,
    pub status: String,
}

impl Db {
    /// The team's caseloads: each active social worker in the team, and
    /// anyone else in it who actually holds children allocated in this
    /// team (so a team manager or business support is not listed as a
    /// worker with an empty caseload), with their children and overdue
    /// clocks, the heaviest first. Only children allocated in this team
    /// count, as `viewer` may know them: a restricted record counts only
    /// where the viewer holds a live grant on it.
    pub async fn team_load(
        &self,
        team: crate::TeamId,
        viewer: UserId,
        today: jiff::civil::Date,
        now: jiff::Timestamp,
    ) -> Result<Vec<WorkerLoad>, StoreError> {
        const SQL: &str =
            "SELECT id, display_name, children, overdue FROM (SELECT u.id, u.display_name, u.role,
                (SELECT COUNT(*) FROM child_summary s JOIN child c ON c.id = s.child_id
                    WHERE s.allocated_worker = CAST(u.id AS TEXT) AND s.allocated_team = $6
                    AND s.status <> 'closed'
                    AND (c.restricted IS NULL OR EXISTS (SELECT 1 FROM access_grant g
                        WHERE g.child_id = c.id AND g.user_id = $4 AND g.until > $5))) AS children,
                (SELECT COUNT(*) FROM obligation o JOIN child_summary s ON s.child_id = o.child_id
                    JOIN child c ON c.id = s.child_id
                    WHERE s.allocated_worker = CAST(u.id AS TEXT) AND s.allocated_team = $6
                    AND s.status <> 'closed'
                    AND o.met_on IS NULL AND o.ended IS NULL
                    AND o.due_date < $2
                    AND (c.restricted IS NULL OR EXISTS (SELECT 1 FROM access_grant g
                        WHERE g.child_id = c.id AND g.user_id = $4 AND g.until > $5))) AS overdue
            FROM app_user u WHERE u.team_id = $1 AND u.active = $3) load
            WHERE role = 'social_worker' OR children > 0
            ORDER BY overdue DESC, children DESC, display_name";
        on_read!(self, |p| {
            let rows = sqlx::query(SQL)
                .bind(team.0)
                .bind(jiff_sqlx::Date::from(today))
                .bind(true)
                .bind(viewer.0)
                .bind(jiff_sqlx::Timestamp::from(crate::micros(now)))
                .bind(team.0.to_string())
                .fetch_all(p)
                .await?;
            rows.iter()
                .map(|r| {
                    Ok(WorkerLoad {
                        worker: crate::UserId(r.try_get("id")?),
                        name: r.try_get("display_name")?,
                        children: r.try_get("children")?,
                        overdue: r.try_get("overdue")?,
                    })
                })
                .collect()
        })
    }

    /// Every overdue clock on the children allocated in this team to its
    /// members, the most overdue first: the rows behind [`Db::team_load`]'s
    /// overdue counts, under the same filter (open cases, allocated in this
    /// team, a restricted record only under the viewer's live grant).
    pub async fn team_overdue(
        &self,
        team: crate::TeamId,
        viewer: UserId,
        today: jiff::civil::Date,
        now: jiff::Timestamp,
    ) -> Result<Vec<OverdueClock>, StoreError> {
        const SQL: &str = "SELECT u.id AS worker, c.id, c.la_child_id, c.given_name, c.family_name,
                o.rule, o.due_date
            FROM obligation o JOIN child_summary s ON s.child_id = o.child_id
            JOIN child c ON c.id = s.child_id
            JOIN app_user u ON s.allocated_worker = CAST(u.id AS TEXT)
            WHERE u.team_id = $1 AND u.active = $3 AND s.allocated_team = $6
                AND s.status <> 'closed'
                AND o.met_on IS NULL AND o.ended IS NULL AND o.due_date < $2
                AND (c.restricted IS NULL OR EXISTS (SELECT 1 FROM access_grant g
                    WHERE g.child_id = c.id AND g.user_id = $4 AND g.until > $5))
            ORDER BY u.id, o.due_date, c.family_name, c.given_name, c.id, o.seq";
        on_read!(self, |p| {
            let rows = sqlx::query(SQL)
                .bind(team.0)
                .bind(jiff_sqlx::Date::from(today))
                .bind(true)
                .bind(viewer.0)
                .bind(jiff_sqlx::Timestamp::from(crate::micros(now)))
                .bind(team.0.to_string())
                .fetch_all(p)
                .await?;
            rows.iter()
                .map(|r| Ok(overdue_clock!(r, Some(crate::UserId(r.try_get("worker")?)))))
                .collect()
        })
    }

    /// Children allocated to the team and awaiting a worker, oldest first,
    /// as `viewer` may know them (a restricted record only under a live
    /// grant).
    pub async fn unallocated(
        &self,
        team: crate::TeamId,
        viewer: UserId,
        now: jiff::Timestamp,
    ) -> Result<Vec<Unallocated>, StoreError> {
        const SQL: &str = "SELECT c.id, c.la_child_id, c.given_name, c.family_name, s.status
            FROM child_summary s JOIN child c ON c.id = s.child_id
            WHERE s.allocated_team = $1 AND s.allocated_worker IS NULL
                AND (c.restricted IS NULL OR EXISTS (SELECT 1 FROM access_grant g
                    WHERE g.child_id = c.id AND g.user_id = $2 AND g.until > $3))
            ORDER BY c.id";
        on_read!(self, |p| {
            let rows = sqlx::query(SQL)
                .bind(team.0.to_string())
                .bind(viewer.0)
                .bind(jiff_sqlx::Timestamp::from(crate::micros(now)))
                .fetch_all(p)
                .await?;
            rows.iter()
                .map(|r| {
                    let given: String = r.try_get("given_name")?;
                    let family: String = r.try_get("family_name")?;
                    Ok(Unallocated {
                        child: ChildId(r.try_get("id")?),
                        la_child_id: r.try_get("la_child_id")?,
                        name: format!("{given} {family}"),
                        status: r.try_get("status")?,
                    })
                })
                .collect()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn clock(met: Option<&str>, late: bool, ended: Option<jiff::civil::Date>) -> StoredObligation {
        StoredObligation {
            rule: "cp_visit".into(),
            start_on: "2025-01-06".into(),
            start_event: 1,
            due_date: date(2025, 1, 20),
            due_on: "2025-01-20".into(),
            met_on: met.map(str::to_owned),
            met_by: met.map(|_| 2),
            met_late: late,
            ended,
        }
    }

    #[test]
    fn a_stored_clock_is_judged_on_the_day_it_is_read() {
        assert_eq!(
            clock(Some("2025-01-20"), false, None).status(date(2025, 3, 1)),
            Status::Met
        );
        assert_eq!(
            clock(Some("2025-01-21"), true, None).status(date(2025, 3, 1)),
            Status::MetLate
        );
        assert_eq!(
            clock(None, false, None).status(date(2025, 1, 20)),
            Status::Due,
            "due on the day"
        );
        assert_eq!(
            clock(None, false, None).status(date(2025, 1, 21)),
            Status::Overdue
        );
        let missed = clock(None, false, Some(date(2025, 1, 25)));
        assert_eq!(
            missed.status(date(2025, 1, 10)),
            Status::Overdue,
            "the duty ended unmet"
        );
    }
}
