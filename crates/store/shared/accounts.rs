// The Store implementation shared by both backends, accounts part: sessions, API tokens, invitations and account events (lookups by secret hash are installation-level).
// Each backend `include!`s `common.rs` (which says what the backend defines) and then every part.

impl AccountStore for ThisStore {
    #[tracing::instrument(level = "debug", skip_all, fields(org = %new.org, user = %new.user))]
    async fn create_session(&self, new: &NewSession) -> Result<Session> {
        let at = now();
        let mut tx = self.begin_write().await?;
        let active = sqlx::query("SELECT 1 FROM users WHERE org_id = $1 AND id = $2 AND active")
            .bind(new.org.0)
            .bind(new.user.0)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
        if active.is_none() {
            return Err(StoreError::not_found("user"));
        }
        sqlx::query(
            "INSERT INTO sessions (token_hash, org_id, user_id, csrf_token, created_at, last_seen_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $5, $6)",
        )
        .bind(&new.token_hash)
        .bind(new.org.0)
        .bind(new.user.0)
        .bind(&new.csrf_token)
        .bind(at)
        .bind(new.expires_at)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        let row: SessionRow = sqlx::query_as(concat!(session_select!(), " WHERE s.token_hash = $1"))
            .bind(&new.token_hash)
            .fetch_one(&mut *tx)
            .await
            .map_err(db_err)?;
        tx.commit().await.map_err(db_err)?;
        row.try_into()
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn session(&self, token_hash: &str, now: OffsetDateTime) -> Result<Option<Session>> {
        let row: Option<SessionRow> = sqlx::query_as(concat!(
            session_select!(),
            " WHERE s.token_hash = $1 AND u.active AND ",
            ts!("s.expires_at"),
            " > ",
            ts!("$2")
        ))
        .bind(token_hash)
        .bind(now)
        .fetch_optional(self.reader())
        .await
        .map_err(db_err)?;
        row.map(TryInto::try_into).transpose()
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn touch_session(&self, token_hash: &str, at: OffsetDateTime) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1")
            .bind(token_hash)
            .bind(at)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        tx.commit().await.map_err(db_err)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn end_session(&self, token_hash: &str) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        tx.commit().await.map_err(db_err)
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, user = %user))]
    async fn end_user_sessions(&self, org: OrgId, user: UserId) -> Result<u64> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query("DELETE FROM sessions WHERE org_id = $1 AND user_id = $2")
            .bind(org.0)
            .bind(user.0)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        tx.commit().await.map_err(db_err)?;
        Ok(done.rows_affected())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn purge_expired_sessions(&self, now: OffsetDateTime) -> Result<u64> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(concat!(
            "DELETE FROM sessions WHERE ",
            ts!("expires_at"),
            " <= ",
            ts!("$1")
        ))
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        tx.commit().await.map_err(db_err)?;
        Ok(done.rows_affected())
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org))]
    async fn create_api_token(&self, org: OrgId, new: &NewApiToken) -> Result<ApiToken> {
        let name = new.name.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() || name.chars().count() > 100 {
            return Err(invalid(
                "name",
                "a token needs a name of 1 to 100 characters, saying what uses it",
            ));
        }
        if new.scopes.is_empty() {
            return Err(invalid("scopes", "a token needs at least one scope"));
        }
        let (id, at) = (ApiTokenId::new(), now());
        let mut tx = self.begin_write().await?;
        let row: ApiTokenRow = sqlx::query_as(concat!(
            "INSERT INTO api_tokens (id, org_id, name, token_hash, scopes, created_by, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ",
            api_token_cols!()
        ))
        .bind(id.0)
        .bind(org.0)
        .bind(&name)
        .bind(&new.token_hash)
        .bind(Json(&new.scopes))
        .bind(new.created_by.0)
        .bind(at)
        .bind(new.expires_at)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_err)?;
        tx.commit().await.map_err(db_err)?;
        row.try_into()
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn api_token(&self, token_hash: &str, now: OffsetDateTime) -> Result<Option<ApiToken>> {
        let row: Option<ApiTokenRow> = sqlx::query_as(concat!(
            "SELECT ",
            api_token_cols!(),
            " FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR ",
            ts!("expires_at"),
            " > ",
            ts!("$2"),
            ")"
        ))
        .bind(token_hash)
        .bind(now)
        .fetch_optional(self.reader())
        .await
        .map_err(db_err)?;
        row.map(TryInto::try_into).transpose()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org))]
    async fn list_api_tokens(&self, org: OrgId) -> Result<Vec<ApiToken>> {
        const SQL: &str = concat!(
            "SELECT ",
            api_token_cols!(),
            " FROM api_tokens WHERE org_id = $1 ORDER BY id DESC"
        );
        fetch_all_in_org::<ApiTokenRow, _>(self.reader(), SQL, org).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, id = %id))]
    async fn revoke_api_token(&self, org: OrgId, id: ApiTokenId, at: OffsetDateTime) -> Result<ApiToken> {
        let mut tx = self.begin_write().await?;
        let row: Option<ApiTokenRow> = sqlx::query_as(concat!(
            "UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, $3) WHERE org_id = $1 AND id = $2 RETURNING ",
            api_token_cols!()
        ))
        .bind(org.0)
        .bind(id.0)
        .bind(at)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_err)?;
        let row = row.ok_or(StoreError::not_found("API token"))?;
        tx.commit().await.map_err(db_err)?;
        row.try_into()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org))]
    async fn create_invitation(&self, org: OrgId, new: &NewInvitation) -> Result<Invitation> {
        let (id, at) = (InvitationId::new(), now());
        let mut tx = self.begin_write().await?;
        sqlx::query(concat!(
            "UPDATE invitations SET revoked_at = $3 WHERE org_id = $1 AND user_id = $2 ",
            "AND accepted_at IS NULL AND revoked_at IS NULL"
        ))
        .bind(org.0)
        .bind(new.user.0)
        .bind(at)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        let row: InvitationRow = sqlx::query_as(concat!(
            "INSERT INTO invitations (id, org_id, user_id, token_hash, created_by, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ",
            invitation_cols!()
        ))
        .bind(id.0)
        .bind(org.0)
        .bind(new.user.0)
        .bind(&new.token_hash)
        .bind(new.created_by.0)
        .bind(at)
        .bind(new.expires_at)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_err)?;
        tx.commit().await.map_err(db_err)?;
        row.try_into()
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn invitation(&self, token_hash: &str, now: OffsetDateTime) -> Result<Option<(Invitation, User)>> {
        let row: Option<InvitationRow> = sqlx::query_as(concat!(
            "SELECT ",
            invitation_cols!(),
            " FROM invitations WHERE token_hash = $1 AND accepted_at IS NULL AND revoked_at IS NULL AND ",
            ts!("expires_at"),
            " > ",
            ts!("$2")
        ))
        .bind(token_hash)
        .bind(now)
        .fetch_optional(self.reader())
        .await
        .map_err(db_err)?;
        let Some(row) = row else { return Ok(None) };
        let invitation: Invitation = row.try_into()?;
        let user = self.get_user(invitation.org_id, invitation.user).await?;
        Ok(Some((invitation, user)))
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn accept_invitation(
        &self,
        token_hash: &str,
        password_hash: &str,
        now: OffsetDateTime,
    ) -> Result<User> {
        let mut tx = self.begin_write().await?;
        let row: Option<InvitationRow> = sqlx::query_as(concat!(
            "UPDATE invitations SET accepted_at = $2 WHERE token_hash = $1 AND accepted_at IS NULL \
             AND revoked_at IS NULL AND ",
            ts!("expires_at"),
            " > ",
            ts!("$2"),
            " RETURNING ",
            invitation_cols!()
        ))
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_err)?;
        let invitation: Invitation = row.ok_or(StoreError::not_found("invitation"))?.try_into()?;
        let user: UserRow = sqlx::query_as(concat!(
            "UPDATE users SET password_hash = $3, updated_at = $4 WHERE org_id = $1 AND id = $2 RETURNING ",
            user_cols!()
        ))
        .bind(invitation.org_id.0)
        .bind(invitation.user.0)
        .bind(password_hash)
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_err)?;
        append_change(
            &mut tx,
            invitation.org_id,
            EntityKind::User,
            invitation.user.0,
            ChangeOp::Upsert,
            now,
        )
        .await?;
        tx.commit().await.map_err(db_err)?;
        user.try_into()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org))]
    async fn list_invitations(&self, org: OrgId) -> Result<Vec<Invitation>> {
        const SQL: &str = concat!(
            "SELECT ",
            invitation_cols!(),
            " FROM invitations WHERE org_id = $1 ORDER BY id DESC"
        );
        fetch_all_in_org::<InvitationRow, _>(self.reader(), SQL, org).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, id = %id))]
    async fn revoke_invitation(
        &self,
        org: OrgId,
        id: InvitationId,
        at: OffsetDateTime,
    ) -> Result<Invitation> {
        let mut tx = self.begin_write().await?;
        let row: Option<InvitationRow> = sqlx::query_as(concat!(
            "UPDATE invitations SET revoked_at = COALESCE(revoked_at, $3) WHERE org_id = $1 AND id = $2 RETURNING ",
            invitation_cols!()
        ))
        .bind(org.0)
        .bind(id.0)
        .bind(at)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_err)?;
        let row = row.ok_or(StoreError::not_found("invitation"))?;
        tx.commit().await.map_err(db_err)?;
        row.try_into()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(kind = event.kind.code()))]
    async fn record_auth_event(&self, event: &AuthEvent) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO auth_events (org_id, user_id, kind, subject_hash, address, at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(event.org.map(|o| o.0))
        .bind(event.user.map(|u| u.0))
        .bind(event.kind.code())
        .bind(event.subject_hash.as_deref())
        .bind(event.address.as_deref())
        .bind(event.at)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        tx.commit().await.map_err(db_err)
    }

    #[tracing::instrument(level = "debug", skip_all, fields(kind = kind.code()))]
    async fn tally_auth_events(
        &self,
        kind: AuthEventKind,
        key: &AuthEventKey,
        since: OffsetDateTime,
    ) -> Result<AuthTally> {
        // The same condition for the count and for the newest event: $1 and $2 are the kind and
        // the start of the window, $3 (and $4) the key's values.
        macro_rules! within {
            ($key:literal) => {
                concat!(
                    " FROM auth_events WHERE kind = $1 AND ",
                    ts!("at"),
                    " >= ",
                    ts!("$2"),
                    " AND ",
                    $key
                )
            };
        }
        macro_rules! tally {
            ($key:literal, $($value:expr),+) => {{
                let count: i64 = sqlx::query_scalar(concat!("SELECT COUNT(*)", within!($key)))
                    .bind(kind.code())
                    .bind(since)
                    $(.bind($value))+
                    .fetch_one(self.reader())
                    .await
                    .map_err(db_err)?;
                let last: Option<OffsetDateTime> = if count > 0 {
                    sqlx::query_scalar(concat!(
                        "SELECT at",
                        within!($key),
                        " ORDER BY ",
                        ts!("at"),
                        " DESC LIMIT 1"
                    ))
                    .bind(kind.code())
                    .bind(since)
                    $(.bind($value))+
                    .fetch_optional(self.reader())
                    .await
                    .map_err(db_err)?
                } else {
                    None
                };
                AuthTally { count: count.max(0) as u64, last }
            }};
        }
        Ok(match key {
            AuthEventKey::Subject(h) => tally!("subject_hash = $3", h),
            AuthEventKey::Address(a) => tally!("address = $3", a),
            AuthEventKey::Pair { subject, address } => {
                tally!("subject_hash = $3 AND address = $4", subject, address)
            }
        })
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org))]
    async fn list_auth_events(&self, org: OrgId, user: Option<UserId>, limit: u32) -> Result<Vec<AuthEvent>> {
        let mut qb = QueryBuilder::<Db>::new(
            "SELECT org_id, user_id, kind, subject_hash, address, at FROM auth_events WHERE org_id = ",
        );
        qb.push_bind(org.0);
        if let Some(u) = user {
            qb.push(" AND user_id = ").push_bind(u.0);
        }
        qb.push(" ORDER BY seq DESC LIMIT ")
            .push_bind(i64::from(limit.clamp(1, 1_000)));
        let rows: Vec<AuthEventRow> = qb
            .build_query_as()
            .fetch_all(self.reader())
            .await
            .map_err(db_err)?;
        rows.into_iter().map(TryInto::try_into).collect()
    }
}
