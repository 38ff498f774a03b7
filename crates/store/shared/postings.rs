// The Store implementation shared by both backends, postings part: how a requisition is advertised.
// Each backend `include!`s `common.rs` (which says what the backend defines) and then every part.

macro_rules! posting_cols {
    () => {
        "org_id, requisition_id, status, title, description, show_pay, valid_through, questions, \
         published_at, created_at, updated_at"
    };
}
macro_rules! posting_cols_p {
    () => {
        "p.org_id, p.requisition_id, p.status, p.title, p.description, p.show_pay, p.valid_through, \
         p.questions, p.published_at, p.created_at, p.updated_at"
    };
}

async fn fetch_posting<'e>(
    executor: impl sqlx::Executor<'e, Database = Db>,
    org: OrgId,
    requisition: RequisitionId,
) -> Result<Option<hitstaff_domain::Posting>> {
    let row: Option<PostingRow> = sqlx::query_as(concat!(
        "SELECT ",
        posting_cols!(),
        " FROM postings WHERE org_id = $1 AND requisition_id = $2"
    ))
    .bind(org.0)
    .bind(requisition.0)
    .fetch_optional(executor)
    .await
    .map_err(db_err)?;
    row.map(TryInto::try_into).transpose()
}

/// Closes the requisition's posting when the requisition is filled or cancelled: a posting is
/// never public for a need that is gone (inside the requisition's write).
async fn close_posting_of(
    tx: &mut Tx,
    org: OrgId,
    requisition: RequisitionId,
    status: RequisitionStatus,
    at: OffsetDateTime,
) -> Result<()> {
    if !matches!(status, RequisitionStatus::Filled | RequisitionStatus::Cancelled) {
        return Ok(());
    }
    let closed = sqlx::query(
        "UPDATE postings SET status = 'closed', updated_at = $3 \
         WHERE org_id = $1 AND requisition_id = $2 AND status IN ('published', 'paused')",
    )
    .bind(org.0)
    .bind(requisition.0)
    .bind(at)
    .execute(&mut **tx)
    .await
    .map_err(db_err)?;
    if closed.rows_affected() > 0 {
        append_change(tx, org, EntityKind::Posting, requisition.0, ChangeOp::Upsert, at).await?;
    }
    Ok(())
}

/// Records the posting's change in the feed, commits, and gives the posting as written.
async fn commit_posting(
    mut tx: Tx,
    org: OrgId,
    requisition: RequisitionId,
    at: OffsetDateTime,
    row: PostingRow,
) -> Result<hitstaff_domain::Posting> {
    append_change(
        &mut tx,
        org,
        EntityKind::Posting,
        requisition.0,
        ChangeOp::Upsert,
        at,
    )
    .await?;
    tx.commit().await.map_err(db_err)?;
    row.try_into()
}

impl PostingStore for ThisStore {
    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, requisition = %requisition))]
    async fn save_posting(
        &self,
        org: OrgId,
        requisition: RequisitionId,
        new: &hitstaff_domain::NewPosting,
        today: time::Date,
    ) -> Result<hitstaff_domain::Posting> {
        let new = new.clone().validate(today)?;
        let at = now();
        let mut tx = self.begin_write().await?;
        fetch_requisition_tx(&mut tx, org, requisition).await?;
        let questions = Json(new.questions.clone());
        let row: PostingRow = sqlx::query_as(concat!(
            "INSERT INTO postings (",
            posting_cols!(),
            ") VALUES ($1, $2, 'draft', $3, $4, $5, $6, $7, NULL, $8, $8) \
             ON CONFLICT (org_id, requisition_id) DO UPDATE SET title = excluded.title, \
             description = excluded.description, show_pay = excluded.show_pay, \
             valid_through = excluded.valid_through, questions = excluded.questions, \
             updated_at = excluded.updated_at RETURNING ",
            posting_cols!()
        ))
        .bind(org.0)
        .bind(requisition.0)
        .bind(new.title.clone())
        .bind(new.description.clone())
        .bind(new.show_pay)
        .bind(new.valid_through)
        .bind(questions)
        .bind(at)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_err)?;
        commit_posting(tx, org, requisition, at, row).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, requisition = %requisition))]
    async fn get_posting(&self, org: OrgId, requisition: RequisitionId) -> Result<hitstaff_domain::Posting> {
        fetch_posting(self.reader(), org, requisition)
            .await?
            .ok_or(StoreError::not_found("posting"))
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, requisition = %requisition))]
    async fn set_posting_status(
        &self,
        org: OrgId,
        requisition: RequisitionId,
        status: hitstaff_domain::PostingStatus,
    ) -> Result<hitstaff_domain::Posting> {
        use hitstaff_domain::PostingStatus;
        let at = now();
        let mut tx = self.begin_write().await?;
        let r = fetch_requisition_tx(&mut tx, org, requisition).await?;
        let current = fetch_posting(&mut *tx, org, requisition)
            .await?
            .ok_or(StoreError::not_found("posting"))?;
        let from = current.status;
        if !from.can_become(status) {
            return Err(invalid(
                "status",
                format!(
                    "a posting cannot go from {} to {}",
                    from.label().to_lowercase(),
                    status.label().to_lowercase()
                ),
            ));
        }
        if status == PostingStatus::Published && r.fields.status != RequisitionStatus::Open {
            return Err(invalid(
                "status",
                format!(
                    "the requisition is {}; open it before publishing its posting",
                    r.fields.status.label().to_lowercase()
                ),
            ));
        }
        let row: PostingRow = sqlx::query_as(concat!(
            "UPDATE postings SET status = $3, updated_at = $4, \
             published_at = CASE WHEN $3 = 'published' AND published_at IS NULL THEN $4 ELSE published_at END \
             WHERE org_id = $1 AND requisition_id = $2 RETURNING ",
            posting_cols!()
        ))
        .bind(org.0)
        .bind(requisition.0)
        .bind(status.code())
        .bind(at)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_err)?;
        commit_posting(tx, org, requisition, at, row).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org))]
    async fn list_public_postings(
        &self,
        org: OrgId,
        today: time::Date,
        page: &PageRequest<RequisitionId>,
    ) -> Result<Page<hitstaff_domain::Posting, RequisitionId>> {
        let limit = page.clamped_limit();
        let mut qb = QueryBuilder::<Db>::new(concat!(
            "SELECT ",
            posting_cols_p!(),
            " FROM postings p JOIN requisitions r ON r.org_id = p.org_id AND r.id = p.requisition_id \
             WHERE p.org_id = "
        ));
        qb.push_bind(org.0)
            .push(" AND p.status = 'published' AND r.status = 'open' AND (p.valid_through IS NULL OR p.valid_through >= ")
            .push_bind(today)
            .push(")");
        if let Some(after) = page.after {
            qb.push(" AND p.requisition_id < ").push_bind(after.0);
        }
        qb.push(" ORDER BY p.requisition_id DESC LIMIT ")
            .push_bind(i64::from(limit) + 1);
        let rows: Vec<PostingRow> = qb
            .build_query_as()
            .fetch_all(self.reader())
            .await
            .map_err(db_err)?;
        into_page(rows, limit, |p: &hitstaff_domain::Posting| p.requisition_id)
    }
}
