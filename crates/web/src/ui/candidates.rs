//! Candidates: list with filters and keyset paging, profile, create and edit.

use super::form::{Problems, blank_none, problems_or};
use super::skills::{self, SkillRow};
use super::{Chrome, Page, UiError, UiForm, Viewer, answer, done, elapsed, encode, options, render, when};
use crate::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::routing::{get, post};
use hitstaff_app::candidates::{self, Saved, version_from_tag, version_tag};
use hitstaff_app::visibility;
use hitstaff_domain::{
    Action, Candidate, CandidateId, CandidateSkill, Consent, CredentialLevel, Currency, DesiredPay, Email,
    EmploymentStatus, FieldError, Location, Money, NewApplication, NewCandidate, NewNote, NoteSubject, Npi,
    PayUnit, PersonName, Phone, RequisitionId, RequisitionStatus, SkillId, Stage, Travel, UsState,
    ValidationErrors, WorkModel, WorkPreferences, parse_date,
};
use hitstaff_store::{CandidateFilter, PageRequest, RequisitionFilter, Store, now};
use hitstaff_taxonomy::Taxonomy;
use serde::Deserialize;

pub fn router<S: Store>() -> Router<AppState<S>> {
    Router::new()
        .route("/candidates", get(index::<S>).post(create::<S>))
        .route("/candidates/new", get(new_page))
        .route("/candidates/{id}", get(show::<S>).post(update::<S>))
        .route("/candidates/{id}/edit", get(edit_page::<S>))
        .route("/candidates/{id}/applications", post(add_to_pipeline::<S>))
        .route("/candidates/{id}/notes", post(add_note::<S>))
}

fn cand_id(raw: &str) -> Result<CandidateId, UiError> {
    Ok(crate::edge::path_id(raw, "candidate", CandidateId::parse)?)
}

// ---- list

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct Filters {
    name: String,
    state: String,
    skill: String,
    /// Typed in the skill picker and not picked (without JavaScript): read as the skill.
    skill_q: String,
    source: String,
    available_by: String,
    employment_status: String,
    after: String,
}

struct Row {
    id: String,
    name: String,
    headline: String,
    location: String,
    skills: String,
    available: String,
}

#[derive(Template)]
#[template(path = "candidates.html")]
struct ListPage {
    chrome: Chrome,
    f: Filters,
    skill_label: String,
    rows: Vec<Row>,
    next: Option<String>,
    filtered: bool,
    problems: Problems,
    can_create: bool,
    hiring_manager: bool,
}

impl ListPage {
    fn statuses(&self) -> Vec<(String, String, bool)> {
        options::<EmploymentStatus>(&self.f.employment_status)
    }
    fn query(&self) -> String {
        let f = &self.f;
        format!(
            "name={}&state={}&skill={}&source={}&available_by={}&employment_status={}",
            encode(&f.name),
            encode(&f.state),
            encode(&f.skill),
            encode(&f.source),
            encode(&f.available_by),
            encode(&f.employment_status)
        )
    }
    fn next_url(&self) -> Option<String> {
        Some(format!(
            "/candidates?{}&after={}",
            self.query(),
            self.next.as_ref()?
        ))
    }
}

async fn index<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer,
    Query(mut f): Query<Filters>,
) -> Page {
    super::form::take_typed_skill(&mut f.skill, &mut f.skill_q);
    viewer.require(Action::ReadCandidates)?;
    let mut problems = Problems::none();
    let state_code = match blank_none(&f.state) {
        None => None,
        Some(v) => match UsState::parse(v) {
            Ok(s) => Some(s),
            Err(e) => {
                problems.add("state", e.problem);
                None
            }
        },
    };
    let skill = match blank_none(&f.skill) {
        None => None,
        Some(text) => match Taxonomy::get().resolve(text) {
            Some(s) => Some(s.id.clone()),
            None => {
                problems.add(
                    "skill",
                    format!("no single skill matches “{text}”; type more of its name"),
                );
                None
            }
        },
    };
    let available_by = match blank_none(&f.available_by) {
        None => None,
        Some(v) => match parse_date(v) {
            Ok(d) => Some(d),
            Err(e) => {
                problems.add("available_by", e.problem);
                None
            }
        },
    };
    let employment_status = match blank_none(&f.employment_status) {
        None => None,
        Some(v) => match EmploymentStatus::parse(v) {
            Ok(s) => Some(s),
            Err(e) => {
                problems.add("employment_status", e.problem);
                None
            }
        },
    };
    let filter = CandidateFilter {
        state: state_code,
        skill: skill.clone(),
        source: blank_none(&f.source).map(hitstaff_domain::source_code),
        available_by,
        employment_status,
        name_prefix: blank_none(&f.name).map(String::from),
        submitted_to_client: None,
        skill_parts: Vec::new(),
    };
    let page = PageRequest {
        after: blank_none(&f.after).and_then(|a| CandidateId::parse(a).ok()),
        limit: 50,
    };
    let found = candidates::list(&state.store, viewer.caller.actor(), filter, &page).await?;
    let rows = found
        .items
        .into_iter()
        .map(|c| {
            let f = c.fields;
            let mut top: Vec<&CandidateSkill> = f.skills.iter().collect();
            top.sort_by_key(|s| std::cmp::Reverse(s.years_tenths));
            Row {
                id: c.id.to_string(),
                name: f.name.to_string(),
                headline: f.headline.unwrap_or_default(),
                location: f.location.map(|l| l.to_string()).unwrap_or_default(),
                skills: top
                    .iter()
                    .take(4)
                    .map(|s| skills::name(&s.skill))
                    .collect::<Vec<_>>()
                    .join(", "),
                available: f
                    .available_from
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| "Not stated".into()),
            }
        })
        .collect();
    let filtered = [
        &f.name,
        &f.state,
        &f.skill,
        &f.source,
        &f.available_by,
        &f.employment_status,
    ]
    .iter()
    .any(|v| !v.trim().is_empty());
    let chrome = viewer.section("candidates");
    render(
        &ListPage {
            chrome: chrome.clone(),
            skill_label: skill
                .as_ref()
                .map(skills::name)
                .unwrap_or_else(|| f.skill.clone()),
            f,
            rows,
            next: found.next.map(|n| n.to_string()),
            filtered,
            problems,
            can_create: viewer.can(Action::WriteCandidates),
            hiring_manager: viewer.user().client_id.is_some(),
        },
        &chrome,
    )
}

// ---- detail

struct AppRow {
    id: String,
    requisition_id: String,
    requisition: String,
    stage: String,
    in_stage: String,
}

/// A note as shown on a page.
pub(super) struct NoteView {
    pub author: String,
    pub at: String,
    pub body: String,
    pub internal: bool,
    pub strengths: Vec<String>,
    pub weaknesses: Vec<String>,
    pub recommendation: String,
}

pub(super) async fn note_views<S: Store>(
    state: &AppState<S>,
    viewer: &Viewer,
    subject: NoteSubject,
) -> Result<Vec<NoteView>, UiError> {
    let users = state.store.list_users(viewer.org()).await?;
    let notes = hitstaff_app::pipeline::notes(&state.store, viewer.caller.actor(), subject).await?;
    Ok(notes
        .into_iter()
        .rev()
        .map(|n| NoteView {
            author: n
                .author
                .and_then(|a| users.iter().find(|u| u.id == a))
                .map_or_else(|| "hitstaff".to_string(), |u| u.name.to_string()),
            at: when(n.created_at),
            body: n.fields.body,
            internal: n.fields.internal,
            strengths: n.fields.assessment.strengths,
            weaknesses: n.fields.assessment.weaknesses,
            recommendation: n
                .fields
                .assessment
                .recommendation
                .map(|r| r.label().to_string())
                .unwrap_or_default(),
        })
        .collect())
}

#[derive(Template)]
#[template(path = "candidate.html")]
struct DetailPage {
    chrome: Chrome,
    c: Candidate,
    skills: Vec<(String, String)>,
    experience: Vec<(String, String, String)>,
    applications: Vec<AppRow>,
    activity: Vec<(String, String, String)>,
    notes: Vec<NoteView>,
    open_requisitions: Vec<(String, String, bool)>,
    can_write: bool,
    can_move: bool,
    can_note: bool,
    can_internal: bool,
    hiring_manager: bool,
    problems: Problems,
    note_action: String,
    /// (id, file name, received), newest first; none for hiring managers.
    resumes: Vec<(String, String, String)>,
    /// The best open requisitions for them: (id, reference and title, score, strengths,
    /// weaknesses); none for hiring managers.
    best_requisitions: Vec<(String, String, u8, String, String)>,
    /// The requisitions they are in the pipeline of (ids).
    applied: Vec<String>,
}

async fn show<S: Store>(State(state): State<AppState<S>>, viewer: Viewer, Path(raw): Path<String>) -> Page {
    viewer.require(Action::ReadCandidates)?;
    detail(&state, &viewer, cand_id(&raw)?, Problems::none()).await
}

async fn detail<S: Store>(state: &AppState<S>, viewer: &Viewer, id: CandidateId, problems: Problems) -> Page {
    let c = candidates::get(&state.store, viewer.caller.actor(), id).await?;
    let client_scope = viewer.user().client_id;
    let mut applications = Vec::new();
    let mut activity = Vec::new();
    let mut in_pipeline = Vec::new();
    if viewer.can(Action::ReadPipeline) {
        let (seen, all) =
            hitstaff_app::pipeline::of_candidate(&state.store, viewer.caller.actor(), id).await?;
        in_pipeline = all;
        for hitstaff_app::pipeline::CandidateApplication {
            application: app,
            requisition: r,
            history,
        } in seen
        {
            let title = format!("{} {}", r.reference, r.fields.title);
            for change in history {
                let what = match change.from {
                    None => format!("entered {}", change.to.label()),
                    Some(from) => format!("moved from {} to {}", from.label(), change.to.label()),
                };
                activity.push((when(change.at), what, title.clone()));
            }
            applications.push(AppRow {
                id: app.id.to_string(),
                requisition_id: r.id.to_string(),
                requisition: title,
                stage: app.stage.label().to_string(),
                in_stage: elapsed(app.stage_entered_at),
            });
        }
    }
    activity.sort_by(|a, b| b.0.cmp(&a.0));
    let can_move = viewer.can(Action::OpenApplications);
    let mut open_requisitions = Vec::new();
    if can_move {
        let filter = RequisitionFilter {
            status: Some(RequisitionStatus::Open),
            ..Default::default()
        };
        let first = PageRequest {
            after: None,
            limit: 200,
        };
        let found =
            hitstaff_app::requisitions::list(&state.store, viewer.caller.actor(), filter, &first).await?;
        open_requisitions = found
            .items
            .into_iter()
            .filter(|r| !in_pipeline.contains(&r.id))
            .map(|r| {
                (
                    r.id.to_string(),
                    format!("{} {}", r.reference, r.fields.title),
                    false,
                )
            })
            .collect();
    }
    let skills = c
        .fields
        .skills
        .iter()
        .map(|s| {
            let years = f64::from(s.years_tenths) / 10.0;
            // A certificate or a skill named with no job behind it has no years to show.
            let mut detail = if s.years_tenths == 0 {
                s.level.label().to_string()
            } else {
                format!("{years:.1} years, {}", s.level.label().to_lowercase())
            };
            if let Some(y) = s.last_used_year {
                detail.push_str(&format!(", last used {y}"));
            }
            (skills::name(&s.skill), detail)
        })
        .collect();
    let experience = c
        .fields
        .experience
        .iter()
        .map(|x| {
            let end = x.end.map_or_else(|| "now".to_string(), |d| d.to_string());
            (
                x.title.clone(),
                x.employer.clone(),
                format!("{} to {end}", x.start),
            )
        })
        .collect();
    let notes = note_views(state, viewer, NoteSubject::Candidate(id)).await?;
    let resumes = if viewer.can(Action::ReadResumes) {
        hitstaff_app::resumes::list(&state.store, viewer.caller.actor(), id)
            .await?
            .into_iter()
            .map(|r| (r.id.to_string(), r.file_name, when(r.created_at)))
            .collect()
    } else {
        Vec::new()
    };
    let best_requisitions = if viewer.can(Action::RankCandidates) && viewer.can(Action::ReadRequisitions) {
        hitstaff_app::ranking::requisitions_for(&state.store, viewer.caller.actor(), &c, 5)
            .await?
            .into_iter()
            .map(|m| {
                let join = |v: Vec<hitstaff_matching::Reason>| {
                    v.into_iter().map(|r| r.text).collect::<Vec<_>>().join("; ")
                };
                (
                    m.requisition_id.to_string(),
                    format!("{} {}", m.reference, m.title),
                    m.result.score,
                    join(m.result.strengths),
                    join(m.result.weaknesses),
                )
            })
            .collect()
    } else {
        Vec::new()
    };
    let chrome = viewer.section("candidates");
    let ok = problems.is_empty();
    answer(
        &DetailPage {
            applied: applications.iter().map(|a| a.requisition_id.clone()).collect(),
            chrome: chrome.clone(),
            c,
            skills,
            experience,
            applications,
            activity,
            notes,
            open_requisitions,
            can_write: viewer.can(Action::WriteCandidates),
            can_move,
            can_note: viewer.can(Action::WriteNotes),
            can_internal: viewer.can(Action::ReadInternalNotes),
            hiring_manager: client_scope.is_some(),
            problems,
            note_action: format!("/candidates/{id}/notes"),
            resumes,
            best_requisitions,
        },
        &chrome,
        ok,
    )
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct AddForm {
    requisition_id: String,
    /// Where to go back to (the requisition's best matches, to add the next without leaving);
    /// the pipeline when not given.
    back: String,
}

async fn add_to_pipeline<S: Store>(
    State(state): State<AppState<S>>,
    Path(raw): Path<String>,
    UiForm { viewer, form }: UiForm<AddForm>,
) -> Page {
    viewer.require(Action::OpenApplications)?;
    let id = cand_id(&raw)?;
    let Ok(requisition_id) = RequisitionId::parse(form.requisition_id.trim()) else {
        let mut p = Problems::none();
        p.add(
            "requisition_id",
            "choose the requisition to add this candidate to",
        );
        return detail(&state, &viewer, id, p).await;
    };
    let new = NewApplication {
        candidate_id: id,
        requisition_id,
        stage: Stage::Sourced,
    };
    match hitstaff_app::pipeline::open(&state.store, viewer.caller.actor(), &new).await {
        Ok(_) if !form.back.is_empty() => done(super::local_path(&form.back), "added"),
        Ok(_) => done(&format!("/requisitions/{requisition_id}/pipeline"), "created"),
        Err(e) => {
            let p = problems_or(e.into(), "requisition_id")?;
            detail(&state, &viewer, id, p).await
        }
    }
}

/// A note or assessment as typed.
#[derive(Deserialize, Default, Debug)]
#[serde(default)]
pub(super) struct NoteForm {
    pub body: String,
    pub strengths: String,
    pub weaknesses: String,
    pub recommendation: String,
    pub internal: String,
}

impl NoteForm {
    pub fn parse(&self) -> Result<NewNote, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let recommendation = blank_none(&self.recommendation)
            .and_then(|r| e.check("recommendation", hitstaff_domain::Recommendation::parse(r)));
        let new = NewNote {
            body: self.body.trim().to_string(),
            assessment: hitstaff_domain::Assessment {
                strengths: super::form::split_lines(&self.strengths),
                weaknesses: super::form::split_lines(&self.weaknesses),
                recommendation,
            },
            internal: !self.internal.is_empty(),
        };
        if !e.is_empty() {
            return Err(e);
        }
        new.validate()
    }
}

async fn add_note<S: Store>(
    State(state): State<AppState<S>>,
    Path(raw): Path<String>,
    UiForm { viewer, form }: UiForm<NoteForm>,
) -> Page {
    viewer.require(Action::WriteNotes)?;
    let id = cand_id(&raw)?;
    visibility::candidate(&state.store, viewer.caller.actor(), id).await?;
    let note = match form.parse() {
        Ok(n) => n,
        Err(e) => return detail(&state, &viewer, id, e.into()).await,
    };
    let subject = NoteSubject::Candidate(id);
    match hitstaff_app::pipeline::add_note(&state.store, viewer.caller.actor(), subject, &note).await {
        Ok(_) => done(&format!("/candidates/{id}#notes"), "note"),
        Err(e) => {
            let p = problems_or(e.into(), "body")?;
            detail(&state, &viewer, id, p).await
        }
    }
}

// ---- create and edit

/// The candidate form as typed.
#[derive(Deserialize, Default, Clone, Debug)]
#[serde(default)]
struct CandForm {
    name: String,
    email: String,
    phone: String,
    location: String,
    headline: String,
    models: Vec<String>,
    travel: String,
    relocate: String,
    available_from: String,
    pay_amount: String,
    pay_unit: String,
    employment_status: String,
    current_employer: String,
    source: String,
    tags: String,
    consent_contact: String,
    consent_retain: String,
    npi: String,
    skill_id: Vec<String>,
    skill_need: Vec<String>,
    skill_level: Vec<String>,
    skill_years: Vec<String>,
    skill_q: String,
    action: String,
    /// The version the form was filled from (the candidate's ETag), so that a save over
    /// someone else's newer one is caught.
    version: String,
}

impl CandForm {
    fn blank() -> Self {
        CandForm {
            travel: Travel::None.code().into(),
            employment_status: EmploymentStatus::Employed.code().into(),
            pay_unit: PayUnit::Hour.code().into(),
            source: "recruiter".into(),
            ..Default::default()
        }
    }

    fn from_candidate(c: &NewCandidate) -> Self {
        let on = |b: bool| if b { "on".to_string() } else { String::new() };
        CandForm {
            name: c.name.to_string(),
            email: c.email.as_ref().map(ToString::to_string).unwrap_or_default(),
            phone: c.phone.as_ref().map(ToString::to_string).unwrap_or_default(),
            location: c.location.as_ref().map(ToString::to_string).unwrap_or_default(),
            headline: c.headline.clone().unwrap_or_default(),
            models: c
                .preferences
                .models
                .iter()
                .map(|m| m.code().to_string())
                .collect(),
            travel: c.preferences.travel.code().into(),
            relocate: on(c.preferences.relocate),
            available_from: c.available_from.map(|d| d.to_string()).unwrap_or_default(),
            pay_amount: c
                .desired_pay
                .as_ref()
                .map(|p| p.amount.to_string())
                .unwrap_or_default(),
            pay_unit: c
                .desired_pay
                .as_ref()
                .map_or(PayUnit::Hour, |p| p.unit)
                .code()
                .into(),
            employment_status: c.employment_status.code().into(),
            current_employer: c.current_employer.clone().unwrap_or_default(),
            source: c.source.clone(),
            tags: c.tags.join(", "),
            consent_contact: on(c.consent.contact),
            consent_retain: on(c.consent.retain),
            npi: c.npi.as_ref().map(ToString::to_string).unwrap_or_default(),
            skill_id: c.skills.iter().map(|s| s.skill.to_string()).collect(),
            skill_need: c.skills.iter().map(|_| "keep".to_string()).collect(),
            skill_level: c.skills.iter().map(|s| s.level.code().to_string()).collect(),
            skill_years: c
                .skills
                .iter()
                .map(|s| format!("{:.1}", f64::from(s.years_tenths) / 10.0))
                .collect(),
            skill_q: String::new(),
            action: String::new(),
            version: String::new(),
        }
    }

    fn posted(&self) -> skills::Posted<'_> {
        skills::Posted {
            ids: &self.skill_id,
            needs: &self.skill_need,
            levels: &self.skill_level,
            years: &self.skill_years,
        }
    }

    fn skill_rows(&self) -> Vec<SkillRow> {
        self.posted().rows("keep", CredentialLevel::Experienced.code())
    }

    /// Adds the skill typed in the search box (the picker's no-JavaScript path).
    fn add_typed_skill(&mut self, problems: &mut Problems) {
        let lists = [
            &mut self.skill_id,
            &mut self.skill_need,
            &mut self.skill_level,
            &mut self.skill_years,
        ];
        skills::add_typed(
            &mut self.skill_q,
            lists,
            "keep",
            CredentialLevel::Experienced.code(),
            problems,
        );
    }

    /// Parses the form over `base` (the stored candidate when editing: what the form does not show,
    /// such as experience and skill details, is kept).
    fn parse(&self, base: Option<&NewCandidate>) -> Result<NewCandidate, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let name = e.check("name", PersonName::parse(&self.name));
        let mut c = match (base, name) {
            (Some(b), Some(name)) => NewCandidate { name, ..b.clone() },
            (None, Some(name)) => NewCandidate::new(name, "recruiter"),
            (_, None) => NewCandidate::new(
                PersonName::parse("placeholder").map_err(|_| e.clone())?,
                "recruiter",
            ),
        };
        c.email = blank_none(&self.email).and_then(|v| e.check("email", Email::parse(v)));
        c.phone = blank_none(&self.phone).and_then(|v| e.check("phone", Phone::parse(v)));
        c.location = blank_none(&self.location).and_then(|v| e.check("location", Location::parse(v)));
        c.headline = blank_none(&self.headline).map(String::from);
        let models = self
            .models
            .iter()
            .filter_map(|m| e.check("models", WorkModel::parse(m)))
            .collect();
        let travel = e.check(
            "travel",
            Travel::parse(blank_none(&self.travel).unwrap_or("none")),
        );
        c.preferences = WorkPreferences {
            models,
            travel: travel.unwrap_or(Travel::None),
            relocate: !self.relocate.is_empty(),
        };
        c.available_from =
            blank_none(&self.available_from).and_then(|v| e.check("available_from", parse_date(v)));
        c.desired_pay = match blank_none(&self.pay_amount) {
            None => None,
            Some(v) => {
                let amount = e.check("pay_amount", Money::parse(v, Currency::Usd));
                let unit = e.check(
                    "pay_unit",
                    PayUnit::parse(blank_none(&self.pay_unit).unwrap_or("hour")),
                );
                amount.zip(unit).map(|(amount, unit)| DesiredPay { amount, unit })
            }
        };
        if let Some(s) = e.check(
            "employment_status",
            EmploymentStatus::parse(blank_none(&self.employment_status).unwrap_or("employed")),
        ) {
            c.employment_status = s;
        }
        c.current_employer = blank_none(&self.current_employer).map(String::from);
        c.source = blank_none(&self.source).unwrap_or("recruiter").to_string();
        c.tags = self
            .tags
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(String::from)
            .collect();
        let consent = (!self.consent_contact.is_empty(), !self.consent_retain.is_empty());
        if consent != (c.consent.contact, c.consent.retain) {
            c.consent = Consent {
                contact: consent.0,
                retain: consent.1,
                recorded_at: Some(now()),
            };
        }
        c.npi = blank_none(&self.npi).and_then(|v| e.check("npi", Npi::parse(v)));
        let before = base.map(|b| b.skills.clone()).unwrap_or_default();
        let mut skills = Vec::new();
        for row in self.skill_rows() {
            let field = format!("skills[{}]", skills.len());
            let Some(skill) = e.check(&field, SkillId::parse(&row.id)) else {
                continue;
            };
            let level = e
                .check(&field, CredentialLevel::parse(&row.level))
                .unwrap_or(CredentialLevel::Experienced);
            let years_tenths = match blank_none(&row.years) {
                None => 0,
                Some(y) => match y.parse::<f64>() {
                    Ok(y) if (0.0..=60.0).contains(&y) => (y * 10.0).round() as u16,
                    _ => {
                        e.push(FieldError::new(
                            field,
                            format!("{}: years must be a number from 0 to 60", row.name),
                        ));
                        0
                    }
                },
            };
            let last_used_year = before
                .iter()
                .find(|s| s.skill == skill)
                .and_then(|s| s.last_used_year);
            skills.push(CandidateSkill {
                skill,
                years_tenths,
                level,
                last_used_year,
            });
        }
        c.skills = skills;
        match c.validate() {
            Ok(v) if e.is_empty() => Ok(v),
            Ok(_) => Err(e),
            Err(more) => {
                e.errors.extend(more.errors);
                Err(e)
            }
        }
    }
}

#[derive(Template)]
#[template(path = "candidate_form.html")]
struct FormPage {
    chrome: Chrome,
    heading: String,
    action: String,
    cancel: String,
    v: CandForm,
    problems: Problems,
    skill_rows: Vec<SkillRow>,
    kind: &'static str,
    show_pay: bool,
    /// Saved by someone else since this form was filled: (field, saved now, as typed here), for
    /// the fields that differ.
    meanwhile: Vec<(&'static str, String, String)>,
}

/// The fields of two versions of the form that differ, by label.
fn differences(saved: &CandForm, typed: &CandForm) -> Vec<(&'static str, String, String)> {
    let pairs: [(&'static str, &String, &String); 9] = [
        ("Name", &saved.name, &typed.name),
        ("Email", &saved.email, &typed.email),
        ("Phone", &saved.phone, &typed.phone),
        ("Location", &saved.location, &typed.location),
        ("Headline", &saved.headline, &typed.headline),
        (
            "Current employer",
            &saved.current_employer,
            &typed.current_employer,
        ),
        ("Available from", &saved.available_from, &typed.available_from),
        ("Tags", &saved.tags, &typed.tags),
        ("NPI", &saved.npi, &typed.npi),
    ];
    let mut out: Vec<_> = pairs
        .into_iter()
        .filter(|(_, a, b)| a.trim() != b.trim())
        .map(|(l, a, b)| (l, a.clone(), b.clone()))
        .collect();
    if saved.skill_id != typed.skill_id
        || saved.skill_level != typed.skill_level
        || saved.skill_years != typed.skill_years
    {
        out.push(("Skills", saved.skill_id.join(", "), typed.skill_id.join(", ")));
    }
    out
}

impl FormPage {
    fn travels(&self) -> Vec<(String, String, bool)> {
        options::<Travel>(&self.v.travel)
    }
    fn statuses(&self) -> Vec<(String, String, bool)> {
        options::<EmploymentStatus>(&self.v.employment_status)
    }
    fn units(&self) -> Vec<(String, String, bool)> {
        options::<PayUnit>(&self.v.pay_unit)
    }
    fn models(&self) -> Vec<(String, String, bool)> {
        WorkModel::ALL
            .iter()
            .map(|m| {
                (
                    m.code().to_string(),
                    m.label().to_string(),
                    self.v.models.iter().any(|v| v == m.code()),
                )
            })
            .collect()
    }
}

fn form_page(viewer: &Viewer, id: Option<CandidateId>, v: CandForm, problems: Problems) -> Page {
    form_page_beside(viewer, id, v, problems, Vec::new())
}

fn form_page_beside(
    viewer: &Viewer,
    id: Option<CandidateId>,
    v: CandForm,
    problems: Problems,
    meanwhile: Vec<(&'static str, String, String)>,
) -> Page {
    let (heading, action, cancel) = match id {
        None => (
            "New candidate".to_string(),
            "/candidates".to_string(),
            "/candidates".to_string(),
        ),
        Some(id) => (
            format!("Edit {}", v.name),
            format!("/candidates/{id}"),
            format!("/candidates/{id}"),
        ),
    };
    let ok = problems.is_empty();
    let chrome = viewer.section("candidates");
    answer(
        &FormPage {
            chrome: chrome.clone(),
            heading,
            action,
            cancel,
            skill_rows: v.skill_rows(),
            v,
            problems,
            kind: "candidate",
            show_pay: viewer.can(Action::ReadPay),
            meanwhile,
        },
        &chrome,
        ok,
    )
}

async fn new_page(viewer: Viewer) -> Page {
    viewer.require(Action::WriteCandidates)?;
    form_page(&viewer, None, CandForm::blank(), Problems::none())
}

async fn save<S: Store>(
    state: &AppState<S>,
    viewer: &Viewer,
    existing: Option<&Candidate>,
    mut v: CandForm,
) -> Page {
    let id = existing.map(|c| c.id);
    if v.action == "add_skill" && !v.skill_q.trim().is_empty() {
        let mut problems = Problems::none();
        v.add_typed_skill(&mut problems);
        return form_page(viewer, id, v, problems);
    }
    let new = match v.parse(existing.map(|c| &c.fields)) {
        Ok(n) => n,
        Err(e) => return form_page(viewer, id, v, e.into()),
    };
    let actor = viewer.caller.actor();
    let result = match id {
        Some(id) => {
            match candidates::update(&state.store, actor, id, version_from_tag(&v.version), new).await {
                Ok(Saved::ChangedMeanwhile(latest)) => {
                    // Someone saved the candidate since this form was filled: show their version
                    // beside this one, keep what was typed, and let a second save be a choice.
                    let saved = CandForm::from_candidate(&latest.fields);
                    let meanwhile = differences(&saved, &v);
                    v.version = version_tag(&latest);
                    let p = Problems::from_message(
                        "name",
                        "someone else saved this candidate while you were editing: their version is shown \
                     beside yours below. Change what you need and save again to keep yours",
                    );
                    return form_page_beside(viewer, Some(id), v, p, meanwhile);
                }
                Ok(Saved::Saved(c)) => Ok((c, "saved")),
                Err(e) => Err(e),
            }
        }
        None => candidates::create(&state.store, actor, &new)
            .await
            .map(|c| (c, "created")),
    };
    match result {
        Ok((c, flash)) => done(&format!("/candidates/{}", c.id), flash),
        Err(e) => form_page(viewer, id, v, problems_or(e.into(), "email")?),
    }
}

async fn create<S: Store>(
    State(state): State<AppState<S>>,
    UiForm { viewer, form }: UiForm<CandForm>,
) -> Page {
    viewer.require(Action::WriteCandidates)?;
    save(&state, &viewer, None, form).await
}

async fn edit_page<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer,
    Path(raw): Path<String>,
) -> Page {
    viewer.require(Action::WriteCandidates)?;
    let c = candidates::get(&state.store, viewer.caller.actor(), cand_id(&raw)?).await?;
    let mut v = CandForm::from_candidate(&c.fields);
    v.version = version_tag(&c);
    form_page(&viewer, Some(c.id), v, Problems::none())
}

async fn update<S: Store>(
    State(state): State<AppState<S>>,
    Path(raw): Path<String>,
    UiForm { viewer, form }: UiForm<CandForm>,
) -> Page {
    viewer.require(Action::WriteCandidates)?;
    let existing = visibility::candidate(&state.store, viewer.caller.actor(), cand_id(&raw)?).await?;
    save(&state, &viewer, Some(&existing), form).await
}
