//! `hearth migrate`, `hearth rebuild`, `hearth backup`: the store's commands.

use std::path::PathBuf;

use hearth_store::Db;

use crate::{Failure, calendar};

/// Where the database is: a SQLite file, or `postgres://...`.
#[derive(clap::Args, Clone)]
pub struct Target {
    /// A SQLite file, or a postgres:// address.
    #[arg(
        long,
        env = "HEARTH_DATABASE_URL",
        default_value = "hearth.db",
        value_name = "PATH|URL"
    )]
    pub db: String,
}

impl Target {
    pub fn url(&self) -> String {
        if self.db.starts_with("postgres://")
            || self.db.starts_with("postgresql://")
            || self.db.starts_with("sqlite:")
        {
            self.db.clone()
        } else {
            format!("sqlite:{}", self.db)
        }
    }

    /// Opens the database and brings its schema up to date.
    pub async fn open(&self) -> Result<Db, Failure> {
        let db = Db::open(&self.url())
            .await
            .map_err(|e| Failure(format!("{}: {e}", self.db)))?;
        db.migrate()
            .await
            .map_err(|e| Failure(format!("{}: {e}", self.db)))?;
        Ok(db)
    }
}

pub fn runtime() -> Result<tokio::runtime::Runtime, Failure> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(Failure::from)
}

pub fn migrate(target: &Target) -> Result<(), Failure> {
    runtime()?.block_on(async {
        let db = target.open().await?;
        db.close().await;
        eprintln!("{}: schema is up to date", target.db);
        Ok(())
    })
}

pub fn rebuild(
    target: &Target,
    policy: Option<&PathBuf>,
    holidays: Option<&PathBuf>,
) -> Result<(), Failure> {
    let given_policy = policy
        .map(|p| crate::obligations::read_policy(Some(p)))
        .transpose()?;
    let given_calendar = holidays.map(|h| calendar(Some(h))).transpose()?;
    runtime()?.block_on(async {
        let db = target.open().await?;
        // Without --policy or --holidays: what the server uses (the policy
        // and the bank-holiday list an administrator last put in force).
        let policy = match given_policy {
            Some(p) => p,
            None => hearth_app::policy_in_force(&db).await?,
        };
        let cal = match given_calendar {
            Some(cal) => cal,
            None => hearth_app::calendar_in_force(&db).await?,
        };
        let bar = indicatif::ProgressBar::new(0).with_style(
            indicatif::ProgressStyle::with_template(
                "rebuilding {bar:40} {pos}/{len} children ({eta} left)",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        let total = db
            .rebuild(&cal, &policy, jiff::Timestamp::now(), |done, total| {
                bar.set_length(total as u64);
                bar.set_position(done as u64);
            })
            .await
            .map_err(Failure::from)?;
        bar.finish_and_clear();
        eprintln!("rebuilt the derived rows of {total} children");
        // Clocks past the calendar's end are kept without a date: name the
        // list that ran out, and each clock by child, event and id.
        let beyond = db.clocks_beyond_calendar().await?;
        if !beyond.is_empty() {
            let list = match holidays {
                Some(path) => path.display().to_string(),
                None => "the bank holidays in force (the list shipped with Hearth, and any imported at /admin)".to_owned(),
            };
            for b in &beyond {
                eprintln!(
                    "child {}: event {} starts the {} clock, which runs beyond the calendar",
                    b.child.0, b.start_event, b.rule
                );
            }
            eprintln!(
                "{} clocks run beyond the calendar: {list} knows bank holidays only to {}; import the new bank holidays and rebuild",
                beyond.len(),
                cal.last()
            );
        }
        db.close().await;
        Ok(())
    })
}

pub fn backup(target: &Target, to: &std::path::Path) -> Result<(), Failure> {
    if to.exists() {
        return Err(Failure(format!(
            "{}: already exists; choose a new file for the backup",
            to.display()
        )));
    }
    runtime()?.block_on(async {
        let db = target.open().await?;
        db.backup(to)
            .await
            .map_err(|e| Failure(format!("backup to {}: {e}", to.display())))?;
        db.close().await;
        eprintln!("backed up {} to {}", target.db, to.display());
        Ok(())
    })
}
