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
    // A migration that adds an index to a database holding data: the planner's statistics cover
    // it too, or SQLite (which has statistics for every index but the new one) may walk the new
    // index for queries it does not serve (the plain candidate list sorted a million rows by id
    // through the name index). A database never analysed is left so (its planner guesses well).
    if from_version > 0 && after.len() > before.len() {
        let analysed = match BACKEND {
            Backend::Sqlite => sqlx::query_scalar::<_, bool>(
                "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1')",
            )
            .fetch_one(pool)
            .await
            .map_err(db_err)?,
            Backend::Postgres => true,
        };
        if analysed {
            sqlx::query("ANALYZE").execute(pool).await.map_err(db_err)?;
        }
    }
    Ok(MigrationReport {
        from_version,
        to_version: after.last().copied().unwrap_or(0),
        applied: after.into_iter().filter(|v| !before.contains(v)).collect(),
        rebuilt_indexes: Vec::new(),
    })
}

/// Candidate indexes that only searches read: set aside during any large bulk load.
const SEARCH_INDEXES: [&str; 9] = [
    "candidate_skills_org_skill",
    "candidate_skills_org_skill_name",
    "candidate_skills_org_skill_state",
    "candidates_org_name_order",
    "candidates_org_source",
    "candidates_org_state",
    "candidates_org_state_name",
    "candidates_org_state_source",
    "candidates_org_state_status",
];

/// Candidate indexes that the duplicate look-up reads: set aside only when the load does not look.
const DUPLICATE_INDEXES: [&str; 2] = ["candidates_org_name", "candidates_org_phone"];

impl ThisStore {
    /// Drops the indexes `load` can do without, keeping each definition as the database holds it
    /// (one transaction: either every index is set aside and remembered, or none is).
    async fn defer_indexes(&self, load: BulkLoad) -> Result<Vec<String>> {
        if load.candidates < BulkLoad::DEFER_FROM {
            return Ok(Vec::new());
        }
        let mut tx = self.begin_write().await?;
        let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM candidates")
            .fetch_one(&mut *tx)
            .await
            .map_err(db_err)?;
        if u64::try_from(stored).unwrap_or(0) > load.candidates {
            // Rebuilding what is already there would cost more than the load saves.
            return Ok(Vec::new());
        }
        let names = SEARCH_INDEXES.iter().chain(if load.checks_duplicates {
            &[][..]
        } else {
            &DUPLICATE_INDEXES[..]
        });
        let at = now();
        for name in names {
            let definition: Option<String> = sqlx::query_scalar(INDEX_DEFINITION)
                .bind(*name)
                .fetch_optional(&mut *tx)
                .await
                .map_err(db_err)?;
            // Missing: already set aside by a load that stopped (its definition is stored).
            let Some(definition) = definition else { continue };
            sqlx::query("INSERT INTO deferred_indexes (name, definition, deferred_at) VALUES ($1, $2, $3)")
                .bind(*name)
                .bind(definition)
                .bind(at)
                .execute(&mut *tx)
                .await
                .map_err(db_err)?;
            // The name is one of the constants above, never input.
            sqlx::raw_sql(sqlx::AssertSqlSafe(format!("DROP INDEX {name}")))
                .execute(&mut *tx)
                .await
                .map_err(db_err)?;
        }
        let deferred = sqlx::query_scalar("SELECT name FROM deferred_indexes ORDER BY name")
            .fetch_all(&mut *tx)
            .await
            .map_err(db_err)?;
        tx.commit().await.map_err(db_err)?;
        Ok(deferred)
    }

    /// Builds every index a bulk load set aside, one transaction each (a build that fails keeps
    /// its definition for the next try).
    async fn build_deferred_indexes(&self) -> Result<Vec<String>> {
        let waiting: Vec<(String, String)> =
            sqlx::query_as("SELECT name, definition FROM deferred_indexes ORDER BY name")
                .fetch_all(self.reader())
                .await
                .map_err(db_err)?;
        let mut built = Vec::new();
        for (name, definition) in waiting {
            let mut tx = self.begin_write().await?;
            let present: Option<String> = sqlx::query_scalar(INDEX_DEFINITION)
                .bind(&name)
                .fetch_optional(&mut *tx)
                .await
                .map_err(db_err)?;
            if present.is_none() {
                // The statement is the database's own, kept when the index was set aside.
                sqlx::raw_sql(sqlx::AssertSqlSafe(definition))
                    .execute(&mut *tx)
                    .await
                    .map_err(db_err)?;
            }
            sqlx::query("DELETE FROM deferred_indexes WHERE name = $1")
                .bind(&name)
                .execute(&mut *tx)
                .await
                .map_err(db_err)?;
            tx.commit().await.map_err(db_err)?;
            tracing::info!(index = %name, "built an index set aside by a bulk load");
            built.push(name);
        }
        Ok(built)
    }
}

impl DatabaseStore for ThisStore {
    fn backend(&self) -> Backend {
        BACKEND
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn migrate(&self) -> Result<MigrationReport> {
        let mut report = self.run_migrations().await?;
        report.rebuilt_indexes = self.build_deferred_indexes().await?;
        Ok(report)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1")
            .execute(self.reader())
            .await
            .map_err(db_err)?;
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all, fields(candidates = load.candidates))]
    async fn before_bulk_load(&self, load: BulkLoad) -> Result<Vec<String>> {
        self.defer_indexes(load).await
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn after_bulk_load(&self) -> Result<Vec<String>> {
        let built = self.build_deferred_indexes().await?;
        self.tidy_after_bulk_load().await?;
        Ok(built)
    }

    #[tracing::instrument(level = "debug", skip_all, fields(after = %after))]
    async fn changes_since(&self, after: FeedCursor, limit: u32) -> Result<Vec<Change>> {
        self.fetch_changes(after, limit.clamp(1, 10_000)).await
    }
}
