-- Tandem's embedded store: agents, their sign-in tokens, contacts, co-browsing sessions
-- (with their one-time codes) and the audit log. Times are Unix milliseconds.
CREATE TABLE agents (
    id            TEXT PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    rights        TEXT NOT NULL,
    created_at    INTEGER NOT NULL
);

CREATE TABLE auth_tokens (
    token_hash TEXT PRIMARY KEY,
    agent_id   TEXT NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
    expires_at INTEGER NOT NULL
);

CREATE TABLE contacts (
    id         TEXT PRIMARY KEY,
    channel    TEXT NOT NULL,
    customer   TEXT NOT NULL,
    agent_id   TEXT NOT NULL REFERENCES agents(id),
    created_at INTEGER NOT NULL
);

CREATE TABLE sessions (
    id                  TEXT PRIMARY KEY,
    contact_id          TEXT NOT NULL REFERENCES contacts(id),
    agent_id            TEXT NOT NULL REFERENCES agents(id),
    state               TEXT NOT NULL,
    code                TEXT,
    code_expires_at     INTEGER,
    customer_token_hash TEXT UNIQUE,
    ended_by            TEXT,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL
);
-- A code is live only while its session waits for it; redemption and ending clear it, so a
-- code can never be used twice and a number can be issued again later.
CREATE UNIQUE INDEX sessions_live_code ON sessions(code) WHERE code IS NOT NULL;
CREATE INDEX sessions_contact ON sessions(contact_id);

CREATE TABLE audit (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    at         INTEGER NOT NULL,
    actor      TEXT NOT NULL,
    kind       TEXT NOT NULL,
    session_id TEXT,
    contact_id TEXT,
    detail     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_session ON audit(session_id);
