// The Store implementation shared by both backends, candidates part: candidates, their skills, and who may be the same person.
// Each backend `include!`s `common.rs` (which says what the backend defines) and then every part.

fn push_candidate_values(b: &mut Separated<'_, Db, &'static str>, c: &NewCandidate) {
    let loc = c.location.as_ref();
    b.push_bind(c.name.as_str().to_owned())
        .push_bind(c.email.as_ref().map(|e| e.as_str().to_owned()))
        .push_bind(c.phone.as_ref().map(|p| p.as_str().to_owned()))
        .push_bind(loc.map(|l| l.city.clone()))
        .push_bind(loc.map(|l| l.state.code()))
        .push_bind(
            loc.and_then(|l| l.postal_code.as_ref())
                .map(|z| z.as_str().to_owned()),
        )
        .push_bind(c.headline.clone())
        .push_bind(Json(c.preferences.clone()))
        .push_bind(c.available_from)
        .push_bind(c.desired_pay.map(Json))
        .push_bind(c.employment_status.code())
        .push_bind(c.current_employer.clone())
        .push_bind(c.source.clone())
        .push_bind(Json(c.tags.clone()))
        .push_bind(Json(c.consent))
        .push_bind(c.npi.as_ref().map(|n| n.as_str().to_owned()))
        .push_bind(Json(c.skills.clone()))
        .push_bind(Json(c.experience.clone()));
}

/// Writes a candidate's new fields and skills, and announces the change; with a `version`, only
/// if the record is still the one saved at that time.
async fn update_candidate_rows(
    tx: &mut Tx,
    org: OrgId,
    id: CandidateId,
    new: &NewCandidate,
    at: OffsetDateTime,
    version: Option<OffsetDateTime>,
) -> Result<CandidateRow> {
    let mut qb = QueryBuilder::<Db>::new(concat!(
        "UPDATE candidates SET (updated_at, ",
        candidate_fields!(),
        ") = ("
    ));
    {
        let mut b = qb.separated(", ");
        b.push_bind(at);
        push_candidate_values(&mut b, new);
    }
    qb.push(") WHERE org_id = ").push_bind(org.0);
    qb.push(" AND id = ").push_bind(id.0);
    if let Some(version) = version {
        qb.push(" AND updated_at = ").push_bind(version);
    }
    qb.push(concat!(" RETURNING ", candidate_cols!()));
    let row: Option<CandidateRow> = qb
        .build_query_as()
        .fetch_optional(&mut **tx)
        .await
        .map_err(db_err)?;
    let row = match row {
        Some(row) => row,
        None if version.is_some() => {
            ensure_exists(tx, CANDIDATE_EXISTS, org, id.0, "candidate").await?;
            return Err(StoreError::Conflict {
                constraint: hitstaff_store::Constraint::CandidatesChangedMeanwhile,
            });
        }
        None => return Err(StoreError::not_found("candidate")),
    };
    sqlx::query("DELETE FROM candidate_skills WHERE org_id = $1 AND candidate_id = $2")
        .bind(org.0)
        .bind(id.0)
        .execute(&mut **tx)
        .await
        .map_err(db_err)?;
    let state = new.location.as_ref().map(|l| l.state.code());
    let name = new.name.as_str().to_lowercase();
    let skills: Vec<SkillRow<'_>> = new.skills.iter().map(|s| (id.0, state, &name, s)).collect();
    insert_candidate_skills(tx, org, &skills).await?;
    append_change(tx, org, EntityKind::Candidate, id.0, ChangeOp::Upsert, at).await?;
    Ok(row)
}

/// Inserts candidates with their skill index rows and change entries, in chunks that fit the
/// parameter limit. All inside the caller's transaction.
async fn insert_candidate_rows(
    tx: &mut Tx,
    org: OrgId,
    batch: &[(CandidateId, &NewCandidate)],
    at: OffsetDateTime,
) -> Result<()> {
    for chunk in batch.chunks(MAX_BIND_PARAMS / CANDIDATE_COLUMNS) {
        let mut qb = QueryBuilder::<Db>::new(concat!("INSERT INTO candidates (", candidate_cols!(), ") "));
        qb.push_values(chunk, |mut b, (id, c)| {
            b.push_bind(id.0).push_bind(org.0).push_bind(at).push_bind(at);
            push_candidate_values(&mut b, c);
        });
        qb.build().execute(&mut **tx).await.map_err(db_err)?;
    }
    let names: Vec<String> = batch
        .iter()
        .map(|(_, c)| c.name.as_str().to_lowercase())
        .collect();
    let skills: Vec<SkillRow<'_>> = batch
        .iter()
        .zip(&names)
        .flat_map(|((id, c), name)| {
            let state = c.location.as_ref().map(|l| l.state.code());
            c.skills.iter().map(move |s| (id.0, state, name, s))
        })
        .collect();
    insert_candidate_skills(tx, org, &skills).await?;
    let ids: Vec<Uuid> = batch.iter().map(|(id, _)| id.0).collect();
    append_changes(tx, org, EntityKind::Candidate, &ids, ChangeOp::Upsert, at).await
}

/// One row of the skill index: the candidate, their state and name in lower case (for a skill in
/// a state, or with the start of a name) and a skill.
type SkillRow<'a> = (
    Uuid,
    Option<&'static str>,
    &'a String,
    &'a hitstaff_domain::CandidateSkill,
);

async fn insert_candidate_skills(tx: &mut Tx, org: OrgId, skills: &[SkillRow<'_>]) -> Result<()> {
    for chunk in skills.chunks(MAX_BIND_PARAMS / 7) {
        let mut qb = QueryBuilder::<Db>::new(
            "INSERT INTO candidate_skills (org_id, candidate_id, skill_id, level, years_tenths, state, name_key) ",
        );
        qb.push_values(chunk, |mut b, (id, state, name, s)| {
            b.push_bind(org.0)
                .push_bind(*id)
                .push_bind(s.skill.as_str().to_owned())
                .push_bind(s.level.code())
                .push_bind(i32::from(s.years_tenths))
                .push_bind(*state)
                .push_bind((*name).clone());
        });
        qb.build().execute(&mut **tx).await.map_err(db_err)?;
    }
    Ok(())
}

/// Below this many holders of a broader skill's parts, the list reads them from the skill index
/// and sorts them (at most this many); from it on, it walks the candidates, a page filling within
/// a few thousand rows.
const FEW_HOLDERS: i64 = 20_000;

/// A candidate's name as the alphabetical walk orders it: lower case, compared byte by byte (on
/// PostgreSQL whatever the database's collation, as its index `candidates_org_name_order` is).
/// The same kept beside each skill (`s.name_key`), for a skill with the start of a name.
const SKILL_NAME_KEY: &str = match BACKEND {
    Backend::Postgres => "(s.name_key COLLATE \"C\")",
    Backend::Sqlite => "s.name_key",
};

const NAME_KEY: &str = match BACKEND {
    Backend::Postgres => "(lower(c.name) COLLATE \"C\")",
    Backend::Sqlite => "lower(c.name)",
};

/// Whether [`push_row_filters`] checks anything on the row beyond a name's start.
fn reads_rows(filter: &CandidateFilter) -> bool {
    filter.source.is_some()
        || filter.available_by.is_some()
        || filter.employment_status.is_some()
        || filter.submitted_to_client.is_some()
}

/// The filters checked on each candidate row (`c`) a list walks, whatever index it follows
/// (keep [`reads_rows`] in step).
fn push_row_filters(qb: &mut QueryBuilder<Db>, filter: &CandidateFilter, prefix: Option<&str>) {
    if let Some(source) = &filter.source {
        qb.push(" AND c.source = ").push_bind(source.clone());
    }
    if let Some(day) = filter.available_by {
        qb.push(" AND (c.available_from IS NULL OR c.available_from <= ")
            .push_bind(day)
            .push(")");
    }
    if let Some(status) = filter.employment_status {
        qb.push(" AND c.employment_status = ").push_bind(status.code());
    }
    if let Some(prefix) = prefix {
        // Escape LIKE's wildcards so that a user's "%" or "_" means itself.
        let escaped = prefix
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        qb.push(" AND lower(c.name) LIKE ")
            .push_bind(format!("{escaped}%"))
            .push(" ESCAPE '\\'");
    }
    if let Some(client) = filter.submitted_to_client {
        qb.push(
            " AND EXISTS (SELECT 1 FROM applications a JOIN requisitions r \
             ON r.org_id = a.org_id AND r.id = a.requisition_id \
             WHERE a.org_id = c.org_id AND a.candidate_id = c.id AND r.client_id = ",
        )
        .push_bind(client.0)
        .push(" AND a.stage IN ('submitted', 'client_interview', 'offer', 'placed'))");
    }
}

/// The first string after every string that starts with `prefix` (its last character one code
/// point up), or `None` past the last character.
fn after_prefix(prefix: &str) -> Option<String> {
    let mut chars: Vec<char> = prefix.chars().collect();
    let last = chars.pop()?;
    let next = match u32::from(last) + 1 {
        0xD800 => '\u{E000}',
        n => char::from_u32(n)?,
    };
    chars.push(next);
    Some(chars.into_iter().collect())
}

/// Pushes ` AND` the name key (`key`) within `prefix`'s range (from it to the next string).
fn push_name_range(qb: &mut QueryBuilder<Db>, key: &str, prefix: &str) {
    qb.push(" AND ")
        .push(key)
        .push(" >= ")
        .push_bind(prefix.to_owned());
    if let Some(end) = after_prefix(prefix) {
        qb.push(" AND ").push(key).push(" < ").push_bind(end);
    }
}

/// The holders of a skill or its parts (in a state, whose name starts with `prefix`, if given)
/// read first from the skill index and sorted newest first; then only the page's candidate rows
/// (every holder's when other filters read the row). Ends after `WHERE 1 = 1`: the row filters,
/// the page's start and the order follow.
fn held_first(
    org: OrgId,
    skill: &hitstaff_domain::SkillId,
    filter: &CandidateFilter,
    prefix: Option<&str>,
    page: &PageRequest<CandidateId>,
    limit: u32,
) -> QueryBuilder<Db> {
    // All the holders first, in no order: asked for newest first, PostgreSQL walked every
    // candidate's skills in id order looking for a rare one (0.9 s for a skill nobody holds).
    let mut qb = QueryBuilder::<Db>::new(
        "WITH holders AS MATERIALIZED (SELECT DISTINCT s.candidate_id AS held_id \
         FROM candidate_skills s WHERE s.org_id = ",
    );
    qb.push_bind(org.0).push(" AND s.skill_id IN (");
    {
        let mut list = qb.separated(", ");
        for s in std::iter::once(skill).chain(&filter.skill_parts) {
            list.push_bind(s.as_str().to_owned());
        }
    }
    qb.push(")");
    if let Some(prefix) = prefix {
        push_name_range(&mut qb, SKILL_NAME_KEY, prefix);
    }
    if let Some(state) = filter.state {
        qb.push(" AND s.state = ").push_bind(state.code());
    }
    if let Some(after) = page.after {
        qb.push(" AND s.candidate_id < ").push_bind(after.0);
    }
    qb.push("), held AS MATERIALIZED (SELECT held_id FROM holders");
    if !reads_rows(filter) {
        qb.push(" ORDER BY held_id DESC LIMIT ")
            .push_bind(i64::from(limit) + 1);
    }
    qb.push(concat!(
        ") SELECT ",
        candidate_cols!(),
        " FROM held h JOIN candidates c ON c.org_id = "
    ))
    .push_bind(org.0)
    .push(" AND c.id = h.held_id WHERE 1 = 1");
    qb
}

impl ThisStore {
    /// Runs a list query that asked for `limit` + 1 rows: a page and whether another follows.
    async fn candidate_page(
        &self,
        mut qb: QueryBuilder<Db>,
        limit: u32,
    ) -> Result<Page<Candidate, CandidateId>> {
        let rows: Vec<CandidateRow> = qb
            .build_query_as()
            .fetch_all(self.reader())
            .await
            .map_err(db_err)?;
        into_page(rows, limit, |c: &Candidate| c.id)
    }

    /// Candidates whose name starts with `prefix` (lower case), alphabetically, then by id: one
    /// range of `candidates_org_name_order` from the prefix to the next, the other filters
    /// checked on each row.
    async fn list_by_name(
        &self,
        org: OrgId,
        filter: &CandidateFilter,
        prefix: &str,
        page: &PageRequest<CandidateId>,
        limit: u32,
    ) -> Result<Page<Candidate, CandidateId>> {
        let mut qb = QueryBuilder::<Db>::new(concat!(
            "SELECT ",
            candidate_cols!(),
            " FROM candidates c WHERE c.org_id = "
        ));
        qb.push_bind(org.0);
        push_name_range(&mut qb, NAME_KEY, prefix);
        if let Some(state) = filter.state {
            qb.push(" AND c.state = ").push_bind(state.code());
        }
        push_row_filters(&mut qb, filter, Some(prefix));
        if let Some(after) = page.after {
            // After the last one shown: a later name, or the same name and a later id.
            qb.push(" AND (")
                .push(NAME_KEY)
                .push(", c.id) > (SELECT ")
                .push(NAME_KEY)
                .push(", c.id FROM candidates c WHERE c.org_id = ")
                .push_bind(org.0)
                .push(" AND c.id = ")
                .push_bind(after.0)
                .push(")");
        }
        qb.push(" ORDER BY ")
            .push(NAME_KEY)
            .push(", c.id LIMIT ")
            .push_bind(i64::from(limit) + 1);
        self.candidate_page(qb, limit).await
    }
}

impl CandidateStore for ThisStore {
    #[tracing::instrument(level = "debug", skip_all, fields(org = %org))]
    async fn create_candidate(&self, org: OrgId, new: &NewCandidate) -> Result<Candidate> {
        let new = new.clone().validate()?;
        let (id, at) = (CandidateId::new(), now());
        let mut tx = self.begin_write().await?;
        insert_candidate_rows(&mut tx, org, &[(id, &new)], at).await?;
        tx.commit().await.map_err(db_err)?;
        Ok(Candidate {
            id,
            org_id: org,
            fields: new,
            created_at: at,
            updated_at: at,
        })
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, rows = batch.len()))]
    async fn insert_candidates(&self, org: OrgId, batch: &[NewCandidate]) -> Result<Vec<CandidateId>> {
        let at = now();
        let mut checked = Vec::with_capacity(batch.len());
        for (i, c) in batch.iter().enumerate() {
            let valid = c.clone().validate().map_err(|e| {
                let errors = e
                    .errors
                    .into_iter()
                    .map(|f| FieldError::new(format!("[{i}].{}", f.field), f.problem));
                StoreError::Invalid(ValidationErrors {
                    errors: errors.collect(),
                })
            })?;
            checked.push((CandidateId::new(), valid));
        }
        let refs: Vec<(CandidateId, &NewCandidate)> = checked.iter().map(|(id, c)| (*id, c)).collect();
        let mut tx = self.begin_write().await?;
        insert_candidate_rows(&mut tx, org, &refs, at).await?;
        tx.commit().await.map_err(db_err)?;
        Ok(checked.into_iter().map(|(id, _)| id).collect())
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, id = %id))]
    async fn get_candidate(&self, org: OrgId, id: CandidateId) -> Result<Candidate> {
        fetch_one_in_org::<CandidateRow, _>(self.reader(), CANDIDATE_BY_ID, org, id.0, "candidate").await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, ids = ids.len()))]
    async fn get_candidates(&self, org: OrgId, ids: &[CandidateId]) -> Result<Vec<Candidate>> {
        let mut found = Vec::with_capacity(ids.len());
        // Slices well under either backend's limit on bound values.
        for slice in ids.chunks(500) {
            let mut qb = QueryBuilder::<Db>::new(concat!(
                "SELECT ",
                candidate_cols!(),
                " FROM candidates WHERE org_id = "
            ));
            qb.push_bind(org.0).push(" AND id IN (");
            let mut list = qb.separated(", ");
            for id in slice {
                list.push_bind(id.0);
            }
            qb.push(")");
            let rows: Vec<CandidateRow> = qb
                .build_query_as()
                .fetch_all(self.reader())
                .await
                .map_err(db_err)?;
            for row in rows {
                found.push(row.try_into()?);
            }
        }
        Ok(found)
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org))]
    async fn find_candidate_by_email(&self, org: OrgId, email: &Email) -> Result<Option<Candidate>> {
        let row: Option<CandidateRow> = sqlx::query_as(concat!(
            "SELECT ",
            candidate_cols!(),
            " FROM candidates WHERE org_id = $1 AND email = $2"
        ))
        .bind(org.0)
        .bind(email.as_str())
        .fetch_optional(self.reader())
        .await
        .map_err(db_err)?;
        row.map(TryInto::try_into).transpose()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org))]
    async fn list_candidates(
        &self,
        org: OrgId,
        filter: &CandidateFilter,
        page: &PageRequest<CandidateId>,
    ) -> Result<Page<Candidate, CandidateId>> {
        let limit = page.clamped_limit();
        let prefix = filter
            .name_prefix
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_lowercase);
        // A name's start without a skill: walk the names in alphabetical order (then id), one
        // index range from the prefix to the next one; each page starts after the last name.
        // (With a skill, that skill's holders are walked, the name checked on each.)
        if let (Some(prefix), None) = (&prefix, &filter.skill) {
            return self.list_by_name(org, filter, prefix, page, limit).await;
        }
        let (mut qb, key) = match &filter.skill {
            // A skill (with its parts) and the start of a name: one range of the skill index by
            // name per skill.
            Some(skill) if prefix.is_some() => (
                held_first(org, skill, filter, prefix.as_deref(), page, limit),
                "c.id",
            ),
            // A skill with parts: walk the candidates in id order, each holding one of them. The
            // broader the skill, the sooner a page fills.
            Some(skill) if !filter.skill_parts.is_empty() => {
                let skills = || std::iter::once(skill).chain(&filter.skill_parts);
                let push_held = |qb: &mut QueryBuilder<Db>| {
                    qb.push(" FROM candidate_skills s WHERE s.org_id = ")
                        .push_bind(org.0)
                        .push(" AND s.skill_id IN (");
                    let mut list = qb.separated(", ");
                    for s in skills() {
                        list.push_bind(s.as_str().to_owned());
                    }
                    qb.push(")");
                    if let Some(state) = filter.state {
                        qb.push(" AND s.state = ").push_bind(state.code());
                    }
                };
                // Few holders (a rare application, or a state): read them from the skill index
                // and sort them; many: walk the candidates, each page filling soon. Either way
                // newest first, so pages follow on whichever way each was read.
                let mut count = QueryBuilder::<Db>::new("SELECT count(*) FROM (SELECT 1");
                push_held(&mut count);
                count.push(" LIMIT ").push_bind(FEW_HOLDERS).push(") few");
                let held: i64 = count
                    .build_query_scalar()
                    .fetch_one(self.reader())
                    .await
                    .map_err(db_err)?;
                if held < FEW_HOLDERS {
                    (held_first(org, skill, filter, None, page, limit), "c.id")
                } else {
                    let mut qb = QueryBuilder::<Db>::new(concat!(
                        "SELECT ",
                        candidate_cols!(),
                        " FROM candidates c WHERE c.org_id = "
                    ));
                    qb.push_bind(org.0);
                    {
                        qb.push(
                            " AND EXISTS (SELECT 1 FROM candidate_skills s WHERE s.org_id = c.org_id \
                         AND s.candidate_id = c.id AND s.skill_id IN (",
                        );
                        {
                            let mut list = qb.separated(", ");
                            for s in skills() {
                                list.push_bind(s.as_str().to_owned());
                            }
                        }
                        qb.push("))");
                        if let Some(state) = filter.state {
                            qb.push(" AND c.state = ").push_bind(state.code());
                        }
                    }
                    (qb, "c.id")
                }
            }
            Some(skill) => {
                let mut qb = QueryBuilder::<Db>::new(
                    "SELECT c.* FROM candidate_skills s JOIN candidates c \
                     ON c.org_id = s.org_id AND c.id = s.candidate_id WHERE s.org_id = ",
                );
                qb.push_bind(org.0)
                    .push(" AND s.skill_id = ")
                    .push_bind(skill.as_str().to_owned());
                if let Some(state) = filter.state {
                    qb.push(" AND s.state = ").push_bind(state.code());
                }
                (qb, "s.candidate_id")
            }
            None => {
                let mut qb = QueryBuilder::<Db>::new(concat!(
                    "SELECT ",
                    candidate_cols!(),
                    " FROM candidates c WHERE c.org_id = "
                ));
                qb.push_bind(org.0);
                if let Some(state) = filter.state {
                    qb.push(" AND c.state = ").push_bind(state.code());
                }
                (qb, "c.id")
            }
        };
        // With a skill, the name was matched in the skill index (lower-cased as the prefix is,
        // beyond ASCII too).
        let name_left = if filter.skill.is_some() {
            None
        } else {
            prefix.as_deref()
        };
        push_row_filters(&mut qb, filter, name_left);
        if let Some(after) = page.after {
            qb.push(" AND ").push(key).push(" < ").push_bind(after.0);
        }
        qb.push(" ORDER BY ")
            .push(key)
            .push(" DESC LIMIT ")
            .push_bind(i64::from(limit) + 1);
        self.candidate_page(qb, limit).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, limit))]
    async fn candidates_in_order(
        &self,
        org: OrgId,
        after: Option<CandidateId>,
        limit: u32,
    ) -> Result<Vec<Candidate>> {
        let mut qb = QueryBuilder::<Db>::new(concat!(
            "SELECT ",
            candidate_cols!(),
            " FROM candidates WHERE org_id = "
        ));
        qb.push_bind(org.0);
        push_after_and_limit(&mut qb, after.map(|a| a.0), limit);
        let rows: Vec<CandidateRow> = qb
            .build_query_as()
            .fetch_all(self.reader())
            .await
            .map_err(db_err)?;
        rows.into_iter().map(TryInto::try_into).collect()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org))]
    async fn count_candidates(&self, org: OrgId) -> Result<u64> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM candidates WHERE org_id = $1")
            .bind(org.0)
            .fetch_one(self.reader())
            .await
            .map_err(db_err)?;
        Ok(n.max(0) as u64)
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, id = %id))]
    async fn update_candidate(&self, org: OrgId, id: CandidateId, new: &NewCandidate) -> Result<Candidate> {
        let new = new.clone().validate()?;
        let mut tx = self.begin_write().await?;
        let row = update_candidate_rows(&mut tx, org, id, &new, now(), None).await?;
        tx.commit().await.map_err(db_err)?;
        row.try_into()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, id = %id))]
    async fn update_candidate_from(
        &self,
        org: OrgId,
        id: CandidateId,
        version: OffsetDateTime,
        new: &NewCandidate,
    ) -> Result<Candidate> {
        let new = new.clone().validate()?;
        let mut tx = self.begin_write().await?;
        // The new version is always later than the one replaced, even within one microsecond.
        let at = now().max(version + time::Duration::microseconds(1));
        let row = update_candidate_rows(&mut tx, org, id, &new, at, Some(version)).await?;
        tx.commit().await.map_err(db_err)?;
        row.try_into()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, id = %id))]
    async fn delete_candidate(&self, org: OrgId, id: CandidateId) -> Result<()> {
        let at = now();
        let mut tx = self.begin_write().await?;
        ensure_exists(&mut tx, CANDIDATE_EXISTS, org, id.0, "candidate").await?;
        // Everything the cascade removes is announced on the feed too, so that caches drop it.
        let applications: Vec<Uuid> =
            sqlx::query_scalar("SELECT id FROM applications WHERE org_id = $1 AND candidate_id = $2")
                .bind(org.0)
                .bind(id.0)
                .fetch_all(&mut *tx)
                .await
                .map_err(db_err)?;
        let notes: Vec<Uuid> = sqlx::query_scalar(
            "SELECT id FROM notes WHERE org_id = $1 AND (candidate_id = $2 OR application_id IN \
             (SELECT id FROM applications WHERE org_id = $1 AND candidate_id = $2))",
        )
        .bind(org.0)
        .bind(id.0)
        .fetch_all(&mut *tx)
        .await
        .map_err(db_err)?;
        sqlx::query("DELETE FROM candidates WHERE org_id = $1 AND id = $2")
            .bind(org.0)
            .bind(id.0)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        append_changes(&mut tx, org, EntityKind::Note, &notes, ChangeOp::Delete, at).await?;
        append_changes(
            &mut tx,
            org,
            EntityKind::Application,
            &applications,
            ChangeOp::Delete,
            at,
        )
        .await?;
        append_change(&mut tx, org, EntityKind::Candidate, id.0, ChangeOp::Delete, at).await?;
        tx.commit().await.map_err(db_err)
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org))]
    async fn find_duplicates(
        &self,
        org: OrgId,
        probe: &DuplicateProbe,
    ) -> Result<Vec<(Candidate, DuplicateReason)>> {
        let name_and_city = probe.name.as_deref().zip(probe.city.as_deref());
        if probe.email.is_none() && probe.phone.is_none() && name_and_city.is_none() {
            return Ok(Vec::new());
        }
        // One query; a missing part binds NULL, which matches nothing.
        let rows: Vec<CandidateRow> = sqlx::query_as(concat!(
            "SELECT ",
            candidate_cols!(),
            " FROM candidates WHERE org_id = $1 AND (email = $2 OR phone = $3 ",
            "OR (lower(name) = lower($4) AND lower(city) = lower($5))) LIMIT 50"
        ))
        .bind(org.0)
        .bind(probe.email.as_ref().map(|e| e.as_str().to_owned()))
        .bind(probe.phone.as_ref().map(|p| p.as_str().to_owned()))
        .bind(name_and_city.map(|(n, _)| n.trim().to_owned()))
        .bind(name_and_city.map(|(_, c)| c.trim().to_owned()))
        .fetch_all(self.reader())
        .await
        .map_err(db_err)?;
        let mut found = Vec::with_capacity(rows.len());
        for row in rows {
            let c: Candidate = row.try_into()?;
            let reason = if probe.email.is_some() && c.fields.email == probe.email {
                DuplicateReason::SameEmail
            } else if probe.phone.is_some() && c.fields.phone == probe.phone {
                DuplicateReason::SamePhone
            } else {
                DuplicateReason::SameNameAndCity
            };
            found.push((c, reason));
        }
        // The strongest reason first.
        found.sort_by_key(|(_, why)| match why {
            DuplicateReason::SameEmail => 0,
            DuplicateReason::SamePhone => 1,
            DuplicateReason::SameNameAndCity => 2,
        });
        Ok(found)
    }
}
