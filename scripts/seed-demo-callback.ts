/**
 * The demo's second campaign: the mission's call-back flow for the Milan store (review, send,
 * wait, call-back, convert), with its Italian template, script, promoted product and price list.
 * Seeded by seed-demo.ts after the CRM data it draws on.
 */
import type { DbClient } from '../db/pool';
import { FLOW_DOCUMENT_TYPE, FLOW_SCHEMA_VERSION, type FlowGraph } from '../flow/graph';
import type { AudienceNodeConfig } from '../flow/nodes/audience-config';
import { DEFAULT_OUTCOMES, type CallbackConfig } from '../flow/nodes/callback';
import type { ConvertConfig } from '../flow/nodes/convert';
import type { EndConfig } from '../flow/nodes/end';
import type { GenerateConfig } from '../flow/nodes/generate';
import type { ReviewConfig } from '../flow/nodes/review';
import type { SendConfig } from '../flow/nodes/send';
import type { WaitConfig } from '../flow/nodes/wait';
import { validateFlow } from '../flow/validate';
import { DEMO_TOPIC_CODES } from './seed-demo-crm-data';

export const DEMO_CALLBACK_FLOW_NAME = 'Wi-Fi upgrade call-back';
export const DEMO_CALLBACK_TEMPLATE_NAME = 'Wi-Fi 6 offer';
export const DEMO_CALLBACK_CAMPAIGN_CODE = 'DEMO-WIFI';
/** The product the call-back campaign promotes and converts to (seed-demo-crm-data.ts PRODUCTS). */
export const DEMO_CALLBACK_PRODUCT_CODE = 'AP-W6';
/** What it mails about: network-equipment offers (marketing), so it mails only their subscribers. */
export const DEMO_CALLBACK_TOPIC_CODE = DEMO_TOPIC_CODES.networkEquipment;

export const DEMO_CALLBACK_TEMPLATE = {
  name: DEMO_CALLBACK_TEMPLATE_NAME,
  subject: 'Wi-Fi 6 per il tuo ufficio, {{contact.firstName}}',
  body: [
    '{{salutation}},',
    '',
    'questo mese i nostri access point Wi-Fi 6 sono in offerta per i clienti del negozio di Milano.',
    'Nei prossimi giorni ti chiameremo per capire se fanno al caso tuo.',
    '',
    'Cordiali saluti,',
    'Il team di Milano',
  ].join('\n'),
};

export const DEMO_CALLBACK_SCRIPT =
  'Buongiorno, sono del negozio di Milano: la chiamo per la mail sugli access point Wi-Fi 6. ' +
  'Ha qualche minuto? Chieda quante stanze hanno e se la rete attuale regge; se interessa, proponga un sopralluogo.';

/**
 * The campaign of the mission, end to end, for the Milan store's Italian contacts who take
 * network-equipment offers: audience →
 * generate → review (a designer approves, edits or excludes) → send → wait a minute → call-back
 * by the contact's store (so the demo agent, Giulia Ferrari, gets the calls) → interested:
 * convert to an opportunity for the promoted access point → end. No answer waits a day and
 * calls again (up to 3 attempts); not interested ends.
 */
export function demoCallbackFlow(templateId: string, productId: string): FlowGraph {
  // Marketing mail: only those who asked for network-equipment offers (the campaign's topic).
  const audience: AudienceNodeConfig = {
    source: 'rules',
    rule: {
      op: 'and',
      rules: [
        { field: 'email', operator: 'exists' },
        { field: 'country', operator: 'eq', value: 'IT' },
        { kind: 'subscribed', topic: DEMO_CALLBACK_TOPIC_CODE },
      ],
    },
  };
  const generate: GenerateConfig = { templateId, channel: 'email' };
  const review: ReviewConfig = {
    instructions: 'Check the greeting and the offer; exclude anyone we should not write to.',
    reviewers: 'role',
    reviewerRole: 'designer',
    deadlineHours: 48,
    onDeadline: 'approve',
  };
  const send: SendConfig = { channel: 'email', ratePerSecond: 50 };
  // A minute, not days: on the demo the calls appear while the designer is still looking.
  const settle: WaitConfig = { mode: 'duration', amount: 1, unit: 'minutes' };
  const call: CallbackConfig = {
    script: '',
    questions: [
      { key: 'rooms', label: 'How many rooms need Wi-Fi?', type: 'number', required: true },
      { key: 'site_visit', label: 'Would they like a site visit?', type: 'yes-no', required: false },
    ],
    outcomes: DEFAULT_OUTCOMES,
    assignTo: 'store',
    dueInHours: 24,
    deadlineHours: 168,
    maxAttempts: 3,
    // The loop's bound: a third unanswered call leaves by `unreachable` before a fourth visit.
    maxVisits: 3,
  };
  const again: WaitConfig = { mode: 'duration', amount: 1, unit: 'days' };
  const convert: ConvertConfig = { productId, stage: 'qualification' };
  const won: EndConfig = { finalStatus: 'opportunity' };
  const lost: EndConfig = { finalStatus: 'not interested' };
  const node = (id: string, type: string, config: object, x: number, y = 0) => ({ id, type, config: { ...config }, position: { x, y } });
  const edge = (source: string, handle: string, target: string) => ({ id: `${source}-${handle}-${target}`, source, sourceHandle: handle, target });
  const graph: FlowGraph = {
    type: FLOW_DOCUMENT_TYPE,
    version: FLOW_SCHEMA_VERSION,
    nodes: [
      node('audience', 'audience', audience, 0),
      node('generate', 'generate', generate, 280),
      node('review', 'review', review, 560),
      node('send', 'send', send, 840),
      node('settle', 'wait', settle, 1120),
      node('call', 'callback', call, 1400),
      node('convert', 'convert', convert, 1680),
      node('won', 'end', won, 1960),
      node('again', 'wait', again, 1400, 260),
      node('lost', 'end', lost, 1680, 260),
    ],
    edges: [
      edge('audience', 'out', 'generate'),
      edge('generate', 'ready', 'review'),
      edge('review', 'approved', 'send'),
      edge('send', 'sent', 'settle'),
      edge('settle', 'out', 'call'),
      edge('call', 'interested', 'convert'),
      edge('convert', 'created', 'won'),
      edge('call', 'no_answer', 'again'),
      edge('again', 'out', 'call'),
      edge('call', 'not_interested', 'lost'),
    ],
  };
  const problems = validateFlow(graph);
  if (problems.length > 0) throw new Error(`The demo call-back flow is invalid: ${JSON.stringify(problems)}`);
  return graph;
}

/**
 * The second demo flow and its campaign (valid from today for 60 days, promoting the access
 * point at this year's price list, with the call script), when the CRM seed put the product in.
 */
export async function seedCallbackCampaign(client: DbClient): Promise<{ flowId: string; campaignId: string } | undefined> {
  const { rows } = await client.query<{ productId: string; priceListId: string | null; ownerId: string | null }>(
    `SELECT p.id AS "productId",
            (SELECT i.price_list_id FROM price_list_items i JOIN price_lists l ON l.id = i.price_list_id
             WHERE i.product_id = p.id AND l.valid_from <= current_date AND (l.valid_to IS NULL OR l.valid_to >= current_date)
             ORDER BY l.valid_from DESC LIMIT 1) AS "priceListId",
            (SELECT u.id FROM users u WHERE u.role = 'designer' ORDER BY u.email LIMIT 1) AS "ownerId"
     FROM products p WHERE p.code = $1`,
    [DEMO_CALLBACK_PRODUCT_CODE],
  );
  const product = rows[0];
  if (!product) return undefined;
  const template = await client.query<{ id: string }>(`INSERT INTO templates (name, channel, language) VALUES ($1, 'email', 'it') RETURNING id`, [
    DEMO_CALLBACK_TEMPLATE.name,
  ]);
  // One Italian plain-text variant: the audience is the Milan store's.
  await client.query(`INSERT INTO template_variants (template_id, language, subject, text_body) VALUES ($1, 'it', $2, $3)`, [
    template.rows[0]!.id,
    DEMO_CALLBACK_TEMPLATE.subject,
    DEMO_CALLBACK_TEMPLATE.body,
  ]);
  const flow = await client.query<{ id: string }>('INSERT INTO flows (name) VALUES ($1) RETURNING id', [DEMO_CALLBACK_FLOW_NAME]);
  const flowId = flow.rows[0]!.id;
  await client.query('INSERT INTO flow_versions (flow_id, version, graph) VALUES ($1, 1, $2)', [
    flowId,
    JSON.stringify(demoCallbackFlow(template.rows[0]!.id, product.productId)),
  ]);
  const campaign = await client.query<{ id: string }>(
    `INSERT INTO campaigns (name, code, kind, goal, flow_id, valid_from, valid_to, product_id, price_list_id, script, owner_id,
                            topic_id, mail_purpose, default_language)
     VALUES ($1, $2, 'direct', $3, $4, current_date, current_date + 60, $5, $6, $7, $8,
             (SELECT id FROM topics WHERE code = $9), 'marketing', 'it') RETURNING id`,
    [
      DEMO_CALLBACK_FLOW_NAME,
      DEMO_CALLBACK_CAMPAIGN_CODE,
      'Sell Wi-Fi 6 access points to the Milan store’s customers: mail, then call',
      flowId,
      product.productId,
      product.priceListId,
      DEMO_CALLBACK_SCRIPT,
      product.ownerId,
      DEMO_CALLBACK_TOPIC_CODE,
    ],
  );
  return { flowId, campaignId: campaign.rows[0]!.id };
}
