//! The PostgreSQL backend, for scale-out: several Tandem nodes share it (with NATS as the bus).
//! How to open and migrate it, and what its SQL does differently.

use std::str::FromStr;

use sqlx::Postgres;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions, PgQueryResult};

use super::StoreResult;
use super::sql::{Dialect, SqlStore};

/// The store on PostgreSQL.
pub type PostgresStore = SqlStore<Postgres>;

impl Dialect for Postgres {
    /// `sessions.seq`, a BIGSERIAL (PostgreSQL has no rowid).
    const INSERTION_ORDER: &'static str = "seq";

    fn rows_affected(result: &PgQueryResult) -> u64 {
        result.rows_affected()
    }
}

impl SqlStore<Postgres> {
    pub async fn open(url: &str) -> StoreResult<PostgresStore> {
        let options = PgConnectOptions::from_str(url)?;
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .connect_with(options)
            .await?;
        sqlx::migrate!("./migrations/postgres").run(&pool).await?;
        Ok(SqlStore { pool })
    }
}
