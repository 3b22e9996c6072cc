//! Data quality for the statutory returns: the DfE's rules run on the
//! whole authority's CIN census and SSDA903, made from the record as they
//! would be sent, with every finding stored against its child so that
//! analysts see them by rule, managers by team and workers their own, each
//! opening the child's record. The child's page runs the same rules on the
//! child alone as facts are recorded; this is the whole return, including
//! the rules about the return as a whole. See `docs/data-quality.md`.

use std::collections::HashMap;

use hearth_domain::access::Role;
use hearth_returns::checks::{AuthorityChecks, AuthorityFindings, Return};
use hearth_returns::ssda903::rules::ProviderTable;
use hearth_returns::{ChildSource, CollectionYear, Severity};
pub use hearth_store::{
    ChildFindingRow, FindingFilter, GroupCount, ReturnCheck, ReturnFindingRow, RuleCount,
};
use hearth_store::{ChildId, Db, NewFinding, NewReturnCheck, Outcome, UserId};

use crate::{AppError, Ctx, audit};

/// The most findings about children listed on one page; the counts by
/// rule, team and worker cover them all.
pub const LISTED: usize = 500;

/// What one check of one year found, in numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    pub year: CollectionYear,
    pub check: i64,
    pub children: usize,
    pub in_cin: usize,
    pub in_ssda903: usize,
    pub findings: usize,
    pub unreadable: usize,
}

/// Runs the DfE rules on the whole authority's returns for each of
/// `years`, reading every ledger once, and stores each year's findings.
/// `by`: the analyst who asked, or None for the nightly run and the
/// command line. Reads every record without an access decision, as the
/// returns themselves do; what each reader then sees of the findings is
/// decided when they are read ([`report`]).
///
/// One check runs at a time on a database (a lease, migration 0018): one
/// asked for while another runs, from this server or another, is answered
/// [`AppError::Busy`] at once rather than repeating seconds of work.
pub async fn check_authority(
    db: &Db,
    years: &[CollectionYear],
    by: Option<UserId>,
    at: jiff::Timestamp,
) -> Result<Vec<Checked>, AppError> {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let holder = format!(
        "{}:{}:{}",
        std::process::id(),
        at.as_nanosecond(),
        NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    );
    let until = at + jiff::SignedDuration::from_mins(CHECK_LEASE_MINUTES);
    if !db.claim_return_check(&holder, at, until).await? {
        return Err(AppError::Busy(
            "A check of the whole authority's returns is already running. Its findings will be \
             on this page when it finishes, in a minute or so."
                .into(),
        ));
    }
    let checked = run_check(db, years, by, at).await;
    // Given back whatever the check's outcome; its own error comes first.
    let released = db.release_return_check(&holder).await;
    let checked = checked?;
    released?;
    Ok(checked)
}

/// Ofsted's list of registered providers as last imported, if one was.
async fn provider_list(db: &Db) -> Result<Option<ProviderTable>, AppError> {
    let Some(list) = db.ofsted_provider_list().await? else {
        return Ok(None);
    };
    let providers = ProviderTable::from_json(&list.body)
        .map_err(|e| AppError::Unexpected(format!("the stored list of Ofsted providers: {e}")))?;
    Ok(Some(providers))
}

/// Keeps Ofsted's list of registered children's social care providers
/// (read from its combined workbook, whose SHA-256 is `sha256`, as
/// `hearth validate ssda903 --providers` reads it): from now on the whole-authority check runs the SSDA903's rules on
/// each placement's URN (219, 221, 224, 227, 228, 1008) against it. `by`:
/// the user who imported it, or None for the command line. Audited with
/// the number of providers and the workbook's SHA-256, in the
/// transaction that keeps it. Returns how many providers it lists.
pub async fn import_providers(
    db: &Db,
    table: &ProviderTable,
    sha256: &str,
    by: Option<UserId>,
    at: jiff::Timestamp,
) -> Result<usize, AppError> {
    if table.is_empty() {
        return Err(AppError::Invalid(
            "Ofsted's list of providers lists no provider".into(),
        ));
    }
    let body = table
        .to_json()
        .map_err(|e| AppError::Unexpected(format!("the list of Ofsted providers: {e}")))?;
    let count = table.len();
    let detail = format!("{count} providers, workbook SHA-256 {sha256}");
    let mut tx = db.begin().await?;
    db.add_ofsted_provider_list(
        &mut tx,
        &hearth_store::NewProviderList {
            body: &body,
            sha256,
            providers: count as i64,
            imported_by: by,
            imported_at: at,
        },
    )
    .await?;
    db.audit(
        &mut tx,
        &hearth_store::AuditEntry {
            at,
            actor: by,
            action: "ofsted provider list imported",
            outcome: Outcome::Allowed,
            child: None,
            detail: Some(&detail),
            request_id: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(count)
}

/// A performance analyst's upload of Ofsted's combined workbook of
/// providers, kept as [`import_providers`] keeps it; anyone else is
/// refused (audited). What is wrong with a workbook is said by sheet, row
/// and column.
pub async fn upload_providers(ctx: &Ctx<'_>, workbook: &[u8]) -> Result<usize, AppError> {
    if !may_check(ctx.actor.role) {
        let mut tx = ctx.db().begin().await?;
        audit(
            ctx,
            &mut tx,
            "ofsted provider list imported",
            Outcome::Refused,
            None,
            None,
        )
        .await?;
        tx.commit().await?;
        return Err(AppError::Forbidden);
    }
    if workbook.is_empty() {
        return Err(AppError::Invalid(
            "file: choose Ofsted's list of providers (the .xlsx workbook)".into(),
        ));
    }
    let table = ProviderTable::from_xlsx(workbook)
        .map_err(|e| AppError::Invalid(format!("file: Ofsted's list of providers: {e}")))?;
    let sha256 = crate::attachments::sha256_hex(workbook);
    import_providers(ctx.db(), &table, &sha256, Some(ctx.user()), ctx.now()).await
}

/// The list of providers in force, for the page: how many, and when kept.
pub async fn providers_in_force(ctx: &Ctx<'_>) -> Result<Option<(i64, jiff::Timestamp)>, AppError> {
    Ok(ctx.db().ofsted_provider_list_kept().await?)
}

/// How long a check holds its lease at most: far longer than a county's
/// check takes (seconds), so only a server that stopped in the middle of
/// one leaves a lease to lapse.
const CHECK_LEASE_MINUTES: i64 = 10;

async fn run_check(
    db: &Db,
    years: &[CollectionYear],
    by: Option<UserId>,
    at: jiff::Timestamp,
) -> Result<Vec<Checked>, AppError> {
    let registrations = registrations(db).await?;
    let la_number = db
        .local_authority()
        .await?
        .and_then(|la| la.dfe_la_number)
        .unwrap_or(0);
    let providers = provider_list(db).await?;
    let mut checks: Vec<AuthorityChecks> = years
        .iter()
        .map(|y| {
            let check = AuthorityChecks::new(*y, registrations.clone());
            match &providers {
                Some(list) => check.with_providers(list.clone()),
                None => check,
            }
        })
        .collect();
    let mut ids: HashMap<String, ChildId> = HashMap::new();
    // Only the children the years' returns can hold.
    let population = match (years.iter().min(), years.iter().max()) {
        (Some(first), Some(last)) => hearth_store::Population::Returns {
            start: first.start(),
            end: last.reference_date(),
        },
        _ => hearth_store::Population::All,
    };
    db.for_each_ledger_of(&population, |child, events| {
        ids.insert(child.details.la_child_id.to_string(), child.id);
        let source = returns_source(child, events);
        for check in &mut checks {
            check.add(&source);
        }
    })
    .await?;
    // Running the rules is a few seconds of CPU for a county: off the
    // threads that answer requests.
    let found: Vec<(CollectionYear, AuthorityFindings)> = tokio::task::spawn_blocking(move || {
        checks
            .into_iter()
            .map(|c| (c.year(), c.finish(la_number)))
            .collect()
    })
    .await
    .map_err(|e| AppError::Unexpected(format!("checking the returns: {e}")))?;
    let mut out = Vec::new();
    for (year, found) in found {
        let findings = to_store(&found, &ids);
        let year_text = year.to_string();
        let check = db
            .store_return_check(&NewReturnCheck {
                collection_year: &year_text,
                checked_at: at,
                checked_by: by,
                children: found.children,
                in_cin: found.in_cin,
                in_ssda903: found.in_ssda903,
                unreadable: found.unreadable.len(),
                findings: &findings,
            })
            .await?;
        out.push(Checked {
            year,
            check,
            children: found.children,
            in_cin: found.in_cin,
            in_ssda903: found.in_ssda903,
            findings: findings.len(),
            unreadable: found.unreadable.len(),
        });
    }
    Ok(out)
}

/// Each worker's Social Work England registration number, for the
/// SSDA903's social worker episodes.
pub async fn registrations(
    db: &Db,
) -> Result<HashMap<UserId, hearth_domain::ids::SweNumber>, AppError> {
    Ok(db
        .users()
        .await?
        .into_iter()
        .filter_map(|u| u.swe_number.map(|n| (u.id, n)))
        .collect())
}

/// A child's details and ledger as the returns read them.
pub fn returns_source(
    child: hearth_store::Child,
    events: Vec<hearth_domain::events::Event>,
) -> ChildSource {
    let d = child.details;
    ChildSource {
        la_child_id: d.la_child_id,
        date_of_birth: d.date_of_birth,
        sex: d.sex,
        ethnicity: d.ethnicity,
        upn: d.upn,
        postcode: d.postcode,
        events,
    }
}

/// The findings as stored: each against the child it names (none for the
/// return as a whole), and a record that cannot be read as a return as a
/// finding of its own.
fn to_store(found: &AuthorityFindings, ids: &HashMap<String, ChildId>) -> Vec<NewFinding> {
    let mut out: Vec<NewFinding> = found
        .findings
        .iter()
        .map(|f| NewFinding {
            child: ids.get(&f.finding.child).copied(),
            return_name: match f.return_ {
                Return::Cin => "cin",
                Return::Ssda903 => "ssda903",
            },
            rule: f.finding.rule.clone(),
            kind: match f.finding.kind {
                Severity::Error => "error",
                Severity::Query => "query",
            },
            field: f.finding.field.clone(),
            message: f.finding.message.clone(),
        })
        .collect();
    out.extend(found.unreadable.iter().map(|u| NewFinding {
        child: ids.get(&u.child).copied(),
        return_name: "record",
        rule: "record".to_owned(),
        kind: "error",
        field: String::new(),
        message: format!(
            "The record cannot be read as a return as at 31 March, so the child is left out of both: {}",
            u.why
        ),
    }));
    out
}

/// Whether the actor may ask for a check of the whole authority: the
/// performance analysts, whose work the returns are.
pub fn may_check(role: Role) -> bool {
    role == Role::PerformanceAnalyst
}

/// Runs the check now for `year`, for a performance analyst. Audited,
/// allowed or refused, with the counts.
pub async fn check_now(ctx: &Ctx<'_>, year: CollectionYear) -> Result<Checked, AppError> {
    if !may_check(ctx.actor.role) {
        let mut tx = ctx.db().begin().await?;
        audit(ctx, &mut tx, "check_returns", Outcome::Refused, None, None).await?;
        tx.commit().await?;
        return Err(AppError::Forbidden);
    }
    let checked = check_authority(ctx.db(), &[year], Some(ctx.user()), ctx.now())
        .await?
        .pop()
        .ok_or_else(|| AppError::Unexpected("the check stored nothing".into()))?;
    let detail = format!(
        "{year}: check {}, {} children read, {} findings",
        checked.check, checked.children, checked.findings
    );
    let mut tx = ctx.db().begin().await?;
    audit(
        ctx,
        &mut tx,
        "check_returns",
        Outcome::Allowed,
        None,
        Some(&detail),
    )
    .await?;
    tx.commit().await?;
    Ok(checked)
}

/// The latest check of a year, as the reader may see it.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// The latest check, and the ones before it (their counts only).
    pub checks: Vec<ReturnCheck>,
    pub by_rule: Vec<RuleCount>,
    pub by_team: Vec<GroupCount>,
    pub by_worker: Vec<GroupCount>,
    /// At most [`LISTED`].
    pub children: Vec<ChildFindingRow>,
    /// Findings about the return as a whole: for the authority-wide
    /// roles only (they say nothing about a child).
    pub about_returns: Vec<ReturnFindingRow>,
}

/// The findings of the year's latest check about the children the actor
/// may see (their own, their team's, their line's, or the authority's, as
/// the access policy decides a view), narrowed by `filter`. Audited.
pub async fn report(
    ctx: &Ctx<'_>,
    year: CollectionYear,
    filter: &FindingFilter,
) -> Result<Report, AppError> {
    let allowed = ctx.actor.role.grants(hearth_domain::access::Action::View);
    let mut tx = ctx.db().begin().await?;
    let outcome = if allowed {
        Outcome::Allowed
    } else {
        Outcome::Refused
    };
    let year_text = year.to_string();
    audit(
        ctx,
        &mut tx,
        "view_return_checks",
        outcome,
        None,
        Some(&year_text),
    )
    .await?;
    tx.commit().await?;
    if !allowed {
        return Err(AppError::Forbidden);
    }
    let db = ctx.db();
    let checks = db.return_checks(&year_text, 10).await?;
    let Some(latest) = checks.first() else {
        return Ok(Report::default());
    };
    let now = ctx.now();
    let actor = ctx.actor;
    Ok(Report {
        by_rule: db.findings_by_rule(latest.id, filter, actor, now).await?,
        by_team: db
            .findings_by_allocation(latest.id, filter, false, actor, now)
            .await?,
        by_worker: db
            .findings_by_allocation(latest.id, filter, true, actor, now)
            .await?,
        children: db
            .findings_about_children(latest.id, filter, actor, now, LISTED)
            .await?,
        about_returns: if actor.role.authority_wide() {
            db.findings_about_returns(latest.id).await?
        } else {
            Vec::new()
        },
        checks,
    })
}
