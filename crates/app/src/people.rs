//! The people and teams a child's record names, so pages show a record in
//! words: "Dami Yates, social worker, Children looked after 1", never a
//! user's number.

use std::collections::HashMap;

use hearth_domain::events::Event;
use hearth_domain::keys::{TeamId, UserId};
use hearth_store::{Db, Person, StoreError};

/// A person as every page names them: "Dami Yates, social worker,
/// Children looked after 1" (no team, no third part).
pub fn described(name: &str, role: hearth_domain::access::Role, team: Option<&str>) -> String {
    match team {
        Some(team) => format!("{name}, {}, {team}", role.label()),
        None => format!("{name}, {}", role.label()),
    }
}

/// A person from the store, as [`described`].
pub fn person(p: &Person) -> String {
    described(&p.name, p.role, p.team.as_deref())
}

/// Names for the users and teams a record mentions.
#[derive(Debug, Clone, Default)]
pub struct People {
    users: HashMap<UserId, Person>,
    teams: HashMap<TeamId, String>,
}

impl People {
    /// Looks up everyone `events` name or were recorded by, and `more`.
    pub(crate) async fn named_in(
        db: &Db,
        events: &[Event],
        more: impl IntoIterator<Item = UserId>,
    ) -> Result<People, StoreError> {
        let mut users: Vec<UserId> = more.into_iter().collect();
        let mut teams: Vec<TeamId> = Vec::new();
        for e in events {
            users.extend(e.recorded_by.parse::<UserId>().ok());
            let (u, t) = e.event.names();
            users.extend(u);
            teams.extend(t);
        }
        users.sort_unstable();
        users.dedup();
        teams.sort_unstable();
        teams.dedup();
        Ok(People {
            users: db.people(&users).await?,
            teams: db.team_names(&teams).await?,
        })
    }

    /// The person: "Dami Yates, social worker, Children looked after 1".
    /// A number with no user (deleted, or never one) says so, without
    /// inventing a name.
    pub fn user(&self, user: UserId) -> String {
        self.users
            .get(&user)
            .map_or_else(|| format!("an unknown user (number {user})"), person)
    }

    /// The person's name alone.
    pub fn name(&self, user: UserId) -> String {
        self.users.get(&user).map_or_else(
            || format!("an unknown user (number {user})"),
            |p| p.name.clone(),
        )
    }

    /// The person's name, if they are a user.
    pub fn known_name(&self, user: UserId) -> Option<String> {
        self.users.get(&user).map(|p| p.name.clone())
    }

    /// Who recorded an event, from the ledger's `recorded_by`.
    pub fn recorder(&self, recorded_by: &str) -> String {
        match recorded_by.parse::<UserId>() {
            Ok(u) => self.name(u),
            // Events loaded from elsewhere may carry another kind of id.
            Err(_) => "an unknown user".to_owned(),
        }
    }

    /// The team's name.
    pub fn team(&self, team: TeamId) -> String {
        self.teams
            .get(&team)
            .cloned()
            .unwrap_or_else(|| format!("an unknown team (number {team})"))
    }
}
