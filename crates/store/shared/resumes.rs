// The Store implementation shared by both backends, resumes part: resumes as filed, what was read from them, and recruiters' corrections.
// Each backend `include!`s `common.rs` (which says what the backend defines) and then every part.

/// Keeps a resume for `candidate`, and announces it.
async fn insert_resume_row(
    tx: &mut Tx,
    org: OrgId,
    candidate: CandidateId,
    new: &NewResume,
    by: Option<UserId>,
    at: OffsetDateTime,
) -> Result<ResumeInfoRow> {
    let id = ResumeId::new();
    let size = i64::try_from(new.content.len()).map_err(|_| StoreError::corrupt("resume", "too large"))?;
    let row: ResumeInfoRow = sqlx::query_as(concat!(
        "INSERT INTO resumes (id, org_id, candidate_id, file_name, format, media_type, sha256, size_bytes, \
         content, text, parsed, created_at, created_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING ",
        resume_info_cols!()
    ))
    .bind(id.0)
    .bind(org.0)
    .bind(candidate.0)
    .bind(&new.file_name)
    .bind(&new.format)
    .bind(&new.media_type)
    .bind(&new.sha256)
    .bind(size)
    .bind(&new.content)
    .bind(&new.text)
    .bind(&new.parsed_json)
    .bind(at)
    .bind(by.map(|u| u.0))
    .fetch_one(&mut **tx)
    .await
    .map_err(db_err)?;
    append_change(tx, org, EntityKind::Resume, id.0, ChangeOp::Upsert, at).await?;
    Ok(row)
}

impl ResumeStore for ThisStore {
    #[tracing::instrument(level = "debug", skip_all, fields(org = %org))]
    async fn file_resume(
        &self,
        org: OrgId,
        owner: ResumeOwner<'_>,
        new: &NewResume,
        by: Option<UserId>,
    ) -> Result<(CandidateId, ResumeInfo)> {
        let at = now();
        let mut tx = self.begin_write().await?;
        let candidate = match owner {
            ResumeOwner::New(fields) => {
                let fields = fields.clone().validate()?;
                let id = CandidateId::new();
                insert_candidate_rows(&mut tx, org, &[(id, &fields)], at).await?;
                id
            }
            ResumeOwner::Updated(id, fields) => {
                update_candidate_rows(&mut tx, org, id, &fields.clone().validate()?, at, None).await?;
                id
            }
            ResumeOwner::AsIs(id) => id,
        };
        let row = insert_resume_row(&mut tx, org, candidate, new, by, at).await?;
        tx.commit().await.map_err(db_err)?;
        Ok((candidate, row.try_into()?))
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org))]
    async fn resume_by_sha256(&self, org: OrgId, sha256: &str) -> Result<Option<ResumeInfo>> {
        let row: Option<ResumeInfoRow> = sqlx::query_as(concat!(
            "SELECT ",
            resume_info_cols!(),
            " FROM resumes WHERE org_id = $1 AND sha256 = $2"
        ))
        .bind(org.0)
        .bind(sha256)
        .fetch_optional(self.reader())
        .await
        .map_err(db_err)?;
        row.map(TryInto::try_into).transpose()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, candidate = %candidate))]
    async fn list_resumes(&self, org: OrgId, candidate: CandidateId) -> Result<Vec<ResumeInfo>> {
        let rows: Vec<ResumeInfoRow> = sqlx::query_as(concat!(
            "SELECT ",
            resume_info_cols!(),
            " FROM resumes WHERE org_id = $1 AND candidate_id = $2 ORDER BY created_at DESC, id DESC"
        ))
        .bind(org.0)
        .bind(candidate.0)
        .fetch_all(self.reader())
        .await
        .map_err(db_err)?;
        rows.into_iter().map(TryInto::try_into).collect()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, id = %id))]
    async fn get_resume(&self, org: OrgId, id: ResumeId) -> Result<Resume> {
        fetch_one_in_org::<ResumeRow, _>(
            self.reader(),
            concat!(
                "SELECT ",
                resume_info_cols!(),
                ", text, parsed FROM resumes WHERE org_id = $1 AND id = $2"
            ),
            org,
            id.0,
            "resume",
        )
        .await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, limit))]
    async fn resume_texts(
        &self,
        org: OrgId,
        after: Option<ResumeId>,
        limit: u32,
    ) -> Result<Vec<(ResumeId, CandidateId, String)>> {
        let mut qb = QueryBuilder::<Db>::new("SELECT id, candidate_id, text FROM resumes WHERE org_id = ");
        qb.push_bind(org.0);
        push_after_and_limit(&mut qb, after.map(|a| a.0), limit);
        let rows: Vec<(Uuid, Uuid, String)> = qb
            .build_query_as()
            .fetch_all(self.reader())
            .await
            .map_err(db_err)?;
        Ok(rows
            .into_iter()
            .map(|(id, c, text)| (ResumeId(id), CandidateId(c), text))
            .collect())
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, id = %id))]
    async fn resume_content(&self, org: OrgId, id: ResumeId) -> Result<Vec<u8>> {
        let row: Option<(Vec<u8>,)> =
            sqlx::query_as("SELECT content FROM resumes WHERE org_id = $1 AND id = $2")
                .bind(org.0)
                .bind(id.0)
                .fetch_optional(self.reader())
                .await
                .map_err(db_err)?;
        row.map(|(c,)| c).ok_or(StoreError::not_found("resume"))
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, id = %id))]
    async fn update_resume_parse(
        &self,
        org: OrgId,
        id: ResumeId,
        text: &str,
        parsed_json: &str,
    ) -> Result<()> {
        let at = now();
        let mut tx = self.begin_write().await?;
        let done = sqlx::query("UPDATE resumes SET text = $3, parsed = $4 WHERE org_id = $1 AND id = $2")
            .bind(org.0)
            .bind(id.0)
            .bind(text)
            .bind(parsed_json)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::not_found("resume"));
        }
        append_change(&mut tx, org, EntityKind::Resume, id.0, ChangeOp::Upsert, at).await?;
        tx.commit().await.map_err(db_err)?;
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, candidate = %candidate))]
    async fn set_correction(
        &self,
        org: OrgId,
        candidate: CandidateId,
        correction: &Correction,
        by: Option<UserId>,
    ) -> Result<StoredCorrection> {
        let at = now();
        let value =
            serde_json::to_string(correction).map_err(|e| StoreError::corrupt("resume correction", e))?;
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO resume_corrections (org_id, candidate_id, field, value, created_at, created_by) \
             VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (org_id, candidate_id, field) DO UPDATE SET value = excluded.value, \
             created_at = excluded.created_at, created_by = excluded.created_by",
        )
        .bind(org.0)
        .bind(candidate.0)
        .bind(correction.key())
        .bind(&value)
        .bind(at)
        .bind(by.map(|u| u.0))
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        append_change(
            &mut tx,
            org,
            EntityKind::Candidate,
            candidate.0,
            ChangeOp::Upsert,
            at,
        )
        .await?;
        tx.commit().await.map_err(db_err)?;
        Ok(StoredCorrection {
            candidate_id: candidate,
            correction: correction.clone(),
            created_at: at,
            created_by: by,
        })
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, candidate = %candidate))]
    async fn remove_correction(&self, org: OrgId, candidate: CandidateId, key: &str) -> Result<()> {
        let at = now();
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "DELETE FROM resume_corrections WHERE org_id = $1 AND candidate_id = $2 AND field = $3",
        )
        .bind(org.0)
        .bind(candidate.0)
        .bind(key)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::not_found("correction"));
        }
        append_change(
            &mut tx,
            org,
            EntityKind::Candidate,
            candidate.0,
            ChangeOp::Upsert,
            at,
        )
        .await?;
        tx.commit().await.map_err(db_err)?;
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, candidate = %candidate))]
    async fn list_corrections(&self, org: OrgId, candidate: CandidateId) -> Result<Vec<StoredCorrection>> {
        let rows: Vec<CorrectionRow> = sqlx::query_as(
            "SELECT candidate_id, value, created_at, created_by FROM resume_corrections \
             WHERE org_id = $1 AND candidate_id = $2 ORDER BY field",
        )
        .bind(org.0)
        .bind(candidate.0)
        .fetch_all(self.reader())
        .await
        .map_err(db_err)?;
        rows.into_iter().map(TryInto::try_into).collect()
    }
}
