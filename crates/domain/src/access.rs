//! The access policy: from who is calling (their role, the scopes of the API token in use, and a
//! hiring manager's client) what they may do and what they may see.
//!
//! This is the one place those rules live. The web layer asks [`Access::check`] before every use
//! case and [`Access::withheld`] before it shows a record; the matrix test walks every role and
//! every scope over every endpoint and page against these answers.
//!
//! - A role says what a person may do ([`Role::can`]).
//! - An API token carries scopes; a scope covers a few actions ([`Scope::covers`]). A token may do
//!   only what one of its scopes covers *and* its owner's role allows. Administration (users,
//!   tokens, settings) is covered by no scope: it needs a signed-in administrator.
//! - A hiring manager is tied to one client: they see that client's requisitions, and of each
//!   pipeline only the candidates submitted to the client, with the firm's internals withheld.

use crate::ids::{ClientId, UserId};
use crate::org::{Role, User};
use crate::pipeline::{RejectionReason, Stage, StageChange};

code_enum! {
    /// What an API token may do. A token carries a list of these; see [`Scope::covers`].
    pub enum Scope as "API scope" {
        CandidatesRead = ("candidates:read", "Read candidates, their resumes, searches and rankings"),
        CandidatesWrite = ("candidates:write", "Create and change candidates and upload resumes"),
        RequisitionsRead = ("requisitions:read", "Read requisitions"),
        RequisitionsWrite = ("requisitions:write", "Create and change requisitions"),
        ClientsRead = ("clients:read", "Read clients"),
        ClientsWrite = ("clients:write", "Create and change clients"),
        PipelineRead = ("pipeline:read", "Read applications and their history"),
        PipelineWrite = ("pipeline:write", "Put candidates into pipelines, move them and write notes"),
        UsersRead = ("users:read", "Read the list of users (never change them)"),
    }
}

code_enum! {
    /// Account events recorded for the security record (HIPAA 164.312(b), audit controls) and for
    /// slowing down repeated failures.
    pub enum AuthEventKind as "account event" {
        SignedIn = ("signed_in", "Signed in"),
        SignInFailed = ("sign_in_failed", "Sign-in failed"),
        SignedOut = ("signed_out", "Signed out"),
        SessionExpired = ("session_expired", "Session expired"),
        PasswordChanged = ("password_changed", "Password changed"),
        TokenCreated = ("token_created", "API token created"),
        TokenRevoked = ("token_revoked", "API token revoked"),
        RoleChanged = ("role_changed", "Role changed"),
    }
}

impl Scope {
    /// Whether a token with this scope may take `action` (its owner's role must allow it too).
    /// Reading a resource also shows the fields its role may see (pay, internal notes); no scope
    /// covers administration.
    pub fn covers(self, action: Action) -> bool {
        use Action::*;
        match self {
            Scope::CandidatesRead => matches!(
                action,
                ReadCandidates
                    | ReadResumes
                    | RankCandidates
                    | SearchCandidates
                    | ReadPay
                    | ReadInternalNotes
            ),
            Scope::CandidatesWrite => matches!(
                action,
                ReadCandidates | WriteCandidates | ReadResumes | ReadPay | ReadInternalNotes
            ),
            Scope::RequisitionsRead => matches!(action, ReadRequisitions | ReadPay),
            Scope::RequisitionsWrite => matches!(action, ReadRequisitions | WriteRequisitions | ReadPay),
            Scope::ClientsRead => matches!(action, ReadClients),
            Scope::ClientsWrite => matches!(action, ReadClients | WriteClients),
            Scope::PipelineRead => matches!(action, ReadPipeline | ReadInternalNotes),
            Scope::PipelineWrite => matches!(
                action,
                ReadPipeline | OpenApplications | MovePipeline | WriteNotes | ReadInternalNotes
            ),
            Scope::UsersRead => matches!(action, ReadUsers),
        }
    }
}

code_enum! {
    /// Everything a caller can be allowed to do. Every route names the action it needs.
    pub enum Action as "action" {
        ReadClients = ("read_clients", "See clients"),
        WriteClients = ("write_clients", "Create and change clients"),
        ReadRequisitions = ("read_requisitions", "See requisitions"),
        WriteRequisitions = ("write_requisitions", "Create and change requisitions"),
        ReadCandidates = ("read_candidates", "See candidates"),
        WriteCandidates = ("write_candidates", "Create and change candidates"),
        ReadResumes = ("read_resumes", "See resumes and what was read from them"),
        RankCandidates = ("rank_candidates", "See rankings of candidates against requisitions"),
        SearchCandidates = ("search_candidates", "Search all candidates"),
        ReadPipeline = ("read_pipeline", "See pipelines and stage history"),
        OpenApplications = ("open_applications", "Put candidates into pipelines"),
        MovePipeline = ("move_pipeline", "Move candidates through pipelines"),
        WriteNotes = ("write_notes", "Write notes and assessments"),
        ReadInternalNotes = ("read_internal_notes", "See internal notes"),
        ReadPay = ("read_pay", "See pay rates and budgets"),
        ReadCompliance = ("read_compliance", "See compliance data"),
        WriteCompliance = ("write_compliance", "Change compliance data"),
        ReadUsers = ("read_users", "See the users and their roles"),
        ManageUsers = ("manage_users", "Add users, change roles, invite and deactivate"),
        ManageTokens = ("manage_tokens", "Make and revoke API tokens"),
        ManageSettings = ("manage_settings", "Change the organisation's settings"),
        ReadAudit = ("read_audit", "See the audit record"),
    }
}

impl Role {
    /// The role matrix. Reading is broad for the firm's own roles; changing is each role's own
    /// work; hiring managers see only what their client is meant to see, never the firm's
    /// candidate pool, internal notes or pay.
    pub fn can(self, action: Action) -> bool {
        use Action::*;
        // What every role of the firm's own staff may read.
        let staff_reads = matches!(
            action,
            ReadClients
                | ReadRequisitions
                | ReadCandidates
                | ReadResumes
                | RankCandidates
                | SearchCandidates
                | ReadPipeline
                | ReadInternalNotes
                | ReadPay
        );
        match self {
            Role::Admin => true,
            Role::Recruiter => {
                staff_reads
                    || matches!(
                        action,
                        WriteRequisitions | WriteCandidates | OpenApplications | MovePipeline | WriteNotes
                    )
            }
            Role::AccountManager => {
                staff_reads
                    || matches!(
                        action,
                        WriteClients | WriteRequisitions | OpenApplications | MovePipeline | WriteNotes
                    )
            }
            Role::ComplianceOfficer => {
                staff_reads || matches!(action, ReadCompliance | WriteCompliance | WriteNotes)
            }
            Role::HiringManager => matches!(
                action,
                ReadRequisitions | ReadCandidates | ReadPipeline | MovePipeline
            ),
            Role::Auditor => staff_reads || matches!(action, ReadCompliance | ReadAudit | ReadUsers),
        }
    }
}

/// Why the policy refused an action, in words that say what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Denied {
    #[error("this API token's scopes do not cover this ({}); make a token with a scope that does", .0.label().to_lowercase())]
    Scope(Action),
    #[error("administration needs a signed-in administrator, not an API token ({})", .0.label().to_lowercase())]
    NotByToken(Action),
    #[error("your role does not allow this ({})", .0.label().to_lowercase())]
    Role(Action),
}

/// Fields of a record the caller may not see; the web layer blanks them before answering.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Withheld {
    /// Pay rates, desired pay and budgets.
    pub pay: bool,
    /// Email, phone and street-level address.
    pub contact: bool,
    /// Internal notes and the notes on stage moves.
    pub internal_notes: bool,
    /// Where a candidate came from (a job board, a referral): the firm's own business.
    pub source: bool,
    /// The firm's work before submittal: sourcing and screening entries, who moved whom, the
    /// firm's own rejection reasons, and who at the firm owns a requisition.
    pub firm_history: bool,
}

/// What one caller may do and see. Built once per request from the signed-in user, or from the
/// owner of the API token and the token's scopes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Access {
    user: UserId,
    role: Role,
    /// `None` for a signed-in person; the token's scopes for an API token.
    scopes: Option<Vec<Scope>>,
    /// A hiring manager's client.
    client: Option<ClientId>,
}

impl Access {
    /// A person signed in with a session.
    pub fn session(user: &User) -> Self {
        Self {
            user: user.id,
            role: user.role,
            scopes: None,
            client: user.client_id,
        }
    }

    /// Another system using an API token that `owner` made, limited to `scopes`.
    pub fn token(owner: &User, scopes: Vec<Scope>) -> Self {
        Self {
            user: owner.id,
            role: owner.role,
            scopes: Some(scopes),
            client: owner.client_id,
        }
    }

    pub fn role(&self) -> Role {
        self.role
    }

    /// Whether this caller uses an API token (not a signed-in session).
    pub fn is_token(&self) -> bool {
        self.scopes.is_some()
    }

    /// The one client a hiring manager is tied to; `None` for the firm's own staff.
    pub fn client(&self) -> Option<ClientId> {
        self.client
    }

    /// Whether this caller may take `action`.
    pub fn can(&self, action: Action) -> bool {
        self.check(action).is_ok()
    }

    /// Allows `action` if the role allows it and, for a token, a scope covers it.
    pub fn check(&self, action: Action) -> Result<(), Denied> {
        if let Some(scopes) = &self.scopes {
            if action.is_administration() {
                return Err(Denied::NotByToken(action));
            }
            if !scopes.iter().any(|s| s.covers(action)) {
                return Err(Denied::Scope(action));
            }
        }
        if self.role.can(action) {
            Ok(())
        } else {
            Err(Denied::Role(action))
        }
    }

    /// What this caller may not see of the records it reads.
    pub fn withheld(&self) -> Withheld {
        let client = self.client.is_some();
        Withheld {
            pay: !self.can(Action::ReadPay),
            contact: client,
            internal_notes: !self.can(Action::ReadInternalNotes),
            source: client,
            firm_history: client,
        }
    }

    /// Whether this caller sees a requisition (and its pipeline) of `client`.
    pub fn sees_client(&self, client: ClientId) -> bool {
        self.client.is_none_or(|own| own == client)
    }

    /// Whether this caller sees an application at `stage` in a requisition of `client`: a hiring
    /// manager sees only the candidates submitted to their client, and those that left the
    /// pipeline after reaching the client (`reached_client`: its history has a submittal).
    pub fn sees_application(&self, client: ClientId, stage: Stage, reached_client: bool) -> bool {
        self.sees_client(client)
            && (self.client.is_none() || stage.is_submitted() || (stage.is_exit() && reached_client))
    }

    /// An application's history as this caller may see it. The firm sees everything (the notes
    /// only with [`Action::ReadInternalNotes`]); a client sees the entries from submittal on,
    /// without the firm's people, its own rejection reasons or the stage a candidate was
    /// submitted from. Everyone sees the notes they wrote themselves.
    pub fn history(&self, changes: Vec<StageChange>) -> Vec<StageChange> {
        changes.into_iter().filter_map(|c| self.stage_change(c)).collect()
    }

    /// One entry of an application's history as this caller may see it (see [`Access::history`]);
    /// `None` when it is the firm's own business.
    pub fn stage_change(&self, mut c: StageChange) -> Option<StageChange> {
        let withheld = self.withheld();
        if withheld.internal_notes && c.by != Some(self.user) {
            c.note = None;
        }
        if withheld.firm_history {
            let from_client_side = c.from.is_some_and(|f| f.is_submitted());
            if !c.to.is_submitted() && !from_client_side {
                return None;
            }
            if !from_client_side {
                c.from = None;
            }
            if c.rejection.is_some_and(|r| !r.client_may_give()) {
                c.rejection = None;
            }
            c.by = None;
        }
        Some(c)
    }

    /// The rejection reasons this caller may choose from.
    pub fn rejection_reasons(&self) -> Vec<RejectionReason> {
        RejectionReason::ALL
            .iter()
            .copied()
            .filter(|r| self.client.is_none() || r.client_may_give())
            .collect()
    }
}

impl Withheld {
    /// A candidate with the withheld fields blanked.
    pub fn candidate(self, mut c: crate::Candidate) -> crate::Candidate {
        let f = &mut c.fields;
        if self.contact {
            f.email = None;
            f.phone = None;
            f.npi = None;
            f.consent = Default::default();
        }
        if self.source {
            f.tags.clear();
            f.source = "withheld".into();
        }
        if self.pay {
            f.desired_pay = None;
        }
        c
    }

    /// A requisition with the withheld fields blanked.
    pub fn requisition(self, mut r: crate::Requisition) -> crate::Requisition {
        if self.pay {
            r.fields.pay = None;
        }
        if self.firm_history {
            r.fields.owner_id = None;
        }
        r
    }

    /// A change to a candidate by someone who cannot see some fields: what they could not see
    /// stays as stored (the form or record they changed showed those fields blank).
    pub fn keep_candidate(self, stored: &crate::NewCandidate, new: &mut crate::NewCandidate) {
        if self.contact {
            new.email.clone_from(&stored.email);
            new.phone.clone_from(&stored.phone);
            new.npi.clone_from(&stored.npi);
            new.consent = stored.consent;
        }
        if self.source {
            new.tags.clone_from(&stored.tags);
            new.source.clone_from(&stored.source);
        }
        if self.pay {
            new.desired_pay = stored.desired_pay;
        }
    }

    /// A change to a requisition by someone who cannot see its pay: the pay stays as stored.
    pub fn keep_requisition(self, stored: &crate::NewRequisition, new: &mut crate::NewRequisition) {
        if self.pay {
            new.pay = stored.pay;
        }
        if self.firm_history {
            new.owner_id = stored.owner_id;
        }
    }
}

impl Action {
    /// Users, tokens and settings: for signed-in administrators only, never a token.
    pub fn is_administration(self) -> bool {
        matches!(
            self,
            Action::ManageUsers | Action::ManageTokens | Action::ManageSettings
        )
    }
}

impl RejectionReason {
    /// Whether a client's hiring manager may give this reason; the others record the firm's own
    /// judgement (screening, responsiveness, compliance) and are kept from clients.
    pub fn client_may_give(self) -> bool {
        !matches!(
            self,
            RejectionReason::FailedScreening
                | RejectionReason::Unresponsive
                | RejectionReason::ComplianceBlocked
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{ApplicationId, OrgId};
    use crate::{Email, PersonName};

    fn user(role: Role) -> User {
        let at = time::OffsetDateTime::UNIX_EPOCH;
        User {
            id: UserId::new(),
            org_id: OrgId::new(),
            email: Email::parse("pat@example.org").unwrap(),
            name: PersonName::parse("Pat Lee").unwrap(),
            role,
            client_id: role.is_client_scoped().then(ClientId::new),
            active: true,
            created_at: at,
            updated_at: at,
        }
    }

    #[test]
    fn the_matrix_holds_the_rules_that_matter() {
        for action in Action::ALL {
            assert!(Role::Admin.can(*action), "admins can do everything");
            let write = action.code().starts_with("write")
                || action.is_administration()
                || matches!(action, Action::MovePipeline | Action::OpenApplications);
            if write {
                assert!(!Role::Auditor.can(*action), "auditors change nothing: {action:?}");
            }
        }
        for secret in [
            Action::ReadInternalNotes,
            Action::ReadPay,
            Action::ReadClients,
            Action::ReadResumes,
            Action::RankCandidates,
            Action::SearchCandidates,
            Action::OpenApplications,
            Action::ReadUsers,
            Action::ManageUsers,
        ] {
            assert!(
                !Role::HiringManager.can(secret),
                "hiring managers never {secret:?}"
            );
        }
        assert!(Role::Recruiter.can(Action::WriteCandidates) && !Role::Recruiter.can(Action::WriteClients));
        assert!(
            Role::AccountManager.can(Action::WriteClients)
                && !Role::AccountManager.can(Action::WriteCandidates)
        );
        assert!(
            Role::ComplianceOfficer.can(Action::WriteCompliance)
                && !Role::Recruiter.can(Action::WriteCompliance)
        );
        for role in [
            Role::Recruiter,
            Role::AccountManager,
            Role::ComplianceOfficer,
            Role::Auditor,
        ] {
            for admin in [Action::ManageUsers, Action::ManageTokens, Action::ManageSettings] {
                assert!(!role.can(admin), "{role:?} {admin:?}");
            }
        }
    }

    /// The hole a security review found: `users:read` let a token create administrators.
    #[test]
    fn reading_users_only_reads_them_and_no_scope_administers() {
        let admin = user(Role::Admin);
        for scope in Scope::ALL {
            let token = Access::token(&admin, vec![*scope]);
            for action in Action::ALL {
                if action.is_administration() {
                    assert_eq!(
                        token.check(*action),
                        Err(Denied::NotByToken(*action)),
                        "{scope:?} must not cover {action:?}"
                    );
                }
                // Reading scopes cover no change of anything.
                if scope.code().ends_with(":read") && token.can(*action) {
                    assert!(
                        !action.code().starts_with("write")
                            && !matches!(action, Action::MovePipeline | Action::OpenApplications),
                        "{scope:?} covers a change: {action:?}"
                    );
                }
            }
        }
        let users = Access::token(&admin, vec![Scope::UsersRead]);
        let allowed: Vec<_> = Action::ALL.iter().filter(|a| users.can(**a)).collect();
        assert_eq!(allowed, vec![&Action::ReadUsers]);
        assert!(Access::session(&admin).can(Action::ManageUsers));
    }

    #[test]
    fn a_token_never_does_more_than_its_owners_role() {
        for role in Role::ALL {
            let owner = user(*role);
            let token = Access::token(&owner, Scope::ALL.to_vec());
            for action in Action::ALL {
                if token.can(*action) {
                    assert!(role.can(*action), "{role:?} token {action:?}");
                }
            }
        }
        let recruiter = Access::token(&user(Role::Recruiter), vec![Scope::ClientsWrite]);
        assert_eq!(
            recruiter.check(Action::WriteClients),
            Err(Denied::Role(Action::WriteClients))
        );
        assert_eq!(
            recruiter.check(Action::ReadCandidates),
            Err(Denied::Scope(Action::ReadCandidates))
        );
    }

    #[test]
    fn clients_see_their_own_submitted_candidates_and_no_firm_internals() {
        let hm = user(Role::HiringManager);
        let access = Access::session(&hm);
        let own = hm.client_id.unwrap();
        assert!(access.sees_client(own) && !access.sees_client(ClientId::new()));
        assert!(access.sees_application(own, Stage::Submitted, true));
        assert!(!access.sees_application(own, Stage::Screening, false));
        assert!(access.sees_application(own, Stage::Rejected, true));
        assert!(!access.sees_application(own, Stage::Rejected, false));
        let w = access.withheld();
        assert!(w.pay && w.contact && w.internal_notes && w.source && w.firm_history);
        assert_eq!(
            Access::session(&user(Role::Recruiter)).withheld(),
            Withheld::default()
        );
        let id = ApplicationId::new();
        let at = time::OffsetDateTime::UNIX_EPOCH;
        let recruiter = Some(UserId::new());
        let change = |from, to, by, note: &str, rejection| StageChange {
            application_id: id,
            from,
            to,
            at,
            by,
            note: Some(note.to_string()).filter(|n| !n.is_empty()),
            rejection,
        };
        let history = vec![
            change(None, Stage::Sourced, recruiter, "found on a job board", None),
            change(Some(Stage::Sourced), Stage::Screening, recruiter, "", None),
            change(
                Some(Stage::Screening),
                Stage::Submitted,
                recruiter,
                "strong on Beaker",
                None,
            ),
            change(
                Some(Stage::Submitted),
                Stage::ClientInterview,
                Some(hm.id),
                "Tuesday 10am",
                None,
            ),
            change(
                Some(Stage::ClientInterview),
                Stage::Rejected,
                recruiter,
                "",
                Some(RejectionReason::Unresponsive),
            ),
        ];
        let seen = access.history(history.clone());
        assert_eq!(seen.len(), 3, "from submittal on: {seen:?}");
        assert_eq!(
            (seen[0].from, seen[0].to),
            (None, Stage::Submitted),
            "not 'from Screening'"
        );
        assert_eq!(seen[0].note, None, "the firm's note is internal");
        assert_eq!(seen[1].note.as_deref(), Some("Tuesday 10am"), "their own note");
        assert!(seen.iter().all(|c| c.by.is_none()));
        assert_eq!(seen[2].rejection, None, "the firm's own reason");
        assert!(
            !access
                .rejection_reasons()
                .contains(&RejectionReason::FailedScreening)
                && access
                    .rejection_reasons()
                    .contains(&RejectionReason::ClientDeclined)
        );
        let firm = Access::session(&user(Role::Recruiter)).history(history.clone());
        assert_eq!(firm, history);
        let auditor_token = Access::token(&user(Role::Auditor), vec![Scope::PipelineRead]);
        assert_eq!(auditor_token.history(history.clone()).len(), 5);
    }

    #[test]
    fn scope_codes_have_colons() {
        assert_eq!(Scope::parse("candidates:read").unwrap(), Scope::CandidatesRead);
        assert_eq!(Scope::CandidatesWrite.code(), "candidates:write");
        let err = Scope::parse("everything").unwrap_err();
        assert!(err.problem.contains("candidates:read"), "{err}");
    }

    #[test]
    fn a_change_keeps_what_its_author_could_not_see() {
        let stored = crate::NewCandidate {
            email: Some(Email::parse("ana@example.org").unwrap()),
            desired_pay: Some(crate::DesiredPay {
                amount: crate::Money::usd(95),
                unit: crate::PayUnit::Hour,
            }),
            tags: vec!["go-live".into()],
            ..crate::NewCandidate::new(PersonName::parse("Ana Lopez").unwrap(), "referral")
        };
        // What the record looked like to them: the withheld fields blank.
        let mut seen = stored.clone();
        seen.email = None;
        seen.desired_pay = None;
        seen.tags.clear();
        seen.source = "withheld".into();
        seen.headline = Some("Epic Beaker analyst".into());

        let mut by_client = seen.clone();
        Access::session(&user(Role::HiringManager))
            .withheld()
            .keep_candidate(&stored, &mut by_client);
        assert_eq!(by_client.email, stored.email);
        assert_eq!(by_client.desired_pay, stored.desired_pay);
        assert_eq!(
            (&by_client.tags, &by_client.source),
            (&stored.tags, &stored.source)
        );
        assert_eq!(
            by_client.headline, seen.headline,
            "what they could see is theirs to change"
        );

        let mut by_staff = seen.clone();
        Access::session(&user(Role::Recruiter))
            .withheld()
            .keep_candidate(&stored, &mut by_staff);
        assert_eq!(by_staff, seen, "whoever sees everything changes everything");

        let mut r = crate::requisition::tests::sample();
        r.owner_id = Some(UserId::new());
        let stored_r = r.clone();
        r.pay = None;
        r.owner_id = None;
        Access::session(&user(Role::HiringManager))
            .withheld()
            .keep_requisition(&stored_r, &mut r);
        assert_eq!((r.pay, r.owner_id), (stored_r.pay, stored_r.owner_id));
        // Who at the firm owns a requisition is the firm's business.
        let shown = Access::session(&user(Role::HiringManager))
            .withheld()
            .requisition(crate::Requisition {
                id: crate::RequisitionId::new(),
                org_id: OrgId::new(),
                reference: "REQ-0001".into(),
                fields: stored_r.clone(),
                created_at: time::OffsetDateTime::UNIX_EPOCH,
                updated_at: time::OffsetDateTime::UNIX_EPOCH,
            });
        assert_eq!(shown.fields.owner_id, None);
    }
}
