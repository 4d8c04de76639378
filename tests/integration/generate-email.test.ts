import { randomUUID } from 'node:crypto';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkFlow } from '../../api/flow-checks';
import { startRun } from '../../api/run-starter';
import { SYSTEM_ACTOR } from '../../db/audit';
import { createCampaign } from '../../db/campaigns';
import { createFlow } from '../../db/flows';
import { runProgress } from '../../db/runs';
import { createTemplate } from '../../db/templates';
import { DEFAULT_PUBLIC_URL, trackingSecret } from '../../db/tracking-secret';
import { SUPPRESS_REASONS } from '../../flow/nodes/send';
import { verifyLinkSignature } from '../../templating/tracking-links';
import { emailCampaignFlow, seedContacts } from '../support/campaign-harness';
import { startCampaignEnv, type CampaignEnv } from '../support/campaign-env';

const STYLE = '<style>p { color: #1a2b3c; } .offer { font-weight: bold; }</style>';
const html = (greeting: string, offer: string, link: string) =>
  `<!DOCTYPE html><html><head>${STYLE}</head><body><p>${greeting}</p><p class="offer">${offer}</p><p><a href="https://shop.example/tv?lang=${link}">TV</a></p></body></html>`;

const VARIANTS = [
  { language: 'en', subject: 'Your offer: {{product.name}}', preheader: null, text: null, html: html('{{salutation}},', '{{product.name}} for {{formatMoney product.netPrice product.currency}}', 'en') },
  { language: 'es', subject: 'Su oferta: {{product.name}}', preheader: 'Solo hasta el {{formatDate campaign.validTo "long"}}', text: null, html: html('{{salutation}}:', '{{product.name}} por {{formatMoney product.netPrice product.currency}} en lugar de {{formatMoney product.price product.currency}}', 'es') },
  { language: 'hu', subject: 'Ajánlatunk: {{product.name}}', preheader: null, text: null, html: html('{{salutation}}!', '{{product.name}}: {{formatMoney product.netPrice product.currency}} ({{product.discountPercent}}% kedvezmény)', 'hu') },
  { language: 'it', subject: 'La sua offerta: {{product.name}}', preheader: null, text: null, html: html('{{salutation}},', '{{product.name}} a {{formatMoney product.netPrice product.currency}}', 'it') },
];

describe('generate → send of a marketing campaign in the contacts’ languages, over real Temporal, Postgres and SMTP', () => {
  let env: CampaignEnv;
  beforeAll(async () => {
    env = await startCampaignEnv();
  });
  afterAll(() => env?.stop());

  it('mails Spanish, Hungarian and Italian contacts each in their language, multipart with inlined CSS and one-click unsubscribe; the unsubscribed contact gets nothing', async () => {
    const { database, temporal, sink, taskQueue } = env;
    const db = database.db;
    const [es, hu, it, sl] = await seedContacts(db, [
      { email: 'jorge@example.test', first_name: 'Jorge', last_name: 'García', gender: 'male', language: 'es' },
      { email: 'janos@example.test', first_name: 'János', last_name: 'Nagy', gender: 'male', language: 'hu' },
      { email: 'giulia@example.test', first_name: 'Giulia', last_name: 'Verdi', gender: 'female', language: 'it' },
      { email: 'maja@example.test', first_name: 'Maja', last_name: 'Novak', gender: 'female', language: 'sl' },
    ]);
    await db.query(`UPDATE contacts SET title = 'Dr' WHERE id = $1`, [hu]);
    await db.query(`UPDATE contacts SET title = 'Dott.ssa' WHERE id = $1`, [it]);
    const topic = await db.query<{ id: string }>(`INSERT INTO topics (code, name) VALUES ('offers', 'Offers') RETURNING id`);
    const topicId = topic.rows[0]!.id;
    // Maja never subscribed: generate refuses her before anything is rendered.
    await db.query(
      `INSERT INTO subscriptions (topic_id, contact_id, status, confirmed_at) SELECT $1, id, 'subscribed', now() FROM unnest($2::uuid[]) AS id`,
      [topicId, [es, hu, it]],
    );
    const product = await db.query<{ id: string }>(`INSERT INTO products (code, name, kind, family) VALUES ('TV-55', 'Smart TV 55', 'product', 'tv') RETURNING id`);
    const productId = product.rows[0]!.id;
    await db.query(
      `WITH l AS (INSERT INTO price_lists (name, currency, valid_from) VALUES ('Main', 'EUR', current_date - 30) RETURNING id)
       INSERT INTO price_list_items (price_list_id, product_id, price) SELECT id, $1, 1299.00 FROM l`,
      [productId],
    );
    await db.query(
      `WITH l AS (INSERT INTO discount_lists (name, valid_from) VALUES ('Winter', current_date - 1) RETURNING id)
       INSERT INTO discount_list_items (discount_list_id, product_id, percent) SELECT id, $1, 15 FROM l`,
      [productId],
    );
    const template = await createTemplate(db, SYSTEM_ACTOR, { name: 'Winter TV', channel: 'email', language: 'en', formality: 'formal', variants: VARIANTS });

    const check = await checkFlow(db, emailCampaignFlow(template.id));
    if (!check.ok) throw new Error(JSON.stringify(check.problems));
    const flow = await createFlow(db, SYSTEM_ACTOR, { name: 'Winter TV flow', graph: check.graph });
    const created = await createCampaign(db, SYSTEM_ACTOR, {
      name: 'Winter TV',
      flowId: flow.id,
      mailPurpose: 'marketing',
      topicId,
      productId,
      validTo: '2099-12-31',
    });
    if (!('campaign' in created)) throw new Error(JSON.stringify(created));
    const run = await startRun(
      { db, client: temporal.client, taskQueue },
      { runId: randomUUID(), campaignId: created.campaign.id, flowId: flow.id, flowVersion: flow.version, graph: check.graph, log: console },
    );
    await expect(temporal.client.workflow.getHandle(run.workflowId).result()).resolves.toEqual({ status: 'completed' });

    await sink.waitFor(3, 10_000);
    expect(sink.messages).toHaveLength(3);
    const to = (mail: ParsedMail) => (mail.to && !Array.isArray(mail.to) ? mail.to.text : '');
    const mailTo = (address: string) => {
      const mail = sink.messages.find((m) => to(m) === address);
      expect(mail, address).toBeDefined();
      return mail!;
    };
    const secret = await trackingSecret(db, undefined);

    const expected = [
      { address: 'jorge@example.test', subject: 'Su oferta: Smart TV 55', greeting: 'Estimado Sr. García:', offer: 'Smart TV 55 por 1104,15\u00a0€ en lugar de 1299,00\u00a0€', lang: 'es' },
      { address: 'janos@example.test', subject: 'Ajánlatunk: Smart TV 55', greeting: 'Tisztelt Dr. Nagy János úr!', offer: 'Smart TV 55: 1104,15\u00a0EUR (15% kedvezmény)', lang: 'hu' },
      { address: 'giulia@example.test', subject: 'La sua offerta: Smart TV 55', greeting: 'Gentile Dott.ssa Verdi,', offer: 'Smart TV 55 a 1104,15\u00a0€', lang: 'it' },
    ];
    for (const want of expected) {
      const mail = mailTo(want.address);
      expect(mail.subject).toBe(want.subject);
      const contentType = mail.headers.get('content-type') as { value: string };
      expect(contentType.value).toBe('multipart/alternative');
      // The HTML part: CSS inlined into the elements, no <style> left for clients to drop.
      expect(mail.html).not.toContain('<style');
      expect(mail.html).toMatch(/<p style="color: #1a2b3c;">/);
      expect(mail.html).toMatch(/class="offer" style="color: #1a2b3c; font-weight: bold;"/);
      // The text part, derived from the HTML, in the contact's language, with the price and discount.
      expect(mail.text).toContain(want.greeting);
      expect(mail.text).toContain(want.offer);
      // One-click unsubscribe (RFC 8058) and the mailto, to this message's own signed link.
      const messageId = /^<([^@]+)@/.exec(mail.messageId!)![1]!;
      // Read as sent (mailparser turns List-* headers into a structure of its own), unfolded.
      const header = (key: string) => mail.headerLines.find((line) => line.key === key)?.line.replace(/\r\n(?=[ \t])/g, '');
      expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
      expect(header('list-unsubscribe')).toMatch(
        new RegExp(`^List-Unsubscribe: <${DEFAULT_PUBLIC_URL}/u/${messageId}/[\\w-]+>, <mailto:unsubscribe@example\\.test\\?subject=unsubscribe-${messageId}>$`),
      );
      // The shop link is tracked: a click URL signed for this message, its original kept in the row.
      const click = new RegExp(`href="${DEFAULT_PUBLIC_URL}/t/c/${messageId}/0/([\\w-]+)"`).exec(mail.html as string);
      expect(click, want.address).not.toBeNull();
      expect(verifyLinkSignature(secret, 'click', messageId, 0, click![1]!)).toBe(true);
      const row = await db.query<{ language: string; links: string[]; marketing: boolean; headers: Record<string, string> }>(
        'SELECT language, links, marketing, headers FROM messages WHERE id = $1',
        [messageId],
      );
      expect(row.rows[0]).toMatchObject({ language: want.lang, links: [`https://shop.example/tv?lang=${want.lang}`], marketing: true });
      expect(row.rows[0]!.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    }
    // The preheader reads first in the Spanish inbox and stays hidden in the mail.
    expect(mailTo('jorge@example.test').html).toMatch(/<body><div class="cs-preheader" style="display:none;[^"]*">Solo hasta el 31 de diciembre de 2099<\/div>/);

    const progress = await runProgress(db, run.runId);
    expect(progress?.nodes['generate-2']).toEqual({ current: 0, outcomes: { ready: 3, suppressed: 1 } });
    const step = await db.query<{ detail: string }>(`SELECT detail FROM member_steps WHERE run_id = $1 AND contact_id = $2 AND outcome = 'suppressed'`, [run.runId, sl]);
    expect(step.rows).toEqual([{ detail: SUPPRESS_REASONS.notSubscribed('offers') }]);
    expect(sink.attempts).not.toContain('maja@example.test');
  });
});
