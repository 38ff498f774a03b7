//! Requisitions: list with filters, detail, create, edit, status changes and deletion.

use super::form::{Problems, blank_none, problems_or};
use super::skills::{self, SkillRow};
use super::{Chrome, Page, UiError, UiForm, Viewer, answer, done, encode, options, render};
use crate::AppState;
use crate::error::AppError;
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::routing::get;
use hitstaff_app::ranking::CandidateMatch;
use hitstaff_app::{requisitions, visibility};
use hitstaff_domain::{
    Action, ClientId, CredentialLevel, Currency, Engagement, HiringContact, Intent, Location, Money,
    NewRequisition, PayRange, PayUnit, PersonName, Priority, Reason, Requisition, RequisitionId,
    RequisitionSort, RequisitionStatus, RoleFamily, SkillId, SkillRequirement, UsState, ValidationErrors,
    WorkModel, parse_date,
};
use hitstaff_store::{PageRequest, RequisitionFilter, Store};
use hitstaff_taxonomy::Taxonomy;
use serde::Deserialize;

pub fn router<S: Store>() -> Router<AppState<S>> {
    Router::new()
        .route("/requisitions", get(index::<S>).post(create::<S>))
        .route("/requisitions/new", get(new_page::<S>))
        .route("/requisitions/{id}", get(show::<S>).post(update::<S>))
        .route("/requisitions/{id}/edit", get(edit_page::<S>))
        .route("/requisitions/{id}/status", axum::routing::post(set_status::<S>))
        .route(
            "/requisitions/{id}/delete",
            get(delete_page::<S>).post(delete::<S>),
        )
}

pub(super) fn req_id(raw: &str) -> Result<RequisitionId, UiError> {
    Ok(crate::edge::path_id(raw, "requisition", RequisitionId::parse)?)
}

/// Client names by id, for lists (hiring managers see only their own client).
pub(super) async fn client_names<S: Store>(
    state: &AppState<S>,
    viewer: &Viewer,
) -> Result<Vec<(ClientId, String)>, UiError> {
    Ok(hitstaff_app::clients::names(&state.store, viewer.caller.actor()).await?)
}

fn name_of(clients: &[(ClientId, String)], id: ClientId) -> String {
    clients
        .iter()
        .find(|(c, _)| *c == id)
        .map_or_else(String::new, |(_, n)| n.clone())
}

// ---- list

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct Filters {
    client: String,
    status: String,
    role_family: String,
    engagement: String,
    work_model: String,
    skill: String,
    priority: String,
    /// Typed in the skill picker and not picked (without JavaScript): read as the skill.
    skill_q: String,
    /// "" anyone, "me", or a user id.
    owner: String,
    /// A [`RequisitionSort`] code; newest first when blank.
    sort: String,
    /// Newest first pages by cursor.
    after: String,
    /// The other orders page by position.
    offset: String,
}

struct Row {
    id: String,
    reference: String,
    title: String,
    client: String,
    status: String,
    priority: String,
    engagement: String,
    work_model: String,
    owner: String,
    /// Since it was opened ("3 days").
    age: String,
    /// (open in the pipeline, of whom with the client)
    pipeline: (u64, u64),
}

#[derive(Template)]
#[template(path = "requisitions.html")]
struct ListPage {
    chrome: Chrome,
    f: Filters,
    clients: Vec<(String, String, bool)>,
    owners: Vec<(String, String, bool)>,
    skill_label: String,
    rows: Vec<Row>,
    /// The next page's address.
    next: Option<String>,
    capped: bool,
    filtered: bool,
    problems: Problems,
    can_create: bool,
    /// The firm's own staff see owners; a client's users do not.
    staff: bool,
}

impl ListPage {
    fn statuses(&self) -> Vec<(String, String, bool)> {
        options::<RequisitionStatus>(&self.f.status)
    }
    fn families(&self) -> Vec<(String, String, bool)> {
        options::<RoleFamily>(&self.f.role_family)
    }
    fn engagements(&self) -> Vec<(String, String, bool)> {
        options::<Engagement>(&self.f.engagement)
    }
    fn work_models(&self) -> Vec<(String, String, bool)> {
        options::<WorkModel>(&self.f.work_model)
    }
    fn priorities(&self) -> Vec<(String, String, bool)> {
        options::<Priority>(&self.f.priority)
    }
    fn sorts(&self) -> Vec<(String, String, bool)> {
        let chosen = if self.f.sort.is_empty() {
            "newest"
        } else {
            &self.f.sort
        };
        options::<RequisitionSort>(chosen)
    }
    /// The first page's address with these filters and this order.
    fn first_url(&self) -> String {
        self.f.url()
    }
}

impl Filters {
    /// The list's address with these filters and this order (the first page).
    fn url(&self) -> String {
        format!(
            "/requisitions?client={}&status={}&role_family={}&engagement={}&work_model={}&skill={}&priority={}&owner={}&sort={}",
            encode(&self.client),
            encode(&self.status),
            encode(&self.role_family),
            encode(&self.engagement),
            encode(&self.work_model),
            encode(&self.skill),
            encode(&self.priority),
            encode(&self.owner),
            encode(&self.sort),
        )
    }
}

/// Parses one optional filter, recording a problem under its name when it does not parse.
fn filter<T>(
    problems: &mut Problems,
    name: &str,
    raw: &str,
    parse: impl Fn(&str) -> Result<T, hitstaff_domain::InvalidValue>,
) -> Option<T> {
    let raw = blank_none(raw)?;
    match parse(raw) {
        Ok(v) => Some(v),
        Err(e) => {
            problems.add(name, e.problem);
            None
        }
    }
}

/// How long ago, in whole days ("today", "1 day", "12 days").
fn age(since: time::OffsetDateTime) -> String {
    match (hitstaff_store::now() - since).whole_days() {
        n if n < 1 => "today".into(),
        1 => "1 day".into(),
        n => format!("{n} days"),
    }
}

const PAGE: usize = 50;

async fn index<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer,
    Query(mut f): Query<Filters>,
) -> Page {
    super::form::take_typed_skill(&mut f.skill, &mut f.skill_q);
    viewer.require(Action::ReadRequisitions)?;
    let actor = viewer.caller.actor();
    let mut problems = Problems::none();
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
    // Owners are the firm's own business (withheld from a client's users, as the policy says).
    let staff = !viewer.access().withheld().firm_history;
    let owner = match blank_none(&f.owner) {
        None => None,
        Some("me") => Some(viewer.user().id),
        Some(_) if !staff => None,
        Some(raw) => filter(&mut problems, "owner", raw, hitstaff_domain::UserId::parse),
    };
    let query = RequisitionFilter {
        client: filter(&mut problems, "client", &f.client, ClientId::parse),
        owner,
        status: filter(&mut problems, "status", &f.status, RequisitionStatus::parse),
        role_family: filter(&mut problems, "role_family", &f.role_family, RoleFamily::parse),
        engagement: filter(&mut problems, "engagement", &f.engagement, Engagement::parse),
        work_model: filter(&mut problems, "work_model", &f.work_model, WorkModel::parse),
        skill: skill.clone(),
        priority: filter(&mut problems, "priority", &f.priority, Priority::parse),
    };
    let sort =
        filter(&mut problems, "sort", &f.sort, RequisitionSort::parse).unwrap_or(RequisitionSort::Newest);
    let (items, next, capped) = if sort == RequisitionSort::Newest {
        let page = PageRequest {
            after: blank_none(&f.after).and_then(|a| RequisitionId::parse(a).ok()),
            limit: PAGE as u32,
        };
        let found = requisitions::list(&state.store, actor, query, &page).await?;
        let next = found.next.map(|n| format!("{}&after={n}", f.url()));
        (found.items, next, false)
    } else {
        let offset: usize = f.offset.trim().parse().unwrap_or(0);
        let found = requisitions::list_sorted(&state.store, actor, query, sort, offset, PAGE).await?;
        let next = found
            .more
            .then(|| format!("{}&offset={}", f.url(), offset + PAGE));
        (found.items, next, found.capped)
    };
    let clients = client_names(&state, &viewer).await?;
    let users = if staff {
        state.store.list_users(viewer.org()).await?
    } else {
        Vec::new()
    };
    let mut rows = Vec::with_capacity(items.len());
    for r in items {
        let pipeline = if viewer.can(Action::ReadPipeline) {
            requisitions::pipeline_size(&state.store, actor, r.id).await?
        } else {
            (0, 0)
        };
        rows.push(Row {
            id: r.id.to_string(),
            client: name_of(&clients, r.fields.client_id),
            reference: r.reference,
            title: r.fields.title,
            status: r.fields.status.label().into(),
            priority: r.fields.priority.label().into(),
            engagement: r.fields.engagement.label().into(),
            work_model: r.fields.work_model.label().into(),
            owner: r
                .fields
                .owner_id
                .and_then(|o| users.iter().find(|u| u.id == o))
                .map_or_else(String::new, |u| u.name.to_string()),
            age: age(r.created_at),
            pipeline,
        });
    }
    let filtered = [
        &f.client,
        &f.status,
        &f.role_family,
        &f.engagement,
        &f.work_model,
        &f.skill,
        &f.priority,
        &f.owner,
    ]
    .iter()
    .any(|v| !v.trim().is_empty());
    let me = viewer.user().id;
    let mut owners = vec![("me".to_string(), "Mine".to_string(), f.owner == "me")];
    owners.extend(
        users
            .iter()
            .filter(|u| requisitions::may_own(u) && u.id != me)
            .map(|u| (u.id.to_string(), u.name.to_string(), u.id.to_string() == f.owner)),
    );
    let chrome = viewer.chrome.clone();
    render(
        &ListPage {
            chrome: Chrome {
                section: "requisitions",
                ..chrome.clone()
            },
            clients: clients
                .iter()
                .map(|(id, n)| (id.to_string(), n.clone(), id.to_string() == f.client))
                .collect(),
            owners,
            skill_label: skill
                .as_ref()
                .map(skills::name)
                .unwrap_or_else(|| f.skill.clone()),
            f,
            rows,
            next,
            capped,
            filtered,
            problems,
            can_create: viewer.can(Action::WriteRequisitions),
            staff,
        },
        &chrome,
    )
}

// ---- detail

/// The posting as the requisition page shows it: its status, when first published, and the
/// moves open to it (status code, button).
type PostingBox = (String, String, Vec<(String, String)>);

#[derive(Template)]
#[template(path = "requisition.html")]
struct DetailPage {
    chrome: Chrome,
    r: Requisition,
    client: String,
    /// Who works it ("" for a client's users, or nobody yet).
    owner: String,
    posting: Option<PostingBox>,
    skills: Vec<(String, String)>,
    pay: Option<String>,
    next_statuses: Vec<(String, String, bool)>,
    can_write: bool,
    can_pipeline: bool,
    can_clients: bool,
    /// Ranked candidates (not for hiring managers).
    can_match: bool,
    index_loading: bool,
    can_move: bool,
    matches: Vec<MatchRow>,
}

/// A ranked candidate as the requisition page shows it.
pub(crate) struct MatchRow {
    pub id: String,
    pub name: String,
    pub headline: Option<String>,
    pub score: u8,
    /// What the score means ("worth a call").
    pub band: &'static str,
    pub in_pipeline: bool,
    pub strengths: Vec<String>,
    pub weaknesses: Vec<String>,
    /// (factor, weight, earned percent)
    pub parts: Vec<(String, u16, u8)>,
}

impl From<CandidateMatch> for MatchRow {
    fn from(m: CandidateMatch) -> Self {
        MatchRow {
            id: m.candidate_id.to_string(),
            name: m.name,
            headline: m.headline,
            score: m.result.score,
            band: hitstaff_matching::band::name(m.result.score),
            in_pipeline: m.in_pipeline,
            strengths: m.result.strengths.into_iter().map(|r| r.text).collect(),
            weaknesses: m.result.weaknesses.into_iter().map(|r| r.text).collect(),
            parts: m
                .result
                .parts
                .into_iter()
                .map(|p| {
                    (
                        p.factor,
                        p.weight,
                        (p.earned * 100.0).round().clamp(0.0, 100.0) as u8,
                    )
                })
                .collect(),
        }
    }
}

async fn show<S: Store>(State(state): State<AppState<S>>, viewer: Viewer, Path(raw): Path<String>) -> Page {
    viewer.require(Action::ReadRequisitions)?;
    let r = requisitions::get(&state.store, viewer.caller.actor(), req_id(&raw)?).await?;
    let clients = client_names(&state, &viewer).await?;
    let skills = r
        .fields
        .skills
        .iter()
        .map(|s| {
            let mut detail = vec![
                match (s.required, s.hard_filter) {
                    (true, true) => "required; candidates without it are not ranked",
                    (true, false) => "required",
                    (false, _) => "preferred",
                }
                .to_string(),
            ];
            if let Some(level) = s.level {
                detail.push(format!("at least {}", level.label().to_lowercase()));
            }
            if let Some(y) = s.min_years {
                detail.push(format!("{y}+ years"));
            }
            (skills::name(&s.skill), detail.join(", "))
        })
        .collect();
    let current = r.fields.status;
    let next_statuses = RequisitionStatus::ALL
        .iter()
        .filter(|s| current.can_become(**s))
        .map(|s| (s.code().to_string(), s.label().to_string(), false))
        .collect();
    let can_match = viewer.can(Action::RankCandidates);
    let index_loading = can_match && !state.candidates.is_ready();
    let matches = if can_match && !index_loading {
        hitstaff_app::ranking::candidates_for(&state.store, &state.candidates, viewer.caller.actor(), &r, 10)
            .await?
            .into_iter()
            .map(MatchRow::from)
            .collect()
    } else {
        Vec::new()
    };
    let owner = match r.fields.owner_id {
        Some(o) => match state.store.get_user(viewer.org(), o).await {
            Ok(u) => u.name.to_string(),
            Err(hitstaff_store::StoreError::NotFound { .. }) => String::new(),
            Err(e) => return Err(e.into()),
        },
        _ => String::new(),
    };
    let posting = hitstaff_app::postings::get(&state.store, viewer.caller.actor(), r.id)
        .await?
        .map(|p| {
            let moves = hitstaff_domain::PostingStatus::ALL
                .iter()
                .filter(|to| p.status.can_become(**to))
                .map(|to| {
                    let button = match to {
                        hitstaff_domain::PostingStatus::Published => "Publish",
                        hitstaff_domain::PostingStatus::Paused => "Pause",
                        hitstaff_domain::PostingStatus::Closed => "Close",
                        hitstaff_domain::PostingStatus::Draft => "Back to draft",
                    };
                    (to.code().to_string(), button.to_string())
                })
                .collect();
            let first = p.published_at.map(super::when).unwrap_or_default();
            (p.status.label().to_string(), first, moves)
        });
    let chrome = viewer.chrome.clone();
    render(
        &DetailPage {
            posting,
            owner,
            chrome: Chrome {
                section: "requisitions",
                ..chrome.clone()
            },
            can_match,
            index_loading,
            can_move: viewer.can(Action::MovePipeline),
            matches,
            client: name_of(&clients, r.fields.client_id),
            pay: r.fields.pay.as_ref().map(ToString::to_string),
            skills,
            r,
            next_statuses,
            can_write: viewer.can(Action::WriteRequisitions),
            can_pipeline: viewer.can(Action::ReadPipeline),
            can_clients: viewer.can(Action::ReadClients),
        },
        &chrome,
    )
}

// ---- create and edit

/// The requisition form as typed: every value kept as text so that a rejected form comes back
/// exactly as the user left it.
#[derive(Deserialize, Default, Clone, Debug)]
#[serde(default)]
pub(super) struct ReqForm {
    client_id: String,
    title: String,
    role_family: String,
    engagement: String,
    intent: String,
    reason: String,
    work_model: String,
    location: String,
    remote_states: String,
    headcount: String,
    start_date: String,
    duration_weeks: String,
    pay_min: String,
    pay_max: String,
    priority: String,
    status: String,
    contact_name: String,
    contact_title: String,
    contact_email: String,
    contact_phone: String,
    description: String,
    /// A user id; blank keeps the owner (or, new, makes whoever saves it the owner).
    owner_id: String,
    skill_id: Vec<String>,
    skill_need: Vec<String>,
    skill_level: Vec<String>,
    skill_years: Vec<String>,
    skill_q: String,
    action: String,
}

impl ReqForm {
    fn from_requisition(r: &NewRequisition) -> Self {
        let contact = r.contacts.first();
        ReqForm {
            client_id: r.client_id.to_string(),
            title: r.title.clone(),
            role_family: r.role_family.code().into(),
            engagement: r.engagement.code().into(),
            intent: r.intent.code().into(),
            reason: r.reason.code().into(),
            work_model: r.work_model.code().into(),
            location: r.location.as_ref().map(ToString::to_string).unwrap_or_default(),
            remote_states: r
                .remote_states
                .iter()
                .map(|s| s.code())
                .collect::<Vec<_>>()
                .join(", "),
            headcount: r.headcount.to_string(),
            start_date: r.start_date.map(|d| d.to_string()).unwrap_or_default(),
            duration_weeks: r.duration_weeks.map(|w| w.to_string()).unwrap_or_default(),
            pay_min: r.pay.as_ref().map(|p| p.min.to_string()).unwrap_or_default(),
            pay_max: r.pay.as_ref().map(|p| p.max.to_string()).unwrap_or_default(),
            priority: r.priority.code().into(),
            status: r.status.code().into(),
            contact_name: contact.map(|c| c.name.to_string()).unwrap_or_default(),
            contact_title: contact.and_then(|c| c.title.clone()).unwrap_or_default(),
            contact_email: contact
                .and_then(|c| c.email.as_ref())
                .map(ToString::to_string)
                .unwrap_or_default(),
            contact_phone: contact
                .and_then(|c| c.phone.as_ref())
                .map(ToString::to_string)
                .unwrap_or_default(),
            description: r.description.clone(),
            owner_id: r.owner_id.map(|u| u.to_string()).unwrap_or_default(),
            skill_id: r.skills.iter().map(|s| s.skill.to_string()).collect(),
            skill_need: r
                .skills
                .iter()
                .map(|s| {
                    match (s.required, s.hard_filter) {
                        (true, true) => "must",
                        (true, false) => "required",
                        (false, _) => "preferred",
                    }
                    .to_string()
                })
                .collect(),
            skill_level: r
                .skills
                .iter()
                .map(|s| s.level.map(|l| l.code().to_string()).unwrap_or_default())
                .collect(),
            skill_years: r
                .skills
                .iter()
                .map(|s| s.min_years.map(|y| y.to_string()).unwrap_or_default())
                .collect(),
            skill_q: String::new(),
            action: String::new(),
        }
    }

    fn blank() -> Self {
        ReqForm {
            headcount: "1".into(),
            priority: Priority::Normal.code().into(),
            status: RequisitionStatus::Open.code().into(),
            ..Default::default()
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
        self.posted().rows("required", "")
    }

    /// Adds the skill typed in the search box (the picker's no-JavaScript path).
    fn add_typed_skill(&mut self, problems: &mut Problems) {
        let lists = [
            &mut self.skill_id,
            &mut self.skill_need,
            &mut self.skill_level,
            &mut self.skill_years,
        ];
        skills::add_typed(&mut self.skill_q, lists, "required", "", problems);
    }

    /// Parses every field, collecting every problem under the name of the input it came from.
    fn parse(&self) -> Result<NewRequisition, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let req = |e: &mut ValidationErrors, field: &str, what: &str, raw: &str| {
            if raw.trim().is_empty() {
                e.push(hitstaff_domain::FieldError::new(field, format!("choose {what}")));
                None
            } else {
                Some(raw.trim().to_string())
            }
        };
        let client_id = req(&mut e, "client_id", "the client", &self.client_id)
            .and_then(|v| e.check("client_id", ClientId::parse(&v)));
        let role_family = req(&mut e, "role_family", "a role family", &self.role_family)
            .and_then(|v| e.check("role_family", RoleFamily::parse(&v)));
        let engagement = req(&mut e, "engagement", "an engagement", &self.engagement)
            .and_then(|v| e.check("engagement", Engagement::parse(&v)));
        let intent = req(&mut e, "intent", "what the hire is for", &self.intent)
            .and_then(|v| e.check("intent", Intent::parse(&v)));
        let reason = req(&mut e, "reason", "why the need arose", &self.reason)
            .and_then(|v| e.check("reason", Reason::parse(&v)));
        let work_model = req(&mut e, "work_model", "a work model", &self.work_model)
            .and_then(|v| e.check("work_model", WorkModel::parse(&v)));
        let location = blank_none(&self.location).and_then(|v| e.check("location", Location::parse(v)));
        let remote_states: Vec<UsState> = self
            .remote_states
            .split([',', ' ', ';'])
            .filter(|s| !s.trim().is_empty())
            .filter_map(|s| e.check("remote_states", UsState::parse(s)))
            .collect();
        let headcount = match self.headcount.trim().parse::<u16>() {
            Ok(n) => Some(n),
            Err(_) => {
                e.push(hitstaff_domain::FieldError::new(
                    "headcount",
                    "enter a whole number from 1 to 500",
                ));
                None
            }
        };
        let start_date = blank_none(&self.start_date).and_then(|v| e.check("start_date", parse_date(v)));
        let duration_weeks = match blank_none(&self.duration_weeks) {
            None => None,
            Some(v) => match v.parse::<u16>() {
                Ok(w) => Some(w),
                Err(_) => {
                    e.push(hitstaff_domain::FieldError::new(
                        "duration_weeks",
                        "enter the contract length in whole weeks, or leave it empty",
                    ));
                    None
                }
            },
        };
        let pay = match (blank_none(&self.pay_min), blank_none(&self.pay_max)) {
            (None, None) => None,
            (Some(min), Some(max)) => {
                let min = e.check("pay_min", Money::parse(min, Currency::Usd));
                let max = e.check("pay_max", Money::parse(max, Currency::Usd));
                let unit = if engagement == Some(Engagement::Permanent) {
                    PayUnit::Year
                } else {
                    PayUnit::Hour
                };
                match (min, max) {
                    (Some(min), Some(max)) => e.check("pay_max", PayRange::new(min, max, unit)),
                    _ => None,
                }
            }
            (None, Some(_)) => {
                e.push(hitstaff_domain::FieldError::new(
                    "pay_min",
                    "enter the lowest figure too, or neither",
                ));
                None
            }
            (Some(_), None) => {
                e.push(hitstaff_domain::FieldError::new(
                    "pay_max",
                    "enter the highest figure too, or neither",
                ));
                None
            }
        };
        let priority = e.check(
            "priority",
            Priority::parse(blank_none(&self.priority).unwrap_or("normal")),
        );
        let status = e.check(
            "status",
            RequisitionStatus::parse(blank_none(&self.status).unwrap_or("open")),
        );
        let mut contacts = Vec::new();
        if let Some(name) = blank_none(&self.contact_name) {
            let name = e.check("contact_name", PersonName::parse(name));
            let email = blank_none(&self.contact_email)
                .and_then(|v| e.check("contact_email", hitstaff_domain::Email::parse(v)));
            let phone = blank_none(&self.contact_phone)
                .and_then(|v| e.check("contact_phone", hitstaff_domain::Phone::parse(v)));
            if let Some(name) = name {
                contacts.push(HiringContact {
                    name,
                    title: blank_none(&self.contact_title).map(String::from),
                    email,
                    phone,
                });
            }
        } else if blank_none(&self.contact_email).is_some() || blank_none(&self.contact_phone).is_some() {
            e.push(hitstaff_domain::FieldError::new(
                "contact_name",
                "add the contact's name, or clear their email and phone",
            ));
        }
        let mut skills = Vec::new();
        for row in self.skill_rows() {
            let field = format!("skills[{}]", skills.len());
            let Some(skill) = e.check(&field, SkillId::parse(&row.id)) else {
                continue;
            };
            let level = blank_none(&row.level).and_then(|l| e.check(&field, CredentialLevel::parse(l)));
            let min_years = match blank_none(&row.years) {
                None => None,
                Some(y) => match y.parse::<u8>() {
                    Ok(y) => Some(y),
                    Err(_) => {
                        e.push(hitstaff_domain::FieldError::new(
                            field,
                            format!("{}: minimum years must be a whole number", row.name),
                        ));
                        None
                    }
                },
            };
            skills.push(SkillRequirement {
                skill,
                required: row.need != "preferred",
                min_years,
                level,
                // "Required, and rank no one without it."
                hard_filter: row.need == "must",
            });
        }
        let parsed = (
            client_id,
            role_family,
            engagement,
            intent,
            reason,
            work_model,
            headcount,
            priority,
            status,
        );
        let (
            Some(client_id),
            Some(role_family),
            Some(engagement),
            Some(intent),
            Some(reason),
            Some(work_model),
            Some(headcount),
            Some(priority),
            Some(status),
        ) = parsed
        else {
            return Err(e);
        };
        let new = NewRequisition {
            client_id,
            title: self.title.trim().to_string(),
            role_family,
            engagement,
            intent,
            reason,
            work_model,
            location,
            remote_states,
            headcount,
            start_date,
            duration_weeks,
            skills,
            pay,
            priority,
            status,
            contacts,
            description: self.description.trim().to_string(),
            owner_id: blank_none(&self.owner_id)
                .and_then(|raw| e.check("owner_id", hitstaff_domain::UserId::parse(raw))),
        };
        // Cross-field rules add their problems to the ones found so far.
        match new.validate() {
            Ok(v) if e.is_empty() => Ok(v),
            Ok(_) => Err(e),
            Err(more) => {
                for p in more.errors {
                    e.push(p);
                }
                Err(e)
            }
        }
    }
}

#[derive(Template)]
#[template(path = "requisition_form.html")]
struct FormPage {
    chrome: Chrome,
    heading: String,
    action: String,
    cancel: String,
    is_new: bool,
    v: ReqForm,
    clients: Vec<(String, String, bool)>,
    problems: Problems,
    skill_rows: Vec<SkillRow>,
    kind: &'static str,
    show_pay: bool,
    /// Who may own it: (user id, name, chosen).
    owners: Vec<(String, String, bool)>,
}

impl FormPage {
    fn families(&self) -> Vec<(String, String, bool)> {
        options::<RoleFamily>(&self.v.role_family)
    }
    fn engagements(&self) -> Vec<(String, String, bool)> {
        options::<Engagement>(&self.v.engagement)
    }
    fn intents(&self) -> Vec<(String, String, bool)> {
        options::<Intent>(&self.v.intent)
    }
    fn reasons(&self) -> Vec<(String, String, bool)> {
        options::<Reason>(&self.v.reason)
    }
    fn work_models(&self) -> Vec<(String, String, bool)> {
        options::<WorkModel>(&self.v.work_model)
    }
    fn priorities(&self) -> Vec<(String, String, bool)> {
        options::<Priority>(&self.v.priority)
    }
    fn statuses(&self) -> Vec<(String, String, bool)> {
        super::options_of(
            &[RequisitionStatus::Draft, RequisitionStatus::Open],
            &self.v.status,
        )
    }
}

async fn form_page<S: Store>(
    state: &AppState<S>,
    viewer: &Viewer,
    id: Option<RequisitionId>,
    v: ReqForm,
    problems: Problems,
) -> Page {
    let clients = client_names(state, viewer)
        .await?
        .into_iter()
        .map(|(id, n)| (id.to_string(), n, id.to_string() == v.client_id))
        .collect();
    let (heading, action, cancel) = match id {
        None => (
            "New requisition".to_string(),
            "/requisitions".to_string(),
            "/requisitions".to_string(),
        ),
        Some(id) => (
            format!("Edit {}", v.title),
            format!("/requisitions/{id}"),
            format!("/requisitions/{id}"),
        ),
    };
    let me = viewer.user().id.to_string();
    let chosen = if v.owner_id.is_empty() {
        me.as_str()
    } else {
        v.owner_id.as_str()
    };
    let owners = state
        .store
        .list_users(viewer.org())
        .await?
        .into_iter()
        .filter(|u| requisitions::may_own(u) || u.id.to_string() == v.owner_id)
        .map(|u| (u.id.to_string(), u.name.to_string(), u.id.to_string() == chosen))
        .collect();
    let ok = problems.is_empty();
    let page = FormPage {
        chrome: Chrome {
            section: "requisitions",
            ..viewer.chrome.clone()
        },
        heading,
        action,
        cancel,
        is_new: id.is_none(),
        skill_rows: v.skill_rows(),
        v,
        clients,
        problems,
        kind: "requisition",
        show_pay: viewer.can(Action::ReadPay),
        owners,
    };
    answer(&page, &viewer.chrome, ok)
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct NewQuery {
    client: String,
}

async fn new_page<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer,
    Query(q): Query<NewQuery>,
) -> Page {
    viewer.require(Action::WriteRequisitions)?;
    let v = ReqForm {
        client_id: q.client,
        ..ReqForm::blank()
    };
    form_page(&state, &viewer, None, v, Problems::none()).await
}

/// Handles the picker's "Add skill" button (re-shows the form) or saves. Enter pressed in any other
/// field also arrives as "add_skill", with the search box empty: that saves.
async fn save<S: Store>(
    state: &AppState<S>,
    viewer: &Viewer,
    id: Option<RequisitionId>,
    mut v: ReqForm,
    existing: Option<&Requisition>,
) -> Page {
    if v.action == "add_skill" && !v.skill_q.trim().is_empty() {
        let mut problems = Problems::none();
        v.add_typed_skill(&mut problems);
        return form_page(state, viewer, id, v, problems).await;
    }
    let mut new = match v.parse() {
        Ok(new) => new,
        Err(e) => return form_page(state, viewer, id, v, e.into()).await,
    };
    let actor = viewer.caller.actor();
    let result = match (id, existing) {
        (Some(id), Some(old)) => {
            // The form does not edit the status (changed on its own, with its rules).
            new.status = old.fields.status;
            requisitions::update(&state.store, actor, id, new)
                .await
                .map(|r| (r, "saved"))
        }
        _ => requisitions::create(&state.store, actor, &new)
            .await
            .map(|r| (r, "created")),
    };
    match result {
        Ok((r, flash)) => done(&format!("/requisitions/{}", r.id), flash),
        Err(hitstaff_app::Error::Forbidden(m)) => Err(UiError::App(AppError::Forbidden(m))),
        Err(e) => {
            let problems = problems_or(AppError::from(e), "title")?;
            form_page(state, viewer, id, v, problems).await
        }
    }
}

async fn create<S: Store>(
    State(state): State<AppState<S>>,
    UiForm { viewer, form }: UiForm<ReqForm>,
) -> Page {
    viewer.require(Action::WriteRequisitions)?;
    save(&state, &viewer, None, form, None).await
}

async fn edit_page<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer,
    Path(raw): Path<String>,
) -> Page {
    viewer.require(Action::WriteRequisitions)?;
    let r = requisitions::get(&state.store, viewer.caller.actor(), req_id(&raw)?).await?;
    form_page(
        &state,
        &viewer,
        Some(r.id),
        ReqForm::from_requisition(&r.fields),
        Problems::none(),
    )
    .await
}

async fn update<S: Store>(
    State(state): State<AppState<S>>,
    Path(raw): Path<String>,
    UiForm { viewer, form }: UiForm<ReqForm>,
) -> Page {
    viewer.require(Action::WriteRequisitions)?;
    let id = req_id(&raw)?;
    let existing = visibility::requisition(&state.store, viewer.caller.actor(), id).await?;
    save(&state, &viewer, Some(id), form, Some(&existing)).await
}

// ---- status and deletion

#[derive(Deserialize, Default)]
#[serde(default)]
struct StatusForm {
    status: String,
}

async fn set_status<S: Store>(
    State(state): State<AppState<S>>,
    Path(raw): Path<String>,
    UiForm { viewer, form }: UiForm<StatusForm>,
) -> Page {
    viewer.require(Action::WriteRequisitions)?;
    let id = req_id(&raw)?;
    let status = RequisitionStatus::parse(&form.status).map_err(|e| {
        UiError::App(AppError::BadRequest(format!(
            "choose a new status: {}",
            e.problem
        )))
    })?;
    requisitions::set_status(&state.store, viewer.caller.actor(), id, status).await?;
    done(&format!("/requisitions/{id}"), "status")
}

#[derive(Template)]
#[template(path = "confirm.html")]
pub(super) struct ConfirmPage {
    pub chrome: Chrome,
    pub heading: String,
    pub consequence: String,
    pub action: String,
    pub button: String,
    pub cancel: String,
}

async fn delete_page<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer,
    Path(raw): Path<String>,
) -> Page {
    viewer.require(Action::WriteRequisitions)?;
    let r = visibility::requisition(&state.store, viewer.caller.actor(), req_id(&raw)?).await?;
    let chrome = viewer.chrome.clone();
    render(
        &ConfirmPage {
            chrome: Chrome {
                section: "requisitions",
                ..chrome.clone()
            },
            heading: format!("Delete {} {}?", r.reference, r.fields.title),
            consequence:
                "The requisition is removed for good. This works only while nobody is in its pipeline; \
                          otherwise cancel it instead, which keeps its history."
                    .into(),
            action: format!("/requisitions/{}/delete", r.id),
            button: "Delete requisition".into(),
            cancel: format!("/requisitions/{}", r.id),
        },
        &chrome,
    )
}

async fn delete<S: Store>(
    State(state): State<AppState<S>>,
    Path(raw): Path<String>,
    UiForm { viewer, .. }: UiForm<super::NoFields>,
) -> Page {
    viewer.require(Action::WriteRequisitions)?;
    requisitions::delete(&state.store, viewer.caller.actor(), req_id(&raw)?).await?;
    done("/requisitions", "deleted")
}
