-- Up Migration
-- Consent, suppressions and the per-contact history (issue 4): what the topic, double opt-in,
-- suppression list and history APIs need beyond 0002. No new table.

-- A double opt-in link is valid for a limited time (db/subscriptions.ts: CONFIRM_TOKEN_TTL).
-- Only the token's sha256 is stored; the hash stays after confirming so a second click can be
-- told apart from an unknown token (410 instead of 404). A new request replaces it.
ALTER TABLE subscriptions ADD COLUMN confirm_token_expires_at timestamptz;
CREATE UNIQUE INDEX subscriptions_confirm_token ON subscriptions (confirm_token_hash) WHERE confirm_token_hash IS NOT NULL;

-- Consent records are proof: what someone agreed to, when, seeing which words. They are only ever
-- appended (a withdrawal is a new record), so the database refuses to rewrite one. Deleting stays
-- possible: erasing a person (ON DELETE CASCADE from contacts / leads) must take their records too.
CREATE FUNCTION consent_records_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'consent_records are append-only: record a new action instead of changing record %', OLD.id
    USING ERRCODE = 'restrict_violation';
END;
$$;
CREATE TRIGGER consent_records_no_update BEFORE UPDATE ON consent_records
  FOR EACH ROW EXECUTE FUNCTION consent_records_append_only();

-- The history and consent views read everything about one contact; these are the lookups by
-- contact that 0001/0002 did not index (campaign_members is keyed by run first).
CREATE INDEX campaign_members_contact ON campaign_members (contact_id, entered_at);
CREATE INDEX tasks_contact ON tasks (contact_id, created_at) WHERE contact_id IS NOT NULL;
CREATE INDEX leads_converted_contact ON leads (converted_contact_id) WHERE converted_contact_id IS NOT NULL;

-- The suppression list pages newest first.
CREATE INDEX suppressions_created ON suppressions (created_at DESC, id DESC);

-- Down Migration
DROP TRIGGER IF EXISTS consent_records_no_update ON consent_records;
DROP FUNCTION IF EXISTS consent_records_append_only();
DROP INDEX IF EXISTS suppressions_created, leads_converted_contact, tasks_contact, campaign_members_contact,
  subscriptions_confirm_token;
ALTER TABLE subscriptions DROP COLUMN confirm_token_expires_at;
