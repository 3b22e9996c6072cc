//! Loading many new children at once: a synthetic authority, or one
//! migrated from another system. A block of children, their ledgers and
//! every derived row is written in a handful of statements (PostgreSQL's
//! `COPY`, SQLite's multi-row `INSERT`), rather than a dozen round trips
//! for each child, which is what made loading a county take minutes.
//!
//! Each ledger is checked by the same fold and derives the same rows as an
//! event recorded one at a time: a refusal writes nothing (the caller's
//! transaction is not committed).

use hearth_domain::calendar::WorkingDayCalendar;
use hearth_domain::events::{Event, EventId};
use hearth_domain::record::ChildRecord;
use hearth_domain::timescales::Policy;

use crate::derived::{Derived, ROWS_PER_INSERT, SUMMARY, Val, bind_val};
use crate::ledger::AppendError;
use crate::{ChildId, Db, NewChild, StoreError, Tx, micros, on_tx};

/// Why a block of children could not be imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// One child's ledger was refused by the fold, or its clocks could not
    /// be counted.
    #[error("child {la_child_id}: {error}")]
    Child {
        la_child_id: String,
        error: AppendError,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for ImportError {
    fn from(e: sqlx::Error) -> Self {
        ImportError::Store(StoreError::Database(e))
    }
}

const CHILD_COLUMNS: &[&str] = &[
    "id",
    "la_child_id",
    "given_name",
    "family_name",
    "date_of_birth",
    "sex",
    "ethnicity",
    "upn",
    "nhs_number",
    "postcode",
    "restricted",
    "created_at",
];

const EVENT_COLUMNS: &[&str] = &[
    "id",
    "child_id",
    "kind",
    "on_date",
    "recorded_by",
    "recorded_at",
    "body",
];

/// Takes `n` consecutive ids from `table`'s id sequence (PostgreSQL) or
/// after its largest id (SQLite, whose single writer holds the database),
/// returning the first.
///
/// On PostgreSQL the table is locked against other writers until the
/// transaction ends (reads go on): an insert takes its id from the
/// sequence only once it holds its lock, so no other id can fall inside
/// the block between taking the first id and moving the sequence past the
/// last. One statement moves it, however large the block.
pub(crate) async fn reserve_ids(tx: &mut Tx, table: &str, n: i64) -> Result<i64, StoreError> {
    match tx {
        Tx::Sqlite(t) => {
            let sql = format!("SELECT COALESCE(MAX(id), 0) + 1 FROM {table}");
            Ok(sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
                .fetch_one(&mut **t)
                .await?)
        }
        Tx::Postgres(t) => {
            if n == 0 {
                return Ok(1);
            }
            let lock = format!("LOCK TABLE {table} IN EXCLUSIVE MODE");
            sqlx::query(sqlx::AssertSqlSafe(lock))
                .execute(&mut **t)
                .await?;
            let last: i64 = sqlx::query_scalar(
                "SELECT setval(pg_get_serial_sequence($1, 'id'),
                    nextval(pg_get_serial_sequence($1, 'id')) + $2 - 1)",
            )
            .bind(table)
            .bind(n)
            .fetch_one(&mut **t)
            .await?;
            Ok(last - n + 1)
        }
    }
}

/// The ledger with ids from `first` on, in order, and every reference
/// between its events moved with them; recorded times to the microsecond
/// the store keeps.
pub(crate) fn renumber(events: &[Event], first: i64) -> Vec<Event> {
    let map: std::collections::HashMap<EventId, EventId> = events
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id, EventId((first + i as i64) as u64)))
        .collect();
    events
        .iter()
        .map(|e| Event {
            id: map.get(&e.id).copied().unwrap_or(e.id),
            event: e
                .event
                .with_references(&|id| map.get(&id).copied().unwrap_or(id)),
            recorded_at: micros(e.recorded_at),
            ..e.clone()
        })
        .collect()
}

impl Db {
    /// Imports new children with their whole ledgers, in the caller's
    /// transaction: each child gets the next record number in order (the
    /// ids returned), each ledger is folded and checked, and the children,
    /// events and derived rows are written a table at a time. For loading
    /// a synthetic or migrated authority into a database being filled.
    pub async fn import_children(
        &self,
        tx: &mut Tx,
        children: &[(NewChild, Vec<Event>)],
        calendar: &WorkingDayCalendar,
        policy: &Policy,
        at: jiff::Timestamp,
    ) -> Result<Vec<ChildId>, ImportError> {
        let events: usize = children.iter().map(|(_, e)| e.len()).sum();
        let ids = self.reserve_import(tx, children.len(), events).await?;
        let prepared = prepare_import(self.backend(), children, ids, calendar, policy, at)?;
        self.write_import(tx, prepared).await
    }

    /// Takes the record numbers for `children` new children with `events`
    /// events between them: the first child's and the first event's.
    pub async fn reserve_import(
        &self,
        tx: &mut Tx,
        children: usize,
        events: usize,
    ) -> Result<ImportIds, StoreError> {
        Ok(ImportIds {
            first_child: reserve_ids(tx, "child", children as i64).await?,
            first_event: reserve_ids(tx, "event", events as i64).await?,
        })
    }

    /// Writes children made ready by [`prepare_import`], in the caller's
    /// transaction; returns their ids.
    pub async fn write_import(
        &self,
        tx: &mut Tx,
        prepared: PreparedImport,
    ) -> Result<Vec<ChildId>, ImportError> {
        for (table, columns, rows) in &prepared.tables {
            write_rows(tx, table, columns, rows).await?;
        }
        Ok(prepared.ids)
    }
}

/// The record numbers a block of imported children and their events start
/// from ([`Db::reserve_import`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportIds {
    pub first_child: i64,
    pub first_event: i64,
}

/// A block of children folded, checked and laid out as rows, ready to be
/// written ([`Db::write_import`]); on PostgreSQL already in `COPY`'s text,
/// so the writing costs nothing but the database's own work.
pub struct PreparedImport {
    ids: Vec<ChildId>,
    tables: Vec<(&'static str, Vec<&'static str>, Rows)>,
}

/// One table's rows, as the engine takes them.
enum Rows {
    Values(Vec<Vec<Val>>),
    Copy(Vec<u8>),
}

/// Folds and checks each child's ledger, numbered from `ids`, and lays out
/// the children, events and derived rows: no database work, so a loader
/// can prepare one block while the database writes the one before.
pub fn prepare_import(
    backend: crate::Backend,
    children: &[(NewChild, Vec<Event>)],
    ids: ImportIds,
    calendar: &WorkingDayCalendar,
    policy: &Policy,
    at: jiff::Timestamp,
) -> Result<PreparedImport, ImportError> {
    let events: usize = children.iter().map(|(_, e)| e.len()).sum();
    let first_child = ids.first_child;
    let mut next_event = ids.first_event;
    let at = micros(at);

    let mut child_rows = Vec::with_capacity(children.len());
    let mut event_rows = Vec::with_capacity(events);
    let mut summary_rows = Vec::with_capacity(children.len());
    let mut table_rows: Vec<(&'static crate::derived::Table, Vec<Vec<Val>>)> = Vec::new();
    let mut ids = Vec::with_capacity(children.len());
    for (i, (details, ledger)) in children.iter().enumerate() {
        let id = first_child + i as i64;
        ids.push(ChildId(id));
        let refused = |error: AppendError| ImportError::Child {
            la_child_id: details.la_child_id.as_str().to_owned(),
            error,
        };
        let moved = renumber(ledger, next_event);
        next_event += moved.len() as i64;
        let mut record =
            ChildRecord::fold_all(&moved).map_err(|r| refused(AppendError::Refused(r)))?;
        // The date of birth on the child's row is identity: it overrides
        // any in the events, as for an event recorded alone.
        if let Some(dob) = details.date_of_birth {
            record.date_of_birth = Some(dob);
        }
        let derived = Derived::of(&mut record, calendar, policy, at).map_err(refused)?;

        child_rows.push(vec![
            Val::Int(Some(id)),
            Val::Text(Some(details.la_child_id.as_str().to_owned())),
            Val::Text(Some(details.given_name.clone())),
            Val::Text(Some(details.family_name.clone())),
            Val::Date(details.date_of_birth),
            Val::Text(details.sex.map(|s| s.as_code().to_owned())),
            Val::Text(details.ethnicity.map(|e| e.as_code().to_owned())),
            Val::Text(details.upn.as_ref().map(|u| u.as_str().to_owned())),
            Val::Text(details.nhs_number.as_ref().map(|n| n.as_str().to_owned())),
            Val::Text(details.postcode.as_ref().map(|p| p.as_str().to_owned())),
            Val::Text(details.restricted.map(|r| r.as_str().to_owned())),
            Val::Timestamp(at),
        ]);
        for e in &moved {
            event_rows.push(vec![
                Val::Int(Some(e.id.0 as i64)),
                Val::Int(Some(id)),
                Val::Text(Some(e.event.name().to_owned())),
                Val::Date(Some(e.on.date())),
                Val::Text(Some(e.recorded_by.clone())),
                Val::Timestamp(e.recorded_at),
                Val::Text(Some(e.to_json())),
            ]);
        }
        let mut summary = Vec::with_capacity(SUMMARY.columns.len() + 1);
        summary.push(Val::Int(Some(id)));
        summary.extend(derived.summary);
        summary_rows.push(summary);
        for (t, (table, rows)) in derived.tables.into_iter().enumerate() {
            if table_rows.len() <= t {
                table_rows.push((table, Vec::new()));
            }
            for (seq, row) in rows.into_iter().enumerate() {
                let mut keyed = Vec::with_capacity(row.len() + 2);
                keyed.push(Val::Int(Some(id)));
                keyed.push(Val::Int(Some(seq as i64 + 1)));
                keyed.extend(row);
                table_rows[t].1.push(keyed);
            }
        }
    }

    let laid_out = |rows: Vec<Vec<Val>>| match backend {
        crate::Backend::Postgres => {
            let mut data = Vec::with_capacity(rows.len() * 64);
            for row in &rows {
                copy_line(&mut data, row);
            }
            Rows::Copy(data)
        }
        crate::Backend::Sqlite => Rows::Values(rows),
    };
    let mut tables = vec![
        ("child", CHILD_COLUMNS.to_vec(), laid_out(child_rows)),
        ("event", EVENT_COLUMNS.to_vec(), laid_out(event_rows)),
    ];
    let mut columns = vec!["child_id"];
    columns.extend(SUMMARY.columns.iter().map(|(c, _)| *c));
    tables.push((SUMMARY.name, columns, laid_out(summary_rows)));
    for (table, rows) in table_rows {
        let mut columns = vec!["child_id", "seq"];
        columns.extend(table.columns.iter().map(|(c, _)| *c));
        tables.push((table.name, columns, laid_out(rows)));
    }
    Ok(PreparedImport { ids, tables })
}

/// The tables a load writes.
const LOADED_TABLES: &[&str] = &[
    "child",
    "event",
    "child_summary",
    "episode_of_need",
    "protection_plan",
    "care_episode",
    "obligation",
    "child_link",
    "agreed_action",
    "write_up",
];

/// Secondary indexes and foreign keys set aside while a whole authority is
/// loaded, to be made again, from the definitions the database gave,
/// before the load commits.
#[derive(Debug, Default)]
pub struct DeferredIndexes {
    indexes: Vec<String>,
    /// `ALTER TABLE ... ADD CONSTRAINT ...` for each foreign key.
    foreign_keys: Vec<String>,
    /// SQLite: the triggers that keep the full-text indexes, as the
    /// database holds them, each with the statement that fills its index.
    text_index_triggers: Vec<(String, &'static str)>,
}

/// SQLite's triggers that add a loaded row to a full-text index, row by
/// row, each with the statement that fills its index in one pass instead.
const TEXT_INDEX_TRIGGERS: &[(&str, &str)] = &[
    // Names of children not yet in the name index (all those loaded).
    (
        "child_name_insert",
        "INSERT INTO child_name (rowid, name)
        SELECT c.id, c.given_name || ' ' || c.family_name FROM child c
        WHERE NOT EXISTS (SELECT 1 FROM child_name n WHERE n.rowid = c.id)",
    ),
    // The write-up index is an index of its table: rebuilt from it.
    (
        "write_up_insert",
        "INSERT INTO write_up_text (write_up_text) VALUES ('rebuild')",
    ),
];

impl Db {
    /// On PostgreSQL, drops the loaded tables' secondary indexes (not
    /// those behind a primary key, unique or other constraint) inside the
    /// load's transaction, keeping their definitions: building an index
    /// once over the loaded rows is much cheaper than keeping it up to
    /// date row by row (the trigram index over write-ups most of all).
    /// The loaded tables' foreign keys are set aside too: each loaded row
    /// would otherwise look its child up alone (millions of lookups for a
    /// county's events), where adding the key back checks every row in
    /// one join. The drop is part of the transaction, so a load that fails
    /// leaves every index and key as it was, and one whose rows break a
    /// key fails when the key is added back.
    ///
    /// On SQLite, the triggers that add each new child's name and each
    /// write-up to the full-text indexes are set aside: FTS5 writes its
    /// pending entries out at every statement and merges them as it goes,
    /// which was a fifth of a county's load; the indexes are filled in one
    /// pass when the triggers are made again.
    pub async fn defer_indexes(&self, tx: &mut Tx) -> Result<DeferredIndexes, StoreError> {
        let t = match tx {
            Tx::Sqlite(t) => {
                let mut text_index_triggers = Vec::new();
                for (name, fill) in TEXT_INDEX_TRIGGERS {
                    let sql: Option<String> = sqlx::query_scalar(
                        "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = $1",
                    )
                    .bind(name)
                    .fetch_optional(&mut **t)
                    .await?;
                    if let Some(sql) = sql {
                        let drop = format!("DROP TRIGGER {}", quoted(name));
                        sqlx::query(sqlx::AssertSqlSafe(drop))
                            .execute(&mut **t)
                            .await?;
                        text_index_triggers.push((sql, *fill));
                    }
                }
                return Ok(DeferredIndexes {
                    text_index_triggers,
                    ..DeferredIndexes::default()
                });
            }
            Tx::Postgres(t) => t,
        };
        let found: Vec<(String, String)> = sqlx::query_as(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i
            WHERE i.schemaname = current_schema() AND i.tablename = ANY($1)
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                  WHERE c.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass)
            ORDER BY i.indexname",
        )
        .bind(LOADED_TABLES)
        .fetch_all(&mut **t)
        .await?;
        let mut kept = Vec::with_capacity(found.len());
        for (name, definition) in found {
            // The name comes from the catalogue, quoted as an identifier.
            let drop = format!("DROP INDEX {}", quoted(&name));
            sqlx::query(sqlx::AssertSqlSafe(drop))
                .execute(&mut **t)
                .await?;
            kept.push(definition);
        }
        let keys: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid)
            FROM pg_constraint c
            WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace
              AND c.conrelid::regclass::text = ANY($1)
            ORDER BY 1, 2",
        )
        .bind(LOADED_TABLES)
        .fetch_all(&mut **t)
        .await?;
        let mut foreign_keys = Vec::with_capacity(keys.len());
        for (table, name, definition) in keys {
            // Table and key names from the catalogue, quoted as identifiers.
            let drop = format!("ALTER TABLE {table} DROP CONSTRAINT {}", quoted(&name));
            sqlx::query(sqlx::AssertSqlSafe(drop))
                .execute(&mut **t)
                .await?;
            foreign_keys.push(format!(
                "ALTER TABLE {table} ADD CONSTRAINT {} {definition}",
                quoted(&name)
            ));
        }
        Ok(DeferredIndexes {
            indexes: kept,
            foreign_keys,
            text_index_triggers: Vec::new(),
        })
    }

    /// Builds again the indexes [`Db::defer_indexes`] set aside, then adds
    /// back the foreign keys (each checks every loaded row), in the load's
    /// transaction.
    pub async fn restore_indexes(
        &self,
        tx: &mut Tx,
        deferred: DeferredIndexes,
    ) -> Result<(), StoreError> {
        let t = match tx {
            Tx::Sqlite(t) => {
                for (sql, fill) in deferred.text_index_triggers {
                    sqlx::query(fill).execute(&mut **t).await?;
                    // As the database itself held it.
                    sqlx::query(sqlx::AssertSqlSafe(sql))
                        .execute(&mut **t)
                        .await?;
                }
                return Ok(());
            }
            Tx::Postgres(t) => t,
        };
        for definition in deferred.indexes.into_iter().chain(deferred.foreign_keys) {
            // Definitions as the database itself wrote them.
            sqlx::query(sqlx::AssertSqlSafe(definition))
                .execute(&mut **t)
                .await?;
        }
        Ok(())
    }
}

/// An SQL identifier, quoted.
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Writes `rows` into `table`: one `COPY` on PostgreSQL, multi-row
/// `INSERT`s on SQLite, as [`prepare_import`] laid them out for the engine. Table and column names come from this crate's
/// constants, never from input.
async fn write_rows(
    tx: &mut Tx,
    table: &str,
    columns: &[&str],
    rows: &Rows,
) -> Result<(), StoreError> {
    match (tx, rows) {
        (_, Rows::Values(rows)) if rows.is_empty() => {}
        (_, Rows::Copy(data)) if data.is_empty() => {}
        (Tx::Postgres(t), Rows::Copy(data)) => {
            let statement = format!("COPY {table} ({}) FROM STDIN", columns.join(", "));
            let mut copy = t.copy_in_raw(&statement).await?;
            match copy.send(data.as_slice()).await {
                Ok(_) => {
                    copy.finish().await?;
                }
                Err(e) => {
                    copy.abort("the load stopped").await?;
                    return Err(e.into());
                }
            }
        }
        (Tx::Sqlite(_), Rows::Copy(_)) | (Tx::Postgres(_), Rows::Values(_)) => {
            return Err(StoreError::Unsupported(
                "rows laid out for one database engine cannot be written to the other",
            ));
        }
        (tx @ Tx::Sqlite(_), Rows::Values(rows)) => {
            let head = format!("INSERT INTO {table} ({}) ", columns.join(", "));
            let per_insert = (ROWS_PER_INSERT * 11 / columns.len()).max(1);
            for block in rows.chunks(per_insert) {
                on_tx!(tx, |c| {
                    let mut q = sqlx::QueryBuilder::new(head.clone());
                    q.push_values(block, |mut b, row| {
                        for v in row {
                            bind_val!(b, v);
                        }
                    });
                    q.build()
                        .persistent(false)
                        .execute(&mut *c)
                        .await
                        .map(|r| r.rows_affected())
                })?;
            }
        }
    }
    Ok(())
}

/// One row in `COPY`'s text format: tab-separated, `\N` for null, and
/// backslash, tab, newline and carriage return escaped.
fn copy_line(out: &mut Vec<u8>, row: &[Val]) {
    for (i, v) in row.iter().enumerate() {
        if i > 0 {
            out.push(b'\t');
        }
        match v {
            Val::Int(Some(n)) => out.extend_from_slice(n.to_string().as_bytes()),
            Val::Text(Some(s)) => {
                for b in s.bytes() {
                    match b {
                        b'\\' => out.extend_from_slice(b"\\\\"),
                        b'\t' => out.extend_from_slice(b"\\t"),
                        b'\n' => out.extend_from_slice(b"\\n"),
                        b'\r' => out.extend_from_slice(b"\\r"),
                        _ => out.push(b),
                    }
                }
            }
            Val::Date(Some(d)) => out.extend_from_slice(d.to_string().as_bytes()),
            Val::Bool(b) => out.push(if *b { b't' } else { b'f' }),
            Val::Timestamp(t) => out.extend_from_slice(t.to_string().as_bytes()),
            Val::Int(None) | Val::Text(None) | Val::Date(None) => out.extend_from_slice(b"\\N"),
        }
    }
    out.push(b'\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_text_escapes_what_would_end_a_field_or_a_row() {
        let mut out = Vec::new();
        copy_line(
            &mut out,
            &[
                Val::Int(Some(7)),
                Val::Text(Some("a\\b\tc\nd\re \"q\"".into())),
                Val::Text(None),
                Val::Bool(true),
                Val::Date(Some(jiff::civil::date(2025, 3, 1))),
            ],
        );
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "7\ta\\\\b\\tc\\nd\\re \"q\"\t\\N\tt\t2025-03-01\n"
        );
    }
}
