import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import MailComposer from 'nodemailer/lib/mail-composer';
import { createSmtpMailer } from '../channels/smtp';
import { SYSTEM_ACTOR } from '../db/audit';
import { createCampaign } from '../db/campaigns';
import { createFlow } from '../db/flows';
import type { Db } from '../db/pool';
import { insertRun } from '../db/runs';
import type { FlowGraph } from '../flow/graph';
import { restoreFlow } from '../flow/restore';
import { validateFlow } from '../flow/validate';
import { DEMO_TEMPLATE, DEMO_TEMPLATE_LANGUAGES } from '../scripts/seed-demo-template';
import { startCampaignEnv } from '../tests/support/campaign-env';
import { emailCampaignFlow, seedContacts, type SeedContact } from '../tests/support/campaign-harness';
import { CAMPAIGN_WORKFLOW_TYPE, workflowIdForRun, type CampaignWorkflowInput } from '../workflows/definitions';
import { activityTimeByNode } from './node-costs';

export interface CampaignSendFigures {
  contacts: number;
  campaignSeconds: number;
  campaignRate: number;
  rawSeconds: number;
  rawRate: number;
  /** Events over all the run's executions. */
  historyEvents: number;
  /** Executions of the run's workflow (more than one when it continued as new). */
  executions: number;
  /** Messages per second through each node, from the first to the last step it logged. */
  nodeRates: Record<string, number>;
  /** Milliseconds of activity time per 1,000 members, per node (summed over its batches). */
  nodeMsPerThousand: Record<string, number>;
  /** The average mail as it goes on the wire (MIME, all parts and headers), in bytes. */
  mailBytes: number;
  /** The average HTML part before transfer encoding, in bytes. */
  htmlBytes: number;
}

const CITIES: Record<string, string> = { en: 'Leeds', es: 'Sevilla', hu: 'Debrecen', ro: 'Cluj-Napoca', sl: 'Maribor', it: 'Bologna' };

/**
 * What a real marketing campaign needs besides contacts: a topic they are all subscribed to
 * (send checks it for every page), the promoted product with a price and a discount (the
 * template shows both), the demo's six-language HTML + text template. Returns what the
 * campaign names.
 */
async function seedMarketing(db: Db, contactIds: string[]): Promise<{ topicId: string; productId: string; priceListId: string; templateId: string }> {
  const topic = await db.query<{ id: string }>(`INSERT INTO topics (code, name, double_opt_in) VALUES ('bench-offers', 'Offers', false) RETURNING id`);
  const topicId = topic.rows[0]!.id;
  for (let start = 0; start < contactIds.length; start += 50_000) {
    await db.query(
      `INSERT INTO subscriptions (topic_id, contact_id, status, requested_at, confirmed_at)
       SELECT $1, id, 'subscribed', now(), now() FROM unnest($2::uuid[]) AS id`,
      [topicId, contactIds.slice(start, start + 50_000)],
    );
  }
  const product = await db.query<{ id: string }>(`INSERT INTO products (code, name, kind, family) VALUES ('BENCH-KIT', 'Small-office network kit', 'bundle', 'network') RETURNING id`);
  const productId = product.rows[0]!.id;
  const list = await db.query<{ id: string }>(`INSERT INTO price_lists (name, currency, valid_from) VALUES ('Bench prices', 'EUR', current_date - 1) RETURNING id`);
  const priceListId = list.rows[0]!.id;
  await db.query('INSERT INTO price_list_items (price_list_id, product_id, price) VALUES ($1, $2, 899)', [priceListId, productId]);
  await db.query(
    `WITH d AS (INSERT INTO discount_lists (name, valid_from) VALUES ('Bench welcome', current_date - 1) RETURNING id)
     INSERT INTO discount_list_items (discount_list_id, product_id, percent, min_quantity) SELECT id, $1, 10, 1 FROM d`,
    [productId],
  );
  const template = await db.query<{ id: string }>('INSERT INTO templates (name, channel, language, formality) VALUES ($1, $2, $3, $4) RETURNING id', [
    DEMO_TEMPLATE.name,
    DEMO_TEMPLATE.channel,
    DEMO_TEMPLATE.language,
    DEMO_TEMPLATE.formality,
  ]);
  const templateId = template.rows[0]!.id;
  await db.query(
    `INSERT INTO template_variants (template_id, language, subject, preheader, html_body, text_body)
     SELECT $1, x.language, x.subject, x.preheader, x.html, x.text
     FROM jsonb_to_recordset($2::jsonb) AS x(language text, subject text, preheader text, html text, text text)`,
    [templateId, JSON.stringify(DEMO_TEMPLATE.variants)],
  );
  return { topicId, productId, priceListId, templateId };
}

/**
 * Save the flow and a marketing campaign (its topic, product and price list) and start its
 * run as the API's run starter does (the bench may not import api/): the run's row, then the
 * workflow on the task queue.
 */
async function startMarketingRun(db: Db, client: Client, taskQueue: string, graph: FlowGraph, campaign: { topicId: string; productId: string; priceListId: string }) {
  const restored = restoreFlow(graph);
  if (!restored.ok || validateFlow(restored.graph).length > 0) throw new Error('The bench flow is invalid');
  const flow = await createFlow(db, SYSTEM_ACTOR, { name: 'Bench flow', graph: restored.graph });
  const created = await createCampaign(db, SYSTEM_ACTOR, { name: 'Bench offer', flowId: flow.id, mailPurpose: 'marketing', defaultLanguage: 'en', ...campaign });
  if (!('campaign' in created)) throw new Error(`The bench campaign was refused: ${JSON.stringify(created)}`);
  const runId = randomUUID();
  const workflowId = workflowIdForRun(runId);
  await insertRun(db, { id: runId, campaignId: created.campaign.id, flowId: flow.id, flowVersion: flow.version, workflowId });
  await client.workflow.start(CAMPAIGN_WORKFLOW_TYPE, { workflowId, taskQueue, args: [{ runId, graph: restored.graph } satisfies CampaignWorkflowInput] });
  return { runId, workflowId };
}

/** The bytes nodemailer puts on the wire for a mail (MIME: parts, encodings, headers). */
async function wireBytes(mail: { from: string; to: string; subject: string; text: string; html?: string; headers?: Record<string, string> }): Promise<number> {
  return (await new MailComposer({ ...mail, messageId: `<${randomUUID()}@campaign-studio>` }).compile().build()).length;
}

/**
 * A whole audience → generate → send → end marketing campaign against a real SMTP sink, end to
 * end, with mails as a real campaign sends them (the demo's offer in six languages: multipart
 * HTML + text, CSS inlined, tracked links, open pixel, footer, List-Unsubscribe headers; send
 * checks consent per page), beside the raw rate of a nodemailer pool sending the same rendered
 * mails (the same parts and headers) to the same sink: the ratio is what the interpreter,
 * Postgres and Temporal cost on top of SMTP.
 */
export async function benchCampaignSend(contacts: number): Promise<CampaignSendFigures> {
  const env = await startCampaignEnv({ parseMail: false, databasePrefix: 'cs_bench' });
  const { database, temporal, sink, taskQueue } = env;
  try {
    const people: SeedContact[] = Array.from({ length: contacts }, (_, i) => ({
      email: `bench${i}@example.test`,
      first_name: `First${i}`,
      last_name: `Last${i}`,
      gender: i % 2 === 0 ? 'female' : 'male',
      language: DEMO_TEMPLATE_LANGUAGES[i % DEMO_TEMPLATE_LANGUAGES.length]!,
    }));
    const contactIds = await seedContacts(database.db, people);
    await database.db.query('UPDATE contacts SET city = $1::jsonb ->> language', [JSON.stringify(CITIES)]);
    const { templateId, ...campaign } = await seedMarketing(database.db, contactIds);

    const started = performance.now();
    const run = await startMarketingRun(database.db, temporal.client, taskQueue, emailCampaignFlow(templateId), campaign);
    const handle = temporal.client.workflow.getHandle(run.workflowId);
    await handle.result();
    const campaignSeconds = (performance.now() - started) / 1000;
    // A long run continues as new: its history is every execution's, not only the last one's.
    const histories = [];
    for await (const execution of temporal.client.workflow.list({ query: `WorkflowId = '${run.workflowId}'` })) {
      histories.push(await temporal.client.workflow.getHandle(run.workflowId, execution.runId).fetchHistory());
    }
    const historyEvents = histories.reduce((sum, history) => sum + (history.events?.length ?? 0), 0);
    const executions = histories.length;
    const nodeMsPerThousand = Object.fromEntries([...activityTimeByNode(histories)].map(([node, ms]) => [node, (ms / contacts) * 1000]));

    const steps = await database.db.query<{ node: string; rate: number }>(
      `SELECT node_id AS node, count(*) / GREATEST(EXTRACT(EPOCH FROM max(at) - min(at)), 0.001) AS rate
       FROM member_steps WHERE run_id = $1 GROUP BY node_id`,
      [run.runId],
    );
    const nodeRates = Object.fromEntries(steps.rows.map((row) => [row.node, Number(row.rate)]));
    const { rows } = await database.db.query<{ to_address: string; subject: string; body_text: string; body_html: string | null; headers: Record<string, string> }>(
      'SELECT to_address, subject, body_text, body_html, headers FROM messages WHERE run_id = $1',
      [run.runId],
    );
    const mails = rows.map((row) => ({
      from: 'Bench <bench@example.test>',
      to: row.to_address,
      subject: row.subject,
      text: row.body_text,
      ...(row.body_html === null ? {} : { html: row.body_html }),
      headers: row.headers,
    }));
    const sample = mails.slice(0, 60);
    const average = (sizes: number[]) => (sizes.length === 0 ? 0 : sizes.reduce((sum, bytes) => sum + bytes, 0) / sizes.length);
    const mailBytes = average(await Promise.all(sample.map(wireBytes)));
    const htmlBytes = average(sample.map((mail) => Buffer.byteLength(mail.html ?? '')));
    const raw = createSmtpMailer(sink.url);
    const rawStarted = performance.now();
    let next = 0;
    const send = async () => {
      for (let mail = mails[next++]; mail; mail = mails[next++]) await raw.send({ messageId: randomUUID(), ...mail });
    };
    await Promise.all(Array.from({ length: 10 }, send));
    const rawSeconds = (performance.now() - rawStarted) / 1000;
    await raw.close();

    return {
      contacts,
      campaignSeconds,
      campaignRate: contacts / campaignSeconds,
      rawSeconds,
      rawRate: rows.length / rawSeconds,
      historyEvents,
      executions,
      nodeRates,
      nodeMsPerThousand,
      mailBytes,
      htmlBytes,
    };
  } finally {
    await env.stop();
  }
}
