//! Teams and users.

use sqlx::Row;

use crate::{Db, StoreError, Tx, micros, on_tx};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UserId(pub i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TeamId(pub i64);

/// A user's role: it grants verbs; relationships (allocation, team,
/// management line, explicit grant) set their scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    SocialWorker,
    TeamManager,
    ServiceManager,
    Iro,
    PerformanceAnalyst,
    BusinessSupport,
    SystemAdministrator,
    Auditor,
}

impl Role {
    pub const ALL: [Role; 8] = [
        Role::SocialWorker,
        Role::TeamManager,
        Role::ServiceManager,
        Role::Iro,
        Role::PerformanceAnalyst,
        Role::BusinessSupport,
        Role::SystemAdministrator,
        Role::Auditor,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::SocialWorker => "social_worker",
            Role::TeamManager => "team_manager",
            Role::ServiceManager => "service_manager",
            Role::Iro => "iro",
            Role::PerformanceAnalyst => "performance_analyst",
            Role::BusinessSupport => "business_support",
            Role::SystemAdministrator => "system_administrator",
            Role::Auditor => "auditor",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

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
