//! Ofsted's list of registered providers, as imported: kept as the list's
//! JSON (the returns crate reads it), every import kept, the newest in
//! force (migration 0019).

use sqlx::Row;

use crate::{Db, StoreError, Tx, UserId, micros, on_read, on_tx};

/// What an import records.
pub struct NewProviderList<'a> {
    /// The list as JSON.
    pub body: &'a str,
    /// The workbook's SHA-256.
    pub sha256: &'a str,
    pub providers: i64,
    /// None when imported from the command line.
    pub imported_by: Option<UserId>,
    pub imported_at: jiff::Timestamp,
}

/// The list in force, without its body's parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderList {
    pub body: String,
    pub sha256: String,
    pub providers: i64,
    pub imported_at: jiff::Timestamp,
}

impl Db {
    /// Keeps an imported list; it is the one in force from now on.
    pub async fn add_ofsted_provider_list(
        &self,
        tx: &mut Tx,
        list: &NewProviderList<'_>,
    ) -> Result<i64, StoreError> {
        const SQL: &str = "INSERT INTO ofsted_provider_list
                (body, sha256, providers, imported_by, imported_at)
            VALUES ($1, $2, $3, $4, $5) RETURNING id";
        let id = on_tx!(tx, |c| sqlx::query(SQL)
            .bind(list.body)
            .bind(list.sha256)
            .bind(list.providers)
            .bind(list.imported_by.map(|u| u.0))
            .bind(jiff_sqlx::Timestamp::from(micros(list.imported_at)))
            .fetch_one(c)
            .await
            .and_then(|r| r.try_get::<i64, _>(0)))?;
        Ok(id)
    }

    /// The newest imported list's count of providers and when it was
    /// kept, without its body (for a page that only says which is in
    /// force).
    pub async fn ofsted_provider_list_kept(
        &self,
    ) -> Result<Option<(i64, jiff::Timestamp)>, StoreError> {
        const SQL: &str = "SELECT providers, imported_at
            FROM ofsted_provider_list ORDER BY id DESC LIMIT 1";
        let kept = on_read!(self, |p| match sqlx::query(SQL).fetch_optional(p).await? {
            Some(r) => Some((
                r.try_get::<i64, _>("providers")?,
                r.try_get::<jiff_sqlx::Timestamp, _>("imported_at")?
                    .to_jiff(),
            )),
            None => None,
        });
        Ok(kept)
    }

    /// The newest imported list, if any was imported.
    pub async fn ofsted_provider_list(&self) -> Result<Option<ProviderList>, StoreError> {
        const SQL: &str = "SELECT body, sha256, providers, imported_at
            FROM ofsted_provider_list ORDER BY id DESC LIMIT 1";
        macro_rules! list {
            ($r:expr) => {
                ProviderList {
                    body: $r.try_get("body")?,
                    sha256: $r.try_get("sha256")?,
                    providers: $r.try_get("providers")?,
                    imported_at: $r
                        .try_get::<jiff_sqlx::Timestamp, _>("imported_at")?
                        .to_jiff(),
                }
            };
        }
        let list = on_read!(self, |p| match sqlx::query(SQL).fetch_optional(p).await? {
            Some(r) => Some(list!(r)),
            None => None,
        });
        Ok(list)
    }
}
