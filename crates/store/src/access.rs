//! What the access policy needs: the actor with their management line, a
//! child's access facts, and explicit grants (break-glass included).

use hearth_domain::access::{Actor, ChildAccess, Grant, Member, Restriction, Role};
use sqlx::Row;

use crate::{ChildId, Db, StoreError, TeamId, Tx, UserId, micros, on_read, on_tx};

/// A break-glass grant, for the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BreakGlassRow {
    pub child: ChildId,
    pub la_child_id: String,
    pub user: UserId,
    /// The user's display name.
    pub user_name: String,
    pub reason: String,
    pub granted_at: jiff::Timestamp,
    pub until: jiff::Timestamp,
}

/// A user or team written in the derived rows as text back to its number.
fn id<T: std::str::FromStr>(text: Option<String>) -> Option<T> {
    text.and_then(|t| t.parse().ok())
}

/// The policy's facts from a row carrying `id`, `restricted`, `allocated_worker`,
/// `allocated_team`, `iro` and `personal_adviser`, with no grants yet.
macro_rules! access_of {
    ($r:expr) => {
        ChildAccess {
            child: ChildId($r.try_get("id")?),
            allocated_worker: id($r.try_get("allocated_worker")?),
            allocated_team: id($r.try_get("allocated_team")?),
            iro: id($r.try_get("iro")?),
            personal_adviser: id($r.try_get("personal_adviser")?),
            restricted: $r
                .try_get::<Option<String>, _>("restricted")?
                .map(|s| {
                    Restriction::parse(&s)
                        .ok_or_else(|| StoreError::Corrupt(format!("restriction {s:?}")))
                })
                .transpose()?,
            grants: Vec::new(),
        }
    };
}

/// The grant on a row joined to `access_grant` (`grant_user`,
/// `grant_until`, `grant_break_glass`), if the row has one.
macro_rules! grant_of {
    ($r:expr) => {
        match $r.try_get::<Option<i64>, _>("grant_user")? {
            Some(user) => Some(Grant {
                user: UserId(user),
                until: $r
                    .try_get::<jiff_sqlx::Timestamp, _>("grant_until")?
                    .to_jiff(),
                break_glass: $r.try_get("grant_break_glass")?,
            }),
            None => None,
        }
    };
}

impl Db {
    /// The user as an actor: role, team, and the teams in their management
    /// line (their own team for a team manager, and the teams of everyone
    /// below them in the line).
    pub async fn actor(&self, user: UserId) -> Result<Option<Actor>, StoreError> {
        // One round trip: the user's row, with a row per team in their
        // management line (one row with none when they manage nobody).
        static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
            format!(
                "{} SELECT u.role, u.team_id, m.team_id AS managed FROM app_user u {LINE_TEAMS}
                WHERE u.id = $1 AND u.active = $2 ORDER BY m.team_id",
                line("$1")
            )
        });
        on_read!(self, |p| {
            let rows = sqlx::query(sqlx::AssertSqlSafe(SQL.as_str()))
                .bind(user.0)
                .bind(true)
                .fetch_all(p)
                .await?;
            actor_of(user, &rows)
        })
    }

    /// What the policy needs to know about a child, from a reader (a
    /// decision needs no writer's lock); `None` when there is no such child.
    pub async fn child_access(&self, child: ChildId) -> Result<Option<ChildAccess>, StoreError> {
        // One query: a child with two grants is two rows.
        const SQL: &str =
            "SELECT c.id, c.restricted, s.allocated_worker, s.allocated_team, s.iro, s.personal_adviser,
                g.user_id AS grant_user, g.until AS grant_until, g.break_glass AS grant_break_glass
            FROM child c LEFT JOIN child_summary s ON s.child_id = c.id
            LEFT JOIN access_grant g ON g.child_id = c.id WHERE c.id = $1";
        on_read!(self, |p| {
            let rows = sqlx::query(SQL).bind(child.0).fetch_all(p).await?;
            let Some(r) = rows.first() else {
                return Ok(None);
            };
            let mut access = access_of!(r);
            for g in &rows {
                access.grants.extend(grant_of!(g));
            }
            Ok(Some(access))
        })
    }

    /// Grants one child to one user until a time. A break-glass grant is
    /// the user's own, with their written reason.
    #[allow(clippy::too_many_arguments)]
    pub async fn grant(
        &self,
        tx: &mut Tx,
        child: ChildId,
        user: UserId,
        until: jiff::Timestamp,
        break_glass: bool,
        reason: &str,
        by: UserId,
        at: jiff::Timestamp,
    ) -> Result<(), StoreError> {
        const SQL: &str = "INSERT INTO access_grant (child_id, user_id, until, break_glass, reason, granted_by, granted_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7)";
        on_tx!(tx, |c| sqlx::query(SQL)
            .bind(child.0)
            .bind(user.0)
            .bind(jiff_sqlx::Timestamp::from(micros(until)))
            .bind(break_glass)
            .bind(reason)
            .bind(by.0)
            .bind(jiff_sqlx::Timestamp::from(micros(at)))
            .execute(c)
            .await
            .map(|_| ()))?;
        Ok(())
    }

    /// A user as an event naming them needs them: role, team, and whether
    /// the account is active. `None` when there is no such user.
    pub async fn member(&self, user: UserId) -> Result<Option<Member>, StoreError> {
        const SQL: &str = "SELECT role, team_id, active FROM app_user WHERE id = $1";
        on_read!(self, |p| {
            let Some(r) = sqlx::query(SQL).bind(user.0).fetch_optional(p).await? else {
                return Ok(None);
            };
            let role: String = r.try_get("role")?;
            Ok(Some(Member {
                user,
                role: Role::parse(&role)
                    .ok_or_else(|| StoreError::Corrupt(format!("user role {role:?}")))?,
                team: r.try_get::<Option<i64>, _>("team_id")?.map(TeamId),
                active: r.try_get("active")?,
            }))
        })
    }

    /// The grant an allocation or appointment gives on a restricted record
    /// (`relationship` is its kind: `worker`, `iro`, `personal_adviser`).
    /// Live grants of that kind held by anyone else end at `at`: the
    /// relationship has moved on. `user` of `None` (an allocation to a team
    /// awaiting a worker) only ends them. Returns whether a grant was made.
    pub async fn relationship_grant(
        &self,
        tx: &mut Tx,
        child: ChildId,
        relationship: &str,
        user: Option<UserId>,
        by: UserId,
        at: jiff::Timestamp,
    ) -> Result<bool, StoreError> {
        const END: &str = "UPDATE access_grant SET until = $1
            WHERE child_id = $2 AND relationship = $3 AND until > $1 AND user_id <> $4";
        const LIVE: &str = "SELECT COUNT(*) FROM access_grant
            WHERE child_id = $1 AND relationship = $2 AND user_id = $3 AND until > $4";
        const INSERT: &str = "INSERT INTO access_grant (child_id, user_id, until, break_glass, reason, granted_by, granted_at, relationship)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
        let at = jiff_sqlx::Timestamp::from(micros(at));
        // Until the relationship moves on: the next of its kind ends it.
        let open_ended = jiff_sqlx::Timestamp::from(
            jiff::civil::date(9999, 1, 1)
                .to_zoned(jiff::tz::TimeZone::UTC)
                .map(|z| z.timestamp())
                .map_err(|e| StoreError::Corrupt(format!("open-ended grant: {e}")))?,
        );
        let holder = user.map_or(0, |u| u.0);
        on_tx!(tx, |c| sqlx::query(END)
            .bind(at)
            .bind(child.0)
            .bind(relationship)
            .bind(holder)
            .execute(&mut *c)
            .await
            .map(|_| ()))?;
        let Some(user) = user else {
            return Ok(false);
        };
        let live: i64 = on_tx!(tx, |c| sqlx::query_scalar(LIVE)
            .bind(child.0)
            .bind(relationship)
            .bind(user.0)
            .bind(at)
            .fetch_one(&mut *c)
            .await)?;
        if live > 0 {
            return Ok(false);
        }
        on_tx!(tx, |c| sqlx::query(INSERT)
            .bind(child.0)
            .bind(user.0)
            .bind(open_ended)
            .bind(false)
            .bind(relationship)
            .bind(by.0)
            .bind(at)
            .bind(relationship)
            .execute(&mut *c)
            .await
            .map(|_| ()))?;
        Ok(true)
    }

    /// Every break-glass grant made since `since`, newest first.
    pub async fn break_glass_report(
        &self,
        since: jiff::Timestamp,
    ) -> Result<Vec<BreakGlassRow>, StoreError> {
        const SQL: &str = "SELECT g.child_id, c.la_child_id, g.user_id, u.display_name, g.reason,
                g.granted_at, g.until
            FROM access_grant g JOIN child c ON c.id = g.child_id JOIN app_user u ON u.id = g.user_id
            WHERE g.break_glass = $1 AND g.granted_at >= $2 ORDER BY g.granted_at DESC, g.id DESC";
        on_read!(self, |p| {
            let rows = sqlx::query(SQL)
                .bind(true)
                .bind(jiff_sqlx::Timestamp::from(micros(since)))
                .fetch_all(p)
                .await?;
            rows.iter()
                .map(|r| {
                    Ok(BreakGlassRow {
                        child: ChildId(r.try_get("child_id")?),
                        la_child_id: r.try_get("la_child_id")?,
                        user: UserId(r.try_get("user_id")?),
                        user_name: r.try_get("display_name")?,
                        reason: r.try_get("reason")?,
                        granted_at: r
                            .try_get::<jiff_sqlx::Timestamp, _>("granted_at")?
                            .to_jiff(),
                        until: r.try_get::<jiff_sqlx::Timestamp, _>("until")?.to_jiff(),
                    })
                })
                .collect()
        })
    }
}

/// A child found by search, with what the policy needs to decide on it.
#[derive(Debug, Clone)]
pub struct Found {
    pub child: ChildId,
    pub la_child_id: String,
    pub name: String,
    pub date_of_birth: Option<jiff::civil::Date>,
    pub status: Option<String>,
    pub access: ChildAccess,
}

/// What to look for.
#[derive(Debug, Clone)]
pub enum Search {
    /// Part of a given or family name, any case.
    Name(String),
    /// The LA child id, exactly.
    LaChildId(String),
    DateOfBirth(jiff::civil::Date),
    /// Words in a worker's write-up or case notes, any case: the children
    /// whose record holds them.
    Notes(String),
}

impl Db {
    /// Children matching a search that `actor` may see, at most `limit`,
    /// with their access facts. The scope is applied inside the query, as
    /// the access policy ([`hearth_domain::access::authorize`]) decides a
    /// view: a live grant opens any record; otherwise a restricted record
    /// stays shut, and the others open by allocation, appointment, team,
    /// management line or an authority-wide role. So a worker's own child
    /// is found however many others share its name. The caller decides
    /// again, child by child.
    pub async fn search(
        &self,
        what: &Search,
        actor: &Actor,
        now: jiff::Timestamp,
        limit: i64,
    ) -> Result<Vec<Found>, StoreError> {
        if !actor.role.grants(hearth_domain::access::Action::View) {
            return Ok(Vec::new());
        }
        // Grants come joined (a child with two grants is two rows) rather
        // than by a query per child.
        const COLUMNS: &str = "SELECT c.id, c.la_child_id, c.given_name, c.family_name, c.date_of_birth, c.restricted,
                s.status, s.allocated_worker, s.allocated_team, s.iro, s.personal_adviser,
                g.user_id AS grant_user, g.until AS grant_until, g.break_glass AS grant_break_glass
            FROM child c LEFT JOIN child_summary s ON s.child_id = c.id
            LEFT JOIN access_grant g ON g.child_id = c.id";
        // Case-insensitive matching differs: SQLite's LIKE ignores ASCII
        // case; PostgreSQL needs ILIKE. A part of the given name or of the
        // family name is a part of "given family", so one expression serves,
        // the one the name index is built on: a trigram index on PostgreSQL
        // (`child_full_name_trgm`); on SQLite an FTS5 trigram table
        // (`child_name`) narrows the candidates first, when the words are
        // long enough to have a trigram, and a test for the words as a part
        // of the whole keeps the meaning.
        let (filter, text, phrase): (String, Option<String>, Option<String>) = match what {
            Search::Name(n) => {
                let n = n.trim();
                let full = "(c.given_name || ' ' || c.family_name)";
                // On SQLite the name index is for those who may see the
                // whole authority: anyone else's own children are far fewer
                // than the children sharing a common name, so they are read
                // first and tested one by one (PostgreSQL's planner weighs
                // the two itself).
                let wide = actor.role.authority_wide();
                match self {
                    Db::Postgres(_) => (
                        format!("{full} ILIKE $1 ESCAPE '\\'"),
                        Some(contains_pattern(n)),
                        None,
                    ),
                    Db::Sqlite { .. } if wide && n.chars().count() >= 3 => (
                        format!(
                            "c.id IN (SELECT rowid FROM child_name WHERE child_name MATCH $6) AND {}",
                            contains(full)
                        ),
                        Some(n.to_owned()),
                        // One phrase: the words as written, quotes doubled.
                        Some(format!("\"{}\"", n.replace('"', "\"\""))),
                    ),
                    Db::Sqlite { .. } => (contains(full), Some(n.to_owned()), None),
                }
            }
            Search::Notes(words) => {
                let words = words.trim();
                let within = |test: &str| {
                    format!("c.id IN (SELECT w.child_id FROM write_up w WHERE {test})")
                };
                match self {
                    Db::Postgres(_) => (
                        within("w.body ILIKE $1 ESCAPE '\\'"),
                        Some(contains_pattern(words)),
                        None,
                    ),
                    // The FTS5 trigram table narrows the rows to read when
                    // the words are long enough to have a trigram.
                    Db::Sqlite { .. } if words.chars().count() >= 3 => (
                        within(&format!(
                            "w.rowid IN (SELECT rowid FROM write_up_text WHERE write_up_text MATCH $6) AND {}",
                            contains("w.body")
                        )),
                        Some(words.to_owned()),
                        Some(format!("\"{}\"", words.replace('"', "\"\""))),
                    ),
                    Db::Sqlite { .. } => {
                        (within(&contains("w.body")), Some(words.to_owned()), None)
                    }
                }
            }
            Search::LaChildId(id) => (
                "c.la_child_id = $1".into(),
                Some(id.trim().to_owned()),
                None,
            ),
            Search::DateOfBirth(_) => ("c.date_of_birth = $1".into(), None, None),
        };
        let team_param = if phrase.is_some() { 7 } else { 6 };
        let (scope, teams) = self.scope(actor, team_param);
        let sql = format!(
            "{COLUMNS} WHERE {filter} AND {scope} ORDER BY c.family_name, c.given_name, c.id LIMIT $2"
        );
        on_read!(self, |p| {
            let q = sqlx::query(sqlx::AssertSqlSafe(sql.clone()));
            let q = match (what, &text) {
                (Search::DateOfBirth(d), _) => q.bind(jiff_sqlx::Date::from(*d)),
                (_, Some(t)) => q.bind(t.clone()),
                (_, None) => q.bind(String::new()),
            };
            let q = q
                .bind(limit)
                .bind(actor.user.0)
                .bind(jiff_sqlx::Timestamp::from(micros(now)))
                .bind(actor.user.0.to_string());
            let q = match &phrase {
                Some(phrase) => q.bind(phrase.clone()),
                None => q,
            };
            let q = if teams.is_empty() {
                q
            } else {
                q.bind(serde_json::to_string(&teams).unwrap_or_default())
            };
            let rows = q.fetch_all(p).await?;
            let mut out: Vec<Found> = Vec::with_capacity(rows.len());
            for r in &rows {
                let id: i64 = r.try_get("id")?;
                let grant = grant_of!(r);
                if let Some(last) = out.last_mut().filter(|f| f.child.0 == id) {
                    last.access.grants.extend(grant);
                    continue;
                }
                let given: String = r.try_get("given_name")?;
                let family: String = r.try_get("family_name")?;
                out.push(Found {
                    child: ChildId(id),
                    la_child_id: r.try_get("la_child_id")?,
                    name: format!("{given} {family}"),
                    date_of_birth: r
                        .try_get::<Option<jiff_sqlx::Date>, _>("date_of_birth")?
                        .map(jiff_sqlx::Date::to_jiff),
                    status: r.try_get("status")?,
                    access: ChildAccess {
                        grants: grant.into_iter().collect(),
                        ..access_of!(r)
                    },
                });
            }
            Ok(out)
        })
    }
}

/// The management line below the user `root` (an SQL expression): every
/// user managed by them, and by those, down the line.
pub(crate) fn line(root: &str) -> String {
    format!(
        "WITH RECURSIVE line (id, team_id) AS (
            SELECT id, team_id FROM app_user WHERE manager_id = {root}
            UNION SELECT u.id, u.team_id FROM app_user u JOIN line ON u.manager_id = line.id
        )"
    )
}

/// Joined to the user `u`: a row per team in their [`line`] (`m.team_id`),
/// or one row with none when they manage nobody.
pub(crate) const LINE_TEAMS: &str =
    "LEFT JOIN (SELECT DISTINCT team_id FROM line WHERE team_id IS NOT NULL) m ON 1 = 1";

/// The actor from the rows of a query on [`line`] and [`LINE_TEAMS`]
/// with `role`, `team_id` and `managed` columns; `None` when there are no
/// rows (no such active user).
pub(crate) fn actor_of<R: Row>(user: UserId, rows: &[R]) -> Result<Option<Actor>, StoreError>
where
    for<'r> String: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> Option<i64>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> &'r str: sqlx::ColumnIndex<R>,
{
    let Some(r) = rows.first() else {
        return Ok(None);
    };
    let role: String = r.try_get("role")?;
    let role =
        Role::parse(&role).ok_or_else(|| StoreError::Corrupt(format!("user role {role:?}")))?;
    let team: Option<TeamId> = r.try_get::<Option<i64>, _>("team_id")?.map(TeamId);
    let mut manages: Vec<TeamId> = Vec::new();
    for r in rows {
        manages.extend(r.try_get::<Option<i64>, _>("managed")?.map(TeamId));
    }
    if let (Some(t), Role::TeamManager | Role::ServiceManager) = (team, role)
        && !manages.contains(&t)
    {
        manages.push(t);
    }
    Ok(Some(Actor {
        user,
        role,
        team,
        manages,
    }))
}

/// `%words%` for ILIKE, with LIKE's own characters taken literally.
fn contains_pattern(words: &str) -> String {
    format!(
        "%{}%",
        words
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    )
}

/// SQLite: whether `column` holds `$1`, ignoring ASCII case, as LIKE does.
/// Not LIKE itself: SQLite prepares a statement again whenever the pattern
/// bound to a LIKE changes (in case a prefix could use an index), which was
/// a tenth of the server's time under load.
fn contains(column: &str) -> String {
    format!("instr(lower({column}), lower($1)) > 0")
}

impl Db {
    /// The children `actor` may see, as a condition on `c` (the child), as
    /// the access policy ([`hearth_domain::access::authorize`]) decides a
    /// view: a live grant opens any record; otherwise a restricted record
    /// stays shut, and the others open by allocation, appointment, team,
    /// management line or an authority-wide role. Binds `$3` (the user's
    /// id), `$4` (now), `$5` (the user's id as the derived rows hold it)
    /// and, when the teams returned are not empty, `$team_param` (them, as
    /// JSON).
    ///
    /// For everyone but the authority-wide roles the condition is a set of
    /// candidates (the user's grants, and the children allocated to them,
    /// their team or their line, through the summary's indexes) that the
    /// database can read first: a search for a common family name then
    /// looks at a worker's few hundred children rather than at every
    /// child in the county with that name.
    pub(crate) fn scope(&self, actor: &Actor, team_param: usize) -> (String, Vec<String>) {
        // Teams whose children the actor sees: their own (social workers,
        // team managers, business support), and their management line.
        let mut teams: Vec<TeamId> = Vec::new();
        if matches!(
            actor.role,
            Role::SocialWorker | Role::TeamManager | Role::BusinessSupport
        ) {
            teams.extend(actor.team);
        }
        if matches!(actor.role, Role::TeamManager | Role::ServiceManager) {
            teams.extend(actor.manages.iter().copied());
        }
        // The teams are bound as one value (JSON, made an array on
        // PostgreSQL so its indexes can be used) of the text the derived
        // rows hold, so each kind of search is one prepared statement,
        // whoever runs it.
        let teams: Vec<String> = teams.iter().map(|t| t.0.to_string()).collect();
        let by_team = match (teams.is_empty(), self) {
            (true, _) => String::new(),
            (false, Db::Sqlite { .. }) => {
                format!(" OR ss.allocated_team IN (SELECT value FROM json_each(${team_param}))")
            }
            (false, Db::Postgres(_)) => format!(
                " OR ss.allocated_team = ANY(ARRAY(SELECT jsonb_array_elements_text(${team_param}::jsonb)))"
            ),
        };
        // A restricted record opens only by a grant.
        let open = "(c.restricted IS NULL OR EXISTS (SELECT 1 FROM access_grant sg
            WHERE sg.child_id = c.id AND sg.user_id = $3 AND sg.until > $4))";
        let scope = if actor.role.authority_wide() {
            // $5 is not needed, but is named so that every role binds the
            // same parameters to the same statement.
            format!("{open} AND CAST($5 AS TEXT) IS NOT NULL")
        } else {
            format!(
                "c.id IN (SELECT cg.child_id FROM access_grant cg WHERE cg.user_id = $3 AND cg.until > $4
                    UNION ALL SELECT ss.child_id FROM child_summary ss
                    WHERE ss.allocated_worker = $5 OR ss.iro = $5 OR ss.personal_adviser = $5{by_team})
                AND {open}"
            )
        };
        (scope, teams)
    }
}
