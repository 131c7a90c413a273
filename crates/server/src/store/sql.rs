//! The one SQL implementation of the [`Store`] trait, generic over the database: the same
//! statements run on SQLite and PostgreSQL. Parameters are written `$1`, `$2`, … which both
//! accept (SQLite reads `$N` as the N-th argument); the few real differences — how a driver
//! counts changed rows, the column that keeps insertion order — are the [`Dialect`] of each
//! backend module (`sqlite.rs`, `postgres.rs`), which also opens the pool and migrates it.
//!
//! Every racing change is one conditional UPDATE … RETURNING (or an upsert with a WHERE), so the
//! database arbitrates between sockets and nodes: a code is redeemed once, a session moves once.

use async_trait::async_trait;
use sqlx::{
    AssertSqlSafe, ColumnIndex, Database, Decode, Encode, Executor, FromRow, IntoArguments, Pool,
    Row, Type,
};
use tandem_protocol::{EndedBy, InvitationRule, SessionState};

use super::*;

/// What differs between the databases the store runs on; the SQL itself is shared.
pub trait Dialect: Database {
    /// The column that orders a table's rows by insertion when their timestamps tie.
    const INSERTION_ORDER: &'static str;
    /// How many rows a statement changed.
    fn rows_affected(result: &Self::QueryResult) -> u64;
}

/// The store over one database's connection pool; `SqliteStore` and `PostgresStore` name it.
pub struct SqlStore<DB: Database> {
    pub(super) pool: Pool<DB>,
}

/// `$first, $first+1, …` for `n` values (an `IN (…)` list); none when `n` is 0.
fn placeholders(first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
}

/// A unique-key violation is the caller's `Conflict`; anything else is a database error.
fn conflict(e: sqlx::Error) -> StoreError {
    if is_unique_violation(&e) {
        StoreError::Conflict
    } else {
        e.into()
    }
}

fn ended_by_str(by: EndedBy) -> &'static str {
    match by {
        EndedBy::Customer => "customer",
        EndedBy::Agent => "agent",
        EndedBy::System => "system",
    }
}

fn ended_by_parse(s: &str) -> Option<EndedBy> {
    match s {
        "customer" => Some(EndedBy::Customer),
        "agent" => Some(EndedBy::Agent),
        "system" => Some(EndedBy::System),
        _ => None,
    }
}

impl<'r, R: Row> FromRow<'r, R> for Agent
where
    &'r str: ColumnIndex<R>,
    String: Decode<'r, R::Database> + Type<R::Database>,
{
    fn from_row(row: &'r R) -> sqlx::Result<Agent> {
        Ok(Agent {
            id: row.try_get("id")?,
            username: row.try_get("username")?,
            password_hash: row.try_get("password_hash")?,
            rights: rights_from_string(&row.try_get::<String, _>("rights")?),
            display_name: row.try_get("display_name")?,
        })
    }
}

impl<'r, R: Row> FromRow<'r, R> for Session
where
    &'r str: ColumnIndex<R>,
    String: Decode<'r, R::Database> + Type<R::Database>,
    i64: Decode<'r, R::Database> + Type<R::Database>,
{
    fn from_row(row: &'r R) -> sqlx::Result<Session> {
        Ok(Session {
            id: row.try_get("id")?,
            contact_id: row.try_get("contact_id")?,
            agent_id: row.try_get("agent_id")?,
            state: SessionState::parse(&row.try_get::<String, _>("state")?)
                .unwrap_or(SessionState::Ended),
            code: row.try_get("code")?,
            code_expires_at: row.try_get("code_expires_at")?,
            ended_by: row
                .try_get::<Option<String>, _>("ended_by")?
                .as_deref()
                .and_then(ended_by_parse),
        })
    }
}

/// Counts are `COUNT(*)` (a 64-bit integer in both databases); never negative.
fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

#[async_trait]
impl<DB: Dialect> Store for SqlStore<DB>
where
    DB::Arguments: IntoArguments<DB>,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'a> &'a str: Encode<'a, DB> + Type<DB> + ColumnIndex<DB::Row>,
    for<'a> String: Encode<'a, DB> + Decode<'a, DB> + Type<DB>,
    for<'a> i64: Encode<'a, DB> + Decode<'a, DB> + Type<DB>,
    for<'a> i32: Encode<'a, DB> + Decode<'a, DB> + Type<DB>,
    for<'a> bool: Encode<'a, DB> + Decode<'a, DB> + Type<DB>,
    for<'a> Option<&'a str>: Encode<'a, DB>,
    for<'a> Option<String>: Encode<'a, DB>,
    for<'a> Option<i64>: Encode<'a, DB>,
    usize: ColumnIndex<DB::Row>,
{
    async fn add_agent(&self, agent: &Agent, now: i64) -> StoreResult<()> {
        sqlx::query("INSERT INTO agents (id, username, password_hash, rights, created_at, display_name) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(&agent.id)
            .bind(&agent.username)
            .bind(&agent.password_hash)
            .bind(rights_to_string(&agent.rights))
            .bind(now)
            .bind(&agent.display_name)
            .execute(&self.pool)
            .await
            .map_err(conflict)?;
        Ok(())
    }

    async fn set_agent_password(
        &self,
        username: &str,
        password_hash: &str,
        rights: &[Right],
        sign_ins: SignIns,
    ) -> StoreResult<bool> {
        let done =
            sqlx::query("UPDATE agents SET password_hash = $1, rights = $2 WHERE username = $3")
                .bind(password_hash)
                .bind(rights_to_string(rights))
                .bind(username)
                .execute(&self.pool)
                .await?;
        if sign_ins == SignIns::End {
            sqlx::query("DELETE FROM auth_tokens WHERE agent_id IN (SELECT id FROM agents WHERE username = $1)")
                .bind(username)
                .execute(&self.pool)
                .await?;
        }
        Ok(DB::rows_affected(&done) == 1)
    }

    async fn agent_by_username(&self, username: &str) -> StoreResult<Option<Agent>> {
        Ok(sqlx::query_as("SELECT * FROM agents WHERE username = $1")
            .bind(username)
            .fetch_optional(&self.pool)
            .await?)
    }

    async fn agent_by_id(&self, id: &str) -> StoreResult<Option<Agent>> {
        Ok(sqlx::query_as("SELECT * FROM agents WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?)
    }

    async fn agent_by_identity(&self, issuer: &str, subject: &str) -> StoreResult<Option<Agent>> {
        Ok(sqlx::query_as("SELECT a.* FROM agent_identities i JOIN agents a ON a.id = i.agent_id WHERE i.issuer = $1 AND i.subject = $2")
            .bind(issuer)
            .bind(subject)
            .fetch_optional(&self.pool)
            .await?)
    }

    async fn add_agent_with_identity(
        &self,
        agent: &Agent,
        issuer: &str,
        subject: &str,
        now: i64,
    ) -> StoreResult<()> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("INSERT INTO agents (id, username, password_hash, rights, created_at, display_name) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(&agent.id)
            .bind(&agent.username)
            .bind(&agent.password_hash)
            .bind(rights_to_string(&agent.rights))
            .bind(now)
            .bind(&agent.display_name)
            .execute(&mut *tx)
            .await
            .map_err(conflict)?;
        sqlx::query("INSERT INTO agent_identities (issuer, subject, agent_id) VALUES ($1, $2, $3)")
            .bind(issuer)
            .bind(subject)
            .bind(&agent.id)
            .execute(&mut *tx)
            .await
            .map_err(conflict)?;
        tx.commit().await?;
        Ok(())
    }

    async fn add_token(
        &self,
        token_hash: &str,
        agent_id: &str,
        expires_at: i64,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO auth_tokens (token_hash, agent_id, expires_at) VALUES ($1, $2, $3)",
        )
        .bind(token_hash)
        .bind(agent_id)
        .bind(expires_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn agent_by_token(&self, token_hash: &str, now: i64) -> StoreResult<Option<Agent>> {
        Ok(sqlx::query_as(
            "SELECT a.* FROM auth_tokens t JOIN agents a ON a.id = t.agent_id WHERE t.token_hash = $1 AND t.expires_at > $2",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?)
    }

    async fn remove_token(&self, token_hash: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM auth_tokens WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn add_contact(&self, c: &Contact) -> StoreResult<()> {
        sqlx::query("INSERT INTO contacts (id, channel, customer, agent_id, created_at, visitor_id) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(&c.id)
            .bind(&c.channel)
            .bind(&c.customer)
            .bind(&c.agent_id)
            .bind(c.created_at)
            .bind(&c.visitor_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn contact(&self, id: &str) -> StoreResult<Option<Contact>> {
        Ok(sqlx::query_as("SELECT * FROM contacts WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?)
    }

    async fn contacts_of_agent(&self, agent_id: &str) -> StoreResult<Vec<Contact>> {
        Ok(sqlx::query_as(
            "SELECT * FROM contacts WHERE agent_id = $1 ORDER BY created_at DESC, id",
        )
        .bind(agent_id)
        .fetch_all(&self.pool)
        .await?)
    }

    async fn set_contact_visitor(&self, contact_id: &str, visitor_id: &str) -> StoreResult<()> {
        sqlx::query("UPDATE contacts SET visitor_id = $1 WHERE id = $2")
            .bind(visitor_id)
            .bind(contact_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn open_contacts_of_visitor(&self, visitor_id: &str) -> StoreResult<Vec<Contact>> {
        Ok(sqlx::query_as(
            "SELECT * FROM contacts WHERE visitor_id = $1 AND state = 'open' ORDER BY created_at",
        )
        .bind(visitor_id)
        .fetch_all(&self.pool)
        .await?)
    }

    async fn hand_over_contact(&self, contact_id: &str, agent_id: &str) -> StoreResult<()> {
        sqlx::query(
            "UPDATE contacts SET agent_id = $1, handed_over = TRUE, phase = 'talking' WHERE id = $2",
        )
        .bind(agent_id)
        .bind(contact_id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn clear_handed_over(&self, contact_id: &str) -> StoreResult<()> {
        sqlx::query("UPDATE contacts SET handed_over = FALSE WHERE id = $1")
            .bind(contact_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn end_contact(&self, contact_id: &str) -> StoreResult<bool> {
        let done =
            sqlx::query("UPDATE contacts SET state = 'ended' WHERE id = $1 AND state = 'open'")
                .bind(contact_id)
                .execute(&self.pool)
                .await?;
        Ok(DB::rows_affected(&done) == 1)
    }

    async fn least_busy_agent(&self) -> StoreResult<Option<Agent>> {
        Ok(sqlx::query_as(
            "SELECT a.* FROM agents a
             WHERE (',' || a.rights || ',') LIKE '%,cobrowse,%'
             ORDER BY (SELECT COUNT(*) FROM contacts c WHERE c.agent_id = a.id AND c.state = 'open'), a.created_at
             LIMIT 1",
        )
        .fetch_optional(&self.pool)
        .await?)
    }

    async fn agents(&self) -> StoreResult<Vec<Agent>> {
        Ok(sqlx::query_as("SELECT * FROM agents ORDER BY username")
            .fetch_all(&self.pool)
            .await?)
    }

    async fn set_agent_rights(&self, username: &str, rights: &[Right]) -> StoreResult<bool> {
        let done = sqlx::query("UPDATE agents SET rights = $1 WHERE username = $2")
            .bind(rights_to_string(rights))
            .bind(username)
            .execute(&self.pool)
            .await?;
        Ok(DB::rows_affected(&done) == 1)
    }

    async fn set_agent_display_name(
        &self,
        username: &str,
        display_name: &str,
    ) -> StoreResult<bool> {
        let done = sqlx::query("UPDATE agents SET display_name = $1 WHERE username = $2")
            .bind(display_name)
            .bind(username)
            .execute(&self.pool)
            .await?;
        Ok(DB::rows_affected(&done) == 1)
    }

    async fn set_contact_phase(
        &self,
        contact_id: &str,
        from: &[&str],
        to: &str,
    ) -> StoreResult<bool> {
        if from.is_empty() {
            return Ok(false);
        }
        // One conditional UPDATE: two events racing on the same contact cannot both apply.
        let sql = format!(
            "UPDATE contacts SET phase = $1 WHERE id = $2 AND state = 'open' AND phase IN ({})",
            placeholders(3, from.len())
        );
        let mut q = sqlx::query(AssertSqlSafe(sql)).bind(to).bind(contact_id);
        for phase in from {
            q = q.bind(*phase);
        }
        let done = q.execute(&self.pool).await?;
        Ok(DB::rows_affected(&done) == 1)
    }

    async fn add_chat(&self, contact_id: &str, line: &ChatLine) -> StoreResult<()> {
        sqlx::query("INSERT INTO chat_messages (contact_id, at, sender, text, agent, agent_name) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(contact_id)
            .bind(line.at)
            .bind(&line.sender)
            .bind(&line.text)
            .bind(&line.agent)
            .bind(&line.agent_name)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn chat_of_contact(&self, contact_id: &str) -> StoreResult<Vec<ChatLine>> {
        Ok(sqlx::query_as("SELECT at, sender, text, agent, agent_name FROM chat_messages WHERE contact_id = $1 ORDER BY id")
            .bind(contact_id)
            .fetch_all(&self.pool)
            .await?)
    }

    async fn set_visitor_support(
        &self,
        visitor_id: &str,
        unsupported: Option<&str>,
        now: i64,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO visitors (id, unsupported, seen_at) VALUES ($1, $2, $3)
             ON CONFLICT(id) DO UPDATE SET unsupported = excluded.unsupported, seen_at = excluded.seen_at",
        )
        .bind(visitor_id)
        .bind(unsupported)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn visitor_unsupported(&self, visitor_id: &str) -> StoreResult<Option<String>> {
        let row: Option<(Option<String>,)> =
            sqlx::query_as("SELECT unsupported FROM visitors WHERE id = $1")
                .bind(visitor_id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.and_then(|(why,)| why))
    }

    async fn bind_visitor(
        &self,
        visitor_id: &str,
        secret_hash: &str,
        now: i64,
    ) -> StoreResult<bool> {
        let done = sqlx::query(
            "INSERT INTO visitors (id, secret_hash, seen_at) VALUES ($1, $2, $3)
             ON CONFLICT(id) DO UPDATE SET secret_hash = excluded.secret_hash WHERE visitors.secret_hash IS NULL",
        )
        .bind(visitor_id)
        .bind(secret_hash)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(DB::rows_affected(&done) == 1)
    }

    async fn visitor_secret_hash(&self, visitor_id: &str) -> StoreResult<Option<String>> {
        let row: Option<(Option<String>,)> =
            sqlx::query_as("SELECT secret_hash FROM visitors WHERE id = $1")
                .bind(visitor_id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.and_then(|(hash,)| hash))
    }

    async fn add_session(&self, s: NewSession<'_>) -> StoreResult<()> {
        // Expired codes stop blocking their number before a new one is placed.
        sqlx::query(
            "UPDATE sessions SET code = NULL WHERE code IS NOT NULL AND code_expires_at <= $1",
        )
        .bind(s.now)
        .execute(&self.pool)
        .await?;
        sqlx::query(
            "INSERT INTO sessions (id, contact_id, agent_id, state, code, code_expires_at, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(s.id)
        .bind(s.contact_id)
        .bind(s.agent_id)
        .bind(s.state.as_str())
        .bind(s.code)
        .bind(s.code_expires_at)
        .bind(s.now)
        .bind(s.now)
        .execute(&self.pool)
        .await
        .map_err(conflict)?;
        Ok(())
    }

    async fn session(&self, id: &str) -> StoreResult<Option<Session>> {
        Ok(sqlx::query_as("SELECT * FROM sessions WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?)
    }

    async fn latest_session_of_contact(&self, contact_id: &str) -> StoreResult<Option<Session>> {
        let sql = format!(
            "SELECT * FROM sessions WHERE contact_id = $1 ORDER BY created_at DESC, {} DESC LIMIT 1",
            DB::INSERTION_ORDER
        );
        Ok(sqlx::query_as(AssertSqlSafe(sql))
            .bind(contact_id)
            .fetch_optional(&self.pool)
            .await?)
    }

    async fn redeem_code(&self, code: &str, now: i64) -> StoreResult<Option<Session>> {
        Ok(sqlx::query_as(
            "UPDATE sessions SET code = NULL, state = 'awaiting_consent', updated_at = $1
             WHERE code = $2 AND state = 'awaiting_code' AND code_expires_at > $1
             RETURNING *",
        )
        .bind(now)
        .bind(code)
        .fetch_optional(&self.pool)
        .await?)
    }

    async fn transition(
        &self,
        id: &str,
        from: &[SessionState],
        to: SessionState,
        ended_by: Option<EndedBy>,
        now: i64,
    ) -> StoreResult<Option<Session>> {
        if from.is_empty() {
            return Ok(None);
        }
        let sql = format!(
            "UPDATE sessions SET state = $1, updated_at = $2,
                 code = CASE WHEN $3 THEN NULL ELSE code END,
                 ended_by = COALESCE($4, ended_by)
             WHERE id = $5 AND state IN ({})
             RETURNING *",
            placeholders(6, from.len())
        );
        let mut q = sqlx::query_as(AssertSqlSafe(sql))
            .bind(to.as_str())
            .bind(now)
            .bind(to.is_final())
            .bind(ended_by.map(ended_by_str))
            .bind(id);
        for state in from {
            q = q.bind(state.as_str());
        }
        Ok(q.fetch_optional(&self.pool).await?)
    }

    async fn set_customer_token(&self, id: &str, token_hash: &str) -> StoreResult<()> {
        sqlx::query("UPDATE sessions SET customer_token_hash = $1 WHERE id = $2")
            .bind(token_hash)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn session_by_customer_token(&self, token_hash: &str) -> StoreResult<Option<Session>> {
        Ok(
            sqlx::query_as("SELECT * FROM sessions WHERE customer_token_hash = $1")
                .bind(token_hash)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    async fn setting(&self, key: &str) -> StoreResult<Option<String>> {
        let row: Option<(String,)> = sqlx::query_as("SELECT value FROM settings WHERE key = $1")
            .bind(key)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|(value,)| value))
    }

    async fn set_setting(&self, key: &str, value: &str) -> StoreResult<()> {
        sqlx::query("INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT(key) DO UPDATE SET value = excluded.value")
            .bind(key)
            .bind(value)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn count_sessions_by_state(&self) -> StoreResult<Vec<(SessionState, u64)>> {
        let rows: Vec<(String, i64)> =
            sqlx::query_as("SELECT state, COUNT(*) AS n FROM sessions GROUP BY state")
                .fetch_all(&self.pool)
                .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(state, n)| Some((SessionState::parse(&state)?, count(n))))
            .collect())
    }

    async fn session_facts(&self, since: i64) -> StoreResult<Vec<stats::SessionFacts>> {
        let rows = sqlx::query(stats::SESSION_FACTS)
            .bind(since)
            .bind(stats::MAX_SESSIONS)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(stats::SessionFacts {
                    created_at: r.try_get("created_at")?,
                    channel: r.try_get("channel")?,
                    agent: r.try_get("agent")?,
                    consented_at: r.try_get("consented_at")?,
                    declined: r.try_get::<i64, _>("declined")? > 0,
                    ended_at: r.try_get("ended_at")?,
                    interruptions: count(r.try_get("interruptions")?),
                    control_refusals: count(r.try_get("refusals")?),
                })
            })
            .collect()
    }

    async fn favourites(&self, agent_id: Option<&str>) -> StoreResult<Vec<Favourite>> {
        Ok(sqlx::query_as("SELECT id, name, url FROM favourites WHERE agent_id IS NOT DISTINCT FROM $1 ORDER BY position")
            .bind(agent_id)
            .fetch_all(&self.pool)
            .await?)
    }

    async fn replace_favourites(
        &self,
        agent_id: Option<&str>,
        list: &[Favourite],
    ) -> StoreResult<()> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("DELETE FROM favourites WHERE agent_id IS NOT DISTINCT FROM $1")
            .bind(agent_id)
            .execute(&mut *tx)
            .await?;
        for (position, f) in list.iter().enumerate() {
            sqlx::query("INSERT INTO favourites (id, agent_id, name, url, position) VALUES ($1, $2, $3, $4, $5)")
                .bind(&f.id)
                .bind(agent_id)
                .bind(&f.name)
                .bind(&f.url)
                .bind(position as i32)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn invitation_rules(&self) -> StoreResult<Vec<InvitationRule>> {
        let rows = sqlx::query(
            "SELECT id, name, page, seconds_on_page, idle_seconds, manual, offer, text FROM invitation_rules ORDER BY position",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(InvitationRule {
                    id: r.try_get("id")?,
                    name: r.try_get("name")?,
                    page: r.try_get("page")?,
                    seconds_on_page: u32::try_from(r.try_get::<i32, _>("seconds_on_page")?)
                        .unwrap_or(0),
                    idle_seconds: u32::try_from(r.try_get::<i32, _>("idle_seconds")?).unwrap_or(0),
                    manual: r.try_get("manual")?,
                    offer: r.try_get("offer")?,
                    text: r.try_get("text")?,
                })
            })
            .collect()
    }

    async fn replace_invitation_rules(&self, rules: &[InvitationRule]) -> StoreResult<()> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("DELETE FROM invitation_rules")
            .execute(&mut *tx)
            .await?;
        for (position, r) in rules.iter().enumerate() {
            sqlx::query(
                "INSERT INTO invitation_rules (id, position, name, page, seconds_on_page, idle_seconds, manual, offer, text) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(&r.id)
            .bind(position as i32)
            .bind(&r.name)
            .bind(&r.page)
            .bind(r.seconds_on_page as i32)
            .bind(r.idle_seconds as i32)
            .bind(r.manual)
            .bind(&r.offer)
            .bind(&r.text)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn count_invitation(&self, rule_id: &str, event: &str) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO invitation_counts (rule_id, event, count) VALUES ($1, $2, 1) ON CONFLICT (rule_id, event) DO UPDATE SET count = invitation_counts.count + 1",
        )
        .bind(rule_id)
        .bind(event)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn invitation_counts(&self) -> StoreResult<Vec<(String, String, u64)>> {
        let rows: Vec<(String, String, i64)> = sqlx::query_as(
            "SELECT rule_id, event, count FROM invitation_counts ORDER BY rule_id, event",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(rule, event, n)| (rule, event, count(n)))
            .collect())
    }

    async fn purge(&self, before: &PurgeBefore) -> StoreResult<Purged> {
        let mut tx = self.pool.begin().await?;
        let mut purged = Purged::default();
        if let Some(cut) = before.contacts {
            let old = "SELECT id FROM contacts WHERE state = 'ended' AND created_at < $1";
            for table in ["chat_messages", "sessions"] {
                let done = sqlx::query(AssertSqlSafe(format!(
                    "DELETE FROM {table} WHERE contact_id IN ({old})"
                )))
                .bind(cut)
                .execute(&mut *tx)
                .await?;
                match table {
                    "chat_messages" => purged.chat_lines += DB::rows_affected(&done),
                    _ => purged.sessions += DB::rows_affected(&done),
                }
            }
            let done =
                sqlx::query("DELETE FROM contacts WHERE state = 'ended' AND created_at < $1")
                    .bind(cut)
                    .execute(&mut *tx)
                    .await?;
            purged.contacts = DB::rows_affected(&done);
            let done = sqlx::query(
                "DELETE FROM visitors WHERE seen_at < $1 AND id NOT IN (SELECT visitor_id FROM contacts WHERE visitor_id IS NOT NULL)",
            )
            .bind(cut)
            .execute(&mut *tx)
            .await?;
            purged.visitors = DB::rows_affected(&done);
        }
        if let Some(cut) = before.sessions {
            let done = sqlx::query(
                "DELETE FROM sessions WHERE updated_at < $1 AND (state IN ('ended', 'declined') OR contact_id IN (SELECT id FROM contacts WHERE state = 'ended'))",
            )
            .bind(cut)
            .execute(&mut *tx)
            .await?;
            purged.sessions += DB::rows_affected(&done);
        }
        if let Some(cut) = before.chat {
            let done = sqlx::query("DELETE FROM chat_messages WHERE at < $1")
                .bind(cut)
                .execute(&mut *tx)
                .await?;
            purged.chat_lines += DB::rows_affected(&done);
        }
        if let Some(cut) = before.audit {
            let done = sqlx::query("DELETE FROM audit WHERE at < $1")
                .bind(cut)
                .execute(&mut *tx)
                .await?;
            purged.audit_entries = DB::rows_affected(&done);
        }
        tx.commit().await?;
        Ok(purged)
    }

    async fn erase_contact(&self, contact_id: &str) -> StoreResult<Option<Erased>> {
        let mut tx = self.pool.begin().await?;
        let Some((visitor,)): Option<(Option<String>,)> =
            sqlx::query_as("SELECT visitor_id FROM contacts WHERE id = $1")
                .bind(contact_id)
                .fetch_optional(&mut *tx)
                .await?
        else {
            return Ok(None);
        };
        let done = sqlx::query(
            "UPDATE audit SET detail = '' WHERE contact_id = $1 OR session_id IN (SELECT id FROM sessions WHERE contact_id = $1)",
        )
        .bind(contact_id)
        .execute(&mut *tx)
        .await?;
        let audit_details = DB::rows_affected(&done);
        let done = sqlx::query("DELETE FROM chat_messages WHERE contact_id = $1")
            .bind(contact_id)
            .execute(&mut *tx)
            .await?;
        let chat_lines = DB::rows_affected(&done);
        let done = sqlx::query("DELETE FROM sessions WHERE contact_id = $1")
            .bind(contact_id)
            .execute(&mut *tx)
            .await?;
        let sessions = DB::rows_affected(&done);
        sqlx::query("DELETE FROM contacts WHERE id = $1")
            .bind(contact_id)
            .execute(&mut *tx)
            .await?;
        let visitor = match visitor {
            Some(v) => {
                let done = sqlx::query("DELETE FROM visitors WHERE id = $1")
                    .bind(&v)
                    .execute(&mut *tx)
                    .await?;
                DB::rows_affected(&done) > 0
            }
            None => false,
        };
        tx.commit().await?;
        Ok(Some(Erased {
            contact_id: contact_id.to_string(),
            sessions,
            chat_lines,
            visitor,
            audit_details,
        }))
    }

    async fn audit(&self, e: &AuditEvent) -> StoreResult<()> {
        sqlx::query("INSERT INTO audit (at, actor, kind, session_id, contact_id, detail) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(e.at)
            .bind(&e.actor)
            .bind(&e.kind)
            .bind(&e.session_id)
            .bind(&e.contact_id)
            .bind(&e.detail)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn audit_of_session(&self, session_id: &str) -> StoreResult<Vec<AuditEvent>> {
        Ok(
            sqlx::query_as("SELECT * FROM audit WHERE session_id = $1 ORDER BY id")
                .bind(session_id)
                .fetch_all(&self.pool)
                .await?,
        )
    }

    async fn audit_query(&self, f: &AuditFilter) -> StoreResult<Vec<AuditEvent>> {
        Ok(sqlx::query_as(
            "SELECT * FROM audit
             WHERE ($1 IS NULL OR session_id = $1) AND ($2 IS NULL OR contact_id = $2)
               AND ($3 IS NULL OR actor = $3) AND ($4 IS NULL OR kind = $4)
               AND ($5 IS NULL OR at >= $5) AND ($6 IS NULL OR at <= $6)
             ORDER BY id LIMIT $7",
        )
        .bind(&f.session_id)
        .bind(&f.contact_id)
        .bind(&f.actor)
        .bind(&f.kind)
        .bind(f.from)
        .bind(f.to)
        .bind(f.limit.unwrap_or(10_000).clamp(1, 100_000))
        .fetch_all(&self.pool)
        .await?)
    }
}
