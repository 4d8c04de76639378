-- Up Migration
-- CRM data that campaigns select from and write back to (issue 4): organisation (stores,
-- teams, users), companies, leads, products and prices, sales history, opportunities,
-- consent, segments, contact lists, imports. Extends the foundation; rewrites nothing.

CREATE TABLE stores (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code        text NOT NULL UNIQUE,
  name        text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE teams (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name        text NOT NULL UNIQUE,
  store_id    uuid REFERENCES stores (id),
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email       text NOT NULL,
  name        text NOT NULL,
  role        text NOT NULL CHECK (role IN ('admin', 'designer', 'agent', 'budget_owner')),
  team_id     uuid REFERENCES teams (id),
  store_id    uuid REFERENCES stores (id),
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

CREATE TABLE companies (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name          text NOT NULL,
  kind          text NOT NULL DEFAULT 'prospect' CHECK (kind IN ('client', 'prospect', 'partner', 'competitor')),
  code          text,
  vat_number    text,
  industry      text,
  email         text,
  phone         text,
  address_line  text,
  postal_code   text,
  city          text,
  country       text,
  attributes    jsonb NOT NULL DEFAULT '{}'::jsonb,
  owner_id      uuid REFERENCES users (id),
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX companies_code_key ON companies (code) WHERE code IS NOT NULL;
CREATE INDEX companies_name ON companies (lower(name));
CREATE INDEX companies_kind ON companies (kind);

-- Custom contact attributes are declared per workspace: their type drives validation, the
-- segment builder's pickers and the expression indexes that keep range queries fast.
CREATE TABLE attribute_definitions (
  key         text PRIMARY KEY CHECK (key ~ '^[A-Za-z_][A-Za-z0-9_]{0,62}$'),
  label       text NOT NULL,
  type        text NOT NULL CHECK (type IN ('string', 'number', 'date', 'boolean', 'list')),
  options     jsonb,
  created_at  timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE contacts
  ADD COLUMN company_id      uuid REFERENCES companies (id) ON DELETE SET NULL,
  ADD COLUMN customer_code   text,
  ADD COLUMN position        text,
  ADD COLUMN time_zone       text,
  ADD COLUMN owner_id        uuid REFERENCES users (id),
  ADD COLUMN store_id        uuid REFERENCES stores (id),
  ADD COLUMN abc_class       text CHECK (abc_class IN ('A', 'B', 'C')),
  ADD COLUMN abc_computed_at timestamptz;
CREATE UNIQUE INDEX contacts_customer_code_key ON contacts (customer_code) WHERE customer_code IS NOT NULL;
CREATE INDEX contacts_company ON contacts (company_id);
CREATE INDEX contacts_store ON contacts (store_id);
CREATE INDEX contacts_abc ON contacts (abc_class);

-- Leads are kept apart from customers until one call converts them (history kept: the lead
-- row stays, pointing at what it became).
CREATE TABLE leads (
  id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  first_name            text,
  last_name             text,
  email                 text,
  phone                 text,
  company_name          text,
  title                 text,
  position              text,
  gender                text CHECK (gender IN ('female', 'male', 'other')),
  language              text NOT NULL DEFAULT 'en',
  source                text NOT NULL DEFAULT 'manual',
  notes                 text,
  attributes            jsonb NOT NULL DEFAULT '{}'::jsonb,
  status                text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'converted', 'discarded')),
  converted_contact_id  uuid REFERENCES contacts (id),
  converted_company_id  uuid REFERENCES companies (id),
  converted_at          timestamptz,
  owner_id              uuid REFERENCES users (id),
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'converted') = (converted_contact_id IS NOT NULL))
);
CREATE INDEX leads_email ON leads (lower(email));
CREATE INDEX leads_status ON leads (status, created_at);

CREATE TABLE lead_activities (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  lead_id     uuid NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
  kind        text NOT NULL CHECK (kind IN ('quote', 'reminder', 'meeting_note', 'note')),
  body        text NOT NULL,
  due_at      timestamptz,
  author      text,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX lead_activities_lead ON lead_activities (lead_id, created_at);

CREATE TABLE products (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code          text NOT NULL UNIQUE,
  name          text NOT NULL,
  kind          text NOT NULL CHECK (kind IN ('product', 'service', 'bundle')),
  family        text,
  unit          text NOT NULL DEFAULT 'pcs',
  cost_account  text,
  active        boolean NOT NULL DEFAULT true,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX products_family ON products (family);

-- A bundle (configured item) is made of components; each may carry its own cost account.
CREATE TABLE product_components (
  bundle_id     uuid NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  component_id  uuid NOT NULL REFERENCES products (id),
  quantity      numeric(14, 3) NOT NULL CHECK (quantity > 0),
  cost_account  text,
  PRIMARY KEY (bundle_id, component_id),
  CHECK (bundle_id <> component_id)
);

CREATE TABLE price_lists (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name        text NOT NULL,
  currency    text NOT NULL DEFAULT 'EUR',
  valid_from  date NOT NULL,
  valid_to    date,
  created_at  timestamptz NOT NULL DEFAULT now(),
  CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE TABLE price_list_items (
  price_list_id  uuid NOT NULL REFERENCES price_lists (id) ON DELETE CASCADE,
  product_id     uuid NOT NULL REFERENCES products (id),
  price          numeric(14, 2) NOT NULL CHECK (price >= 0),
  PRIMARY KEY (price_list_id, product_id)
);

CREATE TABLE discount_lists (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name        text NOT NULL,
  valid_from  date NOT NULL,
  valid_to    date,
  created_at  timestamptz NOT NULL DEFAULT now(),
  CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
-- A discount applies to one product, or to a whole family (product_id NULL).
CREATE TABLE discount_list_items (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  discount_list_id  uuid NOT NULL REFERENCES discount_lists (id) ON DELETE CASCADE,
  product_id        uuid REFERENCES products (id),
  family            text,
  percent           numeric(5, 2) NOT NULL CHECK (percent > 0 AND percent <= 100),
  min_quantity      numeric(14, 3) NOT NULL DEFAULT 1,
  CHECK ((product_id IS NULL) <> (family IS NULL))
);

-- Purchase history: what segments query (bought X in a date range, frequency, amounts) and
-- what ABC classes are computed from.
CREATE TABLE sales_orders (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  order_number  text NOT NULL UNIQUE,
  contact_id    uuid REFERENCES contacts (id),
  company_id    uuid REFERENCES companies (id),
  store_id      uuid REFERENCES stores (id),
  ordered_at    timestamptz NOT NULL,
  total_amount  numeric(14, 2) NOT NULL DEFAULT 0,
  currency      text NOT NULL DEFAULT 'EUR',
  created_at    timestamptz NOT NULL DEFAULT now(),
  CHECK (contact_id IS NOT NULL OR company_id IS NOT NULL)
);
CREATE INDEX sales_orders_contact ON sales_orders (contact_id, ordered_at);
CREATE INDEX sales_orders_company ON sales_orders (company_id, ordered_at);
CREATE INDEX sales_orders_ordered_at ON sales_orders (ordered_at);

CREATE TABLE sales_lines (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  order_id    uuid NOT NULL REFERENCES sales_orders (id) ON DELETE CASCADE,
  line_no     integer NOT NULL,
  product_id  uuid REFERENCES products (id),
  family      text,
  quantity    numeric(14, 3) NOT NULL,
  amount      numeric(14, 2) NOT NULL,
  UNIQUE (order_id, line_no)
);
CREATE INDEX sales_lines_product ON sales_lines (product_id, order_id);
CREATE INDEX sales_lines_family ON sales_lines (family, order_id);

CREATE TABLE opportunities (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  title             text NOT NULL,
  contact_id        uuid REFERENCES contacts (id),
  company_id        uuid REFERENCES companies (id),
  campaign_id       uuid REFERENCES campaigns (id),
  run_id            uuid REFERENCES campaign_runs (id) ON DELETE SET NULL,
  owner_id          uuid REFERENCES users (id),
  goal              text,
  stage             text NOT NULL DEFAULT 'prospecting'
                    CHECK (stage IN ('prospecting', 'qualification', 'proposal', 'negotiation', 'won', 'lost')),
  probability       integer NOT NULL DEFAULT 10 CHECK (probability BETWEEN 0 AND 100),
  expected_revenue  numeric(14, 2),
  actual_revenue    numeric(14, 2),
  expected_close    date,
  order_id          uuid REFERENCES sales_orders (id),
  order_reference   text,
  loss_reason       text,
  closed_at         timestamptz,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  CHECK (stage <> 'lost' OR loss_reason IS NOT NULL),
  CHECK (stage <> 'won' OR order_reference IS NOT NULL OR order_id IS NOT NULL)
);
CREATE INDEX opportunities_contact ON opportunities (contact_id, created_at);
CREATE INDEX opportunities_campaign ON opportunities (campaign_id, stage);

CREATE TABLE opportunity_products (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  opportunity_id  uuid NOT NULL REFERENCES opportunities (id) ON DELETE CASCADE,
  product_id      uuid REFERENCES products (id),
  family          text,
  quantity        numeric(14, 3) NOT NULL DEFAULT 1,
  amount          numeric(14, 2),
  CHECK (product_id IS NOT NULL OR family IS NOT NULL)
);

CREATE TABLE opportunity_competitors (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  opportunity_id  uuid NOT NULL REFERENCES opportunities (id) ON DELETE CASCADE,
  company_id      uuid REFERENCES companies (id),
  name            text NOT NULL,
  strengths       text,
  weaknesses      text
);

CREATE TABLE opportunity_comments (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  opportunity_id  uuid NOT NULL REFERENCES opportunities (id) ON DELETE CASCADE,
  author          text NOT NULL,
  body            text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX opportunity_comments_opportunity ON opportunity_comments (opportunity_id, created_at);

-- The contact's timeline: calls, visits, notes, campaign membership, conversions, consent.
-- (Engagement with messages — open, click, bounce — stays in `events`.)
CREATE TABLE contact_events (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  contact_id   uuid NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
  kind         text NOT NULL,
  title        text NOT NULL,
  body         text,
  campaign_id  uuid REFERENCES campaigns (id),
  run_id       uuid REFERENCES campaign_runs (id) ON DELETE SET NULL,
  task_id      uuid REFERENCES tasks (id) ON DELETE SET NULL,
  actor        text,
  data         jsonb NOT NULL DEFAULT '{}'::jsonb,
  occurred_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX contact_events_contact ON contact_events (contact_id, occurred_at);
CREATE INDEX contact_events_campaign ON contact_events (campaign_id, occurred_at);

CREATE TABLE topics (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code           text NOT NULL UNIQUE,
  name           text NOT NULL,
  description    text,
  double_opt_in  boolean NOT NULL DEFAULT true,
  created_at     timestamptz NOT NULL DEFAULT now()
);

-- One row per (subject, topic): a contact or a lead. `pending` waits for the double opt-in
-- confirmation (only the token's hash is stored).
CREATE TABLE subscriptions (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  topic_id            uuid NOT NULL REFERENCES topics (id) ON DELETE CASCADE,
  contact_id          uuid REFERENCES contacts (id) ON DELETE CASCADE,
  lead_id             uuid REFERENCES leads (id) ON DELETE CASCADE,
  status              text NOT NULL CHECK (status IN ('pending', 'subscribed', 'unsubscribed')),
  confirm_token_hash  text,
  requested_at        timestamptz NOT NULL DEFAULT now(),
  confirmed_at        timestamptz,
  unsubscribed_at     timestamptz,
  CHECK ((contact_id IS NULL) <> (lead_id IS NULL))
);
CREATE UNIQUE INDEX subscriptions_contact_topic ON subscriptions (contact_id, topic_id) WHERE contact_id IS NOT NULL;
CREATE UNIQUE INDEX subscriptions_lead_topic ON subscriptions (lead_id, topic_id) WHERE lead_id IS NOT NULL;
CREATE INDEX subscriptions_topic ON subscriptions (topic_id, status);

-- Append-only proof of consent: who agreed to what, when, through which source, seeing which text.
CREATE TABLE consent_records (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  contact_id   uuid REFERENCES contacts (id) ON DELETE CASCADE,
  lead_id      uuid REFERENCES leads (id) ON DELETE CASCADE,
  topic_id     uuid REFERENCES topics (id),
  channel      text NOT NULL CHECK (channel IN ('email', 'sms', 'letter', 'phone', 'any')),
  action       text NOT NULL CHECK (action IN ('requested', 'granted', 'confirmed', 'withdrawn')),
  source       text NOT NULL,
  text_shown   text,
  ip_address   text,
  recorded_by  text,
  recorded_at  timestamptz NOT NULL DEFAULT now(),
  CHECK ((contact_id IS NULL) <> (lead_id IS NULL))
);
CREATE INDEX consent_records_contact ON consent_records (contact_id, recorded_at);
CREATE INDEX consent_records_lead ON consent_records (lead_id, recorded_at);

CREATE TABLE suppressions (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  channel     text NOT NULL CHECK (channel IN ('email', 'sms', 'letter', 'phone')),
  address     text NOT NULL,
  reason      text NOT NULL CHECK (reason IN ('unsubscribe', 'bounce', 'complaint', 'manual', 'legal')),
  note        text,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX suppressions_channel_address ON suppressions (channel, lower(address));

-- Saved audiences: a rule tree (AND / OR / NOT) compiled to parameterised SQL.
CREATE TABLE segments (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name         text NOT NULL,
  description  text,
  rule         jsonb NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);

-- Static lists: a manual pick, or the contacts a customer-code file named (the file itself is
-- not kept).
CREATE TABLE contact_lists (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name        text NOT NULL,
  source      text NOT NULL CHECK (source IN ('manual', 'customer_codes')),
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE contact_list_members (
  list_id     uuid NOT NULL REFERENCES contact_lists (id) ON DELETE CASCADE,
  contact_id  uuid NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
  PRIMARY KEY (list_id, contact_id)
);

-- Imports run as jobs so the screen can show progress and, at the end, the full report.
CREATE TABLE import_jobs (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind            text NOT NULL CHECK (kind IN ('contacts', 'companies', 'sales', 'customer_codes')),
  file_name       text,
  status          text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'completed', 'failed')),
  total_rows      integer,
  processed_rows  integer NOT NULL DEFAULT 0,
  inserted_rows   integer NOT NULL DEFAULT 0,
  updated_rows    integer NOT NULL DEFAULT 0,
  error_count     integer NOT NULL DEFAULT 0,
  report          jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at      timestamptz NOT NULL DEFAULT now(),
  finished_at     timestamptz
);

-- Workspace settings (e.g. ABC thresholds), one JSON value per key.
CREATE TABLE settings (
  key         text PRIMARY KEY,
  value       jsonb NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO settings (key, value) VALUES ('abc_thresholds', '{"a": 80, "b": 15, "c": 5}');

-- Down Migration
DROP TABLE settings, import_jobs, contact_list_members, contact_lists, segments, suppressions,
  consent_records, subscriptions, topics, contact_events, opportunity_comments,
  opportunity_competitors, opportunity_products, opportunities, sales_lines, sales_orders,
  discount_list_items, discount_lists, price_list_items, price_lists, product_components,
  products, lead_activities, leads;
ALTER TABLE contacts
  DROP COLUMN company_id, DROP COLUMN customer_code, DROP COLUMN position, DROP COLUMN time_zone,
  DROP COLUMN owner_id, DROP COLUMN store_id, DROP COLUMN abc_class, DROP COLUMN abc_computed_at;
DROP TABLE attribute_definitions, companies, users, teams, stores;
