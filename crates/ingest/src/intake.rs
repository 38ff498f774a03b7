//! From a received file to a candidate on file: read it, find the person if they are already
//! known, and keep the resume with them. The command line's folder import and the web upload
//! both come through here, so they treat a file the same way.

use crate::extract::{ExtractError, Extracted, Sandbox};
use crate::{Profile, jsonresume, parse};
use hitstaff_domain::{
    Candidate, CandidateId, CandidateSkill, CorrectedRole, Correction, CredentialLevel, DuplicateReason,
    Email, Experience, Location, NewCandidate, NewResume, OrgId, PersonName, Phone, ResumeInfo, UserId,
};
use hitstaff_store::{DuplicateProbe, ResumeOwner, Store, StoreError};
use sha2::{Digest, Sha256};
use time::Date;

/// A file read and parsed, not yet stored.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub file_name: String,
    pub bytes: Vec<u8>,
    pub sha256: String,
    pub extracted: Extracted,
    pub profile: Profile,
}

/// Lower-case hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push(char::from_digit(u32::from(b >> 4), 16).unwrap_or('0'));
        out.push(char::from_digit(u32::from(b & 0xF), 16).unwrap_or('0'));
    }
    out
}

/// Reads a file (blocking: the sandbox runs a child process).
pub fn prepare(
    file_name: &str,
    bytes: Vec<u8>,
    sandbox: &Sandbox,
    today: Date,
) -> Result<Prepared, ExtractError> {
    let extracted = sandbox.extract(&bytes)?;
    let profile = parse(&extracted.text, today);
    Ok(Prepared {
        file_name: file_name.to_string(),
        sha256: sha256_hex(&bytes),
        bytes,
        extracted,
        profile,
    })
}

/// Where the resume should go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// To this candidate (an upload on their page).
    Candidate(CandidateId),
    /// To the person already on file when there is one, else to a new candidate.
    FindOrCreate,
    /// To a new candidate, unless someone on file may be the same person: then ask.
    AskOnDuplicate,
    /// To a new candidate, whoever else is on file (the recruiter checked: a different person).
    Create,
}

/// What happened to a file.
#[derive(Debug, Clone)]
pub enum Outcome {
    Created {
        candidate: CandidateId,
        resume: ResumeInfo,
    },
    Updated {
        candidate: CandidateId,
        resume: ResumeInfo,
        reason: Option<DuplicateReason>,
    },
    /// This exact file is on file already; nothing changed.
    AlreadyOnFile {
        candidate: CandidateId,
        resume: ResumeInfo,
    },
    /// Someone on file may be this person; nothing was stored.
    PossibleDuplicates(Vec<(Candidate, DuplicateReason)>),
}

/// Why a file could not be filed.
#[derive(Debug, thiserror::Error)]
pub enum IntakeError {
    #[error("{0}")]
    Extract(#[from] ExtractError),
    #[error(
        "no name found at the top of the resume: add the person's name as its first line, or upload it on their page"
    )]
    NoName,
    #[error("the resume's details do not make a valid candidate: {0}")]
    Invalid(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The corrections on file for a candidate, to lay over what a resume says.
fn corrected<'c>(corrections: &'c [Correction], key: &str) -> Option<&'c Correction> {
    corrections.iter().find(|c| c.key() == key)
}

/// What a resume says about its person, with the recruiter's corrections laid over it.
pub struct Reading {
    pub name: Option<String>,
    pub email: Option<Email>,
    pub phone: Option<Phone>,
    pub location: Option<Location>,
    pub skills: Vec<CandidateSkill>,
    pub experience: Vec<Experience>,
    pub headline: Option<String>,
    pub current_employer: Option<String>,
}

impl std::fmt::Debug for Reading {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Personal data stays out of debug output.
        f.debug_struct("Reading")
            .field("skills", &self.skills.len())
            .field("experience", &self.experience.len())
            .finish_non_exhaustive()
    }
}

/// Reads a profile as candidate fields, corrections first.
pub fn reading(profile: &Profile, corrections: &[Correction]) -> Reading {
    let value = |key: &str, parsed: Option<&str>| -> Option<String> {
        match corrected(corrections, key) {
            Some(
                Correction::Name { value }
                | Correction::Email { value }
                | Correction::Phone { value }
                | Correction::Location { value },
            ) => Some(value.clone()),
            _ => parsed.map(str::to_string),
        }
    };
    let name = value("name", profile.name.as_ref().map(|f| f.value.as_str()));
    let email =
        value("email", profile.email.as_ref().map(|f| f.value.as_str())).and_then(|e| Email::parse(&e).ok());
    let phone =
        value("phone", profile.phone.as_ref().map(|f| f.value.as_str())).and_then(|p| Phone::parse(&p).ok());
    let location = value("location", profile.location.as_ref().map(|f| f.value.as_str()))
        .and_then(|l| Location::parse(&l).ok())
        .or_else(|| {
            // "Little Rock, Arkansas": a US place written another way, by its state's code.
            let p = profile
                .place
                .as_ref()
                .filter(|p| p.country.as_deref() == Some("United States"))?;
            corrected(corrections, "location").is_none().then_some(())?;
            Location::parse(&format!("{}, {}", p.city, p.region.as_deref()?)).ok()
        });
    let mut skills: Vec<CandidateSkill> = profile
        .skills
        .iter()
        .filter(|s| {
            !matches!(
                corrected(corrections, &format!("skill:{}", s.skill)),
                Some(Correction::SkillRemoved { .. })
            )
        })
        .map(|s| CandidateSkill {
            skill: s.skill.clone(),
            years_tenths: s.years_tenths,
            level: s.level.unwrap_or(CredentialLevel::Experienced),
            last_used_year: s.last_used_year,
        })
        .collect();
    for c in corrections {
        if let Correction::Skill {
            skill,
            level,
            years_tenths,
            last_used_year,
        } = c
        {
            skills.retain(|s| &s.skill != skill);
            skills.push(CandidateSkill {
                skill: skill.clone(),
                years_tenths: *years_tenths,
                level: *level,
                last_used_year: *last_used_year,
            });
        }
    }
    let not_stated = || "Not stated".to_string();
    let mut experience: Vec<Experience> = profile
        .roles
        .iter()
        .filter(|r| r.title.is_some() || r.employer.is_some())
        .filter_map(|r| Some((r, r.start.as_ref()?.value)))
        .map(|(r, start)| Experience {
            employer: r.employer.as_ref().map_or_else(not_stated, |f| f.value.clone()),
            title: r.title.as_ref().map_or_else(not_stated, |f| f.value.clone()),
            start,
            end: r.end,
            skills: r.skills.iter().map(|s| s.value.clone()).collect(),
        })
        .collect();
    let latest = profile
        .roles
        .iter()
        .filter(|r| r.start.is_some())
        .max_by_key(|r| (r.end.is_none(), r.end, r.start.as_ref().map(|s| s.value)))
        .or_else(|| profile.roles.first());
    let mut headline: Option<String> = latest
        .and_then(|r| r.title.as_ref())
        .or(profile.headline.as_ref())
        .map(|t| t.value.chars().take(200).collect());
    let mut current_employer: Option<String> = latest
        .filter(|r| r.end.is_none())
        .and_then(|r| r.employer.as_ref())
        .map(|e| e.value.chars().take(200).collect());
    // The recruiter's work history stands in for the one read.
    if let Some(Correction::WorkHistory { roles }) = corrected(corrections, "work_history") {
        experience = corrected_experience(roles, &experience);
        let newest = roles.iter().find(|r| r.start.is_some()).or(roles.first());
        headline = newest
            .map(|r| r.title.clone())
            .filter(|t| !t.is_empty())
            .or(headline);
        current_employer = newest
            .filter(|r| r.end.is_none())
            .map(|r| r.employer.clone())
            .filter(|e| !e.is_empty());
    }
    Reading {
        name,
        email,
        phone,
        location,
        skills,
        experience,
        headline,
        current_employer,
    }
}

/// A corrected work history as the candidate's career: the dated jobs, each keeping the skills the
/// resume gave the job it corrects (same start, or same employer).
fn corrected_experience(roles: &[CorrectedRole], read: &[Experience]) -> Vec<Experience> {
    let not_stated = |s: &str| {
        if s.trim().is_empty() {
            "Not stated".to_string()
        } else {
            s.trim().to_string()
        }
    };
    roles
        .iter()
        .filter_map(|r| {
            let start = r.start?;
            let skills = read
                .iter()
                .find(|e| e.start == start || e.employer.eq_ignore_ascii_case(r.employer.trim()))
                .map(|e| e.skills.clone())
                .unwrap_or_default();
            Some(Experience {
                employer: not_stated(&r.employer),
                title: not_stated(&r.title),
                start,
                end: r.end,
                skills,
            })
        })
        .collect()
}

/// A new candidate from a reading.
pub fn new_candidate(reading: Reading, source: &str) -> Result<NewCandidate, IntakeError> {
    let name = reading
        .name
        .as_deref()
        .and_then(|n| PersonName::parse(n).ok())
        .ok_or(IntakeError::NoName)?;
    let mut c = NewCandidate::new(name, source);
    c.email = reading.email;
    c.phone = reading.phone;
    c.location = reading.location;
    c.headline = reading.headline;
    c.current_employer = reading.current_employer;
    c.skills = reading.skills;
    c.experience = reading.experience;
    Ok(c)
}

/// An existing candidate brought up to date by a reading: blanks filled, skills merged (the
/// stronger of each), the career replaced when the resume has one. What the recruiter entered
/// (preferences, pay, tags, consent, source) stays; corrections already hold in the reading.
pub fn merged(existing: &NewCandidate, reading: Reading, corrections: &[Correction]) -> NewCandidate {
    let mut c = existing.clone();
    let name_corrected = corrected(corrections, "name").is_some();
    if name_corrected && let Some(name) = reading.name.as_deref().and_then(|n| PersonName::parse(n).ok()) {
        c.name = name;
    }
    if c.email.is_none() || corrected(corrections, "email").is_some() {
        c.email = reading.email.or(c.email);
    }
    if c.phone.is_none() || corrected(corrections, "phone").is_some() {
        c.phone = reading.phone.or(c.phone);
    }
    if c.location.is_none() || corrected(corrections, "location").is_some() {
        c.location = reading.location.or(c.location);
    }
    c.headline = c.headline.or(reading.headline);
    c.current_employer = reading.current_employer.or(c.current_employer);
    for s in reading.skills {
        let forced = corrected(corrections, &format!("skill:{}", s.skill)).is_some();
        match c.skills.iter_mut().find(|e| e.skill == s.skill) {
            Some(e) if forced => *e = s,
            Some(e) => {
                e.years_tenths = e.years_tenths.max(s.years_tenths);
                e.level = e.level.max(s.level);
                e.last_used_year = e.last_used_year.max(s.last_used_year);
            }
            None => c.skills.push(s),
        }
    }
    c.skills.retain(|s| {
        !matches!(
            corrected(corrections, &format!("skill:{}", s.skill)),
            Some(Correction::SkillRemoved { .. })
        )
    });
    if !reading.experience.is_empty() || corrected(corrections, "work_history").is_some() {
        c.experience = reading.experience;
    }
    c
}

/// Merges what a resume says into the candidate, their corrections laid over it, and saves the
/// candidate when anything changed.
/// The candidate's fields with what this resume says merged in (corrections win), when that
/// changes anything.
async fn brought_up_to_date<S: Store>(
    store: &S,
    org: OrgId,
    candidate: &Candidate,
    profile: &Profile,
) -> Result<Option<NewCandidate>, IntakeError> {
    let corrections: Vec<Correction> = store
        .list_corrections(org, candidate.id)
        .await?
        .into_iter()
        .map(|c| c.correction)
        .collect();
    let updated = merged(&candidate.fields, reading(profile, &corrections), &corrections);
    Ok((updated != candidate.fields).then_some(updated))
}

fn invalid(e: StoreError) -> IntakeError {
    match e {
        StoreError::Invalid(v) => IntakeError::Invalid(v.to_string()),
        e => IntakeError::Store(e),
    }
}

/// Files a prepared resume.
#[tracing::instrument(level = "debug", skip_all, fields(org = %org, format = %prepared.extracted.format))]
pub async fn file<S: Store>(
    store: &S,
    org: OrgId,
    by: Option<UserId>,
    prepared: &Prepared,
    target: Target,
    source: &str,
) -> Result<Outcome, IntakeError> {
    if let Some(resume) = store.resume_by_sha256(org, &prepared.sha256).await? {
        return Ok(Outcome::AlreadyOnFile {
            candidate: resume.candidate_id,
            resume,
        });
    }
    let profile = &prepared.profile;
    let (existing, reason) = match target {
        Target::Candidate(id) => (Some(store.get_candidate(org, id).await?), None),
        Target::Create => (None, None),
        Target::FindOrCreate | Target::AskOnDuplicate => {
            let plain = reading(profile, &[]);
            let probe = DuplicateProbe {
                email: plain.email,
                phone: plain.phone,
                name: plain.name.clone(),
                city: plain.location.as_ref().map(|l| l.city.clone()).or_else(|| {
                    profile
                        .location
                        .as_ref()
                        .and_then(|l| l.value.split(',').next().map(|c| c.trim().to_string()))
                }),
            };
            // A shared phone (a family line, a recycled number) means the same person only when
            // the names agree in part.
            let names_meet = |c: &Candidate| {
                let theirs = c.fields.name.as_str().to_lowercase();
                probe.name.as_deref().is_some_and(|n| {
                    n.to_lowercase()
                        .split_whitespace()
                        .filter(|w| w.len() > 1)
                        .any(|w| theirs.split_whitespace().any(|t| t == w))
                })
            };
            let found: Vec<(Candidate, DuplicateReason)> = store
                .find_duplicates(org, &probe)
                .await?
                .into_iter()
                .filter(|(c, why)| *why != DuplicateReason::SamePhone || names_meet(c))
                .collect();
            if target == Target::AskOnDuplicate && !found.is_empty() {
                return Ok(Outcome::PossibleDuplicates(found));
            }
            match found.into_iter().next() {
                Some((c, why)) => (Some(c), Some(why)),
                None => (None, None),
            }
        }
    };
    let parsed_json = jsonresume::export(profile, &prepared.extracted.text).to_string();
    let resume = NewResume {
        file_name: prepared.file_name.chars().take(255).collect(),
        format: prepared.extracted.format.extension().to_string(),
        media_type: prepared.extracted.format.media_type().to_string(),
        sha256: prepared.sha256.clone(),
        content: prepared.bytes.clone(),
        text: prepared.extracted.text.clone(),
        parsed_json,
    };
    // The candidate's record and their resume are written in one transaction.
    match existing {
        Some(candidate) => {
            let updated = brought_up_to_date(store, org, &candidate, profile).await?;
            let owner = match &updated {
                Some(fields) => ResumeOwner::Updated(candidate.id, fields),
                None => ResumeOwner::AsIs(candidate.id),
            };
            let (candidate, resume) = store
                .file_resume(org, owner, &resume, by)
                .await
                .map_err(invalid)?;
            Ok(Outcome::Updated {
                candidate,
                resume,
                reason,
            })
        }
        None => {
            let new = new_candidate(reading(profile, &[]), source)?;
            let (candidate, resume) = store
                .file_resume(org, ResumeOwner::New(&new), &resume, by)
                .await
                .map_err(invalid)?;
            Ok(Outcome::Created { candidate, resume })
        }
    }
}

/// A candidate's fields with one correction applied, or what is wrong with the correction.
pub fn apply_correction(fields: &NewCandidate, correction: &Correction) -> Result<NewCandidate, String> {
    let mut c = fields.clone();
    match correction {
        Correction::Name { value } => c.name = PersonName::parse(value).map_err(|e| e.to_string())?,
        Correction::Email { value } => c.email = Some(Email::parse(value).map_err(|e| e.to_string())?),
        Correction::Phone { value } => c.phone = Some(Phone::parse(value).map_err(|e| e.to_string())?),
        Correction::Location { value } => {
            c.location = Some(Location::parse(value).map_err(|e| e.to_string())?)
        }
        Correction::SkillRemoved { skill } => c.skills.retain(|s| &s.skill != skill),
        Correction::WorkHistory { roles } => {
            if roles.len() > hitstaff_domain::MAX_CORRECTED_ROLES {
                return Err(format!(
                    "a work history holds at most {} jobs",
                    hitstaff_domain::MAX_CORRECTED_ROLES
                ));
            }
            if let Some(problem) = roles.iter().find_map(CorrectedRole::problem) {
                return Err(problem);
            }
            c.experience = corrected_experience(roles, &c.experience);
        }
        Correction::Skill {
            skill,
            level,
            years_tenths,
            last_used_year,
        } => {
            if hitstaff_taxonomy::Taxonomy::get().get_skill(skill).is_none() {
                return Err(format!(
                    "{skill} is not a skill in the taxonomy; search /api/v1/skills for its id"
                ));
            }
            c.skills.retain(|s| &s.skill != skill);
            c.skills.push(CandidateSkill {
                skill: skill.clone(),
                years_tenths: *years_tenths,
                level: *level,
                last_used_year: *last_used_year,
            });
        }
    }
    Ok(c)
}

/// Files a stored resume's new reading (its original read again, after the parser improved) and
/// brings its candidate up to date, the recruiter's corrections kept. Returns the new reading.
/// The caller reads the original ([`hitstaff_domain::ResumeId`]'s content) in the sandbox, off the
/// async threads.
pub async fn reparse<S: Store>(
    store: &S,
    org: OrgId,
    resume: hitstaff_domain::ResumeId,
    extracted: Extracted,
    today: Date,
) -> Result<(Profile, String), IntakeError> {
    let info = store.get_resume(org, resume).await?.info;
    let profile = parse(&extracted.text, today);
    let json = jsonresume::export(&profile, &extracted.text).to_string();
    store
        .update_resume_parse(org, resume, &extracted.text, &json)
        .await?;
    let candidate = store.get_candidate(org, info.candidate_id).await?;
    if let Some(fields) = brought_up_to_date(store, org, &candidate, &profile).await? {
        store
            .update_candidate(org, candidate.id, &fields)
            .await
            .map_err(invalid)?;
    }
    Ok((profile, extracted.text))
}
