//! The actions agreed in workers' write-ups, as their owners' work pages
//! read them: open actions only, on children the owner may open now.

use hearth_domain::access::Actor;
use sqlx::Row;

use crate::{ChildId, Db, StoreError, micros, on_read};

/// An open action on a child the owner may open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenAction {
    pub child: ChildId,
    pub la_child_id: String,
    pub name: String,
    /// The event that agreed it.
    pub event: i64,
    pub agreed_on: jiff::civil::Date,
    pub due: jiff::civil::Date,
    pub what: String,
}

impl OpenAction {
    /// Overdue on `today`: due before it, and not done.
    pub fn overdue(&self, today: jiff::civil::Date) -> bool {
        self.due < today
    }
}

impl Db {
    /// The open actions `owner` holds, soonest due first (so the overdue
    /// come first), at most `limit`. Only children the owner may open now
    /// are included: the scope is in the query, as for a search
    /// ([`Db::search`]); an action whose owner has since lost the child
    /// waits until they have it again, or is reassigned by amendment.
    pub async fn open_actions(
        &self,
        owner: &Actor,
        now: jiff::Timestamp,
        limit: i64,
    ) -> Result<Vec<OpenAction>, StoreError> {
        let (scope, teams) = self.scope(owner, 6);
        let sql = format!(
            "SELECT c.id, c.la_child_id, c.given_name, c.family_name, a.event_id, a.agreed_on,
                a.due_date, a.what
            FROM agreed_action a JOIN child c ON c.id = a.child_id
            LEFT JOIN child_summary s ON s.child_id = c.id
            WHERE a.owner = $1 AND a.done_on IS NULL AND {scope}
            ORDER BY a.due_date, c.id, a.seq LIMIT $2"
        );
        on_read!(self, |p| {
            let q = sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
                .bind(owner.user.0)
                .bind(limit)
                .bind(owner.user.0)
                .bind(jiff_sqlx::Timestamp::from(micros(now)))
                .bind(owner.user.0.to_string());
            let q = if teams.is_empty() {
                q
            } else {
                q.bind(serde_json::to_string(&teams).unwrap_or_default())
            };
            let rows = q.fetch_all(p).await?;
            rows.iter()
                .map(|r| {
                    let given: String = r.try_get("given_name")?;
                    let family: String = r.try_get("family_name")?;
                    Ok(OpenAction {
                        child: ChildId(r.try_get("id")?),
                        la_child_id: r.try_get("la_child_id")?,
                        name: format!("{given} {family}"),
                        event: r.try_get("event_id")?,
                        agreed_on: r.try_get::<jiff_sqlx::Date, _>("agreed_on")?.to_jiff(),
                        due: r.try_get::<jiff_sqlx::Date, _>("due_date")?.to_jiff(),
                        what: r.try_get("what")?,
                    })
                })
                .collect()
        })
    }
}
