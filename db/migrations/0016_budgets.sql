-- Up Migration
-- Budget owners (issue 12): a plan per campaign, unit costs with validity, an append-only cost
-- ledger booked as things happen (exactly once per message, call and reward: `source_key`),
-- a holdout group per run (chosen at the audience snapshot, never contacted), and rewards.

-- The plan a budget owner sets: budget, expected results and how results are measured.
CREATE TABLE campaign_plans (
  campaign_id           uuid PRIMARY KEY REFERENCES campaigns (id) ON DELETE CASCADE,
  currency              text NOT NULL DEFAULT 'EUR' CHECK (currency ~ '^[A-Z]{3}$'),
  budget                numeric(14, 2) NOT NULL DEFAULT 0 CHECK (budget >= 0),
  expected_reached      integer CHECK (expected_reached >= 0),
  expected_responses    integer CHECK (expected_responses >= 0),
  expected_conversions  integer CHECK (expected_conversions >= 0),
  expected_revenue      numeric(14, 2) CHECK (expected_revenue >= 0),
  -- Sales orders of a member count for the campaign this many days after they were contacted.
  attribution_days      integer NOT NULL DEFAULT 30 CHECK (attribution_days BETWEEN 1 AND 365),
  -- This share of each run's audience is kept out (never contacted) to measure what the campaign adds.
  holdout_percent       numeric(5, 2) NOT NULL DEFAULT 0 CHECK (holdout_percent >= 0 AND holdout_percent <= 50),
  updated_at            timestamptz NOT NULL DEFAULT now()
);

-- What each channel is planned to cost (the plan's budget lines).
CREATE TABLE campaign_planned_costs (
  campaign_id  uuid NOT NULL REFERENCES campaign_plans (campaign_id) ON DELETE CASCADE,
  channel      text NOT NULL CHECK (channel IN ('email', 'sms', 'letter', 'call', 'reward', 'agency', 'media', 'other')),
  amount       numeric(14, 2) NOT NULL CHECK (amount >= 0),
  PRIMARY KEY (campaign_id, channel)
);

-- Unit costs with validity: the cost booked for a send, a call or a reward is the one valid on
-- the day it happens (a later price change does not rewrite history).
CREATE TABLE unit_costs (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  item        text NOT NULL CHECK (item IN ('email', 'sms_segment', 'letter_print', 'letter_postage', 'call', 'agent_minute')),
  amount      numeric(14, 4) NOT NULL CHECK (amount >= 0),
  currency    text NOT NULL DEFAULT 'EUR' CHECK (currency ~ '^[A-Z]{3}$'),
  valid_from  date NOT NULL,
  valid_to    date,
  created_at  timestamptz NOT NULL DEFAULT now(),
  CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE INDEX unit_costs_item ON unit_costs (item, valid_from DESC);

-- The ledger: one row per cost, never updated or deleted. Costs the product books itself carry
-- a `source_key` ('message:<id>', 'call:<task id>', 'reward:<id>') that makes a retried
-- activity book nothing twice; manual lines (agency, media) carry a document reference.
--
-- Its ids are facts, not foreign keys (as the audit log's): a cost stays spent when the contact
-- is erased or the run removed, the append-only rows could not follow an ON DELETE anyway, and
-- no TRUNCATE … CASCADE of another table can reach the ledger.
CREATE TABLE cost_entries (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  campaign_id   uuid NOT NULL,
  run_id        uuid,
  node_id       text,
  contact_id    uuid,
  channel       text NOT NULL CHECK (channel IN ('email', 'sms', 'letter', 'call', 'reward', 'agency', 'media', 'other')),
  item          text,
  quantity      numeric(14, 3) NOT NULL DEFAULT 1,
  unit_amount   numeric(14, 4),
  -- Four decimals: an e-mail may cost 0.0012; sums are rounded to the cent where they are shown.
  amount        numeric(16, 4) NOT NULL,
  currency      text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  source_key    text UNIQUE,
  document_ref  text,
  note          text,
  booked_by     text,
  booked_at     timestamptz NOT NULL DEFAULT now(),
  CHECK (source_key IS NOT NULL OR document_ref IS NOT NULL)
);
CREATE INDEX cost_entries_campaign ON cost_entries (campaign_id, channel, booked_at);
CREATE INDEX cost_entries_run_node ON cost_entries (run_id, node_id);
CREATE FUNCTION cost_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'cost_entries is append-only: % refused (book a correcting line instead)', TG_OP;
END;
$$;
CREATE TRIGGER cost_entries_append_only BEFORE UPDATE OR DELETE ON cost_entries
  FOR EACH ROW EXECUTE FUNCTION cost_entries_append_only();
CREATE TRIGGER cost_entries_no_truncate BEFORE TRUNCATE ON cost_entries
  FOR EACH STATEMENT EXECUTE FUNCTION cost_entries_append_only();

-- The run's holdout: contacts its audience selected but the run kept out, chosen
-- deterministically (md5 of run and contact) at the snapshot. They are never members.
CREATE TABLE run_holdouts (
  run_id      uuid NOT NULL REFERENCES campaign_runs (id) ON DELETE CASCADE,
  contact_id  uuid NOT NULL REFERENCES contacts (id),
  held_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (run_id, contact_id)
);

-- Rewards granted by a `reward` step: at most one per member per step.
CREATE TABLE rewards (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  run_id       uuid NOT NULL REFERENCES campaign_runs (id),
  node_id      text NOT NULL,
  contact_id   uuid NOT NULL REFERENCES contacts (id),
  kind         text NOT NULL CHECK (kind IN ('gift', 'credit_note', 'bonus')),
  description  text,
  value        numeric(14, 2) NOT NULL CHECK (value >= 0),
  currency     text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  granted_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (run_id, node_id, contact_id)
);
CREATE INDEX rewards_contact ON rewards (contact_id, granted_at);

-- (B1) The day a cost belongs to: the send's, the call's close, the reward's grant, or the
-- invoice date of a manual line. Periods and reports count by it; booked_at says when it was
-- written. Days are UTC days, the same day the unit cost is looked up on.
ALTER TABLE cost_entries ADD COLUMN incurred_on date NOT NULL DEFAULT (now() AT TIME ZONE 'UTC')::date;
-- The ledger of one campaign is paged in line order.
CREATE INDEX cost_entries_campaign_line ON cost_entries (campaign_id, id);
-- A run's won opportunities (attribution) without reading every opportunity.
CREATE INDEX opportunities_run_stage ON opportunities (run_id, stage) WHERE run_id IS NOT NULL;

-- Down Migration
DROP INDEX IF EXISTS opportunities_run_stage;
DROP TABLE rewards, run_holdouts;
DROP TABLE cost_entries;
DROP FUNCTION cost_entries_append_only();
DROP TABLE unit_costs, campaign_planned_costs, campaign_plans;
