// The Store implementation shared by both backends, database part: the database itself: which backend, its schema, and the change feed.
// Each backend `include!`s `common.rs` (which says what the backend defines) and then every part.

/// Applies pending migrations, first refusing a database migrated by a newer hitstaff (whose
/// schema this binary does not know and must not write to). Needs, per backend:
/// `MIGRATOR` and `MIGRATIONS_TABLE_EXISTS` (a query returning one boolean).
async fn run_migrations_on(pool: &Pool<Db>) -> Result<MigrationReport> {
    async fn applied(pool: &Pool<Db>) -> Result<Vec<i64>> {
        let exists: bool = sqlx::query_scalar(MIGRATIONS_TABLE_EXISTS)
            .fetch_one(pool)
            .await
            .map_err(db_err)?;
        if !exists {
            return Ok(Vec::new());
        }
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success ORDER BY version")
            .fetch_all(pool)
            .await
            .map_err(db_err)
    }
    let known = MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0);
    let before = applied(pool).await?;
    let from_version = before.last().copied().unwrap_or(0);
    if from_version > known || before.iter().any(|v| !MIGRATOR.version_exists(*v)) {
        return Err(StoreError::SchemaTooNew {
            database: from_version,
            binary: known,
        });
    }
    MIGRATOR.run(pool).await.map_err(|e| match e {
        sqlx::migrate::MigrateError::Execute(e) => db_err(e),
        other => StoreError::Unavailable {
            message: format!("migration failed: {other}"),
            cause: None,
        },
    })?;
    let after = applied(pool).await?;
    Ok(MigrationReport {
        from_version,
        to_version: after.last().copied().unwrap_or(0),
        applied: after.into_iter().filter(|v| !before.contains(v)).collect(),
    })
}

impl DatabaseStore for ThisStore {
    fn backend(&self) -> Backend {
        BACKEND
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn migrate(&self) -> Result<MigrationReport> {
        self.run_migrations().await
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1")
            .execute(self.reader())
            .await
            .map_err(db_err)?;
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn after_bulk_load(&self) -> Result<()> {
        self.tidy_after_bulk_load().await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(after = %after))]
    async fn changes_since(&self, after: FeedCursor, limit: u32) -> Result<Vec<Change>> {
        self.fetch_changes(after, limit.clamp(1, 10_000)).await
    }
}
