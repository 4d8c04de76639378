import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rangeIndexName } from '../../db/attribute-definitions';
import { checkAttributes, loadAttributeRules } from '../../db/contact-attributes';
import { contactHistory } from '../../db/contact-history';
import { getOpportunity } from '../../db/opportunities';
import type { Db } from '../../db/pool';
import { resolvePrice } from '../../db/pricing';
import type { AudienceSelection } from '../../db/segments/audience-where';
import { previewAudience } from '../../db/segments/segments';
import { checkFlow } from '../../api/flow-checks';
import type { FlowGraph } from '../../flow/graph';
import { DEMO_CONSENT_SOURCE, DEMO_SEGMENT_NAME, DEMO_SIGN_IN_EMAILS, DEMO_TOPIC_CODES } from '../../scripts/seed-demo-crm';
import {
  DEMO_AUDIENCE_COUNT,
  DEMO_CALLBACK_CAMPAIGN_CODE,
  DEMO_CALLBACK_FLOW_NAME,
  DEMO_CALLBACK_PRODUCT_CODE,
  DEMO_CALLBACK_TOPIC_CODE,
  DEMO_CONTACT_COUNT,
  DEMO_OFFER_DISCOUNT_PERCENT,
  DEMO_OFFER_PRODUCT_CODE,
  DEMO_TEMPLATE_NAME,
  demoContacts,
  seedDemo,
  type DemoSeedResult,
} from '../../scripts/seed-demo';
import { DEMO_SUPPRESSED_CONTACT, DIALLING_CODES, MOBILE_NUMBERS } from '../../scripts/seed-demo-crm-data';
import { createTestDatabase, type TestDatabase } from '../support/postgres';

/** The JSON type (jsonb_typeof) a value of each declared attribute type is stored as. */
const JSON_TYPE_OF = { number: 'number', boolean: 'boolean', string: 'string', date: 'string', list: 'array' } as const;

/** Every table the demo writes to, for "the second seed wrote nothing". */
const SEEDED_TABLES = [
  'contacts', 'templates', 'flows', 'campaigns', 'attribute_definitions', 'stores', 'teams', 'users', 'companies', 'products',
  'product_components', 'price_lists', 'price_list_items', 'discount_lists', 'discount_list_items', 'sales_orders',
  'sales_lines', 'topics', 'subscriptions', 'consent_records', 'leads', 'lead_activities', 'opportunities',
  'opportunity_products', 'opportunity_competitors', 'opportunity_comments', 'contact_events', 'segments',
  'template_variants', 'suppressions',
];

async function tableCounts(db: Db): Promise<Record<string, number>> {
  const { rows } = await db.query<Record<string, number>>(
    `SELECT ${SEEDED_TABLES.map((table) => `(SELECT count(*)::int FROM ${table}) AS ${table}`).join(', ')}`,
  );
  return rows[0]!;
}

async function count(db: Db, sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await db.query<{ n: string }>(sql, params);
  return Number(rows[0]?.n);
}

/** The demo seed's CRM part on a fresh database: what a first-time user sees in the CRM screens. */
describe('demo seed: the CRM around the demo contacts', () => {
  let database: TestDatabase;
  let db: Db;
  let seeded: DemoSeedResult;

  beforeAll(async () => {
    database = await createTestDatabase('cs_seed_crm');
    db = database.db;
    seeded = await seedDemo(db);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('declares every attribute the demo contacts carry, typed as their values are', async () => {
    expect(seeded).toMatchObject({ seeded: true, contacts: DEMO_CONTACT_COUNT });
    const { rows: stored } = await db.query<{ key: string; json_type: string; type: keyof typeof JSON_TYPE_OF | null; contacts: string }>(
      `SELECT a.key, jsonb_typeof(a.value) AS json_type, d.type, count(*) AS contacts
       FROM contacts c CROSS JOIN jsonb_each(c.attributes) AS a LEFT JOIN attribute_definitions d ON d.key = a.key
       GROUP BY 1, 2, 3 ORDER BY 1, 2`,
    );
    expect(stored.map((row) => row.key)).toEqual(['age', 'customerSince', 'decisionMaker', 'favouriteColour', 'loyaltyTier', 'shoeSize']);
    for (const row of stored) {
      expect(row.type, `definition of ${row.key}`).not.toBeNull();
      expect(row.json_type, `JSON type of ${row.key}`).toBe(JSON_TYPE_OF[row.type!]);
      expect(Number(row.contacts), `contacts carrying ${row.key}`).toBe(DEMO_CONTACT_COUNT);
    }
    expect(Object.fromEntries(stored.map((row) => [row.key, row.type]))).toEqual({
      age: 'number',
      customerSince: 'number',
      decisionMaker: 'boolean',
      favouriteColour: 'list',
      loyaltyTier: 'string',
      shoeSize: 'number',
    });

    // The check every contact write goes through accepts each stored value, unchanged.
    const rules = await loadAttributeRules(db);
    expect(rules.get('favouriteColour')?.options).toEqual(['black', 'blue', 'green', 'orange', 'purple', 'red', 'white', 'yellow']);
    const { rows: contacts } = await db.query<{ email: string; attributes: Record<string, unknown> }>('SELECT email, attributes FROM contacts');
    for (const contact of contacts) {
      const checked = checkAttributes(rules, contact.attributes, 'attributes');
      expect(checked.problems, contact.email).toEqual([]);
      expect(checked.attributes, contact.email).toEqual(contact.attributes);
    }
    // Number attributes are range-indexed, as a definition made through the API is.
    const rangeIndexes = ['age', 'customerSince', 'shoeSize'].map(rangeIndexName);
    const { rows: indexes } = await db.query<{ indexname: string }>(
      `SELECT indexname FROM pg_indexes WHERE tablename = 'contacts' AND indexname = ANY($1::text[]) ORDER BY 1`,
      [rangeIndexes],
    );
    expect(indexes.map((row) => row.indexname)).toEqual(rangeIndexes);
  });

  it('has stores, teams, users and 15–25 companies of each kind, with contact persons', async () => {
    expect(await count(db, 'SELECT count(*) AS n FROM stores')).toBeGreaterThanOrEqual(3);
    expect(await count(db, 'SELECT count(*) AS n FROM teams WHERE store_id IS NOT NULL')).toBeGreaterThanOrEqual(3);
    expect(await count(db, `SELECT count(*) AS n FROM users WHERE role = 'agent' AND team_id IS NOT NULL AND store_id IS NOT NULL`)).toBeGreaterThanOrEqual(3);
    const { rows } = await db.query<{ kind: string; companies: number; with_contacts: number; contacts: number }>(
      `SELECT co.kind, count(DISTINCT co.id)::int AS companies, count(DISTINCT c.company_id)::int AS with_contacts, count(c.id)::int AS contacts
       FROM companies co LEFT JOIN contacts c ON c.company_id = co.id GROUP BY co.kind ORDER BY co.kind`,
    );
    expect(rows.map((row) => row.kind)).toEqual(['client', 'competitor', 'partner', 'prospect']);
    for (const row of rows) {
      expect(row.companies, row.kind).toBeGreaterThanOrEqual(15);
      expect(row.companies, row.kind).toBeLessThanOrEqual(25);
      expect(row.contacts, row.kind).toBeGreaterThan(0);
    }
    // Client companies all have people; part of the contacts are private persons.
    expect(rows.find((row) => row.kind === 'client')?.with_contacts).toBe(rows.find((row) => row.kind === 'client')?.companies);
    const linked = await count(db, 'SELECT count(*) AS n FROM contacts WHERE company_id IS NOT NULL');
    expect(linked).toBeGreaterThan(DEMO_CONTACT_COUNT / 2);
    expect(linked).toBeLessThan(DEMO_CONTACT_COUNT);
    // A contact person works in the country of their company; every contact has its country's store.
    expect(await count(db, 'SELECT count(*) AS n FROM contacts c JOIN companies co ON co.id = c.company_id WHERE co.country <> c.country')).toBe(0);
    expect(await count(db, 'SELECT count(*) AS n FROM contacts WHERE store_id IS NULL')).toBe(0);
  });

  it("gives every contact a mobile number of its own country, and every company a number of its country's", async () => {
    const { rows: contacts } = await db.query<{ email: string; city: string; country: string; phone: string }>('SELECT email, city, country, phone FROM contacts');
    expect(contacts).toHaveLength(DEMO_CONTACT_COUNT);
    for (const contact of contacts) {
      const code = DIALLING_CODES[contact.country]!;
      const shape = MOBILE_NUMBERS[contact.country]!;
      // A Manchester contact is reached on +44 7…, never on +65.
      expect(contact.phone, `${contact.email} in ${contact.city}`).toMatch(new RegExp(`^\\${code}${shape.lead}\\d{${shape.digits - shape.lead.length}}$`));
    }
    expect(new Set(contacts.map((contact) => contact.phone)).size).toBeGreaterThan(DEMO_CONTACT_COUNT * 0.95);
    const { rows: companies } = await db.query<{ name: string; country: string; phone: string }>('SELECT name, country, phone FROM companies');
    for (const company of companies) expect(company.phone.startsWith(DIALLING_CODES[company.country]!), `${company.name} (${company.country}): ${company.phone}`).toBe(true);
  });

  it('gives customers a customer code and up to three years of orders whose totals add up', async () => {
    // Customer = has orders; exactly they carry a customer code.
    expect(await count(db, `SELECT count(*) AS n FROM contacts c WHERE (c.customer_code IS NOT NULL) <> EXISTS (SELECT 1 FROM sales_orders o WHERE o.contact_id = c.id)`)).toBe(0);
    expect(seeded.crm?.customers).toBeGreaterThan(100);
    expect(await count(db, `SELECT count(*) AS n FROM contacts c JOIN companies co ON co.id = c.company_id WHERE co.kind IN ('prospect', 'competitor') AND c.customer_code IS NOT NULL`)).toBe(0);
    expect(await count(db, `SELECT count(*) AS n FROM sales_orders o WHERE o.total_amount <> (SELECT sum(amount) FROM sales_lines l WHERE l.order_id = o.id)`)).toBe(0);
    const { rows } = await db.query<{ first: Date; last: Date; years: number }>(
      `SELECT min(ordered_at) AS first, max(ordered_at) AS last, count(DISTINCT extract(year FROM ordered_at))::int AS years FROM sales_orders`,
    );
    const day = 86_400_000;
    expect(Date.now() - rows[0]!.first.getTime()).toBeGreaterThan(2 * 365 * day);
    expect(Date.now() - rows[0]!.first.getTime()).toBeLessThan(3 * 366 * day);
    expect(rows[0]!.last.getTime()).toBeLessThanOrEqual(Date.now());
    expect(rows[0]!.years).toBeGreaterThanOrEqual(3);
  });

  it('classifies customers A, B and C with db/abc.ts, and only customers', async () => {
    const { rows } = await db.query<{ abc_class: string | null; n: number }>('SELECT abc_class, count(*)::int AS n FROM contacts GROUP BY 1 ORDER BY 1');
    const classes = Object.fromEntries(rows.map((row) => [row.abc_class ?? 'none', row.n]));
    expect(classes.A).toBeGreaterThan(0);
    expect(classes.B).toBeGreaterThan(0);
    expect(classes.C).toBeGreaterThan(0);
    expect(seeded.crm?.abc).toEqual({ A: classes.A, B: classes.B, C: classes.C, unclassified: classes.none });
    expect(await count(db, 'SELECT count(*) AS n FROM contacts WHERE (abc_class IS NOT NULL) <> (customer_code IS NOT NULL)')).toBe(0);
  });

  it('backs every subscription with a consent record from the demo import', async () => {
    const { rows } = await db.query<{ code: string; status: string; n: number }>(
      `SELECT t.code, s.status, count(*)::int AS n FROM subscriptions s JOIN topics t ON t.id = s.topic_id GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    const byTopic = (code: string, status: string) => rows.find((row) => row.code === code && row.status === status)?.n ?? 0;
    expect(byTopic(DEMO_TOPIC_CODES.networkEquipment, 'subscribed')).toBeGreaterThan(0);
    expect(byTopic(DEMO_TOPIC_CODES.newsletter, 'subscribed')).toBeGreaterThan(0);
    expect(rows.every((row) => row.status !== 'pending')).toBe(true);
    expect(await count(db, `SELECT count(*) AS n FROM subscriptions WHERE status = 'subscribed' AND confirmed_at IS NULL`)).toBe(0);
    expect(await count(db, 'SELECT count(*) AS n FROM subscriptions WHERE contact_id IS NULL')).toBe(0);
    // Each subscription: a consent granted at its request, with the words shown; an unsubscribe: also its withdrawal.
    const unproven = await count(
      db,
      `SELECT count(*) AS n FROM subscriptions s
       WHERE NOT EXISTS (SELECT 1 FROM consent_records r WHERE r.contact_id = s.contact_id AND r.topic_id = s.topic_id
                           AND r.action = 'granted' AND r.source = $1 AND r.text_shown <> '' AND r.recorded_at = s.requested_at)
          OR (s.status = 'unsubscribed' AND NOT EXISTS (SELECT 1 FROM consent_records r WHERE r.contact_id = s.contact_id
                           AND r.topic_id = s.topic_id AND r.action = 'withdrawn' AND r.recorded_at = s.unsubscribed_at))`,
      [DEMO_CONSENT_SOURCE],
    );
    expect(unproven).toBe(0);
    expect(await count(db, 'SELECT count(*) AS n FROM consent_records r WHERE NOT EXISTS (SELECT 1 FROM subscriptions s WHERE s.contact_id = r.contact_id AND s.topic_id = r.topic_id)')).toBe(0);
  });

  it("saves seed 000's audience as a segment whose preview matches a hand-written count", async () => {
    const { rows } = await db.query<{ id: string }>('SELECT id FROM segments WHERE name = $1', [DEMO_SEGMENT_NAME]);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).toBe(seeded.crm?.segmentId);
    const preview = await previewAudience(db, { source: 'segment', segmentId: rows[0]!.id });
    const expected = await count(
      db,
      `SELECT count(*) AS n FROM contacts c
       WHERE c.attributes -> 'decisionMaker' = 'true'::jsonb
         AND (c.attributes ->> 'age')::numeric < 45
         AND c.attributes -> 'favouriteColour' ? 'blue'
         AND (c.attributes ->> 'shoeSize')::numeric > 40
         AND EXISTS (SELECT 1 FROM subscriptions s JOIN topics t ON t.id = s.topic_id
                     WHERE s.contact_id = c.id AND t.code = 'network-equipment' AND s.status = 'subscribed')`,
    );
    expect(preview.count).toBeGreaterThan(0);
    expect(preview.count).toBe(expected);
    expect(preview.sample).toHaveLength(Math.min(expected, 20));
  });

  it('has a catalogue with a service and a bundle, priced today by the price list of this year', async () => {
    const { rows: products } = await db.query<{ id: string; code: string; kind: string }>('SELECT id, code, kind FROM products ORDER BY code');
    expect(new Set(products.map((product) => product.kind))).toEqual(new Set(['product', 'service', 'bundle']));
    const { rows: components } = await db.query<{ cost_account: string | null }>(
      `SELECT pc.cost_account FROM product_components pc JOIN products b ON b.id = pc.bundle_id WHERE b.kind = 'bundle'`,
    );
    expect(components.length).toBeGreaterThanOrEqual(2);
    expect(components.every((component) => component.cost_account !== null)).toBe(true);
    const year = new Date().getFullYear();
    const { rows: lists } = await db.query<{ from: string; to: string }>(`SELECT valid_from::text AS from, valid_to::text AS to FROM price_lists`);
    expect(lists).toEqual([{ from: `${year}-01-01`, to: `${year}-12-31` }]);
    for (const product of products) {
      const price = await resolvePrice(db, { productId: product.id });
      expect('quote' in price, product.code).toBe(true);
    }
  });

  it('has open leads with activities and two opportunities: one open against competitors, one won with its order', async () => {
    expect(await count(db, `SELECT count(*) AS n FROM leads l WHERE l.status = 'open' AND EXISTS (SELECT 1 FROM lead_activities a WHERE a.lead_id = l.id)`)).toBeGreaterThanOrEqual(2);

    // The CRM's own two; the finished budget campaign's (seed-demo-budget.ts) carry their run.
    const { rows } = await db.query<{ id: string; stage: string }>('SELECT id, stage FROM opportunities WHERE run_id IS NULL ORDER BY created_at');
    expect(rows).toHaveLength(2);
    const won = await getOpportunity(db, rows.find((row) => row.stage === 'won')!.id);
    const open = await getOpportunity(db, rows.find((row) => row.stage !== 'won')!.id);
    expect(open).toMatchObject({ stage: 'proposal', expectedRevenueSource: 'products' });
    expect(open!.competitors.length).toBeGreaterThanOrEqual(1);
    expect(open!.competitors.every((competitor) => competitor.companyId !== null && competitor.strengths && competitor.weaknesses)).toBe(true);
    expect(await count(db, `SELECT count(*) AS n FROM companies WHERE id = ANY($1::uuid[]) AND kind = 'competitor'`, [open!.competitors.map((c) => c.companyId)])).toBe(open!.competitors.length);
    expect(new Set(open!.comments.map((comment) => comment.author)).size).toBeGreaterThanOrEqual(2);
    expect(Number(open!.expectedRevenue)).toBe(open!.products.reduce((sum, product) => sum + Number(product.amount), 0));

    const { rows: orders } = await db.query<{ order_number: string; total: string; contact_id: string }>(
      'SELECT order_number, total_amount::text AS total, contact_id FROM sales_orders WHERE id = $1',
      [won!.orderId],
    );
    expect(won).toMatchObject({ probability: 100, orderNumber: orders[0]!.order_number, actualRevenue: orders[0]!.total, contactId: orders[0]!.contact_id });

    // The won opportunity is on its contact's timeline when it happened, once.
    const history = await contactHistory(db, won!.contactId!, { order: 'desc', limit: 200 });
    const milestones = history.items.filter((item) => item.ref?.id === won!.id);
    expect(milestones.map((item) => item.kind).sort()).toEqual(['opportunity_created', 'opportunity_won']);
    expect(milestones.find((item) => item.kind === 'opportunity_won')!.at).toEqual(won!.closedAt);
    expect(await count(db, `SELECT count(*) AS n FROM contact_events WHERE kind NOT LIKE 'opportunity_%'`)).toBeGreaterThan(0);
  });

  it('seeds a second flow, valid and ready to run: audience → generate → review → send → wait → callback → (interested) convert → end, calling the Milan store’s contacts', async () => {
    expect(seeded.callbackFlowId).toBeDefined();
    const { rows } = await db.query<{ name: string; graph: FlowGraph }>(
      'SELECT f.name, v.graph FROM flows f JOIN flow_versions v ON v.flow_id = f.id WHERE f.id = $1',
      [seeded.callbackFlowId],
    );
    expect(rows.map((row) => row.name)).toEqual([DEMO_CALLBACK_FLOW_NAME]);
    const graph = rows[0]!.graph;
    // Valid as the API checks a flow before a run (schema, edges, the template and product exist).
    const check = await checkFlow(db, graph);
    expect(check.ok ? [] : check.problems).toEqual([]);
    const byId = new Map(graph.nodes.map((node) => [node.id, node]));
    const path: string[] = [];
    for (let node = byId.get('audience'), steps = 0; node && steps < 20; steps++) {
      path.push(node.type);
      const next = graph.edges.find((edge) => edge.source === node!.id && ['out', 'ready', 'approved', 'sent', 'interested', 'created'].includes(edge.sourceHandle));
      node = next && byId.get(next.target);
    }
    expect(path).toEqual(['audience', 'generate', 'review', 'send', 'wait', 'callback', 'convert', 'end']);
    expect(byId.get('call')?.config).toMatchObject({ assignTo: 'store', script: '' });

    // Its campaign promotes the access point, priced from this year's list, with a script, open today.
    const campaign = (
      await db.query<{ code: string; product: string; priceListOpen: boolean; script: string; openToday: boolean; owner: string }>(
        `SELECT c.code, p.code AS product, (l.valid_from <= current_date AND coalesce(l.valid_to, current_date) >= current_date) AS "priceListOpen",
                c.script, (c.valid_from <= current_date AND c.valid_to >= current_date) AS "openToday", u.role AS owner
         FROM campaigns c JOIN products p ON p.id = c.product_id JOIN price_lists l ON l.id = c.price_list_id JOIN users u ON u.id = c.owner_id
         WHERE c.id = $1 AND c.flow_id = $2`,
        [seeded.callbackCampaignId, seeded.callbackFlowId],
      )
    ).rows;
    expect(campaign).toEqual([{ code: DEMO_CALLBACK_CAMPAIGN_CODE, product: DEMO_CALLBACK_PRODUCT_CODE, priceListOpen: true, script: expect.stringMatching(/\S/), openToday: true, owner: 'designer' }]);
    const convert = byId.get('convert')!.config as { productId: string };
    expect(await count(db, 'SELECT count(*) AS n FROM products WHERE id = $1 AND code = $2', [convert.productId, DEMO_CALLBACK_PRODUCT_CODE])).toBe(1);

    // Marketing mail about network equipment: the audience (Italian contacts with an e-mail who
    // take those offers) is the Milan store's, the demo agent's: her calls.
    expect(await count(db, `SELECT count(*) AS n FROM campaigns c JOIN topics t ON t.id = c.topic_id WHERE c.id = $1 AND t.code = $2 AND c.mail_purpose = 'marketing'`, [
      seeded.callbackCampaignId,
      DEMO_CALLBACK_TOPIC_CODE,
    ])).toBe(1);
    const audience = await previewAudience(db, byId.get('audience')!.config as AudienceSelection);
    expect(audience.count).toBeGreaterThan(0);
    expect(
      await count(
        db,
        `SELECT count(*) AS n FROM contacts c JOIN stores s ON s.id = c.store_id JOIN users u ON u.store_id = s.id
         WHERE u.email = $1 AND c.country = 'IT' AND c.email IS NOT NULL
           AND EXISTS (SELECT 1 FROM subscriptions x JOIN topics t ON t.id = x.topic_id WHERE x.contact_id = c.id AND t.code = $2 AND x.status = 'subscribed')`,
        [DEMO_SIGN_IN_EMAILS.agent, DEMO_CALLBACK_TOPIC_CODE],
      ),
    ).toBe(audience.count);
  });

  it('mails the Welcome offer about the Offers topic to its subscribers only, in six languages, with the product at a welcome discount', async () => {
    const { rows: campaigns } = await db.query<{ topic: string; purpose: string; product: string; flowId: string; openToday: boolean }>(
      `SELECT t.code AS topic, c.mail_purpose AS purpose, p.code AS product, c.flow_id AS "flowId",
              (c.valid_from <= current_date AND c.valid_to >= current_date) AS "openToday"
       FROM campaigns c JOIN topics t ON t.id = c.topic_id JOIN products p ON p.id = c.product_id WHERE c.id = $1`,
      [seeded.campaignId],
    );
    expect(campaigns).toEqual([{ topic: DEMO_TOPIC_CODES.offers, purpose: 'marketing', product: DEMO_OFFER_PRODUCT_CODE, flowId: seeded.flowId, openToday: true }]);

    // The audience: exactly the contacts subscribed to Offers (each with the consent that proves
    // it); some contacts never subscribed or unsubscribed again, and are not in it.
    const { rows: flows } = await db.query<{ graph: FlowGraph }>('SELECT graph FROM flow_versions WHERE flow_id = $1', [seeded.flowId]);
    const node = flows[0]!.graph.nodes.find((candidate) => candidate.type === 'audience')!;
    const audience = await previewAudience(db, node.config as AudienceSelection);
    expect(audience.count).toBe(DEMO_AUDIENCE_COUNT);
    const offers = (status: string) =>
      count(db, `SELECT count(*) AS n FROM subscriptions s JOIN topics t ON t.id = s.topic_id WHERE t.code = $1 AND s.status = $2`, [DEMO_TOPIC_CODES.offers, status]);
    expect(await offers('subscribed')).toBe(DEMO_AUDIENCE_COUNT);
    expect(await offers('unsubscribed')).toBeGreaterThan(0);
    expect(DEMO_AUDIENCE_COUNT).toBeLessThan(DEMO_CONTACT_COUNT - (await offers('unsubscribed')));

    // One subscriber's address is on the suppression list all the same: generate refuses them.
    const suppressed = demoContacts()[DEMO_SUPPRESSED_CONTACT - 1]!.email;
    expect(await count(db, `SELECT count(*) AS n FROM suppressions WHERE channel = 'email' AND lower(address) = lower($1)`, [suppressed])).toBe(1);
    expect(
      await count(db, `SELECT count(*) AS n FROM subscriptions s JOIN topics t ON t.id = s.topic_id JOIN contacts c ON c.id = s.contact_id WHERE t.code = $1 AND s.status = 'subscribed' AND c.email = $2`, [
        DEMO_TOPIC_CODES.offers,
        suppressed,
      ]),
    ).toBe(1);

    // An HTML and a text variant in every language the demo contacts speak.
    const { rows: variants } = await db.query<{ language: string; html: boolean; text: boolean }>(
      `SELECT v.language, v.html_body LIKE '%{{salutation}}%' AS html, v.text_body LIKE '%{{salutation}}%' AS text
       FROM template_variants v JOIN templates t ON t.id = v.template_id WHERE t.name = $1 ORDER BY v.language`,
      [DEMO_TEMPLATE_NAME],
    );
    const spoken = (await db.query<{ language: string }>('SELECT DISTINCT language FROM contacts ORDER BY language')).rows.map((row) => row.language);
    expect(variants.map((variant) => variant.language)).toEqual(spoken);
    expect(variants.every((variant) => variant.html && variant.text)).toBe(true);

    // The promoted product costs less today by the welcome discount, for a single unit.
    const product = (await db.query<{ id: string }>('SELECT id FROM products WHERE code = $1', [DEMO_OFFER_PRODUCT_CODE])).rows[0]!;
    const price = await resolvePrice(db, { productId: product.id });
    expect('quote' in price && price.quote.discount?.percent).toBe(DEMO_OFFER_DISCOUNT_PERCENT);
  });

  it('seeds nothing the second time', async () => {
    const before = await tableCounts(db);
    expect(await seedDemo(db)).toEqual({ seeded: false, contacts: 0 });
    expect(await tableCounts(db)).toEqual(before);
  });
});

describe('demo seed into a CRM that already holds data', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase('cs_seed_crm_used');
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('seeds the contacts and the flow but leaves the CRM to its owner', async () => {
    const db = database.db;
    await db.query(`INSERT INTO products (code, name, kind) VALUES ('OWN-1', 'Our own product', 'product')`);
    const result = await seedDemo(db);
    expect(result).toMatchObject({ seeded: true, contacts: DEMO_CONTACT_COUNT });
    expect(result.crm).toBeUndefined();
    const counts = await tableCounts(db);
    expect(counts).toMatchObject({ products: 1, companies: 0, attribute_definitions: 0, sales_orders: 0, segments: 0, topics: 0, flows: 1 });
    expect(result.callbackFlowId).toBeUndefined();
  });
});
