import { recomputeAbcClasses, type AbcSummary } from '../db/abc';
import type { AttributeType } from '../contracts/attribute-definition';
import { createRangeIndex } from '../db/attribute-definitions';
import { checkAttributeValue } from '../db/contact-attributes';
import { recordOpportunityEvent } from '../db/opportunity-events';
import { STAGE_PROBABILITY } from '../db/opportunity-stages';
import { SYSTEM_ACTOR, writeAudit } from '../db/audit';
import type { DbClient } from '../db/pool';
import type { User, UserRole } from '../db/users';
import type { SegmentRule } from '../flow/segment-rule';
import {
  ATTRIBUTES,
  DEMO_SUPPRESSED_CONTACT,
  DEMO_SUPPRESSION_NOTE,
  DEMO_TOPIC_CODES,
  offersSubscription,
  STORES,
  TEAMS,
  USERS,
  IMPORTED_BY,
  COMPANIES,
  DIALLING_CODES,
  PRODUCTS,
  KIT_COMPONENTS,
  TOPICS,
  LEADS,
  LEAD_ACTIVITIES,
  OPEN_OPPORTUNITY_PRODUCTS,
  OPEN_OPPORTUNITY_COMPETITORS,
  OPEN_OPPORTUNITY_COMMENTS,
  CONTACT_EVENTS,
} from './seed-demo-crm-data';
import type { CompanyKind } from './seed-demo-crm-data';

export { DEMO_TOPIC_CODES } from './seed-demo-crm-data';
import { validateSegmentRule } from '../flow/segment-validate';

/**
 * The CRM side of the demo: what the contacts list, the contact page (attributes, ABC class,
 * consent, timeline), the segment builder and the commerce screens show on a first start.
 * Everything is written by set-based SQL over the demo contacts, numbered 1..n in the order
 * `demoContacts()` made them, with deterministic arithmetic on that number instead of random():
 * every first start seeds the same workspace (only the dates move with "now").
 */

/** The saved segment of seed 000, and the topics it and the consent screens use. */
export const DEMO_SEGMENT_NAME = 'Network offer: decision makers under 45 who like blue';
export const DEMO_CONSENT_SOURCE = 'demo import';

/** Seed 000: "decision makers, opted in to network-equipment offers, under 45, favourite colour blue, shoe size over 40". */
export const DEMO_SEGMENT_RULE: SegmentRule = {
  op: 'and',
  rules: [
    { field: 'attributes.decisionMaker', operator: 'eq', value: true },
    { kind: 'subscribed', topic: DEMO_TOPIC_CODES.networkEquipment },
    { field: 'attributes.age', operator: 'lt', value: 45 },
    { field: 'attributes.favouriteColour', operator: 'eq', value: 'blue' },
    { field: 'attributes.shoeSize', operator: 'gt', value: 40 },
  ],
};

/**
 * The demo staff who get a password on the first start, one per role (scripts/first-sign-ins.ts).
 * The agent is the Italian store's: the contacts she sees are that store's, few enough to tell.
 */
export const DEMO_SIGN_IN_EMAILS: Readonly<Record<UserRole, string>> = {
  admin: demoStaff((user) => user.role === 'admin'),
  designer: demoStaff((user) => user.role === 'designer'),
  agent: demoStaff((user) => user.role === 'agent' && user.store === 'ITA'),
  budget_owner: demoStaff((user) => user.role === 'budget_owner'),
};

function demoStaff(matches: (user: (typeof USERS)[number]) => boolean): string {
  const user = USERS.find(matches);
  if (!user) throw new Error('The demo staff (seed-demo-crm-data.ts USERS) lack a person of a role the demo signs in as');
  return user.email;
}

/** What the CRM part wrote (absent from DemoSeedResult when the CRM already held data). */
export interface DemoCrmResult {
  attributeDefinitions: number;
  stores: number;
  teams: number;
  users: number;
  companies: number;
  linkedContacts: number;
  customers: number;
  products: number;
  salesOrders: number;
  subscriptions: number;
  consentRecords: number;
  leads: number;
  opportunities: number;
  contactEvents: number;
  abc: AbcSummary;
  segmentId: string;
}

/** The part of a demo contact this module reads. */
export interface DemoContactSeed {
  email: string;
  attributes: Record<string, unknown>;
}

/** Tables the CRM demo fills: it only goes into a CRM where all of them are empty. */
const CRM_TABLES = [
  'attribute_definitions', 'stores', 'teams', 'users', 'companies', 'products', 'price_lists', 'discount_lists',
  'sales_orders', 'topics', 'subscriptions', 'leads', 'opportunities', 'segments',
] as const;

/** ASCII for a made-up domain: "Clínicas Giralda" → "clinicas-giralda". */
function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function companyRows() {
  return (Object.entries(COMPANIES) as [CompanyKind, (typeof COMPANIES)[CompanyKind]][]).flatMap(([kind, { prefix, rows }]) =>
    rows.map(([name, country, city, industry], index) => {
      const serial = (Object.keys(COMPANIES).indexOf(kind) + 1) * 100 + index + 1;
      const domain = `${slug(name.replace(/\b(Kft|Zrt|S\.p\.A|S\.r\.l|S\.L|LLP|d\.o\.o)\.?$/, ''))}.example`;
      return {
        name,
        kind,
        code: `${prefix}-${String(index + 1).padStart(3, '0')}`,
        vat_number: `${country}${String(100_000_000 + ((serial * 48_271) % 899_999_999))}`,
        industry,
        email: `info@${domain}`,
        phone: `${DIALLING_CODES[country] ?? ''}${String(200_000_000 + ((serial * 7919) % 700_000_000))}`,
        city,
        country,
      };
    }),
  );
}

interface DefinitionRow {
  key: string;
  label: string;
  type: AttributeType;
  options: string[] | null;
}

/**
 * One definition per attribute key of the demo contacts, typed as their values are; list
 * options are the values that occur. Refuses (like the API would) any value that does not fit,
 * so the definitions can never silently disagree with the data.
 */
function attributeDefinitions(contacts: readonly DemoContactSeed[]): DefinitionRow[] {
  const keys = new Set(contacts.flatMap((contact) => Object.keys(contact.attributes)));
  const declared = new Set(ATTRIBUTES.map((attribute) => attribute.key));
  const undeclared = [...keys].filter((key) => !declared.has(key));
  if (undeclared.length > 0) throw new Error(`Demo attributes without a definition: ${undeclared.join(', ')}`);
  return ATTRIBUTES.map(({ key, label, type }) => {
    const options = type === 'list' ? [...new Set(contacts.map((contact) => String(contact.attributes[key])))].sort() : null;
    for (const contact of contacts) {
      if (!(key in contact.attributes)) continue;
      const checked = checkAttributeValue({ type, options }, contact.attributes[key]);
      if ('error' in checked) throw new Error(`Demo attribute ${key} of ${contact.email} ${checked.error}`);
    }
    return { key, label, type, options };
  });
}

/**
 * Fill an empty CRM around the demo contacts (given in `demoContacts()` order), in the caller's
 * transaction: attribute definitions, stores, teams and users, companies of every kind with
 * contact persons, topics with consented subscriptions, a catalogue with a bundle and this
 * year's prices, up to three years of sales (then ABC classes), leads, opportunities, timeline
 * events and seed 000's saved segment. Undefined, writing nothing, when any CRM table already
 * holds rows: the demo never mixes into a user's own data.
 */
export async function seedDemoCrm(client: DbClient, contacts: readonly DemoContactSeed[]): Promise<DemoCrmResult | undefined> {
  const used = await client.query<{ used: boolean }>(`SELECT ${CRM_TABLES.map((table) => `EXISTS (SELECT 1 FROM ${table})`).join(' OR ')} AS used`);
  if (used.rows[0]?.used) return undefined;
  const segmentProblems = validateSegmentRule(DEMO_SEGMENT_RULE);
  if (segmentProblems.length > 0) throw new Error(`The demo segment is invalid: ${JSON.stringify(segmentProblems)}`);

  // generate_series and jsonb_to_recordset are estimated at 1000 and 100 rows each, so the sales
  // statement looks huge to the planner and JIT compilation alone would take seconds (PGlite has no JIT).
  await client.query('SET LOCAL jit = off');
  // The demo contacts by number; every statement below derives its choices from `n`.
  await client.query('CREATE TEMP TABLE demo_contact (n integer PRIMARY KEY, id uuid NOT NULL UNIQUE) ON COMMIT DROP');
  await client.query(
    `INSERT INTO demo_contact (n, id)
     SELECT x.n, c.id FROM unnest($1::text[]) WITH ORDINALITY AS x(email, n) JOIN contacts c ON lower(c.email) = lower(x.email)`,
    [contacts.map((contact) => contact.email)],
  );

  const definitions = await seedAttributeDefinitions(client, contacts);
  await seedOrganisation(client);
  await seedCompanies(client);
  await placeContacts(client, definitions.filter((definition) => definition.type === 'list').map((definition) => definition.key));
  await seedCatalogue(client);
  await seedConsent(client, contacts.length);
  await seedSales(client);
  await seedLeads(client);
  await seedOpportunities(client);
  await seedContactEvents(client);
  const abc = await recomputeAbcClasses(client);
  // Last: the contact rewrites above (places, ABC classes) need not maintain them row by row.
  // The same expression indexes a number or date definition made through the API gets.
  for (const { key, type } of definitions) if (type === 'number' || type === 'date') await createRangeIndex(client, key, type);
  const segment = await client.query<{ id: string }>(
    'INSERT INTO segments (name, description, rule) VALUES ($1, $2, $3::jsonb) RETURNING id',
    [
      DEMO_SEGMENT_NAME,
      'Seed 000: decision makers opted in to network-equipment offers, under 45, favourite colour blue, shoe size over 40',
      JSON.stringify(DEMO_SEGMENT_RULE),
    ],
  );

  const { rows } = await client.query<Omit<DemoCrmResult, 'abc' | 'segmentId'>>(
    `SELECT (SELECT count(*)::int FROM attribute_definitions) AS "attributeDefinitions",
            (SELECT count(*)::int FROM stores) AS stores, (SELECT count(*)::int FROM teams) AS teams,
            (SELECT count(*)::int FROM users) AS users, (SELECT count(*)::int FROM companies) AS companies,
            (SELECT count(*)::int FROM contacts c JOIN demo_contact d ON d.id = c.id WHERE c.company_id IS NOT NULL) AS "linkedContacts",
            (SELECT count(*)::int FROM contacts c JOIN demo_contact d ON d.id = c.id WHERE c.customer_code IS NOT NULL) AS customers,
            (SELECT count(*)::int FROM products) AS products, (SELECT count(*)::int FROM sales_orders) AS "salesOrders",
            (SELECT count(*)::int FROM subscriptions) AS subscriptions, (SELECT count(*)::int FROM consent_records) AS "consentRecords",
            (SELECT count(*)::int FROM leads) AS leads, (SELECT count(*)::int FROM opportunities) AS opportunities,
            (SELECT count(*)::int FROM contact_events) AS "contactEvents"`,
  );
  return { ...rows[0]!, abc, segmentId: segment.rows[0]!.id };
}

/** Definitions typed as the data is (list options: the values that occur). */
async function seedAttributeDefinitions(client: DbClient, contacts: readonly DemoContactSeed[]): Promise<DefinitionRow[]> {
  const definitions = attributeDefinitions(contacts);
  await client.query(
    `INSERT INTO attribute_definitions (key, label, type, options)
     SELECT key, label, type, options FROM jsonb_to_recordset($1::jsonb) AS x(key text, label text, type text, options jsonb)`,
    [JSON.stringify(definitions)],
  );
  return definitions;
}

/** Stores, teams and the staff (without passwords: scripts/first-sign-ins.ts gives the demo sign-ins theirs). */
async function seedOrganisation(client: DbClient): Promise<void> {
  await client.query(`INSERT INTO stores (code, name) SELECT code, name FROM jsonb_to_recordset($1::jsonb) AS x(code text, name text)`, [JSON.stringify(STORES)]);
  await client.query(
    `INSERT INTO teams (name, store_id)
     SELECT x.name, s.id FROM jsonb_to_recordset($1::jsonb) AS x(name text, store text) LEFT JOIN stores s ON s.code = x.store`,
    [JSON.stringify(TEAMS)],
  );
  const { rows: users } = await client.query<Pick<User, 'id' | 'email' | 'name' | 'role' | 'teamId' | 'storeId'>>(
    `INSERT INTO users (email, name, role, team_id, store_id)
     SELECT x.email, x.name, x.role, t.id, s.id
     FROM jsonb_to_recordset($1::jsonb) AS x(email text, name text, role text, team text, store text)
     LEFT JOIN teams t ON t.name = x.team LEFT JOIN stores s ON s.code = x.store
     RETURNING id, email, name, role, team_id AS "teamId", store_id AS "storeId"`,
    [JSON.stringify(USERS)],
  );
  // Every account has its creation in the audit log, the demo's too (as db/users.ts createUser writes it).
  for (const { id, ...created } of users) await writeAudit(client, SYSTEM_ACTOR, { action: 'user.create', entity: 'user', entityId: id, diff: created });
}

/** The store of a country, and the user who owns that store's accounts. */
const STORE_OWNERS_SQL = `
  SELECT country, s.id AS store_id,
         (SELECT u.id FROM users u WHERE u.store_id = s.id AND u.role = 'agent' ORDER BY u.email LIMIT 1) AS owner_id
  FROM jsonb_to_recordset($1::jsonb) AS x(code text, countries text[]) CROSS JOIN unnest(x.countries) AS country
  JOIN stores s ON s.code = x.code`;

/** Companies of every kind, in the countries the contacts live in, owned by their store's agent. */
async function seedCompanies(client: DbClient): Promise<void> {
  const storesJson = JSON.stringify(STORES);
  await client.query(
    `WITH owners AS (${STORE_OWNERS_SQL})
     INSERT INTO companies (name, kind, code, vat_number, industry, email, phone, city, country, owner_id)
     SELECT x.name, x.kind, x.code, x.vat_number, x.industry, x.email, x.phone, x.city, x.country, o.owner_id
     FROM jsonb_to_recordset($2::jsonb) AS x(name text, kind text, code text, vat_number text, industry text, email text,
       phone text, city text, country text)
     LEFT JOIN owners o ON o.country = x.country`,
    [storesJson, JSON.stringify(companyRows())],
  );
}

/**
 * The demo contacts' places, in ONE rewrite of their rows: of every 20 contacts, 7 work for a
 * client, 4 for a prospect, 2 for a partner, 1 for a competitor (each at a company of their own
 * country) and 6 are private persons; the store of their country (and its agent as owner of the
 * business contacts); customer codes for the customers — the people of clients and partners and
 * two thirds of the private persons. List attributes take the form the API stores: an array of
 * the options picked.
 */
async function placeContacts(client: DbClient, listKeys: readonly string[]): Promise<void> {
  const storesJson = JSON.stringify(STORES);
  await client.query(
    `WITH owners AS (${STORE_OWNERS_SQL}),
     placed AS (
       SELECT d.n, c.id, c.country, (c.attributes ->> 'decisionMaker')::boolean AS decides,
              CASE WHEN d.n % 20 <= 6 THEN 'client' WHEN d.n % 20 <= 10 THEN 'prospect'
                   WHEN d.n % 20 <= 12 THEN 'partner' WHEN d.n % 20 = 13 THEN 'competitor' END AS kind
       FROM demo_contact d JOIN contacts c ON c.id = d.id
     ),
     companies_by_country AS (
       SELECT id, kind, country, row_number() OVER (PARTITION BY kind, country ORDER BY code) - 1 AS k,
              count(*) OVER (PARTITION BY kind, country) AS m
       FROM companies
     )
     UPDATE contacts c SET
       company_id = co.id,
       position = CASE WHEN co.id IS NULL THEN NULL
                       WHEN p.decides THEN (ARRAY['Managing director', 'IT director', 'Head of purchasing', 'Operations director'])[1 + p.n % 4]
                       ELSE (ARRAY['IT administrator', 'Office manager', 'Buyer', 'Network engineer', 'Accountant'])[1 + p.n % 5] END,
       store_id = o.store_id,
       owner_id = CASE WHEN co.id IS NULL THEN NULL ELSE o.owner_id END,
       customer_code = CASE WHEN co.kind IN ('client', 'partner') OR (co.id IS NULL AND p.n % 3 <> 0) THEN 'C' || lpad(p.n::text, 6, '0') END,
       attributes = c.attributes || coalesce((
         SELECT jsonb_object_agg(key, jsonb_build_array(c.attributes -> key)) FROM unnest($2::text[]) AS key
         WHERE jsonb_typeof(c.attributes -> key) = 'string'), '{}'::jsonb),
       updated_at = now()
     FROM placed p
     LEFT JOIN companies_by_country co ON co.kind = p.kind AND co.country = p.country AND co.k = (p.n / 20) % co.m
     LEFT JOIN owners o ON o.country = p.country
     WHERE c.id = p.id`,
    [storesJson, listKeys],
  );
}

/** Products, a service, a bundle of components with cost accounts, this year's prices and volume discounts. */
async function seedCatalogue(client: DbClient): Promise<void> {
  await client.query(
    `INSERT INTO products (code, name, kind, family, unit, cost_account)
     SELECT code, name, kind, family, unit, "costAccount"
     FROM jsonb_to_recordset($1::jsonb) AS x(code text, name text, kind text, family text, unit text, "costAccount" text)`,
    [JSON.stringify(PRODUCTS)],
  );
  await client.query(
    `INSERT INTO product_components (bundle_id, component_id, quantity, cost_account)
     SELECT b.id, p.id, x.quantity, x."costAccount"
     FROM jsonb_to_recordset($1::jsonb) AS x(code text, quantity numeric, "costAccount" text)
     JOIN products p ON p.code = x.code CROSS JOIN products b WHERE b.code = 'KIT-OFFICE'`,
    [JSON.stringify(KIT_COMPONENTS)],
  );
  await client.query(
    `WITH list AS (
       INSERT INTO price_lists (name, currency, valid_from, valid_to)
       SELECT 'Price list ' || extract(year FROM current_date), 'EUR', date_trunc('year', current_date)::date,
              (date_trunc('year', current_date) + interval '1 year - 1 day')::date
       RETURNING id
     )
     INSERT INTO price_list_items (price_list_id, product_id, price)
     SELECT list.id, p.id, x.price FROM list CROSS JOIN jsonb_to_recordset($1::jsonb) AS x(code text, price numeric) JOIN products p ON p.code = x.code`,
    [JSON.stringify(PRODUCTS)],
  );
  await client.query(
    `WITH list AS (
       INSERT INTO discount_lists (name, valid_from, valid_to)
       SELECT 'Volume discounts ' || extract(year FROM current_date), date_trunc('year', current_date)::date,
              (date_trunc('year', current_date) + interval '1 year - 1 day')::date
       RETURNING id
     )
     INSERT INTO discount_list_items (discount_list_id, family, percent, min_quantity)
     SELECT list.id, x.family, x.percent, x.min_quantity FROM list
     CROSS JOIN (VALUES ('network', 5, 10), ('cabling', 15, 50)) AS x(family, percent, min_quantity)`,
  );
}

/**
 * Topics and confirmed subscriptions, each with the consent record that proves it (source
 * "demo import", the words shown, the time). Decision makers at clients, prospects and partners
 * (and a third of their colleagues, and a few private persons) get network-equipment offers;
 * three in five contacts read the newsletter, and a handful unsubscribed from it again; four in
 * five take the Offers the Welcome campaign mails (offersSubscription), one of them with an
 * address on the suppression list.
 */
async function seedConsent(client: DbClient, contactCount: number): Promise<void> {
  await client.query(
    `INSERT INTO topics (code, name, description, double_opt_in)
     SELECT code, name, description, true FROM jsonb_to_recordset($1::jsonb) AS x(code text, name text, description text)`,
    [JSON.stringify(TOPICS)],
  );
  const numbers = Array.from({ length: contactCount }, (_, index) => index + 1);
  const offers = numbers.filter((n) => offersSubscription(n) !== undefined);
  const offersUnsubscribed = numbers.filter((n) => offersSubscription(n) === 'unsubscribed');
  await client.query(
    `INSERT INTO subscriptions (topic_id, contact_id, status, requested_at, confirmed_at, unsubscribed_at)
     SELECT t.id, c.id, CASE WHEN w.unsubscribed THEN 'unsubscribed' ELSE 'subscribed' END, w.at, w.at,
            CASE WHEN w.unsubscribed THEN w.at + make_interval(days => 20 + d.n % 60) END
     FROM demo_contact d JOIN contacts c ON c.id = d.id LEFT JOIN companies co ON co.id = c.company_id
     CROSS JOIN topics t
     CROSS JOIN LATERAL (
       SELECT now() - make_interval(days => 90 + (d.n * 37 + length(t.code) * 11) % 700, mins => d.n % 600) AS at,
              (t.code = $2 AND d.n % 40 = 7) OR (t.code = $3 AND d.n = ANY($5::int[])) AS unsubscribed
     ) w
     WHERE (t.code = $1 AND ((co.kind IN ('client', 'prospect', 'partner') AND ((c.attributes ->> 'decisionMaker')::boolean OR d.n % 3 = 0))
                             OR (co.id IS NULL AND d.n % 6 = 1)))
        OR (t.code = $2 AND d.n % 5 < 3)
        OR (t.code = $3 AND d.n = ANY($4::int[]))`,
    [DEMO_TOPIC_CODES.networkEquipment, DEMO_TOPIC_CODES.newsletter, DEMO_TOPIC_CODES.offers, offers, offersUnsubscribed],
  );
  await client.query(
    `INSERT INTO consent_records (contact_id, topic_id, channel, action, source, text_shown, recorded_by, recorded_at)
     SELECT s.contact_id, s.topic_id, 'email', r.action, $2, x."textShown", $3, r.at
     FROM subscriptions s JOIN topics t ON t.id = s.topic_id
     JOIN jsonb_to_recordset($1::jsonb) AS x(code text, "textShown" text) ON x.code = t.code
     CROSS JOIN LATERAL (VALUES ('granted', s.requested_at), ('withdrawn', s.unsubscribed_at)) AS r(action, at)
     WHERE r.at IS NOT NULL`,
    [JSON.stringify(TOPICS), DEMO_CONSENT_SOURCE, IMPORTED_BY],
  );
  await client.query(
    `INSERT INTO suppressions (channel, address, reason, note, created_at)
     SELECT 'email', c.email, 'bounce', $2, now() - interval '200 days'
     FROM demo_contact d JOIN contacts c ON c.id = d.id WHERE d.n = $1 AND c.email IS NOT NULL
     ON CONFLICT DO NOTHING`,
    [DEMO_SUPPRESSED_CONTACT, DEMO_SUPPRESSION_NOTE],
  );
}

/**
 * Up to three years of orders for every customer: 2–8 for business customers (bigger lines,
 * scaled by the size of the account), 1–3 for private ones, each with 1–3 lines priced from the
 * catalogue (a little cheaper in earlier years). One statement: plan orders and lines, insert
 * the orders with their totals, then the lines.
 */
async function seedSales(client: DbClient): Promise<void> {
  await client.query(
    `WITH catalogue AS (
       SELECT p.id, p.family, x.code, x.price, x.b2b, x.retail
       FROM jsonb_to_recordset($1::jsonb) AS x(code text, price numeric, b2b integer, retail integer) JOIN products p ON p.code = x.code
     ), items AS (
       SELECT true AS business, id, family, price, b2b AS max_quantity,
              row_number() OVER (ORDER BY code) AS i, count(*) OVER () AS m FROM catalogue WHERE b2b > 0
       UNION ALL
       SELECT false, id, family, price, retail, row_number() OVER (ORDER BY code), count(*) OVER () FROM catalogue WHERE retail > 0
     ), customers AS (
       SELECT d.n, c.id AS contact_id, c.company_id, c.store_id, c.company_id IS NOT NULL AS business
       FROM demo_contact d JOIN contacts c ON c.id = d.id WHERE c.customer_code IS NOT NULL
     ), planned AS (
       SELECT cu.*, k,
              date_trunc('day', now()) - make_interval(days => 1 + (cu.n * 7919 + k * 104729) % 1095)
                + make_interval(hours => 8 + (cu.n + k) % 10, mins => (cu.n * 7 + k * 11) % 60) AS ordered_at
       FROM customers cu
       CROSS JOIN LATERAL generate_series(1, CASE WHEN cu.business THEN 2 + cu.n * 5 % 7 ELSE 1 + cu.n * 2 % 3 END) AS k
     ), orders AS (
       SELECT planned.*, 'SO-' || to_char(ordered_at, 'YYYY') || '-'
                || lpad(row_number() OVER (PARTITION BY date_trunc('year', ordered_at) ORDER BY ordered_at, n, k)::text, 5, '0') AS order_number
       FROM planned
     ), lines AS (
       SELECT o.order_number, l AS line_no, it.id AS product_id, it.family, q.quantity,
              round(q.quantity * it.price * (1 - 0.04 * floor(extract(epoch FROM now() - o.ordered_at) / 86400 / 365)), 2) AS amount
       FROM orders o
       CROSS JOIN LATERAL generate_series(1, 1 + (o.n + o.k) % 3) AS l
       JOIN items it ON it.business = o.business AND it.i = 1 + (o.n * 31 + o.k * 17 + l * 13) % it.m
       CROSS JOIN LATERAL (
         SELECT (1 + (o.n * 7 + o.k * 3 + l) % it.max_quantity) * CASE WHEN o.business THEN 1 + o.n * 13 % 4 ELSE 1 END AS quantity
       ) q
     ), inserted AS (
       INSERT INTO sales_orders (order_number, contact_id, company_id, store_id, ordered_at, total_amount)
       SELECT o.order_number, o.contact_id, o.company_id, o.store_id, o.ordered_at, t.total
       FROM orders o JOIN (SELECT order_number, sum(amount) AS total FROM lines GROUP BY order_number) t USING (order_number)
       RETURNING id, order_number
     )
     INSERT INTO sales_lines (order_id, line_no, product_id, family, quantity, amount)
     SELECT i.id, l.line_no, l.product_id, l.family, l.quantity, l.amount FROM lines l JOIN inserted i USING (order_number)`,
    [JSON.stringify(PRODUCTS)],
  );
}

/** Open leads (and one discarded) with their meeting notes, quotes and reminders. */
async function seedLeads(client: DbClient): Promise<void> {
  await client.query(
    `INSERT INTO leads (first_name, last_name, email, phone, company_name, position, gender, language, source, notes, status,
       owner_id, created_at, updated_at)
     SELECT x."firstName", x."lastName", x.email, x.phone, x."companyName", x.position, x.gender, x.language, x.source, x.notes,
            x.status, u.id, now() - make_interval(days => x."daysAgo"), now() - make_interval(days => x."daysAgo")
     FROM jsonb_to_recordset($1::jsonb) AS x("firstName" text, "lastName" text, email text, phone text, "companyName" text,
       position text, gender text, language text, source text, notes text, status text, owner text, "daysAgo" integer)
     LEFT JOIN users u ON u.email = x.owner`,
    [JSON.stringify(LEADS)],
  );
  await client.query(
    `INSERT INTO lead_activities (lead_id, kind, body, due_at, author, created_at)
     SELECT l.id, x.kind, x.body, date_trunc('hour', now()) + make_interval(days => x."dueInDays", hours => 10), x.author,
            now() - make_interval(days => x."daysAgo")
     FROM jsonb_to_recordset($1::jsonb) AS x(lead text, kind text, body text, author text, "daysAgo" integer, "dueInDays" integer)
     JOIN leads l ON l.email = x.lead`,
    [JSON.stringify(LEAD_ACTIVITIES)],
  );
}

/**
 * Two opportunities: an open one with a prospect's decision maker (products at list price,
 * two competitors, salespeople's comments), and a won one with a client, linked to the order
 * it produced. Both are on their contact's timeline, dated when they happened.
 */
async function seedOpportunities(client: DbClient): Promise<void> {
  const open = await client.query<{ id: string }>(
    `WITH pick AS (
       SELECT c.id AS contact_id, co.id AS company_id, co.name AS company, c.owner_id
       FROM demo_contact d JOIN contacts c ON c.id = d.id JOIN companies co ON co.id = c.company_id
       WHERE co.kind = 'prospect' AND (c.attributes ->> 'decisionMaker')::boolean ORDER BY d.n LIMIT 1
     )
     INSERT INTO opportunities (title, contact_id, company_id, owner_id, goal, stage, probability, expected_close,
       expected_revenue_from_products, created_at, updated_at)
     SELECT 'Network refresh — ' || company, contact_id, company_id, owner_id,
            'Replace the core switches and cover the new warehouse with Wi-Fi', 'proposal', $1, current_date + 21, true,
            now() - interval '18 days', now() - interval '7 days'
     FROM pick RETURNING id`,
    [STAGE_PROBABILITY.proposal],
  );
  const openId = open.rows[0]?.id;
  if (openId !== undefined) {
    await client.query(
      `INSERT INTO opportunity_products (opportunity_id, product_id, family, quantity, amount)
       SELECT $1, p.id, p.family, x.quantity, x.quantity * i.price
       FROM jsonb_to_recordset($2::jsonb) AS x(code text, quantity numeric)
       JOIN products p ON p.code = x.code JOIN price_list_items i ON i.product_id = p.id`,
      [openId, JSON.stringify(OPEN_OPPORTUNITY_PRODUCTS)],
    );
    await client.query(
      `UPDATE opportunities SET expected_revenue = (SELECT sum(amount) FROM opportunity_products WHERE opportunity_id = $1) WHERE id = $1`,
      [openId],
    );
    await client.query(
      `WITH rivals AS (
         SELECT co.id, co.name, row_number() OVER (ORDER BY co.country = o.country DESC, co.code) AS i
         FROM companies co CROSS JOIN (SELECT c.country FROM opportunities op JOIN companies c ON c.id = op.company_id WHERE op.id = $1) o
         WHERE co.kind = 'competitor'
       )
       INSERT INTO opportunity_competitors (opportunity_id, company_id, name, strengths, weaknesses)
       SELECT $1, r.id, r.name, x.strengths, x.weaknesses
       FROM jsonb_to_recordset($2::jsonb) AS x(i integer, strengths text, weaknesses text) JOIN rivals r ON r.i = x.i`,
      [openId, JSON.stringify(OPEN_OPPORTUNITY_COMPETITORS.map((competitor, index) => ({ i: index + 1, ...competitor })))],
    );
    await client.query(
      `INSERT INTO opportunity_comments (opportunity_id, author, body, created_at)
       SELECT o.id, u.name, x.body, o.created_at + make_interval(days => x."afterDays", hours => 3)
       FROM jsonb_to_recordset($2::jsonb) AS x(author text, body text, "afterDays" integer)
       JOIN users u ON u.email = x.author CROSS JOIN opportunities o WHERE o.id = $1`,
      [openId, JSON.stringify(OPEN_OPPORTUNITY_COMMENTS)],
    );
    await recordOpportunityEvent(client, openId, 'opportunity_created');
  }

  const won = await client.query<{ id: string; order_number: string }>(
    `WITH pick AS (
       SELECT c.id AS contact_id, co.id AS company_id, co.name AS company, c.owner_id,
              o.id AS order_id, o.order_number, o.total_amount, o.ordered_at
       FROM demo_contact d JOIN contacts c ON c.id = d.id JOIN companies co ON co.id = c.company_id
       CROSS JOIN LATERAL (SELECT * FROM sales_orders o WHERE o.contact_id = c.id ORDER BY o.ordered_at DESC LIMIT 1) o
       WHERE co.kind = 'client' ORDER BY d.n LIMIT 1
     )
     INSERT INTO opportunities (title, contact_id, company_id, owner_id, goal, stage, probability, expected_revenue, actual_revenue,
       expected_revenue_from_products, expected_close, order_id, order_reference, closed_at, created_at, updated_at)
     SELECT 'Office network upgrade — ' || company, contact_id, company_id, owner_id, 'Faster, safer office network before the move',
            'won', 100, total_amount, total_amount, true, ordered_at::date, order_id, order_number, ordered_at,
            ordered_at - interval '40 days', ordered_at
     FROM pick RETURNING id, order_reference AS order_number`,
  );
  const wonOpportunity = won.rows[0];
  if (wonOpportunity !== undefined) {
    await client.query(
      `INSERT INTO opportunity_products (opportunity_id, product_id, family, quantity, amount)
       SELECT o.id, l.product_id, l.family, l.quantity, l.amount FROM opportunities o JOIN sales_lines l ON l.order_id = o.order_id
       WHERE o.id = $1`,
      [wonOpportunity.id],
    );
    await recordOpportunityEvent(client, wonOpportunity.id, 'opportunity_created');
    await recordOpportunityEvent(client, wonOpportunity.id, 'opportunity_won', `Order ${wonOpportunity.order_number}`);
  }
  // The milestones happened when the opportunities say, not when the demo was seeded.
  await client.query(
    `UPDATE contact_events e SET occurred_at = CASE e.kind WHEN 'opportunity_created' THEN o.created_at ELSE o.closed_at END
     FROM opportunities o WHERE e.data ->> 'opportunityId' = o.id::text`,
  );
}

/** Calls, store visits and notes on the timeline of a few dozen contacts. */
async function seedContactEvents(client: DbClient): Promise<void> {
  await client.query(
    `INSERT INTO contact_events (contact_id, kind, title, body, actor, occurred_at)
     SELECT c.id, e.kind, e.title, e.body, coalesce(u.name, 'Store staff'),
            now() - make_interval(days => e.days + d.n % 40, hours => d.n % 8)
     FROM demo_contact d JOIN contacts c ON c.id = d.id LEFT JOIN users u ON u.id = c.owner_id
     JOIN jsonb_to_recordset($1::jsonb) AS e(kind text, title text, body text, every integer, at integer, days integer)
       ON d.n % e.every = e.at`,
    [JSON.stringify(CONTACT_EVENTS)],
  );
}
