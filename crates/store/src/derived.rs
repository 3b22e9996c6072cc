//! A child's derived rows: written in the same transaction as each event
//! and by `rebuild`, so lists and dashboards are indexed queries (read in
//! [`crate::caseload`]).

use hearth_domain::calendar::WorkingDayCalendar;
use hearth_domain::record::ChildRecord;
use hearth_domain::timescales::{Policy, Status, obligations};

use crate::ledger::AppendError;
use sqlx::Row;

use crate::{ChildId, Db, StoreError, Tx, micros, on_tx};

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
        "INSERT INTO {} (child_id, {}) VALUES ($1, {}){}",
        SUMMARY.name,
        SUMMARY.column_list(),
        (2..=SUMMARY.columns.len() + 1)
            .map(|i| format!("${i}"))
            .collect::<Vec<_>>()
            .join(", "),
        *SUMMARY_ON_CONFLICT
    )
});

/// What makes an insert of summaries replace a child's summary already
/// stored: one child's after an event, a block's in a rebuild.
pub(crate) static SUMMARY_ON_CONFLICT: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| {
        format!(
            " ON CONFLICT (child_id) DO UPDATE SET {}",
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
