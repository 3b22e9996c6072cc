//! The calibration report: each measure the synthetic authority is tuned
//! to, its target, the value generated and the tolerance it must stay
//! within. Measures are taken from the records as folded from the ledger,
//! the same way whether the children are in memory or read back from a
//! database.

use std::collections::{BTreeMap, HashMap};

use hearth_domain::calendar::WorkingDayCalendar;
use hearth_domain::codes::{CategoryOfAbuse, PlacementType, PrimaryNeed, ReasonEpisodeCeased};
use hearth_domain::events::AssessmentOutcome;
use hearth_domain::keys::ChildId;
use hearth_domain::record::{CareLeaverStatus, ChildRecord};
use jiff::civil::Date;
use serde::Deserialize;

/// The targets and their sources, as shipped.
pub const TARGETS_TOML: &str = include_str!("../data/targets.toml");

#[derive(Debug, Clone, Deserialize)]
pub struct Targets {
    pub source: BTreeMap<String, Source>,
    pub measure: Vec<Target>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Source {
    pub title: String,
    pub publisher: String,
    pub published: String,
    pub collection_year: String,
    pub url: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Per 10,000 children aged 0-17, scaled by need; tolerance relative.
    Rate,
    /// A proportion; tolerance in proportion points.
    Share,
    /// An average; tolerance relative.
    Mean,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Target {
    pub id: String,
    pub label: String,
    pub kind: Kind,
    pub target: f64,
    pub tolerance: f64,
    pub source: String,
    #[serde(default)]
    pub note: Option<String>,
}

impl Targets {
    pub fn shipped() -> Result<Targets, String> {
        let t: Targets =
            toml::from_str(TARGETS_TOML).map_err(|e| format!("data/targets.toml: {e}"))?;
        for m in &t.measure {
            if !t.source.contains_key(&m.source) {
                return Err(format!(
                    "data/targets.toml: measure {} names source {}, which is not listed",
                    m.id, m.source
                ));
            }
        }
        Ok(t)
    }
}

/// Counts gathered over many children: a numerator and a denominator per
/// measure (the denominator is 1 per count for rates), kept for each
/// family, so the report can measure how much more the counts vary than
/// counts of unrelated children would ([`Tally::design_effect`]); the
/// authority's are their sums.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tally {
    /// Each measure's numerator and denominator for each family.
    families: BTreeMap<&'static str, HashMap<ChildId, (f64, f64)>>,
    /// The family of the child being measured: its first child given a
    /// record.
    family: ChildId,
    /// Children on each worker's caseload at the as-at date.
    pub caseloads: BTreeMap<hearth_domain::keys::UserId, u32>,
}

impl Tally {
    fn add(&mut self, id: &'static str, num: f64, den: f64) {
        let f = self
            .families
            .entry(id)
            .or_default()
            .entry(self.family)
            .or_insert((0.0, 0.0));
        f.0 += num;
        f.1 += den;
    }

    fn count(&mut self, id: &'static str, n: usize) {
        self.add(id, n as f64, 0.0);
    }

    fn share(&mut self, id: &'static str, yes: bool) {
        self.add(id, if yes { 1.0 } else { 0.0 }, 1.0);
    }

    /// (numerator, denominator) for a measure, over every family.
    pub fn get(&self, id: &str) -> (f64, f64) {
        self.families.get(id).map_or((0.0, 0.0), |families| {
            families
                .values()
                .fold((0.0, 0.0), |(y, m), (fy, fm)| (y + fy, m + fm))
        })
    }

    /// The measure's design effect, measured over the families counted:
    /// the variance of its estimate with families as the units sampled,
    /// over the variance were every child unrelated. At least 1: a smaller
    /// figure is chance, and would narrow the tolerance below what
    /// independent children allow.
    ///
    /// - A rate (a count of children, Poisson): each family adds a
    ///   cluster of `y` children, so the count's variance is the sum of
    ///   `y²` against the sum of `y` for independent children.
    /// - A share `p = Σy / Σm` over families of `m` children with `y` of
    ///   them counted: the linearised variance of a ratio estimator,
    ///   `k/(k-1) Σ (y - p m)² / (Σm)²` over `k` families, against the
    ///   simple random sample's `p (1 - p) / Σm`.
    pub fn design_effect(&self, id: &str, kind: Kind) -> f64 {
        let Some(families) = self.families.get(id) else {
            return 1.0;
        };
        let effect = match kind {
            Kind::Rate => {
                let (sum, squares) = families
                    .values()
                    .fold((0.0, 0.0), |(s, q), (y, _)| (s + y, q + y * y));
                if sum > 0.0 { squares / sum } else { 1.0 }
            }
            Kind::Share => {
                let (y, n) = self.get(id);
                let k = families.values().filter(|(_, m)| *m > 0.0).count() as f64;
                if n <= 0.0 || k < 2.0 {
                    return 1.0;
                }
                let p = y / n;
                let simple = p * (1.0 - p) / n;
                let residuals: f64 = families.values().map(|(y, m)| (y - p * m).powi(2)).sum();
                let clustered = k / (k - 1.0) * residuals / (n * n);
                if simple > 0.0 {
                    clustered / simple
                } else {
                    1.0
                }
            }
            Kind::Mean => 1.0,
        };
        effect.max(1.0)
    }
}

/// The family a child's record belongs to: the first of its brothers and
/// sisters given a record (a child links those given records before it,
/// so every child of a family names the first, who names none).
pub fn family_of(child: ChildId, record: &ChildRecord) -> ChildId {
    record
        .family
        .members
        .iter()
        .filter_map(|m| m.relative)
        .fold(child, Ord::min)
}

/// The collection year measured: the year to the last 31 March on or
/// before `as_at` (1 April to 31 March).
pub fn collection_year(as_at: Date) -> (Date, Date) {
    let year = if (as_at.month(), as_at.day()) >= (3, 31) {
        as_at.year()
    } else {
        as_at.year() - 1
    };
    (
        jiff::civil::date(year - 1, 4, 1),
        jiff::civil::date(year, 3, 31),
    )
}

fn within(d: Date, (a, b): (Date, Date)) -> bool {
    a <= d && d <= b
}

/// Adds one child's record to the tally for the collection year `year`.
/// `as_at` is the date the caseloads are counted on.
pub fn measure(
    tally: &mut Tally,
    child: ChildId,
    record: &ChildRecord,
    year: (Date, Date),
    as_at: Date,
    calendar: &WorkingDayCalendar,
) {
    tally.family = family_of(child, record);
    let end = year.1;
    for ep in &record.episodes {
        if within(ep.referral.mark.date(), year) {
            tally.count("referrals", 1);
            tally.share("re_referrals", ep.referral.re_referral);
        }
        for a in &ep.assessments {
            let Some(done) = a.authorised else { continue };
            if !within(done.date(), year) {
                continue;
            }
            tally.count("assessments", 1);
            let days = (done.date() - a.started.date()).get_days();
            tally.add("assessment_mean_days", f64::from(days), 1.0);
            tally.share(
                "assessment_nfa",
                matches!(
                    a.outcome,
                    Some(AssessmentOutcome::NoFurtherAction | AssessmentOutcome::EarlyHelp)
                ),
            );
            if let Ok(wd) = calendar.working_days_between(a.started.date(), done.date()) {
                tally.share("assessment_45_days", wd <= 45);
            }
        }
        for s in &ep.section47s {
            if within(s.started.date(), year) {
                tally.count("section47", 1);
            }
            if let Some(icpc) = s.initial_conference
                && within(icpc.date(), year)
                && let Ok(wd) = calendar.working_days_between(s.started.date(), icpc.date())
            {
                tally.share("icpc_15_days", wd <= 15);
            }
        }
        tally.count(
            "icpc",
            ep.initial_conferences
                .iter()
                .filter(|(m, _)| within(m.date(), year))
                .count(),
        );
        let open_at_end =
            ep.referral.mark.date() <= end && ep.closed.is_none_or(|c| c.date() > end);
        if open_at_end {
            tally.count("cin_31_march", 1);
            if let Some(need) = ep.primary_need {
                tally.share("primary_need_n1", need == PrimaryNeed::N1);
            }
            for p in &ep.protection_plans {
                if p.started.date() <= end && p.ended.is_none_or(|e| e.date() > end) {
                    tally.count("cp_31_march", 1);
                    tally.share("cp_neglect", p.initial_category == CategoryOfAbuse::NEG);
                    tally.share("cp_emotional", p.initial_category == CategoryOfAbuse::EMO);
                }
            }
        }
    }
    let mut looked_after_in_year = false;
    for p in record
        .periods_of_care
        .iter()
        .filter(|p| !p.is_short_breaks())
    {
        let started = p.started.date();
        let ended = p.ended.map(|m| m.date());
        if within(started, year) {
            tally.count("cla_starts", 1);
        }
        if started <= end && ended.is_none_or(|e| e >= year.0) {
            looked_after_in_year = true;
        }
        if started <= end && ended.is_none_or(|e| e > end) {
            tally.count("cla_31_march", 1);
            tally.share("uasc", p.uasc);
            if let Some(spell) = p.placements.iter().rev().find(|s| s.start.date() <= end) {
                use PlacementType as P;
                tally.share(
                    "placement_foster",
                    matches!(
                        spell.placement.placement_type,
                        P::U1 | P::U2 | P::U3 | P::U4 | P::U5 | P::U6
                    ),
                );
            }
        }
        if let (Some(e), Some(reason)) = (ended, p.reason_ceased)
            && within(e, year)
            && matches!(reason, ReasonEpisodeCeased::E11 | ReasonEpisodeCeased::E12)
        {
            tally.count("adoptions", 1);
        }
    }
    if looked_after_in_year {
        let missing = record
            .missing
            .iter()
            .any(|m| within(m.started.date(), year));
        tally.share("missing", missing);
    }
    for m in &record.missing {
        if let Some(back) = m.returned
            && within(back.date(), year)
        {
            tally.share("return_interviews", m.interviews.iter().any(|i| i.offered));
        }
    }
    if let (Some(status), Some(age)) = (record.care_leaver_status(end), record.age_on(end))
        && matches!(
            status,
            CareLeaverStatus::Relevant | CareLeaverStatus::FormerRelevant
        )
        && (17..=21).contains(&age)
    {
        tally.count("care_leavers_17_21", 1);
    }
    // Caseloads: open cases (and care leavers) by allocated worker.
    let open = record.open_episode().is_some()
        || record.is_looked_after()
        || record.care_leaver_status(as_at).is_some();
    if open && let Some(worker) = record.allocation.as_ref().and_then(|a| a.worker) {
        *tally.caseloads.entry(worker).or_insert(0) += 1;
    }
}

/// One line of the report.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub id: String,
    pub label: String,
    pub kind: Kind,
    /// The target in the measure's own unit (scaled by need for rates).
    pub target: f64,
    pub value: f64,
    /// The tolerance applied (relative for rates and means, absolute for
    /// shares), after widening for small numbers.
    pub tolerance: f64,
    /// The design effect measured on the families counted (1 for means).
    pub design_effect: f64,
    pub ok: bool,
    pub source: String,
}

/// The whole report.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub year: (Date, Date),
    pub population: u64,
    pub need: f64,
    pub lines: Vec<Line>,
    /// Each worker's open cases on the as-at date, smallest first (shown,
    /// not judged).
    pub caseloads: Vec<u32>,
}

impl Report {
    pub fn passes(&self) -> bool {
        self.lines.iter().all(|l| l.ok)
    }

    pub fn failures(&self) -> Vec<&Line> {
        self.lines.iter().filter(|l| !l.ok).collect()
    }
}

/// Compares the tally with the targets for an authority of `population`
/// children aged 0-17 at `need` times England's rates.
pub fn report(
    targets: &Targets,
    tally: &Tally,
    year: (Date, Date),
    population: u64,
    need: f64,
) -> Report {
    let units = population as f64 / 10_000.0;
    let lines = targets
        .measure
        .iter()
        .map(|m| {
            let (num, den) = tally.get(&m.id);
            let design_effect = tally.design_effect(&m.id, m.kind);
            let (target, value, tolerance, ok) = match m.kind {
                Kind::Rate => {
                    let target = m.target * need;
                    let value = if units > 0.0 { num / units } else { 0.0 };
                    // Three standard errors of the count, for small
                    // authorities: Poisson, with the variance widened by
                    // the design effect measured on the families.
                    let expected = (target * units).max(1.0);
                    let tol = m.tolerance.max(3.0 * (design_effect / expected).sqrt());
                    (target, value, tol, (value - target).abs() <= tol * target)
                }
                Kind::Share => {
                    let value = if den > 0.0 { num / den } else { 0.0 };
                    let p = m.target;
                    let se = if den > 0.0 {
                        (design_effect * p * (1.0 - p) / den).sqrt()
                    } else {
                        1.0
                    };
                    let tol = m.tolerance.max(3.0 * se);
                    (p, value, tol, den > 0.0 && (value - p).abs() <= tol)
                }
                Kind::Mean => {
                    let value = if den > 0.0 { num / den } else { 0.0 };
                    let t = m.target;
                    (
                        t,
                        value,
                        m.tolerance,
                        den > 0.0 && (value - t).abs() <= m.tolerance * t,
                    )
                }
            };
            Line {
                id: m.id.clone(),
                label: m.label.clone(),
                kind: m.kind,
                target,
                value,
                tolerance,
                design_effect,
                ok,
                source: m.source.clone(),
            }
        })
        .collect();
    let mut caseloads: Vec<u32> = tally.caseloads.values().copied().collect();
    caseloads.sort_unstable();
    Report {
        year,
        population,
        need,
        lines,
        caseloads,
    }
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "Calibration for the year {} to {}: {} children aged 0-17, need {:.2} x England",
            self.year.0, self.year.1, self.population, self.need
        )?;
        writeln!(
            f,
            "{:<22} {:>10} {:>10} {:>10} {:>6}  {:<4} measure",
            "id", "target", "generated", "tolerance", "deff", ""
        )?;
        for l in &self.lines {
            let (t, v, tol) = match l.kind {
                Kind::Rate => (
                    format!("{:.1}", l.target),
                    format!("{:.1}", l.value),
                    format!("±{:.0}%", l.tolerance * 100.0),
                ),
                Kind::Share => (
                    format!("{:.1}%", l.target * 100.0),
                    format!("{:.1}%", l.value * 100.0),
                    format!("±{:.1}pt", l.tolerance * 100.0),
                ),
                Kind::Mean => (
                    format!("{:.1}", l.target),
                    format!("{:.1}", l.value),
                    format!("±{:.0}%", l.tolerance * 100.0),
                ),
            };
            let unit = if l.kind == Kind::Rate {
                " (per 10,000)"
            } else {
                ""
            };
            writeln!(
                f,
                "{:<22} {:>10} {:>10} {:>10} {:>6.2}  {:<4} {}{unit}",
                l.id,
                t,
                v,
                tol,
                l.design_effect,
                if l.ok { "ok" } else { "FAIL" },
                l.label
            )?;
        }
        if !self.caseloads.is_empty() {
            let n = self.caseloads.len();
            let within = self
                .caseloads
                .iter()
                .filter(|c| (15..=25).contains(*c))
                .count();
            writeln!(
                f,
                "Caseloads on the as-at date: {n} workers with open cases, median {}, {:.0}% carrying 15 to 25 (shown, not judged).",
                self.caseloads[n / 2],
                within as f64 * 100.0 / n as f64
            )?;
        }
        writeln!(
            f,
            "deff: the design effect measured on the families counted (brothers and sisters share episodes); each tolerance widens with its square root."
        )?;
        let failed = self.failures().len();
        if failed == 0 {
            write!(f, "All {} measures within tolerance.", self.lines.len())
        } else {
            write!(
                f,
                "{failed} of {} measures outside tolerance.",
                self.lines.len()
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tally of `families`, each a list of (counted, in the denominator)
    /// children.
    fn tally(families: &[&[bool]]) -> Tally {
        let mut t = Tally::default();
        for (i, children) in families.iter().enumerate() {
            t.family = ChildId(i as i64 + 1);
            for yes in *children {
                t.share("share", *yes);
                if *yes {
                    t.count("rate", 1);
                }
            }
        }
        t
    }

    #[test]
    fn unrelated_children_have_no_design_effect() {
        let t = tally(&[&[true], &[false], &[true], &[false], &[false], &[true]]);
        // k/(k-1) of the simple variance: 6/5.
        assert!((t.design_effect("share", Kind::Share) - 1.2).abs() < 1e-9);
        assert!((t.design_effect("rate", Kind::Rate) - 1.0).abs() < 1e-9);
    }

    #[test]
    fn brothers_and_sisters_alike_double_the_variance_of_pairs() {
        let pairs: Vec<&[bool]> = (0..50)
            .map(|i| {
                if i % 2 == 0 {
                    &[true, true][..]
                } else {
                    &[false, false][..]
                }
            })
            .collect();
        let t = tally(&pairs);
        // Pairs always alike: the variance of 50 families, not 100 children.
        let share = t.design_effect("share", Kind::Share);
        assert!((share - 2.0 * 50.0 / 49.0).abs() < 1e-9, "{share}");
        // Each family counted adds two children at once.
        assert!((t.design_effect("rate", Kind::Rate) - 2.0).abs() < 1e-9);
        assert_eq!(t.design_effect("absent", Kind::Rate), 1.0);
    }

    #[test]
    fn a_design_effect_below_one_is_taken_as_one() {
        // Every pair split one and one: less varied than chance.
        let pairs: Vec<&[bool]> = (0..20).map(|_| &[true, false][..]).collect();
        assert_eq!(tally(&pairs).design_effect("share", Kind::Share), 1.0);
    }
}
