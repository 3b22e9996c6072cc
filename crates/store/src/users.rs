//! Teams and users.

use sqlx::Row;

pub use hearth_domain::access::Role;

use crate::{Db, StoreError, Tx, micros, on_tx};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UserId(pub i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TeamId(pub i64);

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
