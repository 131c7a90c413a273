-- Contacts follow their lifecycle (open → ended), know their customer's browser once it is
-- known (visitor id: a web contact, or a redeemed code), and remember a hand-over so the
-- receiving agent's start asks the customer directly. Web chats keep their transcript.
-- Browsers too old for co-browsing are remembered per visitor so the agent is told.
ALTER TABLE contacts ADD COLUMN visitor_id TEXT;
ALTER TABLE contacts ADD COLUMN state TEXT NOT NULL DEFAULT 'open';
ALTER TABLE contacts ADD COLUMN handed_over INTEGER NOT NULL DEFAULT 0;
CREATE INDEX contacts_visitor ON contacts(visitor_id) WHERE visitor_id IS NOT NULL;

CREATE TABLE chat_messages (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    contact_id TEXT NOT NULL REFERENCES contacts(id),
    at         INTEGER NOT NULL,
    sender     TEXT NOT NULL,
    text       TEXT NOT NULL
);
CREATE INDEX chat_contact ON chat_messages(contact_id, id);

CREATE TABLE visitors (
    id          TEXT PRIMARY KEY,
    unsupported TEXT,
    seen_at     INTEGER NOT NULL
);
CREATE INDEX audit_at ON audit(at);
