/**
 * The tracked links of a mail as a recipient (and an attacker) meets them: a signed click
 * redirects to the link stored in that message and records it, nothing in the request can change
 * where it leads, forged and foreign signatures are 404, the open pixel is a GIF any webmail may
 * embed, nothing sets a cookie, the links are rate-limited per address, and a tracked click
 * releases a member from a running campaign's engagement wait.
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app';
import { TRANSPARENT_GIF } from '../../api/routes/tracking';
import { runProgress } from '../../db/runs';
import { graphOf, seedContacts, seedTemplate, startCampaignRun, taggedAudience, taggedContacts } from '../support/campaign-harness';
import { eventually, startCampaignEnv, type CampaignEnv } from '../support/campaign-env';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { createSignedInUser, sessionCookie } from '../support/sign-in';
import { eventsOf, linksOf, seedTrackedMessage, TEST_TRACKING_KEYS } from '../support/tracked-messages';

const SHOP = 'https://shop.example.test/spring?utm_source=mail';
const TERMS = 'https://shop.example.test/terms';

function expectPublicLinkAnswer(response: LightMyRequestResponse) {
  expect(response.headers['set-cookie']).toBeUndefined();
  expect(response.headers['cache-control']).toBe('no-store');
  expect(response.headers['referrer-policy']).toBe('no-referrer');
}

function expectNotFound(response: LightMyRequestResponse) {
  expect(response.statusCode).toBe(404);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.json()).toMatchObject({ code: 'LINK_NOT_FOUND' });
}

describe('tracked clicks and opens', () => {
  let database: TestDatabase;
  let temporal: Client;
  let app: FastifyInstance;
  let cookie: string;

  beforeAll(async () => {
    database = await createTestDatabase('cs_tracking');
    temporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
    app = await buildApp({ db: database.db, temporal, taskQueue: 'unused', trackingSecret: TEST_TRACKING_KEYS.secret });
    // A recipient who is also signed in to Campaign Studio in the same browser.
    cookie = sessionCookie(await createSignedInUser(database.db, 'designer'));
  });
  afterAll(async () => {
    await app?.close();
    await temporal?.connection.close();
    await database?.drop();
  });

  it('a signed click redirects (302) to the link stored at that index and records the click with its run and contact', async () => {
    const seeded = await seedTrackedMessage(database.db, { email: 'clicker@example.test', links: [SHOP, TERMS] });
    const links = linksOf(seeded.messageId);

    const first = await app.inject({ method: 'GET', url: links.click(0), headers: { cookie } });
    expect(first.statusCode).toBe(302);
    expect(first.headers.location).toBe(SHOP);
    expectPublicLinkAnswer(first);
    const second = await app.inject({ method: 'GET', url: links.click(1) });
    expect(second.headers.location).toBe(TERMS);

    expect(await eventsOf(database.db, seeded.messageId)).toEqual([
      { type: 'click', data: { index: 0, url: SHOP }, runId: seeded.runId, contactId: seeded.contactId },
      { type: 'click', data: { index: 1, url: TERMS }, runId: seeded.runId, contactId: seeded.contactId },
    ]);
  });

  it('a tampered signature, another message\'s signature, an index the message does not have, or a malformed id is 404, and nothing is recorded', async () => {
    const mine = await seedTrackedMessage(database.db, { email: 'mine@example.test', links: [SHOP] });
    const theirs = await seedTrackedMessage(database.db, { email: 'theirs@example.test', links: [TERMS] });
    const good = linksOf(mine.messageId).click(0);
    const signature = good.split('/').at(-1)!;
    const flipped = `${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`;
    const foreign = linksOf(theirs.messageId).click(0).split('/').at(-1)!;
    const refused = [
      `/t/c/${mine.messageId}/0/${flipped}`,
      `/t/c/${mine.messageId}/0/${foreign}`,
      // Signed for index 0, asked for index 1 (and the reverse: a real signature for a link that is not there).
      `/t/c/${mine.messageId}/1/${signature}`,
      linksOf(mine.messageId).click(5),
      `/t/c/${mine.messageId}/-1/${signature}`,
      `/t/c/${mine.messageId}/0x0/${signature}`,
      `/t/c/not-a-uuid/0/${signature}`,
      // A well-signed link of a message that does not exist (a preview's) says the same.
      linksOf(randomUUID()).click(0),
      `/t/o/${mine.messageId}/${flipped}.gif`,
      // A click signature is not an open signature.
      `/t/o/${mine.messageId}/${signature}.gif`,
    ];
    for (const url of refused) {
      const response = await app.inject({ method: 'GET', url });
      expect.soft(response.statusCode, url).toBe(404);
      expectNotFound(response);
      expectPublicLinkAnswer(response);
    }
    expect(await eventsOf(database.db, mine.messageId)).toEqual([]);
    expect(await eventsOf(database.db, theirs.messageId)).toEqual([]);
  });

  it('nothing in the request changes where a click leads: no open redirect', async () => {
    const seeded = await seedTrackedMessage(database.db, { email: 'redirect@example.test', links: [SHOP, 'javascript:alert(document.cookie)'] });
    const links = linksOf(seeded.messageId);
    for (const query of ['?url=https://evil.example', '?redirect=https://evil.example&to=https://evil.example&u=https://evil.example', '?next=//evil.example']) {
      const response = await app.inject({ method: 'GET', url: `${links.click(0)}${query}`, headers: { referer: 'https://evil.example/', host: 'evil.example' } });
      expect(response.statusCode).toBe(302);
      expect(response.headers.location).toBe(SHOP);
    }
    // A stored link that is no web or mail address is never handed out as a Location.
    expectNotFound(await app.inject({ method: 'GET', url: links.click(1) }));
    // A link checker's HEAD does not count as a click.
    expect((await app.inject({ method: 'HEAD', url: links.click(0) })).statusCode).not.toBe(302);
    expect((await eventsOf(database.db, seeded.messageId)).map((event) => event.data)).toEqual([{ index: 0, url: SHOP }, { index: 0, url: SHOP }, { index: 0, url: SHOP }]);
  });

  it('a mail link never identifies its caller: a stale session cookie or a bogus API token does not turn it into a 401', async () => {
    const seeded = await seedTrackedMessage(database.db, { email: 'sessionless@example.test', links: [SHOP] });
    const links = linksOf(seeded.messageId);
    for (const headers of [{ authorization: 'Bearer cst_not-a-token' }, { cookie: 'cs_session=not-a-session' }]) {
      expect((await app.inject({ method: 'GET', url: links.click(0), headers })).statusCode).toBe(302);
      expect((await app.inject({ method: 'GET', url: links.open, headers })).statusCode).toBe(200);
    }
  });

  it('the open pixel is a 43-byte transparent GIF that other origins may embed, without a cookie, and records an open', async () => {
    const seeded = await seedTrackedMessage(database.db, { email: 'opener@example.test' });
    const pixel = await app.inject({ method: 'GET', url: linksOf(seeded.messageId).open, headers: { cookie, origin: 'https://mail.example.test' } });
    expect(pixel.statusCode).toBe(200);
    expect(pixel.headers['content-type']).toBe('image/gif');
    expect(pixel.rawPayload).toHaveLength(43);
    expect(pixel.rawPayload.equals(TRANSPARENT_GIF)).toBe(true);
    expect(pixel.rawPayload.subarray(0, 6).toString('latin1')).toBe('GIF89a');
    expect(pixel.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expectPublicLinkAnswer(pixel);
    expect(await eventsOf(database.db, seeded.messageId)).toEqual([{ type: 'open', data: {}, runId: seeded.runId, contactId: seeded.contactId }]);

    // Only the pixel is embeddable: the click redirect keeps the app's same-origin policy.
    const click = await app.inject({ method: 'GET', url: linksOf(seeded.messageId).click(0) });
    expect(click.headers['cross-origin-resource-policy']).toBe('same-origin');
  });

  it('a well-signed pixel of a message that is gone still answers the GIF, recording nothing', async () => {
    const messageId = randomUUID();
    const pixel = await app.inject({ method: 'GET', url: linksOf(messageId).open });
    expect(pixel.statusCode).toBe(200);
    expect(pixel.rawPayload.equals(TRANSPARENT_GIF)).toBe(true);
    expect(await eventsOf(database.db, messageId)).toEqual([]);
  });

  it('each client address gets the configured number of requests a minute (429 beyond), others are not held up', async () => {
    const limited = await buildApp({ db: database.db, temporal, taskQueue: 'unused', trackingSecret: TEST_TRACKING_KEYS.secret, trackingRateLimit: 3 });
    try {
      const seeded = await seedTrackedMessage(database.db, { email: 'flood@example.test' });
      const url = linksOf(seeded.messageId).open;
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await limited.inject({ method: 'GET', url, remoteAddress: '203.0.113.7' })).statusCode);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const refused = await limited.inject({ method: 'GET', url, remoteAddress: '203.0.113.7' });
      expect(refused.json()).toMatchObject({ status: 429, code: 'TOO_MANY_REQUESTS' });
      expectPublicLinkAnswer(refused);
      expect((await limited.inject({ method: 'GET', url, remoteAddress: '198.51.100.9' })).statusCode).toBe(200);
      expect((await eventsOf(database.db, seeded.messageId)).length).toBe(4);
    } finally {
      await limited.close();
    }
  });
});

describe('a tracked click in a running campaign', () => {
  let env: CampaignEnv;
  let app: FastifyInstance;
  beforeAll(async () => {
    env = await startCampaignEnv({ databasePrefix: 'cs_tracking_run' });
    app = await buildApp({ db: env.database.db, temporal: env.temporal.client, taskQueue: env.taskQueue, trackingSecret: TEST_TRACKING_KEYS.secret });
  });
  afterAll(async () => {
    await app?.close();
    await env?.stop();
  });

  it('releases the clicker from a wait for engagement long before its timeout; the others leave at the timeout', async () => {
    const { database, temporal, taskQueue } = env;
    await seedContacts(database.db, taggedContacts(3, 'track'));
    const templateId = await seedTemplate(database.db, { subject: 'Spring, {{contact.firstName}}', body: '{{salutation}}, see what is new.' });
    const flow = graphOf(
      [
        { id: 'audience', type: 'audience', config: taggedAudience('track') },
        { id: 'generate', type: 'generate', config: { templateId, channel: 'email' } },
        { id: 'send', type: 'send', config: { channel: 'email', ratePerSecond: 0 } },
        { id: 'listen', type: 'wait', config: { mode: 'engagement', events: ['click'], amount: 15, unit: 'seconds' } },
        { id: 'hot', type: 'end', config: { finalStatus: 'clicked' } },
        { id: 'cold', type: 'end', config: { finalStatus: 'silent' } },
      ],
      ['audience:out->generate', 'generate:ready->send', 'send:sent->listen', 'listen:engaged->hot', 'listen:timeout->cold'],
    );
    const run = await startCampaignRun(database.db, temporal.client, taskQueue, flow);
    await eventually(async () => (await runProgress(database.db, run.runId))?.nodes.listen?.current === 3, 30_000, 'members listening');
    const { rows } = await database.db.query<{ id: string; links: string[] }>(
      `SELECT m.id, m.links FROM messages m JOIN contacts c ON c.id = m.contact_id WHERE m.run_id = $1 AND c.email = 'track1@example.test'`,
      [run.runId],
    );
    const message = rows[0]!;
    // A text template carries no link of its own: give the sent message the one its mail would have.
    if (message.links.length === 0) await database.db.query(`UPDATE messages SET links = $2 WHERE id = $1`, [message.id, JSON.stringify([SHOP])]);

    const clickedAt = Date.now();
    const click = await app.inject({ method: 'GET', url: linksOf(message.id).click(0) });
    expect(click.statusCode).toBe(302);
    await eventually(async () => (await runProgress(database.db, run.runId))?.nodes.hot?.outcomes.finished === 1, 10_000, 'the clicker released');
    expect(Date.now() - clickedAt).toBeLessThan(10_000);
    expect((await runProgress(database.db, run.runId))?.nodes.listen?.current).toBe(2);

    await expect(temporal.client.workflow.getHandle(run.workflowId).result()).resolves.toEqual({ status: 'completed' });
    const members = await database.db.query<{ email: string; status: string }>(
      'SELECT c.email, m.status FROM campaign_members m JOIN contacts c ON c.id = m.contact_id WHERE m.run_id = $1 ORDER BY c.email',
      [run.runId],
    );
    expect(members.rows.map((row) => `${row.email} ${row.status}`)).toEqual(['track0@example.test silent', 'track1@example.test clicked', 'track2@example.test silent']);
  });
});
