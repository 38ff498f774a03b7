//! The pipeline board of a requisition, and each application with its history and assessments.

use super::candidates::{NoteForm, NoteView, note_views};
use super::form::{Problems, blank_none};
use super::requisitions::req_id;
use super::{Chrome, Page, UiError, UiForm, Viewer, answer, done, elapsed, local_path, options_of, when};
use crate::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use hitstaff_app::pipeline;
use hitstaff_domain::{
    Action, ApplicationId, NoteSubject, RejectionReason, Requisition, Role, Stage, StageMove,
};
use hitstaff_store::Store;
use serde::Deserialize;

pub fn router<S: Store>() -> Router<AppState<S>> {
    Router::new()
        .route("/requisitions/{id}/pipeline", get(board::<S>))
        .route("/requisitions/{id}/pipeline/moves", post(move_many::<S>))
        .route("/requisitions/{id}/compare", get(compare::<S>))
        .route("/applications/{id}", get(application::<S>))
        .route("/applications/{id}/move", post(move_application::<S>))
        .route("/applications/{id}/notes", post(add_note::<S>))
}

fn app_id(raw: &str) -> Result<ApplicationId, UiError> {
    Ok(crate::edge::path_id(raw, "application", ApplicationId::parse)?)
}

/// The stages `from` may move to for `role`, assuming the user gives the reasons asked for; the
/// flag marks the one step forward (the card's "Advance" button), which needs no reason.
fn targets(from: Stage, role: Role) -> Vec<(String, String, bool)> {
    let next = from
        .position()
        .and_then(|i| Stage::FORWARD.get(i + 1))
        .copied()
        .filter(|to| from.check_move(*to, role, &StageMove::default()).is_ok());
    Stage::ALL
        .iter()
        .filter(|to| {
            let mv = StageMove {
                note: Some("reason given".into()),
                rejection: (**to == Stage::Rejected).then_some(RejectionReason::Other),
            };
            from.check_move(**to, role, &mv).is_ok()
        })
        .map(|s| (s.code().to_string(), s.label().to_string(), Some(*s) == next))
        .collect()
}

/// The rejection reasons this person may give (a client's are the client's own).
fn reasons(viewer: &Viewer) -> Vec<(String, String, bool)> {
    options_of(&viewer.access().rejection_reasons(), "")
}

struct Card {
    id: String,
    candidate_id: String,
    name: String,
    headline: String,
    /// The match score for this requisition, for those who may rank.
    score: Option<u8>,
    /// Scored, but left out of the ranking (a skill the client will not do without is missing).
    left_out: bool,
    in_stage: String,
    /// The next stage on the forward path, when this role may advance the card there ("" else).
    next_code: String,
    next_label: String,
    rejection: String,
}

/// The one step forward from `from` for `role` (the card's "Advance" button), if any.
fn next_stage(from: Stage, role: Role) -> Option<Stage> {
    targets(from, role)
        .into_iter()
        .find(|(_, _, advance)| *advance)
        .and_then(|(code, _, _)| Stage::parse(&code).ok())
}

/// The stages this role may move some card to (the board's "Move to" list).
fn reachable(role: Role) -> Vec<(String, String)> {
    Stage::ALL
        .iter()
        .filter(|to| {
            Stage::ALL
                .iter()
                .any(|from| targets(*from, role).iter().any(|(code, _, _)| code == to.code()))
        })
        .map(|s| (s.code().to_string(), s.label().to_string()))
        .collect()
}

#[derive(Template)]
#[template(path = "board.html")]
struct BoardPage {
    chrome: Chrome,
    r: Requisition,
    columns: Vec<(Stage, Vec<Card>)>,
    problem: Option<String>,
    can_move: bool,
    can_compare: bool,
    hiring_manager: bool,
    reasons: Vec<(String, String, bool)>,
    stages: Vec<(String, String)>,
    back: String,
}

async fn board<S: Store>(State(state): State<AppState<S>>, viewer: Viewer, Path(raw): Path<String>) -> Page {
    viewer.require(Action::ReadPipeline)?;
    board_page(&state, &viewer, req_id(&raw)?, None).await
}

async fn board_page<S: Store>(
    state: &AppState<S>,
    viewer: &Viewer,
    id: hitstaff_domain::RequisitionId,
    problem: Option<String>,
) -> Page {
    let org = viewer.org();
    let (r, apps) = pipeline::board(&state.store, viewer.caller.actor(), id).await?;
    let hiring_manager = viewer.user().client_id.is_some();
    let role = viewer.user().role;
    let mut columns: Vec<(Stage, Vec<Card>)> = Stage::ALL
        .iter()
        .filter(|s| !hiring_manager || s.is_submitted() || **s == Stage::Rejected)
        .map(|s| (*s, Vec::new()))
        .collect();
    // The board's people in one query, not one per card.
    let ids: Vec<hitstaff_domain::CandidateId> = apps.iter().map(|a| a.candidate_id).collect();
    let found: std::collections::HashMap<_, _> = state
        .store
        .get_candidates(org, &ids)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let mut people = Vec::with_capacity(apps.len());
    for app in &apps {
        let c = found
            .get(&app.candidate_id)
            .cloned()
            .ok_or(hitstaff_store::StoreError::not_found("candidate"))?;
        people.push(c);
    }
    let seen: Vec<&hitstaff_domain::Candidate> = people.iter().collect();
    let scores = hitstaff_app::ranking::scores(&state.store, viewer.caller.actor(), &r, &seen).await?;
    for (i, (app, candidate)) in apps.into_iter().zip(people).enumerate() {
        let next = next_stage(app.stage, role);
        let card = Card {
            id: app.id.to_string(),
            candidate_id: app.candidate_id.to_string(),
            name: candidate.fields.name.to_string(),
            headline: candidate.fields.headline.clone().unwrap_or_default(),
            score: scores.get(i).copied().flatten(),
            left_out: scores.get(i).is_some_and(Option::is_none),
            in_stage: elapsed(app.stage_entered_at),
            next_code: next.map(|s| s.code().to_string()).unwrap_or_default(),
            next_label: next.map(|s| s.label().to_string()).unwrap_or_default(),
            rejection: app.rejection.map(|r| r.label().to_string()).unwrap_or_default(),
        };
        if let Some((_, cards)) = columns.iter_mut().find(|(s, _)| *s == app.stage) {
            cards.push(card);
        }
    }
    let chrome = viewer.section("requisitions");
    let ok = problem.is_none();
    answer(
        &BoardPage {
            chrome: chrome.clone(),
            back: format!("/requisitions/{id}/pipeline"),
            r,
            columns,
            problem,
            can_move: viewer.can(Action::MovePipeline),
            can_compare: hitstaff_app::ranking::require(viewer.caller.actor()).is_ok(),
            hiring_manager,
            reasons: reasons(viewer),
            stages: reachable(role),
        },
        &chrome,
        ok,
    )
}

/// A move's reason and note as a form posts them: the rejection reason counts only when rejecting
/// (a problem when it is not on the list), a blank note is none.
fn stage_move(to: Stage, rejection: &str, note: &str) -> Result<StageMove, String> {
    let rejection = match blank_none(rejection) {
        Some(r) if to == Stage::Rejected => Some(RejectionReason::parse(r).map_err(|e| e.problem)?),
        _ => None,
    };
    Ok(StageMove {
        note: blank_none(note).map(String::from),
        rejection,
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct MoveForm {
    to: String,
    rejection: String,
    note: String,
    /// The page to go back to: the board or the application.
    back: String,
}

async fn move_application<S: Store>(
    State(state): State<AppState<S>>,
    Path(raw): Path<String>,
    UiForm { viewer, form }: UiForm<MoveForm>,
) -> Page {
    viewer.require(Action::MovePipeline)?;
    let id = app_id(&raw)?;
    let app = pipeline::application(&state.store, viewer.caller.actor(), id).await?;
    let back_to_application = form.back.starts_with("/applications/");
    let fail = |problem: String| async {
        if back_to_application {
            application_page(&state, &viewer, id, Problems::from_message("to", problem)).await
        } else {
            board_page(&state, &viewer, app.requisition_id, Some(problem)).await
        }
    };
    let Ok(to) = Stage::parse(&form.to) else {
        return fail("choose the stage to move to".into()).await;
    };
    let request = match stage_move(to, &form.rejection, &form.note) {
        Ok(r) => r,
        Err(problem) => return fail(problem).await,
    };
    match pipeline::move_stage(&state.store, viewer.caller.actor(), id, to, &request).await {
        Ok(_) => done(local_path(&form.back), "moved"),
        Err(hitstaff_app::Error::Store(hitstaff_store::StoreError::Transition(t))) => {
            let name = state
                .store
                .get_candidate(viewer.org(), app.candidate_id)
                .await?
                .fields
                .name;
            fail(format!("{name} was not moved: {t}.")).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct MovesForm {
    /// The ticked applications.
    app: Vec<String>,
    to: String,
    rejection: String,
    note: String,
    /// "move", or "compare" (the ticked candidates side by side).
    intent: String,
}

/// The board's form: moves the ticked cards to one stage (each checked on its own), or opens
/// the ticked candidates side by side.
async fn move_many<S: Store>(
    State(state): State<AppState<S>>,
    Path(raw): Path<String>,
    UiForm { viewer, form }: UiForm<MovesForm>,
) -> Page {
    let comparing = form.intent == "compare";
    if comparing {
        viewer.require(Action::ReadPipeline)?;
        hitstaff_app::ranking::require(viewer.caller.actor())?;
    } else {
        viewer.require(Action::MovePipeline)?;
    }
    let rid = req_id(&raw)?;
    let mut ids = Vec::with_capacity(form.app.len());
    for raw in &form.app {
        ids.push(app_id(raw)?);
    }
    if comparing {
        let (_, apps) = pipeline::board(&state.store, viewer.caller.actor(), rid).await?;
        let query: Vec<String> = ids
            .iter()
            .filter_map(|id| apps.iter().find(|a| a.id == *id))
            .map(|a| format!("candidate={}", a.candidate_id))
            .collect();
        return Ok(
            axum::response::Redirect::to(&format!("/requisitions/{rid}/compare?{}", query.join("&")))
                .into_response(),
        );
    }
    let fail = |problem: String| board_page(&state, &viewer, rid, Some(problem));
    if ids.is_empty() {
        return fail(
            "Nobody was moved: tick the card of each candidate to move, then choose the stage.".into(),
        )
        .await;
    }
    let Ok(to) = Stage::parse(&form.to) else {
        return fail("Nobody was moved: choose the stage to move the ticked candidates to.".into()).await;
    };
    let request = match stage_move(to, &form.rejection, &form.note) {
        Ok(r) => r,
        Err(problem) => return fail(format!("Nobody was moved: {problem}.")).await,
    };
    let outcomes =
        match pipeline::move_many(&state.store, viewer.caller.actor(), rid, &ids, to, &request).await {
            Ok(o) => o,
            Err(hitstaff_app::Error::Invalid(e)) => {
                let said: Vec<String> = e.errors.iter().map(|f| f.problem.clone()).collect();
                return fail(format!("Nobody was moved: {}.", said.join("; "))).await;
            }
            Err(e) => return Err(e.into()),
        };
    let mut moved = 0;
    let mut refused = Vec::new();
    for (id, outcome) in outcomes {
        match outcome {
            Ok(_) => moved += 1,
            Err(hitstaff_app::Error::Store(hitstaff_store::StoreError::Transition(t))) => {
                refused.push((id, t.to_string()));
            }
            Err(hitstaff_app::Error::NotFound(m)) => refused.push((id, m)),
            Err(e) => return Err(e.into()),
        }
    }
    if refused.is_empty() {
        return done(&format!("/requisitions/{rid}/pipeline"), "moved");
    }
    let mut said = Vec::with_capacity(refused.len());
    for (id, why) in refused {
        let name = match pipeline::application(&state.store, viewer.caller.actor(), id).await {
            Ok(app) => state
                .store
                .get_candidate(viewer.org(), app.candidate_id)
                .await
                .map_or_else(|_| "One candidate".to_string(), |c| c.fields.name.to_string()),
            Err(_) => "One candidate".to_string(),
        };
        said.push(format!("{name} was not moved: {why}."));
    }
    let head = match moved {
        0 => String::new(),
        1 => format!("1 candidate moved to {}. ", to.label()),
        n => format!("{n} candidates moved to {}. ", to.label()),
    };
    fail(format!("{head}{}", said.join(" "))).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CompareQuery {
    candidate: Vec<String>,
}

/// One candidate's column in the comparison.
struct CompareColumn {
    id: String,
    name: String,
    headline: String,
    stage: String,
    score: Option<u8>,
    band: &'static str,
    strengths: Vec<String>,
    weaknesses: Vec<String>,
    pay: String,
    available: String,
    location: String,
    work: String,
    application: String,
}

#[derive(Template)]
#[template(path = "compare.html")]
struct ComparePage {
    chrome: Chrome,
    r: Requisition,
    budget: String,
    columns: Vec<CompareColumn>,
    /// (factor, weight, earned percent per column; `None` when not ranked)
    factors: Vec<(String, u16, Vec<Option<u8>>)>,
}

async fn compare<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer,
    Path(raw): Path<String>,
    axum::extract::RawQuery(raw_query): axum::extract::RawQuery,
) -> Page {
    let q: CompareQuery = serde_html_form::from_str(raw_query.as_deref().unwrap_or_default())
        .map_err(|e| {
            hitstaff_app::Error::BadRequest(format!(
                "the comparison's address could not be read ({e}); tick the candidates on the board and choose Compare"
            ))
        })?;
    viewer.require(Action::ReadPipeline)?;
    let actor = viewer.caller.actor();
    hitstaff_app::ranking::require(actor)?;
    let r = hitstaff_app::requisitions::get(&state.store, actor, req_id(&raw)?).await?;
    let mut ids = Vec::with_capacity(q.candidate.len());
    for raw in &q.candidate {
        ids.push(crate::edge::path_id(
            raw,
            "candidate",
            hitstaff_domain::CandidateId::parse,
        )?);
    }
    let compared = hitstaff_app::ranking::compare(&state.store, actor, &r, &ids).await?;
    let show_pay = viewer.can(Action::ReadPay);
    let mut factors: Vec<(String, u16, Vec<Option<u8>>)> = Vec::new();
    for (i, c) in compared.iter().enumerate() {
        for p in c.result.iter().flat_map(|m| m.parts.iter()) {
            let earned = (p.earned * 100.0).round().clamp(0.0, 100.0) as u8;
            match factors.iter_mut().find(|(f, _, _)| *f == p.factor) {
                Some((_, _, row)) => row[i] = Some(earned),
                None => {
                    let mut row = vec![None; compared.len()];
                    row[i] = Some(earned);
                    factors.push((p.factor.clone(), p.weight, row));
                }
            }
        }
    }
    let columns = compared
        .into_iter()
        .map(|c| {
            let f = &c.candidate.fields;
            let prefs = &f.preferences;
            let mut work: Vec<String> = prefs.models.iter().map(|m| m.label().to_string()).collect();
            if work.is_empty() {
                work.push("No work model stated".into());
            }
            work.push(prefs.travel.label().to_string());
            if prefs.relocate {
                work.push("will relocate".into());
            }
            CompareColumn {
                id: c.candidate.id.to_string(),
                name: f.name.to_string(),
                headline: f.headline.clone().unwrap_or_default(),
                stage: c.application.stage.label().to_string(),
                score: c.result.as_ref().map(|m| m.score),
                band: match (&c.result, c.ranked) {
                    (Some(m), true) => hitstaff_matching::band::name(m.score),
                    _ => "left out of the ranking: a skill the client will not do without is missing",
                },
                strengths: c
                    .result
                    .iter()
                    .flat_map(|m| m.strengths.iter().map(|r| r.text.clone()))
                    .collect(),
                weaknesses: c
                    .result
                    .iter()
                    .flat_map(|m| m.weaknesses.iter().map(|r| r.text.clone()))
                    .collect(),
                pay: match (&f.desired_pay, show_pay) {
                    (_, false) => "Not shown to your role".into(),
                    (Some(p), true) => format!("{} {}", p.amount, p.unit.label()),
                    (None, true) => "Not stated".into(),
                },
                available: f
                    .available_from
                    .map_or_else(|| "Not stated".into(), |d| format!("From {d}")),
                location: f
                    .location
                    .as_ref()
                    .map_or_else(|| "Not stated".into(), ToString::to_string),
                work: work.join("; "),
                application: c.application.id.to_string(),
            }
        })
        .collect();
    let budget = match (&r.fields.pay, show_pay) {
        (Some(p), true) => p.to_string(),
        _ => String::new(),
    };
    let chrome = viewer.section("requisitions");
    answer(
        &ComparePage {
            chrome: chrome.clone(),
            r,
            budget,
            columns,
            factors,
        },
        &chrome,
        true,
    )
}

#[derive(Template)]
#[template(path = "application.html")]
struct ApplicationPage {
    chrome: Chrome,
    id: String,
    candidate_id: String,
    candidate: String,
    requisition_id: String,
    requisition: String,
    stage: String,
    rejection: String,
    in_stage: String,
    history: Vec<(String, String, String, String)>,
    notes: Vec<NoteView>,
    targets: Vec<(String, String, bool)>,
    reasons: Vec<(String, String, bool)>,
    can_move: bool,
    can_note: bool,
    can_internal: bool,
    problems: Problems,
    note_action: String,
    back: String,
}

async fn application<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer,
    Path(raw): Path<String>,
) -> Page {
    viewer.require(Action::ReadPipeline)?;
    application_page(&state, &viewer, app_id(&raw)?, Problems::none()).await
}

async fn application_page<S: Store>(
    state: &AppState<S>,
    viewer: &Viewer,
    id: ApplicationId,
    problems: Problems,
) -> Page {
    let org = viewer.org();
    let actor = viewer.caller.actor();
    let app = pipeline::application(&state.store, actor, id).await?;
    let r = state.store.get_requisition(org, app.requisition_id).await?;
    let candidate = state.store.get_candidate(org, app.candidate_id).await?;
    let users = state.store.list_users(org).await?;
    let history = pipeline::history(&state.store, actor, id)
        .await?
        .into_iter()
        .rev()
        .map(|c| {
            let by =
                c.by.and_then(|u| users.iter().find(|x| x.id == u))
                    .map_or_else(|| "hitstaff".to_string(), |u| u.name.to_string());
            let what = match (c.from, c.rejection) {
                (_, Some(reason)) => format!("Rejected: {}", reason.label()),
                (None, _) => format!("Entered {}", c.to.label()),
                (Some(from), _) => format!("{} to {}", from.label(), c.to.label()),
            };
            (when(c.at), what, by, c.note.unwrap_or_default())
        })
        .collect();
    let notes = note_views(state, viewer, NoteSubject::Application(id)).await?;
    let chrome = viewer.section("requisitions");
    let ok = problems.is_empty();
    answer(
        &ApplicationPage {
            chrome: chrome.clone(),
            id: id.to_string(),
            candidate_id: candidate.id.to_string(),
            candidate: candidate.fields.name.to_string(),
            requisition_id: r.id.to_string(),
            requisition: format!("{} {}", r.reference, r.fields.title),
            stage: app.stage.label().to_string(),
            rejection: app.rejection.map(|r| r.label().to_string()).unwrap_or_default(),
            in_stage: elapsed(app.stage_entered_at),
            history,
            notes,
            targets: targets(app.stage, viewer.user().role),
            reasons: reasons(viewer),
            can_move: viewer.can(Action::MovePipeline),
            can_note: viewer.can(Action::WriteNotes),
            can_internal: viewer.can(Action::ReadInternalNotes),
            problems,
            note_action: format!("/applications/{id}/notes"),
            back: format!("/applications/{id}"),
        },
        &chrome,
        ok,
    )
}

async fn add_note<S: Store>(
    State(state): State<AppState<S>>,
    Path(raw): Path<String>,
    UiForm { viewer, form }: UiForm<NoteForm>,
) -> Page {
    viewer.require(Action::WriteNotes)?;
    let id = app_id(&raw)?;
    pipeline::application(&state.store, viewer.caller.actor(), id).await?;
    let note = match form.parse() {
        Ok(n) => n,
        Err(e) => return application_page(&state, &viewer, id, e.into()).await,
    };
    pipeline::add_note(
        &state.store,
        viewer.caller.actor(),
        NoteSubject::Application(id),
        &note,
    )
    .await?;
    done(&format!("/applications/{id}#notes"), "note")
}
