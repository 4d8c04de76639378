import { inTransaction, type Db, type DbClient } from '../db/pool';
import { FLOW_DOCUMENT_TYPE, FLOW_SCHEMA_VERSION, type FlowGraph } from '../flow/graph';
import type { AudienceNodeConfig } from '../flow/nodes/audience-config';
import type { EndConfig } from '../flow/nodes/end';
import type { GenerateConfig } from '../flow/nodes/generate';
import type { SendConfig } from '../flow/nodes/send';
import { validateFlow } from '../flow/validate';
import { seedDemoBudget, type DemoBudgetResult } from './seed-demo-budget';
import { seedCallbackCampaign } from './seed-demo-callback';
import { seedDemoCrm, type DemoCrmResult } from './seed-demo-crm';
import { DEMO_SUPPRESSED_CONTACT, DEMO_TOPIC_CODES, DIALLING_CODES, MOBILE_NUMBERS, offersSubscription } from './seed-demo-crm-data';
import { DEMO_TEMPLATE } from './seed-demo-template';

export {
  DEMO_CALLBACK_CAMPAIGN_CODE,
  DEMO_CALLBACK_FLOW_NAME,
  DEMO_CALLBACK_PRODUCT_CODE,
  DEMO_CALLBACK_SCRIPT,
  DEMO_CALLBACK_TEMPLATE,
  DEMO_CALLBACK_TEMPLATE_NAME,
  DEMO_CALLBACK_TOPIC_CODE,
  demoCallbackFlow,
} from './seed-demo-callback';

export { DEMO_TEMPLATE, DEMO_TEMPLATE_NAME, demoSubjectOpening } from './seed-demo-template';

/** Names of what the demo creates, so tests and docs can find them. */
export const DEMO_FLOW_NAME = 'Welcome campaign';
export const DEMO_CONTACT_COUNT = 300;
/** The product the Welcome campaign offers (seed-demo-crm-data.ts PRODUCTS), and its welcome discount. */
export const DEMO_OFFER_PRODUCT_CODE = 'KIT-OFFICE';
export const DEMO_OFFER_DISCOUNT_PERCENT = 10;
export const DEMO_OFFER_DAYS = 30;

const DEMO_NUMBERS = Array.from({ length: DEMO_CONTACT_COUNT }, (_, index) => index + 1);
/**
 * The Welcome campaign's audience: the contacts subscribed to Offers. Of them, the one on the
 * suppression list is refused at generate, so DEMO_MAILED_COUNT receive the mail.
 */
export const DEMO_AUDIENCE_COUNT = DEMO_NUMBERS.filter((n) => offersSubscription(n) === 'subscribed').length;
export const DEMO_MAILED_COUNT = DEMO_AUDIENCE_COUNT - (offersSubscription(DEMO_SUPPRESSED_CONTACT) === 'subscribed' ? 1 : 0);

export interface DemoSeedResult {
  /** False when the database already had flows: the demo is only seeded into an empty product. */
  seeded: boolean;
  contacts: number;
  templateId?: string;
  flowId?: string;
  campaignId?: string;
  /** The second flow, with a review and call-backs; absent when the CRM (its product) was not seeded. */
  callbackFlowId?: string;
  callbackCampaignId?: string;
  /**
   * The CRM around the contacts (companies, catalogue, sales and ABC classes, consent, leads,
   * opportunities, a saved segment); absent when the CRM already held data of its own.
   */
  crm?: DemoCrmResult;
  /** The budget owner's finished campaign (seed-demo-budget.ts); absent without the CRM. */
  budget?: DemoBudgetResult;
}

type Gender = 'female' | 'male' | 'other';

interface DemoContact {
  email: string;
  phone: string;
  first_name: string;
  last_name: string;
  gender: Gender;
  title: string | null;
  language: string;
  city: string;
  country: string;
  attributes: Record<string, string | number | boolean>;
}

interface Locale {
  language: string;
  /** Share of the demo audience, out of 100. */
  weight: number;
  female: string[];
  male: string[];
  neutral: string[];
  last: string[];
  cities: [city: string, country: string][];
  titles: string[];
}

const LOCALES: Locale[] = [
  {
    language: 'en',
    weight: 60,
    female: ['Olivia', 'Emma', 'Amelia', 'Sophie', 'Grace', 'Hannah', 'Chloe', 'Lucy', 'Emily', 'Charlotte'],
    male: ['Oliver', 'George', 'Harry', 'Jack', 'Thomas', 'James', 'William', 'Daniel', 'Samuel', 'Henry'],
    neutral: ['Alex', 'Jordan', 'Robin', 'Sam'],
    last: ['Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Evans', 'Walker', 'Wright', 'Thompson', "O'Brien", 'Murphy'],
    cities: [['London', 'GB'], ['Manchester', 'GB'], ['Leeds', 'GB'], ['Bristol', 'GB'], ['Edinburgh', 'GB'], ['Dublin', 'IE'], ['Cork', 'IE']],
    titles: ['Dr', 'Prof'],
  },
  {
    language: 'ro',
    weight: 10,
    female: ['Maria', 'Elena', 'Ioana', 'Andreea', 'Ana', 'Cristina'],
    male: ['Ion', 'Andrei', 'Mihai', 'Alexandru', 'Gheorghe', 'Radu'],
    neutral: ['Sasha'],
    last: ['Popescu', 'Ionescu', 'Popa', 'Dumitrescu', 'Stan', 'Constantin', 'Munteanu', 'Ștefănescu'],
    cities: [['București', 'RO'], ['Cluj-Napoca', 'RO'], ['Timișoara', 'RO'], ['Iași', 'RO']],
    titles: ['Dr.'],
  },
  {
    language: 'sl',
    weight: 7,
    female: ['Ana', 'Maja', 'Nina', 'Eva', 'Špela', 'Mojca'],
    male: ['Luka', 'Marko', 'Janez', 'Matej', 'Žiga', 'Andrej'],
    neutral: ['Saša'],
    last: ['Novak', 'Horvat', 'Kovačič', 'Krajnc', 'Zupančič', 'Potočnik'],
    cities: [['Ljubljana', 'SI'], ['Maribor', 'SI'], ['Celje', 'SI'], ['Koper', 'SI']],
    titles: ['dr.'],
  },
  {
    language: 'hu',
    weight: 8,
    female: ['Katalin', 'Eszter', 'Anna', 'Zsófia', 'Réka', 'Judit'],
    male: ['László', 'Péter', 'Gábor', 'Zoltán', 'Bence', 'Attila'],
    neutral: ['Kim'],
    last: ['Nagy', 'Kovács', 'Tóth', 'Szabó', 'Horváth', 'Varga', 'Kiss', 'Molnár'],
    cities: [['Budapest', 'HU'], ['Debrecen', 'HU'], ['Szeged', 'HU'], ['Pécs', 'HU']],
    titles: ['dr.'],
  },
  {
    language: 'it',
    weight: 8,
    female: ['Giulia', 'Francesca', 'Chiara', 'Sara', 'Martina', 'Alessia'],
    male: ['Marco', 'Luca', 'Giuseppe', 'Matteo', 'Alessandro', 'Davide'],
    neutral: ['Andrea'],
    last: ['Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano', 'Colombo', 'Ricci'],
    cities: [['Milano', 'IT'], ['Roma', 'IT'], ['Torino', 'IT'], ['Bologna', 'IT'], ['Napoli', 'IT']],
    titles: ['Dott.', 'Ing.'],
  },
  {
    language: 'es',
    weight: 7,
    female: ['Lucía', 'Carmen', 'Sofía', 'María', 'Paula', 'Marta'],
    male: ['Carlos', 'Javier', 'Pablo', 'Alejandro', 'Daniel', 'Sergio'],
    neutral: ['Ariel'],
    last: ['García', 'Martínez', 'López', 'Sánchez', 'González', 'Fernández', 'Ruiz', 'Moreno'],
    cities: [['Madrid', 'ES'], ['Barcelona', 'ES'], ['Valencia', 'ES'], ['Sevilla', 'ES']],
    titles: ['Dr.'],
  },
];

const COLOURS = ['blue', 'green', 'red', 'yellow', 'purple', 'orange', 'black', 'white'];
const TIERS = ['bronze', 'silver', 'gold'];

/** Deterministic pseudo-random numbers (mulberry32): every first start seeds the same demo. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Plain ASCII for the local part of an e-mail address: "Ștefănescu" → "stefanescu". */
function mailbox(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

/** A mobile number of `country` (E.164, its dialling code first), its digits drawn from `fraction` in [0, 1). */
export function mobilePhone(country: string, fraction: number): string {
  const shape = MOBILE_NUMBERS[country];
  const code = DIALLING_CODES[country];
  if (!shape || !code) throw new Error(`No demo phone numbers for country ${country}: add it to MOBILE_NUMBERS and DIALLING_CODES`);
  const free = shape.digits - shape.lead.length;
  return `${code}${shape.lead}${String(Math.floor(fraction * 10 ** free)).padStart(free, '0')}`;
}

/** The demo audience: varied languages, genders, titles, cities and custom attributes. */
export function demoContacts(count = DEMO_CONTACT_COUNT): DemoContact[] {
  const next = random(20_240_601);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const totalWeight = LOCALES.reduce((sum, locale) => sum + locale.weight, 0);
  const localeFor = () => {
    let roll = next() * totalWeight;
    for (const locale of LOCALES) {
      roll -= locale.weight;
      if (roll < 0) return locale;
    }
    return LOCALES[0]!;
  };
  return Array.from({ length: count }, (_, index) => {
    const locale = localeFor();
    const roll = next();
    const gender: Gender = roll < 0.48 ? 'female' : roll < 0.96 ? 'male' : 'other';
    const first = pick(gender === 'female' ? locale.female : gender === 'male' ? locale.male : locale.neutral);
    const last = pick(locale.last);
    const [city, country] = pick(locale.cities);
    const age = 22 + Math.floor(next() * 50);
    return {
      // The index keeps addresses unique; example.com is reserved for documentation (RFC 2606).
      email: `${mailbox(first)}.${mailbox(last)}.${index + 1}@example.com`,
      phone: mobilePhone(country, next()),
      first_name: first,
      last_name: last,
      gender,
      title: next() < 0.08 ? pick(locale.titles) : null,
      language: locale.language,
      city,
      country,
      attributes: {
        favouriteColour: pick(COLOURS),
        shoeSize: (gender === 'female' ? 36 : 40) + Math.floor(next() * 7),
        decisionMaker: next() < 0.3,
        age,
        loyaltyTier: pick(TIERS),
        customerSince: 2024 - Math.floor(next() * 12),
      },
    };
  });
}

/**
 * audience (every contact with an e-mail subscribed to Offers) → generate (the Welcome template)
 * → send → end, left to right. Generate's and send's `suppressed` outputs stay unconnected:
 * who is refused, and why, shows on the node.
 */
export function demoFlow(templateId: string): FlowGraph {
  const audience: AudienceNodeConfig = {
    source: 'rules',
    rule: { op: 'and', rules: [{ field: 'email', operator: 'exists' }, { kind: 'subscribed', topic: DEMO_TOPIC_CODES.offers }] },
  };
  const generate: GenerateConfig = { templateId, channel: 'email' };
  // A visible pace: progress moves on the canvas for a few seconds instead of jumping to done.
  const send: SendConfig = { channel: 'email', ratePerSecond: 50 };
  const end: EndConfig = { finalStatus: 'welcomed' };
  const graph: FlowGraph = {
    type: FLOW_DOCUMENT_TYPE,
    version: FLOW_SCHEMA_VERSION,
    nodes: [
      { id: 'audience', type: 'audience', config: { ...audience }, position: { x: 0, y: 0 } },
      { id: 'generate', type: 'generate', config: { ...generate }, position: { x: 280, y: 0 } },
      { id: 'send', type: 'send', config: { ...send }, position: { x: 560, y: 0 } },
      { id: 'end', type: 'end', config: { ...end }, position: { x: 840, y: 0 } },
    ],
    edges: [
      { id: 'audience-out-generate', source: 'audience', sourceHandle: 'out', target: 'generate' },
      { id: 'generate-ready-send', source: 'generate', sourceHandle: 'ready', target: 'send' },
      { id: 'send-sent-end', source: 'send', sourceHandle: 'sent', target: 'end' },
    ],
  };
  const problems = validateFlow(graph);
  if (problems.length > 0) throw new Error(`The demo flow is invalid: ${JSON.stringify(problems)}`);
  return graph;
}

/**
 * Fill an empty product with demo data: contacts, the "Welcome" template (an offer in six
 * languages), the "Welcome campaign" flow and a campaign that mails it to the subscribers of
 * Offers, the CRM around them (seed-demo-crm.ts), and the "Wi-Fi upgrade call-back" flow and
 * campaign (review, call-backs, conversion).
 * Idempotent: it does nothing when any flow exists, so a restart (or a user who deleted the demo
 * and built their own) never gets it twice. One transaction, under an advisory lock so two
 * processes starting at once seed once.
 */
export async function seedDemo(db: Db): Promise<DemoSeedResult> {
  const result = await inTransaction(db, async (client): Promise<DemoSeedResult> => {
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('campaign-studio:seed-demo'))`);
    const { rows: existing } = await client.query<{ count: string }>('SELECT count(*) AS count FROM flows');
    if (Number(existing[0]?.count ?? 0) > 0) return { seeded: false, contacts: 0 };

    const contacts = demoContacts();
    // jsonb_to_recordset, not COPY: COPY FROM STDIN breaks pglite-socket connections.
    const inserted = await client.query(
      `INSERT INTO contacts (email, phone, first_name, last_name, gender, title, language, city, country, attributes)
       SELECT email, phone, first_name, last_name, gender, title, language, city, country, attributes
       FROM jsonb_to_recordset($1::jsonb) AS x(email text, phone text, first_name text, last_name text, gender text,
         title text, language text, city text, country text, attributes jsonb)
       ON CONFLICT DO NOTHING`,
      [JSON.stringify(contacts)],
    );
    const templateId = await insertDemoTemplate(client);
    const flow = await client.query<{ id: string }>('INSERT INTO flows (name) VALUES ($1) RETURNING id', [DEMO_FLOW_NAME]);
    const flowId = flow.rows[0]!.id;
    await client.query('INSERT INTO flow_versions (flow_id, version, graph) VALUES ($1, 1, $2)', [flowId, JSON.stringify(demoFlow(templateId))]);
    const crm = await seedDemoCrm(client, contacts);
    const campaign = await insertWelcomeCampaign(client, flowId);
    const callback = crm === undefined ? undefined : await seedCallbackCampaign(client);
    return {
      seeded: true,
      contacts: inserted.rowCount ?? 0,
      templateId,
      flowId,
      campaignId: campaign,
      ...(crm === undefined ? {} : { crm }),
      ...(callback === undefined ? {} : { callbackFlowId: callback.flowId, callbackCampaignId: callback.campaignId }),
    };
  });
  // After the commit: the budget demo books its agency invoice through bookManualCost, which opens a transaction of its own.
  const budget = result.seeded && result.crm !== undefined ? await seedDemoBudget(db) : undefined;
  return budget === undefined ? result : { ...result, budget };
}

/** The Welcome template with its language variants (seed-demo-template.ts), as db/templates.ts stores one. */
async function insertDemoTemplate(client: DbClient): Promise<string> {
  const { rows } = await client.query<{ id: string }>(
    'INSERT INTO templates (name, channel, language, formality) VALUES ($1, $2, $3, $4) RETURNING id',
    [DEMO_TEMPLATE.name, DEMO_TEMPLATE.channel, DEMO_TEMPLATE.language, DEMO_TEMPLATE.formality],
  );
  const id = rows[0]!.id;
  await client.query(
    `INSERT INTO template_variants (template_id, language, subject, preheader, html_body, text_body)
     SELECT $1, x.language, x.subject, x.preheader, x.html, x.text
     FROM jsonb_to_recordset($2::jsonb) AS x(language text, subject text, preheader text, html text, text text)`,
    [id, JSON.stringify(DEMO_TEMPLATE.variants)],
  );
  return id;
}

/**
 * The Welcome campaign: marketing mail about the Offers topic, English where a contact's
 * language has no variant, offering the office kit at this year's list price less a welcome
 * discount valid as long as the campaign (a discount list of its own, for one unit: the
 * volume discounts need ten). Without the CRM (a database that had its own) it names no topic
 * and no product, and a start says so.
 */
async function insertWelcomeCampaign(client: DbClient, flowId: string): Promise<string> {
  await client.query(
    `WITH list AS (
       INSERT INTO discount_lists (name, valid_from, valid_to)
       SELECT 'Welcome offer', current_date, current_date + $3::int FROM products WHERE code = $1
       RETURNING id
     )
     INSERT INTO discount_list_items (discount_list_id, product_id, percent, min_quantity)
     SELECT list.id, p.id, $2, 1 FROM list CROSS JOIN products p WHERE p.code = $1`,
    [DEMO_OFFER_PRODUCT_CODE, DEMO_OFFER_DISCOUNT_PERCENT, DEMO_OFFER_DAYS],
  );
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO campaigns (name, kind, goal, flow_id, topic_id, mail_purpose, default_language, valid_from, valid_to, product_id, price_list_id, owner_id)
     SELECT $1, 'direct', $2, $3, (SELECT id FROM topics WHERE code = $4), 'marketing', 'en', current_date, current_date + $6::int, p.id,
            (SELECT i.price_list_id FROM price_list_items i JOIN price_lists l ON l.id = i.price_list_id
             WHERE i.product_id = p.id AND l.valid_from <= current_date AND (l.valid_to IS NULL OR l.valid_to >= current_date)
             ORDER BY l.valid_from DESC LIMIT 1),
            (SELECT u.id FROM users u WHERE u.role = 'designer' ORDER BY u.email LIMIT 1)
     FROM (SELECT 1) AS one LEFT JOIN products p ON p.code = $5
     RETURNING id`,
    [DEMO_FLOW_NAME, 'Welcome our subscribers with an offer, each in their own language', flowId, DEMO_TOPIC_CODES.offers, DEMO_OFFER_PRODUCT_CODE, DEMO_OFFER_DAYS],
  );
  return rows[0]!.id;
}
