//! A synthetic local authority: children and families, the workforce, and
//! years of casework, written as case-ledger events so that every derived
//! record, clock and return is consistent. Calibrated to the national
//! statistics in `data/targets.toml`; [`calibration`] measures how close it
//! comes.
//!
//! Pure: no I/O. The same profile, seed, years and as-at date give the same
//! children, byte for byte.

pub mod calibration;
mod characteristics;
mod family;
mod journey;
pub mod kid;
pub mod people;
pub mod profile;
pub mod register;
pub mod rng;
pub mod workforce;
mod write_up;

use std::collections::VecDeque;

use hearth_domain::calendar::WorkingDayCalendar;
use hearth_domain::codes::Sex;
use jiff::civil::Date;

pub use kid::SynthChild;
use kid::{Day, Days, Kid, date, day};
pub use profile::{PROFILES, Profile};
use rng::Rng;
pub use workforce::{Staff, Team, TeamKind, Workforce};

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Config {
    pub profile: Profile,
    pub seed: u64,
    /// Years of casework up to the as-at date.
    pub years: u32,
    pub as_at: Date,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SynthError {
    #[error(
        "--as-at {as_at} is beyond the working-day calendar, which covers {first} to {last}; give an earlier date or a newer bank-holiday list"
    )]
    AsAtBeyondCalendar {
        as_at: Date,
        first: Date,
        last: Date,
    },
    #[error("--years {0}: give between 1 and 10 years")]
    Years(u32),
    #[error(
        "--as-at {as_at} with --years {years} starts before the working-day calendar's first date, {first}"
    )]
    StartBeforeCalendar {
        as_at: Date,
        years: u32,
        first: Date,
    },
}

/// Children known to children's social care per year are sized from the
/// referral rate (520 per 10,000 children a year nationally): families with
/// a referral arrive at this many per 10,000 a year, and each brings 1.7
/// children with about 1.4 referrals each.
const FAMILIES_PER_10K: f64 = 212.0;
/// Unaccompanied children seeking asylum arriving per 10,000 a year.
const UASC_PER_10K: f64 = 4.1;
/// Families known only at the front door (contacts), per 10,000 a year.
const FRONT_DOOR_PER_10K: f64 = 110.0;
/// Private fostering notifications per 10,000 a year (not scaled by need).
const PRIVATE_FOSTERING_PER_10K: f64 = 0.8;
/// Years simulated before the window so that children long in care, and
/// care leavers, are there at its start.
const BURN_IN_YEARS: i16 = 10;
/// Share of children whose ledgers carry a deliberate correction.
const CORRECTIONS: f64 = 0.004;
/// Mixed into the seed for the streams the characteristics are drawn from.
const CHARACTERISTICS_STREAM: u64 = 0x6368_6172_6163_7465;

/// The generator: a stream of children, day by day.
pub struct Synth<'c> {
    config: Config,
    calendar: &'c WorkingDayCalendar,
    workforce: Workforce,
    /// The area's registered providers, which placements are made through.
    register: register::Register,
    rng: Rng,
    day: Day,
    window_start: Day,
    as_at: Day,
    families: u64,
    children: u64,
    ready: VecDeque<SynthChild>,
}

impl<'c> Synth<'c> {
    pub fn new(config: Config, calendar: &'c WorkingDayCalendar) -> Result<Self, SynthError> {
        if !(1..=10).contains(&config.years) {
            return Err(SynthError::Years(config.years));
        }
        if config.as_at > calendar.last() {
            return Err(SynthError::AsAtBeyondCalendar {
                as_at: config.as_at,
                first: calendar.first(),
                last: calendar.last(),
            });
        }
        let years = i16::try_from(config.years).unwrap_or(10);
        let window = config
            .as_at
            .checked_sub(jiff::Span::new().years(years))
            .map_err(|_| SynthError::Years(config.years))?;
        let earliest = day(calendar.first()) + 60;
        if day(window) < earliest {
            return Err(SynthError::StartBeforeCalendar {
                as_at: config.as_at,
                years: config.years,
                first: calendar.first(),
            });
        }
        let burn = window
            .checked_sub(jiff::Span::new().years(BURN_IN_YEARS))
            .map_or(earliest, day)
            .max(earliest);
        Ok(Synth {
            workforce: Workforce::for_profile(&config.profile, config.seed),
            register: register::Register::of(&config.profile, config.seed),
            rng: Rng::stream(config.seed, 0),
            config,
            calendar,
            day: burn,
            window_start: day(window),
            as_at: day(config.as_at),
            families: 0,
            children: 0,
            ready: VecDeque::new(),
        })
    }

    pub fn workforce(&self) -> &Workforce {
        &self.workforce
    }

    /// The area's registered providers (Ofsted's list of them).
    pub fn register(&self) -> &register::Register {
        &self.register
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The first day of the window of years asked for.
    pub fn window_start(&self) -> Date {
        date(self.window_start)
    }

    /// How far through the days it is, for a progress bar: (done, total).
    pub fn progress(&self, start: Date) -> (u64, u64) {
        let total = (self.as_at - day(start)).max(1) as u64;
        let done = (self.day - day(start)).clamp(0, total as i32) as u64;
        (done, total)
    }

    /// The day the simulation begins (before the window, so that long
    /// stays are there at its start).
    pub fn simulation_start(&self) -> Date {
        date(self.day)
    }

    fn weight(d: Day) -> f64 {
        let on = date(d);
        let weekday = match on.weekday() {
            jiff::civil::Weekday::Saturday | jiff::civil::Weekday::Sunday => 0.15,
            _ => 1.0,
        };
        let season = match (on.month(), on.day()) {
            (8, _) => 0.8,
            (12, 22..) | (1, 1) => 0.5,
            _ => 1.0,
        };
        // The mean of the weekday weights is 5.3 / 7.
        weekday * season * 7.0 / 5.3
    }

    fn simulate_day(&mut self) {
        let d = self.day;
        let p = self.config.profile;
        let scale = p.scale();
        let units = p.population as f64 / 10_000.0;
        let w = Self::weight(d);
        let families = self.rng.poisson(FAMILIES_PER_10K * scale / 365.25 * w);
        let uasc = self.rng.poisson(UASC_PER_10K * scale / 365.25 * w);
        let front = self.rng.poisson(FRONT_DOOR_PER_10K * scale / 365.25 * w);
        let fostering = self
            .rng
            .poisson(PRIVATE_FOSTERING_PER_10K * units / 365.25 * w);
        for kind in std::iter::repeat_n(0u8, families as usize)
            .chain(std::iter::repeat_n(1u8, uasc as usize))
            .chain(std::iter::repeat_n(2u8, front as usize))
            .chain(std::iter::repeat_n(3u8, fostering as usize))
        {
            self.families += 1;
            let mut rng = Rng::stream(self.config.seed, self.families);
            let (kids, household) = self.family(&mut rng, d, kind);
            let mut siblings = Vec::new();
            for kid in kids {
                self.keep(kid, &household, &mut siblings);
            }
        }
        self.day += 1;
    }

    fn family(&mut self, rng: &mut Rng, d: Day, kind: u8) -> (Vec<Kid>, family::Household) {
        let p = self.config.profile;
        let uasc = kind == 1;
        let size = if uasc || kind == 3 {
            1
        } else {
            rng.weighted(&[(1usize, 52), (2, 28), (3, 13), (4, 7)])
        };
        let index_age = if uasc {
            rng.weighted(&[(14, 10), (15, 25), (16, 40), (17, 25)])
        } else {
            rng.weighted(&[
                (0, 10),
                (1, 5),
                (2, 4),
                (3, 4),
                (4, 5),
                (5, 5),
                (6, 5),
                (7, 5),
                (8, 5),
                (9, 5),
                (10, 6),
                (11, 6),
                (12, 6),
                (13, 6),
                (14, 6),
                (15, 6),
                (16, 6),
                (17, 3),
            ])
        };
        let family_name = crate::people::family_name(rng);
        let postcode = crate::people::postcode(rng, p.outward_codes);
        let household = family::Household::new(
            self.config.seed,
            self.families,
            family_name,
            postcode.clone(),
            kind,
        );
        let ethnicity = crate::people::ethnicity(rng, uasc);
        let mut kids = Vec::with_capacity(size);
        for i in 0..size {
            let age = if i == 0 {
                index_age
            } else {
                (index_age + rng.range(-6, 6)).clamp(0, 17)
            };
            let dob = d - age * 365 - rng.range(0, 364);
            let sex = crate::people::sex(rng, if uasc { 0.9 } else { 0.52 });
            let sex = if sex == Sex::U { Sex::F } else { sex };
            let kid_rng = Rng::stream(rng.next_u64(), i as u64);
            let identity = crate::people::Identity {
                la_child_id: crate::people::la_child_id(0),
                given_name: crate::people::given_name(rng, sex).to_string(),
                family_name: family_name.to_string(),
                date_of_birth: date(dob),
                sex,
                ethnicity: if rng.chance(0.9) {
                    ethnicity
                } else {
                    crate::people::ethnicity(rng, uasc)
                },
                upn: None,
                nhs_number: crate::people::nhs_number(rng),
                postcode: postcode.clone(),
            };
            kids.push(Kid::new(identity, kid_rng, self.as_at));
        }
        let mut ctx = journey::Ctx {
            days: Days {
                calendar: self.calendar,
            },
            workforce: &mut self.workforce,
            as_at: self.as_at,
            outward: p.outward_codes,
            district: p.ons_code,
            register: &self.register,
        };
        match kind {
            0 | 1 => journey::family(&mut ctx, rng, &mut kids, d, uasc),
            2 => {
                for kid in &mut kids {
                    journey::front_door_only(&mut ctx, kid, d);
                }
            }
            _ => {
                for kid in &mut kids {
                    journey::private_fostering(&mut ctx, kid, d);
                }
            }
        }
        (kids, household)
    }

    /// Keeps a child whose history reaches the window, with their home,
    /// family and network; `siblings` are the family's children kept so
    /// far, who are linked (each child's record number is the order it is
    /// kept in: the loader checks it).
    fn keep(
        &mut self,
        mut kid: Kid,
        household: &family::Household,
        siblings: &mut Vec<family::Sibling>,
    ) {
        let last = kid.events.iter().map(|e| day(e.on.date())).max();
        if last.is_none_or(|l| l < self.window_start) {
            return;
        }
        family::record(&mut kid, household, siblings);
        siblings.push(family::Sibling {
            child: hearth_domain::keys::ChildId(self.children as i64 + 1),
            sex: kid.identity.sex,
        });
        if kid.rng.chance(CORRECTIONS) {
            journey::correction(&mut kid);
        }
        self.children += 1;
        kid.identity.la_child_id = crate::people::la_child_id(self.children);
        // School-age children have a UPN, issued in the September after
        // their fourth birthday.
        let four = kid.birthday(4);
        let mut upn_issued = None;
        if four + 240 <= self.as_at && kid.rng.chance(0.95) {
            let issued = date(four + 240);
            kid.identity.upn = crate::people::upn(
                &mut kid.rng,
                self.config.profile.upn_la_code,
                issued,
                self.children,
            );
            upn_issued = Some(four + 240);
        }
        // From a stream of its own, so the facts it adds change nothing
        // else drawn for the child.
        let mut rng = Rng::stream(self.config.seed ^ CHARACTERISTICS_STREAM, self.children);
        characteristics::record(
            &mut kid,
            &mut rng,
            upn_issued,
            self.config.profile.upn_la_code,
        );
        self.ready.push_back(kid.finish());
    }
}

impl Iterator for Synth<'_> {
    type Item = SynthChild;

    fn next(&mut self) -> Option<SynthChild> {
        loop {
            if let Some(c) = self.ready.pop_front() {
                return Some(c);
            }
            if self.day > self.as_at {
                return None;
            }
            self.simulate_day();
        }
    }
}
