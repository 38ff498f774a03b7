//! Postings: how a requisition is advertised. One posting per requisition: its public title, a
//! description in Markdown, whether the pay range is shown, until when it runs, the screening
//! questions an applicant answers (some of which knock the applicant out), and a status. Only a
//! published posting of an open requisition is public; closing or filling the requisition closes
//! its posting.

use crate::error::{FieldError, ValidationErrors};
use crate::ids::{OrgId, RequisitionId};
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

code_enum! {
    /// Where a posting stands. Only `Published` is public.
    pub enum PostingStatus as "posting status" {
        Draft = ("draft", "Draft"),
        Published = ("published", "Published"),
        Paused = ("paused", "Paused"),
        Closed = ("closed", "Closed"),
    }
}

impl PostingStatus {
    /// Allowed changes: a draft is published (or closed unpublished); a published posting is
    /// paused or closed; a paused one published again or closed; a closed one published again
    /// (the requisition reopened) or taken back to draft to rework it.
    pub fn can_become(self, next: PostingStatus) -> bool {
        use PostingStatus::*;
        matches!(
            (self, next),
            (Draft, Published | Closed)
                | (Published, Paused | Closed)
                | (Paused, Published | Closed)
                | (Closed, Published | Draft)
        )
    }
}

code_enum! {
    /// The kind of answer a screening question takes.
    pub enum QuestionKind as "question kind" {
        YesNo = ("yes_no", "Yes or no"),
        Choice = ("choice", "One of a list"),
        Number = ("number", "A number"),
        Text = ("text", "Free text"),
    }
}

/// A question an applicant answers. A knock-out question rejects the applicant ("Did not pass
/// screening") when the answer is one of `knockout` (yes/no: "yes" or "no"; a choice: any of
/// its options) or, for a number, below `min`. A free-text question never knocks out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ScreeningQuestion {
    pub prompt: String,
    pub kind: QuestionKind,
    /// The choices (a choice question only), in the order shown.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
    /// An answer is needed to apply.
    #[serde(default)]
    pub required: bool,
    /// Answers that knock the applicant out (yes/no and choice questions).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub knockout: Vec<String>,
    /// A number question: an answer below this knocks the applicant out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<i64>,
}

impl ScreeningQuestion {
    /// Whether this question can reject anyone.
    pub fn is_knockout(&self) -> bool {
        !self.knockout.is_empty() || self.min.is_some()
    }

    /// Whether `answer` (as typed or chosen) knocks the applicant out. A number that does not
    /// read as one does not; [`ScreeningQuestion::check_answer`] refuses it first.
    pub fn knocks_out(&self, answer: &str) -> bool {
        let answer = answer.trim();
        match self.kind {
            QuestionKind::YesNo | QuestionKind::Choice => {
                self.knockout.iter().any(|k| k.eq_ignore_ascii_case(answer))
            }
            QuestionKind::Number => match (self.min, answer.parse::<i64>()) {
                (Some(min), Ok(n)) => n < min,
                _ => false,
            },
            QuestionKind::Text => false,
        }
    }

    /// Checks an applicant's answer: given when required, one of the options, a whole number.
    /// The problem says what to change.
    pub fn check_answer(&self, answer: &str) -> Result<(), String> {
        let answer = answer.trim();
        if answer.is_empty() {
            return if self.required {
                Err("this question needs an answer".into())
            } else {
                Ok(())
            };
        }
        match self.kind {
            QuestionKind::YesNo if !["yes", "no"].contains(&answer.to_ascii_lowercase().as_str()) => {
                Err("answer yes or no".into())
            }
            QuestionKind::Choice if !self.options.iter().any(|o| o == answer) => {
                Err("choose one of the answers offered".into())
            }
            QuestionKind::Number if answer.parse::<i64>().is_err() => {
                Err("answer with a whole number, for example 5".into())
            }
            QuestionKind::Text if answer.chars().count() > MAX_ANSWER => {
                Err(format!("answer in at most {MAX_ANSWER} characters"))
            }
            _ => Ok(()),
        }
    }
}

/// The most questions one posting asks.
pub const MAX_QUESTIONS: usize = 20;
/// The longest free-text answer.
pub const MAX_ANSWER: usize = 2_000;
/// The longest description (Markdown, before rendering).
pub const MAX_DESCRIPTION: usize = 20_000;

/// What a recruiter writes about a posting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct NewPosting {
    /// The public title: the job only, without codes, pay or places (boards refuse those).
    pub title: String,
    /// Markdown; rendered to sanitised HTML wherever it is shown.
    #[serde(default)]
    pub description: String,
    /// Show the requisition's pay range (some states require it in every posting).
    #[serde(default)]
    pub show_pay: bool,
    /// The last day it runs; boards drop it after.
    #[serde(default)]
    pub valid_through: Option<Date>,
    #[serde(default)]
    pub questions: Vec<ScreeningQuestion>,
}

impl NewPosting {
    /// Checks the posting, every problem under the field it belongs to (`questions[2].options`).
    pub fn validate(self, today: Date) -> Result<Self, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let title = self.title.split_whitespace().collect::<Vec<_>>().join(" ");
        if title.is_empty() || title.chars().count() > 120 {
            e.push(FieldError::new(
                "title",
                "give the job's title, 1 to 120 characters (the job only: no codes, pay or places)",
            ));
        }
        if self.description.trim().chars().count() < 100 {
            e.push(FieldError::new(
                "description",
                "describe the job in at least 100 characters (boards refuse shorter ones)",
            ));
        } else if self.description.chars().count() > MAX_DESCRIPTION {
            e.push(FieldError::new(
                "description",
                format!("the description is at most {MAX_DESCRIPTION} characters"),
            ));
        }
        if let Some(last) = self.valid_through
            && last < today
        {
            e.push(FieldError::new(
                "valid_through",
                "the last day has passed; choose today or later, or leave it empty",
            ));
        }
        if self.questions.len() > MAX_QUESTIONS {
            e.push(FieldError::new(
                "questions",
                format!("ask at most {MAX_QUESTIONS} questions"),
            ));
        }
        for (i, q) in self.questions.iter().enumerate() {
            let at = |f: &str| format!("questions[{i}].{f}");
            let prompt = q.prompt.trim().chars().count();
            if prompt == 0 || prompt > 300 {
                e.push(FieldError::new(
                    at("prompt"),
                    "write the question, 1 to 300 characters",
                ));
            }
            match q.kind {
                QuestionKind::Choice => {
                    if q.options.len() < 2 || q.options.len() > 20 {
                        e.push(FieldError::new(
                            at("options"),
                            "offer 2 to 20 answers to choose from",
                        ));
                    }
                    if q.options
                        .iter()
                        .any(|o| o.trim().is_empty() || o.chars().count() > 200)
                    {
                        e.push(FieldError::new(
                            at("options"),
                            "each answer is 1 to 200 characters",
                        ));
                    }
                    if q.knockout.iter().any(|k| !q.options.contains(k)) {
                        e.push(FieldError::new(
                            at("knockout"),
                            "a knock-out answer must be one of the answers offered",
                        ));
                    }
                    if !q.knockout.is_empty() && q.knockout.len() >= q.options.len() {
                        e.push(FieldError::new(
                            at("knockout"),
                            "leave at least one answer that does not knock the applicant out",
                        ));
                    }
                }
                QuestionKind::YesNo => {
                    let yes_no = |k: &String| k == "yes" || k == "no";
                    if !q.knockout.iter().all(yes_no) || q.knockout.len() > 1 {
                        e.push(FieldError::new(
                            at("knockout"),
                            "a yes-or-no question knocks out on \"yes\" or on \"no\", not both",
                        ));
                    }
                }
                QuestionKind::Number | QuestionKind::Text => {
                    if !q.knockout.is_empty() {
                        e.push(FieldError::new(
                            at("knockout"),
                            "only yes-or-no and choice questions knock out on an answer (a number knocks out below its minimum)",
                        ));
                    }
                }
            }
            if q.min.is_some() && q.kind != QuestionKind::Number {
                e.push(FieldError::new(at("min"), "only a number question has a minimum"));
            }
            if (!q.options.is_empty()) && q.kind != QuestionKind::Choice {
                e.push(FieldError::new(
                    at("options"),
                    "only a choice question offers answers",
                ));
            }
        }
        e.finish(|| Self {
            title,
            description: self.description.trim().to_string(),
            ..self
        })
    }
}

/// A requisition's posting as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Posting {
    pub requisition_id: RequisitionId,
    pub org_id: OrgId,
    pub status: PostingStatus,
    #[serde(flatten)]
    pub fields: NewPosting,
    /// When it was first published (the date boards show as posted); none while never public.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub published_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 12 - 01);

    pub(crate) fn sample() -> NewPosting {
        NewPosting {
            title: "Epic Beaker Clinical Pathology Analyst".into(),
            description: "Build and support Epic Beaker Clinical Pathology for a ten-hospital system: \
                          specimen collection, result routing and instrument interfaces."
                .into(),
            show_pay: true,
            valid_through: Some(date!(2027 - 02 - 01)),
            questions: vec![
                ScreeningQuestion {
                    prompt: "Are you authorised to work in the United States?".into(),
                    kind: QuestionKind::YesNo,
                    options: vec![],
                    required: true,
                    knockout: vec!["no".into()],
                    min: None,
                },
                ScreeningQuestion {
                    prompt: "Years of Epic Beaker build".into(),
                    kind: QuestionKind::Number,
                    options: vec![],
                    required: true,
                    knockout: vec![],
                    min: Some(2),
                },
                ScreeningQuestion {
                    prompt: "Which Beaker certificate do you hold?".into(),
                    kind: QuestionKind::Choice,
                    options: vec![
                        "Clinical Pathology".into(),
                        "Anatomic Pathology".into(),
                        "None".into(),
                    ],
                    required: false,
                    knockout: vec!["None".into()],
                    min: None,
                },
            ],
        }
    }

    #[test]
    fn a_sample_posting_is_valid_and_tidied() {
        let mut p = sample();
        p.title = "  Epic   Beaker Analyst ".into();
        let ok = p.validate(TODAY).unwrap();
        assert_eq!(ok.title, "Epic Beaker Analyst");
    }

    #[test]
    fn every_problem_names_its_field() {
        let mut p = sample();
        p.title = String::new();
        p.description = "Too short".into();
        p.valid_through = Some(date!(2026 - 11 - 30));
        p.questions[0].knockout = vec!["yes".into(), "no".into()];
        p.questions[1].knockout = vec!["3".into()];
        p.questions[2].knockout = vec!["Maybe".into()];
        p.questions.push(ScreeningQuestion {
            prompt: " ".into(),
            kind: QuestionKind::Text,
            options: vec!["a".into()],
            required: false,
            knockout: vec![],
            min: Some(1),
        });
        let fields: Vec<String> = p
            .validate(TODAY)
            .unwrap_err()
            .errors
            .into_iter()
            .map(|e| e.field)
            .collect();
        for f in [
            "title",
            "description",
            "valid_through",
            "questions[0].knockout",
            "questions[1].knockout",
            "questions[2].knockout",
            "questions[3].prompt",
            "questions[3].min",
            "questions[3].options",
        ] {
            assert!(fields.iter().any(|x| x == f), "{f} missing from {fields:?}");
        }
    }

    #[test]
    fn knock_out_answers_are_recognised_and_others_are_not() {
        let q = sample().questions;
        assert!(q[0].knocks_out("No") && !q[0].knocks_out("yes"));
        assert!(q[1].knocks_out("1") && !q[1].knocks_out("2") && !q[1].knocks_out("lots"));
        assert!(q[2].knocks_out("None") && !q[2].knocks_out("Clinical Pathology"));
        assert!(q.iter().all(ScreeningQuestion::is_knockout));
        assert_eq!(q[0].check_answer(""), Err("this question needs an answer".into()));
        assert!(q[1].check_answer("five").is_err() && q[1].check_answer(" 5 ").is_ok());
        assert!(q[2].check_answer("Something else").is_err() && q[2].check_answer("").is_ok());
    }

    #[test]
    fn a_posting_moves_only_as_the_rules_allow() {
        use PostingStatus::*;
        assert!(Draft.can_become(Published) && Published.can_become(Paused));
        assert!(Paused.can_become(Published) && Closed.can_become(Published));
        assert!(!Draft.can_become(Paused) && !Published.can_become(Draft));
        assert!(!Published.can_become(Published));
    }
}
