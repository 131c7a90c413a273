-- Tandem's store on PostgreSQL (scale-out): the same tables as the embedded SQLite store.
-- Times are Unix milliseconds.
CREATE TABLE agents (
    id            TEXT PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    rights        TEXT NOT NULL,
    created_at    BIGINT NOT NULL
);

CREATE TABLE auth_tokens (
    token_hash TEXT PRIMARY KEY,
    agent_id   TEXT NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
    expires_at BIGINT NOT NULL
);

CREATE TABLE contacts (
    id          TEXT PRIMARY KEY,
    channel     TEXT NOT NULL,
    customer    TEXT NOT NULL,
    agent_id    TEXT NOT NULL REFERENCES agents(id),
    created_at  BIGINT NOT NULL,
    visitor_id  TEXT,
    state       TEXT NOT NULL DEFAULT 'open',
    handed_over BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX contacts_visitor ON contacts(visitor_id) WHERE visitor_id IS NOT NULL;
CREATE INDEX contacts_agent ON contacts(agent_id, state);

CREATE TABLE sessions (
    seq                 BIGSERIAL UNIQUE,
    id                  TEXT PRIMARY KEY,
    contact_id          TEXT NOT NULL REFERENCES contacts(id),
    agent_id            TEXT NOT NULL REFERENCES agents(id),
    state               TEXT NOT NULL,
    code                TEXT,
    code_expires_at     BIGINT,
    customer_token_hash TEXT UNIQUE,
    ended_by            TEXT,
    created_at          BIGINT NOT NULL,
    updated_at          BIGINT NOT NULL
);
-- A code is live only while its session waits for it; redemption and ending clear it.
CREATE UNIQUE INDEX sessions_live_code ON sessions(code) WHERE code IS NOT NULL;
CREATE INDEX sessions_contact ON sessions(contact_id);

CREATE TABLE audit (
    id         BIGSERIAL PRIMARY KEY,
    at         BIGINT NOT NULL,
    actor      TEXT NOT NULL,
    kind       TEXT NOT NULL,
    session_id TEXT,
    contact_id TEXT,
    detail     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_session ON audit(session_id);
CREATE INDEX audit_at ON audit(at);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE favourites (
    id       TEXT PRIMARY KEY,
    agent_id TEXT REFERENCES agents(id) ON DELETE CASCADE,
    name     TEXT NOT NULL,
    url      TEXT NOT NULL,
    position INTEGER NOT NULL
);
CREATE INDEX favourites_owner ON favourites(agent_id, position);

CREATE TABLE chat_messages (
    id         BIGSERIAL PRIMARY KEY,
    contact_id TEXT NOT NULL REFERENCES contacts(id),
    at         BIGINT NOT NULL,
    sender     TEXT NOT NULL,
    text       TEXT NOT NULL
);
CREATE INDEX chat_contact ON chat_messages(contact_id, id);

CREATE TABLE visitors (
    id          TEXT PRIMARY KEY,
    unsupported TEXT,
    seen_at     BIGINT NOT NULL
);
