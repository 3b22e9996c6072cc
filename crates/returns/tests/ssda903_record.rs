//! The SSDA903 return made from children's ledgers.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use hearth_domain::codes::{
    AdopterLegalStatus, AdopterSex, CareLeaverAccommodation, CareLeaverActivity, CareLeaverInTouch,
    Ethnicity, LegalStatus, MissingOrAway, PlacementProvider, PlacementType, PrimaryNeed,
    ReasonEpisodeCeased, ReasonForNewEpisode, ReasonForPlacementChange, ReviewParticipation, Sex,
};
use hearth_domain::events::{Event, EventKind, Placement, When};
use hearth_domain::ids::{LaChildId, Postcode};
use hearth_returns::ssda903::{At, EpisodeRow, Table, build, files, read_files, return_903};
use hearth_returns::{ChildSource, CollectionYear, Field};
use jiff::civil::{Date, date};

const Y2025: CollectionYear = CollectionYear::Y2025_26;

#[derive(Clone)]
struct Ledger(Vec<Event>);

impl Ledger {
    fn new(born: Date) -> Self {
        let mut ledger = Ledger(Vec::new());
        ledger.add(
            &born.to_string(),
            EventKind::BirthDetailsRecorded {
                date_of_birth: Some(born),
                expected_date_of_birth: None,
            },
        );
        ledger
    }

    fn add(&mut self, on: &str, kind: EventKind) -> hearth_domain::events::EventId {
        let when: When = on.parse().unwrap();
        let recorded = when
            .date()
            .at(12, 0, 0, 0)
            .to_zoned(jiff::tz::TimeZone::UTC)
            .unwrap()
            .timestamp();
        let event = Event::new(self.0.len() as u64 + 1, when, "u1", recorded, kind);
        let id = event.id;
        self.0.push(event);
        id
    }

    fn child(self, id: &str) -> ChildSource {
        ChildSource {
            la_child_id: LaChildId::parse(id).unwrap(),
            date_of_birth: None,
            sex: Some(Sex::F),
            ethnicity: Some(Ethnicity::WBRI),
            upn: None,
            postcode: Some(Postcode::parse("LS1 4AP").unwrap()),
            events: self.0,
        }
    }
}

fn placement(
    code: PlacementType,
    provider: Option<PlacementProvider>,
    postcode: &str,
) -> Placement {
    Placement {
        placement_type: code,
        provider,
        postcode: Some(Postcode::parse(postcode).unwrap()),
        urn: None,
        long_term: false,
    }
}

fn comes_into_care(ledger: &mut Ledger, on: &str, ls: LegalStatus, place: PlacementType) {
    ledger.add(
        on,
        EventKind::BecameLookedAfter {
            legal_status: ls,
            placement: placement(place, Some(PlacementProvider::PR1), "LS6 2AB"),
            category_of_need: PrimaryNeed::N1,
            uasc: false,
        },
    );
}

/// Comes into care, changes placement, changes legal status, changes
/// both on one day, goes missing, has a review and leaves care, all in
/// 2025-26.
fn journey() -> ChildSource {
    let mut l = Ledger::new(date(2012, 6, 1));
    comes_into_care(&mut l, "2025-05-01", LegalStatus::V2, PlacementType::U6);
    l.add(
        "2025-05-20",
        EventKind::LookedAfterReviewHeld {
            participation: ReviewParticipation::PN1,
            seen_and_heard: None,
            analysis: None,
            recommendations: None,
            next_review_due: None,
        },
    );
    l.add(
        "2025-07-10",
        EventKind::PlacementChanged {
            placement: placement(PlacementType::U4, Some(PlacementProvider::PR4), "LS7 3DB"),
            reason: Some(ReasonForPlacementChange::CARPL),
            same_carer: false,
        },
    );
    let missing = l.add(
        "2025-08-03T21:00",
        EventKind::MissingEpisodeStarted {
            status: MissingOrAway::M,
        },
    );
    l.add(
        "2025-08-04T10:00",
        EventKind::MissingEpisodeEnded { episode: missing },
    );
    l.add(
        "2025-09-01",
        EventKind::LegalStatusChanged {
            legal_status: LegalStatus::C1,
        },
    );
    l.add(
        "2025-10-15",
        EventKind::LegalStatusChanged {
            legal_status: LegalStatus::C2,
        },
    );
    l.add(
        "2025-10-15",
        EventKind::PlacementChanged {
            placement: placement(PlacementType::K2, Some(PlacementProvider::PR4), "BD1 1AA"),
            reason: Some(ReasonForPlacementChange::ALLEG),
            same_carer: false,
        },
    );
    l.add(
        "2026-02-20",
        EventKind::CeasedLookedAfter {
            reason: ReasonEpisodeCeased::E4A,
        },
    );
    l.child("JOURNEY1")
}

#[allow(clippy::too_many_arguments)]
fn episode(
    line: u64,
    decom: Date,
    rne: ReasonForNewEpisode,
    ls: LegalStatus,
    place: PlacementType,
    provider: PlacementProvider,
    pl_post: &str,
    dec: Date,
    rec: ReasonEpisodeCeased,
    change: Option<ReasonForPlacementChange>,
) -> EpisodeRow {
    EpisodeRow {
        at: At {
            file: Table::Episodes,
            line,
        },
        child: Field::Valid(hearth_returns::ssda903::Text("JOURNEY1".into())),
        decom: Field::Valid(decom),
        rne: Field::Valid(rne),
        ls: Field::Valid(ls),
        cin: Field::Valid(PrimaryNeed::N1),
        place: Field::Valid(place),
        place_provider: Field::Valid(provider),
        dec: Field::Valid(dec),
        rec: Field::Valid(rec),
        reason_place_change: change.into(),
        home_post: Field::Valid(Postcode::parse("LS1 4AP").unwrap()),
        pl_post: Field::Valid(Postcode::parse(pl_post).unwrap()),
        urn: Field::Missing,
    }
}

#[test]
fn each_change_of_legal_status_or_placement_starts_an_episode() {
    use LegalStatus::*;
    use PlacementProvider::*;
    use PlacementType::*;
    use ReasonEpisodeCeased::*;
    use ReasonForNewEpisode as Rne;
    let r = return_903([journey()], Y2025);
    assert_eq!(
        r.episodes,
        [
            episode(
                2,
                date(2025, 5, 1),
                Rne::S,
                V2,
                U6,
                PR1,
                "LS6 2AB",
                date(2025, 7, 10),
                X1,
                Some(ReasonForPlacementChange::CARPL)
            ),
            episode(
                3,
                date(2025, 7, 10),
                Rne::P,
                V2,
                U4,
                PR4,
                "LS7 3DB",
                date(2025, 9, 1),
                X1,
                None
            ),
            episode(
                4,
                date(2025, 9, 1),
                Rne::L,
                C1,
                U4,
                PR4,
                "LS7 3DB",
                date(2025, 10, 15),
                X1,
                Some(ReasonForPlacementChange::ALLEG)
            ),
            episode(
                5,
                date(2025, 10, 15),
                Rne::B,
                C2,
                K2,
                PR4,
                "BD1 1AA",
                date(2026, 2, 20),
                E4A,
                None
            ),
        ]
    );
    assert_eq!(r.header.len(), 1);
    let h = &r.header[0];
    assert_eq!(h.dob, Field::Valid(date(2012, 6, 1)));
    assert_eq!(h.sex, Field::Valid(Sex::F));
    assert!(h.upn.is_missing());
    assert_eq!(
        h.mother,
        Field::Valid(false),
        "a girl with no baby recorded"
    );
    assert_eq!(r.reviews.len(), 1);
    assert_eq!(r.reviews[0].review, Field::Valid(date(2025, 5, 20)));
    assert_eq!(r.missing.len(), 1);
    assert_eq!(r.missing[0].mis_start, Field::Valid(date(2025, 8, 3)));
    assert_eq!(r.missing[0].mis_end, Field::Valid(date(2025, 8, 4)));
    // Came into care in the year: no OC2; not UASC, not adopted.
    assert!(r.oc2.is_empty() && r.uasc.is_empty() && r.ad1.is_empty());
    // Left care before 2026-27: not in that year's return at all.
    let next = return_903([journey()], CollectionYear::Y2026_27);
    assert!(next.header.is_empty() && next.episodes.is_empty());
}

#[test]
fn an_episode_open_at_31_march_has_no_end_and_one_ended_before_the_year_is_left_out() {
    let mut l = Ledger::new(date(2015, 1, 1));
    comes_into_care(&mut l, "2023-01-10", LegalStatus::C2, PlacementType::U4);
    l.add(
        "2024-06-01",
        EventKind::PlacementChanged {
            placement: placement(PlacementType::K2, Some(PlacementProvider::PR4), "BD1 1AA"),
            reason: Some(ReasonForPlacementChange::CHILD),
            same_carer: false,
        },
    );
    // After the year ends: not known as at 31 March 2026.
    l.add(
        "2026-05-01",
        EventKind::CeasedLookedAfter {
            reason: ReasonEpisodeCeased::E41,
        },
    );
    let r = return_903([l.child("LONG1")], Y2025);
    assert_eq!(r.episodes.len(), 1);
    let e = &r.episodes[0];
    assert_eq!(e.decom, Field::Valid(date(2024, 6, 1)));
    assert!(e.dec.is_missing() && e.rec.is_missing());
    // Looked after for the whole year: an OC2 row.
    assert_eq!(r.oc2.len(), 1);
    assert_eq!(r.oc2[0].health_assessment, Field::Valid(false));
    assert_eq!(r.oc2[0].convicted, Field::Valid(false));
    // Asked only of a child with a substance misuse problem.
    assert!(r.oc2[0].intervention_offered.is_missing());
}

/// The child's own facts in the ledger reach the header, UASC and OC2
/// files: motherhood, UASC status ending before 18, a conviction and
/// substance misuse with an intervention refused, all in the year.
#[test]
fn the_ledgers_facts_reach_the_header_uasc_and_oc2_files() {
    let mut l = Ledger::new(date(2009, 1, 1));
    comes_into_care(&mut l, "2023-01-10", LegalStatus::C2, PlacementType::U4);
    l.add("2023-01-10", EventKind::UascStatusStarted);
    l.add("2025-05-01", EventKind::UascStatusEnded);
    l.add("2025-07-01", EventKind::BabyBorn);
    l.add("2025-08-01", EventKind::Convicted);
    l.add("2025-09-01", EventKind::SubstanceMisuseIdentified);
    l.add(
        "2025-09-15",
        EventKind::SubstanceMisuseInterventionOffered { received: false },
    );
    let r = return_903([l.clone().child("FACTS1")], Y2025);
    let h = &r.header[0];
    assert_eq!(h.mother, Field::Valid(true));
    assert_eq!(h.mc_dob, Field::Valid(date(2025, 7, 1)));
    assert_eq!(r.uasc.len(), 1);
    assert_eq!(
        r.uasc[0].duc,
        Field::Valid(date(2025, 5, 1)),
        "the spell's end, before 18"
    );
    let oc2 = &r.oc2[0];
    assert_eq!(oc2.convicted, Field::Valid(true));
    assert_eq!(oc2.substance_misuse, Field::Valid(true));
    assert_eq!(oc2.intervention_offered, Field::Valid(true));
    assert_eq!(oc2.intervention_received, Field::Valid(false));
    // Over 5: the development checks are not asked.
    assert!(oc2.health_check.is_missing());
    // Formerly UASC: no home postcode, so no distance (rule 406).
    assert!(r.episodes.iter().all(|e| e.home_post.is_missing()));
    assert!(r.episodes.iter().all(|e| e.pl_post.is_present()));

    // An intervention received: whether one was offered is not asked
    // (rule 158).
    l.add(
        "2025-10-01",
        EventKind::SubstanceMisuseInterventionOffered { received: true },
    );
    let r = return_903([l.child("FACTS1")], Y2025);
    assert_eq!(r.oc2[0].intervention_received, Field::Valid(true));
    assert!(r.oc2[0].intervention_offered.is_missing());
}

#[test]
fn a_child_never_looked_after_is_not_in_the_return() {
    let mut l = Ledger::new(date(2015, 1, 1));
    l.add(
        "2025-06-01",
        EventKind::ReferralAccepted {
            source: hearth_domain::codes::ReferralSource::Police,
            no_further_action: false,
            primary_need: None,
        },
    );
    let r = return_903([l.child("CIN1")], Y2025);
    assert!(Table::ALL.iter().all(|t| r.rows(*t) == 0));
}

#[test]
fn an_adopted_child_has_ad1_and_placed_for_adoption_rows() {
    let mut l = Ledger::new(date(2021, 3, 1));
    comes_into_care(&mut l, "2023-01-10", LegalStatus::C2, PlacementType::U6);
    l.add("2024-02-01", EventKind::AdoptionDecision);
    l.add("2024-05-01", EventKind::PlacementOrderGranted);
    l.add(
        "2024-05-01",
        EventKind::LegalStatusChanged {
            legal_status: LegalStatus::E1,
        },
    );
    l.add(
        "2024-09-01",
        EventKind::Matched {
            adopter_sex: AdopterSex::MF,
            adopter_legal_status: AdopterLegalStatus::L11,
            number_of_adopters: 2,
        },
    );
    l.add("2024-10-01", EventKind::PlacedForAdoption);
    l.add(
        "2024-10-01",
        EventKind::PlacementChanged {
            placement: placement(PlacementType::A6, Some(PlacementProvider::PR1), "HX1 1AA"),
            reason: Some(ReasonForPlacementChange::CARPL),
            same_carer: false,
        },
    );
    l.add("2025-06-01", EventKind::AdoptionOrderGranted);
    l.add(
        "2025-06-01",
        EventKind::CeasedLookedAfter {
            reason: ReasonEpisodeCeased::E11,
        },
    );
    let r = return_903([l.child("ADOPT1")], Y2025);
    assert_eq!(r.ad1.len(), 1);
    let a = &r.ad1[0];
    assert_eq!(a.date_int, Field::Valid(date(2024, 2, 1)));
    assert_eq!(a.date_match, Field::Valid(date(2024, 9, 1)));
    assert_eq!(
        a.foster_care,
        Field::Valid(false),
        "A6: not with own foster carers"
    );
    assert_eq!(a.nb_adoptr, Field::Valid(2));
    assert_eq!(a.sex_adoptr, Field::Valid(AdopterSex::MF));
    assert_eq!(a.ls_adoptr, Field::Valid(AdopterLegalStatus::L11));
    assert_eq!(r.placed_for_adoption.len(), 1);
    assert_eq!(
        r.placed_for_adoption[0].date_placed,
        Field::Valid(date(2024, 2, 1))
    );
    assert!(r.placed_for_adoption[0].date_placed_ceased.is_missing());
    assert_eq!(
        r.episodes.last().unwrap().rec,
        Field::Valid(ReasonEpisodeCeased::E11)
    );
}

#[test]
fn a_care_leaver_has_an_oc3_row_from_the_contact_nearest_their_birthday() {
    // Born 1 December 2007: 18 on 1 December 2025. In care from 14 to 17.
    let mut l = Ledger::new(date(2007, 12, 1));
    comes_into_care(&mut l, "2022-01-10", LegalStatus::C2, PlacementType::U4);
    l.add(
        "2024-12-01",
        EventKind::CeasedLookedAfter {
            reason: ReasonEpisodeCeased::E13,
        },
    );
    for (on, in_touch, activity) in [
        ("2025-08-01", CareLeaverInTouch::NO, None),
        (
            "2025-11-20",
            CareLeaverInTouch::YES,
            Some(CareLeaverActivity::F2),
        ),
    ] {
        l.add(
            on,
            EventKind::CareLeaverContact {
                in_touch,
                activity,
                accommodation: Some(CareLeaverAccommodation::E1),
                staying_put: false,
            },
        );
    }
    let r = return_903([l.child("LEAVER1")], Y2025);
    assert!(r.episodes.is_empty());
    assert_eq!(r.header.len(), 1);
    assert_eq!(r.oc3.len(), 1);
    let o = &r.oc3[0];
    assert_eq!(o.in_touch, Field::Valid(CareLeaverInTouch::YES));
    assert_eq!(o.activ, Field::Valid(CareLeaverActivity::F2));
    assert_eq!(o.accom, Field::Valid(CareLeaverAccommodation::E1));
}

#[test]
fn a_young_person_who_left_care_on_their_birthday_is_not_in_oc3() {
    // Born 1 December 2007; leaves care on their 18th birthday.
    let mut l = Ledger::new(date(2007, 12, 1));
    comes_into_care(&mut l, "2022-01-10", LegalStatus::C2, PlacementType::U4);
    l.add(
        "2025-12-01",
        EventKind::CeasedLookedAfter {
            reason: ReasonEpisodeCeased::E8,
        },
    );
    let r = return_903([l.child("LEFT18")], Y2025);
    assert_eq!(r.episodes.len(), 1);
    assert!(r.oc3.is_empty());
}

#[test]
fn with_no_contact_near_the_birthday_the_care_leaver_was_not_in_touch() {
    let r = return_903([leaver()], Y2025);
    let o = &r.oc3[0];
    assert_eq!(o.in_touch, Field::Valid(CareLeaverInTouch::NO));
    assert_eq!(o.activ, Field::Valid(CareLeaverActivity::NoInformation));
    assert_eq!(
        o.accom,
        Field::Valid(CareLeaverAccommodation::NoInformation)
    );
    // In touch, but the contact recorded no activity: left for the rules.
    let mut l = Ledger::new(date(2007, 12, 1));
    comes_into_care(&mut l, "2022-01-10", LegalStatus::C2, PlacementType::U4);
    l.add(
        "2024-12-01",
        EventKind::CeasedLookedAfter {
            reason: ReasonEpisodeCeased::E13,
        },
    );
    l.add(
        "2025-12-10",
        EventKind::CareLeaverContact {
            in_touch: CareLeaverInTouch::YES,
            activity: None,
            accommodation: Some(CareLeaverAccommodation::U1),
            staying_put: false,
        },
    );
    let r = return_903([l.child("LEAVER2")], Y2025);
    assert_eq!(r.oc3[0].in_touch, Field::Valid(CareLeaverInTouch::YES));
    assert!(r.oc3[0].activ.is_missing());
    assert_eq!(r.oc3[0].accom, Field::Valid(CareLeaverAccommodation::U1));
}

#[test]
fn a_code_withdrawn_since_it_was_recorded_is_invalid_in_the_return() {
    let mut l = Ledger::new(date(2008, 1, 1));
    comes_into_care(&mut l, "2024-05-01", LegalStatus::C2, PlacementType::H5);
    let r = return_903([l.child("OLD1")], Y2025);
    assert_eq!(r.episodes[0].place, Field::Invalid("H5".into()));
}

fn leaver() -> ChildSource {
    let mut l = Ledger::new(date(2007, 12, 1));
    comes_into_care(&mut l, "2022-01-10", LegalStatus::C2, PlacementType::U4);
    l.add(
        "2024-12-01",
        EventKind::CeasedLookedAfter {
            reason: ReasonEpisodeCeased::E13,
        },
    );
    l.child("LEAVER1")
}

#[test]
fn a_return_from_the_record_reads_back_from_its_files_unchanged() {
    for year in CollectionYear::ALL {
        let built = build([journey(), leaver()], year);
        assert!(built.refused.is_empty());
        let r = built.return_903;
        let written = files(&r);
        let again =
            read_files(written.iter().map(|(t, text)| (*t, text.as_bytes())), year).unwrap();
        assert_eq!(again, r, "{year}");
    }
    let r = return_903([journey(), leaver()], Y2025);
    assert_eq!(r.header.len(), 2);
    assert_eq!(
        r.header[1].at,
        At {
            file: Table::Header,
            line: 3
        }
    );
    // The leaver is 19 in 2026-27: still in OC3.
    let r = return_903([journey(), leaver()], CollectionYear::Y2026_27);
    assert_eq!((r.header.len(), r.oc3.len()), (1, 1));
}

#[test]
fn a_ledger_that_does_not_fold_is_named_not_returned() {
    let mut l = Ledger::new(date(2010, 1, 1));
    l.add(
        "2025-06-01",
        EventKind::CeasedLookedAfter {
            reason: ReasonEpisodeCeased::E13,
        },
    );
    let built = build([l.child("BAD1"), journey()], Y2025);
    assert_eq!(built.refused.len(), 1);
    assert_eq!(built.refused[0].0.as_str(), "BAD1");
    assert_eq!(built.return_903.header.len(), 1);
}

#[test]
fn social_worker_episodes_previous_permanence_and_deprivation_of_liberty_reach_their_files() {
    use hearth_domain::codes::{PreviousPermanence, SocialWorkerChangeReason as Why};
    use hearth_domain::ids::SweNumber;
    use hearth_domain::keys::{TeamId, UserId};
    use hearth_returns::ssda903::Builder;

    let mut l = Ledger::new(date(2012, 6, 1));
    let allocated = |worker, reason| EventKind::Allocated {
        worker: UserId(worker),
        team: TeamId(1),
        reason,
    };
    // A worker before the year, one through its start, one from the autumn.
    l.add("2024-01-10", allocated(5, None));
    l.add("2025-02-01", allocated(6, Some(Why::LEFTRL)));
    l.add(
        "2026-04-20",
        EventKind::PreviousPermanenceRecorded {
            permanence: PreviousPermanence::P1,
            date: Some(date(2019, 3, 1)),
            local_authority: Some("806".into()),
        },
    );
    comes_into_care(&mut l, "2026-05-01", LegalStatus::C2, PlacementType::K2);
    l.add("2026-06-01", EventKind::DeprivationOfLibertyStarted);
    l.add("2026-09-01", EventKind::DeprivationOfLibertyEnded);
    l.add("2026-10-01", allocated(7, Some(Why::MANAGE)));
    l.add("2027-01-05", EventKind::DeprivationOfLibertyStarted);
    let registrations = [
        (UserId(6), SweNumber::parse("SW1234").unwrap()),
        (UserId(7), SweNumber::parse("SW98765").unwrap()),
    ]
    .into_iter()
    .collect();
    let mut builder = Builder::new(CollectionYear::Y2026_27).with_registrations(registrations);
    builder.add(&l.child("DOLS1"));
    let ret = builder.finish().return_903;
    let cells = |t| ret.cells(t);

    assert_eq!(
        cells(Table::SocialWorkerEpisodes),
        [
            [
                "DOLS1",
                "01/06/2012",
                "SW1234",
                "01/02/2025",
                "01/10/2026",
                "LEFTRL"
            ],
            ["DOLS1", "01/06/2012", "SW98765", "01/10/2026", "", "MANAGE"],
        ]
    );
    assert_eq!(
        cells(Table::PreviousPermanence),
        [["DOLS1", "01/06/2012", "P1", "806", "01/03/2019"]]
    );
    assert_eq!(
        cells(Table::DeprivationOfLiberty),
        [
            ["DOLS1", "01/06/2012", "01/06/2026", "01/09/2026"],
            ["DOLS1", "01/06/2012", "05/01/2027", ""],
        ]
    );

    // 2025-26 has no deprivation of liberty file; the child came into care
    // after that year, so nothing of theirs is in it.
    let earlier = return_903([l_again()], CollectionYear::Y2025_26);
    assert!(earlier.deprivation_of_liberty.is_empty());

    fn l_again() -> ChildSource {
        let mut l = Ledger::new(date(2012, 6, 1));
        comes_into_care(&mut l, "2025-05-01", LegalStatus::C2, PlacementType::K2);
        l.add("2025-06-01", EventKind::DeprivationOfLibertyStarted);
        l.child("DOLS2")
    }
}

#[test]
fn a_worker_without_a_registration_number_leaves_sw_id_blank_and_the_first_worker_is_first_contact()
{
    use hearth_domain::keys::{TeamId, UserId};

    let mut l = Ledger::new(date(2012, 6, 1));
    l.add(
        "2025-04-10",
        EventKind::Allocated {
            worker: UserId(5),
            team: TeamId(1),
            reason: None,
        },
    );
    comes_into_care(&mut l, "2025-05-01", LegalStatus::C2, PlacementType::K2);
    let ret = return_903([l.child("SW1")], Y2025);
    assert_eq!(
        ret.cells(Table::SocialWorkerEpisodes),
        [["SW1", "01/06/2012", "XX000005", "10/04/2025", "", "FCONTA"]]
    );
    // No previous permanence recorded: the row asks for it.
    assert_eq!(
        ret.cells(Table::PreviousPermanence),
        [["SW1", "01/06/2012", "", "", ""]]
    );
}

#[test]
fn a_same_day_handover_is_not_an_episode_and_an_unregistered_adviser_is_xx() {
    use hearth_domain::codes::SocialWorkerChangeReason as Why;
    use hearth_domain::keys::{TeamId, UserId};

    let allocated = |worker, reason| EventKind::Allocated {
        worker: UserId(worker),
        team: TeamId(1),
        reason,
    };
    let mut l = Ledger::new(date(2007, 11, 30));
    comes_into_care(&mut l, "2025-04-20", LegalStatus::C2, PlacementType::K2);
    // The duty worker hands on to the care team the same day.
    l.add("2025-04-20", allocated(5, Some(Why::FCONTA)));
    l.add("2025-04-20", allocated(6, Some(Why::TSPROC)));
    l.add(
        "2025-11-30",
        EventKind::CeasedLookedAfter {
            reason: ReasonEpisodeCeased::E8,
        },
    );
    // A personal adviser from the day the young person left care.
    l.add("2025-11-30", allocated(7, Some(Why::TSPROC)));
    let ret = return_903([l.child("LEAVER1")], Y2025);
    assert_eq!(
        ret.cells(Table::SocialWorkerEpisodes),
        [
            [
                "LEAVER1",
                "30/11/2007",
                "XX000006",
                "20/04/2025",
                "30/11/2025",
                "FCONTA"
            ],
            [
                "LEAVER1",
                "30/11/2007",
                "XX000007",
                "30/11/2025",
                "",
                "TSPROC"
            ],
        ]
    );
}

#[test]
fn with_no_questionnaire_a_child_under_4_at_their_health_assessment_has_reason_sdq1() {
    use hearth_domain::codes::SdqReason;
    use hearth_domain::events::HealthAssessmentKind;

    // Turns 4 in February 2026; looked after since 2024; assessed at 3.
    let mut l = Ledger::new(date(2022, 2, 10));
    comes_into_care(&mut l, "2024-03-01", LegalStatus::C2, PlacementType::U4);
    l.add(
        "2025-06-01",
        EventKind::HealthAssessment {
            assessment: HealthAssessmentKind::Review,
        },
    );
    let r = return_903([l.clone().child("SDQ1")], Y2025);
    assert!(r.oc2[0].sdq_score.is_missing());
    assert_eq!(r.oc2[0].sdq_reason, Field::Valid(SdqReason::SDQ1));

    // Assessed at 4 without a questionnaire: the reason is not known, and
    // is left for the rules to ask.
    l.add(
        "2026-03-01",
        EventKind::HealthAssessment {
            assessment: HealthAssessmentKind::Review,
        },
    );
    let r = return_903([l.child("SDQ1")], Y2025);
    assert!(r.oc2[0].sdq_reason.is_missing());

    // Still under 4 on 31 March: nothing is asked (rule 188).
    let mut l = Ledger::new(date(2022, 6, 1));
    comes_into_care(&mut l, "2024-03-01", LegalStatus::C2, PlacementType::U4);
    l.add(
        "2025-06-01",
        EventKind::HealthAssessment {
            assessment: HealthAssessmentKind::Review,
        },
    );
    let r = return_903([l.child("SDQ2")], Y2025);
    assert!(r.oc2[0].sdq_reason.is_missing());
}
