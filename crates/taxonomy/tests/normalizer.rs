//! The normaliser against a table of phrases from resumes and requisitions: what each should name,
//! in order of first mention, including the phrases that must name nothing.

use hitstaff_taxonomy::Normalizer;

/// (text, the skills it names, in order of first mention)
const CASES: &[(&str, &[&str])] = &[
    // Epic: names, aliases, and the context that ambiguous aliases need. A vendor's name before an
    // alias names the skill itself ("Epic ClinDoc" is ClinDoc, not Epic and ClinDoc).
    ("Epic Beaker CP analyst", &["epic.beaker_cp"]),
    ("Epic Beaker Clinical Pathology certified", &["epic.beaker_cp"]),
    (
        "Built Beaker AP specimen workflows at an Epic site",
        &["epic.beaker_ap", "epic"],
    ),
    (
        "Beaker AP and Beaker CP build, Epic 2023",
        &["epic.beaker_ap", "epic.beaker_cp", "epic"],
    ),
    (
        "Epic ClinDoc and Orders analyst",
        &["epic.clindoc", "epic.orders"],
    ),
    ("Inpatient ClinDoc build", &["epic.clindoc"]),
    ("Orders analyst", &[]),
    ("Processed purchase orders for the warehouse", &[]),
    ("Epic Cadence and Prelude", &["epic.cadence", "epic.prelude"]),
    (
        "Cadence scheduling templates, Epic Hyperspace",
        &["epic.cadence", "epic"],
    ),
    ("Cadence Virtuoso layout for analog chip design", &[]),
    ("Cadence", &[]),
    (
        "Worked in Cadence and Prelude at an Epic hospital",
        &["epic.cadence", "epic.prelude", "epic"],
    ),
    ("Beacon oncology protocols in Epic", &["epic.beacon", "epic"]),
    ("Lit a beacon fire", &[]),
    ("Beacon Hill property management", &[]),
    ("Epic Stork for labor and delivery", &["epic.stork"]),
    ("Stork", &[]),
    (
        "Willow Inpatient pharmacy build (Epic)",
        &["epic.willow_inpatient", "epic"],
    ),
    ("planted a willow tree", &[]),
    ("Radiant RIS at an Epic shop", &["epic.radiant", "epic"]),
    ("a radiant smile", &[]),
    ("Phoenix transplant module, Epic", &["epic.phoenix", "epic"]),
    ("Relocated to Phoenix, Arizona", &[]),
    (
        "Welcome kiosk check-in, Epic Cadence",
        &["epic.welcome", "epic.cadence"],
    ),
    ("Welcome to my resume", &[]),
    ("Epic Identity and MyChart", &["epic.identity", "epic.mychart"]),
    // "Identity" alone is the security practice, even where Epic is in view.
    ("Identity and access management", &["infosec"]),
    (
        "Epic analyst; identity and access management",
        &["epic", "infosec"],
    ),
    ("Bridges interfaces for Epic", &["epic.bridges", "epic"]),
    ("Built bridges between teams", &[]),
    ("Epic Bridges", &["epic.bridges"]),
    ("an epic effort", &[]),
    ("EPIC Resolute Hospital Billing", &["epic.resolute_hb"]),
    (
        "ARHB and ARPB in Epic",
        &["epic.resolute_hb", "epic.resolute_pb", "epic"],
    ),
    (
        "Resolute HB charge router, EpicCare",
        &["epic.resolute_hb", "epic"],
    ),
    (
        "HB and PB at an Epic site",
        &["epic.resolute_hb", "epic.resolute_pb", "epic"],
    ),
    ("hb and pb", &[]),
    ("Epic OpTime and Anesthesia", &["epic.optime", "epic.anesthesia"]),
    ("Anesthesia technician", &[]),
    ("Epic ASAP for the emergency department", &["epic.asap"]),
    ("Reply ASAP", &[]),
    (
        "Clarity and Caboodle report writer, Epic",
        &["epic.clarity", "epic.caboodle", "epic"],
    ),
    ("Clarity of purpose", &[]),
    (
        "Reporting Workbench and SlicerDicer in Epic",
        &["epic.cogito", "epic"],
    ),
    (
        "Chronicles and Cogito at an Epic customer",
        &["epic.chronicles", "epic.cogito", "epic"],
    ),
    ("Epic Grand Central ADT", &["epic.grand_central"]),
    ("Grand Central Station", &[]),
    (
        "Healthy Planet population health, Epic",
        &["epic.healthy_planet", "epic"],
    ),
    (
        "Care Everywhere and Epic MyChart",
        &["epic.care_everywhere", "epic.mychart"],
    ),
    (
        "Haiku and Canto mobile, Epic",
        &["epic.haiku_canto_rover", "epic"],
    ),
    ("wrote a haiku", &[]),
    (
        "Tapestry managed care at an Epic payer",
        &["epic.tapestry", "epic"],
    ),
    (
        "Willow Ambulatory and Willow Inpatient, Epic",
        &["epic.willow_ambulatory", "epic.willow_inpatient", "epic"],
    ),
    ("Epic Kaleidoscope ophthalmology", &["epic.kaleidoscope"]),
    ("Epic Wisdom dental", &["epic.wisdom"]),
    ("wisdom and patience", &[]),
    ("Epic ECSA", &["epic.ecsa"]),
    ("ODBA for Epic", &["epic.odba", "epic"]),
    ("Epic Cupid cardiology", &["epic.cupid"]),
    ("Lumens GI at an Epic hospital", &["epic.lumens", "epic"]),
    // Oracle Health (Cerner) and MEDITECH.
    (
        "Cerner PowerChart and FirstNet",
        &["oracle_health.powerchart", "oracle_health.firstnet"],
    ),
    ("Oracle Health PathNet general lab", &["oracle_health.pathnet"]),
    (
        "Cerner PathNet and Epic Beaker",
        &["oracle_health.pathnet", "epic.beaker"],
    ),
    ("CCL reports and Discern Rules", &["oracle_health.ccl"]),
    (
        "Cerner Millennium SurgiNet, PharmNet, RadNet",
        &[
            "oracle_health.surginet",
            "oracle_health.pharmnet",
            "oracle_health.radnet",
        ],
    ),
    (
        "MEDITECH Expanse go-live",
        &["meditech.expanse", "practice.go_live"],
    ),
    ("Meditech 6.x and MAGIC", &["meditech.six_x", "meditech.magic"]),
    ("It felt like magic", &[]),
    ("NPR Report Writer for MEDITECH", &["meditech.npr", "meditech"]),
    (
        "Allscripts Sunrise and TouchWorks",
        &["altera.sunrise", "altera.touchworks"],
    ),
    ("eCW and athenaOne", &["eclinicalworks", "athenahealth"]),
    ("NextGen EHR and Mirth Connect", &["nextgen", "engine.mirth"]),
    ("Sunquest LIS and CoPath", &["sunquest", "copath"]),
    // Standards, terminologies, engines.
    ("HL7 v2 ADT and ORU interfaces", &["hl7.v2"]),
    ("HL7 FHIR R4 APIs and SMART on FHIR", &["fhir", "fhir.smart"]),
    ("C-CDA documents", &["hl7.cda"]),
    ("DICOM and PACS administration", &["dicom", "pacs"]),
    ("X12 837 and 835 EDI", &["x12.837", "x12.835", "x12"]),
    ("X12 837 claims", &["x12.837"]),
    ("270/271 eligibility", &["x12.270_271"]),
    ("NCPDP SCRIPT e-prescribing", &["ncpdp"]),
    ("ICD-10 and CPT coding", &["terminology.icd10", "terminology.cpt"]),
    (
        "SNOMED CT, LOINC and RxNorm",
        &["terminology.snomed", "terminology.loinc", "terminology.rxnorm"],
    ),
    (
        "Rhapsody and Cloverleaf engines",
        &["engine.rhapsody", "engine.cloverleaf"],
    ),
    ("Corepoint Integration Engine", &["engine.corepoint"]),
    ("InterSystems HealthShare / Ensemble", &["engine.healthshare"]),
    ("Carequality and CommonWell", &["interop.carequality"]),
    ("IHE XDS profiles", &["ihe"]),
    // Certifications.
    (
        "CISSP, CISM and CompTIA Security+",
        &["cert.cissp", "cert.cism", "cert.security_plus"],
    ),
    (
        "Certified Information Systems Security Professional",
        &["cert.cissp"],
    ),
    ("HCISPP and HITRUST", &["cert.hcispp", "cert.hitrust"]),
    ("PMP and ITIL Foundation", &["cert.pmp", "cert.itil"]),
    ("RHIA, CCS, CPC", &["cert.rhia", "cert.ccs", "cert.cpc"]),
    ("CPHIMS certified", &["cert.cphims"]),
    // General IT.
    ("AWS and Azure", &["aws", "azure"]),
    ("VMware vSphere and Citrix XenApp", &["vmware", "citrix"]),
    ("Active Directory and Group Policy", &["active_directory"]),
    (
        "AD and Windows Server 2019",
        &["active_directory", "windows_server"],
    ),
    ("an ad campaign", &[]),
    ("SQL Server and SSRS", &["sql_server", "ssrs"]),
    (
        "MS SQL, MySQL and PostgreSQL",
        &["sql_server", "mysql", "postgresql"],
    ),
    ("Oracle 19c RAC", &["oracle_db"]),
    ("Oracle Health PowerChart", &["oracle_health.powerchart"]),
    ("T-SQL stored procedures", &["sql"]),
    ("Crystal Reports and Power BI", &["crystal_reports", "power_bi"]),
    ("Python and PowerShell scripting", &["python", "powershell"]),
    ("a python in the zoo", &[]),
    ("ServiceNow incident queues", &["servicenow"]),
    ("Splunk SIEM", &["splunk", "siem"]),
    ("QRadar and Microsoft Sentinel", &["qradar", "ms_sentinel"]),
    (
        "CrowdStrike Falcon, Nessus, Qualys",
        &["crowdstrike", "nessus", "qualys"],
    ),
    ("Okta, CyberArk and SailPoint", &["okta", "cyberark", "sailpoint"]),
    ("HIPAA compliance risk assessment", &["hipaa_security"]),
    ("Linux (Red Hat) administration", &["rhel"]),
    ("Linux and Windows 10", &["linux", "windows"]),
    ("RHEL 8 and IBM AIX", &["rhel", "aix"]),
    ("Cisco routing and switching", &["cisco", "networking"]),
    ("CCNA, CCNP", &["cert.ccna", "cert.ccnp"]),
    (
        "Palo Alto firewalls and Juniper switches",
        &["palo_alto", "juniper"],
    ),
    ("Moved to Palo Alto, CA", &[]),
    ("Java, not JavaScript", &["java", "javascript"]),
    (
        "C++, C#, .NET and ASP.NET MVC",
        &["cpp", "csharp", "dotnet", "aspnet"],
    ),
    ("Spring Boot microservices in Java", &["spring", "java"]),
    ("Spring and Hibernate with Java", &["spring", "hibernate", "java"]),
    ("In the Spring of 2019", &[]),
    (
        "React and Node.js front ends in JavaScript",
        &["react", "nodejs", "javascript"],
    ),
    ("React quickly to outages", &[]),
    (
        "SAP S/4HANA, Workday HCM and PeopleSoft",
        &["sap", "workday", "peoplesoft"],
    ),
    ("UKG Kronos and Infor Lawson", &["kronos", "lawson"]),
    ("Mr. Lawson retired", &[]),
    ("Jenkins pipelines with Git", &["jenkins", "git"]),
    ("Reported to Dr. Jenkins", &[]),
    (
        "Docker, Kubernetes, Terraform and Ansible",
        &["docker", "kubernetes", "terraform", "ansible"],
    ),
    ("Exchange Online and SharePoint", &["exchange", "sharepoint"]),
    (
        "Health Information Exchange with SharePoint",
        &["interop.carequality", "sharepoint"],
    ),
    ("Excel, Visio and MS Project", &["excel", "visio", "ms_project"]),
    ("we excel at projects", &[]),
    ("SCCM, Intune and Jamf", &["sccm", "intune", "jamf"]),
    (
        "Informatica, SSIS, Cognos and Business Objects",
        &["informatica", "ssis", "cognos", "business_objects"],
    ),
    (
        "Snowflake and Databricks with Apache Spark",
        &["snowflake", "databricks", "spark"],
    ),
    ("Selenium and LoadRunner", &["selenium", "loadrunner"]),
    ("SCM with Git", &["git"]),
    ("Allscripts Sunrise Clinical Manager (SCM)", &["altera.sunrise"]),
    ("Hibernate ORM framework", &["hibernate"]),
    ("HL7 ORM and ORU", &["hl7.v2"]),
    ("837 Harbor Way", &[]),
    ("X12 837 and 835", &["x12.837", "x12.835"]),
    ("VistA and CPRS at the VA", &["vista"]),
    ("a vista of hills", &[]),
    ("Chef, puppet, swift, go", &[]),
    ("Tcl scripting in Cloverleaf", &["tcl", "engine.cloverleaf"]),
    // Practices.
    ("At-the-elbow go-live support", &["practice.go_live"]),
    ("command center during cutover", &["practice.go_live"]),
    ("help desk and desktop support", &["practice.service_desk"]),
    ("nursing informatics", &["practice.informatics"]),
    (
        "project management with Agile and Scrum",
        &["practice.project_management"],
    ),
    // Nothing at all.
    ("", &[]),
    (
        "Managed a team of twelve and a budget of two million dollars",
        &[],
    ),
    ("Baker and butcher", &[]),
    // "Epic" as an everyday word in a title-cased heading names nothing, and puts no Epic product
    // in view; beside a companion word, a list mark or in a sentence it is the vendor.
    (
        "An Epic Journey In Silicon\nCadence Virtuoso, Cadence Spectre",
        &[],
    ),
    ("The Epic Quest For Quality", &[]),
    (
        "EPIC CERTIFIED ANALYST\nCadence, Prelude",
        &["epic", "epic.cadence", "epic.prelude"],
    ),
    ("Epic Analyst: Cadence templates", &["epic", "epic.cadence"]),
    (
        "Skills: Epic, Cerner, MEDITECH",
        &["epic", "oracle_health", "meditech"],
    ),
    ("Epic\n\nSkills", &["epic"]),
    (
        "Twelve years of Epic build, Prelude registration",
        &["epic", "epic.prelude"],
    ),
    ("An Epic Journey\nClinDoc flowsheets", &["epic", "epic.clindoc"]),
    // Practices are work done many times: plurals name them too.
    (
        "Supported three EHR go-lives and two cutovers",
        &["practice.go_live"],
    ),
    (
        "Staffed the help desks of four clinics",
        &["practice.service_desk"],
    ),
];

#[test]
fn phrases_name_the_right_skills() {
    let n = Normalizer::get();
    let mut wrong = Vec::new();
    for (text, expected) in CASES {
        let got: Vec<String> = n.distinct(text).iter().map(|m| m.skill.to_string()).collect();
        if got != *expected {
            wrong.push(format!("{text:?}: expected {expected:?}, got {got:?}"));
        }
    }
    assert!(CASES.len() >= 100, "the table has {} phrases", CASES.len());
    assert!(
        wrong.is_empty(),
        "{} of {} phrases wrong:\n{}",
        wrong.len(),
        CASES.len(),
        wrong.join("\n")
    );
}

#[test]
fn every_mention_points_at_the_words_that_named_it() {
    let n = Normalizer::get();
    let text = "Led the Epic go-live; built Beaker CP and ARHB; HL7 v2 with Cloverleaf.";
    let found: Vec<(String, &str)> = n
        .find(text)
        .iter()
        .map(|m| (m.skill.to_string(), m.text(text)))
        .collect();
    assert_eq!(
        found,
        vec![
            ("epic".to_string(), "Epic"),
            ("practice.go_live".to_string(), "go-live"),
            ("epic.beaker_cp".to_string(), "Beaker CP"),
            ("epic.resolute_hb".to_string(), "ARHB"),
            ("hl7.v2".to_string(), "HL7 v2"),
            ("engine.cloverleaf".to_string(), "Cloverleaf"),
        ]
    );
}

#[test]
fn context_counts_anywhere_in_the_text() {
    let n = Normalizer::get();
    let resume =
        "Jane Doe\nEpic Systems consultant, 2015 to present.\n\n...\n\nSkills: Cadence, Prelude, Welcome";
    let ids: Vec<String> = n.distinct(resume).iter().map(|m| m.skill.to_string()).collect();
    assert_eq!(ids, vec!["epic", "epic.cadence", "epic.prelude", "epic.welcome"]);
    let chip = "Jane Doe\nASIC engineer. Skills: Cadence, Verilog, Welcome packets for new hires";
    assert!(n.find(chip).is_empty());
}

#[test]
fn places_and_plain_phrases_are_not_products_even_in_an_epic_resume() {
    let n = Normalizer::get();
    let resume = "Tyler Johnson\nPhoenix, AZ 85004\nTier 2 support for Epic Hyperspace.\n\
                  Worked claims and remittance testing; moved to Beacon, NY.\n\
                  Built Claims and Remittance workqueues and Beacon protocols.";
    let ids: Vec<String> = n.distinct(resume).iter().map(|m| m.skill.to_string()).collect();
    assert_eq!(
        ids,
        vec![
            "practice.service_desk",
            "epic",
            "epic.claims_remittance",
            "epic.beacon"
        ],
        "{resume}"
    );
}

#[test]
fn a_search_names_skills_as_recruiters_type_them() {
    let n = Normalizer::get();
    let ids = |q: &str| -> Vec<String> { n.find_in_query(q).iter().map(|m| m.skill.to_string()).collect() };
    assert_eq!(ids("beaker"), ["epic.beaker"]);
    assert_eq!(ids("cadence analyst"), ["epic.cadence"]);
    assert_eq!(ids("clindoc"), ["epic.clindoc"]);
    assert_eq!(ids("EpicCare Inpatient Clinical Documentation"), ["epic.clindoc"]);
    // Short acronyms still need their capitals.
    assert!(ids("hb or pb").is_empty());
    assert_eq!(ids("radiant"), ["epic.radiant"]);
    // In a resume, the same words need Epic in view.
    assert!(n.find("beaker").is_empty());
}

#[test]
fn the_skill_picker_finds_skills_by_the_names_on_resumes_and_certificates() {
    let t = hitstaff_taxonomy::Taxonomy::get();
    let first = |q: &str| t.search(q, 10).first().map(|s| s.id.to_string());
    assert_eq!(first("Epic ClinDoc").as_deref(), Some("epic.clindoc"));
    assert_eq!(
        first("EpicCare Inpatient Clinical Documentation").as_deref(),
        Some("epic.clindoc")
    );
    assert_eq!(first("clindoc").as_deref(), Some("epic.clindoc"));
    assert_eq!(first("Soarian").as_deref(), Some("oracle_health.soarian"));
    let lab: Vec<String> = t
        .search("cerner lab", 10)
        .iter()
        .map(|s| s.id.to_string())
        .collect();
    assert!(lab.contains(&"oracle_health.pathnet".to_string()), "{lab:?}");
}
