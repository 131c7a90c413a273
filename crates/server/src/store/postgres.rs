//! The PostgreSQL backend, for scale-out: several Tandem nodes share it (with NATS as the bus).
//! Every racing change is one conditional UPDATE … RETURNING, so the database arbitrates
//! between nodes (a code is redeemed once, a session moves once).

use std::str::FromStr;

use async_trait::async_trait;
use sqlx::Row;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions, PgRow};
use tandem_protocol::{EndedBy, SessionState};

use super::*;

pub struct PostgresStore {
    pool: PgPool,
}

impl PostgresStore {
    pub async fn open(url: &str) -> StoreResult<PostgresStore> {
        let options = PgConnectOptions::from_str(url)?;
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .connect_with(options)
            .await?;
        sqlx::migrate!("./migrations/postgres").run(&pool).await?;
        Ok(PostgresStore { pool })
    }
}

fn agent_from(row: &PgRow) -> Agent {
    Agent {
        id: row.get("id"),
        username: row.get("username"),
        password_hash: row.get("password_hash"),
        rights: rights_from_string(row.get::<&str, _>("rights")),
        display_name: row.get("display_name"),
    }
}

fn contact_from(row: &PgRow) -> Contact {
    Contact {
        id: row.get("id"),
        channel: row.get("channel"),
        customer: row.get("customer"),
        agent_id: row.get("agent_id"),
        created_at: row.get("created_at"),
        visitor_id: row.get("visitor_id"),
        state: row.get("state"),
        handed_over: row.get::<bool, _>("handed_over"),
        phase: row.get("phase"),
    }
}

fn audit_from(r: &PgRow) -> AuditEvent {
    AuditEvent {
        at: r.get("at"),
        actor: r.get("actor"),
        kind: r.get("kind"),
        session_id: r.get("session_id"),
        contact_id: r.get("contact_id"),
        detail: r.get("detail"),
    }
}

fn session_from(row: &PgRow) -> Session {
    Session {
        id: row.get("id"),
        contact_id: row.get("contact_id"),
        agent_id: row.get("agent_id"),
        state: SessionState::parse(row.get::<&str, _>("state")).unwrap_or(SessionState::Ended),
        code: row.get("code"),
        code_expires_at: row.get("code_expires_at"),
        ended_by: row
            .get::<Option<&str>, _>("ended_by")
            .and_then(ended_by_parse),
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

fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
}

#[async_trait]
impl Store for PostgresStore {
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
            .map_err(|e| if is_unique_violation(&e) { StoreError::Conflict } else { e.into() })?;
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
        Ok(done.rows_affected() == 1)
    }

    async fn agent_by_username(&self, username: &str) -> StoreResult<Option<Agent>> {
        let row = sqlx::query("SELECT * FROM agents WHERE username = $1")
            .bind(username)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.as_ref().map(agent_from))
    }

    async fn agent_by_id(&self, id: &str) -> StoreResult<Option<Agent>> {
        let row = sqlx::query("SELECT * FROM agents WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.as_ref().map(agent_from))
    }

    async fn agent_by_identity(&self, issuer: &str, subject: &str) -> StoreResult<Option<Agent>> {
        let row = sqlx::query("SELECT a.* FROM agent_identities i JOIN agents a ON a.id = i.agent_id WHERE i.issuer = $1 AND i.subject = $2")
            .bind(issuer)
            .bind(subject)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.as_ref().map(agent_from))
    }

    async fn add_agent_with_identity(
        &self,
        agent: &Agent,
        issuer: &str,
        subject: &str,
        now: i64,
    ) -> StoreResult<()> {
        let conflict = |e: sqlx::Error| {
            if is_unique_violation(&e) {
                StoreError::Conflict
            } else {
                e.into()
            }
        };
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
        let row = sqlx::query(
            "SELECT a.* FROM auth_tokens t JOIN agents a ON a.id = t.agent_id WHERE t.token_hash = $1 AND t.expires_at > $2",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.as_ref().map(agent_from))
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
        let row = sqlx::query("SELECT * FROM contacts WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.as_ref().map(contact_from))
    }

    async fn contacts_of_agent(&self, agent_id: &str) -> StoreResult<Vec<Contact>> {
        let rows =
            sqlx::query("SELECT * FROM contacts WHERE agent_id = $1 ORDER BY created_at DESC, id")
                .bind(agent_id)
                .fetch_all(&self.pool)
                .await?;
        Ok(rows.iter().map(contact_from).collect())
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
        let rows = sqlx::query(
            "SELECT * FROM contacts WHERE visitor_id = $1 AND state = 'open' ORDER BY created_at",
        )
        .bind(visitor_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(contact_from).collect())
    }

    async fn hand_over_contact(&self, contact_id: &str, agent_id: &str) -> StoreResult<()> {
        sqlx::query("UPDATE contacts SET agent_id = $1, handed_over = TRUE, phase = 'talking' WHERE id = $2").bind(agent_id).bind(contact_id).execute(&self.pool).await?;
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
        Ok(done.rows_affected() == 1)
    }

    async fn least_busy_agent(&self) -> StoreResult<Option<Agent>> {
        let row = sqlx::query(
            "SELECT a.* FROM agents a
             WHERE (',' || a.rights || ',') LIKE '%,cobrowse,%'
             ORDER BY (SELECT COUNT(*) FROM contacts c WHERE c.agent_id = a.id AND c.state = 'open'), a.created_at
             LIMIT 1",
        )
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.as_ref().map(agent_from))
    }

    async fn agents(&self) -> StoreResult<Vec<Agent>> {
        let rows = sqlx::query("SELECT * FROM agents ORDER BY username")
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.iter().map(agent_from).collect())
    }

    async fn set_agent_rights(&self, username: &str, rights: &[Right]) -> StoreResult<bool> {
        let done = sqlx::query("UPDATE agents SET rights = $1 WHERE username = $2")
            .bind(rights_to_string(rights))
            .bind(username)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
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
        Ok(done.rows_affected() == 1)
    }

    async fn set_contact_phase(
        &self,
        contact_id: &str,
        from: &[&str],
        to: &str,
    ) -> StoreResult<bool> {
        // One conditional UPDATE: two events racing on the same contact cannot both apply.
        let done = sqlx::query("UPDATE contacts SET phase = $1 WHERE id = $2 AND state = 'open' AND phase = ANY(string_to_array($3, ','))")
            .bind(to)
            .bind(contact_id)
            .bind(from.join(","))
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
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
        let rows = sqlx::query("SELECT at, sender, text, agent, agent_name FROM chat_messages WHERE contact_id = $1 ORDER BY id")
            .bind(contact_id)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows
            .iter()
            .map(|r| ChatLine {
                at: r.get("at"),
                sender: r.get("sender"),
                text: r.get("text"),
                agent: r.get("agent"),
                agent_name: r.get("agent_name"),
            })
            .collect())
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
        let row = sqlx::query("SELECT unsupported FROM visitors WHERE id = $1")
            .bind(visitor_id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.and_then(|r| r.get("unsupported")))
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
        Ok(done.rows_affected() == 1)
    }

    async fn visitor_secret_hash(&self, visitor_id: &str) -> StoreResult<Option<String>> {
        let row = sqlx::query("SELECT secret_hash FROM visitors WHERE id = $1")
            .bind(visitor_id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.and_then(|r| r.get("secret_hash")))
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
        .map_err(|e| if is_unique_violation(&e) { StoreError::Conflict } else { e.into() })?;
        Ok(())
    }

    async fn session(&self, id: &str) -> StoreResult<Option<Session>> {
        let row = sqlx::query("SELECT * FROM sessions WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.as_ref().map(session_from))
    }

    async fn latest_session_of_contact(&self, contact_id: &str) -> StoreResult<Option<Session>> {
        let row = sqlx::query("SELECT * FROM sessions WHERE contact_id = $1 ORDER BY created_at DESC, seq DESC LIMIT 1")
        .bind(contact_id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.as_ref().map(session_from))
    }

    async fn redeem_code(&self, code: &str, now: i64) -> StoreResult<Option<Session>> {
        let row = sqlx::query(
            "UPDATE sessions SET code = NULL, state = 'awaiting_consent', updated_at = $1
             WHERE code = $2 AND state = 'awaiting_code' AND code_expires_at > $3
             RETURNING *",
        )
        .bind(now)
        .bind(code)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.as_ref().map(session_from))
    }

    async fn transition(
        &self,
        id: &str,
        from: &[SessionState],
        to: SessionState,
        ended_by: Option<EndedBy>,
        now: i64,
    ) -> StoreResult<Option<Session>> {
        let from: Vec<String> = from.iter().map(|s| s.as_str().to_string()).collect();
        let q = sqlx::query(
            "UPDATE sessions SET state = $1, updated_at = $2,
                 code = CASE WHEN $3::BOOLEAN THEN NULL ELSE code END,
                 ended_by = COALESCE($4, ended_by)
             WHERE id = $5 AND state = ANY($6)
             RETURNING *",
        )
        .bind(to.as_str())
        .bind(now)
        .bind(to.is_final())
        .bind(ended_by.map(ended_by_str))
        .bind(id)
        .bind(from);
        let row = q.fetch_optional(&self.pool).await?;
        Ok(row.as_ref().map(session_from))
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
        let row = sqlx::query("SELECT * FROM sessions WHERE customer_token_hash = $1")
            .bind(token_hash)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.as_ref().map(session_from))
    }

    async fn setting(&self, key: &str) -> StoreResult<Option<String>> {
        let row = sqlx::query("SELECT value FROM settings WHERE key = $1")
            .bind(key)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|r| r.get("value")))
    }

    async fn count_sessions_by_state(&self) -> StoreResult<Vec<(SessionState, u64)>> {
        let rows = sqlx::query("SELECT state, COUNT(*) AS n FROM sessions GROUP BY state")
            .fetch_all(&self.pool)
            .await?;
        Ok(rows
            .iter()
            .filter_map(|r| {
                let state = SessionState::parse(r.get::<&str, _>("state"))?;
                Some((state, u64::try_from(r.get::<i64, _>("n")).unwrap_or(0)))
            })
            .collect())
    }

    async fn session_facts(&self, since: i64) -> StoreResult<Vec<stats::SessionFacts>> {
        let rows = sqlx::query(stats::SESSION_FACTS_POSTGRES)
            .bind(since)
            .bind(stats::MAX_SESSIONS)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows
            .iter()
            .map(|r| stats::SessionFacts {
                created_at: r.get("created_at"),
                channel: r.get("channel"),
                agent: r.get("agent"),
                consented_at: r.get("consented_at"),
                declined: r.get::<i64, _>("declined") > 0,
                ended_at: r.get("ended_at"),
                interruptions: u64::try_from(r.get::<i64, _>("interruptions")).unwrap_or(0),
                control_refusals: u64::try_from(r.get::<i64, _>("refusals")).unwrap_or(0),
            })
            .collect())
    }

    async fn set_setting(&self, key: &str, value: &str) -> StoreResult<()> {
        sqlx::query("INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT(key) DO UPDATE SET value = excluded.value")
            .bind(key)
            .bind(value)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn favourites(&self, agent_id: Option<&str>) -> StoreResult<Vec<Favourite>> {
        let rows = sqlx::query("SELECT id, name, url FROM favourites WHERE agent_id IS NOT DISTINCT FROM $1 ORDER BY position")
            .bind(agent_id)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows
            .iter()
            .map(|r| Favourite {
                id: r.get("id"),
                name: r.get("name"),
                url: r.get("url"),
            })
            .collect())
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

    async fn invitation_rules(&self) -> StoreResult<Vec<tandem_protocol::InvitationRule>> {
        let rows = sqlx::query(
            "SELECT id, name, page, seconds_on_page, idle_seconds, manual, offer, text FROM invitation_rules ORDER BY position",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| tandem_protocol::InvitationRule {
                id: r.get("id"),
                name: r.get("name"),
                page: r.get("page"),
                seconds_on_page: u32::try_from(r.get::<i32, _>("seconds_on_page")).unwrap_or(0),
                idle_seconds: u32::try_from(r.get::<i32, _>("idle_seconds")).unwrap_or(0),
                manual: r.get("manual"),
                offer: r.get("offer"),
                text: r.get("text"),
            })
            .collect())
    }

    async fn replace_invitation_rules(
        &self,
        rules: &[tandem_protocol::InvitationRule],
    ) -> StoreResult<()> {
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
        let rows = sqlx::query(
            "SELECT rule_id, event, count FROM invitation_counts ORDER BY rule_id, event",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| {
                (
                    r.get("rule_id"),
                    r.get("event"),
                    u64::try_from(r.get::<i64, _>("count")).unwrap_or(0),
                )
            })
            .collect())
    }

    async fn purge(&self, before: &PurgeBefore) -> StoreResult<Purged> {
        let mut tx = self.pool.begin().await?;
        let mut purged = Purged::default();
        if let Some(cut) = before.contacts {
            let old = "SELECT id FROM contacts WHERE state = 'ended' AND created_at < $1";
            for table in ["chat_messages", "sessions"] {
                let removed = sqlx::query(sqlx::AssertSqlSafe(format!(
                    "DELETE FROM {table} WHERE contact_id IN ({old})"
                )))
                .bind(cut)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                match table {
                    "chat_messages" => purged.chat_lines += removed,
                    _ => purged.sessions += removed,
                }
            }
            purged.contacts =
                sqlx::query("DELETE FROM contacts WHERE state = 'ended' AND created_at < $1")
                    .bind(cut)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
            purged.visitors = sqlx::query(
                "DELETE FROM visitors WHERE seen_at < $1 AND id NOT IN (SELECT visitor_id FROM contacts WHERE visitor_id IS NOT NULL)",
            )
            .bind(cut)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        }
        if let Some(cut) = before.sessions {
            purged.sessions += sqlx::query(
                "DELETE FROM sessions WHERE updated_at < $1 AND (state IN ('ended', 'declined') OR contact_id IN (SELECT id FROM contacts WHERE state = 'ended'))",
            )
            .bind(cut)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        }
        if let Some(cut) = before.chat {
            purged.chat_lines += sqlx::query("DELETE FROM chat_messages WHERE at < $1")
                .bind(cut)
                .execute(&mut *tx)
                .await?
                .rows_affected();
        }
        if let Some(cut) = before.audit {
            purged.audit_entries = sqlx::query("DELETE FROM audit WHERE at < $1")
                .bind(cut)
                .execute(&mut *tx)
                .await?
                .rows_affected();
        }
        tx.commit().await?;
        Ok(purged)
    }

    async fn erase_contact(&self, contact_id: &str) -> StoreResult<Option<Erased>> {
        let mut tx = self.pool.begin().await?;
        let Some(row) = sqlx::query("SELECT visitor_id FROM contacts WHERE id = $1")
            .bind(contact_id)
            .fetch_optional(&mut *tx)
            .await?
        else {
            return Ok(None);
        };
        let visitor: Option<String> = row.get("visitor_id");
        let audit_details = sqlx::query(
            "UPDATE audit SET detail = '' WHERE contact_id = $1 OR session_id IN (SELECT id FROM sessions WHERE contact_id = $2)",
        )
        .bind(contact_id)
        .bind(contact_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        let chat_lines = sqlx::query("DELETE FROM chat_messages WHERE contact_id = $1")
            .bind(contact_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        let sessions = sqlx::query("DELETE FROM sessions WHERE contact_id = $1")
            .bind(contact_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        sqlx::query("DELETE FROM contacts WHERE id = $1")
            .bind(contact_id)
            .execute(&mut *tx)
            .await?;
        let visitor = match visitor {
            Some(v) => {
                sqlx::query("DELETE FROM visitors WHERE id = $1")
                    .bind(&v)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected()
                    > 0
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
        let rows = sqlx::query("SELECT * FROM audit WHERE session_id = $1 ORDER BY id")
            .bind(session_id)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.iter().map(audit_from).collect())
    }

    async fn audit_query(&self, f: &AuditFilter) -> StoreResult<Vec<AuditEvent>> {
        let rows = sqlx::query(
            "SELECT * FROM audit
             WHERE ($1::TEXT IS NULL OR session_id = $1) AND ($2::TEXT IS NULL OR contact_id = $2)
               AND ($3::TEXT IS NULL OR actor = $3) AND ($4::TEXT IS NULL OR kind = $4)
               AND ($5::BIGINT IS NULL OR at >= $5) AND ($6::BIGINT IS NULL OR at <= $6)
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
        .await?;
        Ok(rows.iter().map(audit_from).collect())
    }
}
