//! A requisition's posting in the workspace: writing it (a plain form, questions as rows), a
//! preview of what applicants will read, and publishing, pausing and closing it.

use super::form::{Problems, blank_none, problems_or};
use super::requisitions::req_id;
use super::{Chrome, Page, UiForm, Viewer, answer, done, options};
use crate::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::routing::{get, post};
use hitstaff_app::postings;
use hitstaff_domain::{
    Action, NewPosting, PostingStatus, QuestionKind, Requisition, RequisitionId, ScreeningQuestion,
};
use hitstaff_store::Store;
use serde::Deserialize;

pub fn router<S: Store>() -> Router<AppState<S>> {
    Router::new()
        .route("/requisitions/{id}/posting", get(form::<S>).post(save::<S>))
        .route("/requisitions/{id}/posting/preview", get(preview::<S>))
        .route("/requisitions/{id}/posting/status", post(set_status::<S>))
}

/// The posting form as posted: the fields, and the questions as parallel lists (one per row).
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct PostingForm {
    title: String,
    description: String,
    show_pay: String,
    valid_through: String,
    q_prompt: Vec<String>,
    q_kind: Vec<String>,
    q_options: Vec<String>,
    q_knockout: Vec<String>,
    q_min: Vec<String>,
    /// The rows (by position) whose answer is required.
    q_required: Vec<String>,
}

/// A question row of the form.
#[derive(Clone, Default)]
struct QuestionRow {
    n: usize,
    prompt: String,
    kind: String,
    options: String,
    knockout: String,
    min: String,
    required: bool,
}

impl QuestionRow {
    fn kinds(&self) -> Vec<(String, String, bool)> {
        options::<QuestionKind>(if self.kind.is_empty() {
            "yes_no"
        } else {
            &self.kind
        })
    }
}

/// Answers listed in one box, separated by semicolons.
fn split_answers(raw: &str) -> Vec<String> {
    raw.split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

impl PostingForm {
    fn of(p: &NewPosting) -> Self {
        let at = |f: fn(&ScreeningQuestion) -> String| p.questions.iter().map(f).collect();
        PostingForm {
            title: p.title.clone(),
            description: p.description.clone(),
            show_pay: if p.show_pay { "on".into() } else { String::new() },
            valid_through: p.valid_through.map(|d| d.to_string()).unwrap_or_default(),
            q_prompt: at(|q| q.prompt.clone()),
            q_kind: at(|q| q.kind.code().to_string()),
            q_options: at(|q| q.options.join("; ")),
            q_knockout: at(|q| q.knockout.join("; ")),
            q_min: at(|q| q.min.map(|m| m.to_string()).unwrap_or_default()),
            q_required: p
                .questions
                .iter()
                .enumerate()
                .filter(|(_, q)| q.required)
                .map(|(i, _)| i.to_string())
                .collect(),
        }
    }

    /// The rows to show: those written, and two blank ones to add more (at most 20 in all).
    fn rows(&self) -> Vec<QuestionRow> {
        let at = |list: &[String], i: usize| list.get(i).cloned().unwrap_or_default();
        let written = self.q_prompt.len();
        (0..(written + 2).min(hitstaff_domain::posting::MAX_QUESTIONS))
            .map(|i| QuestionRow {
                n: i,
                prompt: at(&self.q_prompt, i),
                kind: at(&self.q_kind, i),
                options: at(&self.q_options, i),
                knockout: at(&self.q_knockout, i),
                min: at(&self.q_min, i),
                required: self.q_required.contains(&i.to_string()),
            })
            .collect()
    }

    /// The posting, or every problem by field (`questions[1].min`); rows without a question are
    /// left out.
    fn parse(&self) -> Result<NewPosting, Problems> {
        let mut problems = Problems::none();
        let valid_through = match blank_none(&self.valid_through) {
            None => None,
            Some(raw) => match hitstaff_domain::parse_date(raw) {
                Ok(d) => Some(d),
                Err(e) => {
                    problems.add("valid_through", e.problem);
                    None
                }
            },
        };
        let mut questions = Vec::new();
        for row in self.rows() {
            if row.prompt.trim().is_empty() {
                continue;
            }
            let i = questions.len();
            let kind = QuestionKind::parse(&row.kind).unwrap_or(QuestionKind::YesNo);
            let min = match blank_none(&row.min) {
                None => None,
                Some(raw) => match raw.parse::<i64>() {
                    Ok(m) => Some(m),
                    Err(_) => {
                        problems.add(
                            &format!("questions[{i}].min"),
                            "the minimum is a whole number, for example 2",
                        );
                        None
                    }
                },
            };
            let mut knockout = split_answers(&row.knockout);
            if kind == QuestionKind::YesNo {
                knockout = knockout.into_iter().map(|k| k.to_lowercase()).collect();
            }
            questions.push(ScreeningQuestion {
                prompt: row.prompt.trim().to_string(),
                kind,
                options: if kind == QuestionKind::Choice {
                    split_answers(&row.options)
                } else {
                    Vec::new()
                },
                required: row.required,
                knockout,
                min,
            });
        }
        let new = NewPosting {
            title: self.title.clone(),
            description: self.description.clone(),
            show_pay: !self.show_pay.is_empty(),
            valid_through,
            questions,
        };
        if problems.is_empty() {
            Ok(new)
        } else {
            Err(problems)
        }
    }
}

#[derive(Template)]
#[template(path = "posting_form.html")]
struct FormPage {
    chrome: Chrome,
    r: Requisition,
    v: PostingForm,
    rows: Vec<QuestionRow>,
    problems: Problems,
}

async fn form_page<S: Store>(
    state: &AppState<S>,
    viewer: &Viewer,
    id: RequisitionId,
    v: PostingForm,
    problems: Problems,
) -> Page {
    let r = hitstaff_app::requisitions::get(&state.store, viewer.caller.actor(), id).await?;
    let chrome = viewer.section("requisitions");
    let ok = problems.is_empty();
    answer(
        &FormPage {
            chrome: chrome.clone(),
            rows: v.rows(),
            r,
            v,
            problems,
        },
        &chrome,
        ok,
    )
}

async fn form<S: Store>(State(state): State<AppState<S>>, viewer: Viewer, Path(raw): Path<String>) -> Page {
    viewer.require(Action::WriteRequisitions)?;
    let id = req_id(&raw)?;
    let v = match postings::get(&state.store, viewer.caller.actor(), id).await? {
        Some(p) => PostingForm::of(&p.fields),
        None => {
            // A first draft from the requisition: its title and description.
            let r = hitstaff_app::requisitions::get(&state.store, viewer.caller.actor(), id).await?;
            PostingForm {
                title: r.fields.title.clone(),
                description: r.fields.description.clone(),
                show_pay: "on".into(),
                ..PostingForm::default()
            }
        }
    };
    form_page(&state, &viewer, id, v, Problems::none()).await
}

async fn save<S: Store>(
    State(state): State<AppState<S>>,
    Path(raw): Path<String>,
    UiForm { viewer, form }: UiForm<PostingForm>,
) -> Page {
    viewer.require(Action::WriteRequisitions)?;
    let id = req_id(&raw)?;
    let new = match form.parse() {
        Ok(n) => n,
        Err(problems) => return form_page(&state, &viewer, id, form, problems).await,
    };
    match postings::save(&state.store, viewer.caller.actor(), id, &new).await {
        Ok(_) => done(&format!("/requisitions/{id}#posting"), "saved"),
        Err(e) => {
            let problems = problems_or(e.into(), "title")?;
            form_page(&state, &viewer, id, form, problems).await
        }
    }
}

#[derive(Template)]
#[template(path = "posting_preview.html")]
struct PreviewPage {
    chrome: Chrome,
    r: Requisition,
    title: String,
    /// Sanitised HTML from the Markdown.
    description: String,
    pay: Option<String>,
    questions: Vec<ScreeningQuestion>,
    status: String,
}

async fn preview<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer,
    Path(raw): Path<String>,
) -> Page {
    viewer.require(Action::ReadRequisitions)?;
    let id = req_id(&raw)?;
    let actor = viewer.caller.actor();
    let Some(p) = postings::get(&state.store, actor, id).await? else {
        return Err(crate::error::AppError::NotFound(
            "this requisition has no posting yet; write one first".into(),
        )
        .into());
    };
    let r = hitstaff_app::requisitions::get(&state.store, actor, id).await?;
    let chrome = viewer.section("requisitions");
    answer(
        &PreviewPage {
            chrome: chrome.clone(),
            title: p.fields.title.clone(),
            description: hitstaff_app::markdown::to_safe_html(&p.fields.description),
            pay: r
                .fields
                .pay
                .filter(|_| p.fields.show_pay)
                .map(|pay| pay.to_string()),
            questions: p.fields.questions.clone(),
            status: p.status.label().to_string(),
            r,
        },
        &chrome,
        true,
    )
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct StatusForm {
    to: String,
}

async fn set_status<S: Store>(
    State(state): State<AppState<S>>,
    Path(raw): Path<String>,
    UiForm { viewer, form }: UiForm<StatusForm>,
) -> Page {
    viewer.require(Action::WriteRequisitions)?;
    let id = req_id(&raw)?;
    let to = PostingStatus::parse(&form.to).map_err(|e| {
        crate::error::AppError::BadRequest(format!("{}; choose publish, pause or close", e.problem))
    })?;
    postings::set_status(&state.store, viewer.caller.actor(), id, to).await?;
    done(&format!("/requisitions/{id}#posting"), "posting")
}
