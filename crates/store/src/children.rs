//! Children: identity details as an ordinary row, every change to them
//! kept with its old and new value.

pub use hearth_domain::access::Restriction;
use hearth_domain::codes::{Ethnicity, Sex};
use hearth_domain::ids::{LaChildId, NhsNumber, Postcode, Upn};
use jiff::civil::Date;
use sqlx::Row;

use crate::{Db, StoreError, Tx, UserId, micros, on_read, on_tx};

pub use hearth_domain::keys::ChildId;

/// A child's identity details.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewChild {
    pub la_child_id: LaChildId,
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: Option<Date>,
    pub sex: Option<Sex>,
    pub ethnicity: Option<Ethnicity>,
    pub upn: Option<Upn>,
    pub nhs_number: Option<NhsNumber>,
    pub postcode: Option<Postcode>,
    pub restricted: Option<Restriction>,
}

impl NewChild {
    /// A child known so far only by id and name; the other details are
    /// added as they are learned.
    pub fn new(
        la_child_id: LaChildId,
        given_name: impl Into<String>,
        family_name: impl Into<String>,
    ) -> Self {
        NewChild {
            la_child_id,
            given_name: given_name.into(),
            family_name: family_name.into(),
            date_of_birth: None,
            sex: None,
            ethnicity: None,
            upn: None,
            nhs_number: None,
            postcode: None,
            restricted: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Child {
    pub id: ChildId,
    pub details: NewChild,
}

pub(crate) fn corrupt(what: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("child {what}: {e}"))
}

/// A [`Child`] from a row carrying the `child` table's columns.
macro_rules! child_of {
    ($r:expr, $id:expr) => {{
        let r = &$r;
        let text = |col: &str| r.try_get::<Option<String>, _>(col);
        let details = $crate::children::NewChild {
            la_child_id: hearth_domain::ids::LaChildId::parse(
                &r.try_get::<String, _>("la_child_id")?,
            )
            .map_err(|e| $crate::children::corrupt("la_child_id", e))?,
            given_name: r.try_get("given_name")?,
            family_name: r.try_get("family_name")?,
            date_of_birth: r
                .try_get::<Option<jiff_sqlx::Date>, _>("date_of_birth")?
                .map(jiff_sqlx::Date::to_jiff),
            sex: text("sex")?
                .map(|s: String| hearth_domain::codes::Sex::from_code(&s))
                .transpose()
                .map_err(|e| $crate::children::corrupt("sex", e))?,
            ethnicity: text("ethnicity")?
                .map(|s: String| hearth_domain::codes::Ethnicity::from_code(&s))
                .transpose()
                .map_err(|e| $crate::children::corrupt("ethnicity", e))?,
            upn: text("upn")?
                .map(|s: String| hearth_domain::ids::Upn::parse(&s))
                .transpose()
                .map_err(|e| $crate::children::corrupt("upn", e))?,
            nhs_number: text("nhs_number")?
                .map(|s: String| hearth_domain::ids::NhsNumber::parse(&s))
                .transpose()
                .map_err(|e| $crate::children::corrupt("nhs_number", e))?,
            postcode: text("postcode")?
                .map(|s: String| hearth_domain::ids::Postcode::parse(&s))
                .transpose()
                .map_err(|e| $crate::children::corrupt("postcode", e))?,
            restricted: text("restricted")?
                .map(|s: String| {
                    $crate::children::Restriction::parse(&s)
                        .ok_or_else(|| $crate::children::corrupt("restricted", s))
                })
                .transpose()?,
        };
        $crate::children::Child { id: $id, details }
    }};
}
pub(crate) use child_of;

impl Db {
    pub async fn create_child(
        &self,
        tx: &mut Tx,
        child: &NewChild,
        at: jiff::Timestamp,
    ) -> Result<ChildId, StoreError> {
        const SQL: &str = "INSERT INTO child (la_child_id, given_name, family_name, date_of_birth, sex, ethnicity,
                upn, nhs_number, postcode, restricted, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id";
        let row = on_tx!(tx, |c| sqlx::query(SQL)
            .bind(child.la_child_id.as_str())
            .bind(&child.given_name)
            .bind(&child.family_name)
            .bind(child.date_of_birth.map(jiff_sqlx::Date::from))
            .bind(child.sex.map(|s| s.as_code()))
            .bind(child.ethnicity.map(|e| e.as_code()))
            .bind(child.upn.as_ref().map(|u| u.as_str()))
            .bind(child.nhs_number.as_ref().map(|n| n.as_str()))
            .bind(child.postcode.as_ref().map(|p| p.as_str()))
            .bind(child.restricted.map(Restriction::as_str))
            .bind(jiff_sqlx::Timestamp::from(micros(at)))
            .fetch_one(c)
            .await
            .and_then(|r| r.try_get::<i64, _>(0)))?;
        Ok(ChildId(row))
    }

    /// The record with this LA child id, if there is one. Who may know of
    /// it is the caller's to decide.
    pub async fn child_by_la_child_id(
        &self,
        la_child_id: &str,
    ) -> Result<Option<ChildId>, StoreError> {
        const SQL: &str = "SELECT id FROM child WHERE la_child_id = $1";
        let id: Option<i64> = on_read!(self, |p| sqlx::query_scalar(SQL)
            .bind(la_child_id)
            .fetch_optional(p)
            .await)?;
        Ok(id.map(ChildId))
    }

    /// The record with this LA child id as a person types it: trimmed, and
    /// in any case (LA child ids are ASCII letters and digits, CIN rule
    /// 1580). An exact match wins; otherwise the one record whose id
    /// differs only in case, if only one does. Who may know of it is the
    /// caller's to decide.
    pub async fn child_by_la_child_id_any_case(
        &self,
        la_child_id: &str,
    ) -> Result<Option<ChildId>, StoreError> {
        let typed = la_child_id.trim();
        if typed.is_empty() {
            return Ok(None);
        }
        if let Some(exact) = self.child_by_la_child_id(typed).await? {
            return Ok(Some(exact));
        }
        const SQL: &str = "SELECT id FROM child WHERE LOWER(la_child_id) = LOWER($1) LIMIT 2";
        let ids: Vec<i64> = on_read!(self, |p| sqlx::query_scalar(SQL)
            .bind(typed)
            .fetch_all(p)
            .await)?;
        Ok(match ids.as_slice() {
            [one] => Some(ChildId(*one)),
            _ => None,
        })
    }

    pub async fn child(&self, id: &crate::Authorised) -> Result<Option<Child>, StoreError> {
        let id = id.child();
        const SQL: &str =
            "SELECT id, la_child_id, given_name, family_name, date_of_birth, sex, ethnicity,
                upn, nhs_number, postcode, restricted FROM child WHERE id = $1";
        on_read!(self, |p| {
            let Some(r) = sqlx::query(SQL).bind(id.0).fetch_optional(p).await? else {
                return Ok(None);
            };
            Ok(Some(child_of!(r, id)))
        })
    }

    /// The child's identity details and summary row together, in one
    /// round trip (the child page).
    pub async fn child_and_summary(
        &self,
        id: &crate::Authorised,
    ) -> Result<Option<(Child, Option<crate::Summary>)>, StoreError> {
        let id = id.child();
        const SQL: &str =
            "SELECT c.id, c.la_child_id, c.given_name, c.family_name, c.date_of_birth, c.sex, c.ethnicity,
                c.upn, c.nhs_number, c.postcode, c.restricted, s.status, s.legal_status, s.placement_type,
                s.cp_category, s.allocated_worker, s.allocated_team, s.care_leaver, s.events
            FROM child c LEFT JOIN child_summary s ON s.child_id = c.id WHERE c.id = $1";
        on_read!(self, |p| {
            let Some(r) = sqlx::query(SQL).bind(id.0).fetch_optional(p).await? else {
                return Ok(None);
            };
            let child = child_of!(r, id);
            let summary = match r.try_get::<Option<String>, _>("status")? {
                None => None,
                Some(status) => Some(crate::Summary {
                    status,
                    legal_status: r.try_get("legal_status")?,
                    placement_type: r.try_get("placement_type")?,
                    cp_category: r.try_get("cp_category")?,
                    allocated_worker: r.try_get("allocated_worker")?,
                    allocated_team: r.try_get("allocated_team")?,
                    care_leaver: r.try_get("care_leaver")?,
                    events: r.try_get("events")?,
                }),
            };
            Ok(Some((child, summary)))
        })
    }

    /// Changes one identity field, keeping the old and new values. `field`
    /// is a column of `child`; `value` is already validated by the caller.
    pub async fn change_identity(
        &self,
        tx: &mut Tx,
        child: ChildId,
        field: IdentityField,
        value: Option<&str>,
        by: UserId,
        at: jiff::Timestamp,
    ) -> Result<(), StoreError> {
        let column = field.column();
        // The column name comes from a closed enum, never from input.
        let read = format!("SELECT {column} FROM child WHERE id = $1");
        let write = format!("UPDATE child SET {column} = $1 WHERE id = $2");
        const HISTORY: &str = "INSERT INTO child_identity_change (child_id, field, old_value, new_value, changed_by, changed_at)
            VALUES ($1, $2, $3, $4, $5, $6)";
        let old: Option<String> = match tx {
            Tx::Sqlite(t) => {
                sqlx::query_scalar(sqlx::AssertSqlSafe(read))
                    .bind(child.0)
                    .fetch_one(&mut **t)
                    .await?
            }
            // PostgreSQL's date column reads back as text for the history.
            Tx::Postgres(t) => {
                let read = format!("SELECT {column}::text FROM child WHERE id = $1");
                sqlx::query_scalar(sqlx::AssertSqlSafe(read))
                    .bind(child.0)
                    .fetch_one(&mut **t)
                    .await?
            }
        };
        match (tx as &mut Tx, field) {
            (Tx::Postgres(t), IdentityField::DateOfBirth) => {
                let date = value
                    .map(|v| v.parse::<Date>())
                    .transpose()
                    .map_err(|e| corrupt("date_of_birth", e))?;
                sqlx::query(sqlx::AssertSqlSafe(write))
                    .bind(date.map(jiff_sqlx::Date::from))
                    .bind(child.0)
                    .execute(&mut **t)
                    .await?;
            }
            (tx, _) => {
                on_tx!(tx, |c| sqlx::query(sqlx::AssertSqlSafe(write.clone()))
                    .bind(value)
                    .bind(child.0)
                    .execute(c)
                    .await
                    .map(|_| ()))?;
            }
        }
        on_tx!(tx, |c| sqlx::query(HISTORY)
            .bind(child.0)
            .bind(column)
            .bind(old.as_deref())
            .bind(value)
            .bind(by.0)
            .bind(jiff_sqlx::Timestamp::from(micros(at)))
            .execute(c)
            .await
            .map(|_| ()))?;
        Ok(())
    }

    /// The history of a child's identity details, oldest first:
    /// (field, old value, new value, changed by).
    pub async fn identity_history(
        &self,
        child: ChildId,
    ) -> Result<Vec<(String, Option<String>, Option<String>, Option<UserId>)>, StoreError> {
        const SQL: &str =
            "SELECT field, old_value, new_value, changed_by FROM child_identity_change
            WHERE child_id = $1 ORDER BY id";
        on_read!(self, |p| {
            let rows = sqlx::query(SQL).bind(child.0).fetch_all(p).await?;
            rows.iter()
                .map(|r| {
                    Ok((
                        r.try_get("field")?,
                        r.try_get("old_value")?,
                        r.try_get("new_value")?,
                        r.try_get::<Option<i64>, _>("changed_by")?.map(UserId),
                    ))
                })
                .collect()
        })
    }
}

/// The identity fields that can change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdentityField {
    GivenName,
    FamilyName,
    DateOfBirth,
    Sex,
    Ethnicity,
    Upn,
    NhsNumber,
    Postcode,
}

impl IdentityField {
    pub fn column(self) -> &'static str {
        match self {
            IdentityField::GivenName => "given_name",
            IdentityField::FamilyName => "family_name",
            IdentityField::DateOfBirth => "date_of_birth",
            IdentityField::Sex => "sex",
            IdentityField::Ethnicity => "ethnicity",
            IdentityField::Upn => "upn",
            IdentityField::NhsNumber => "nhs_number",
            IdentityField::Postcode => "postcode",
        }
    }
}
