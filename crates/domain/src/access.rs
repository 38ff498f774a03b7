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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_codes_have_colons() {
        assert_eq!(Scope::parse("candidates:read").unwrap(), Scope::CandidatesRead);
        assert_eq!(Scope::CandidatesWrite.code(), "candidates:write");
        let err = Scope::parse("everything").unwrap_err();
        assert!(err.problem.contains("candidates:read"), "{err}");
    }
}
