//! The layouts other people write resumes in, each read as a recruiter would (issue 13). Every
//! resume here is the project's own words in a layout seen in the wild.

use hitstaff_domain::CredentialLevel;
use hitstaff_ingest::{Fact, Profile, parse};
use time::macros::date;

const TODAY: time::Date = date!(2026 - 11 - 22);

fn value(f: &Option<Fact<String>>) -> Option<&str> {
    f.as_ref().map(|f| f.value.as_str())
}

/// Each role as "title @ employer: start..end" ("?" where the reader found nothing).
fn roles(p: &Profile) -> Vec<String> {
    p.roles
        .iter()
        .map(|r| {
            let dates = match &r.start {
                Some(s) => format!(
                    "{}..{}",
                    &s.value.to_string()[..7],
                    r.end
                        .map_or_else(|| "now".to_string(), |e| e.to_string()[..7].to_string())
                ),
                None => "undated".to_string(),
            };
            format!(
                "{} @ {}: {dates}",
                value(&r.title).unwrap_or("?"),
                value(&r.employer).unwrap_or("?")
            )
        })
        .collect()
}

fn schools(p: &Profile) -> Vec<String> {
    p.education
        .iter()
        .map(|e| {
            format!(
                "{} | {} | {}",
                value(&e.degree).unwrap_or("?"),
                value(&e.institution).unwrap_or("?"),
                e.year.map_or_else(|| "?".to_string(), |y| y.to_string())
            )
        })
        .collect()
}

fn skills(p: &Profile) -> Vec<&str> {
    p.skills.iter().map(|s| s.skill.as_str()).collect()
}

fn certificates(p: &Profile) -> Vec<String> {
    p.certifications
        .iter()
        .map(|c| {
            format!(
                "{} {} {}",
                c.skill,
                c.level.code(),
                c.year.map_or_else(|| "-".to_string(), |y| y.to_string())
            )
        })
        .collect()
}

#[test]
fn employer_then_city_and_state_keeps_the_place_out_of_the_employer() {
    let p = parse(
        "Dana Fox\n\nWORK EXPERIENCE\n\nClinical Analyst\n\nMercy Hospital - Joplin, Missouri -\n\nJanuary 2018 to Present\n\n\
         • Order sets.\n\nUnit Clerk\n\nFreeman Health System - Joplin, MO\n\nMay 2014 to December 2017\n",
        TODAY,
    );
    assert_eq!(
        roles(&p),
        [
            "Clinical Analyst @ Mercy Hospital: 2018-01..now",
            "Unit Clerk @ Freeman Health System: 2014-05..2018-01"
        ]
    );
}

#[test]
fn a_job_with_no_title_line_keeps_its_employer_as_the_employer() {
    let p = parse(
        "Ravi Menon\n\nWORK EXPERIENCE\n\nSupport Engineer\n\nWipro Ltd - Kochi, Kerala -\n\nJune 2019 to Present\n\n\
         • Tickets.\n\nMphasis LTD - KARNATAKA, IN -\n\nMarch 2015 to May 2019\n\n• Night shift monitoring.\n",
        TODAY,
    );
    assert_eq!(
        roles(&p),
        [
            "Support Engineer @ Wipro Ltd: 2019-06..now",
            "? @ Mphasis LTD: 2015-03..2019-06"
        ]
    );
}

#[test]
fn title_employer_place_and_dates_on_one_line() {
    let p = parse(
        "Lee Park\nlee@example.com\n\nEXPERIENCE\n\
         Interface Analyst, Regions Hospital — Saint Paul (2019–present)\n- Mirth channels.\n\
         Help Desk Technician, Allina Health — Minneapolis (2015–2019)\n",
        TODAY,
    );
    assert_eq!(
        roles(&p),
        [
            "Interface Analyst @ Regions Hospital: 2019-01..now",
            "Help Desk Technician @ Allina Health: 2015-01..2020-01"
        ]
    );
}

#[test]
fn employer_place_title_and_dates_on_one_line() {
    let p = parse(
        "Lee Park\n\nWORK HISTORY\nSanford Health, Fargo ND, Systems Analyst, 2017 – Present\n\
         Essentia Health, Duluth, MN, Desktop Technician, 2012 – 2017\n",
        TODAY,
    );
    assert_eq!(
        roles(&p),
        [
            "Systems Analyst @ Sanford Health: 2017-01..now",
            "Desktop Technician @ Essentia Health: 2012-01..2018-01"
        ]
    );
}

#[test]
fn jobs_without_dates_under_a_work_heading_are_still_jobs() {
    let p = parse(
        "Ana Ruiz\nana@example.com\n\nWork Experience\n\nPharmacy Technician\nWalgreens, El Paso, TX\n\
         - Filled prescriptions.\n\nCashier\nAlbertsons, El Paso, TX\n- Front end.\n\nEducation\nEl Paso Community College\n",
        TODAY,
    );
    assert_eq!(
        roles(&p),
        [
            "Pharmacy Technician @ Walgreens: undated",
            "Cashier @ Albertsons: undated"
        ]
    );
    assert_eq!(p.total_years_tenths, 0, "undated jobs add no years");
}

#[test]
fn years_inside_descriptions_start_no_job() {
    let p = parse(
        "Omar Said\n\nEXPERIENCE\n\nSystems Engineer\nBaptist Health - Louisville, KY\nApril 2016 to Present\n\
         Project: Intranet rebuild\nDuration: June 2017 - August 2017\n\
         • Moved sites off SharePoint 2010 - 2013 farms.\n\
         • Retired Windows Server 2000\n2003 domain controllers.\n\
         • Worked during the year 2019-2020 on the Epic refuel.\n\
         Technician\nNorton Healthcare - Louisville, KY\nMay 2012 to March 2016\n",
        TODAY,
    );
    assert_eq!(
        roles(&p),
        [
            "Systems Engineer @ Baptist Health: 2016-04..now",
            "Technician @ Norton Healthcare: 2012-05..2016-04"
        ]
    );
    assert!(skills(&p).contains(&"sharepoint") && skills(&p).contains(&"windows_server"));
}

#[test]
fn the_headline_under_the_name_is_read() {
    let p = parse(
        "Meera Iyer\nInterface Developer - Cognizant Technology Solutions\n\nChennai, Tamil Nadu - Email me on Indeed: indeed.com/r/Meera-Iyer/abc123\n\n\
         WORK EXPERIENCE\n\nInterface Developer\n\nCognizant Technology Solutions -\n\nJuly 2020 to Present\n",
        TODAY,
    );
    assert_eq!(
        value(&p.headline),
        Some("Interface Developer - Cognizant Technology Solutions")
    );
    assert_eq!(
        roles(&p),
        ["Interface Developer @ Cognizant Technology Solutions: 2020-07..now"]
    );
    // A headline that is a sentence is still the headline; a contact line is not.
    let p = parse("Sam Roe\nsam@example.com | 555-0100\n\nEXPERIENCE\n", TODAY);
    assert_eq!(value(&p.headline), None);
}

#[test]
fn places_as_people_write_them() {
    let cases = [
        (
            "Pune, Maharashtra - Email me on Indeed: indeed.com/r/x/1",
            "Pune, Maharashtra",
        ),
        ("Little Rock, Arkansas | a@example.com", "Little Rock, Arkansas"),
        ("Cebu City, Cebu, Philippines", "Cebu City, Cebu, Philippines"),
        ("Toronto, ON M5V 2T6 · a@example.com", "Toronto, ON M5V 2T6"),
        ("Leeds, United Kingdom", "Leeds, United Kingdom"),
        ("Madison, WI 53703", "Madison, WI 53703"),
        ("Nagpur, MAHARASHTRA, IN", "Nagpur, MAHARASHTRA, IN"),
        ("Address: 12 Elm St, Dayton, Ohio 45402", "Dayton, Ohio 45402"),
    ];
    for (line, place) in cases {
        let p = parse(&format!("Kim Lo\n{line}\n\nEXPERIENCE\n"), TODAY);
        assert_eq!(value(&p.location), Some(place), "{line}");
    }
    // "IN" after an Indian state is India, not Indiana; "ON" is Ontario.
    let p = parse("Kim Lo\nNagpur, MAHARASHTRA, IN\n", TODAY);
    let place = p.place.expect("a place");
    assert_eq!(
        (place.region.as_deref(), place.country.as_deref()),
        (Some("Maharashtra"), Some("India"))
    );
    let p = parse("Kim Lo\nToronto, ON\n", TODAY);
    assert_eq!(p.place.and_then(|p| p.country).as_deref(), Some("Canada"));
    let p = parse("Kim Lo\nFort Wayne, IN 46802\n", TODAY);
    let place = p.place.expect("a place");
    assert_eq!(
        (place.region.as_deref(), place.country.as_deref()),
        (Some("IN"), Some("United States"))
    );
    // Words that only look like places are not.
    let p = parse("Kim Lo\nSkills: Epic, Cerner, HL7\n", TODAY);
    assert_eq!(value(&p.location), None);
}

#[test]
fn education_keeps_to_its_entries() {
    let p = parse(
        "Jo Park\n\nEDUCATION\n\nB.Tech in Computer Science\n\nPSG College of Technology - Coimbatore, Tamil Nadu\n\n\
         2010 to 2014\n\nHigher Secondary Certificate\n\nKendriya Vidyalaya - Chennai, Tamil Nadu\n\n2010\n\n\
         Page 2 of 2\n\nADDITIONAL INFORMATION\n\n• Led the college coding club.\n• Volunteered at a clinic.\n",
        TODAY,
    );
    assert_eq!(
        schools(&p),
        [
            "B.Tech in Computer Science | PSG College of Technology | 2014",
            "Higher Secondary Certificate | Kendriya Vidyalaya | 2010"
        ]
    );
    let p = parse(
        "Jo Park\n\nEducation\nBachelor of Science in Nursing\nUniversity of Iowa, Iowa City, IA\nMay 2012\n\
         Coursework: pharmacology, informatics, statistics and research methods for nurses.\n\
         • Dean's list, six semesters\n\nLicensure\nRegistered Nurse, Iowa Board of Nursing, #123456\n",
        TODAY,
    );
    assert_eq!(
        schools(&p),
        ["Bachelor of Science in Nursing | University of Iowa | 2012"]
    );
    assert_eq!(
        p.credentials.iter().map(|c| c.value.as_str()).collect::<Vec<_>>(),
        ["Registered Nurse, Iowa Board of Nursing, #123456"],
        "a licence the taxonomy does not know is kept as written"
    );
}

#[test]
fn a_runaway_education_section_is_bounded() {
    let mut text = String::from("Jo Park\n\nEDUCATION\n");
    for i in 0..5000 {
        text.push_str(&format!("Diploma {i}, Example College, 2010\n"));
    }
    let p = parse(&text, TODAY);
    assert_eq!(p.education.len(), hitstaff_ingest::MAX_ENTRIES);
}

#[test]
fn each_certificate_keeps_its_own_year_and_level() {
    let p = parse(
        "Kai Moss\n\nCERTIFICATIONS/LICENSES\n\
         Epic Cadence Certified, 2015\nEpic Prelude Proficient, 2017\nEpic Grand Central Certified; Epic Welcome Badge (2021)\n\
         Epic Bridges Certified (2020)\nMLS(ASCP), 2009\nCRCR, 2022\nEpic Cadence Certified, 2015\n",
        TODAY,
    );
    assert_eq!(
        certificates(&p),
        [
            "epic.cadence certified 2015",
            "epic.prelude proficient 2017",
            "epic.grand_central certified -",
            "epic.welcome badge 2021",
            "epic.bridges certified 2020",
            "cert.ascp_mls certified 2009",
            "cert.crcr certified 2022",
        ]
    );
    // A certificate named in a skills list is a certificate; "Certified" on a title is not one.
    let p = parse(
        "Kai Moss\n\nSKILLS\nCISSP, Splunk, Python\n\nEXPERIENCE\nEpic Certified Analyst, Lakeside Health, 2019 - Present\n",
        TODAY,
    );
    assert_eq!(certificates(&p), ["cert.cissp certified -"]);
}

#[test]
fn names_and_emails_as_written() {
    let p = parse("MARY-KATE O'NEIL\nmary@example.com\n", TODAY);
    assert_eq!(value(&p.name), Some("MARY-KATE O'NEIL"));
    let p = parse(
        "José Núñez\njosé.núñez@correo.example.mx | +52 55 5555 0100\n",
        TODAY,
    );
    assert_eq!(value(&p.name), Some("José Núñez"));
    assert_eq!(value(&p.email), Some("josé.núñez@correo.example.mx"));
}

#[test]
fn general_it_words_are_not_healthcare_products() {
    let p = parse(
        "Lin Wu\n837 Harbor Way, Phoenix, AZ 85004\n\nSUMMARY\nJava developer; SCM with Git; Hibernate ORM framework; \
         ADT (abstract data types) in C++. Graduate of the 835 Academy.\n\nEXPERIENCE\n\
         Software Engineer, Acme Payments, 2018 - Present\n- Identity and Access Management service on Epic-scale data.\n",
        TODAY,
    );
    let found = skills(&p);
    for wrong in [
        "altera.sunrise",
        "hl7.v2",
        "x12.837",
        "x12.835",
        "epic.phoenix",
        "epic.identity",
        "javascript",
    ] {
        assert!(!found.contains(&wrong), "{wrong} in {found:?}");
    }
    for right in ["java", "git", "hibernate", "cpp"] {
        assert!(found.contains(&right), "{right} missing from {found:?}");
    }
    // The same words where they do mean the product.
    let p = parse(
        "Lin Wu\n\nEXPERIENCE\nInterface Analyst, Lakeside Health, 2018 - Present\n\
         - HL7 ADT, ORM and ORU feeds; X12 837 and 835 files; Allscripts Sunrise Clinical Manager (SCM) orders.\n",
        TODAY,
    );
    let found = skills(&p);
    for right in ["hl7.v2", "x12.837", "x12.835", "altera.sunrise"] {
        assert!(found.contains(&right), "{right} missing from {found:?}");
    }
}

#[test]
fn general_it_tools_are_skills_of_their_own() {
    let p = parse(
        "Ari Cole\n\nSKILLS\nJava, JavaScript, C#, .NET, MS SQL, Oracle 19c, Splunk, CrowdStrike Falcon, Cisco IOS, \
         SAP S/4HANA, Workday, Kubernetes, Terraform, Red Hat Enterprise Linux, Power BI\n",
        TODAY,
    );
    let found = skills(&p);
    for id in [
        "java",
        "javascript",
        "csharp",
        "dotnet",
        "sql_server",
        "oracle_db",
        "splunk",
        "crowdstrike",
        "cisco",
        "sap",
        "workday",
        "kubernetes",
        "terraform",
        "rhel",
        "power_bi",
    ] {
        assert!(found.contains(&id), "{id} missing from {found:?}");
    }
    // Splunk is a SIEM tool, Cisco network gear: a requisition for the category finds them.
    let taxonomy = hitstaff_taxonomy::Taxonomy::get();
    let parent = |id: &str| {
        taxonomy
            .get_skill(&hitstaff_domain::SkillId::parse(id).expect("id"))
            .and_then(|s| s.parent.clone())
            .map(|p| p.to_string())
    };
    assert_eq!(parent("splunk").as_deref(), Some("siem"));
    assert_eq!(parent("cisco").as_deref(), Some("networking"));
    // Ordinary words stay words.
    let p = parse(
        "Ari Cole\nChef\n\nEXPERIENCE\nSous Chef, The Grill, 2018 - Present\n- We excel at spring menus and react quickly; \
         a puppet show on Sundays; go to market early.\n",
        TODAY,
    );
    assert_eq!(skills(&p), Vec::<&str>::new());
}

#[test]
fn a_credential_level_is_what_the_line_says() {
    let p = parse("Kai Moss\n\nCERTIFICATIONS\nEpic Cadence Certified\n", TODAY);
    assert_eq!(p.certifications[0].level, CredentialLevel::Certified);
}

#[test]
fn a_degree_keeps_its_field_and_a_school_its_campus() {
    let p = parse(
        "Jo Park\n\nEDUCATION\nMaster of Science (MS), Health Informatics, 2016 - Boston University\n\
         Bachelor of Business Administration, Accounting, 05/2011\nCalifornia State University, Fresno\n\
         Bachelor's Degree 05/2008\nUniversity of Maryland Global Campus - Adelphi, MD United States\n",
        TODAY,
    );
    assert_eq!(
        schools(&p),
        [
            "Master of Science (MS), Health Informatics | Boston University | 2016",
            "Bachelor of Business Administration, Accounting | California State University, Fresno | 2011",
            "Bachelor's Degree | University of Maryland Global Campus | 2008",
        ]
    );
}
