//! Reading the derived rows: a child's summary and clocks, caseloads, the
//! overdue clocks and reviews on a manager's or IRO's page, and a team's
//! workload. The rows are written by [`crate::derived`] in the same
//! transaction as each event.

use hearth_domain::events::When;
use hearth_domain::timescales::{Due, Status};
use sqlx::Row;

use crate::{ChildId, Db, StoreError, UserId, on_read};

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
/// before the day they are read, or, for a clock due at a time
/// (`due_on` with a time), from the minute after that time. A clock beyond
/// the calendar has no `due_date` and `due_on` says so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredObligation {
    pub rule: String,
    pub start_on: String,
    pub start_event: i64,
    pub due_date: Option<jiff::civil::Date>,
    pub due_on: String,
    pub met_on: Option<String>,
    pub met_by: Option<i64>,
    pub met_late: bool,
    pub ended: Option<jiff::civil::Date>,
}

impl StoredObligation {
    /// Where the clock stands at `now`, a local date or date and time in
    /// England: the same judgement the domain's obligations make
    /// ([`Status::open`]): a clock due at 18:30 is overdue at 18:31, one due
    /// on a date from the day after; an unmet clock whose duty ended after
    /// it fell due stays overdue.
    pub fn status(&self, now: impl Into<When>) -> Status {
        match (&self.met_on, self.met_late, self.due()) {
            (Some(_), false, _) => Status::Met,
            (Some(_), true, _) => Status::MetLate,
            (None, _, Due::On(due)) => Status::open(due, self.ended, now.into().datetime()),
            (None, _, Due::BeyondCalendar) => Status::BeyondCalendar,
        }
    }

    /// The due date, or date and time for a clock counted in hours, or
    /// beyond the calendar.
    pub fn due(&self) -> Due {
        Due::parse(&self.due_on)
            .or(self.due_date.map(|d| Due::On(When::Date(d))))
            .unwrap_or(Due::BeyondCalendar)
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
            FROM obligation WHERE child_id = $1 ORDER BY due_date IS NULL, due_date, seq";
        on_read!(self, |p| {
            let rows = sqlx::query(SQL).bind(child.0).fetch_all(p).await?;
            rows.iter()
                .map(|r| {
                    Ok(StoredObligation {
                        rule: r.try_get("rule")?,
                        start_on: r.try_get("start_on")?,
                        start_event: r.try_get("start_event")?,
                        due_date: r
                            .try_get::<Option<jiff_sqlx::Date>, _>("due_date")?
                            .map(jiff_sqlx::Date::to_jiff),
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
    /// Open clocks beyond the calendar: no due date until a newer list of
    /// bank holidays is imported.
    pub beyond_calendar: i64,
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
        at: impl Into<When>,
        now: jiff::Timestamp,
    ) -> Result<Vec<CaseloadRow>, StoreError> {
        let (today, minute) = judged_at(at.into());
        const SQL: &str = "SELECT c.id, c.la_child_id, c.given_name, c.family_name, s.status,
                (SELECT COUNT(*) FROM obligation o WHERE o.child_id = c.id AND o.met_on IS NULL
                    AND o.ended IS NULL AND (o.due_date < $2 OR (o.due_date = $2
                        AND o.due_on LIKE '%T%' AND o.due_on < $5))) AS overdue,
                (SELECT MIN(o.due_date) FROM obligation o WHERE o.child_id = c.id AND o.met_on IS NULL
                    AND o.ended IS NULL) AS next_due,
                (SELECT o.rule FROM obligation o WHERE o.child_id = c.id AND o.met_on IS NULL
                    AND o.ended IS NULL AND o.due_date IS NOT NULL
                    ORDER BY o.due_date, o.seq LIMIT 1) AS next_rule,
                (SELECT COUNT(*) FROM obligation o WHERE o.child_id = c.id AND o.met_on IS NULL
                    AND o.ended IS NULL AND o.due_date IS NULL) AS beyond_calendar
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
                .bind(minute.as_str())
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
                        beyond_calendar: r.try_get("beyond_calendar")?,
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
                    AND o.ended IS NULL AND o.rule IN {REVIEW_RULES} AND o.due_date IS NOT NULL
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
        at: impl Into<When>,
        now: jiff::Timestamp,
    ) -> Result<Vec<WorkerLoad>, StoreError> {
        let (today, minute) = judged_at(at.into());
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
                    AND (o.due_date < $2 OR (o.due_date = $2
                        AND o.due_on LIKE '%T%' AND o.due_on < $7))
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
                .bind(minute.as_str())
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
        at: impl Into<When>,
        now: jiff::Timestamp,
    ) -> Result<Vec<OverdueClock>, StoreError> {
        // Judged at the minute, as the counts are: a clock due at 18:30 is
        // overdue at 18:31.
        let (today, minute) = judged_at(at.into());
        const SQL: &str = "SELECT u.id AS worker, c.id, c.la_child_id, c.given_name, c.family_name,
                o.rule, o.due_date
            FROM obligation o JOIN child_summary s ON s.child_id = o.child_id
            JOIN child c ON c.id = s.child_id
            JOIN app_user u ON s.allocated_worker = CAST(u.id AS TEXT)
            WHERE u.team_id = $1 AND u.active = $3 AND s.allocated_team = $6
                AND s.status <> 'closed'
                AND o.met_on IS NULL AND o.ended IS NULL
                AND (o.due_date < $2 OR (o.due_date = $2
                    AND o.due_on LIKE '%T%' AND o.due_on < $7))
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
                .bind(minute.as_str())
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

/// The day a list is judged on, and its minute as stored due times are
/// written (`YYYY-MM-DDTHH:MM`, which sort as text): a clock due at a time
/// on that day is overdue once its time is before the minute.
fn judged_at(at: When) -> (jiff::civil::Date, String) {
    let now = hearth_domain::london::to_minute(at.datetime());
    (now.date(), When::DateTime(now).to_string())
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
            due_date: Some(date(2025, 1, 20)),
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
        // A clock due at a time is judged at the minute.
        let mut timed = clock(None, false, None);
        timed.due_on = "2025-01-20T18:30".into();
        let at = |t: &str| t.parse::<When>().unwrap();
        assert_eq!(timed.status(at("2025-01-20T18:30")), Status::Due);
        assert_eq!(timed.status(at("2025-01-20T18:31")), Status::Overdue);
        let missed = clock(None, false, Some(date(2025, 1, 25)));
        assert_eq!(
            missed.status(date(2025, 1, 10)),
            Status::Overdue,
            "the duty ended unmet"
        );
    }
}
