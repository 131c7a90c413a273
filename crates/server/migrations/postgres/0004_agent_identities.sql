-- Single sign-on: the person an OpenID Provider vouches for (its issuer and their subject
-- identifier, which never changes nor is reused) is one agent, created at their first sign-in.
CREATE TABLE agent_identities (
    issuer   TEXT NOT NULL,
    subject  TEXT NOT NULL,
    agent_id TEXT NOT NULL UNIQUE REFERENCES agents(id) ON DELETE CASCADE,
    PRIMARY KEY (issuer, subject)
);
