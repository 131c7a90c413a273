-- Proactive invitation rules, edited by admins (the list in `position` order), and how often
-- each was shown, accepted and declined (rule `agent`: invitations agents sent from the
-- console; `site`: the site's own `Tandem.invite()` with no rule of its own).
CREATE TABLE invitation_rules (
    id TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    page TEXT NOT NULL,
    seconds_on_page INTEGER NOT NULL,
    idle_seconds INTEGER NOT NULL,
    manual BOOLEAN NOT NULL,
    offer TEXT NOT NULL,
    text TEXT NOT NULL
);
CREATE TABLE invitation_counts (
    rule_id TEXT NOT NULL,
    event TEXT NOT NULL,
    count BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (rule_id, event)
);
