//! Resume pages: upload (for a new or an existing candidate), the question "is this the person
//! already on file?", and the reading with its evidence highlighted, where the recruiter
//! corrects what was misread.

use super::{Chrome, NoFields, Page, UiError, UiForm, Viewer, answer, done, render};
use crate::AppState;
use crate::edge::Upload;
use crate::error::AppError;
use askama::Template;
use axum::Router;
use axum::extract::{FromRequest, FromRequestParts, Path, Request, State};
use axum::routing::{get, post};
use hitstaff_app::resumes;
use hitstaff_domain::{
    Action, CandidateId, Correction, CredentialLevel, ResumeId, SkillId, StoredCorrection, UserId,
};
use hitstaff_ingest::intake::{Outcome, Prepared, Target};
use hitstaff_store::Store;
use hitstaff_taxonomy::Taxonomy;
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub fn router<S: Store>() -> Router<AppState<S>> {
    let limit = axum::extract::DefaultBodyLimit::max(crate::UPLOAD_LIMIT);
    Router::new()
        .route(
            "/candidates/upload",
            get(upload_page).post(upload::<S>).layer(limit),
        )
        .route("/candidates/upload/{token}", post(decide::<S>))
        .route("/candidates/{id}/resumes", post(upload_for::<S>).layer(limit))
        .route("/candidates/{id}/corrections", post(correct::<S>))
        .route("/candidates/{id}/corrections/remove", post(uncorrect::<S>))
        .route("/resumes/{id}", get(show::<S>))
        .route("/resumes/{id}/file", get(file::<S>))
        .route("/resumes/{id}/reparse", post(reparse::<S>))
}

/// Uploads waiting for the recruiter to say whether they are someone already on file. Kept in
/// memory for a quarter of an hour; a restart asks for the file again.
#[derive(Debug, Default)]
pub struct PendingUploads {
    waiting: Mutex<HashMap<String, (UserId, Instant, Prepared)>>,
}

const PENDING_FOR: Duration = Duration::from_secs(15 * 60);
/// Uploads waiting at once, and their bytes: the oldest gives way (its uploader is asked for the
/// file again), so waiting uploads never hold more than this much memory.
const PENDING_MAX: usize = 100;
const PENDING_MAX_BYTES: usize = 128 * 1024 * 1024;

impl PendingUploads {
    fn put(&self, user: UserId, prepared: Prepared) -> Result<String, UiError> {
        let token = crate::auth::new_secret().map_err(|e| {
            UiError::App(AppError::Internal(format!(
                "no randomness for an upload token: {e}"
            )))
        })?;
        let mut waiting = self
            .waiting
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        waiting.retain(|_, (_, at, _)| at.elapsed() < PENDING_FOR);
        let size = |p: &Prepared| p.bytes.len() + p.extracted.text.len();
        loop {
            let held: usize = waiting.values().map(|(_, _, p)| size(p)).sum();
            if waiting.len() < PENDING_MAX && held + size(&prepared) <= PENDING_MAX_BYTES {
                break;
            }
            let Some(oldest) = waiting
                .iter()
                .min_by_key(|(_, (_, at, _))| *at)
                .map(|(k, _)| k.clone())
            else {
                break;
            };
            waiting.remove(&oldest);
        }
        waiting.insert(token.clone(), (user, Instant::now(), prepared));
        Ok(token)
    }

    /// The upload, for the person who made it only.
    fn take(&self, user: UserId, token: &str) -> Option<Prepared> {
        let mut waiting = self
            .waiting
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match waiting.get(token) {
            Some((owner, at, _)) if *owner == user && at.elapsed() < PENDING_FOR => {
                waiting.remove(token).map(|(_, _, p)| p)
            }
            _ => None,
        }
    }
}

/// A multipart form from a signed-in page: the CSRF token travels as the `_csrf` field.
struct UiUpload {
    viewer: Viewer,
    upload: Upload,
}

impl<S: Store> FromRequest<AppState<S>> for UiUpload {
    type Rejection = UiError;

    async fn from_request(req: Request, state: &AppState<S>) -> Result<Self, UiError> {
        let (mut parts, body) = req.into_parts();
        let viewer = Viewer::from_request_parts(&mut parts, state).await?;
        // Every upload files a resume: who may is settled before the body is read.
        require(&viewer, Action::WriteCandidates)?;
        let header_ok = crate::session::csrf_header_matches(&parts, &viewer.caller);
        let req = Request::from_parts(parts, body);
        let upload = Upload::from_request(req, state).await?;
        if upload.field("_csrf") != Some(viewer.chrome.csrf.as_str()) && !header_ok {
            return Err(UiError::App(AppError::Forbidden(
                "this form came from an old or foreign page; reload the page and send it again".into(),
            )));
        }
        Ok(UiUpload { viewer, upload })
    }
}

#[derive(Template)]
#[template(path = "resume_upload.html")]
struct UploadPage {
    chrome: Chrome,
    problem: Option<String>,
    duplicates: Vec<(String, String, String)>,
    token: String,
    file_name: String,
}

fn require(viewer: &Viewer, action: Action) -> Result<(), UiError> {
    Ok(resumes::require(viewer.caller.actor(), action)?)
}

async fn upload_page(viewer: Viewer) -> Page {
    require(&viewer, Action::WriteCandidates)?;
    let chrome = viewer.section("candidates");
    render(
        &UploadPage {
            chrome: chrome.clone(),
            problem: None,
            duplicates: Vec::new(),
            token: String::new(),
            file_name: String::new(),
        },
        &chrome,
    )
}

/// The upload page again, with what went wrong beside the file field.
fn refused(viewer: &Viewer, problem: String) -> Page {
    let chrome = viewer.section("candidates");
    answer(
        &UploadPage {
            chrome: chrome.clone(),
            problem: Some(problem),
            duplicates: Vec::new(),
            token: String::new(),
            file_name: String::new(),
        },
        &chrome,
        false,
    )
}

/// The upload page again when the file was the problem; any other error as itself.
fn refused_or(viewer: &Viewer, e: AppError) -> Page {
    match problem_text(&e) {
        Some(p) => refused(viewer, p),
        None => Err(e.into()),
    }
}

fn problem_text(e: &AppError) -> Option<String> {
    match e {
        AppError::Invalid(v) => Some(
            v.errors
                .iter()
                .map(|f| f.problem.clone())
                .collect::<Vec<_>>()
                .join("; "),
        ),
        AppError::TooLarge(m) | AppError::BadRequest(m) => Some(m.clone()),
        _ => None,
    }
}

/// Where a filed resume leads: its reading, with a message.
fn filed(outcome: Outcome) -> Page {
    match outcome {
        Outcome::Created { resume, .. } => done(&format!("/resumes/{}", resume.id), "resume-new"),
        Outcome::Updated { resume, .. } => done(&format!("/resumes/{}", resume.id), "resume-added"),
        Outcome::AlreadyOnFile { resume, .. } => done(&format!("/resumes/{}", resume.id), "resume-known"),
        Outcome::PossibleDuplicates(_) => Err(UiError::App(AppError::Internal(
            "a duplicate question reached the filing step".into(),
        ))),
    }
}

async fn upload<S: Store>(State(state): State<AppState<S>>, UiUpload { viewer, upload }: UiUpload) -> Page {
    let actor = viewer.caller.actor();
    let prepared = match resumes::read(&state.sandbox, actor, upload.file_name, upload.bytes).await {
        Ok(p) => p,
        Err(e) => return refused_or(&viewer, e.into()),
    };
    match resumes::file(&state.store, actor, &prepared, Target::AskOnDuplicate).await {
        Ok(Outcome::PossibleDuplicates(found)) => {
            let duplicates = found
                .iter()
                .map(|(c, why)| {
                    (
                        c.id.to_string(),
                        c.fields.name.as_str().to_string(),
                        why.label().to_string(),
                    )
                })
                .collect();
            let file_name = prepared.file_name.clone();
            let token = state.pending.put(viewer.user().id, prepared)?;
            let chrome = viewer.section("candidates");
            render(
                &UploadPage {
                    chrome: chrome.clone(),
                    problem: None,
                    duplicates,
                    token,
                    file_name,
                },
                &chrome,
            )
        }
        Ok(outcome) => filed(outcome),
        Err(e) => refused_or(&viewer, e.into()),
    }
}

#[derive(Debug, Deserialize)]
struct Decision {
    /// A candidate id (add to them) or "new".
    choice: String,
}

async fn decide<S: Store>(
    State(state): State<AppState<S>>,
    Path(token): Path<String>,
    UiForm { viewer, form }: UiForm<Decision>,
) -> Page {
    require(&viewer, Action::WriteCandidates)?;
    let Some(prepared) = state.pending.take(viewer.user().id, &token) else {
        return refused(
            &viewer,
            "that upload is no longer waiting (it is kept for 15 minutes): choose the file again".into(),
        );
    };
    let target = if form.choice == "new" {
        Target::Create
    } else {
        Target::Candidate(
            CandidateId::parse(&form.choice)
                .map_err(|_| UiError::App(AppError::BadRequest("choose one of the buttons".into())))?,
        )
    };
    filed(resumes::file(&state.store, viewer.caller.actor(), &prepared, target).await?)
}

async fn upload_for<S: Store>(
    State(state): State<AppState<S>>,
    Path(raw): Path<String>,
    UiUpload { viewer, upload }: UiUpload,
) -> Page {
    let id = crate::edge::path_id(&raw, "candidate", CandidateId::parse)?;
    state.store.get_candidate(viewer.org(), id).await?;
    let actor = viewer.caller.actor();
    let prepared = match resumes::read(&state.sandbox, actor, upload.file_name, upload.bytes).await {
        Ok(p) => p,
        Err(e) => return refused_or(&viewer, e.into()),
    };
    filed(resumes::file(&state.store, actor, &prepared, Target::Candidate(id)).await?)
}

/// A piece of the resume's text, highlighted when it is evidence for a fact.
struct Segment {
    text: String,
    fact: Option<String>,
}

/// Cuts the text at the evidence spans (the first fact wins where spans overlap).
fn segments(text: &str, mut spans: Vec<(std::ops::Range<usize>, String)>) -> Vec<Segment> {
    spans.sort_by_key(|(r, _)| (r.start, std::cmp::Reverse(r.end)));
    let mut out = Vec::new();
    let mut at = 0;
    for (r, fact) in spans {
        if r.start < at
            || r.end > text.len()
            || !text.is_char_boundary(r.start)
            || !text.is_char_boundary(r.end)
        {
            continue;
        }
        if r.start > at {
            out.push(Segment {
                text: text[at..r.start].to_string(),
                fact: None,
            });
        }
        out.push(Segment {
            text: text[r.clone()].to_string(),
            fact: Some(fact),
        });
        at = r.end;
    }
    if at < text.len() {
        out.push(Segment {
            text: text[at..].to_string(),
            fact: None,
        });
    }
    out
}

struct SkillView {
    id: String,
    name: String,
    years: String,
    level: String,
    last_used: String,
    mentions: usize,
    on_file: bool,
}

struct ContactView {
    field: &'static str,
    label: &'static str,
    read: String,
    on_file: String,
}

#[derive(Template)]
#[template(path = "resume.html")]
struct ResumePage {
    chrome: Chrome,
    resume_id: String,
    candidate_id: String,
    candidate_name: String,
    file_name: String,
    format: String,
    size: String,
    received: String,
    segments: Vec<Segment>,
    contact: Vec<ContactView>,
    skills: Vec<SkillView>,
    roles: Vec<RoleRow>,
    /// Whether the rows are the recruiter's (a work-history correction) rather than as read.
    roles_corrected: bool,
    corrections: Vec<(String, String)>,
    levels: Vec<(String, String, bool)>,
    others: Vec<(String, String)>,
    can_write: bool,
}

fn resume_id(raw: &str) -> Result<ResumeId, UiError> {
    Ok(crate::edge::path_id(raw, "resume", ResumeId::parse)?)
}

fn describe(c: &StoredCorrection) -> String {
    let skill = |s: &SkillId| super::skills::name(s);
    match &c.correction {
        Correction::Name { value } => format!("Name is {value}"),
        Correction::Email { value } => format!("Email is {value}"),
        Correction::Phone { value } => format!("Phone is {value}"),
        Correction::Location { value } => format!("Location is {value}"),
        Correction::SkillRemoved { skill: s } => format!("{} is not one of their skills", skill(s)),
        Correction::Skill {
            skill: s,
            level,
            years_tenths,
            ..
        } => format!(
            "{}: {}, {:.1} years",
            skill(s),
            level.label(),
            f64::from(*years_tenths) / 10.0
        ),
        Correction::WorkHistory { roles } => format!("Work history set by hand ({} jobs)", roles.len()),
    }
}

/// A month as a form writes it ("2019-04", "04/2019"): its first day.
fn parse_month(raw: &str) -> Option<time::Date> {
    let t = raw.trim();
    let (y, m) = t
        .split_once('-')
        .or_else(|| t.split_once('/').map(|(m, y)| (y, m)))?;
    let month = time::Month::try_from(m.trim().parse::<u8>().ok()?).ok()?;
    let year: i32 = y.trim().parse().ok().filter(|y| (1950..=2100).contains(y))?;
    time::Date::from_calendar_date(year, month, 1).ok()
}

/// One row of the work-history form.
struct RoleRow {
    title: String,
    employer: String,
    start: String,
    end: String,
}

async fn show<S: Store>(State(state): State<AppState<S>>, viewer: Viewer, Path(raw): Path<String>) -> Page {
    let org = viewer.org();
    let actor = viewer.caller.actor();
    let r = resumes::get(&state.store, actor, resume_id(&raw)?).await?;
    let candidate = state.store.get_candidate(org, r.info.candidate_id).await?;
    let corrections = resumes::corrections(&state.store, actor, candidate.id).await?;
    // The reading is made again from the stored text: the same parser, the same evidence.
    let today = time::OffsetDateTime::now_utc().date();
    let p = hitstaff_ingest::parse(&r.text, today);
    let mut spans: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    for (label, fact) in [
        ("Name", &p.name),
        ("Email", &p.email),
        ("Phone", &p.phone),
        ("Location", &p.location),
    ] {
        if let Some(f) = fact {
            spans.push((f.span.clone(), label.to_string()));
        }
    }
    for role in &p.roles {
        if let Some(t) = &role.title {
            spans.push((t.span.clone(), "Job title".into()));
        }
        if let Some(e) = &role.employer {
            spans.push((e.span.clone(), "Employer".into()));
        }
        if let Some(start) = &role.start {
            spans.push((start.span.clone(), "Dates of the role".into()));
        }
    }
    for s in &p.skills {
        for e in &s.evidence {
            spans.push((e.clone(), format!("Skill: {}", super::skills::name(&s.skill))));
        }
    }
    let f = &candidate.fields;
    let read =
        |x: &Option<hitstaff_ingest::Fact<String>>| x.as_ref().map(|f| f.value.clone()).unwrap_or_default();
    let contact = vec![
        ContactView {
            field: "name",
            label: "Name",
            read: read(&p.name),
            on_file: f.name.as_str().to_string(),
        },
        ContactView {
            field: "email",
            label: "Email",
            read: read(&p.email),
            on_file: f
                .email
                .as_ref()
                .map(|e| e.as_str().to_string())
                .unwrap_or_default(),
        },
        ContactView {
            field: "phone",
            label: "Phone",
            read: read(&p.phone),
            on_file: f
                .phone
                .as_ref()
                .map(|e| e.as_str().to_string())
                .unwrap_or_default(),
        },
        ContactView {
            field: "location",
            label: "Location",
            read: read(&p.location),
            on_file: f.location.as_ref().map(ToString::to_string).unwrap_or_default(),
        },
    ];
    let mut skills: Vec<SkillView> = f
        .skills
        .iter()
        .map(|s| SkillView {
            id: s.skill.to_string(),
            name: super::skills::name(&s.skill),
            years: format!("{:.1}", f64::from(s.years_tenths) / 10.0),
            level: s.level.label().to_string(),
            last_used: s.last_used_year.map(|y| y.to_string()).unwrap_or_default(),
            mentions: p
                .skills
                .iter()
                .find(|x| x.skill == s.skill)
                .map_or(0, |x| x.evidence.len()),
            on_file: true,
        })
        .collect();
    for s in &p.skills {
        if !skills.iter().any(|v| v.id == s.skill.as_str()) {
            skills.push(SkillView {
                id: s.skill.to_string(),
                name: super::skills::name(&s.skill),
                years: format!("{:.1}", f64::from(s.years_tenths) / 10.0),
                level: s
                    .level
                    .unwrap_or(CredentialLevel::Experienced)
                    .label()
                    .to_string(),
                last_used: s.last_used_year.map(|y| y.to_string()).unwrap_or_default(),
                mentions: s.evidence.len(),
                on_file: false,
            });
        }
    }
    let corrected_roles = corrections.iter().find_map(|c| match &c.correction {
        Correction::WorkHistory { roles } => Some(roles.clone()),
        _ => None,
    });
    let roles_corrected = corrected_roles.is_some();
    let end_month = |end: Option<time::Date>| {
        end.map(|d| hitstaff_ingest::year_month(d.previous_day().unwrap_or(d)))
            .unwrap_or_default()
    };
    let roles: Vec<RoleRow> = match corrected_roles {
        Some(rs) => rs
            .iter()
            .map(|r| RoleRow {
                title: r.title.clone(),
                employer: r.employer.clone(),
                start: r.start.map(hitstaff_ingest::year_month).unwrap_or_default(),
                end: end_month(r.end),
            })
            .collect(),
        None => p
            .roles
            .iter()
            .map(|r| RoleRow {
                title: r.title.as_ref().map(|t| t.value.clone()).unwrap_or_default(),
                employer: r.employer.as_ref().map(|t| t.value.clone()).unwrap_or_default(),
                start: r
                    .start
                    .as_ref()
                    .map(|s| hitstaff_ingest::year_month(s.value))
                    .unwrap_or_default(),
                end: if r.start.is_some() {
                    end_month(r.end)
                } else {
                    String::new()
                },
            })
            .collect(),
    };
    let others = state
        .store
        .list_resumes(org, candidate.id)
        .await?
        .into_iter()
        .filter(|o| o.id != r.info.id)
        .map(|o| {
            (
                o.id.to_string(),
                format!("{} ({})", o.file_name, super::when(o.created_at)),
            )
        })
        .collect();
    let chrome = viewer.section("candidates");
    render(
        &ResumePage {
            chrome: chrome.clone(),
            resume_id: r.info.id.to_string(),
            candidate_id: candidate.id.to_string(),
            candidate_name: f.name.as_str().to_string(),
            file_name: r.info.file_name.clone(),
            format: r.info.format.to_uppercase(),
            size: format!("{:.1} KiB", r.info.size_bytes as f64 / 1024.0),
            received: super::when(r.info.created_at),
            segments: segments(&r.text, spans),
            contact,
            skills,
            roles,
            roles_corrected,
            corrections: corrections
                .iter()
                .map(|c| (c.correction.key(), describe(c)))
                .collect(),
            levels: CredentialLevel::ALL
                .iter()
                .map(|l| (l.code().to_string(), l.label().to_string(), false))
                .collect(),
            others,
            can_write: viewer.can(Action::WriteCandidates),
        },
        &chrome,
    )
}

async fn file<S: Store>(State(state): State<AppState<S>>, viewer: Viewer, Path(raw): Path<String>) -> Page {
    Ok(crate::edge::resume_file(&state, &viewer.caller, resume_id(&raw)?).await?)
}

async fn reparse<S: Store>(
    State(state): State<AppState<S>>,
    Path(raw): Path<String>,
    UiForm { viewer, .. }: UiForm<NoFields>,
) -> Page {
    let id = resume_id(&raw)?;
    resumes::reparse(&state.store, &state.sandbox, viewer.caller.actor(), id).await?;
    done(&format!("/resumes/{id}"), "resume-reread")
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct CorrectionForm {
    /// The resume page to return to.
    back: String,
    /// name, email, phone, location, skill (set) or not_skill.
    field: String,
    value: String,
    skill: String,
    level: String,
    years: String,
    /// The work-history table: title_0, employer_0, start_0, end_0, remove_0, title_1...
    #[serde(flatten)]
    rows: HashMap<String, String>,
}

/// The jobs of a work-history form, in order, without those marked for removal and blank rows.
fn work_history(form: &CorrectionForm) -> Result<Vec<hitstaff_domain::CorrectedRole>, String> {
    let mut roles = Vec::new();
    for i in 0..=hitstaff_domain::MAX_CORRECTED_ROLES {
        let get = |k: &str| {
            form.rows
                .get(&format!("{k}_{i}"))
                .map(|v| v.trim().to_string())
                .unwrap_or_default()
        };
        let (title, employer, start, end) = (get("title"), get("employer"), get("start"), get("end"));
        if !form.rows.contains_key(&format!("title_{i}")) {
            break;
        }
        if !get("remove").is_empty() || [&title, &employer, &start, &end].iter().all(|v| v.is_empty()) {
            continue;
        }
        let when = |raw: &str, what: &str| -> Result<Option<time::Date>, String> {
            if raw.is_empty() {
                return Ok(None);
            }
            parse_month(raw).map(Some).ok_or_else(|| {
                format!(
                    "job {}: {what} {raw:?} is not a month; write it as 2019-04",
                    i + 1
                )
            })
        };
        let start = when(&start, "from")?;
        // The form says the last month; a role is kept up to the first day after it.
        let end = when(&end, "to")?.and_then(hitstaff_ingest::day_after_month);
        let role = hitstaff_domain::CorrectedRole {
            title,
            employer,
            start,
            end,
        };
        if let Some(problem) = role.problem() {
            return Err(format!("job {}: {problem}", i + 1));
        }
        roles.push(role);
    }
    Ok(roles)
}

async fn correct<S: Store>(
    State(state): State<AppState<S>>,
    Path(raw): Path<String>,
    UiForm { viewer, form }: UiForm<CorrectionForm>,
) -> Page {
    require(&viewer, Action::WriteCandidates)?;
    let id = crate::edge::path_id(&raw, "candidate", CandidateId::parse)?;
    let back = ResumeId::parse(&form.back)
        .map(|r| format!("/resumes/{r}"))
        .unwrap_or(format!("/candidates/{id}"));
    let bad = |m: String| {
        UiError::App(AppError::Invalid(
            hitstaff_domain::FieldError::new(form.field.clone(), m).into(),
        ))
    };
    let skill = || {
        Taxonomy::get()
            .resolve(&form.skill)
            .map(|s| s.id.clone())
            .ok_or_else(|| {
                bad(format!(
                    "{:?} is not a skill hitstaff knows; pick one from the skills list",
                    form.skill
                ))
            })
    };
    let value = form.value.trim().to_string();
    let correction = match form.field.as_str() {
        "name" => Correction::Name { value },
        "email" => Correction::Email { value },
        "phone" => Correction::Phone { value },
        "location" => Correction::Location { value },
        "not_skill" => Correction::SkillRemoved { skill: skill()? },
        "skill" => Correction::Skill {
            skill: skill()?,
            level: CredentialLevel::parse(&form.level).map_err(|e| bad(e.to_string()))?,
            years_tenths: form
                .years
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|y| (0.0..=60.0).contains(y))
                .map(|y| (y * 10.0).round() as u16)
                .ok_or_else(|| bad("years: a number from 0 to 60, such as 4.5".into()))?,
            last_used_year: None,
        },
        "work_history" => Correction::WorkHistory {
            roles: work_history(&form).map_err(bad)?,
        },
        other => return Err(bad(format!("{other:?} cannot be corrected here"))),
    };
    resumes::correct(&state.store, viewer.caller.actor(), id, &correction).await?;
    done(&back, "corrected")
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct UncorrectForm {
    back: String,
    key: String,
}

async fn uncorrect<S: Store>(
    State(state): State<AppState<S>>,
    Path(raw): Path<String>,
    UiForm { viewer, form }: UiForm<UncorrectForm>,
) -> Page {
    let id = crate::edge::path_id(&raw, "candidate", CandidateId::parse)?;
    resumes::uncorrect(&state.store, viewer.caller.actor(), id, &form.key).await?;
    let back = ResumeId::parse(&form.back)
        .map(|r| format!("/resumes/{r}"))
        .unwrap_or(format!("/candidates/{id}"));
    done(&back, "uncorrected")
}

#[cfg(test)]
mod tests {
    use super::*;
    use hitstaff_ingest::extract::{Extracted, Format};

    fn upload(bytes: usize) -> Prepared {
        Prepared {
            file_name: "cv.txt".into(),
            bytes: vec![b'a'; bytes],
            sha256: String::new(),
            extracted: Extracted {
                format: Format::Text,
                text: String::new(),
            },
            profile: hitstaff_ingest::parse("", time::macros::date!(2026 - 11 - 22)),
        }
    }

    #[test]
    fn waiting_uploads_are_used_once_by_their_uploader_and_bounded() {
        let pending = PendingUploads::default();
        let (ana, bo) = (UserId::new(), UserId::new());
        let first = pending.put(ana, upload(10)).unwrap();
        assert!(pending.take(bo, &first).is_none(), "not someone else's");
        assert!(pending.take(ana, &first).is_some());
        assert!(pending.take(ana, &first).is_none(), "used once");

        let oldest = pending.put(ana, upload(10)).unwrap();
        for _ in 0..PENDING_MAX {
            pending.put(ana, upload(10)).unwrap();
        }
        assert!(
            pending.take(ana, &oldest).is_none(),
            "the oldest gave way to the hundred after it"
        );

        // Bytes are bounded too: large uploads push the oldest out.
        let pending = PendingUploads::default();
        let big = PENDING_MAX_BYTES / 2 + 1;
        let a = pending.put(ana, upload(big)).unwrap();
        let b = pending.put(ana, upload(big)).unwrap();
        assert!(pending.take(ana, &a).is_none());
        assert!(pending.take(ana, &b).is_some());
    }
}
