-- A visitor id is public (integrations pass it to the API); the browser it belongs to holds a
-- secret the server issued, kept here only as its SHA-256 hash.
ALTER TABLE visitors ADD COLUMN secret_hash TEXT;
