//! A child's derived rows: written in the same transaction as each event
//! and by `rebuild`, so lists and dashboards are indexed queries.

use hearth_domain::calendar::WorkingDayCalendar;
use hearth_domain::events::When;
use hearth_domain::record::ChildRecord;
use hearth_domain::timescales::{Due, Policy, Status, obligations};

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

/// One value of a derived row, typed as its column is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Val {
    Int(Option<i64>),
    Text(Option<String>),
    Date(Option<jiff::civil::Date>),
    Bool(bool),
    Timestamp(jiff::Timestamp),
}

#[derive(Clone, Copy)]
pub(crate) enum Kind {
    Int,
    Text,
    Date,
    Bool,
    Timestamp,
}

/// A table of rows keyed by (`child_id`, `seq`): its other columns, in order.
pub(crate) struct Table {
    pub(crate) name: &'static str,
    pub(crate) columns: &'static [(&'static str, Kind)],
}

impl Table {
    /// The columns after the key, comma-separated.
    pub(crate) fn column_list(&self) -> String {
        self.columns
            .iter()
            .map(|(c, _)| *c)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// One statement whether or not the child has a summary yet; its text is
/// fixed, so it keeps its place among the prepared statements.
static UPSERT_SUMMARY: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!(
        "INSERT INTO {} (child_id, {}) VALUES ($1, {})
        ON CONFLICT (child_id) DO UPDATE SET {}",
        SUMMARY.name,
        SUMMARY.column_list(),
        (2..=SUMMARY.columns.len() + 1)
            .map(|i| format!("${i}"))
            .collect::<Vec<_>>()
            .join(", "),
        SUMMARY
            .columns
            .iter()
            .map(|(c, _)| format!("{c} = excluded.{c}"))
            .collect::<Vec<_>>()
            .join(", ")
    )
});

/// Each child's one summary row, keyed by `child_id` alone.
pub(crate) const SUMMARY: Table = Table {
    name: "child_summary",
    columns: &[
        ("status", Kind::Text),
        ("legal_status", Kind::Text),
        ("placement_type", Kind::Text),
        ("cp_category", Kind::Text),
        ("allocated_worker", Kind::Text),
        ("allocated_team", Kind::Text),
        ("care_leaver", Kind::Text),
        ("events", Kind::Int),
        ("derived_at", Kind::Timestamp),
        ("iro", Kind::Text),
        ("personal_adviser", Kind::Text),
    ],
};

const EPISODES: Table = Table {
    name: "episode_of_need",
    columns: &[
        ("referral_date", Kind::Date),
        ("referral_source", Kind::Text),
        ("re_referral", Kind::Bool),
        ("primary_need", Kind::Text),
        ("closure_date", Kind::Date),
        ("reason_for_closure", Kind::Text),
    ],
};

const PLANS: Table = Table {
    name: "protection_plan",
    columns: &[
        ("start_date", Kind::Date),
        ("end_date", Kind::Date),
        ("initial_category", Kind::Text),
        ("latest_category", Kind::Text),
    ],
};

const CARE: Table = Table {
    name: "care_episode",
    columns: &[
        ("period", Kind::Int),
        ("decom", Kind::Date),
        ("dec", Kind::Date),
        ("rne", Kind::Text),
        ("legal_status", Kind::Text),
        ("category_of_need", Kind::Text),
        ("placement_type", Kind::Text),
        ("placement_provider", Kind::Text),
        ("placement_postcode", Kind::Text),
        ("urn", Kind::Text),
        ("reason_ceased", Kind::Text),
        ("reason_place_change", Kind::Text),
    ],
};

const CLOCKS: Table = Table {
    name: "obligation",
    columns: &[
        ("rule", Kind::Text),
        ("start_on", Kind::Text),
        ("start_event", Kind::Int),
        ("due_date", Kind::Date),
        ("due_on", Kind::Text),
        ("met_on", Kind::Text),
        ("met_by", Kind::Int),
        ("met_late", Kind::Bool),
        ("ended", Kind::Date),
    ],
};

/// The child's links to relatives who are also children in Hearth: their
/// current family members with a record (migration 0010), read from the
/// other side too.
const LINKS: Table = Table {
    name: "child_link",
    columns: &[
        ("relative_id", Kind::Int),
        ("relationship", Kind::Text),
        ("event_id", Kind::Int),
    ],
};

/// Actions agreed for the child, open until done (migration 0011).
const ACTIONS: Table = Table {
    name: "agreed_action",
    columns: &[
        ("event_id", Kind::Int),
        ("agreed_on", Kind::Date),
        ("owner", Kind::Int),
        ("due_date", Kind::Date),
        ("what", Kind::Text),
        ("done_on", Kind::Date),
    ],
};

/// The worker's own words in each event that has them (migration 0011).
const WRITE_UPS: Table = Table {
    name: "write_up",
    columns: &[
        ("event_id", Kind::Int),
        ("written_on", Kind::Date),
        ("body", Kind::Text),
    ],
};

fn text(s: impl ToString) -> Val {
    Val::Text(Some(s.to_string()))
}

fn opt_text(s: Option<impl ToString>) -> Val {
    Val::Text(s.map(|s| s.to_string()))
}

fn date(d: jiff::civil::Date) -> Val {
    Val::Date(Some(d))
}

/// Reads one [`Val`] of `kind` from column `i` of a row of either engine.
macro_rules! val_of {
    ($r:expr, $i:expr, $kind:expr) => {
        match $kind {
            Kind::Int => Val::Int($r.try_get::<Option<i64>, _>($i)?),
            Kind::Text => Val::Text($r.try_get::<Option<String>, _>($i)?),
            Kind::Date => Val::Date(
                $r.try_get::<Option<jiff_sqlx::Date>, _>($i)?
                    .map(jiff_sqlx::Date::to_jiff),
            ),
            Kind::Bool => Val::Bool($r.try_get::<bool, _>($i)?),
            Kind::Timestamp => Val::Timestamp($r.try_get::<jiff_sqlx::Timestamp, _>($i)?.to_jiff()),
        }
    };
}

/// Binds one [`Val`] to a query builder's row.
macro_rules! bind_val {
    ($b:expr, $v:expr) => {
        match $v {
            Val::Int(v) => $b.push_bind(*v),
            Val::Text(v) => $b.push_bind(v.clone()),
            Val::Date(v) => $b.push_bind(v.map(jiff_sqlx::Date::from)),
            Val::Bool(v) => $b.push_bind(*v),
            Val::Timestamp(v) => $b.push_bind(jiff_sqlx::Timestamp::from(*v)),
        }
    };
}
pub(crate) use {bind_val, val_of};

impl Db {
    /// Brings one table's rows for a child to `rows` (row `i` is `seq`
    /// `i + 1`), writing only what differs from what is stored: an event
    /// changes a few of a child's rows (a visit meets one clock and starts
    /// the next), so the rest are left alone rather than deleted and
    /// written again. `stored` is false for a child with no rows yet.
    /// Returns the number of rows written or removed.
    async fn sync_rows(
        &self,
        tx: &mut Tx,
        child: ChildId,
        table: &Table,
        rows: &[Vec<Val>],
        stored: bool,
    ) -> Result<usize, StoreError> {
        let columns: Vec<&str> = table.columns.iter().map(|(c, _)| *c).collect();
        let old: Vec<Vec<Val>> = if stored {
            // Names from the constant tables above, never from input.
            let sql = format!(
                "SELECT {} FROM {} WHERE child_id = $1 ORDER BY seq",
                columns.join(", "),
                table.name
            );
            on_tx!(tx, |c| {
                let found = sqlx::query(sqlx::AssertSqlSafe(sql))
                    .bind(child.0)
                    .fetch_all(&mut *c)
                    .await?;
                found
                    .iter()
                    .map(|r| {
                        table
                            .columns
                            .iter()
                            .enumerate()
                            .map(|(i, (_, kind))| Ok(val_of!(r, i, *kind)))
                            .collect::<Result<Vec<Val>, StoreError>>()
                    })
                    .collect::<Result<Vec<_>, StoreError>>()
            })?
        } else {
            Vec::new()
        };
        sync_known(tx, child, table, rows, &old).await
    }
}

/// Brings one table's rows for a child from `old` (what is stored) to
/// `rows`, writing only the rows that differ. Returns the number of rows
/// written or removed.
pub(crate) async fn sync_known(
    tx: &mut Tx,
    child: ChildId,
    table: &Table,
    rows: &[Vec<Val>],
    old: &[Vec<Val>],
) -> Result<usize, StoreError> {
    let columns: Vec<&str> = table.columns.iter().map(|(c, _)| *c).collect();
    // The rows whose seq is written anew: those that differ, and those
    // beyond what is stored; stored rows beyond the new ones go.
    let changed: Vec<i64> = rows
        .iter()
        .enumerate()
        .filter(|(i, row)| old.get(*i) != Some(row))
        .map(|(i, _)| i as i64 + 1)
        .collect();
    let stale: Vec<i64> = changed
        .iter()
        .copied()
        .filter(|seq| (*seq as usize) <= old.len())
        .collect();
    if !stale.is_empty() || old.len() > rows.len() {
        on_tx!(tx, |c| {
            let mut q =
                sqlx::QueryBuilder::new(format!("DELETE FROM {} WHERE child_id = ", table.name));
            q.push_bind(child.0);
            q.push(" AND (seq > ");
            q.push_bind(rows.len() as i64);
            if !stale.is_empty() {
                q.push(" OR seq IN (");
                let mut list = q.separated(", ");
                for seq in &stale {
                    list.push_bind(*seq);
                }
                list.push_unseparated(")");
            }
            q.push(")");
            // Its shape varies with the rows: not worth a place among
            // the connection's prepared statements.
            q.build()
                .persistent(false)
                .execute(&mut *c)
                .await
                .map(|_| ())
        })?;
    }
    let head = format!(
        "INSERT INTO {} (child_id, seq, {}) ",
        table.name,
        columns.join(", ")
    );
    let per_insert = (ROWS_PER_INSERT * 11 / (columns.len() + 2)).max(1);
    for block in changed.chunks(per_insert) {
        on_tx!(tx, |c| {
            let mut q = sqlx::QueryBuilder::new(head.clone());
            q.push_values(block, |mut b, seq| {
                b.push_bind(child.0).push_bind(*seq);
                for v in &rows[*seq as usize - 1] {
                    bind_val!(b, v);
                }
            });
            q.build()
                .persistent(false)
                .execute(&mut *c)
                .await
                .map(|_| ())
        })?;
    }
    Ok(changed.len() + old.len().saturating_sub(rows.len()))
}

impl Db {
    /// Writes a child's derived rows from their folded record, in the
    /// caller's transaction. `stored`: the child may already have derived
    /// rows (false only when a ledger is first imported), so only the rows
    /// that differ are written. Returns the number of episode, plan,
    /// placement and clock rows written or removed.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn write_derived(
        &self,
        tx: &mut Tx,
        child: ChildId,
        record: &mut ChildRecord,
        calendar: &WorkingDayCalendar,
        policy: &Policy,
        at: jiff::Timestamp,
        stored: bool,
    ) -> Result<usize, AppendError> {
        self.with_identity(tx, child, record).await?;
        let derived = Derived::of(record, calendar, policy, at)?;
        on_tx!(tx, |c| {
            let mut q = sqlx::query(sqlx::AssertSqlSafe(UPSERT_SUMMARY.as_str())).bind(child.0);
            for v in &derived.summary {
                q = match v {
                    Val::Int(v) => q.bind(*v),
                    Val::Text(v) => q.bind(v.clone()),
                    Val::Date(v) => q.bind(v.map(jiff_sqlx::Date::from)),
                    Val::Bool(v) => q.bind(*v),
                    Val::Timestamp(v) => q.bind(jiff_sqlx::Timestamp::from(*v)),
                };
            }
            q.execute(c).await.map(|_| ())
        })?;
        let mut written = 0;
        for (table, rows) in &derived.tables {
            written += self.sync_rows(tx, child, table, rows, stored).await?;
        }
        Ok(written)
    }
}

/// A child's derived rows, computed from their folded record: the summary
/// row and each keyed table's rows, in the order [`Derived::TABLES`] gives.
pub(crate) struct Derived {
    pub(crate) summary: Vec<Val>,
    pub(crate) tables: Vec<(&'static Table, Vec<Vec<Val>>)>,
}

impl Derived {
    /// The rows for `record`, as at the day in England they are written (or
    /// the record's latest fact, if later): clocks that time starts, such as
    /// a PEP from a 5th birthday, appear when that day comes and a rebuild
    /// runs. The record's date of birth must already be the child's.
    pub(crate) fn of(
        record: &mut ChildRecord,
        calendar: &WorkingDayCalendar,
        policy: &Policy,
        at: jiff::Timestamp,
    ) -> Result<Derived, AppendError> {
        let today = hearth_domain::london::today(at);
        record.as_at = Some(record.latest.map_or(today, |l| l.max(today)));
        let clocks = obligations(record, calendar, policy)?;

        let period = record.open_period_of_care();
        let episode = period.and_then(|p| p.episodes.last());
        let summary = vec![
            text(stage(record, today)),
            opt_text(episode.map(|e| e.legal_status.as_code())),
            opt_text(episode.map(|e| e.placement.placement_type.as_code())),
            opt_text(
                record
                    .open_protection_plan()
                    .map(|p| p.latest_category.as_code()),
            ),
            opt_text(record.allocation.as_ref().and_then(|a| a.worker)),
            opt_text(record.allocation.as_ref().map(|a| a.team)),
            opt_text(record.care_leaver_status(today).map(|s| match s {
                hearth_domain::record::CareLeaverStatus::Eligible => "eligible",
                hearth_domain::record::CareLeaverStatus::Relevant => "relevant",
                hearth_domain::record::CareLeaverStatus::FormerRelevant => "former_relevant",
            })),
            Val::Int(Some(record.facts as i64)),
            Val::Timestamp(micros(at)),
            opt_text(record.iro_user),
            opt_text(record.personal_adviser_user),
        ];

        let mut episodes = Vec::new();
        let mut plans = Vec::new();
        for ep in &record.episodes {
            episodes.push(vec![
                date(ep.referral.mark.date()),
                text(ep.referral.source.as_code()),
                Val::Bool(ep.referral.re_referral),
                opt_text(ep.primary_need.map(|n| n.as_code())),
                Val::Date(ep.closed.map(|m| m.date())),
                opt_text(ep.reason_for_closure.map(|r| r.as_code())),
            ]);
            for plan in &ep.protection_plans {
                plans.push(vec![
                    date(plan.started.date()),
                    Val::Date(plan.ended.map(|m| m.date())),
                    text(plan.initial_category.as_code()),
                    text(plan.latest_category.as_code()),
                ]);
            }
        }
        let mut care = Vec::new();
        for (p, period) in record.periods_of_care.iter().enumerate() {
            for e in &period.episodes {
                care.push(vec![
                    Val::Int(Some(p as i64 + 1)),
                    date(e.start.date()),
                    Val::Date(e.end),
                    text(e.reason_for_new_episode.as_code()),
                    text(e.legal_status.as_code()),
                    text(e.category_of_need.as_code()),
                    text(e.placement.placement_type.as_code()),
                    opt_text(e.placement.provider.map(|p| p.as_code())),
                    opt_text(e.placement.postcode.as_ref().map(|p| p.as_str())),
                    opt_text(e.placement.urn.as_deref()),
                    opt_text(e.reason_ceased.map(|r| r.as_code())),
                    opt_text(e.reason_place_change.map(|r| r.as_code())),
                ]);
            }
        }
        let clocks: Vec<Vec<Val>> = clocks
            .iter()
            .map(|o| {
                vec![
                    text(o.rule.id()),
                    text(o.start),
                    Val::Int(Some(o.start_event.0 as i64)),
                    Val::Date(o.due.date()),
                    text(o.due),
                    opt_text(o.met),
                    Val::Int(o.met_by.map(|m| m.0 as i64)),
                    Val::Bool(o.status == Status::MetLate),
                    Val::Date(o.ended),
                ]
            })
            .collect();
        let links: Vec<Vec<Val>> = record
            .family
            .current_members()
            .filter_map(|m| {
                m.relative.map(|r| {
                    vec![
                        Val::Int(Some(r.0)),
                        text(m.relationship.as_str()),
                        Val::Int(Some(m.mark.event.0 as i64)),
                    ]
                })
            })
            .collect();
        let actions: Vec<Vec<Val>> = record
            .actions
            .iter()
            .map(|a| {
                vec![
                    Val::Int(Some(a.mark.event.0 as i64)),
                    date(a.mark.date()),
                    Val::Int(Some(a.owner.0)),
                    date(a.due),
                    text(&a.what),
                    Val::Date(a.done.map(|m| m.date())),
                ]
            })
            .collect();
        let write_ups: Vec<Vec<Val>> = record
            .write_ups
            .iter()
            .map(|w| {
                vec![
                    Val::Int(Some(w.mark.event.0 as i64)),
                    date(w.mark.date()),
                    text(&w.text),
                ]
            })
            .collect();
        Ok(Derived {
            summary,
            tables: vec![
                (&EPISODES, episodes),
                (&PLANS, plans),
                (&CARE, care),
                (&CLOCKS, clocks),
                (&LINKS, links),
                (&ACTIONS, actions),
                (&WRITE_UPS, write_ups),
            ],
        })
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
                    AND o.due_date IS NULL) AS beyond_calendar
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
