// The Store implementation shared by both backends, clients part: the facilities a staffing firm recruits for.
// Each backend `include!`s `common.rs` (which says what the backend defines) and then every part.

impl ClientStore for ThisStore {
    #[tracing::instrument(level = "debug", skip_all, fields(org = %org))]
    async fn create_client(&self, org: OrgId, new: &NewClient) -> Result<Client> {
        let new = new.clone().validate()?;
        let (id, at) = (ClientId::new(), now());
        let mut tx = self.begin_write().await?;
        let row: ClientRow = sqlx::query_as(concat!(
            "INSERT INTO clients (",
            client_cols!(),
            ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING ",
            client_cols!()
        ))
        .bind(id.0)
        .bind(org.0)
        .bind(&new.name)
        .bind(new.kind.code())
        .bind(Json(&new.locations))
        .bind(Json(&new.ehr_systems))
        .bind(&new.notes)
        .bind(at)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_err)?;
        append_change(&mut tx, org, EntityKind::Client, id.0, ChangeOp::Upsert, at).await?;
        tx.commit().await.map_err(db_err)?;
        row.try_into()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, id = %id))]
    async fn get_client(&self, org: OrgId, id: ClientId) -> Result<Client> {
        fetch_one_in_org::<ClientRow, _>(self.reader(), CLIENT_BY_ID, org, id.0, "client").await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org))]
    async fn list_clients(&self, org: OrgId) -> Result<Vec<Client>> {
        const SQL: &str = concat!(
            "SELECT ",
            client_cols!(),
            " FROM clients WHERE org_id = $1 ORDER BY lower(name), id"
        );
        fetch_all_in_org::<ClientRow, _>(self.reader(), SQL, org).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, id = %id))]
    async fn update_client(&self, org: OrgId, id: ClientId, new: &NewClient) -> Result<Client> {
        let new = new.clone().validate()?;
        let at = now();
        let mut tx = self.begin_write().await?;
        let row: Option<ClientRow> = sqlx::query_as(concat!(
            "UPDATE clients SET name = $3, kind = $4, locations = $5, ehr_systems = $6, notes = $7, updated_at = $8 \
             WHERE org_id = $1 AND id = $2 RETURNING ",
            client_cols!()
        ))
        .bind(org.0)
        .bind(id.0)
        .bind(&new.name)
        .bind(new.kind.code())
        .bind(Json(&new.locations))
        .bind(Json(&new.ehr_systems))
        .bind(&new.notes)
        .bind(at)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_err)?;
        let row = row.ok_or(StoreError::not_found("client"))?;
        append_change(&mut tx, org, EntityKind::Client, id.0, ChangeOp::Upsert, at).await?;
        tx.commit().await.map_err(db_err)?;
        row.try_into()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, id = %id))]
    async fn delete_client(&self, org: OrgId, id: ClientId) -> Result<()> {
        let mut tx = self.begin_write().await?;
        ensure_exists(&mut tx, CLIENT_EXISTS, org, id.0, "client").await?;
        let in_use = sqlx::query(
            "SELECT 1 FROM requisitions WHERE org_id = $1 AND client_id = $2 \
             UNION ALL SELECT 1 FROM users WHERE org_id = $1 AND client_id = $2 LIMIT 1",
        )
        .bind(org.0)
        .bind(id.0)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_err)?;
        if in_use.is_some() {
            return Err(StoreError::Conflict {
                constraint: hitstaff_store::Constraint::ClientsInUse,
            });
        }
        sqlx::query("DELETE FROM clients WHERE org_id = $1 AND id = $2")
            .bind(org.0)
            .bind(id.0)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        append_change(&mut tx, org, EntityKind::Client, id.0, ChangeOp::Delete, now()).await?;
        tx.commit().await.map_err(db_err)
    }
}
