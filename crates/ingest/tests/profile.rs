//! Plain-text resumes read into profiles, with evidence for every fact.

use hitstaff_domain::CredentialLevel;
use hitstaff_ingest::parse;
use time::macros::date;

const TODAY: time::Date = date!(2026 - 11 - 22);

const EPIC_ANALYST: &str = include_str!("data/epic-analyst.txt");

#[test]
fn an_epic_lab_analyst() {
    let p = parse(EPIC_ANALYST, TODAY);
    let fact = |f: &Option<hitstaff_ingest::Fact<String>>| f.as_ref().map(|f| f.value.clone());
    assert_eq!(fact(&p.name).as_deref(), Some("Dana Whitfield"));
    assert_eq!(fact(&p.email).as_deref(), Some("dana.whitfield@example.org"));
    assert_eq!(fact(&p.phone).as_deref(), Some("(608) 555-0143"));
    assert_eq!(fact(&p.location).as_deref(), Some("Madison, WI 53703"));
    assert_eq!(p.links.len(), 1);
    // Evidence points at the words.
    let email = p.email.as_ref().unwrap();
    assert_eq!(&EPIC_ANALYST[email.span.clone()], "dana.whitfield@example.org");

    type Row = (
        Option<String>,
        Option<String>,
        Option<time::Date>,
        Option<time::Date>,
    );
    let roles: Vec<Row> = p
        .roles
        .iter()
        .map(|r| {
            (
                fact(&r.title),
                fact(&r.employer),
                r.start.as_ref().map(|s| s.value),
                r.end,
            )
        })
        .collect();
    assert_eq!(
        roles,
        vec![
            (
                Some("Senior Beaker Analyst".into()),
                Some("Lakeside Health".into()),
                Some(date!(2019 - 01 - 01)),
                None
            ),
            (
                Some("Laboratory Systems Analyst".into()),
                Some("Lakeside Health".into()),
                Some(date!(2015 - 03 - 01)),
                Some(date!(2019 - 01 - 01))
            ),
            (
                Some("Medical Technologist".into()),
                Some("Mercy Medical Center".into()),
                Some(date!(2011 - 01 - 01)),
                Some(date!(2016 - 01 - 01))
            ),
        ]
    );
    // 2011 to today, the overlap of 2015 counted once.
    assert_eq!(p.total_years_tenths, 159);

    let skill = |id: &str| {
        p.skills
            .iter()
            .find(|s| s.skill.as_str() == id)
            .unwrap_or_else(|| panic!("{id} in {:?}", p.skills))
    };
    // Beaker CP: named in the current role (2019 to today): 7.9 years, used this year, certified.
    let cp = skill("epic.beaker_cp");
    assert_eq!(
        (cp.years_tenths, cp.last_used_year, cp.level),
        (79, Some(2026), Some(CredentialLevel::Certified))
    );
    let ap = skill("epic.beaker_ap");
    assert_eq!(ap.level, Some(CredentialLevel::Proficient));
    // Sunquest only in the 2015-2018 role.
    let sunquest = skill("sunquest");
    assert_eq!((sunquest.years_tenths, sunquest.last_used_year), (38, Some(2019)));
    assert!(skill("hl7.v2").years_tenths > 70 && skill("engine.cloverleaf").years_tenths > 70);
    assert_eq!(skill("crystal_reports").last_used_year, Some(2019));
    // Each skill says where the resume names it.
    for s in &p.skills {
        assert!(!s.evidence.is_empty());
        for span in &s.evidence {
            assert!(!EPIC_ANALYST[span.clone()].trim().is_empty());
        }
    }
    let certs: Vec<(&str, CredentialLevel, Option<i32>)> = p
        .certifications
        .iter()
        .map(|c| (c.skill.as_str(), c.level, c.year))
        .collect();
    assert_eq!(
        certs,
        vec![
            ("epic.beaker_cp", CredentialLevel::Certified, Some(2016)),
            ("epic.beaker_ap", CredentialLevel::Proficient, Some(2020)),
        ]
    );
}

#[test]
fn education_lines_in_any_order() {
    let p = parse(EPIC_ANALYST, TODAY);
    let e: Vec<(Option<&str>, Option<&str>, Option<i32>)> = p
        .education
        .iter()
        .map(|e| {
            (
                e.degree.as_ref().map(|d| d.value.as_str()),
                e.institution.as_ref().map(|i| i.value.as_str()),
                e.year,
            )
        })
        .collect();
    assert_eq!(
        e,
        vec![(
            Some("B.S. Medical Laboratory Science"),
            Some("University of Wisconsin"),
            Some(2011)
        )]
    );
    let other = "Sam Lee\n\nEDUCATION\nMadison College | A.A.S. Health Information Technology | 2009\nMaster of Health Administration — Johns Hopkins University\n";
    let p = parse(other, TODAY);
    let got: Vec<(Option<String>, Option<String>, Option<i32>)> = p
        .education
        .iter()
        .map(|e| {
            (
                e.degree.as_ref().map(|d| d.value.clone()),
                e.institution.as_ref().map(|i| i.value.clone()),
                e.year,
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (
                Some("A.A.S. Health Information Technology".into()),
                Some("Madison College".into()),
                Some(2009)
            ),
            (
                Some("Master of Health Administration".into()),
                Some("Johns Hopkins University".into()),
                None
            ),
        ]
    );
    for e in &p.education {
        for f in e.degree.iter().chain(&e.institution) {
            assert_eq!(&other[f.span.clone()], f.value);
        }
    }
}

const CHIP_DESIGNER: &str = "Priya Raman
Austin, TX | priya.raman@example.com

WORK HISTORY
Physical Design Engineer at Silicon Ridge Inc.   2018 - Present
Cadence Innovus and Virtuoso; Beacon timing scripts; Python automation.

Design Intern, Lone Star Chips, Austin, TX   May 2016 - Aug 2017
";

#[test]
fn a_chip_designer_has_no_epic_skills() {
    let p = parse(CHIP_DESIGNER, TODAY);
    let ids: Vec<&str> = p.skills.iter().map(|s| s.skill.as_str()).collect();
    assert_eq!(ids, vec!["python"], "Cadence and Beacon are not Epic here");
    assert_eq!(p.roles.len(), 2);
    assert_eq!(p.roles[1].end, Some(date!(2017 - 09 - 01)));
    assert_eq!(
        p.roles[0].employer.as_ref().map(|e| e.value.as_str()),
        Some("Silicon Ridge Inc.")
    );
    assert!(p.certifications.is_empty());
}

#[test]
fn nothing_useful_is_an_empty_profile_not_an_error() {
    for text in [
        "",
        "\n\n\n",
        "lorem ipsum dolor sit amet",
        "2019 - 2018",
        "@@@ ---- ////",
    ] {
        let p = parse(text, TODAY);
        assert!(
            p.roles.is_empty() && p.skills.is_empty() && p.email.is_none(),
            "{text:?}"
        );
    }
}

proptest::proptest! {
    /// Any text, however odd, gives a profile whose every span lies on character boundaries of
    /// that text: the parser never panics and its evidence can always be shown.
    #[test]
    fn any_text_parses_and_its_evidence_can_be_shown(
        noise in "(?s).{0,400}",
        resume_part in proptest::sample::select(vec![EPIC_ANALYST, CHIP_DESIGNER, ""]),
        cut in 0usize..2000,
    ) {
        let mut text = resume_part.chars().take(cut).collect::<String>();
        text.push_str(&noise);
        let p = parse(&text, TODAY);
        let mut spans = Vec::new();
        for f in [&p.name, &p.email, &p.phone, &p.location].into_iter().flatten() {
            spans.push(f.span.clone());
        }
        spans.extend(p.links.iter().map(|l| l.span.clone()));
        spans.extend(p.certifications.iter().map(|c| c.span.clone()));
        for r in &p.roles {
            spans.extend(r.start.iter().map(|s| s.span.clone()));
            spans.extend(r.title.iter().chain(&r.employer).map(|f| f.span.clone()));
            spans.extend(r.skills.iter().map(|f| f.span.clone()));
        }
        spans.extend(p.skills.iter().flat_map(|s| s.evidence.clone()));
        for e in &p.education {
            spans.push(e.span.clone());
            spans.extend(e.degree.iter().chain(&e.institution).map(|f| f.span.clone()));
        }
        for span in spans {
            proptest::prop_assert!(text.get(span.clone()).is_some(), "{span:?} in {text:?}");
        }
    }
}
