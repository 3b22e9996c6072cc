use std::path::PathBuf;

use jiff::civil::date;

use super::*;
use crate::Field;
use crate::cin::model::*;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/cin")
        .join(name)
}

fn read_str(text: &str) -> Result<CinFile, ReadError> {
    read_bytes("census.xml", text.as_bytes())
}

/// A one-child file with `inner` as the child's only episode's extra content.
fn one_child(identifiers: &str, details: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Message>\n<Children>\n<Child>\n\
         <ChildIdentifiers><LAchildID>C1</LAchildID>{identifiers}</ChildIdentifiers>\n\
         <ChildCharacteristics><Ethnicity>WBRI</Ethnicity></ChildCharacteristics>\n\
         <CINdetails>\n<CINreferralDate>2025-05-01</CINreferralDate>\n{details}\n</CINdetails>\n\
         </Child>\n</Children>\n</Message>\n"
    )
}

#[test]
fn the_2026_sample_is_read_element_by_element_with_its_pre_proceedings_block() {
    let file = read_file(&fixture("CIN_Census_2026.xml")).unwrap();
    let header = file.header.as_ref().unwrap();
    let details = header.collection_details.as_ref().unwrap();
    assert_eq!(details.collection, Field::Valid("CIN".into()));
    assert_eq!(details.year, Field::Valid(2023));
    assert_eq!(file.reference_date(), Some(date(2024, 3, 31)));
    assert_eq!(header.sources[0].lea, Field::Valid("201".into()));
    assert_eq!(header.sources[0].serial_no, Field::Valid("001".into()));
    assert_eq!(
        header.sources[0].date_time,
        Field::Valid(date(2023, 5, 23).at(11, 14, 5, 0))
    );

    assert_eq!(file.children.len(), 2);
    let first = &file.children[0];
    assert_eq!(first.la_child_id(), "DfEX0000001");
    assert_eq!(first.line, Some(18));
    assert_eq!(first.identifiers.upn, Field::Valid("A123456789123".into()));
    assert_eq!(first.identifiers.upn_unknown, Field::Valid(UpnUnknown::UN3));
    // `Sex` 1 is not a code of the 2024-25 list: kept for a rule to report.
    assert_eq!(first.identifiers.sex, Field::Invalid("1".into()));
    assert_eq!(
        first.characteristics.disabilities,
        vec![
            Field::Valid(Disability::HAND),
            Field::Valid(Disability::HEAR)
        ]
    );
    let episode = &first.cin_details[0];
    assert_eq!(
        episode.referral_source,
        Field::Valid(ReferralSource::IndividualFamilyMember)
    );
    assert_eq!(episode.primary_need_code, Field::Valid(PrimaryNeed::N4));
    assert_eq!(episode.referral_nfa, Field::Valid(false));
    let factors = &episode.assessments[0].assessment_factors;
    assert_eq!(factors[1], Field::Invalid("RB".into()));
    assert_eq!(factors.len(), 3);
    assert_eq!(episode.section47[0].icpc_not_required, Field::Valid(false));
    let plan = &episode.child_protection_plans[0];
    assert_eq!(plan.number_of_previous_cpp, Field::Valid(10));
    assert_eq!(
        plan.reviews.as_ref().unwrap().cpp_review_dates,
        vec![Field::Valid(date(2023, 2, 15))]
    );
    let block = &episode.pre_proceedings[0];
    assert_eq!(block.pp_start_date, Field::Valid(date(2026, 9, 9)));
    assert_eq!(block.fgdm_meeting_offer, Field::Valid(true));
    assert_eq!(block.review_meetings_count, Field::Valid(3));
    assert_eq!(block.pp_outcome, Field::Valid("A".into()));
    assert_eq!(block.letter_init_cp_date, Field::Valid(date(2027, 2, 5)));

    let second = &file.children[1];
    assert_eq!(second.identifiers.sex, Field::Valid(Sex::M));
    let assessment = &second.cin_details[0].assessments[0];
    assert!(assessment.factors_identified && assessment.assessment_factors.is_empty());
    assert!(second.cin_details[0].pre_proceedings.is_empty());
}

#[test]
fn the_2024_sample_and_the_large_sample_are_read_whole() {
    let small = read_file(&fixture("CIN_Census_2024.xml")).unwrap();
    assert_eq!(small.children.len(), 2);
    let large = read_file(&fixture("fake_CIN_data.xml")).unwrap();
    assert_eq!(large.children.len(), 332);
    let episodes: usize = large.children.iter().map(|c| c.cin_details.len()).sum();
    assert_eq!(episodes, 402);
    // `GenderCurrent` (before 2024-25) is passed over: no `Sex` is read.
    assert!(
        large
            .children
            .iter()
            .all(|c| c.identifiers.sex.is_missing())
    );
    assert!(
        large
            .children
            .iter()
            .flat_map(|c| &c.cin_details)
            .all(|d| d.referral_nfa == Field::Valid(true))
    );
}

#[test]
fn a_value_of_the_wrong_form_is_kept_not_refused() {
    let file = read_str(&one_child(
        "<PersonBirthDate>01/02/2020</PersonBirthDate><Sex>X</Sex>",
        "<ReferralSource>99</ReferralSource><ReferralNFA>maybe</ReferralNFA>",
    ))
    .unwrap();
    let child = &file.children[0];
    assert_eq!(
        child.identifiers.person_birth_date,
        Field::Invalid("01/02/2020".into())
    );
    assert_eq!(child.identifiers.sex, Field::Invalid("X".into()));
    assert_eq!(
        child.cin_details[0].referral_source,
        Field::Invalid("99".into())
    );
    assert_eq!(
        child.cin_details[0].referral_nfa,
        Field::Invalid("maybe".into())
    );
    assert_eq!(child.cin_details[0].line, Some(7));
}

#[test]
fn an_empty_element_is_missing_and_entities_are_resolved() {
    let file = read_str(&one_child(
        "<UPN/><Sex> F </Sex>",
        "<ReferralSource>1&#65;</ReferralSource>",
    ))
    .unwrap();
    let child = &file.children[0];
    assert!(child.identifiers.upn.is_missing());
    assert_eq!(child.identifiers.sex, Field::Valid(Sex::F));
    assert_eq!(
        child.cin_details[0].referral_source,
        Field::Valid(ReferralSource::IndividualFamilyMember)
    );
}

fn error_of(result: Result<CinFile, ReadError>) -> ReadError {
    match result {
        Ok(_) => panic!("expected the file to be refused"),
        Err(error) => error,
    }
}

#[test]
fn an_element_out_of_place_names_its_line_and_group() {
    let error = error_of(read_str(&one_child(
        "",
        "<CPPstartDate>2025-05-01</CPPstartDate>",
    )));
    assert_eq!(error.line, Some(9));
    assert_eq!(error.element.as_deref(), Some("CPPstartDate"));
    assert_eq!(
        error.to_string(),
        "census.xml, line 9, <CPPstartDate>: <CPPstartDate> is not an element of <CINdetails> in a CIN census file"
    );
}

#[test]
fn a_second_element_allowed_once_is_refused() {
    let error = error_of(read_str(&one_child("<Sex>M</Sex>\n<Sex>F</Sex>", "")));
    assert_eq!(error.element.as_deref(), Some("Sex"));
    assert!(
        error
            .problem
            .contains("a second <Sex> in <ChildIdentifiers>"),
        "{error}"
    );
}

#[test]
fn malformed_xml_names_the_line() {
    let text = one_child("", "<ReferralSource>1A</ReferralSourc>");
    let error = error_of(read_str(&text));
    assert_eq!(error.line, Some(9), "{error}");
    assert!(error.problem.starts_with("the XML is malformed"), "{error}");

    let whole = one_child("", "");
    let cut = &whole[..whole.find("</CINdetails>").unwrap()];
    let error = error_of(read_str(cut));
    assert!(error.problem.contains("the file ends inside"), "{error}");
    assert!(error.problem.contains("opened on line"), "{error}");
}

#[test]
fn a_value_with_an_element_inside_is_refused() {
    let error = error_of(read_str(&one_child("<Sex><M/></Sex>", "")));
    assert_eq!(error.element.as_deref(), Some("M"));
    assert!(error.problem.contains("which holds a value"), "{error}");
}

#[test]
fn empty_files_and_other_documents_are_refused() {
    assert_eq!(error_of(read_str("")).problem, "the file is empty");
    assert_eq!(error_of(read_str(" \n ")).problem, "the file is empty");
    let error = error_of(read_str("<?xml version=\"1.0\"?>\n<Root/>"));
    assert_eq!(
        (error.line, error.element.as_deref()),
        (Some(2), Some("Root"))
    );
    let error = error_of(read_str("<Message><Header/></Message>"));
    assert!(error.problem.contains("no <Children>"), "{error}");
    let error = error_of(read_str("<Message><Children/></Message><Message/>"));
    assert!(
        error.problem.contains("after the end of <Message>"),
        "{error}"
    );
    let error = error_of(read_str(
        "<!DOCTYPE x [<!ENTITY a \"b\">]><Message><Children/></Message>",
    ));
    assert!(error.problem.contains("DOCTYPE"), "{error}");
}

#[test]
fn windows_1252_text_and_utf16_are_refused_with_the_line() {
    let mut bytes = one_child("", "").into_bytes();
    let at = bytes.windows(2).position(|w| w == b"C1").unwrap();
    bytes[at + 1] = 0xE9; // "é" in Windows-1252
    let error = error_of(read_bytes("census.xml", &bytes));
    assert_eq!(error.line, Some(5));
    assert!(error.problem.contains("0xE9 is not UTF-8"), "{error}");
    let error = error_of(read_bytes("census.xml", &[0xFF, 0xFE, b'<', 0]));
    assert!(error.problem.contains("UTF-16"), "{error}");
}

#[test]
fn a_utf8_byte_order_mark_is_allowed() {
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice(one_child("", "").as_bytes());
    assert_eq!(read_bytes("census.xml", &bytes).unwrap().children.len(), 1);
}

#[test]
fn a_file_too_large_is_refused_before_it_is_read() {
    let path = std::env::temp_dir().join(format!("hearth-cin-large-{}.xml", std::process::id()));
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(MAX_FILE_BYTES + 1).unwrap();
    let error = error_of(read_file(&path));
    std::fs::remove_file(&path).unwrap();
    assert!(
        error
            .problem
            .contains("the largest census file read is 256 MB"),
        "{error}"
    );
    assert_eq!(error.file, path.display().to_string());
}

#[test]
fn a_missing_file_is_named() {
    let error = error_of(read_file(std::path::Path::new("/nonexistent/census.xml")));
    assert_eq!(error.file, "/nonexistent/census.xml");
    assert!(error.problem.starts_with("cannot be read"), "{error}");
}
