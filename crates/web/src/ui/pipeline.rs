//! The pipeline board of a requisition, and each application with its history and assessments.

use super::candidates::{NoteForm, NoteView, note_views};
use super::form::{Problems, blank_none};
use super::requisitions::req_id;
use super::{Chrome, Page, UiError, UiForm, Viewer, answer, done, elapsed, local_path, options_of, when};
use crate::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
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
    in_stage: String,
    targets: Vec<(String, String, bool)>,
    rejection: String,
}

#[derive(Template)]
#[template(path = "board.html")]
struct BoardPage {
    chrome: Chrome,
    r: Requisition,
    columns: Vec<(Stage, Vec<Card>)>,
    problem: Option<String>,
    can_move: bool,
    hiring_manager: bool,
    reasons: Vec<(String, String, bool)>,
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
    for app in apps {
        let candidate = state.store.get_candidate(org, app.candidate_id).await?;
        let card = Card {
            id: app.id.to_string(),
            candidate_id: app.candidate_id.to_string(),
            name: candidate.fields.name.to_string(),
            in_stage: elapsed(app.stage_entered_at),
            targets: targets(app.stage, role),
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
            hiring_manager,
            reasons: reasons(viewer),
        },
        &chrome,
        ok,
    )
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
    let rejection = match blank_none(&form.rejection) {
        Some(r) if to == Stage::Rejected => match RejectionReason::parse(r) {
            Ok(r) => Some(r),
            Err(e) => return fail(e.problem).await,
        },
        _ => None,
    };
    let request = StageMove {
        note: blank_none(&form.note).map(String::from),
        rejection,
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
