import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboxMail } from '../../contracts/outbox';
import { DEMO_AUDIENCE_COUNT, DEMO_MAILED_COUNT, demoContacts, demoSubjectOpening } from '../../scripts/seed-demo';
import { DEMO_SUPPRESSED_CONTACT, DEMO_TOPIC_CODES } from '../../scripts/seed-demo-crm-data';
import { DEMO_SHOP_URL } from '../../scripts/seed-demo-template';
import { eventually } from '../support/campaign-env';
import { bearer } from '../support/sign-in';
import { startStack, type TestStack } from '../support/stack';

/** The https (here: http on loopback) link of a List-Unsubscribe header: `<url>, <mailto:…>`. */
function unsubscribeLink(mail: OutboxMail): string {
  const link = /<(https?:\/\/[^>]+)>/.exec(mail.headers['list-unsubscribe'] ?? '')?.[1];
  if (!link) throw new Error(`no https link in List-Unsubscribe of the mail to ${mail.to}: ${mail.headers['list-unsubscribe']}`);
  return link;
}

/** The tracked links of a mail's HTML part, in document order. */
function clickLinks(mail: OutboxMail): string[] {
  return [...(mail.html ?? '').matchAll(/href="([^"]*\/t\/c\/[^"]+)"/g)].map((match) => match[1]!.replaceAll('&amp;', '&'));
}

/**
 * The demo's Welcome campaign as `npm start` runs it (worker + API + dev outbox in one process,
 * scripts/stack.ts#startApp) on real Postgres and Temporal: issue 11's acceptance line — only
 * subscribed contacts get it, each in their own language, with a one-click unsubscribe that
 * works, and the outbox shows the headers and what the contact did.
 */
describe('the demo Welcome campaign: lawful, in the contact’s language, measurable', () => {
  let stack: TestStack;
  let runId: string;
  let outbox: OutboxMail[];
  /** Demo contacts by address, with their language. */
  let contacts: Map<string, { id: string; language: string }>;

  const api = async <T>(path: string, init: RequestInit = {}): Promise<T> => {
    const response = await fetch(`${stack.url}${path}`, { ...init, headers: { accept: 'application/json', 'content-type': 'application/json', ...bearer(stack.admin), ...init.headers } });
    if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  const listOutbox = async () => (await api<{ items: OutboxMail[] }>('/api/outbox')).items;
  const subscription = async (contactId: string) =>
    (
      await stack.db.query<{ status: string }>(
        `SELECT s.status FROM subscriptions s JOIN topics t ON t.id = s.topic_id WHERE s.contact_id = $1 AND t.code = $2`,
        [contactId, DEMO_TOPIC_CODES.offers],
      )
    ).rows[0]?.status;

  beforeAll(async () => {
    stack = await startStack();
    const { rows } = await stack.db.query<{ id: string; email: string; language: string }>('SELECT id, email, language FROM contacts WHERE email IS NOT NULL');
    contacts = new Map(rows.map((row) => [row.email, { id: row.id, language: row.language }]));
    const started = await api<{ runId: string }>(`/api/campaigns/${stack.demo.campaignId}/runs`, { method: 'POST', body: '{}' });
    runId = started.runId;
    await eventually(async () => {
      const progress = await api<{ run: { status: string } }>(`/api/runs/${runId}`);
      expect(progress.run.status).not.toBe('failed');
      return progress.run.status === 'completed' ? progress : undefined;
    }, 150_000, 'the Welcome campaign to complete');
    outbox = await listOutbox();
  }, 240_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it('mails exactly the subscribers of Offers, never the address on the suppression list, and shows why on the node', async () => {
    const { rows } = await stack.db.query<{ email: string }>(
      `SELECT c.email FROM contacts c JOIN subscriptions s ON s.contact_id = c.id JOIN topics t ON t.id = s.topic_id
       WHERE t.code = $1 AND s.status = 'subscribed' AND c.email IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM suppressions x WHERE x.channel = 'email' AND lower(x.address) = lower(c.email))`,
      [DEMO_TOPIC_CODES.offers],
    );
    expect(rows).toHaveLength(DEMO_MAILED_COUNT);
    expect(outbox.map((mail) => mail.to).sort()).toEqual(rows.map((row) => row.email).sort());
    // Contacts who never subscribed or unsubscribed again exist, and got nothing.
    expect(contacts.size - DEMO_MAILED_COUNT).toBeGreaterThan(DEMO_AUDIENCE_COUNT - DEMO_MAILED_COUNT);
    const suppressed = demoContacts()[DEMO_SUPPRESSED_CONTACT - 1]!.email;
    expect(outbox.some((mail) => mail.to === suppressed)).toBe(false);

    const progress = await api<{ members: number; nodes: Record<string, { outcomes: Record<string, number> }> }>(`/api/runs/${runId}`);
    expect(progress.members).toBe(DEMO_AUDIENCE_COUNT);
    expect(progress.nodes.generate?.outcomes).toMatchObject({ ready: DEMO_MAILED_COUNT, suppressed: DEMO_AUDIENCE_COUNT - DEMO_MAILED_COUNT });
    expect(progress.nodes.send?.outcomes).toMatchObject({ sent: DEMO_MAILED_COUNT });
  });

  it('writes to each contact in their own language, HTML and text, with the offer’s prices', async () => {
    const languages = new Set<string>();
    for (const mail of outbox) {
      const language = contacts.get(mail.to)!.language;
      languages.add(language);
      expect(mail.subject.startsWith(demoSubjectOpening(language)), `${mail.to} (${language}): ${mail.subject}`).toBe(true);
      expect(mail.html, mail.to).toMatch(/<a [^>]*style="[^"]*background/); // the stylesheet inlined
      expect(mail.text.split('\n')[0], mail.to).toMatch(/\S/);
    }
    expect([...languages].sort()).toEqual(['en', 'es', 'hu', 'it', 'ro', 'sl']);
    // Two languages read in full: the subject and the price in that language's own formats.
    const spanish = outbox.find((mail) => contacts.get(mail.to)!.language === 'es')!;
    expect(spanish.subject).toMatch(/^Su oferta de bienvenida: .+ por \d[\d.]*,\d{2}\s€$/);
    expect(spanish.text).toMatch(/Su precio: \d[\d.]*,\d{2}\s€ \(−10\s%\)/);
    const hungarian = outbox.find((mail) => contacts.get(mail.to)!.language === 'hu')!;
    expect(hungarian.subject).toMatch(/^Üdvözlő ajánlatunk: .+ most /);
    expect(hungarian.text.split('\n')[0]).toMatch(/^Tisztelt /);
  });

  it('gives every mail a one-click unsubscribe (RFC 8058) that works without a session, and a visible footer link', async () => {
    for (const mail of outbox) {
      expect(mail.headers['list-unsubscribe'], mail.to).toMatch(/^<https?:\/\/[^>]+\/u\/[^>]+>, <mailto:[^>]+>$/);
      expect(mail.headers['list-unsubscribe-post'], mail.to).toBe('List-Unsubscribe=One-Click');
      expect(mail.html, mail.to).toContain(unsubscribeLink(mail));
      expect(mail.text, mail.to).toContain(unsubscribeLink(mail));
      expect(mail.messageRef, mail.to).toMatch(/^[0-9a-f-]{36}$/);
    }
    const spanish = outbox.find((mail) => contacts.get(mail.to)!.language === 'es')!;
    const contact = contacts.get(spanish.to)!;
    expect(await subscription(contact.id)).toBe('subscribed');
    // What a mailbox provider sends when the person presses "Unsubscribe": no cookie, no token.
    const response = await fetch(unsubscribeLink(spanish), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(response.status).toBe(200);
    expect(await subscription(contact.id)).toBe('unsubscribed');
    const listed = (await listOutbox()).find((mail) => mail.messageRef === spanish.messageRef)!;
    expect(listed.events.map((event) => event.type)).toContain('unsubscribe');
  });

  it('redirects a tracked click to the link in the mail and lists the click among the mail’s events', async () => {
    const hungarian = outbox.find((mail) => contacts.get(mail.to)!.language === 'hu')!;
    const [first] = clickLinks(hungarian);
    expect(first, 'a tracked link in the HTML part').toBeDefined();
    const response = await fetch(first!, { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(`${DEMO_SHOP_URL}/hu/office-kit`);

    const listed = (await listOutbox()).find((mail) => mail.messageRef === hungarian.messageRef)!;
    expect(listed.headers['list-unsubscribe']).toBe(hungarian.headers['list-unsubscribe']);
    const click = listed.events.find((event) => event.type === 'click');
    expect(click).toMatchObject({ data: { index: 0, url: `${DEMO_SHOP_URL}/hu/office-kit` } });
    expect(Date.parse(click!.at)).toBeLessThanOrEqual(Date.now());
    // Everyone else's mail has no events.
    expect((await listOutbox()).filter((mail) => mail.events.length > 0).map((mail) => mail.to).sort()).toEqual(
      [hungarian.to, outbox.find((mail) => contacts.get(mail.to)!.language === 'es')!.to].sort(),
    );
  });
});
