// The Store implementation shared by both backends, users part: the people who use hitstaff, in one organisation each.
// Each backend `include!`s `common.rs` (which says what the backend defines) and then every part.

/// Refuses a user's client scope that does not fit the role, and a client of another organisation.
async fn check_user_scope(
    tx: &mut Tx,
    org: OrgId,
    role: hitstaff_domain::Role,
    client: Option<ClientId>,
) -> Result<()> {
    match (role.is_client_scoped(), client) {
        (true, None) => {
            return Err(invalid(
                "client",
                "a hiring manager must be tied to one client; choose it",
            ));
        }
        (false, Some(_)) => return Err(invalid("client", "only hiring managers are tied to a client")),
        _ => {}
    }
    if let Some(c) = client {
        ensure_exists(tx, CLIENT_EXISTS, org, c.0, "client").await?;
    }
    Ok(())
}

impl UserStore for ThisStore {
    #[tracing::instrument(level = "debug", skip_all, fields(org = %org))]
    async fn create_user(&self, org: OrgId, new: &NewUser) -> Result<User> {
        let (id, at) = (UserId::new(), now());
        let mut tx = self.begin_write().await?;
        check_user_scope(&mut tx, org, new.role, new.client_id).await?;
        let row: UserRow = sqlx::query_as(concat!(
            "INSERT INTO users (id, org_id, email, name, role, client_id, active, password_hash, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING ",
            user_cols!()
        ))
        .bind(id.0)
        .bind(org.0)
        .bind(new.email.as_str())
        .bind(new.name.as_str())
        .bind(new.role.code())
        .bind(new.client_id.map(|c| c.0))
        .bind(true)
        .bind(new.password_hash.as_deref())
        .bind(at)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_err)?;
        append_change(&mut tx, org, EntityKind::User, id.0, ChangeOp::Upsert, at).await?;
        tx.commit().await.map_err(db_err)?;
        row.try_into()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, id = %id))]
    async fn get_user(&self, org: OrgId, id: UserId) -> Result<User> {
        fetch_one_in_org::<UserRow, _>(self.reader(), USER_BY_ID, org, id.0, "user").await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org))]
    async fn list_users(&self, org: OrgId) -> Result<Vec<User>> {
        const SQL: &str = concat!(
            "SELECT ",
            user_cols!(),
            " FROM users WHERE org_id = $1 ORDER BY lower(name), id"
        );
        fetch_all_in_org::<UserRow, _>(self.reader(), SQL, org).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, id = %id))]
    async fn update_user(&self, org: OrgId, id: UserId, update: &UserUpdate) -> Result<User> {
        let at = now();
        let mut tx = self.begin_write().await?;
        let current: User = fetch_one_in_org::<UserRow, _>(&mut *tx, USER_BY_ID, org, id.0, "user").await?;
        let (role, client) = update.role.unwrap_or((current.role, current.client_id));
        check_user_scope(&mut tx, org, role, client).await?;
        let name = update.name.as_ref().unwrap_or(&current.name);
        let row: UserRow = sqlx::query_as(concat!(
            "UPDATE users SET name = $3, role = $4, client_id = $5, active = $6, updated_at = $7 \
             WHERE org_id = $1 AND id = $2 RETURNING ",
            user_cols!()
        ))
        .bind(org.0)
        .bind(id.0)
        .bind(name.as_str())
        .bind(role.code())
        .bind(client.map(|c| c.0))
        .bind(update.active.unwrap_or(current.active))
        .bind(at)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_err)?;
        if update.active == Some(false) {
            // A deactivated account is signed out everywhere at once.
            sqlx::query("DELETE FROM sessions WHERE org_id = $1 AND user_id = $2")
                .bind(org.0)
                .bind(id.0)
                .execute(&mut *tx)
                .await
                .map_err(db_err)?;
        }
        append_change(&mut tx, org, EntityKind::User, id.0, ChangeOp::Upsert, at).await?;
        tx.commit().await.map_err(db_err)?;
        row.try_into()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, id = %id))]
    async fn set_password_hash(&self, org: OrgId, id: UserId, hash: &str) -> Result<()> {
        let at = now();
        let mut tx = self.begin_write().await?;
        let done =
            sqlx::query("UPDATE users SET password_hash = $3, updated_at = $4 WHERE org_id = $1 AND id = $2")
                .bind(org.0)
                .bind(id.0)
                .bind(hash)
                .bind(at)
                .execute(&mut *tx)
                .await
                .map_err(db_err)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::not_found("user"));
        }
        append_change(&mut tx, org, EntityKind::User, id.0, ChangeOp::Upsert, at).await?;
        tx.commit().await.map_err(db_err)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn user_for_sign_in(&self, email: &Email) -> Result<Vec<SignInRecord>> {
        let rows: Vec<SignInRow> = sqlx::query_as(concat!(
            "SELECT ",
            user_cols!(),
            ", password_hash FROM users WHERE email = $1 ORDER BY created_at, id"
        ))
        .bind(email.as_str())
        .fetch_all(self.reader())
        .await
        .map_err(db_err)?;
        rows.into_iter()
            .map(|r| {
                Ok(SignInRecord {
                    user: r.user.try_into()?,
                    password_hash: r.password_hash,
                })
            })
            .collect()
    }
}
