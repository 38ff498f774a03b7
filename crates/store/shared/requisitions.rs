// The Store implementation shared by both backends, requisitions part: requisitions: the needs, their skills and status.
// Each backend `include!`s `common.rs` (which says what the backend defines) and then every part.

fn push_requisition_values(b: &mut Separated<'_, Db, &'static str>, r: &NewRequisition) {
    b.push_bind(r.client_id.0)
        .push_bind(r.title.clone())
        .push_bind(r.role_family.code())
        .push_bind(r.engagement.code())
        .push_bind(r.intent.code())
        .push_bind(r.reason.code())
        .push_bind(r.work_model.code())
        .push_bind(r.location.clone().map(Json))
        .push_bind(Json(r.remote_states.clone()))
        .push_bind(i32::from(r.headcount))
        .push_bind(r.start_date)
        .push_bind(r.duration_weeks.map(i32::from))
        .push_bind(Json(r.skills.clone()))
        .push_bind(r.pay.map(Json))
        .push_bind(r.priority.code())
        .push_bind(r.status.code())
        .push_bind(Json(r.contacts.clone()))
        .push_bind(r.description.clone())
        .push_bind(r.owner_id.map(|u| u.0));
}

/// Writes the skill index rows of the given requisition (after removing the old ones).
async fn write_requisition_skills(
    tx: &mut Tx,
    org: OrgId,
    id: RequisitionId,
    r: &NewRequisition,
) -> Result<()> {
    sqlx::query("DELETE FROM requisition_skills WHERE org_id = $1 AND requisition_id = $2")
        .bind(org.0)
        .bind(id.0)
        .execute(&mut **tx)
        .await
        .map_err(db_err)?;
    if r.skills.is_empty() {
        return Ok(());
    }
    let mut qb = QueryBuilder::<Db>::new(
        "INSERT INTO requisition_skills (org_id, requisition_id, skill_id, required) ",
    );
    qb.push_values(&r.skills, |mut b, s| {
        b.push_bind(org.0)
            .push_bind(id.0)
            .push_bind(s.skill.as_str().to_owned())
            .push_bind(s.required);
    });
    qb.build().execute(&mut **tx).await.map_err(db_err)?;
    Ok(())
}

async fn fetch_requisition_tx(tx: &mut Tx, org: OrgId, id: RequisitionId) -> Result<Requisition> {
    fetch_one_in_org::<RequisitionRow, _>(&mut **tx, REQUISITION_BY_ID, org, id.0, "requisition").await
}

/// Writes the requisition's fields, provided its status is still `expected_status` (another writer
/// may have changed it since it was read: then the write is refused rather than lost).
async fn write_requisition(
    tx: &mut Tx,
    org: OrgId,
    id: RequisitionId,
    new: &NewRequisition,
    expected_status: RequisitionStatus,
    at: OffsetDateTime,
) -> Result<Requisition> {
    let mut qb = QueryBuilder::<Db>::new(concat!(
        "UPDATE requisitions SET (updated_at, ",
        requisition_fields!(),
        ") = ("
    ));
    {
        let mut b = qb.separated(", ");
        b.push_bind(at);
        push_requisition_values(&mut b, new);
    }
    qb.push(") WHERE org_id = ").push_bind(org.0);
    qb.push(" AND id = ").push_bind(id.0);
    qb.push(" AND status = ").push_bind(expected_status.code());
    qb.push(concat!(" RETURNING ", requisition_cols!()));
    let row: Option<RequisitionRow> = qb
        .build_query_as()
        .fetch_optional(&mut **tx)
        .await
        .map_err(db_err)?;
    let row = row.ok_or_else(|| StoreError::Conflict {
        constraint: hitstaff_store::Constraint::RequisitionsChangedMeanwhile,
    })?;
    write_requisition_skills(tx, org, id, new).await?;
    close_posting_of(tx, org, id, new.status, at).await?;
    append_change(tx, org, EntityKind::Requisition, id.0, ChangeOp::Upsert, at).await?;
    row.try_into()
}

impl RequisitionStore for ThisStore {
    #[tracing::instrument(level = "debug", skip_all, fields(org = %org))]
    async fn create_requisition(&self, org: OrgId, new: &NewRequisition) -> Result<Requisition> {
        let new = new.clone().validate()?;
        let (id, at) = (RequisitionId::new(), now());
        let mut tx = self.begin_write().await?;
        ensure_exists(&mut tx, CLIENT_EXISTS, org, new.client_id.0, "client").await?;
        let number = next_counter(&mut tx, org, "requisition").await?;
        let mut qb = QueryBuilder::<Db>::new(concat!(
            "INSERT INTO requisitions (",
            requisition_cols!(),
            ") VALUES ("
        ));
        {
            let mut b = qb.separated(", ");
            b.push_bind(id.0)
                .push_bind(org.0)
                .push_bind(format!("REQ-{number:04}"))
                .push_bind(at)
                .push_bind(at);
            push_requisition_values(&mut b, &new);
        }
        qb.push(concat!(") RETURNING ", requisition_cols!()));
        let row: RequisitionRow = qb.build_query_as().fetch_one(&mut *tx).await.map_err(db_err)?;
        write_requisition_skills(&mut tx, org, id, &new).await?;
        append_change(&mut tx, org, EntityKind::Requisition, id.0, ChangeOp::Upsert, at).await?;
        tx.commit().await.map_err(db_err)?;
        row.try_into()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, id = %id))]
    async fn get_requisition(&self, org: OrgId, id: RequisitionId) -> Result<Requisition> {
        fetch_one_in_org::<RequisitionRow, _>(self.reader(), REQUISITION_BY_ID, org, id.0, "requisition")
            .await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org))]
    async fn list_requisitions(
        &self,
        org: OrgId,
        filter: &RequisitionFilter,
        page: &PageRequest<RequisitionId>,
    ) -> Result<Page<Requisition, RequisitionId>> {
        let limit = page.clamped_limit();
        let mut qb = QueryBuilder::<Db>::new(concat!(
            "SELECT ",
            requisition_cols!(),
            " FROM requisitions WHERE org_id = "
        ));
        qb.push_bind(org.0);
        if let Some(c) = filter.client {
            qb.push(" AND client_id = ").push_bind(c.0);
        }
        if let Some(s) = filter.status {
            qb.push(" AND status = ").push_bind(s.code());
        }
        if let Some(f) = filter.role_family {
            qb.push(" AND role_family = ").push_bind(f.code());
        }
        if let Some(e) = filter.engagement {
            qb.push(" AND engagement = ").push_bind(e.code());
        }
        if let Some(w) = filter.work_model {
            qb.push(" AND work_model = ").push_bind(w.code());
        }
        if let Some(p) = filter.priority {
            qb.push(" AND priority = ").push_bind(p.code());
        }
        if let Some(owner) = filter.owner {
            qb.push(" AND owner_id = ").push_bind(owner.0);
        }
        if let Some(skill) = &filter.skill {
            qb.push(" AND id IN (SELECT requisition_id FROM requisition_skills WHERE org_id = ")
                .push_bind(org.0);
            qb.push(" AND skill_id = ")
                .push_bind(skill.as_str().to_owned())
                .push(")");
        }
        if let Some(after) = page.after {
            qb.push(" AND id < ").push_bind(after.0);
        }
        qb.push(" ORDER BY id DESC LIMIT ")
            .push_bind(i64::from(limit) + 1);
        let rows: Vec<RequisitionRow> = qb
            .build_query_as()
            .fetch_all(self.reader())
            .await
            .map_err(db_err)?;
        into_page(rows, limit, |r: &Requisition| r.id)
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, id = %id))]
    async fn update_requisition(
        &self,
        org: OrgId,
        id: RequisitionId,
        new: &NewRequisition,
    ) -> Result<Requisition> {
        let new = new.clone().validate()?;
        let at = now();
        let mut tx = self.begin_write().await?;
        let current = fetch_requisition_tx(&mut tx, org, id).await?;
        let from = current.fields.status;
        if from != new.status && !from.can_become(new.status) {
            return Err(invalid(
                "status",
                format!("a requisition cannot go from {from} to {}", new.status),
            ));
        }
        ensure_exists(&mut tx, CLIENT_EXISTS, org, new.client_id.0, "client").await?;
        let updated = write_requisition(&mut tx, org, id, &new, from, at).await?;
        tx.commit().await.map_err(db_err)?;
        Ok(updated)
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, id = %id))]
    async fn delete_requisition(&self, org: OrgId, id: RequisitionId) -> Result<()> {
        let mut tx = self.begin_write().await?;
        fetch_requisition_tx(&mut tx, org, id).await?;
        let staffed =
            sqlx::query("SELECT 1 FROM applications WHERE org_id = $1 AND requisition_id = $2 LIMIT 1")
                .bind(org.0)
                .bind(id.0)
                .fetch_optional(&mut *tx)
                .await
                .map_err(db_err)?;
        if staffed.is_some() {
            return Err(StoreError::Conflict {
                constraint: hitstaff_store::Constraint::RequisitionsInUse,
            });
        }
        sqlx::query("DELETE FROM requisitions WHERE org_id = $1 AND id = $2")
            .bind(org.0)
            .bind(id.0)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        append_change(
            &mut tx,
            org,
            EntityKind::Requisition,
            id.0,
            ChangeOp::Delete,
            now(),
        )
        .await?;
        tx.commit().await.map_err(db_err)
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, id = %id))]
    async fn set_requisition_status(
        &self,
        org: OrgId,
        id: RequisitionId,
        status: RequisitionStatus,
    ) -> Result<Requisition> {
        let at = now();
        let mut tx = self.begin_write().await?;
        let current = fetch_requisition_tx(&mut tx, org, id).await?;
        let from = current.fields.status;
        if !from.can_become(status) {
            return Err(invalid(
                "status",
                format!("a requisition cannot go from {from} to {status}"),
            ));
        }
        let new = NewRequisition {
            status,
            ..current.fields
        };
        let updated = write_requisition(&mut tx, org, id, &new, from, at).await?;
        tx.commit().await.map_err(db_err)?;
        Ok(updated)
    }
}
