-- Up Migration
-- Foundation schema. Later issues extend these tables (companies, leads, consent, ...) with
-- new migrations; nothing here is meant to be rewritten.

CREATE TABLE contacts (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email         text,
  phone         text,
  first_name    text,
  last_name     text,
  gender        text CHECK (gender IN ('female', 'male', 'other')),
  title         text,
  language      text NOT NULL DEFAULT 'en',
  address_line  text,
  postal_code   text,
  city          text,
  country       text,
  attributes    jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX contacts_email_key ON contacts (lower(email)) WHERE email IS NOT NULL;
CREATE INDEX contacts_attributes_gin ON contacts USING gin (attributes jsonb_path_ops);
CREATE INDEX contacts_created_at ON contacts (created_at, id);

CREATE TABLE templates (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name        text NOT NULL,
  channel     text NOT NULL CHECK (channel IN ('email', 'sms', 'letter')),
  language    text NOT NULL DEFAULT 'en',
  subject     text NOT NULL DEFAULT '',
  body        text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- A flow is a name; its graph is versioned so a running campaign keeps the version it started with.
CREATE TABLE flows (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name        text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE flow_versions (
  flow_id     uuid NOT NULL REFERENCES flows (id) ON DELETE CASCADE,
  version     integer NOT NULL,
  graph       jsonb NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (flow_id, version)
);

CREATE TABLE campaigns (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name        text NOT NULL,
  kind        text NOT NULL DEFAULT 'direct' CHECK (kind IN ('direct', 'general')),
  goal        text,
  flow_id     uuid NOT NULL REFERENCES flows (id),
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE campaign_runs (
  id            uuid PRIMARY KEY,
  campaign_id   uuid NOT NULL REFERENCES campaigns (id),
  flow_id       uuid NOT NULL,
  flow_version  integer NOT NULL,
  workflow_id   text NOT NULL UNIQUE,
  status        text NOT NULL DEFAULT 'running'
                CHECK (status IN ('running', 'paused', 'completed', 'cancelled', 'failed')),
  started_at    timestamptz NOT NULL DEFAULT now(),
  ended_at      timestamptz,
  FOREIGN KEY (flow_id, flow_version) REFERENCES flow_versions (flow_id, version)
);
CREATE INDEX campaign_runs_campaign ON campaign_runs (campaign_id, started_at DESC);

-- A cohort is a set of members sitting at one node. node_id NULL = the journey has ended.
-- Ids are made in the workflow, so a retried activity writes the same rows again.
CREATE TABLE cohorts (
  id              uuid PRIMARY KEY,
  run_id          uuid NOT NULL REFERENCES campaign_runs (id) ON DELETE CASCADE,
  node_id         text,
  source_node_id  text,
  source_handle   text,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cohorts_run ON cohorts (run_id, node_id);

CREATE TABLE campaign_members (
  run_id      uuid NOT NULL REFERENCES campaign_runs (id) ON DELETE CASCADE,
  contact_id  uuid NOT NULL REFERENCES contacts (id),
  cohort_id   uuid NOT NULL REFERENCES cohorts (id),
  status      text NOT NULL DEFAULT 'active',
  entered_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (run_id, contact_id)
);
CREATE INDEX campaign_members_cohort ON campaign_members (cohort_id, contact_id);

-- The member path: one row per move, the source for funnels and per-contact history.
CREATE TABLE member_steps (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  run_id      uuid NOT NULL REFERENCES campaign_runs (id) ON DELETE CASCADE,
  contact_id  uuid NOT NULL,
  node_id     text NOT NULL,
  outcome     text NOT NULL,
  at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX member_steps_run_node ON member_steps (run_id, node_id, outcome);
CREATE INDEX member_steps_contact ON member_steps (contact_id, at);

-- draft -> approved -> sending -> sent | failed; excluded by a reviewer. The id is the
-- idempotency key the channel sees (SMTP Message-ID, Twilio request).
CREATE TABLE messages (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  run_id       uuid NOT NULL REFERENCES campaign_runs (id) ON DELETE CASCADE,
  node_id      text NOT NULL,
  contact_id   uuid NOT NULL REFERENCES contacts (id),
  channel      text NOT NULL CHECK (channel IN ('email', 'sms', 'letter')),
  to_address   text NOT NULL,
  subject      text,
  body_text    text NOT NULL,
  body_html    text,
  status       text NOT NULL DEFAULT 'draft'
               CHECK (status IN ('draft', 'approved', 'sending', 'sent', 'failed', 'excluded')),
  provider_id  text,
  error        text,
  attempts     integer NOT NULL DEFAULT 0,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  sent_at      timestamptz,
  UNIQUE (run_id, node_id, contact_id)
);
CREATE INDEX messages_run_contact ON messages (run_id, contact_id, channel, status);
CREATE INDEX messages_contact ON messages (contact_id, created_at);

CREATE TABLE tasks (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  type         text NOT NULL CHECK (type IN ('review', 'callback')),
  run_id       uuid NOT NULL REFERENCES campaign_runs (id) ON DELETE CASCADE,
  node_id      text NOT NULL,
  contact_id   uuid REFERENCES contacts (id),
  assignee     text,
  team         text,
  store        text,
  due_at       timestamptz,
  attempts     integer NOT NULL DEFAULT 0,
  status       text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed', 'cancelled')),
  outcome      text,
  answers      jsonb NOT NULL DEFAULT '{}'::jsonb,
  notes        text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  closed_at    timestamptz
);
CREATE INDEX tasks_open ON tasks (status, team, store, due_at);
CREATE INDEX tasks_run_node ON tasks (run_id, node_id, status);

-- Engagement and history events per contact (open, click, unsubscribe, bounce, reply, ...).
CREATE TABLE events (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  contact_id  uuid REFERENCES contacts (id),
  run_id      uuid REFERENCES campaign_runs (id) ON DELETE CASCADE,
  message_id  uuid REFERENCES messages (id) ON DELETE CASCADE,
  type        text NOT NULL,
  data        jsonb NOT NULL DEFAULT '{}'::jsonb,
  at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX events_contact ON events (contact_id, at);
CREATE INDEX events_run_type ON events (run_id, type, at);

-- Down Migration
DROP TABLE events, tasks, messages, member_steps, campaign_members, cohorts, campaign_runs,
  campaigns, flow_versions, flows, templates, contacts;
