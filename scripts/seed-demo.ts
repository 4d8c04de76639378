import { inTransaction, type Db } from '../db/pool';
import { FLOW_DOCUMENT_TYPE, FLOW_SCHEMA_VERSION, type FlowGraph } from '../flow/graph';
import type { AudienceConfig } from '../flow/nodes/audience-config';
import type { EndConfig } from '../flow/nodes/end';
import type { GenerateConfig } from '../flow/nodes/generate';
import type { SendConfig } from '../flow/nodes/send';
import { validateFlow } from '../flow/validate';
import { seedCallbackCampaign } from './seed-demo-callback';
import { seedDemoCrm, type DemoCrmResult } from './seed-demo-crm';
import { DIALLING_CODES, MOBILE_NUMBERS } from './seed-demo-crm-data';

export {
  DEMO_CALLBACK_CAMPAIGN_CODE,
  DEMO_CALLBACK_FLOW_NAME,
  DEMO_CALLBACK_PRODUCT_CODE,
  DEMO_CALLBACK_SCRIPT,
  DEMO_CALLBACK_TEMPLATE,
  DEMO_CALLBACK_TEMPLATE_NAME,
  demoCallbackFlow,
} from './seed-demo-callback';

/** Names of what the demo creates, so tests and docs can find them. */
export const DEMO_FLOW_NAME = 'Welcome campaign';
export const DEMO_TEMPLATE_NAME = 'Welcome';
export const DEMO_CONTACT_COUNT = 300;

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

export const DEMO_TEMPLATE = {
  name: DEMO_TEMPLATE_NAME,
  subject: 'Welcome to Campaign Studio, {{contact.firstName}}',
  body: [
    '{{salutation}},',
    '',
    'thank you for joining us{{#if contact.city}} from {{contact.city}}{{/if}}. From now on you will hear from us',
    'only about what you asked for, and never more than once a week.',
    '',
    '{{#if contact.attributes.favouriteColour}}',
    'We noticed that you like {{contact.attributes.favouriteColour}}: our new collection has plenty of it.',
    '',
    '{{/if}}',
    'Kind regards,',
    'The Campaign Studio team',
  ].join('\n'),
};

/** audience (every contact with an e-mail) → generate (the Welcome template) → send → end, left to right. */
export function demoFlow(templateId: string): FlowGraph {
  const audience: AudienceConfig = { match: 'all', rules: [{ field: 'email', operator: 'exists' }] };
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

export async function seedDemo(db: Db): Promise<DemoSeedResult> {
  return inTransaction(db, async (client) => {
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
    const template = await client.query<{ id: string }>(
      `INSERT INTO templates (name, channel, language, subject, body) VALUES ($1, 'email', 'en', $2, $3) RETURNING id`,
      [DEMO_TEMPLATE.name, DEMO_TEMPLATE.subject, DEMO_TEMPLATE.body],
    );
    const templateId = template.rows[0]!.id;
    const flow = await client.query<{ id: string }>('INSERT INTO flows (name) VALUES ($1) RETURNING id', [DEMO_FLOW_NAME]);
    const flowId = flow.rows[0]!.id;
    await client.query('INSERT INTO flow_versions (flow_id, version, graph) VALUES ($1, 1, $2)', [flowId, JSON.stringify(demoFlow(templateId))]);
    const campaign = await client.query<{ id: string }>(
      `INSERT INTO campaigns (name, kind, goal, flow_id) VALUES ($1, 'direct', $2, $3) RETURNING id`,
      [DEMO_FLOW_NAME, 'Greet every contact in their own language', flowId],
    );
    const crm = await seedDemoCrm(client, contacts);
    const callback = crm === undefined ? undefined : await seedCallbackCampaign(client);
    return {
      seeded: true,
      contacts: inserted.rowCount ?? 0,
      templateId,
      flowId,
      campaignId: campaign.rows[0]!.id,
      ...(crm === undefined ? {} : { crm }),
      ...(callback === undefined ? {} : { callbackFlowId: callback.flowId, callbackCampaignId: callback.campaignId }),
    };
  });
}
