//! What administrators put in force: bank-holiday lists (the list in force
//! is the one shipped with Hearth, extended by the newest import) and local
//! timescale policies (the newest is in force). The app layer builds them
//! from the text kept here; every version is kept.

use sqlx::Row;

use crate::{Db, StoreError, Tx, UserId, micros, on_read, on_tx};

/// An imported list, without its body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankHolidayList {
    pub id: i64,
    pub sha256: String,
    pub covers_from: jiff::civil::Date,
    pub covers_to: jiff::civil::Date,
    pub imported_by: UserId,
    pub imported_at: jiff::Timestamp,
}

/// What an import records.
pub struct NewBankHolidayList<'a> {
    /// The file as given (GOV.UK's JSON).
    pub body: &'a str,
    pub sha256: &'a str,
    pub covers_from: jiff::civil::Date,
    pub covers_to: jiff::civil::Date,
    pub imported_by: UserId,
    pub imported_at: jiff::Timestamp,
}

impl Db {
    /// Keeps an imported list; it is the newest from now on.
    pub async fn add_bank_holiday_list(
        &self,
        tx: &mut Tx,
        list: &NewBankHolidayList<'_>,
    ) -> Result<i64, StoreError> {
        const SQL: &str = "INSERT INTO bank_holiday_list
                (body, sha256, covers_from, covers_to, imported_by, imported_at)
            VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
        let id = on_tx!(tx, |c| sqlx::query(SQL)
            .bind(list.body)
            .bind(list.sha256)
            .bind(jiff_sqlx::Date::from(list.covers_from))
            .bind(jiff_sqlx::Date::from(list.covers_to))
            .bind(list.imported_by.0)
            .bind(jiff_sqlx::Timestamp::from(micros(list.imported_at)))
            .fetch_one(c)
            .await
            .and_then(|r| r.try_get::<i64, _>(0)))?;
        Ok(id)
    }

    /// The newest imported list's body, if any list was imported.
    pub async fn newest_bank_holiday_list(&self) -> Result<Option<String>, StoreError> {
        const SQL: &str = "SELECT body FROM bank_holiday_list ORDER BY id DESC LIMIT 1";
        let body: Option<String> =
            on_read!(self, |p| sqlx::query_scalar(SQL).fetch_optional(p).await)?;
        Ok(body)
    }

    /// Every import, newest first.
    pub async fn bank_holiday_lists(&self) -> Result<Vec<BankHolidayList>, StoreError> {
        const SQL: &str = "SELECT id, sha256, covers_from, covers_to, imported_by, imported_at
            FROM bank_holiday_list ORDER BY id DESC";
        on_read!(self, |p| {
            let rows = sqlx::query(SQL).fetch_all(p).await?;
            rows.iter()
                .map(|r| {
                    Ok(BankHolidayList {
                        id: r.try_get("id")?,
                        sha256: r.try_get("sha256")?,
                        covers_from: r.try_get::<jiff_sqlx::Date, _>("covers_from")?.to_jiff(),
                        covers_to: r.try_get::<jiff_sqlx::Date, _>("covers_to")?.to_jiff(),
                        imported_by: UserId(r.try_get("imported_by")?),
                        imported_at: r
                            .try_get::<jiff_sqlx::Timestamp, _>("imported_at")?
                            .to_jiff(),
                    })
                })
                .collect()
        })
    }
}

/// A saved local timescale policy, without its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedPolicy {
    pub id: i64,
    pub sha256: String,
    pub saved_by: UserId,
    pub saved_at: jiff::Timestamp,
}

impl Db {
    /// Keeps a local timescale policy (TOML); it is in force from now on.
    pub async fn add_timescale_policy(
        &self,
        tx: &mut Tx,
        body: &str,
        sha256: &str,
        by: UserId,
        at: jiff::Timestamp,
    ) -> Result<i64, StoreError> {
        const SQL: &str = "INSERT INTO timescale_policy (body, sha256, saved_by, saved_at)
            VALUES ($1, $2, $3, $4) RETURNING id";
        let id = on_tx!(tx, |c| sqlx::query(SQL)
            .bind(body)
            .bind(sha256)
            .bind(by.0)
            .bind(jiff_sqlx::Timestamp::from(micros(at)))
            .fetch_one(c)
            .await
            .and_then(|r| r.try_get::<i64, _>(0)))?;
        Ok(id)
    }

    /// The newest saved policy's text, if one was saved.
    pub async fn newest_timescale_policy(&self) -> Result<Option<String>, StoreError> {
        const SQL: &str = "SELECT body FROM timescale_policy ORDER BY id DESC LIMIT 1";
        let body: Option<String> =
            on_read!(self, |p| sqlx::query_scalar(SQL).fetch_optional(p).await)?;
        Ok(body)
    }

    /// Every saved policy, newest first.
    pub async fn timescale_policies(&self) -> Result<Vec<SavedPolicy>, StoreError> {
        const SQL: &str =
            "SELECT id, sha256, saved_by, saved_at FROM timescale_policy ORDER BY id DESC";
        on_read!(self, |p| {
            let rows = sqlx::query(SQL).fetch_all(p).await?;
            rows.iter()
                .map(|r| {
                    Ok(SavedPolicy {
                        id: r.try_get("id")?,
                        sha256: r.try_get("sha256")?,
                        saved_by: UserId(r.try_get("saved_by")?),
                        saved_at: r.try_get::<jiff_sqlx::Timestamp, _>("saved_at")?.to_jiff(),
                    })
                })
                .collect()
        })
    }
}
