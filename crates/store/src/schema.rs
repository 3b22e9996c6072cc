//! The schema as the database reports it, to compare the two engines.

use sqlx::Row;

use crate::{Db, StoreError};

/// One column: table, name, and whether it may be null.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Column {
    pub table: String,
    pub name: String,
    pub nullable: bool,
}

impl Db {
    /// Every column of Hearth's tables (not the migration bookkeeping, nor
    /// SQLite's full-text index and its shadow tables, which PostgreSQL
    /// keeps as an index).
    pub async fn columns(&self) -> Result<Vec<Column>, StoreError> {
        let mut out = match self {
            Db::Sqlite { read, .. } => {
                const SQL: &str = "SELECT m.name AS tbl, p.name AS col, p.\"notnull\" AS not_null, p.pk AS pk
                    FROM sqlite_schema m JOIN pragma_table_info(m.name) p
                    WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '_sqlx_%'
                        AND m.name IN (SELECT name FROM pragma_table_list WHERE type = 'table')";
                let rows = sqlx::query(SQL).fetch_all(read).await?;
                rows.iter()
                    .map(|r| {
                        let not_null: i64 = r.try_get("not_null")?;
                        let pk: i64 = r.try_get("pk")?;
                        Ok(Column {
                            table: r.try_get("tbl")?,
                            name: r.try_get("col")?,
                            // SQLite lets a non-integer primary key column hold
                            // NULL unless declared NOT NULL; PostgreSQL never does.
                            nullable: not_null == 0 && pk == 0,
                        })
                    })
                    .collect::<Result<Vec<_>, StoreError>>()?
            }
            Db::Postgres(pool) => {
                const SQL: &str = "SELECT table_name::text AS tbl, column_name::text AS col, is_nullable::text AS nullable
                    FROM information_schema.columns
                    WHERE table_schema = current_schema() AND table_name NOT LIKE '\\_sqlx\\_%'";
                let rows = sqlx::query(SQL).fetch_all(pool).await?;
                rows.iter()
                    .map(|r| {
                        Ok(Column {
                            table: r.try_get("tbl")?,
                            name: r.try_get("col")?,
                            nullable: r.try_get::<String, _>("nullable")? == "YES",
                        })
                    })
                    .collect::<Result<Vec<_>, StoreError>>()?
            }
        };
        out.sort();
        Ok(out)
    }
}
