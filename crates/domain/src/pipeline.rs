//! Applications: a candidate in a requisition's pipeline, and the rules for moving them.

use crate::ids::{ApplicationId, CandidateId, OrgId, RequisitionId, UserId};
use crate::org::Role;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

code_enum! {
    /// Pipeline stages, in order. `Rejected` and `Withdrawn` are the terminal ways out.
    pub enum Stage as "stage" {
        Sourced = ("sourced", "Sourced"),
        Screening = ("screening", "Screening"),
        Submitted = ("submitted", "Submitted to client"),
        ClientInterview = ("client_interview", "Client interview"),
        Offer = ("offer", "Offer"),
        Placed = ("placed", "Placed"),
        Rejected = ("rejected", "Rejected"),
        Withdrawn = ("withdrawn", "Withdrawn"),
    }
}

impl Stage {
    /// The stages a candidate moves through, in order.
    pub const FORWARD: [Stage; 6] = [
        Stage::Sourced,
        Stage::Screening,
        Stage::Submitted,
        Stage::ClientInterview,
        Stage::Offer,
        Stage::Placed,
    ];

    /// Position on the forward path; `None` for the terminal exits.
    pub fn position(self) -> Option<usize> {
        Self::FORWARD.iter().position(|s| *s == self)
    }

    pub fn is_exit(self) -> bool {
        matches!(self, Stage::Rejected | Stage::Withdrawn)
    }

    /// Whether the client has seen this candidate (hiring managers see only these).
    pub fn is_submitted(self) -> bool {
        self.position().is_some_and(|p| p >= 2)
    }

    /// Checks a move from `self`. Every rule names what to do instead:
    /// - forward one stage at a time;
    /// - skipping stages only for an administrator or account manager, who must record why;
    /// - back to an earlier stage, or reopening a rejected or withdrawn application, with a reason;
    /// - rejection from any open stage, with a reason from the list;
    /// - withdrawal from anywhere, with a reason once the candidate was placed;
    /// - hiring managers record only the client's decisions: interview, offer, or rejection.
    pub fn check_move(self, to: Stage, actor: Role, mv: &StageMove) -> Result<(), TransitionError> {
        use TransitionError as E;
        let has_reason = mv.note.as_ref().is_some_and(|n| !n.trim().is_empty());
        if !matches!(
            actor,
            Role::Admin | Role::Recruiter | Role::AccountManager | Role::HiringManager
        ) {
            return Err(E::RoleCannotMove { role: actor });
        }
        if self == to {
            return Err(E::SameStage { stage: self });
        }
        if actor == Role::HiringManager {
            let client_decision = matches!(
                (self, to),
                (Stage::Submitted, Stage::ClientInterview | Stage::Rejected)
                    | (Stage::ClientInterview, Stage::Offer | Stage::Rejected)
            );
            if !client_decision {
                return Err(E::NotAClientDecision { from: self, to });
            }
        }
        if to == Stage::Rejected {
            if self.is_exit() || self == Stage::Placed {
                return Err(E::NotOpen { stage: self });
            }
            return match mv.rejection {
                Some(_) => Ok(()),
                None => Err(E::RejectionNeedsReason),
            };
        }
        if mv.rejection.is_some() {
            return Err(E::RejectionReasonOnlyForRejection);
        }
        if to == Stage::Withdrawn {
            if self == Stage::Withdrawn || self == Stage::Rejected {
                return Err(E::NotOpen { stage: self });
            }
            if self == Stage::Placed && !has_reason {
                return Err(E::NeedsNote {
                    why: "withdrawing a placed candidate",
                });
            }
            return Ok(());
        }
        let target = to.position().expect("non-exit stages are on the forward path");
        let Some(from) = self.position() else {
            // Reopening a rejected or withdrawn application.
            return if has_reason {
                Ok(())
            } else {
                Err(E::NeedsNote {
                    why: "reopening a closed application",
                })
            };
        };
        if self == Stage::Placed {
            return Err(E::PlacedIsFinal);
        }
        if target < from {
            return if has_reason {
                Ok(())
            } else {
                Err(E::NeedsNote {
                    why: "moving a candidate back",
                })
            };
        }
        if target == from + 1 {
            return Ok(());
        }
        let skipped = Self::FORWARD[from + 1..target].to_vec();
        if !matches!(actor, Role::Admin | Role::AccountManager) {
            return Err(E::SkipNotAllowed { skipped, role: actor });
        }
        if !has_reason {
            return Err(E::NeedsNote {
                why: "skipping stages",
            });
        }
        Ok(())
    }
}

code_enum! {
    /// Why a candidate was rejected; a closed list so that reports can count them.
    pub enum RejectionReason as "rejection reason" {
        SkillsMismatch = ("skills_mismatch", "Skills do not match"),
        MissingCredential = ("missing_credential", "Missing certification or credential"),
        NotEnoughExperience = ("not_enough_experience", "Not enough experience"),
        PayExpectations = ("pay_expectations", "Pay expectations too high"),
        Location = ("location", "Location or work model"),
        Availability = ("availability", "Not available in time"),
        ClientDeclined = ("client_declined", "Client declined"),
        FailedScreening = ("failed_screening", "Did not pass screening"),
        Unresponsive = ("unresponsive", "Unresponsive"),
        PositionFilled = ("position_filled", "Position filled"),
        ComplianceBlocked = ("compliance_blocked", "Compliance check failed"),
        Other = ("other", "Other"),
    }
}

/// A request to move an application, as a user makes it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct StageMove {
    /// Why, in the user's words. Required for moves back, skips, reopening and withdrawing a placement.
    pub note: Option<String>,
    /// Required when rejecting, and only then.
    pub rejection: Option<RejectionReason>,
}

/// Why a move was refused, in words that say what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("the application is already at {}", stage.label())]
    SameStage { stage: Stage },
    #[error("a {} cannot move candidates through the pipeline", role.label().to_lowercase())]
    RoleCannotMove { role: Role },
    #[error("hiring managers record the client's decisions only (interview, offer, rejection); {} to {} is for the recruiter", from.label(), to.label())]
    NotAClientDecision { from: Stage, to: Stage },
    #[error("the application is {} and no longer open; reopen it first", stage.label().to_lowercase())]
    NotOpen { stage: Stage },
    #[error("choose a rejection reason from the list")]
    RejectionNeedsReason,
    #[error("a rejection reason goes only with a move to Rejected")]
    RejectionReasonOnlyForRejection,
    #[error("{why} needs a note saying why")]
    NeedsNote { why: &'static str },
    #[error("a placed candidate can only be withdrawn, with a note saying why")]
    PlacedIsFinal,
    #[error("a {} cannot skip {}; move one stage at a time, or ask an administrator or account manager", role.label().to_lowercase(), skipped.iter().map(|s| s.label()).collect::<Vec<_>>().join(", "))]
    SkipNotAllowed { skipped: Vec<Stage>, role: Role },
}

/// One entry in an application's stage history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct StageChange {
    pub application_id: ApplicationId,
    /// `None` for the entry that opened the application.
    pub from: Option<Stage>,
    pub to: Stage,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub by: Option<UserId>,
    pub note: Option<String>,
    pub rejection: Option<RejectionReason>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Application {
    pub id: ApplicationId,
    pub org_id: OrgId,
    pub candidate_id: CandidateId,
    pub requisition_id: RequisitionId,
    pub stage: Stage,
    pub rejection: Option<RejectionReason>,
    /// When it entered its current stage (time in stage is measured from here).
    #[serde(with = "time::serde::rfc3339")]
    pub stage_entered_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct NewApplication {
    pub candidate_id: CandidateId,
    pub requisition_id: RequisitionId,
    /// Usually `Sourced`; an applicant from the careers site starts at `Screening`.
    pub stage: Stage,
}

/// Checks an application's history brought in whole (from another system, or generated): it opens
/// at Sourced or Screening, each entry moves on from where the last one left, every move is one the
/// rules allow an administrator (reasons included), and times never go backwards or past `now`.
pub fn check_history(history: &[StageChange], now: OffsetDateTime) -> Result<(), crate::ValidationErrors> {
    use crate::FieldError;
    let mut errors = crate::ValidationErrors::new();
    let Some(first) = history.first() else {
        errors.push(FieldError::new(
            "history",
            "an application's history needs at least its opening entry",
        ));
        return Err(errors);
    };
    if first.from.is_some() || !matches!(first.to, Stage::Sourced | Stage::Screening) {
        errors.push(FieldError::new(
            "history[0]",
            "the first entry opens the application at Sourced or Screening, from no stage",
        ));
    }
    for (i, pair) in history.windows(2).enumerate() {
        let (before, entry) = (&pair[0], &pair[1]);
        let field = format!("history[{}]", i + 1);
        if entry.from != Some(before.to) {
            errors.push(FieldError::new(
                &field,
                format!(
                    "moves from {:?} but the application was at {}",
                    entry.from.map(Stage::label),
                    before.to.label()
                ),
            ));
            continue;
        }
        let mv = StageMove {
            note: entry.note.clone(),
            rejection: entry.rejection,
        };
        if let Err(e) = before.to.check_move(entry.to, Role::Admin, &mv) {
            errors.push(FieldError::new(&field, e.to_string()));
        }
        if entry.at < before.at {
            errors.push(FieldError::new(&field, "is dated before the entry it follows"));
        }
    }
    if history.iter().any(|c| c.at > now) {
        errors.push(FieldError::new("history", "an entry is dated in the future"));
    }
    errors.finish(|| ())
}

#[cfg(test)]
mod tests {
    use super::*;
    use Stage::*;

    fn plain() -> StageMove {
        StageMove::default()
    }

    fn noted() -> StageMove {
        StageMove {
            note: Some("client asked".into()),
            rejection: None,
        }
    }

    #[test]
    fn forward_one_step_at_a_time() {
        for pair in Stage::FORWARD.windows(2) {
            assert_eq!(
                pair[0].check_move(pair[1], Role::Recruiter, &plain()),
                Ok(()),
                "{pair:?}"
            );
        }
    }

    #[test]
    fn skipping_needs_role_and_note() {
        let err = Sourced.check_move(Placed, Role::Recruiter, &noted()).unwrap_err();
        assert!(matches!(&err, TransitionError::SkipNotAllowed { skipped, .. } if skipped.len() == 4));
        assert!(
            err.to_string()
                .contains("Screening, Submitted to client, Client interview, Offer"),
            "{err}"
        );
        assert_eq!(
            Sourced.check_move(Placed, Role::Admin, &plain()),
            Err(TransitionError::NeedsNote {
                why: "skipping stages"
            })
        );
        assert_eq!(Sourced.check_move(Placed, Role::Admin, &noted()), Ok(()));
        assert_eq!(
            Screening.check_move(ClientInterview, Role::AccountManager, &noted()),
            Ok(())
        );
    }

    #[test]
    fn rejection_needs_a_listed_reason() {
        let reject = StageMove {
            note: None,
            rejection: Some(RejectionReason::SkillsMismatch),
        };
        assert_eq!(
            Screening.check_move(Rejected, Role::Recruiter, &plain()),
            Err(TransitionError::RejectionNeedsReason)
        );
        assert_eq!(Screening.check_move(Rejected, Role::Recruiter, &reject), Ok(()));
        assert_eq!(
            Placed.check_move(Rejected, Role::Recruiter, &reject),
            Err(TransitionError::NotOpen { stage: Placed })
        );
        assert_eq!(
            Screening.check_move(Submitted, Role::Recruiter, &reject),
            Err(TransitionError::RejectionReasonOnlyForRejection)
        );
    }

    #[test]
    fn back_and_reopen_need_a_note() {
        assert!(Offer.check_move(Screening, Role::Recruiter, &plain()).is_err());
        assert_eq!(Offer.check_move(Screening, Role::Recruiter, &noted()), Ok(()));
        assert!(Rejected.check_move(Screening, Role::Recruiter, &plain()).is_err());
        assert_eq!(Withdrawn.check_move(Sourced, Role::Recruiter, &noted()), Ok(()));
    }

    #[test]
    fn placed_is_final_but_can_fall_through() {
        assert_eq!(
            Placed.check_move(Offer, Role::Admin, &noted()),
            Err(TransitionError::PlacedIsFinal)
        );
        assert!(Placed.check_move(Withdrawn, Role::Recruiter, &plain()).is_err());
        assert_eq!(Placed.check_move(Withdrawn, Role::Recruiter, &noted()), Ok(()));
        assert_eq!(Offer.check_move(Withdrawn, Role::Recruiter, &plain()), Ok(()));
    }

    #[test]
    fn roles() {
        assert!(matches!(
            Sourced.check_move(Screening, Role::Auditor, &plain()),
            Err(TransitionError::RoleCannotMove { .. })
        ));
        assert_eq!(
            Submitted.check_move(ClientInterview, Role::HiringManager, &plain()),
            Ok(())
        );
        assert!(matches!(
            Sourced.check_move(Screening, Role::HiringManager, &plain()),
            Err(TransitionError::NotAClientDecision { .. })
        ));
    }

    #[test]
    fn submitted_visibility() {
        assert!(!Screening.is_submitted());
        assert!(Submitted.is_submitted() && Placed.is_submitted());
        assert!(!Rejected.is_submitted());
    }
}
