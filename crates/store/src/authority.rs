//! The local authority the database serves, and whole-authority reads
//! (every child's ledger in turn) for reports over the population.

use hearth_domain::events::Event;
use jiff::civil::Date;
use sqlx::Row;

use crate::children::child_of;
use crate::{Child, ChildId, Db, StoreError, Tx, on_read, on_tx};

/// How a synthetic authority was generated.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntheticOrigin {
    pub profile: String,
    /// Demand relative to England's rates.
    pub need: f64,
    pub seed: u64,
    pub as_at: Date,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LocalAuthority {
    pub name: String,
    /// Children aged 0-17 in the area: what rates per 10,000 are of.
    pub population_0_17: i64,
    /// The DfE's number for the authority (three digits, e.g. 806): the
    /// CIN census header's `LEA`, and the first three digits of the UPNs
    /// its schools issue. None for an authority set up before it was kept.
    pub dfe_la_number: Option<u16>,
    /// The ONS code of the authority's area (e.g. `E06000002`).
    pub ons_code: Option<String>,
    pub synthetic: Option<SyntheticOrigin>,
}

impl Db {
    /// Sets the authority's details (there is one row).
    pub async fn set_local_authority(
        &self,
        tx: &mut Tx,
        la: &LocalAuthority,
    ) -> Result<(), StoreError> {
        const SQL: &str = "INSERT INTO local_authority (id, name, population_0_17, synthetic_profile,
                synthetic_need, synthetic_seed, synthetic_as_at, dfe_la_number, ons_code)
                VALUES (1, $1, $2, $3, $4, $5, $6, $7, $8)
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, population_0_17 = excluded.population_0_17,
                synthetic_profile = excluded.synthetic_profile, synthetic_need = excluded.synthetic_need,
                synthetic_seed = excluded.synthetic_seed, synthetic_as_at = excluded.synthetic_as_at,
                dfe_la_number = excluded.dfe_la_number, ons_code = excluded.ons_code";
        if la.dfe_la_number.is_some_and(|n| n > 999) {
            return Err(StoreError::Unsupported("a DfE LA number has three digits"));
        }
        let s = la.synthetic.as_ref();
        let la_number = la.dfe_la_number.map(|n| format!("{n:03}"));
        on_tx!(tx, |c| sqlx::query(SQL)
            .bind(&la.name)
            .bind(la.population_0_17)
            .bind(s.map(|s| s.profile.as_str()))
            .bind(s.map(|s| s.need))
            // Stored as the same 64 bits; read back the same way.
            .bind(s.map(|s| s.seed as i64))
            .bind(s.map(|s| jiff_sqlx::Date::from(s.as_at)))
            .bind(la_number.as_deref())
            .bind(la.ons_code.as_deref())
            .execute(c)
            .await
            .map(|_| ()))?;
        Ok(())
    }

    pub async fn local_authority(&self) -> Result<Option<LocalAuthority>, StoreError> {
        const SQL: &str =
            "SELECT name, population_0_17, synthetic_profile, synthetic_need, synthetic_seed,
                synthetic_as_at, dfe_la_number, ons_code FROM local_authority WHERE id = 1";
        on_read!(self, |p| {
            let Some(r) = sqlx::query(SQL).fetch_optional(p).await? else {
                return Ok(None);
            };
            let profile: Option<String> = r.try_get("synthetic_profile")?;
            let need: Option<f64> = r.try_get("synthetic_need")?;
            let seed: Option<i64> = r.try_get("synthetic_seed")?;
            let as_at: Option<jiff_sqlx::Date> = r.try_get("synthetic_as_at")?;
            let synthetic = match (profile, need, seed, as_at) {
                (Some(profile), Some(need), Some(seed), Some(as_at)) => Some(SyntheticOrigin {
                    profile,
                    need,
                    seed: seed as u64,
                    as_at: as_at.to_jiff(),
                }),
                _ => None,
            };
            let la_number: Option<String> = r.try_get("dfe_la_number")?;
            let dfe_la_number = la_number
                .map(|n| {
                    n.parse::<u16>().map_err(|_| {
                        StoreError::Corrupt(format!("local authority: DfE LA number {n:?}"))
                    })
                })
                .transpose()?;
            Ok(Some(LocalAuthority {
                name: r.try_get("name")?,
                population_0_17: r.try_get("population_0_17")?,
                dfe_la_number,
                ons_code: r.try_get("ons_code")?,
                synthetic,
            }))
        })
    }

    /// Readies the writer for loading a whole authority in one transaction:
    /// on SQLite a page cache large enough to hold the transaction, so that
    /// pages are written once at commit rather than spilled and rewritten.
    /// `done` puts the default back and checkpoints the log.
    pub async fn bulk_load(&self, done: bool) -> Result<(), StoreError> {
        if let Db::Sqlite { write, .. } = self {
            // Negative: KiB. 2 GiB while loading; SQLite's default after.
            let sql = if done {
                "PRAGMA cache_size = -2000"
            } else {
                "PRAGMA cache_size = -2097152"
            };
            sqlx::query(sql).execute(write).await?;
            if done {
                // Copy the whole load into the database now, rather than
                // leave a log of the whole load for the first checkpoint
                // to copy while people are working. A checkpoint the
                // background checkpointer is already running makes this one
                // answer "busy" (its first column) without an error, and
                // every later read would search a log the size of the load:
                // so until it is done, or for ten seconds.
                for _ in 0..100 {
                    let busy: i64 = sqlx::query_scalar("PRAGMA wal_checkpoint(TRUNCATE)")
                        .fetch_one(write)
                        .await?;
                    if busy == 0 {
                        break;
                    }
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                }
            }
        }
        Ok(())
    }

    /// Whether the database has no users and no children yet.
    pub async fn is_empty(&self) -> Result<bool, StoreError> {
        const SQL: &str = "SELECT (SELECT COUNT(*) FROM app_user) + (SELECT COUNT(*) FROM child)";
        let n: i64 = on_read!(self, |p| sqlx::query_scalar(SQL).fetch_one(p).await)?;
        Ok(n == 0)
    }

    /// Every child's details and ledger in turn, in id order, read a block
    /// of children at a time so that memory stays flat: `f(child, events)`.
    /// For whole-authority work (the returns, calibration), not for a
    /// viewer: no access decision is made here.
    pub async fn for_each_ledger(
        &self,
        f: impl FnMut(Child, Vec<Event>),
    ) -> Result<usize, StoreError> {
        self.for_each_ledger_of(&Population::All, f).await
    }

    /// As [`Db::for_each_ledger`], for the children of `population` only:
    /// the derived rows (written with each event, and each night) choose
    /// them, so a return reads the ledgers of the children it can hold
    /// rather than every child known.
    pub async fn for_each_ledger_of(
        &self,
        population: &Population,
        mut f: impl FnMut(Child, Vec<Event>),
    ) -> Result<usize, StoreError> {
        const BLOCK: i64 = 2_000;
        let (filter, dates) = population.filter();
        let children = format!(
            "SELECT c.id, c.la_child_id, c.given_name, c.family_name, c.date_of_birth, c.sex, c.ethnicity,
                c.upn, c.nhs_number, c.postcode, c.restricted FROM child c
            WHERE c.id >= $1 AND c.id < $2 AND {filter} ORDER BY c.id"
        );
        // One row a child, its events' bodies joined: a row costs far more
        // to hand over than its bytes (on SQLite each passes between threads
        // on its own), and a looked-after child has hundreds of events. The
        // separator is the ASCII record separator, which JSON text never
        // holds unescaped. The bodies are put in ledger order once parsed
        // (an order asked of the aggregate would sort every body's text).
        let joined = match self {
            Db::Sqlite { .. } => "group_concat(e.body, char(30))",
            Db::Postgres(_) => "string_agg(e.body, chr(30))",
        };
        let events = format!(
            "SELECT e.child_id, {joined} AS bodies FROM event e
            WHERE e.child_id >= $1 AND e.child_id < $2
                AND e.child_id IN (SELECT c.id FROM child c WHERE c.id >= $1 AND c.id < $2 AND {filter})
            GROUP BY e.child_id ORDER BY e.child_id"
        );
        let top: i64 = on_read!(self, |p| sqlx::query_scalar::<_, Option<i64>>(
            "SELECT MAX(id) FROM child"
        )
        .fetch_one(p)
        .await)?
        .unwrap_or(0);
        let block = Block {
            children: std::sync::Arc::new(children),
            events: std::sync::Arc::new(events),
            dates,
        };
        // The next blocks are read (each on a connection of its own, its
        // events parsed) on the runtime's other threads while this one is
        // folded: reading is about half the work, and the database's own
        // part of it runs on one thread per connection.
        const AHEAD: usize = 2;
        let read = |from: i64| tokio::spawn(block.clone().read(self.clone(), from, from + BLOCK));
        let mut seen = 0;
        let mut next = 1;
        let mut pending = std::collections::VecDeque::new();
        while next <= top && pending.len() < AHEAD {
            pending.push_back(read(next));
            next += BLOCK;
        }
        while let Some(reading) = pending.pop_front() {
            let (children, events) = reading
                .await
                .map_err(|e| StoreError::Corrupt(format!("reading a block of ledgers: {e}")))??;
            if next <= top {
                pending.push_back(read(next));
                next += BLOCK;
            }
            let mut events = events.into_iter().peekable();
            for child in children {
                let mut mine = Vec::new();
                while let Some((_, e)) = events.next_if(|(c, _)| *c == child.id.0) {
                    mine.push(e);
                }
                seen += 1;
                f(child, mine);
            }
        }
        Ok(seen)
    }
}

/// The statements that read one block of children and their events.
#[derive(Clone)]
struct Block {
    children: std::sync::Arc<String>,
    events: std::sync::Arc<String>,
    dates: Option<(Date, Date)>,
}

type BlockRows = (Vec<Child>, Vec<(i64, Event)>);

/// What joins a child's event bodies in a block's read.
const RECORD_SEPARATOR: char = '\u{1e}';

impl Block {
    /// The children with ids from `from` up to `to`, and their events in
    /// ledger order, each parsed.
    async fn read(self, db: Db, from: i64, to: i64) -> Result<BlockRows, StoreError> {
        // Either statement with the block's ids and the period's dates.
        macro_rules! bound {
            ($sql:expr) => {{
                let q = sqlx::query(sqlx::AssertSqlSafe($sql.as_str().to_owned()))
                    .bind(from)
                    .bind(to);
                match self.dates {
                    Some((start, end)) => q
                        .bind(jiff_sqlx::Date::from(end))
                        .bind(jiff_sqlx::Date::from(start)),
                    None => q,
                }
            }};
        }
        on_read!(&db, |p| {
            let children = bound!(self.children)
                .fetch_all(p)
                .await?
                .iter()
                .map(|r| Ok(child_of!(r, ChildId(r.try_get::<i64, _>("id")?))))
                .collect::<Result<Vec<Child>, StoreError>>()?;
            let mut events = Vec::new();
            for r in bound!(self.events).fetch_all(p).await? {
                let child: i64 = r.try_get("child_id")?;
                let bodies: String = r.try_get("bodies")?;
                let first = events.len();
                for body in bodies.split(RECORD_SEPARATOR) {
                    let event = Event::from_stored_json(body).map_err(|e| {
                        StoreError::Corrupt(format!("child {child}: event body: {e}"))
                    })?;
                    events.push((child, event));
                }
                // Ledger order: the event's id is its row's.
                events[first..].sort_by_key(|(_, e)| e.id);
            }
            Ok((children, events))
        })
    }
}

/// Which children a whole-authority read takes. A child with no derived
/// rows yet is taken by each, so that nothing is missed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Population {
    /// Every child.
    All,
    /// Those with an episode of need open at any time from `start` to
    /// `end`: the CIN census's.
    ChildrenInNeed { start: Date, end: Date },
    /// Those with a period of care at any time: the SSDA903's (its care
    /// leavers and last year's details reach back before the year).
    LookedAfter,
    /// Either: both returns, as the data quality check makes them.
    Returns { start: Date, end: Date },
}

// Each a lookup by the child's key, so a block of children costs a block
// of lookups (an `IN (SELECT ...)` over a whole table would be built again
// for each block).
const IN_NEED: &str = "EXISTS (SELECT 1 FROM episode_of_need n WHERE n.child_id = c.id
    AND n.referral_date <= $3 AND (n.closure_date IS NULL OR n.closure_date >= $4))";
const IN_CARE: &str = "EXISTS (SELECT 1 FROM care_episode ce WHERE ce.child_id = c.id)";
const NOT_DERIVED: &str = "NOT EXISTS (SELECT 1 FROM child_summary s WHERE s.child_id = c.id)";

impl Population {
    /// The condition on `c` (the child), and the dates it binds as `$3`
    /// (the end) and `$4` (the start). Fixed fragments, never input.
    fn filter(&self) -> (String, Option<(Date, Date)>) {
        match *self {
            Population::All => ("TRUE".into(), None),
            Population::ChildrenInNeed { start, end } => {
                (format!("({IN_NEED} OR {NOT_DERIVED})"), Some((start, end)))
            }
            Population::LookedAfter => (format!("({IN_CARE} OR {NOT_DERIVED})"), None),
            Population::Returns { start, end } => (
                format!("({IN_NEED} OR {IN_CARE} OR {NOT_DERIVED})"),
                Some((start, end)),
            ),
        }
    }
}
