// The Store implementation shared by both backends, pipeline part: applications, their stage history, and notes.
// Each backend `include!`s `common.rs` (which says what the backend defines) and then every part.

async fn fetch_application(tx: &mut Tx, org: OrgId, id: ApplicationId) -> Result<Application> {
    fetch_one_in_org::<ApplicationRow, _>(&mut **tx, APPLICATION_BY_ID, org, id.0, "application").await
}

#[allow(clippy::too_many_arguments)]
async fn record_stage_change(
    tx: &mut Tx,
    org: OrgId,
    id: ApplicationId,
    from: Option<Stage>,
    to: Stage,
    at: OffsetDateTime,
    by: Option<UserId>,
    mv: &StageMove,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO stage_changes (org_id, application_id, from_stage, to_stage, at, by_user, note, rejection) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(org.0)
    .bind(id.0)
    .bind(from.map(|s| s.code()))
    .bind(to.code())
    .bind(at)
    .bind(by.map(|u| u.0))
    .bind(mv.note.as_deref().map(str::trim).filter(|n| !n.is_empty()))
    .bind(mv.rejection.map(|r| r.code()))
    .execute(&mut **tx)
    .await
    .map_err(db_err)?;
    Ok(())
}

impl PipelineStore for ThisStore {
    #[tracing::instrument(level = "debug", skip_all, fields(org = %org))]
    async fn create_application(
        &self,
        org: OrgId,
        new: &NewApplication,
        by: Option<UserId>,
    ) -> Result<Application> {
        if !matches!(new.stage, Stage::Sourced | Stage::Screening) {
            return Err(invalid(
                "stage",
                "a new application starts at Sourced or Screening",
            ));
        }
        let (id, at) = (ApplicationId::new(), now());
        let mut tx = self.begin_write().await?;
        ensure_exists(&mut tx, CANDIDATE_EXISTS, org, new.candidate_id.0, "candidate").await?;
        let requisition = fetch_requisition_tx(&mut tx, org, new.requisition_id).await?;
        if matches!(
            requisition.fields.status,
            RequisitionStatus::Filled | RequisitionStatus::Cancelled
        ) {
            return Err(invalid(
                "requisition",
                format!(
                    "the requisition is {}; reopen it before adding candidates",
                    requisition.fields.status.label().to_lowercase()
                ),
            ));
        }
        let row: ApplicationRow = sqlx::query_as(concat!(
            "INSERT INTO applications (",
            application_cols!(),
            ") VALUES ($1, $2, $3, $4, $5, NULL, $6, $6, $6) RETURNING ",
            application_cols!()
        ))
        .bind(id.0)
        .bind(org.0)
        .bind(new.candidate_id.0)
        .bind(new.requisition_id.0)
        .bind(new.stage.code())
        .bind(at)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_err)?;
        record_stage_change(&mut tx, org, id, None, new.stage, at, by, &StageMove::default()).await?;
        append_change(&mut tx, org, EntityKind::Application, id.0, ChangeOp::Upsert, at).await?;
        tx.commit().await.map_err(db_err)?;
        row.try_into()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, entries = history.len()))]
    async fn import_application(
        &self,
        org: OrgId,
        candidate: CandidateId,
        requisition: RequisitionId,
        history: &[StageChange],
    ) -> Result<Application> {
        hitstaff_domain::check_history(history, now())?;
        let (Some(first), Some(last)) = (history.first(), history.last()) else {
            return Err(invalid(
                "history",
                "an application's history needs at least its opening entry",
            ));
        };
        let id = ApplicationId::new();
        let mut tx = self.begin_write().await?;
        ensure_exists(&mut tx, CANDIDATE_EXISTS, org, candidate.0, "candidate").await?;
        fetch_requisition_tx(&mut tx, org, requisition).await?;
        let row: ApplicationRow = sqlx::query_as(concat!(
            "INSERT INTO applications (",
            application_cols!(),
            ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $7) RETURNING ",
            application_cols!()
        ))
        .bind(id.0)
        .bind(org.0)
        .bind(candidate.0)
        .bind(requisition.0)
        .bind(last.to.code())
        .bind(last.rejection.map(|r| r.code()))
        .bind(last.at)
        .bind(first.at)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_err)?;
        for c in history {
            let mv = StageMove {
                note: c.note.clone(),
                rejection: c.rejection,
            };
            record_stage_change(&mut tx, org, id, c.from, c.to, c.at, c.by, &mv).await?;
        }
        append_change(
            &mut tx,
            org,
            EntityKind::Application,
            id.0,
            ChangeOp::Upsert,
            now(),
        )
        .await?;
        tx.commit().await.map_err(db_err)?;
        row.try_into()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, id = %id))]
    async fn get_application(&self, org: OrgId, id: ApplicationId) -> Result<Application> {
        fetch_one_in_org::<ApplicationRow, _>(self.reader(), APPLICATION_BY_ID, org, id.0, "application")
            .await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org))]
    async fn list_applications(&self, org: OrgId, filter: &ApplicationFilter) -> Result<Vec<Application>> {
        let mut qb = QueryBuilder::<Db>::new(concat!(
            "SELECT ",
            application_cols!(),
            " FROM applications WHERE org_id = "
        ));
        qb.push_bind(org.0);
        match filter {
            ApplicationFilter::Requisition(r) => qb.push(" AND requisition_id = ").push_bind(r.0),
            ApplicationFilter::Candidate(c) => qb.push(" AND candidate_id = ").push_bind(c.0),
            ApplicationFilter::Stage(s) => qb.push(" AND stage = ").push_bind(s.code()),
        };
        qb.push(" ORDER BY id");
        let rows: Vec<ApplicationRow> = qb
            .build_query_as()
            .fetch_all(self.reader())
            .await
            .map_err(db_err)?;
        rows.into_iter().map(TryInto::try_into).collect()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, id = %id, to = to.code()))]
    async fn move_application(
        &self,
        org: OrgId,
        id: ApplicationId,
        to: Stage,
        actor: Actor,
        mv: &StageMove,
    ) -> Result<Application> {
        let at = now();
        let mut tx = self.begin_write().await?;
        let current = fetch_application(&mut tx, org, id).await?;
        current.stage.check_move(to, actor.role, mv)?;
        let row: Option<ApplicationRow> = sqlx::query_as(concat!(
            "UPDATE applications SET stage = $3, rejection = $4, stage_entered_at = $5, updated_at = $5 \
             WHERE org_id = $1 AND id = $2 AND stage = $6 RETURNING ",
            application_cols!()
        ))
        .bind(org.0)
        .bind(id.0)
        .bind(to.code())
        .bind(mv.rejection.map(|r| r.code()))
        .bind(at)
        .bind(current.stage.code())
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_err)?;
        // Moved by someone else between our read and our write (PostgreSQL, read committed).
        let row = row.ok_or_else(|| StoreError::Conflict {
            constraint: hitstaff_store::Constraint::ApplicationsStageChanged,
        })?;
        record_stage_change(&mut tx, org, id, Some(current.stage), to, at, actor.user, mv).await?;
        append_change(&mut tx, org, EntityKind::Application, id.0, ChangeOp::Upsert, at).await?;
        tx.commit().await.map_err(db_err)?;
        row.try_into()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, id = %id))]
    async fn stage_history(&self, org: OrgId, id: ApplicationId) -> Result<Vec<StageChange>> {
        let rows: Vec<StageChangeRow> = sqlx::query_as(
            "SELECT application_id, from_stage, to_stage, at, by_user, note, rejection FROM stage_changes \
             WHERE org_id = $1 AND application_id = $2 ORDER BY seq",
        )
        .bind(org.0)
        .bind(id.0)
        .fetch_all(self.reader())
        .await
        .map_err(db_err)?;
        if rows.is_empty() {
            // Every application has at least its opening entry: none means no such application here.
            return Err(StoreError::not_found("application"));
        }
        rows.into_iter().map(TryInto::try_into).collect()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org))]
    async fn pipeline_counts(
        &self,
        org: OrgId,
        requisition: Option<RequisitionId>,
    ) -> Result<Vec<(Stage, u64)>> {
        let mut qb = QueryBuilder::<Db>::new("SELECT stage, COUNT(*) AS n FROM applications WHERE org_id = ");
        qb.push_bind(org.0);
        if let Some(r) = requisition {
            qb.push(" AND requisition_id = ").push_bind(r.0);
        }
        qb.push(" GROUP BY stage");
        let rows = qb.build().fetch_all(self.reader()).await.map_err(db_err)?;
        let mut counts = Vec::with_capacity(rows.len());
        for row in rows {
            let stage: String = row.try_get("stage").map_err(db_err)?;
            let n: i64 = row.try_get("n").map_err(db_err)?;
            counts.push((
                Stage::parse(&stage).map_err(|e| StoreError::corrupt("application", e))?,
                n.max(0) as u64,
            ));
        }
        counts.sort_by_key(|(s, _)| *s);
        Ok(counts)
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org))]
    async fn recent_moves(
        &self,
        org: OrgId,
        client: Option<ClientId>,
        limit: u32,
    ) -> Result<Vec<RecentMove>> {
        let mut qb = QueryBuilder::<Db>::new(
            "SELECT sc.application_id, sc.from_stage, sc.to_stage, sc.at, sc.by_user, sc.note, sc.rejection, \
             a.candidate_id, c.name AS candidate_name, a.requisition_id, r.reference AS requisition_reference, \
             r.title AS requisition_title \
             FROM stage_changes sc \
             JOIN applications a ON a.org_id = sc.org_id AND a.id = sc.application_id \
             JOIN candidates c ON c.org_id = a.org_id AND c.id = a.candidate_id \
             JOIN requisitions r ON r.org_id = a.org_id AND r.id = a.requisition_id \
             WHERE sc.org_id = ",
        );
        qb.push_bind(org.0);
        if let Some(client) = client {
            qb.push(" AND r.client_id = ").push_bind(client.0).push(
                " AND a.stage IN ('submitted', 'client_interview', 'offer', 'placed') \
                 AND sc.to_stage NOT IN ('sourced', 'screening')",
            );
        }
        qb.push(" ORDER BY sc.at DESC, sc.seq DESC LIMIT ")
            .push_bind(i64::from(limit.min(500)));
        let rows: Vec<RecentMoveRow> = qb
            .build_query_as()
            .fetch_all(self.reader())
            .await
            .map_err(db_err)?;
        rows.into_iter().map(TryInto::try_into).collect()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org))]
    async fn requisition_activity(
        &self,
        org: OrgId,
        client: Option<ClientId>,
    ) -> Result<Vec<(RequisitionId, OffsetDateTime)>> {
        let mut qb = QueryBuilder::<Db>::new(
            "SELECT r.id, r.created_at, (SELECT MAX(sc.at) FROM applications a \
             JOIN stage_changes sc ON sc.org_id = a.org_id AND sc.application_id = a.id \
             WHERE a.org_id = r.org_id AND a.requisition_id = r.id) AS last_move \
             FROM requisitions r WHERE r.org_id = ",
        );
        qb.push_bind(org.0).push(" AND r.status IN ('open', 'on_hold')");
        if let Some(client) = client {
            qb.push(" AND r.client_id = ").push_bind(client.0);
        }
        let rows = qb.build().fetch_all(self.reader()).await.map_err(db_err)?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let id: Uuid = row.try_get("id").map_err(db_err)?;
            let created: OffsetDateTime = row.try_get("created_at").map_err(db_err)?;
            let moved: Option<OffsetDateTime> = row.try_get("last_move").map_err(db_err)?;
            out.push((RequisitionId::from(id), moved.unwrap_or(created)));
        }
        Ok(out)
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org))]
    async fn add_note(
        &self,
        org: OrgId,
        subject: NoteSubject,
        author: Option<UserId>,
        new: &NewNote,
    ) -> Result<Note> {
        let new = new.clone().validate()?;
        let (id, at) = (NoteId::new(), now());
        let mut tx = self.begin_write().await?;
        let (candidate, application) = match subject {
            NoteSubject::Candidate(c) => {
                ensure_exists(&mut tx, CANDIDATE_EXISTS, org, c.0, "candidate").await?;
                (Some(c.0), None)
            }
            NoteSubject::Application(a) => {
                ensure_exists(&mut tx, APPLICATION_EXISTS, org, a.0, "application").await?;
                (None, Some(a.0))
            }
        };
        let row: NoteRow = sqlx::query_as(concat!(
            "INSERT INTO notes (",
            note_cols!(),
            ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ",
            note_cols!()
        ))
        .bind(id.0)
        .bind(org.0)
        .bind(candidate)
        .bind(application)
        .bind(author.map(|a| a.0))
        .bind(&new.body)
        .bind(Json(&new.assessment))
        .bind(new.internal)
        .bind(at)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_err)?;
        append_change(&mut tx, org, EntityKind::Note, id.0, ChangeOp::Upsert, at).await?;
        tx.commit().await.map_err(db_err)?;
        row.try_into()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, id = %id))]
    async fn update_note(&self, org: OrgId, id: NoteId, new: &NewNote) -> Result<Note> {
        let new = new.clone().validate()?;
        let mut tx = self.begin_write().await?;
        let row: Option<NoteRow> = sqlx::query_as(concat!(
            "UPDATE notes SET body = $3, assessment = $4, internal = $5 WHERE org_id = $1 AND id = $2 RETURNING ",
            note_cols!()
        ))
        .bind(org.0)
        .bind(id.0)
        .bind(&new.body)
        .bind(Json(&new.assessment))
        .bind(new.internal)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_err)?;
        let row = row.ok_or(StoreError::not_found("note"))?;
        append_change(&mut tx, org, EntityKind::Note, id.0, ChangeOp::Upsert, now()).await?;
        tx.commit().await.map_err(db_err)?;
        row.try_into()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, id = %id))]
    async fn delete_note(&self, org: OrgId, id: NoteId) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query("DELETE FROM notes WHERE org_id = $1 AND id = $2")
            .bind(org.0)
            .bind(id.0)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::not_found("note"));
        }
        append_change(&mut tx, org, EntityKind::Note, id.0, ChangeOp::Delete, now()).await?;
        tx.commit().await.map_err(db_err)
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org))]
    async fn list_notes(&self, org: OrgId, subject: NoteSubject) -> Result<Vec<Note>> {
        let (sql, id) = match subject {
            NoteSubject::Candidate(c) => (
                concat!(
                    "SELECT ",
                    note_cols!(),
                    " FROM notes WHERE org_id = $1 AND candidate_id = $2 ORDER BY id DESC"
                ),
                c.0,
            ),
            NoteSubject::Application(a) => (
                concat!(
                    "SELECT ",
                    note_cols!(),
                    " FROM notes WHERE org_id = $1 AND application_id = $2 ORDER BY id DESC"
                ),
                a.0,
            ),
        };
        let rows: Vec<NoteRow> = sqlx::query_as(sql)
            .bind(org.0)
            .bind(id)
            .fetch_all(self.reader())
            .await
            .map_err(db_err)?;
        rows.into_iter().map(TryInto::try_into).collect()
    }
}
