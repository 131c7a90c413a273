-- Company settings (key → JSON value) and favourites: an agent's own (agent_id set) or the
-- company's (agent_id NULL), kept in the order the agent arranged them.
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
