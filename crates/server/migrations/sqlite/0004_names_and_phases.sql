-- Agents have a display name an admin sets (the customer and colleagues see it; empty means
-- the login). Contacts remember where the call stands (talking, parked, enquiry, alternate,
-- conference) so the console offers only what makes sense. An agent's chat line remembers
-- who wrote it, so a colleague who receives the contact sees the right name.
ALTER TABLE agents ADD COLUMN display_name TEXT NOT NULL DEFAULT '';
ALTER TABLE contacts ADD COLUMN phase TEXT NOT NULL DEFAULT 'talking';
ALTER TABLE chat_messages ADD COLUMN agent TEXT;
ALTER TABLE chat_messages ADD COLUMN agent_name TEXT;
