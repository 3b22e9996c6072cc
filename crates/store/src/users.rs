//! Teams and users.

use sqlx::Row;

pub use hearth_domain::access::Role;

use crate::{Db, StoreError, Tx, micros, on_tx};

pub use hearth_domain::ids::SweNumber;
pub use hearth_domain::keys::{TeamId, UserId};

pub struct NewUser<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub role: Role,
    pub team: Option<TeamId>,
    pub manager: Option<UserId>,
    pub password_hash: Option<&'a str>,
}

impl Db {
    pub async fn create_team(
        &self,
        tx: &mut Tx,
        name: &str,
        kind: &str,
    ) -> Result<TeamId, StoreError> {
        const SQL: &str = "INSERT INTO team (name, kind) VALUES ($1, $2) RETURNING id";
        let row = on_tx!(tx, |c| sqlx::query(SQL)
            .bind(name)
            .bind(kind)
            .fetch_one(c)
            .await
            .and_then(|r| r.try_get::<i64, _>(0)))?;
        Ok(TeamId(row))
    }

    pub async fn create_user(
        &self,
        tx: &mut Tx,
        user: &NewUser<'_>,
        at: jiff::Timestamp,
    ) -> Result<UserId, StoreError> {
        const SQL: &str = "INSERT INTO app_user (username, display_name, role, team_id, manager_id, password_hash, active, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
        let row = on_tx!(tx, |c| sqlx::query(SQL)
            .bind(user.username)
            .bind(user.display_name)
            .bind(user.role.as_str())
            .bind(user.team.map(|t| t.0))
            .bind(user.manager.map(|m| m.0))
            .bind(user.password_hash)
            .bind(true)
            .bind(jiff_sqlx::Timestamp::from(micros(at)))
            .fetch_one(c)
            .await
            .and_then(|r| r.try_get::<i64, _>(0)))?;
        Ok(UserId(row))
    }
}

impl Db {
    pub async fn team_by_name(&self, name: &str) -> Result<Option<TeamId>, StoreError> {
        const SQL: &str = "SELECT id FROM team WHERE name = $1";
        let id: Option<i64> = crate::on_read!(self, |p| sqlx::query_scalar(SQL)
            .bind(name)
            .fetch_optional(p)
            .await)?;
        Ok(id.map(TeamId))
    }

    pub async fn user_by_username(&self, username: &str) -> Result<Option<UserId>, StoreError> {
        const SQL: &str = "SELECT id FROM app_user WHERE username = $1";
        let id: Option<i64> = crate::on_read!(self, |p| sqlx::query_scalar(SQL)
            .bind(username)
            .fetch_optional(p)
            .await)?;
        Ok(id.map(UserId))
    }
}

impl Db {
    /// The name other users see.
    pub async fn display_name(&self, user: UserId) -> Result<Option<String>, StoreError> {
        const SQL: &str = "SELECT display_name FROM app_user WHERE id = $1";
        let name: Option<String> = crate::on_read!(self, |p| sqlx::query_scalar(SQL)
            .bind(user.0)
            .fetch_optional(p)
            .await)?;
        Ok(name)
    }
}

impl Db {
    /// A team's name.
    pub async fn team_name(&self, team: TeamId) -> Result<Option<String>, StoreError> {
        const SQL: &str = "SELECT name FROM team WHERE id = $1";
        let name: Option<String> = crate::on_read!(self, |p| sqlx::query_scalar(SQL)
            .bind(team.0)
            .fetch_optional(p)
            .await)?;
        Ok(name)
    }
}

impl Db {
    /// The team a user belongs to.
    pub async fn user_team(&self, user: UserId) -> Result<Option<TeamId>, StoreError> {
        const SQL: &str = "SELECT team_id FROM app_user WHERE id = $1";
        let team: Option<Option<i64>> = crate::on_read!(self, |p| sqlx::query_scalar(SQL)
            .bind(user.0)
            .fetch_optional(p)
            .await)?;
        Ok(team.flatten().map(TeamId))
    }
}

/// A user as the administrator sees them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRow {
    pub id: UserId,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub team: Option<TeamId>,
    pub manager: Option<UserId>,
    pub active: bool,
    /// Their Social Work England registration number, if they have one.
    pub swe_number: Option<SweNumber>,
}

/// A team with how many users belong to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamRow {
    pub id: TeamId,
    pub name: String,
    pub kind: String,
    pub members: i64,
}

macro_rules! user_row {
    ($r:expr) => {{
        let role: String = $r.try_get("role")?;
        UserRow {
            id: UserId($r.try_get("id")?),
            username: $r.try_get("username")?,
            display_name: $r.try_get("display_name")?,
            role: Role::parse(&role)
                .ok_or_else(|| StoreError::Corrupt(format!("user role {role:?}")))?,
            team: $r.try_get::<Option<i64>, _>("team_id")?.map(TeamId),
            manager: $r.try_get::<Option<i64>, _>("manager_id")?.map(UserId),
            active: $r.try_get("active")?,
            swe_number: swe_number($r.try_get("swe_number")?)?,
        }
    }};
}

/// A stored registration number, checked again as it is read.
fn swe_number(text: Option<String>) -> Result<Option<SweNumber>, StoreError> {
    text.map(|t| {
        SweNumber::parse(&t)
            .map_err(|e| StoreError::Corrupt(format!("user's Social Work England number: {e}")))
    })
    .transpose()
}

const USER_COLUMNS: &str = "SELECT id, username, display_name, role, team_id, manager_id, active, swe_number FROM app_user";

impl Db {
    /// Every user, by name.
    pub async fn users(&self) -> Result<Vec<UserRow>, StoreError> {
        let sql = format!("{USER_COLUMNS} ORDER BY display_name, id");
        crate::on_read!(self, |p| {
            let rows = sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
                .fetch_all(p)
                .await?;
            rows.iter().map(|r| Ok(user_row!(r))).collect()
        })
    }

    /// One user.
    pub async fn user(&self, user: UserId) -> Result<Option<UserRow>, StoreError> {
        let sql = format!("{USER_COLUMNS} WHERE id = $1");
        crate::on_read!(self, |p| {
            let row = sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
                .bind(user.0)
                .fetch_optional(p)
                .await?;
            row.map(|r| Ok(user_row!(r))).transpose()
        })
    }

    /// Every team, by name, with its number of users.
    pub async fn teams(&self) -> Result<Vec<TeamRow>, StoreError> {
        const SQL: &str = "SELECT t.id, t.name, t.kind, COUNT(u.id) AS members
            FROM team t LEFT JOIN app_user u ON u.team_id = t.id
            GROUP BY t.id, t.name, t.kind ORDER BY t.name, t.id";
        crate::on_read!(self, |p| {
            let rows = sqlx::query(SQL).fetch_all(p).await?;
            rows.iter()
                .map(|r| {
                    Ok(TeamRow {
                        id: TeamId(r.try_get("id")?),
                        name: r.try_get("name")?,
                        kind: r.try_get("kind")?,
                        members: r.try_get("members")?,
                    })
                })
                .collect()
        })
    }

    /// Sets a user's role, team and line manager. False if there is no
    /// such user.
    pub async fn set_user_role_and_team(
        &self,
        tx: &mut Tx,
        user: UserId,
        role: Role,
        team: Option<TeamId>,
        manager: Option<UserId>,
    ) -> Result<bool, StoreError> {
        const SQL: &str =
            "UPDATE app_user SET role = $1, team_id = $2, manager_id = $3 WHERE id = $4";
        let done = on_tx!(tx, |c| sqlx::query(SQL)
            .bind(role.as_str())
            .bind(team.map(|t| t.0))
            .bind(manager.map(|m| m.0))
            .bind(user.0)
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(done == 1)
    }
}

impl Db {
    /// Sets (or, with `None`, clears) a user's Social Work England
    /// registration number. False if there is no such user.
    pub async fn set_swe_number(
        &self,
        tx: &mut Tx,
        user: UserId,
        number: Option<&SweNumber>,
    ) -> Result<bool, StoreError> {
        const SQL: &str = "UPDATE app_user SET swe_number = $1 WHERE id = $2";
        let done = on_tx!(tx, |c| sqlx::query(SQL)
            .bind(number.map(SweNumber::as_str))
            .bind(user.0)
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(done == 1)
    }

    /// Every user's Social Work England registration number, for the
    /// SSDA903 social worker episodes (`SW_ID`); users without one are left
    /// out.
    pub async fn swe_numbers(
        &self,
    ) -> Result<std::collections::HashMap<UserId, SweNumber>, StoreError> {
        const SQL: &str = "SELECT id, swe_number FROM app_user WHERE swe_number IS NOT NULL";
        let rows: Vec<(i64, Option<String>)> =
            crate::on_read!(self, |p| sqlx::query_as(SQL).fetch_all(p).await)?;
        let mut out = std::collections::HashMap::new();
        for (id, text) in rows {
            if let Some(n) = swe_number(text)? {
                out.insert(UserId(id), n);
            }
        }
        Ok(out)
    }
}

/// Numbers as a JSON array, bound as one value for SQLite's `json_each`.
pub(crate) fn id_json(ids: &[i64]) -> String {
    format!(
        "[{}]",
        ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
    )
}

/// A user's number, name, role and team from a row of either engine.
fn person_row<R: Row>(r: &R) -> Result<(i64, String, String, Option<String>), sqlx::Error>
where
    for<'a> i64: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> String: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> &'a str: sqlx::ColumnIndex<R>,
{
    Ok((
        r.try_get::<i64, _>("id")?,
        r.try_get::<String, _>("display_name")?,
        r.try_get::<String, _>("role")?,
        r.try_get::<Option<String>, _>("team")?,
    ))
}

impl Db {
    /// The people behind these user numbers, by name, role and team, for
    /// showing a record in words. Numbers with no user are left out.
    pub async fn people(
        &self,
        users: &[UserId],
    ) -> Result<std::collections::HashMap<UserId, crate::Person>, StoreError> {
        let mut out = std::collections::HashMap::new();
        if users.is_empty() {
            return Ok(out);
        }
        // One statement for any number of users (a list bound as one
        // value), so it is prepared once per connection, not once per list.
        let ids: Vec<i64> = users.iter().map(|u| u.0).collect();
        const HEAD: &str = "SELECT u.id, u.display_name, u.role, t.name AS team FROM app_user u
             LEFT JOIN team t ON t.id = u.team_id WHERE u.id";
        let rows = match self {
            Db::Sqlite { read, .. } => {
                let sql = format!("{HEAD} IN (SELECT value FROM json_each($1))");
                sqlx::query(sqlx::AssertSqlSafe(sql))
                    .bind(id_json(&ids))
                    .fetch_all(read)
                    .await
                    .map(|rows| rows.iter().map(person_row).collect::<Vec<_>>())?
            }
            Db::Postgres(pool) => {
                let sql = format!("{HEAD} = ANY($1)");
                sqlx::query(sqlx::AssertSqlSafe(sql))
                    .bind(&ids)
                    .fetch_all(pool)
                    .await
                    .map(|rows| rows.iter().map(person_row).collect::<Vec<_>>())?
            }
        };
        for row in rows {
            let (id, name, role, team) = row?;
            let role = Role::parse(&role)
                .ok_or_else(|| StoreError::Corrupt(format!("user role {role:?}")))?;
            out.insert(UserId(id), crate::Person { name, role, team });
        }
        Ok(out)
    }

    /// The names of these teams. Numbers with no team are left out.
    pub async fn team_names(
        &self,
        teams: &[TeamId],
    ) -> Result<std::collections::HashMap<TeamId, String>, StoreError> {
        if teams.is_empty() {
            return Ok(std::collections::HashMap::new());
        }
        let ids: Vec<i64> = teams.iter().map(|t| t.0).collect();
        let rows: Vec<(i64, String)> = match self {
            Db::Sqlite { read, .. } => {
                sqlx::query_as(
                    "SELECT id, name FROM team WHERE id IN (SELECT value FROM json_each($1))",
                )
                .bind(id_json(&ids))
                .fetch_all(read)
                .await?
            }
            Db::Postgres(pool) => {
                sqlx::query_as("SELECT id, name FROM team WHERE id = ANY($1)")
                    .bind(&ids)
                    .fetch_all(pool)
                    .await?
            }
        };
        Ok(rows.into_iter().map(|(id, n)| (TeamId(id), n)).collect())
    }
}
