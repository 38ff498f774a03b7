//! Realistic synthetic data for hitstaff: demos, benchmarks and tests.
//!
//! [`Generator`] makes clients, requisitions and candidates from a seed (the same seed and day give
//! the same data); [`populate`] writes a whole organisation's worth through any [`Store`], streaming
//! candidate batches from a generator thread so that generating and writing use both cores.

mod data;
pub mod document;
pub mod resume;
pub mod tracks;

use data::*;
use hitstaff_domain::npi;
use hitstaff_domain::{
    Assessment, CandidateId, CandidateSkill, Client, ClientKind, Consent, CredentialLevel, DesiredPay,
    EhrSystem, Email, EmploymentStatus, Engagement, Experience, HiringContact, Intent, Location, Money,
    NewCandidate, NewClient, NewNote, NewRequisition, NoteSubject, OrgId, PayRange, PayUnit, PersonName,
    Phone, PostalCode, Priority, Reason, Recommendation, RejectionReason, Requisition, RequisitionStatus,
    SkillId, SkillRequirement, Stage, StageChange, StageMove, Travel, UsState, WorkModel, WorkPreferences,
};
use hitstaff_store::{Store, StoreError};
use hitstaff_taxonomy::{SkillKind, Taxonomy};
use std::collections::{HashMap, HashSet};
use time::{Date, Duration};
use tracks::{TRACKS, Track};

/// Makes synthetic records. Deterministic for a given seed and `today`.
#[derive(Debug)]
pub struct Generator {
    rng: fastrand::Rng,
    today: Date,
    taxonomy: &'static Taxonomy,
    city_weights: Vec<u32>,
    track_weights: Vec<u32>,
    source_weights: Vec<u32>,
    client_names: HashSet<String>,
}

fn id(s: &str) -> SkillId {
    SkillId::parse(s).expect("generator skill ids are valid")
}

/// Whether a vendor-specific skill fits a client on `platform` (an Epic shop does not want a Cerner
/// CCL report writer); vendor-neutral skills fit everywhere.
fn fits_platform(skill: &str, platform: Option<&str>) -> bool {
    let vendor = skill.split('.').next().unwrap_or(skill);
    !matches!(vendor, "epic" | "oracle_health" | "meditech") || platform == Some(vendor)
}

fn pick_weighted(rng: &mut fastrand::Rng, weights: &[u32]) -> usize {
    let total: u32 = weights.iter().sum();
    let mut x = rng.u32(0..total.max(1));
    for (i, w) in weights.iter().enumerate() {
        if x < *w {
            return i;
        }
        x -= w;
    }
    weights.len() - 1
}

/// Letters of a name usable in an email address: accents folded, other marks dropped.
fn ascii_fold(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            'á' | 'à' | 'ä' | 'â' => Some('a'),
            'é' | 'è' | 'ë' | 'ê' => Some('e'),
            'í' | 'ì' | 'ï' => Some('i'),
            'ó' | 'ò' | 'ö' | 'ô' => Some('o'),
            'ú' | 'ù' | 'ü' => Some('u'),
            'ñ' => Some('n'),
            c if c.is_ascii_alphanumeric() => Some(c.to_ascii_lowercase()),
            _ => None,
        })
        .collect()
}

impl Generator {
    pub fn new(seed: u64, today: Date) -> Self {
        Self {
            rng: fastrand::Rng::with_seed(seed),
            today,
            taxonomy: Taxonomy::get(),
            city_weights: CITIES.iter().map(|c| c.4).collect(),
            track_weights: TRACKS.iter().map(|t| t.weight).collect(),
            source_weights: SOURCES.iter().map(|s| s.1).collect(),
            client_names: HashSet::new(),
        }
    }

    fn chance(&mut self, percent: u32) -> bool {
        self.rng.u32(0..100) < percent
    }

    fn city(&mut self) -> &'static (&'static str, &'static str, &'static str, &'static str, u32) {
        &CITIES[pick_weighted(&mut self.rng, &self.city_weights)]
    }

    fn location(city: &(&str, &str, &str, &str, u32)) -> Location {
        Location {
            city: city.0.to_string(),
            state: UsState::parse(city.1).expect("valid state in city table"),
            postal_code: Some(PostalCode::parse(city.2).expect("valid ZIP in city table")),
        }
    }

    /// Draws `n` distinct skills from `pool`, weighted by the taxonomy's prevalence.
    fn draw_skills(&mut self, pool: &[&str], n: usize) -> Vec<SkillId> {
        let mut remaining: Vec<&str> = pool.to_vec();
        let mut out = Vec::new();
        while out.len() < n && !remaining.is_empty() {
            let weights: Vec<u32> = remaining
                .iter()
                .map(|s| u32::from(self.taxonomy.find(s).map_or(5, |k| k.prevalence)))
                .collect();
            let i = pick_weighted(&mut self.rng, &weights);
            out.push(id(remaining.swap_remove(i)));
        }
        out
    }

    fn skill_name(&self, skill: &SkillId) -> String {
        self.taxonomy
            .get_skill(skill)
            .map_or_else(|| skill.to_string(), |s| s.name.clone())
    }

    fn person_name(&mut self) -> (String, String) {
        let first = FIRST_NAMES[self.rng.usize(..FIRST_NAMES.len())];
        let last = LAST_NAMES[self.rng.usize(..LAST_NAMES.len())];
        (first.to_string(), last.to_string())
    }

    fn phone(&mut self, area: &str) -> Phone {
        // 555-0100 to 555-0199 are reserved for fiction.
        Phone::parse(&format!("({area}) 555-01{:02}", self.rng.u32(0..100))).expect("valid fictional number")
    }

    fn health_system_name(&mut self) -> String {
        let prefix = HOSPITAL_PREFIXES[self.rng.usize(..HOSPITAL_PREFIXES.len())];
        let (suffix, _) = HOSPITAL_SUFFIXES[self.rng.usize(..4)];
        format!("{prefix} {suffix}")
    }

    /// A client facility running a real EHR product.
    /// A client as if saved in `org` (for scoring and benchmarks without a database).
    pub fn saved_client(&mut self, org: OrgId) -> Client {
        let new = self.client();
        let at = time::OffsetDateTime::now_utc();
        Client {
            id: hitstaff_domain::ClientId::new(),
            org_id: org,
            name: new.name,
            kind: new.kind,
            locations: new.locations,
            ehr_systems: new.ehr_systems,
            notes: new.notes,
            created_at: at,
            updated_at: at,
        }
    }

    pub fn client(&mut self) -> NewClient {
        let city = self.city();
        let (name, kind) = loop {
            let prefix = HOSPITAL_PREFIXES[self.rng.usize(..HOSPITAL_PREFIXES.len())];
            let (suffix, kind) = HOSPITAL_SUFFIXES[self.rng.usize(..HOSPITAL_SUFFIXES.len())];
            let mut name = format!("{prefix} {suffix}");
            if self.client_names.contains(&name) {
                name = format!("{name} of {}", city.0);
            }
            if self.client_names.insert(name.clone()) {
                break (name, ClientKind::parse(kind).expect("valid kind"));
            }
        };
        let (product, versions): (&str, &[&str]) = match self.rng.u32(0..100) {
            0..55 => (
                "epic",
                &[
                    "February 2025",
                    "May 2025",
                    "August 2025",
                    "November 2025",
                    "February 2026",
                ],
            ),
            55..80 => ("oracle_health", &["2024.01", "2025.01", "2025.4.01"]),
            80..95 => ("meditech.expanse", &["2.1", "2.2"]),
            _ => ("altera.sunrise", &["23.1", "24.1"]),
        };
        let version = versions[self.rng.usize(..versions.len())];
        let live_since = Date::from_calendar_date(self.rng.i32(2012..=2024), time::Month::January, 1).ok();
        NewClient {
            name,
            kind,
            locations: vec![Self::location(city)],
            ehr_systems: vec![EhrSystem {
                product: id(product),
                version: Some(version.into()),
                live_since,
            }],
            notes: String::new(),
        }
    }

    fn pay_range(&mut self, track: &Track, engagement: Engagement) -> PayRange {
        let (unit, (lo, hi), step) = match engagement {
            Engagement::Permanent => (PayUnit::Year, track.salary, 5_000),
            _ => (PayUnit::Hour, track.hourly, 5),
        };
        let min = lo + self.rng.i64(0..=((hi - lo) / 2 / step)) * step;
        let max = (min + step * self.rng.i64(2..=6)).min(hi.max(min));
        PayRange::new(Money::usd(min), Money::usd(max), unit).expect("min is not above max")
    }

    /// A requisition for `client`, shaped by the EHR it runs.
    pub fn requisition(&mut self, client: &Client) -> NewRequisition {
        let platform = client
            .ehr_systems
            .first()
            .map(|e| e.product.as_str().split('.').next().unwrap_or(""));
        let track = loop {
            let t = &TRACKS[pick_weighted(&mut self.rng, &self.track_weights)];
            // An Epic hospital hires Epic analysts, not Cerner ones.
            if t.platform.is_none_or(|p| Some(p) == platform) {
                break t;
            }
        };
        let primaries: Vec<&str> = track
            .primary
            .iter()
            .copied()
            .filter(|s| fits_platform(s, platform))
            .collect();
        let main = self.draw_skills(&primaries, 1).remove(0);
        let mut skills = vec![SkillRequirement {
            skill: main.clone(),
            required: true,
            min_years: Some(self.rng.u8(2..=5)),
            level: (track.credentialed && self.chance(55)).then_some(CredentialLevel::Certified),
            hard_filter: self.chance(20),
        }];
        let also_required: Vec<&str> = track
            .always
            .iter()
            .copied()
            .filter(|a| *a != main.as_str())
            .filter(|_| self.chance(40))
            .collect();
        for always in also_required {
            skills.push(SkillRequirement {
                skill: id(always),
                required: true,
                min_years: None,
                level: None,
                hard_filter: false,
            });
        }
        let extras: Vec<&str> = track
            .extras
            .iter()
            .map(|e| e.0)
            .filter(|s| fits_platform(s, platform))
            .collect();
        let preferred = self.rng.usize(1..=3);
        for skill in self.draw_skills(&extras, preferred) {
            if !skills.iter().any(|s| s.skill == skill) {
                skills.push(SkillRequirement {
                    skill,
                    required: false,
                    min_years: None,
                    level: None,
                    hard_filter: false,
                });
            }
        }
        let (intent, reason) = match self.rng.u32(0..100) {
            0..30 => (
                Intent::Maintain,
                if self.chance(60) {
                    Reason::Turnover
                } else {
                    Reason::Growth
                },
            ),
            30..55 => (Intent::Implement, Reason::NewImplementation),
            55..70 => (
                Intent::Optimize,
                if self.chance(50) {
                    Reason::RegulatoryChange
                } else {
                    Reason::SystemUpgrade
                },
            ),
            70..90 => (
                Intent::GoLiveSupport,
                if self.chance(70) {
                    Reason::NewImplementation
                } else {
                    Reason::SystemUpgrade
                },
            ),
            _ => (Intent::Maintain, Reason::PatientSurge),
        };
        let engagement = match (intent, self.rng.u32(0..100)) {
            (Intent::GoLiveSupport, _) => Engagement::Contract,
            (_, 0..50) => Engagement::Contract,
            (_, 50..80) => Engagement::Permanent,
            _ => Engagement::ContractToHire,
        };
        let work_model = match (intent, self.rng.u32(0..100)) {
            // At-the-elbow go-live support happens on the floor.
            (Intent::GoLiveSupport, _) => WorkModel::Onsite,
            (_, 0..45) => WorkModel::Remote,
            (_, 45..80) => WorkModel::Hybrid,
            _ => WorkModel::Onsite,
        };
        let remote_states = if work_model == WorkModel::Onsite || self.chance(40) {
            Vec::new()
        } else {
            let mut states: Vec<UsState> = (0..self.rng.usize(2..=6))
                .map(|_| UsState::parse(self.city().1).expect("valid"))
                .chain(client.locations.first().map(|l| l.state))
                .collect();
            states.sort();
            states.dedup();
            states
        };
        let headcount = match (intent, self.rng.u32(0..100)) {
            (Intent::GoLiveSupport, _) => self.rng.u16(4..=30),
            (_, 0..82) => 1,
            _ => self.rng.u16(2..=4),
        };
        let duration_weeks = match (engagement, intent) {
            (Engagement::Permanent, _) => None,
            (_, Intent::GoLiveSupport) => Some(self.rng.u16(2..=6)),
            _ => Some([13, 26, 39, 52][self.rng.usize(..4)]),
        };
        let title_pattern = track.titles[self.rng.usize(..track.titles.len())];
        let title = title_pattern.replace("{}", &self.skill_name(&main));
        let (first, last) = self.person_name();
        let contact = HiringContact {
            name: PersonName::parse(&format!("{first} {last}")).expect("valid"),
            title: Some(
                [
                    "IT Director",
                    "Applications Manager",
                    "CIO",
                    "Lab Systems Manager",
                ][self.rng.usize(..4)]
                .into(),
            ),
            email: Email::parse(&format!(
                "{}.{}@example.org",
                ascii_fold(&first),
                ascii_fold(&last)
            ))
            .ok(),
            phone: None,
        };
        let why = match intent {
            Intent::Maintain => "to support and maintain the live system",
            Intent::Implement => "to build and implement it as part of a new implementation",
            Intent::Optimize => "to optimise current workflows after the latest upgrade",
            Intent::GoLiveSupport => "for at-the-elbow support through go-live and stabilisation",
        };
        NewRequisition {
            client_id: client.id,
            title: title.clone(),
            role_family: track.family,
            engagement,
            intent,
            reason,
            work_model,
            location: client.locations.first().cloned(),
            remote_states,
            headcount,
            start_date: Some(self.today + Duration::days(self.rng.i64(7..=75))),
            duration_weeks,
            skills,
            pay: Some(self.pay_range(track, engagement)),
            priority: [
                Priority::Low,
                Priority::Normal,
                Priority::Normal,
                Priority::High,
                Priority::Urgent,
            ][self.rng.usize(..5)],
            status: RequisitionStatus::Open,
            contacts: vec![contact],
            description: format!(
                "{} is looking for {} {title} {why}. {} experience with {} is required.",
                client.name,
                if title.starts_with(['A', 'E', 'I', 'O', 'U']) {
                    "an"
                } else {
                    "a"
                },
                ["Hands-on", "Recent", "Deep"][self.rng.usize(..3)],
                self.skill_name(&main)
            ),
            owner_id: None,
        }
    }

    fn credential_level(&mut self, track: &Track, skill: &SkillId) -> CredentialLevel {
        let kind = self.taxonomy.get_skill(skill).map(|s| s.kind);
        if kind == Some(SkillKind::Certification) {
            return CredentialLevel::Certified;
        }
        if !track.credentialed || !skill.as_str().starts_with("epic.") {
            return CredentialLevel::Experienced;
        }
        match self.rng.u32(0..100) {
            0..42 => CredentialLevel::Certified,
            42..50 => CredentialLevel::Badge,
            50..70 => CredentialLevel::Proficient,
            70..74 => CredentialLevel::CredentialedTrainer,
            74..76 => CredentialLevel::PrincipalTrainer,
            76..82 => CredentialLevel::SuperUser,
            _ => CredentialLevel::Experienced,
        }
    }

    /// A candidate with a plausible career. `index` makes the email address unique.
    pub fn candidate(&mut self, index: u64) -> NewCandidate {
        let track = &TRACKS[pick_weighted(&mut self.rng, &self.track_weights)];
        let (first, last) = self.person_name();
        let city = self.city();
        let mut c = NewCandidate::new(
            PersonName::parse(&format!("{first} {last}")).expect("valid name"),
            "linkedin",
        );
        if self.chance(97) {
            let tld = ["com", "net", "org"][self.rng.usize(..3)];
            c.email = Email::parse(&format!(
                "{}.{}.{index}@example.{tld}",
                ascii_fold(&first),
                ascii_fold(&last)
            ))
            .ok();
        }
        if self.chance(90) {
            c.phone = Some(self.phone(city.3));
        }
        c.location = Some(Self::location(city));

        // Skills: the track's own, its specialities by prevalence, and some extras.
        let n = self.rng.usize(track.primary_count.0..=track.primary_count.1);
        let primaries = self.draw_skills(track.primary, n);
        let mut skills: Vec<SkillId> = track.always.iter().map(|s| id(s)).collect();
        skills.extend(primaries.iter().cloned());
        for (extra, percent) in track.extras {
            if self.chance(*percent) && !skills.iter().any(|s| s.as_str() == *extra) {
                skills.push(id(extra));
            }
        }

        // Career: years of experience skewed towards the middle of a career, split into roles that
        // run back from today; the current role may have ended recently.
        let total_months = 18 + (self.rng.f64().powf(1.5) * 300.0) as i64;
        let roles = (1 + total_months / 40).clamp(1, 5) as usize;
        let ended_months_ago = if self.chance(80) { 0 } else { self.rng.i64(1..=8) };
        let mut end = self.today - Duration::days(30 * ended_months_ago);
        let mut experience = Vec::with_capacity(roles);
        let mut months_with: HashMap<SkillId, i64> = HashMap::new();
        let mut last_used: HashMap<SkillId, i32> = HashMap::new();
        let consultant = self.chance(35);
        for r in 0..roles {
            let months = (total_months / roles as i64).max(6) + self.rng.i64(-3..=3);
            let start = end - Duration::days(30 * months);
            // The newest roles use the specialities; earlier ones a subset of the rest.
            let used: Vec<SkillId> = skills
                .iter()
                .filter(|_| r == 0 || self.chance(60))
                .cloned()
                .collect();
            for s in &used {
                *months_with.entry(s.clone()).or_default() += months;
                last_used.entry(s.clone()).or_insert(end.year());
            }
            let employer = if consultant && r == 0 {
                CONSULTING_FIRMS[self.rng.usize(..CONSULTING_FIRMS.len())].to_string()
            } else {
                self.health_system_name()
            };
            let main = used
                .iter()
                .find(|s| primaries.contains(s))
                .or(primaries.first())
                .cloned();
            let title = track.titles[self.rng.usize(..track.titles.len())].replace(
                "{}",
                &main
                    .map(|m| self.skill_name(&m))
                    .unwrap_or_else(|| track.name.to_string()),
            );
            let title = if r > 0 {
                title.replace("Senior ", "").replace("Principal Trainer, ", "")
            } else {
                title
            };
            experience.push(Experience {
                employer,
                title,
                start,
                end: (r > 0 || ended_months_ago > 0).then_some(end),
                skills: used,
            });
            end = start - Duration::days(30 * self.rng.i64(0..=2));
        }
        c.headline = experience.first().map(|e| e.title.clone());
        c.skills = skills
            .iter()
            .map(|s| CandidateSkill {
                skill: s.clone(),
                years_tenths: u16::try_from(months_with.get(s).copied().unwrap_or(6) * 10 / 12)
                    .unwrap_or(600)
                    .min(600),
                level: self.credential_level(track, s),
                last_used_year: last_used.get(s).copied(),
            })
            .collect();
        c.experience = experience;
        c.employment_status = match (ended_months_ago, consultant) {
            (0, true) => EmploymentStatus::Consultant,
            (0, false) => EmploymentStatus::Employed,
            (1..=2, _) => EmploymentStatus::ContractEnding,
            _ => EmploymentStatus::NotEmployed,
        };
        c.current_employer = (ended_months_ago == 0).then(|| c.experience[0].employer.clone());
        c.preferences = WorkPreferences {
            models: match self.rng.u32(0..100) {
                0..35 => vec![WorkModel::Remote],
                35..70 => vec![WorkModel::Remote, WorkModel::Hybrid],
                70..90 => vec![WorkModel::Onsite, WorkModel::Hybrid, WorkModel::Remote],
                _ => vec![WorkModel::Onsite, WorkModel::Hybrid],
            },
            travel: [Travel::None, Travel::Some, Travel::Half, Travel::Full][self.rng.usize(..4)],
            relocate: self.chance(15),
        };
        c.available_from = (!self.chance(30)).then(|| self.today + Duration::days(self.rng.i64(0..=90)));
        let years = total_months / 12;
        c.desired_pay = Some(
            if consultant || matches!(c.employment_status, EmploymentStatus::ContractEnding) {
                let (lo, hi) = track.hourly;
                DesiredPay {
                    amount: Money::usd((lo + (hi - lo) * years.min(20) / 20) / 5 * 5),
                    unit: PayUnit::Hour,
                }
            } else {
                let (lo, hi) = track.salary;
                DesiredPay {
                    amount: Money::usd((lo + (hi - lo) * years.min(20) / 20) / 1000 * 1000),
                    unit: PayUnit::Year,
                }
            },
        );
        c.source = SOURCES[pick_weighted(&mut self.rng, &self.source_weights)]
            .0
            .to_string();
        c.tags = (0..self.rng.usize(0..=2))
            .map(|_| TAGS[self.rng.usize(..TAGS.len())].to_string())
            .collect();
        c.tags.sort();
        c.tags.dedup();
        let recorded = self.today - Duration::days(self.rng.i64(0..=365));
        c.consent = Consent {
            contact: self.chance(95),
            retain: self.chance(98),
            recorded_at: Some(recorded.midnight().assume_utc()),
        };
        if track.name.starts_with("Epic clinical")
            && skills.iter().any(|s| s.as_str() == "cert.informatics_nursing")
        {
            // Nurse informaticists hold an NPI.
            c.npi = npi::complete(&format!("1{:08}", self.rng.u32(0..100_000_000)));
        }
        c
    }
}

/// What to generate.
#[derive(Debug, Clone)]
pub struct Plan {
    pub seed: u64,
    pub clients: u32,
    pub requisitions: u32,
    pub candidates: u64,
    /// Candidates put into the pipeline of each requisition, at every stage.
    pub applications_per_requisition: u32,
    /// Candidates written per transaction.
    pub batch_size: usize,
    pub today: Date,
}

impl Plan {
    /// `hitstaff demo`: a few clients, about 30 requisitions, 2,000 candidates.
    pub fn demo(today: Date) -> Self {
        Self {
            seed: 42,
            clients: 5,
            requisitions: 30,
            candidates: 2_000,
            applications_per_requisition: 12,
            batch_size: 1_000,
            today,
        }
    }
}

/// How far `populate` has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    Candidates { written: u64, total: u64 },
    Applications { written: u64, total: u64 },
}

/// What `populate` wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    pub clients: u64,
    pub requisitions: u64,
    pub candidates: u64,
    pub applications: u64,
    pub notes: u64,
}

/// Target stages for a pipeline of `n` people: a realistic funnel, every stage present once n ≥ 8.
fn funnel(rng: &mut fastrand::Rng, n: usize) -> Vec<Stage> {
    const SHAPE: [(Stage, u32); 8] = [
        (Stage::Sourced, 28),
        (Stage::Screening, 22),
        (Stage::Submitted, 14),
        (Stage::ClientInterview, 10),
        (Stage::Offer, 5),
        (Stage::Placed, 4),
        (Stage::Rejected, 14),
        (Stage::Withdrawn, 3),
    ];
    let weights: Vec<u32> = SHAPE.iter().map(|s| s.1).collect();
    let mut stages: Vec<Stage> = SHAPE.iter().map(|s| s.0).take(n.min(8)).collect();
    while stages.len() < n {
        stages.push(SHAPE[pick_weighted(rng, &weights)].0);
    }
    rng.shuffle(&mut stages);
    stages
}

/// Writes clients, requisitions, candidates and pipelines for `org` through `store`.
#[tracing::instrument(skip_all, fields(org = %org, candidates = plan.candidates, requisitions = plan.requisitions))]
/// Each candidate batch is one transaction: a failure leaves earlier batches in place and none of
/// the failed one.
pub async fn populate<S: Store>(
    store: &S,
    org: OrgId,
    plan: &Plan,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Report, StoreError> {
    let mut report = Report::default();
    let mut generator = Generator::new(plan.seed, plan.today);
    let mut clients = Vec::new();
    for _ in 0..plan.clients.max(1) {
        clients.push(store.create_client(org, &generator.client()).await?);
        report.clients += 1;
    }
    let mut requisitions = Vec::new();
    let mut final_status = Vec::new();
    for i in 0..plan.requisitions {
        let client = &clients[i as usize % clients.len()];
        let mut new = generator.requisition(client);
        let target = match generator.rng.u32(0..100) {
            0..76 => RequisitionStatus::Open,
            76..83 => RequisitionStatus::Draft,
            83..91 => RequisitionStatus::OnHold,
            91..97 => RequisitionStatus::Filled,
            _ => RequisitionStatus::Cancelled,
        };
        if target == RequisitionStatus::Draft {
            new.status = RequisitionStatus::Draft;
        }
        requisitions.push(store.create_requisition(org, &new).await?);
        final_status.push(target);
        report.requisitions += 1;
    }

    // Candidates: a generator thread makes batches while this task writes them.
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Vec<NewCandidate>>(2);
    let (total, batch_size, seed, today) = (plan.candidates, plan.batch_size.max(1), plan.seed, plan.today);
    let producer = tokio::task::spawn_blocking(move || {
        let mut g = Generator::new(seed ^ 0x5eed_ca4d, today);
        let mut made = 0u64;
        while made < total {
            let n = batch_size.min((total - made) as usize);
            let batch: Vec<NewCandidate> = (0..n as u64).map(|i| g.candidate(made + i)).collect();
            made += n as u64;
            if tx.blocking_send(batch).is_err() {
                break; // the writer stopped (an error): stop generating
            }
        }
    });
    // Candidates by skill, a sample per skill, to staff pipelines with people who fit.
    let mut by_skill: HashMap<SkillId, Vec<CandidateId>> = HashMap::new();
    let mut any: Vec<CandidateId> = Vec::new();
    while let Some(batch) = rx.recv().await {
        let ids = store.insert_candidates(org, &batch).await?;
        for (cid, c) in ids.iter().zip(&batch) {
            for s in &c.skills {
                let sample = by_skill.entry(s.skill.clone()).or_default();
                if sample.len() < 64 {
                    sample.push(*cid);
                }
            }
            if any.len() < 4_096 {
                any.push(*cid);
            }
        }
        report.candidates += ids.len() as u64;
        progress(Progress::Candidates {
            written: report.candidates,
            total,
        });
    }
    producer.await.map_err(|e| StoreError::Unavailable {
        message: format!("the generator failed: {e}"),
        cause: None,
    })?;

    // Pipelines: people with the requisition's main skill, moved stage by stage to a realistic
    // funnel, with assessments on those the client has seen.
    let mut rng = fastrand::Rng::with_seed(plan.seed ^ 0x00a9_9115);
    let staffed: Vec<usize> = (0..requisitions.len())
        .filter(|i| final_status[*i] != RequisitionStatus::Draft)
        .collect();
    let total_apps = (staffed.len() * plan.applications_per_requisition as usize) as u64;
    for i in staffed {
        let req = &requisitions[i];
        let main = &req.fields.skills[0].skill;
        let mut pool: Vec<CandidateId> = by_skill.get(main).cloned().unwrap_or_default();
        pool.extend(any.iter().take(64));
        pool.dedup();
        rng.shuffle(&mut pool);
        let mut seen = HashSet::new();
        let people: Vec<CandidateId> = pool
            .into_iter()
            .filter(|c| seen.insert(*c))
            .take(plan.applications_per_requisition as usize)
            .collect();
        let mut stages = funnel(&mut rng, people.len());
        // A filled requisition has at least one placement.
        if final_status[i] == RequisitionStatus::Filled
            && !stages.contains(&Stage::Placed)
            && let Some(first) = stages.first_mut()
        {
            *first = Stage::Placed;
        }
        // About one requisition in five has gone quiet for over a week.
        let quiet = rng.u8(..5) == 0;
        for (candidate, target) in people.into_iter().zip(stages) {
            seed_application(store, org, req, candidate, target, quiet, &mut rng, &mut report).await?;
            progress(Progress::Applications {
                written: report.applications,
                total: total_apps,
            });
        }
        if final_status[i] != RequisitionStatus::Open {
            store.set_requisition_status(org, req.id, final_status[i]).await?;
        }
    }
    Ok(report)
}

/// Puts `candidate` into `req`'s pipeline at `target` with a dated history: opened some days or weeks
/// ago, moved on every few days. A `quiet` pipeline last moved more than a week ago, so that the
/// dashboard has stalled requisitions to show.
#[allow(
    clippy::too_many_arguments,
    reason = "one call site, each argument a different thing"
)]
async fn seed_application<S: Store>(
    store: &S,
    org: OrgId,
    req: &Requisition,
    candidate: CandidateId,
    target: Stage,
    quiet: bool,
    rng: &mut fastrand::Rng,
    report: &mut Report,
) -> Result<(), StoreError> {
    let stop = match target {
        Stage::Rejected | Stage::Withdrawn => Stage::FORWARD[rng.usize(0..4)],
        other => other,
    };
    let mut steps: Vec<(Option<Stage>, Stage, StageMove)> =
        vec![(None, Stage::Sourced, StageMove::default())];
    for stage in Stage::FORWARD.iter().skip(1).take_while(|s| **s <= stop) {
        steps.push((Some(steps[steps.len() - 1].1), *stage, StageMove::default()));
    }
    let last = steps[steps.len() - 1].1;
    match target {
        Stage::Rejected => {
            let reason = [
                RejectionReason::SkillsMismatch,
                RejectionReason::MissingCredential,
                RejectionReason::PayExpectations,
                RejectionReason::ClientDeclined,
                RejectionReason::Availability,
            ][rng.usize(..5)];
            let mv = StageMove {
                note: None,
                rejection: Some(reason),
            };
            steps.push((Some(last), Stage::Rejected, mv));
        }
        Stage::Withdrawn => {
            let mv = StageMove {
                note: Some("Accepted another offer".into()),
                rejection: None,
            };
            steps.push((Some(last), Stage::Withdrawn, mv));
        }
        _ => {}
    }
    // The last move: within the last five days, or 8 to 20 days ago for a quiet pipeline; the
    // first: one to five days per move before that.
    let hour = Duration::hours(1);
    let moves = steps.len() as i32 - 1;
    let end = hitstaff_store::now()
        - hour
            * if quiet {
                rng.i32(8 * 24..20 * 24)
            } else {
                rng.i32(1..5 * 24)
            };
    let span = hour * moves * rng.i32(24..5 * 24);
    let start = end - span;
    let n = moves.max(1);
    let history: Vec<StageChange> = steps
        .into_iter()
        .enumerate()
        .map(|(k, (from, to, mv))| StageChange {
            application_id: hitstaff_domain::ApplicationId::new(),
            from,
            to,
            at: start + span * k as i32 / n,
            by: None,
            note: mv.note,
            rejection: mv.rejection,
        })
        .collect();
    let app = store.import_application(org, candidate, req.id, &history).await?;
    report.applications += 1;
    if stop.is_submitted() {
        let skill = &req.fields.skills[0];
        let assessment = Assessment {
            strengths: vec![format!("Hands-on {} in a live environment", skill.skill)],
            weaknesses: if rng.bool() {
                vec!["Has not supported a go-live at this scale".into()]
            } else {
                vec![]
            },
            recommendation: Some(
                [
                    Recommendation::StrongYes,
                    Recommendation::Yes,
                    Recommendation::Maybe,
                ][rng.usize(..3)],
            ),
        };
        let note = NewNote {
            body: "Screened by phone; submitted with the client's must-haves covered.".into(),
            assessment,
            internal: true,
        };
        store
            .add_note(org, NoteSubject::Application(app.id), None, &note)
            .await?;
        report.notes += 1;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn deterministic_for_a_seed() {
        let run = |seed| {
            let mut g = Generator::new(seed, date!(2026 - 11 - 22));
            (0..50).map(|i| g.candidate(i)).collect::<Vec<_>>()
        };
        assert!(run(7) == run(7), "the same seed gives the same people");
        assert!(run(7) != run(8), "another seed gives other people");
        let people = run(7);
        let names: HashSet<&str> = people.iter().map(|c| c.name.as_str()).collect();
        assert!(names.len() > 40, "one seed still gives varied people");
    }

    #[test]
    fn candidates_are_valid_and_realistic() {
        let mut g = Generator::new(1, date!(2026 - 11 - 22));
        let people: Vec<NewCandidate> = (0..5_000).map(|i| g.candidate(i)).collect();
        let mut count: HashMap<&str, usize> = HashMap::new();
        for c in &people {
            c.clone()
                .validate()
                .expect("every generated candidate passes validation");
            assert!(
                c.email
                    .as_ref()
                    .is_none_or(|e| e.domain().starts_with("example.")),
                "reserved domains only"
            );
            assert!(
                c.phone
                    .as_ref()
                    .is_none_or(|p| p.as_str()[5..].starts_with("55501")),
                "fictional numbers only"
            );
            assert!(!c.experience.is_empty());
            for w in c.experience.windows(2) {
                assert!(w[1].start < w[0].start, "roles run back in time");
            }
            for s in &c.skills {
                *count.entry(s.skill.as_str()).or_default() += 1;
            }
        }
        let n = |s: &str| count.get(s).copied().unwrap_or(0);
        // Many ClinDoc and Ambulatory people, few Beaker AP or Tapestry people.
        assert!(
            n("epic.clindoc") > 5 * n("epic.beaker_ap"),
            "{} vs {}",
            n("epic.clindoc"),
            n("epic.beaker_ap")
        );
        assert!(
            n("epic.ambulatory") > 5 * n("epic.tapestry"),
            "{} vs {}",
            n("epic.ambulatory"),
            n("epic.tapestry")
        );
        assert!(n("epic.beaker_ap") > 0, "rare is not absent");
        // Skill years come from the dated roles.
        let veteran = people.iter().max_by_key(|c| c.experience.len()).unwrap();
        assert!(veteran.skills.iter().any(|s| s.years_tenths >= 50));
    }

    #[test]
    fn requisitions_fit_their_clients() {
        let mut g = Generator::new(3, date!(2026 - 11 - 22));
        for _ in 0..40 {
            let client = g.saved_client(OrgId::new());
            let platform = client.ehr_systems[0]
                .product
                .as_str()
                .split('.')
                .next()
                .unwrap()
                .to_string();
            for _ in 0..10 {
                let r = g
                    .requisition(&client)
                    .validate()
                    .expect("every generated requisition is valid");
                let main = r.skills[0].skill.as_str();
                for other in ["epic", "oracle_health", "meditech"] {
                    if other != platform {
                        assert!(
                            !main.starts_with(&format!("{other}.")),
                            "{main} at a {platform} client"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn funnel_has_every_stage() {
        let mut rng = fastrand::Rng::with_seed(9);
        let stages: HashSet<Stage> = funnel(&mut rng, 12).into_iter().collect();
        assert_eq!(stages.len(), 8);
    }

    #[tokio::test]
    async fn populates_a_store() {
        use hitstaff_store::prelude::*;
        let dir = tempfile::tempdir().unwrap();
        let store = hitstaff_store_sqlite::SqliteStore::open_path(&dir.path().join("g.sqlite"))
            .await
            .unwrap();
        store.migrate().await.unwrap();
        let org = store
            .create_organization(&hitstaff_domain::NewOrganization::parse("Demo", "demo").unwrap())
            .await
            .unwrap();
        let plan = Plan {
            candidates: 300,
            requisitions: 6,
            clients: 2,
            applications_per_requisition: 9,
            ..Plan::demo(date!(2026 - 11 - 22))
        };
        let report = populate(&store, org.id, &plan, &|_| {}).await.unwrap();
        assert_eq!(
            (report.clients, report.requisitions, report.candidates),
            (2, 6, 300)
        );
        assert_eq!(store.count_candidates(org.id).await.unwrap(), 300);
        let counts = store.pipeline_counts(org.id, None).await.unwrap();
        assert_eq!(counts.iter().map(|c| c.1).sum::<u64>(), report.applications);
        assert!(counts.len() >= 6, "most stages are populated: {counts:?}");
    }
}
