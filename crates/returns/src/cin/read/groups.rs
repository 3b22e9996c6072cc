//! The census's groups of elements, read one by one from the document.

use super::ReadError;
use super::values::{code, count, date, date_time, digits, exactly, text, year, yes_no};
use super::xml::{Item, Xml};
use crate::Field;
use crate::cin::model::*;

/// Reads the elements inside `group` (opened on `opened`) up to its closing
/// tag, handing each to `each` with its name and line. Text between the
/// elements is passed over.
fn elements(
    xml: &mut Xml<'_>,
    group: &str,
    opened: Line,
    mut each: impl FnMut(&mut Xml<'_>, &str, Line) -> Result<(), ReadError>,
) -> Result<(), ReadError> {
    loop {
        match xml.next(group)? {
            Item::Open { name, line } => each(xml, &name, line)?,
            Item::Close => return Ok(()),
            Item::Text(_) => {}
            Item::End => {
                let line = xml.current_line();
                return Err(xml.error(
                    line,
                    group,
                    format!("the file ends inside <{group}>, opened on line {opened}"),
                ));
            }
        }
    }
}

/// The text of an element that holds a value, trimmed; `None` when empty.
fn value(xml: &mut Xml<'_>, element: &str, opened: Line) -> Result<Option<String>, ReadError> {
    let mut whole = String::new();
    loop {
        match xml.next(element)? {
            Item::Text(text) => whole.push_str(&text),
            Item::Close => break,
            Item::Open { name, line } => {
                return Err(xml.error(
                    line,
                    &name,
                    format!("<{name}> cannot be inside <{element}>, which holds a value"),
                ));
            }
            Item::End => {
                let line = xml.current_line();
                return Err(xml.error(
                    line,
                    element,
                    format!("the file ends inside <{element}>, opened on line {opened}"),
                ));
            }
        }
    }
    let trimmed = whole.trim();
    Ok((!trimmed.is_empty()).then(|| trimmed.to_owned()))
}

/// Passes over an element and everything in it.
fn skip(xml: &mut Xml<'_>, element: &str, opened: Line) -> Result<(), ReadError> {
    elements(xml, element, opened, |xml, name, line| {
        skip(xml, name, line)
    })
}

/// An element the census does not have in this group.
fn out_of_place(xml: &Xml<'_>, name: &str, line: Line, group: &str) -> ReadError {
    xml.error(
        line,
        name,
        format!("<{name}> is not an element of <{group}> in a CIN census file"),
    )
}

/// Reads one value into its slot: a second occurrence of an element the
/// census allows once is an error.
fn once<T>(
    xml: &mut Xml<'_>,
    slot: &mut Field<T>,
    name: &str,
    line: Line,
    group: &str,
    form: impl FnOnce(Option<String>) -> Field<T>,
) -> Result<(), ReadError> {
    let read = form(value(xml, name, line)?);
    if slot.is_present() {
        return Err(xml.error(
            line,
            name,
            format!("a second <{name}> in <{group}>; the census allows one"),
        ));
    }
    *slot = read;
    Ok(())
}

/// A group the census allows once in its parent.
fn once_group<T>(
    xml: &Xml<'_>,
    slot: &mut Option<T>,
    read: T,
    name: &str,
    line: Line,
    group: &str,
) -> Result<(), ReadError> {
    if slot.is_some() {
        return Err(xml.error(
            line,
            name,
            format!("a second <{name}> in <{group}>; the census allows one"),
        ));
    }
    *slot = Some(read);
    Ok(())
}

/// The whole document: `Message`, then nothing else.
pub(super) fn message(xml: &mut Xml<'_>) -> Result<CinFile, ReadError> {
    let opened = loop {
        match xml.next("")? {
            Item::Open { name, line } if name == "Message" => break line,
            Item::Open { name, line } => {
                return Err(xml.error(
                    line,
                    &name,
                    format!("the document is <{name}>; a CIN census file is a <Message>"),
                ));
            }
            Item::Text(_) | Item::Close => {}
            Item::End => {
                let line = xml.current_line();
                return Err(xml.error(line, "", "the file has no <Message> element"));
            }
        }
    };
    let mut header = None;
    let mut children = None;
    elements(xml, "Message", opened, |xml, name, line| match name {
        "Header" => {
            let read = self::header(xml, line)?;
            once_group(xml, &mut header, read, name, line, "Message")
        }
        "Children" => {
            let read = self::children(xml, line)?;
            once_group(xml, &mut children, read, name, line, "Message")
        }
        _ => Err(out_of_place(xml, name, line, "Message")),
    })?;
    loop {
        match xml.next("")? {
            Item::End => break,
            Item::Text(_) | Item::Close => {}
            Item::Open { name, line } => {
                return Err(xml.error(
                    line,
                    &name,
                    format!("<{name}> comes after the end of <Message>"),
                ));
            }
        }
    }
    let Some(children) = children else {
        return Err(xml.error(opened, "Message", "<Message> has no <Children> element"));
    };
    Ok(CinFile { header, children })
}

fn header(xml: &mut Xml<'_>, opened: Line) -> Result<Header, ReadError> {
    let mut header = Header {
        line: Some(opened),
        ..Header::default()
    };
    elements(xml, "Header", opened, |xml, name, line| match name {
        "CollectionDetails" => {
            let read = collection_details(xml, line)?;
            once_group(
                xml,
                &mut header.collection_details,
                read,
                name,
                line,
                "Header",
            )
        }
        "Source" => {
            header.sources.push(source(xml, line)?);
            Ok(())
        }
        _ => Err(out_of_place(xml, name, line, "Header")),
    })?;
    Ok(header)
}

fn collection_details(xml: &mut Xml<'_>, opened: Line) -> Result<CollectionDetails, ReadError> {
    const G: &str = "CollectionDetails";
    let mut details = CollectionDetails {
        line: Some(opened),
        ..CollectionDetails::default()
    };
    elements(xml, G, opened, |xml, name, line| match name {
        "Collection" => once(xml, &mut details.collection, name, line, G, |v| {
            exactly(v, "CIN")
        }),
        "Year" => once(xml, &mut details.year, name, line, G, year),
        "ReferenceDate" => once(xml, &mut details.reference_date, name, line, G, date),
        _ => Err(out_of_place(xml, name, line, G)),
    })?;
    Ok(details)
}

fn source(xml: &mut Xml<'_>, opened: Line) -> Result<Source, ReadError> {
    const G: &str = "Source";
    let mut source = Source {
        line: Some(opened),
        ..Source::default()
    };
    elements(xml, G, opened, |xml, name, line| match name {
        "SourceLevel" => once(xml, &mut source.source_level, name, line, G, |v| {
            exactly(v, "L")
        }),
        "LEA" => once(xml, &mut source.lea, name, line, G, |v| digits(v, 3, 3)),
        "SoftwareCode" => once(xml, &mut source.software_code, name, line, G, text),
        "Release" => once(xml, &mut source.release, name, line, G, text),
        "SerialNo" => once(xml, &mut source.serial_no, name, line, G, |v| {
            digits(v, 3, usize::MAX)
        }),
        "DateTime" => once(xml, &mut source.date_time, name, line, G, date_time),
        _ => Err(out_of_place(xml, name, line, G)),
    })?;
    Ok(source)
}

fn children(xml: &mut Xml<'_>, opened: Line) -> Result<Vec<Child>, ReadError> {
    let mut children = Vec::new();
    elements(xml, "Children", opened, |xml, name, line| match name {
        "Child" => {
            children.push(child(xml, line)?);
            Ok(())
        }
        _ => Err(out_of_place(xml, name, line, "Children")),
    })?;
    Ok(children)
}

fn child(xml: &mut Xml<'_>, opened: Line) -> Result<Child, ReadError> {
    const G: &str = "Child";
    let mut identifiers = None;
    let mut characteristics = None;
    let mut cin_details = Vec::new();
    elements(xml, G, opened, |xml, name, line| match name {
        "ChildIdentifiers" => {
            let read = child_identifiers(xml, line)?;
            once_group(xml, &mut identifiers, read, name, line, G)
        }
        "ChildCharacteristics" => {
            let read = child_characteristics(xml, line)?;
            once_group(xml, &mut characteristics, read, name, line, G)
        }
        "CINdetails" => {
            cin_details.push(self::cin_details(xml, line)?);
            Ok(())
        }
        _ => Err(out_of_place(xml, name, line, G)),
    })?;
    Ok(Child {
        line: Some(opened),
        identifiers: identifiers.unwrap_or_default(),
        characteristics: characteristics.unwrap_or_default(),
        cin_details,
    })
}

fn child_identifiers(xml: &mut Xml<'_>, opened: Line) -> Result<ChildIdentifiers, ReadError> {
    const G: &str = "ChildIdentifiers";
    let mut ids = ChildIdentifiers {
        line: Some(opened),
        ..ChildIdentifiers::default()
    };
    elements(xml, G, opened, |xml, name, line| match name {
        "LAchildID" => once(xml, &mut ids.la_child_id, name, line, G, text),
        "UPN" => once(xml, &mut ids.upn, name, line, G, text),
        "FormerUPN" => once(xml, &mut ids.former_upn, name, line, G, text),
        "UPNunknown" => once(xml, &mut ids.upn_unknown, name, line, G, code),
        "PersonBirthDate" => once(xml, &mut ids.person_birth_date, name, line, G, date),
        "ExpectedPersonBirthDate" => once(
            xml,
            &mut ids.expected_person_birth_date,
            name,
            line,
            G,
            date,
        ),
        "Sex" => once(xml, &mut ids.sex, name, line, G, code),
        "PersonDeathDate" => once(xml, &mut ids.person_death_date, name, line, G, date),
        // Replaced by `Sex` from the 2024-25 census; older files still have it.
        "GenderCurrent" => skip(xml, name, line),
        _ => Err(out_of_place(xml, name, line, G)),
    })?;
    Ok(ids)
}

fn child_characteristics(
    xml: &mut Xml<'_>,
    opened: Line,
) -> Result<ChildCharacteristics, ReadError> {
    const G: &str = "ChildCharacteristics";
    let mut traits = ChildCharacteristics {
        line: Some(opened),
        ..ChildCharacteristics::default()
    };
    elements(xml, G, opened, |xml, name, line| match name {
        "Ethnicity" => once(xml, &mut traits.ethnicity, name, line, G, code),
        "Disabilities" => elements(xml, name, line, |xml, inner, at| match inner {
            "Disability" => {
                let read = code(value(xml, inner, at)?);
                traits.disabilities.push(read);
                Ok(())
            }
            _ => Err(out_of_place(xml, inner, at, "Disabilities")),
        }),
        _ => Err(out_of_place(xml, name, line, G)),
    })?;
    Ok(traits)
}

fn cin_details(xml: &mut Xml<'_>, opened: Line) -> Result<CinDetails, ReadError> {
    const G: &str = "CINdetails";
    let mut details = CinDetails {
        line: Some(opened),
        ..CinDetails::default()
    };
    let d = &mut details;
    elements(xml, G, opened, |xml, name, line| match name {
        "CINreferralDate" => once(xml, &mut d.cin_referral_date, name, line, G, date),
        "ReferralSource" => once(xml, &mut d.referral_source, name, line, G, code),
        "PrimaryNeedCode" => once(xml, &mut d.primary_need_code, name, line, G, code),
        "CINclosureDate" => once(xml, &mut d.cin_closure_date, name, line, G, date),
        "ReasonForClosure" => once(xml, &mut d.reason_for_closure, name, line, G, code),
        "DateOfInitialCPC" => once(xml, &mut d.date_of_initial_cpc, name, line, G, date),
        "ReferralNFA" => once(xml, &mut d.referral_nfa, name, line, G, yes_no),
        "Assessments" => {
            d.assessments.push(assessment(xml, line)?);
            Ok(())
        }
        "CINPlanDates" => {
            d.cin_plan_dates.push(cin_plan_dates(xml, line)?);
            Ok(())
        }
        "Section47" => {
            d.section47.push(section47(xml, line)?);
            Ok(())
        }
        "ChildProtectionPlans" => {
            d.child_protection_plans
                .push(child_protection_plan(xml, line)?);
            Ok(())
        }
        "PreProceedingsandFGDM" => {
            d.pre_proceedings.push(pre_proceedings(xml, line)?);
            Ok(())
        }
        _ => Err(out_of_place(xml, name, line, G)),
    })?;
    Ok(details)
}

fn assessment(xml: &mut Xml<'_>, opened: Line) -> Result<Assessment, ReadError> {
    const G: &str = "Assessments";
    let mut a = Assessment {
        line: Some(opened),
        ..Assessment::default()
    };
    elements(xml, G, opened, |xml, name, line| match name {
        "AssessmentActualStartDate" => once(
            xml,
            &mut a.assessment_actual_start_date,
            name,
            line,
            G,
            date,
        ),
        "AssessmentInternalReviewDate" => once(
            xml,
            &mut a.assessment_internal_review_date,
            name,
            line,
            G,
            date,
        ),
        "AssessmentAuthorisationDate" => once(
            xml,
            &mut a.assessment_authorisation_date,
            name,
            line,
            G,
            date,
        ),
        "FactorsIdentifiedAtAssessment" => {
            a.factors_identified = true;
            elements(xml, name, line, |xml, inner, at| match inner {
                "AssessmentFactors" => {
                    let read = code(value(xml, inner, at)?);
                    a.assessment_factors.push(read);
                    Ok(())
                }
                _ => Err(out_of_place(
                    xml,
                    inner,
                    at,
                    "FactorsIdentifiedAtAssessment",
                )),
            })
        }
        _ => Err(out_of_place(xml, name, line, G)),
    })?;
    Ok(a)
}

fn cin_plan_dates(xml: &mut Xml<'_>, opened: Line) -> Result<CinPlanDates, ReadError> {
    const G: &str = "CINPlanDates";
    let mut plan = CinPlanDates {
        line: Some(opened),
        ..CinPlanDates::default()
    };
    elements(xml, G, opened, |xml, name, line| match name {
        "CINPlanStartDate" => once(xml, &mut plan.cin_plan_start_date, name, line, G, date),
        "CINPlanEndDate" => once(xml, &mut plan.cin_plan_end_date, name, line, G, date),
        _ => Err(out_of_place(xml, name, line, G)),
    })?;
    Ok(plan)
}

fn section47(xml: &mut Xml<'_>, opened: Line) -> Result<Section47, ReadError> {
    const G: &str = "Section47";
    let mut s = Section47 {
        line: Some(opened),
        ..Section47::default()
    };
    elements(xml, G, opened, |xml, name, line| match name {
        "S47ActualStartDate" => once(xml, &mut s.s47_actual_start_date, name, line, G, date),
        "InitialCPCtarget" => once(xml, &mut s.initial_cpc_target, name, line, G, date),
        "DateOfInitialCPC" => once(xml, &mut s.date_of_initial_cpc, name, line, G, date),
        "ICPCnotRequired" => once(xml, &mut s.icpc_not_required, name, line, G, yes_no),
        _ => Err(out_of_place(xml, name, line, G)),
    })?;
    Ok(s)
}

fn child_protection_plan(
    xml: &mut Xml<'_>,
    opened: Line,
) -> Result<ChildProtectionPlan, ReadError> {
    const G: &str = "ChildProtectionPlans";
    let mut plan = ChildProtectionPlan {
        line: Some(opened),
        ..ChildProtectionPlan::default()
    };
    let p = &mut plan;
    elements(xml, G, opened, |xml, name, line| match name {
        "CPPstartDate" => once(xml, &mut p.cpp_start_date, name, line, G, date),
        "CPPendDate" => once(xml, &mut p.cpp_end_date, name, line, G, date),
        "InitialCategoryOfAbuse" => {
            once(xml, &mut p.initial_category_of_abuse, name, line, G, code)
        }
        "LatestCategoryOfAbuse" => once(xml, &mut p.latest_category_of_abuse, name, line, G, code),
        "NumberOfPreviousCPP" => once(xml, &mut p.number_of_previous_cpp, name, line, G, count),
        "Reviews" => {
            let mut reviews = Reviews {
                line: Some(line),
                cpp_review_dates: Vec::new(),
            };
            elements(xml, name, line, |xml, inner, at| match inner {
                "CPPreviewDate" => {
                    let read = date(value(xml, inner, at)?);
                    reviews.cpp_review_dates.push(read);
                    Ok(())
                }
                _ => Err(out_of_place(xml, inner, at, "Reviews")),
            })?;
            once_group(xml, &mut p.reviews, reviews, name, line, G)
        }
        _ => Err(out_of_place(xml, name, line, G)),
    })?;
    Ok(plan)
}

fn pre_proceedings(xml: &mut Xml<'_>, opened: Line) -> Result<PreProceedingsAndFgdm, ReadError> {
    const G: &str = "PreProceedingsandFGDM";
    let mut block = PreProceedingsAndFgdm {
        line: Some(opened),
        ..PreProceedingsAndFgdm::default()
    };
    let b = &mut block;
    elements(xml, G, opened, |xml, name, line| match name {
        "PPStartDate" => once(xml, &mut b.pp_start_date, name, line, G, date),
        "LBPSentDate" => once(xml, &mut b.lbp_sent_date, name, line, G, date),
        "FGDMMeetingOffer" => once(xml, &mut b.fgdm_meeting_offer, name, line, G, yes_no),
        "FGDMMeetingFac" => once(xml, &mut b.fgdm_meeting_fac, name, line, G, yes_no),
        "InitialPPMeetingDate" => once(xml, &mut b.initial_pp_meeting_date, name, line, G, date),
        "ReviewMeetingsCount" => once(xml, &mut b.review_meetings_count, name, line, G, count),
        "StepDecisionDate" => once(xml, &mut b.step_decision_date, name, line, G, date),
        "PPOutcome" => once(xml, &mut b.pp_outcome, name, line, G, text),
        "CourtAppDate" => once(xml, &mut b.court_app_date, name, line, G, date),
        "LetterInitCPDate" => once(xml, &mut b.letter_init_cp_date, name, line, G, date),
        _ => Err(out_of_place(xml, name, line, G)),
    })?;
    Ok(block)
}
