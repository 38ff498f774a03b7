// The Store implementation shared by both backends, settings part: organisation settings and Idempotency-Key answers.
// Each backend `include!`s `common.rs` (which says what the backend defines) and then every part.

impl SettingStore for ThisStore {
    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, name = name))]
    async fn org_setting(&self, org: OrgId, name: &str) -> Result<Option<String>> {
        let row: Option<(String,)> =
            sqlx::query_as("SELECT value FROM org_settings WHERE org_id = $1 AND name = $2")
                .bind(org.0)
                .bind(name)
                .fetch_optional(self.reader())
                .await
                .map_err(db_err)?;
        Ok(row.map(|(v,)| v))
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, name = name))]
    async fn set_org_setting(&self, org: OrgId, name: &str, value: &str, by: Option<UserId>) -> Result<()> {
        let at = now();
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO org_settings (org_id, name, value, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (org_id, name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, \
             updated_by = excluded.updated_by",
        )
        .bind(org.0)
        .bind(name)
        .bind(value)
        .bind(at)
        .bind(by.map(|u| u.0))
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        append_change(
            &mut tx,
            org,
            EntityKind::Organization,
            org.0,
            ChangeOp::Upsert,
            at,
        )
        .await?;
        tx.commit().await.map_err(db_err)?;
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org))]
    async fn start_idempotent(
        &self,
        org: OrgId,
        user: UserId,
        key: &str,
        fingerprint: &str,
        since: OffsetDateTime,
    ) -> Result<IdempotentStart> {
        let at = now();
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "DELETE FROM idempotency_keys WHERE org_id = $1 AND user_id = $2 AND key = $3 AND created_at < $4",
        )
        .bind(org.0)
        .bind(user.0)
        .bind(key)
        .bind(since)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        let claimed = sqlx::query(
            "INSERT INTO idempotency_keys (org_id, user_id, key, fingerprint, created_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (org_id, user_id, key) DO NOTHING",
        )
        .bind(org.0)
        .bind(user.0)
        .bind(key)
        .bind(fingerprint)
        .bind(at)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?
        .rows_affected()
            == 1;
        let start = if claimed {
            IdempotentStart::Fresh
        } else {
            let (theirs, status, content_type, body, created_at): (
                String,
                Option<i32>,
                Option<String>,
                Option<Vec<u8>>,
                OffsetDateTime,
            ) = sqlx::query_as(
                "SELECT fingerprint, status, content_type, body, created_at FROM idempotency_keys \
                 WHERE org_id = $1 AND user_id = $2 AND key = $3",
            )
            .bind(org.0)
            .bind(user.0)
            .bind(key)
            .fetch_one(&mut *tx)
            .await
            .map_err(db_err)?;
            match status {
                _ if theirs != fingerprint => IdempotentStart::OtherRequest,
                Some(status) => IdempotentStart::Answered(StoredAnswer {
                    status: u16::try_from(status)
                        .map_err(|_| StoreError::corrupt("idempotency key", "status out of range"))?,
                    content_type,
                    body: body.unwrap_or_default(),
                }),
                None => IdempotentStart::Unanswered { since: created_at },
            }
        };
        tx.commit().await.map_err(db_err)?;
        Ok(start)
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org, status = answer.status))]
    async fn finish_idempotent(
        &self,
        org: OrgId,
        user: UserId,
        key: &str,
        answer: &StoredAnswer,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "UPDATE idempotency_keys SET status = $4, content_type = $5, body = $6 \
             WHERE org_id = $1 AND user_id = $2 AND key = $3",
        )
        .bind(org.0)
        .bind(user.0)
        .bind(key)
        .bind(i32::from(answer.status))
        .bind(answer.content_type.as_deref())
        .bind(&answer.body)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        tx.commit().await.map_err(db_err)?;
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all, fields(org = %org))]
    async fn release_idempotent(&self, org: OrgId, user: UserId, key: &str) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "DELETE FROM idempotency_keys WHERE org_id = $1 AND user_id = $2 AND key = $3 AND status IS NULL",
        )
        .bind(org.0)
        .bind(user.0)
        .bind(key)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        tx.commit().await.map_err(db_err)?;
        Ok(())
    }
}
