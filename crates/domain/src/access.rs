//! Access: what API tokens may do, and the sign-in events kept for throttling and the record.

code_enum! {
    /// What an API token may do. A token carries a list of these; handlers check them along with
    /// the role rules.
    pub enum Scope as "API scope" {
        CandidatesRead = ("candidates:read", "Read candidates"),
        CandidatesWrite = ("candidates:write", "Create and change candidates"),
        RequisitionsRead = ("requisitions:read", "Read requisitions"),
        RequisitionsWrite = ("requisitions:write", "Create and change requisitions"),
        ClientsRead = ("clients:read", "Read clients"),
        ClientsWrite = ("clients:write", "Create and change clients"),
        PipelineRead = ("pipeline:read", "Read applications and their history"),
        PipelineWrite = ("pipeline:write", "Move candidates through pipelines"),
        UsersRead = ("users:read", "Read users"),
    }
}

code_enum! {
    /// Account events recorded for the security record (HIPAA 164.312(b), audit controls) and for
    /// throttling repeated failures.
    pub enum AuthEventKind as "account event" {
        SignedIn = ("signed_in", "Signed in"),
        SignInFailed = ("sign_in_failed", "Sign-in failed"),
        SignedOut = ("signed_out", "Signed out"),
        SessionExpired = ("session_expired", "Session expired"),
        PasswordChanged = ("password_changed", "Password changed"),
        TokenCreated = ("token_created", "API token created"),
        TokenRevoked = ("token_revoked", "API token revoked"),
    }
}

use crate::org::Role;

impl Scope {
    /// Whether a token with this scope may take `action` (its creator's role must allow it too).
    pub fn covers(self, action: Action) -> bool {
        use Action::*;
        matches!(
            (self, action),
            (Scope::CandidatesRead, ReadCandidates)
                | (Scope::CandidatesWrite, ReadCandidates | WriteCandidates)
                | (Scope::RequisitionsRead, ReadRequisitions)
                | (Scope::RequisitionsWrite, ReadRequisitions | WriteRequisitions)
                | (Scope::ClientsRead, ReadClients)
                | (Scope::ClientsWrite, ReadClients | WriteClients)
                | (Scope::PipelineRead, ReadPipeline)
                | (Scope::PipelineWrite, ReadPipeline | MovePipeline | WriteNotes)
                | (Scope::UsersRead, ManageUsers)
        )
    }
}

code_enum! {
    /// Everything a user can be allowed to do. Routes name the action they need; [`Role::can`]
    /// answers. Hiring managers are further limited to their own client's requisitions and the
    /// candidates submitted to them (the handlers apply that scope).
    pub enum Action as "action" {
        ReadClients = ("read_clients", "See clients"),
        WriteClients = ("write_clients", "Create and change clients"),
        ReadRequisitions = ("read_requisitions", "See requisitions"),
        WriteRequisitions = ("write_requisitions", "Create and change requisitions"),
        ReadCandidates = ("read_candidates", "See candidates"),
        WriteCandidates = ("write_candidates", "Create and change candidates"),
        ReadPipeline = ("read_pipeline", "See pipelines and stage history"),
        MovePipeline = ("move_pipeline", "Move candidates through pipelines"),
        WriteNotes = ("write_notes", "Write notes and assessments"),
        ReadInternalNotes = ("read_internal_notes", "See internal notes"),
        ReadPay = ("read_pay", "See pay rates and budgets"),
        ReadCompliance = ("read_compliance", "See compliance data"),
        WriteCompliance = ("write_compliance", "Change compliance data"),
        ManageUsers = ("manage_users", "Manage users and API tokens"),
        ReadAudit = ("read_audit", "See the audit record"),
    }
}

impl Role {
    /// The role matrix. Reading is broad for internal roles; changing is each role's own work;
    /// hiring managers see only what their client is meant to see, never internal notes or pay.
    pub fn can(self, action: Action) -> bool {
        use Action::*;
        match self {
            Role::Admin => true,
            Role::Recruiter => matches!(
                action,
                ReadClients
                    | ReadRequisitions
                    | WriteRequisitions
                    | ReadCandidates
                    | WriteCandidates
                    | ReadPipeline
                    | MovePipeline
                    | WriteNotes
                    | ReadInternalNotes
                    | ReadPay
            ),
            Role::AccountManager => matches!(
                action,
                ReadClients
                    | WriteClients
                    | ReadRequisitions
                    | WriteRequisitions
                    | ReadCandidates
                    | ReadPipeline
                    | MovePipeline
                    | WriteNotes
                    | ReadInternalNotes
                    | ReadPay
            ),
            Role::ComplianceOfficer => matches!(
                action,
                ReadClients
                    | ReadRequisitions
                    | ReadCandidates
                    | ReadPipeline
                    | ReadInternalNotes
                    | ReadPay
                    | ReadCompliance
                    | WriteCompliance
                    | WriteNotes
            ),
            Role::HiringManager => matches!(
                action,
                ReadRequisitions | ReadCandidates | ReadPipeline | MovePipeline
            ),
            Role::Auditor => matches!(
                action,
                ReadClients
                    | ReadRequisitions
                    | ReadCandidates
                    | ReadPipeline
                    | ReadInternalNotes
                    | ReadPay
                    | ReadCompliance
                    | ReadAudit
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_matrix_holds_the_rules_that_matter() {
        for action in Action::ALL {
            assert!(Role::Admin.can(*action), "admins can do everything");
            let write = action.code().starts_with("write")
                || matches!(action, Action::MovePipeline | Action::ManageUsers);
            if write {
                assert!(!Role::Auditor.can(*action), "auditors change nothing: {action:?}");
            }
        }
        for secret in [
            Action::ReadInternalNotes,
            Action::ReadPay,
            Action::ReadClients,
            Action::ManageUsers,
        ] {
            assert!(
                !Role::HiringManager.can(secret),
                "hiring managers never see {secret:?}"
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
        assert!(!Role::Recruiter.can(Action::ManageUsers) && !Role::AccountManager.can(Action::ManageUsers));
    }

    #[test]
    fn scope_codes_have_colons() {
        assert_eq!(Scope::parse("candidates:read").unwrap(), Scope::CandidatesRead);
        assert_eq!(Scope::CandidatesWrite.code(), "candidates:write");
        let err = Scope::parse("everything").unwrap_err();
        assert!(err.problem.contains("candidates:read"), "{err}");
    }
}
