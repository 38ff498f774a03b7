// The Store implementation shared by both backends, organizations part: the tenants themselves (installation-level).
// Each backend `include!`s `common.rs` (which says what the backend defines) and then every part.

impl OrganizationStore for ThisStore {
    #[tracing::instrument(level = "debug", skip_all)]
    async fn create_organization(&self, new: &NewOrganization) -> Result<Organization> {
        let (id, at) = (OrgId::new(), now());
        let mut tx = self.begin_write().await?;
        let row: OrganizationRow = sqlx::query_as(concat!(
            "INSERT INTO organizations (id, name, slug, created_at) VALUES ($1, $2, $3, $4) RETURNING ",
            org_cols!()
        ))
        .bind(id.0)
        .bind(&new.name)
        .bind(&new.slug)
        .bind(at)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_err)?;
        append_change(&mut tx, id, EntityKind::Organization, id.0, ChangeOp::Upsert, at).await?;
        tx.commit().await.map_err(db_err)?;
        Ok(row.into())
    }

    #[tracing::instrument(level = "debug", skip_all, fields(id = %id))]
    async fn get_organization(&self, id: OrgId) -> Result<Organization> {
        let row: Option<OrganizationRow> = sqlx::query_as(concat!(
            "SELECT ",
            org_cols!(),
            " FROM organizations WHERE id = $1"
        ))
        .bind(id.0)
        .fetch_optional(self.reader())
        .await
        .map_err(db_err)?;
        row.map(Into::into).ok_or(StoreError::not_found("organisation"))
    }

    #[tracing::instrument(level = "debug", skip_all, fields(id = %id))]
    async fn update_organization(&self, id: OrgId, new: &NewOrganization) -> Result<Organization> {
        let mut tx = self.begin_write().await?;
        let row: Option<OrganizationRow> = sqlx::query_as(concat!(
            "UPDATE organizations SET name = $2, slug = $3 WHERE id = $1 RETURNING ",
            org_cols!()
        ))
        .bind(id.0)
        .bind(&new.name)
        .bind(&new.slug)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_err)?;
        let row = row.ok_or(StoreError::not_found("organisation"))?;
        append_change(
            &mut tx,
            id,
            EntityKind::Organization,
            id.0,
            ChangeOp::Upsert,
            now(),
        )
        .await?;
        tx.commit().await.map_err(db_err)?;
        Ok(row.into())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn list_organizations(&self) -> Result<Vec<Organization>> {
        let rows: Vec<OrganizationRow> =
            sqlx::query_as(concat!("SELECT ", org_cols!(), " FROM organizations ORDER BY id"))
                .fetch_all(self.reader())
                .await
                .map_err(db_err)?;
        Ok(rows.into_iter().map(Into::into).collect())
    }
}
