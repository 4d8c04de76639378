/**
 * Unsubscribing as a recipient and their mail provider meet it (RFC 8058 / RFC 2369): the
 * one-click POST needs no session and answers 200, in any of the bodies providers send; the
 * link's GET only asks; each change is a consent record (source, time, address), an audit row
 * and an event, repeating changes nothing, and the send policy refuses the contact at once. The
 * preference page changes topics, and e-mail as a whole. Pages are in the mail's language and
 * escape what they show.
 */
import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app';
import { SYSTEM_ACTOR } from '../../db/audit';
import { refusedForMail } from '../../db/send-policy';
import { requestSubscription } from '../../db/subscriptions';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { createSignedInUser, OWN_ORIGIN, sessionCookie } from '../support/sign-in';
import { ensureTopic, eventsOf, linksOf, seedTrackedMessage, TEST_TRACKING_KEYS } from '../support/tracked-messages';

const ONE_CLICK = { 'content-type': 'application/x-www-form-urlencoded' };

interface RecordRow {
  topic: string | null;
  channel: string;
  action: string;
  source: string;
  textShown: string | null;
  ipAddress: string | null;
}

function expectPage(response: LightMyRequestResponse) {
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
  expect(response.headers['set-cookie']).toBeUndefined();
  expect(response.headers['cache-control']).toBe('no-store');
  expect(response.headers['referrer-policy']).toBe('no-referrer');
  const csp = String(response.headers['content-security-policy']);
  expect(csp).toContain("default-src 'none'");
  expect(csp).toContain("form-action 'self'");
  expect(csp).not.toContain('script-src');
  expect(response.body).not.toMatch(/<script/i);
}

describe('unsubscribe links and the preference page', () => {
  let database: TestDatabase;
  let temporal: Client;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await createTestDatabase('cs_unsubscribe');
    temporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
    app = await buildApp({ db: database.db, temporal, taskQueue: 'unused', trackingSecret: TEST_TRACKING_KEYS.secret });
  });
  afterAll(async () => {
    await app?.close();
    await temporal?.connection.close();
    await database?.drop();
  });

  async function recordsOf(contactId: string): Promise<RecordRow[]> {
    const { rows } = await database.db.query<RecordRow>(
      `SELECT t.code AS topic, r.channel, r.action, r.source, r.text_shown AS "textShown", r.ip_address AS "ipAddress"
       FROM consent_records r LEFT JOIN topics t ON t.id = r.topic_id WHERE r.contact_id = $1 ORDER BY r.id`,
      [contactId],
    );
    return rows;
  }

  async function subscriptionOf(contactId: string, topicCode: string): Promise<string | undefined> {
    const { rows } = await database.db.query<{ status: string }>(
      'SELECT s.status FROM subscriptions s JOIN topics t ON t.id = s.topic_id WHERE s.contact_id = $1 AND t.code = $2',
      [contactId, topicCode],
    );
    return rows[0]?.status;
  }

  it('the one-click POST (List-Unsubscribe=One-Click) without any session answers 200, unsubscribes from the campaign\'s topic with a record, an audit row and an event, and the send policy refuses the contact at once', async () => {
    const seeded = await seedTrackedMessage(database.db, { email: 'oneclick@example.test', topic: { code: 'news', name: 'Newsletter' } });
    expect(await refusedForMail(database.db, seeded.runId, [seeded.contactId])).toEqual(new Map());

    const response = await app.inject({ method: 'POST', url: linksOf(seeded.messageId).unsubscribe, headers: { ...ONE_CLICK, 'user-agent': 'GoogleMail-Unsubscribe' }, payload: 'List-Unsubscribe=One-Click', remoteAddress: '192.0.2.44' });
    expectPage(response);
    expect(response.body).toContain('oneclick@example.test will get no more e-mail about “Newsletter”.');

    expect(await subscriptionOf(seeded.contactId, 'news')).toBe('unsubscribed');
    const records = await recordsOf(seeded.contactId);
    expect(records).toHaveLength(2); // the seed's grant, then the withdrawal
    expect(records[1]).toMatchObject({ topic: 'news', action: 'withdrawn', source: 'one-click unsubscribe', ipAddress: '192.0.2.44' });
    expect(records[1]!.textShown).toContain('oneclick@example.test');
    expect(await eventsOf(database.db, seeded.messageId)).toEqual([
      { type: 'unsubscribe', data: { topic: 'news', source: 'one-click unsubscribe' }, runId: seeded.runId, contactId: seeded.contactId },
    ]);
    const audit = await database.db.query<{ actor: string; diff: { status: unknown } }>(
      `SELECT actor_label AS actor, diff FROM audit_log WHERE action = 'subscription.unsubscribe' AND diff ->> 'contactId' = $1`,
      [seeded.contactId],
    );
    expect(audit.rows).toEqual([{ actor: 'contact via unsubscribe link', diff: expect.objectContaining({ status: ['subscribed', 'unsubscribed'] }) }]);
    // Before the next claim: the policy send and generate ask now says no.
    expect(await refusedForMail(database.db, seeded.runId, [seeded.contactId])).toEqual(new Map([[seeded.contactId, 'unsubscribed from topic news']]));

    // A provider retrying (or a second click) is harmless: 200 again, nothing new recorded.
    const again = await app.inject({ method: 'POST', url: linksOf(seeded.messageId).unsubscribe, headers: ONE_CLICK, payload: 'List-Unsubscribe=One-Click' });
    expectPage(again);
    expect(await recordsOf(seeded.contactId)).toHaveLength(2);
    expect(await eventsOf(database.db, seeded.messageId)).toHaveLength(1);
  });

  it('accepts the bodies providers send: empty, multipart, and two at once count once', async () => {
    const empty = await seedTrackedMessage(database.db, { email: 'empty@example.test' });
    expectPage(await app.inject({ method: 'POST', url: linksOf(empty.messageId).unsubscribe }));
    expect(await subscriptionOf(empty.contactId, 'news')).toBe('unsubscribed');

    const multipart = await seedTrackedMessage(database.db, { email: 'multipart@example.test' });
    const boundary = '----cs-test-boundary';
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`;
    expectPage(await app.inject({ method: 'POST', url: linksOf(multipart.messageId).unsubscribe, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body }));
    expect(await subscriptionOf(multipart.contactId, 'news')).toBe('unsubscribed');

    const twice = await seedTrackedMessage(database.db, { email: 'twice@example.test' });
    const post = () => app.inject({ method: 'POST', url: linksOf(twice.messageId).unsubscribe, headers: ONE_CLICK, payload: 'List-Unsubscribe=One-Click' });
    const answers = await Promise.all([post(), post()]);
    expect(answers.map((answer) => answer.statusCode)).toEqual([200, 200]);
    expect((await recordsOf(twice.contactId)).filter((record) => record.action === 'withdrawn')).toHaveLength(1);
    expect(await eventsOf(database.db, twice.messageId)).toHaveLength(1);
  });

  it('GET only asks, in the mail\'s language, and never unsubscribes; its button does, recording what the page said', async () => {
    const seeded = await seedTrackedMessage(database.db, { email: 'ion@example.test', language: 'ro', topic: { code: 'offers', name: 'Oferte <b>&</b> "noutăți"' } });
    const links = linksOf(seeded.messageId);
    for (let i = 0; i < 3; i++) {
      const page = await app.inject({ method: 'GET', url: links.unsubscribe });
      expectPage(page);
      expect(page.body).toContain('<html lang="ro">');
      expect(page.body).toContain('Opriți e-mailurile despre „Oferte &lt;b&gt;&amp;&lt;/b&gt; &quot;noutăți&quot;” trimise la ion@example.test?');
      expect(page.body).toContain('<form method="post"><input type="hidden" name="from" value="page">');
      expect(page.body).not.toContain('<b>');
    }
    expect(await subscriptionOf(seeded.contactId, 'offers')).toBe('subscribed');
    expect(await recordsOf(seeded.contactId)).toHaveLength(1);
    expect(await eventsOf(database.db, seeded.messageId)).toEqual([]);

    // A browser that is also signed in to Campaign Studio submits the page's form.
    const cookie = sessionCookie(await createSignedInUser(database.db, 'designer'));
    const done = await app.inject({ method: 'POST', url: links.unsubscribe, headers: { ...ONE_CLICK, cookie, origin: OWN_ORIGIN }, payload: 'from=page' });
    expectPage(done);
    expect(done.body).toContain('ion@example.test nu va mai primi e-mailuri despre „Oferte &lt;b&gt;&amp;&lt;/b&gt; &quot;noutăți&quot;”.');
    expect(await subscriptionOf(seeded.contactId, 'offers')).toBe('unsubscribed');
    expect((await recordsOf(seeded.contactId)).at(-1)).toMatchObject({
      topic: 'offers',
      action: 'withdrawn',
      source: 'unsubscribe page',
      textShown: 'Opriți e-mailurile despre „Oferte <b>&</b> "noutăți"” trimise la ion@example.test?',
    });
  });

  it('a language we do not write falls back to English', async () => {
    const seeded = await seedTrackedMessage(database.db, { email: 'kim@example.test', language: 'ko' });
    const page = await app.inject({ method: 'GET', url: linksOf(seeded.messageId).unsubscribe });
    expect(page.body).toContain('<html lang="en">');
    expect(page.body).toContain('Stop sending e-mail about “Newsletter” to kim@example.test?');
  });

  it('mail that names no topic (service mail) withdraws e-mail as a channel, which the send policy honours', async () => {
    const seeded = await seedTrackedMessage(database.db, { email: 'service@example.test', language: 'de', topic: null, subscribedTo: [] });
    const page = await app.inject({ method: 'GET', url: linksOf(seeded.messageId).unsubscribe });
    expect(page.body).toContain('Keine E-Mails mehr an service@example.test senden?');
    expectPage(await app.inject({ method: 'POST', url: linksOf(seeded.messageId).unsubscribe, headers: ONE_CLICK, payload: 'List-Unsubscribe=One-Click' }));
    expect(await recordsOf(seeded.contactId)).toEqual([expect.objectContaining({ topic: null, channel: 'email', action: 'withdrawn', source: 'one-click unsubscribe' })]);
    expect(await eventsOf(database.db, seeded.messageId)).toEqual([expect.objectContaining({ type: 'unsubscribe', data: { source: 'one-click unsubscribe' } })]);
    expect(await refusedForMail(database.db, seeded.runId, [seeded.contactId])).toEqual(new Map([[seeded.contactId, 'e-mail consent withdrawn']]));
    expectPage(await app.inject({ method: 'POST', url: linksOf(seeded.messageId).unsubscribe }));
    expect(await recordsOf(seeded.contactId)).toHaveLength(1);
  });

  it('a forged or foreign signature, or a message that is not there, is 404 on every unsubscribe route and changes nothing', async () => {
    const seeded = await seedTrackedMessage(database.db, { email: 'forged@example.test' });
    const other = await seedTrackedMessage(database.db, { email: 'other@example.test' });
    const signature = linksOf(seeded.messageId).unsubscribe.split('/').at(-1)!;
    const clickSignature = linksOf(seeded.messageId).click(0).split('/').at(-1)!;
    const otherSignature = linksOf(other.messageId).unsubscribe.split('/').at(-1)!;
    for (const url of [
      `/u/${seeded.messageId}/${signature.slice(1)}A`,
      `/u/${seeded.messageId}/${clickSignature}`,
      `/u/${seeded.messageId}/${otherSignature}`,
      `/u/${seeded.messageId.toUpperCase()}/${signature}`,
      linksOf('00000000-0000-4000-8000-000000000000').unsubscribe,
    ]) {
      for (const [method, path] of [['GET', url], ['POST', url], ['GET', `${url}/preferences`], ['POST', `${url}/preferences`]] as const) {
        const response = await app.inject({ method, url: path, headers: ONE_CLICK, payload: method === 'POST' ? 'List-Unsubscribe=One-Click&form=preferences&stop_all=yes' : undefined });
        expect.soft(response.statusCode, `${method} ${path}`).toBe(404);
        expect(response.json()).toMatchObject({ code: 'LINK_NOT_FOUND' });
      }
    }
    expect(await subscriptionOf(seeded.contactId, 'news')).toBe('subscribed');
    expect(await recordsOf(seeded.contactId)).toHaveLength(1);
  });

  it('the preference page shows the contact\'s topics and changes them: leave one, join it again, stop and resume all e-mail', async () => {
    const seeded = await seedTrackedMessage(database.db, { email: 'prefs@example.test', topic: { code: 'news', name: 'Newsletter' } });
    const offers = await ensureTopic(database.db, { code: 'offers', name: 'Offers' });
    const news = seeded.topicId!;
    await requestSubscription(database.db, SYSTEM_ACTOR, { contactId: seeded.contactId }, { topic: 'offers', source: 'web form', textShown: 'Send me offers' });
    // A double opt-in request still waiting for its confirmation.
    await database.db.query(`INSERT INTO topics (code, name, double_opt_in) VALUES ('events', 'Events', true) ON CONFLICT (code) DO NOTHING`);
    await requestSubscription(database.db, SYSTEM_ACTOR, { contactId: seeded.contactId }, { topic: 'events', source: 'web form', textShown: 'Invite me' });
    const events = (await database.db.query<{ id: string }>(`SELECT id FROM topics WHERE code = 'events'`)).rows[0]!.id;
    const url = linksOf(seeded.messageId).preferences;
    const save = (fields: string) => app.inject({ method: 'POST', url, headers: ONE_CLICK, payload: `form=preferences${fields}` });

    const page = await app.inject({ method: 'GET', url });
    expectPage(page);
    expect(page.body).toContain(`<input type="checkbox" name="topic" value="${news}" checked> Newsletter`);
    expect(page.body).toContain(`<input type="checkbox" name="topic" value="${offers}" checked> Offers`);
    expect(page.body).toContain('Events <span class="note">(waiting for your confirmation)</span>');
    expect(page.body).not.toContain(`value="${events}"`);
    expect(page.body).toContain('<input type="checkbox" name="stop_all" value="yes"> Unsubscribe from all e-mail');

    // Untick the newsletter (and try to tick the unconfirmed topic: it stays waiting for its confirmation).
    const saved = await save(`&topic=${offers}&topic=${events}`);
    expectPage(saved);
    expect(saved.body).toContain('Your preferences are saved.');
    expect(saved.body).toContain(`value="${news}"> Newsletter`);
    expect(await subscriptionOf(seeded.contactId, 'news')).toBe('unsubscribed');
    expect(await subscriptionOf(seeded.contactId, 'offers')).toBe('subscribed');
    expect(await subscriptionOf(seeded.contactId, 'events')).toBe('pending');
    expect((await recordsOf(seeded.contactId)).at(-1)).toMatchObject({ topic: 'news', action: 'withdrawn', source: 'preference page', textShown: 'E-mail preferences (en) for prefs@example.test: unticked “Newsletter”' });
    expect(await refusedForMail(database.db, seeded.runId, [seeded.contactId])).toEqual(new Map([[seeded.contactId, 'unsubscribed from topic news']]));

    // Saving the same choice again changes nothing.
    const before = (await recordsOf(seeded.contactId)).length;
    await save(`&topic=${offers}`);
    expect(await recordsOf(seeded.contactId)).toHaveLength(before);

    // Ticking it again restores the subscription they confirmed before, with a new record.
    await save(`&topic=${offers}&topic=${news}`);
    expect(await subscriptionOf(seeded.contactId, 'news')).toBe('subscribed');
    expect((await recordsOf(seeded.contactId)).at(-1)).toMatchObject({ topic: 'news', action: 'granted', source: 'preference page' });
    expect(await refusedForMail(database.db, seeded.runId, [seeded.contactId])).toEqual(new Map());

    // All e-mail off, then on again.
    const stopped = await save(`&topic=${offers}&topic=${news}&stop_all=yes`);
    expect(stopped.body).toContain('<input type="checkbox" name="stop_all" value="yes" checked>');
    expect((await recordsOf(seeded.contactId)).at(-1)).toMatchObject({ topic: null, channel: 'email', action: 'withdrawn', source: 'preference page' });
    expect(await refusedForMail(database.db, seeded.runId, [seeded.contactId])).toEqual(new Map([[seeded.contactId, 'e-mail consent withdrawn']]));
    await save(`&topic=${offers}&topic=${news}`);
    expect((await recordsOf(seeded.contactId)).at(-1)).toMatchObject({ topic: null, channel: 'email', action: 'granted', source: 'preference page' });
    expect(await refusedForMail(database.db, seeded.runId, [seeded.contactId])).toEqual(new Map());

    // A POST that is not the page's form (a scanner, an empty body) changes nothing.
    const count = (await recordsOf(seeded.contactId)).length;
    const empty = await app.inject({ method: 'POST', url });
    expectPage(empty);
    expect(empty.body).not.toContain('Your preferences are saved.');
    expect(await recordsOf(seeded.contactId)).toHaveLength(count);
    expect(await subscriptionOf(seeded.contactId, 'news')).toBe('subscribed');

    const unsubscribes = (await eventsOf(database.db, seeded.messageId)).filter((event) => event.type === 'unsubscribe');
    expect(unsubscribes.map((event) => event.data)).toEqual([{ topic: 'news', source: 'preference page' }, { source: 'preference page' }]);
  });

  it('the preference page is in the mail\'s language', async () => {
    const seeded = await seedTrackedMessage(database.db, { email: 'anna@example.test', language: 'hu', messageLanguage: 'hu' });
    const page = await app.inject({ method: 'GET', url: linksOf(seeded.messageId).preferences });
    expect(page.body).toContain('<html lang="hu">');
    expect(page.body).toContain('E-mail-beállítások');
    expect(page.body).toContain('Leiratkozás minden e-mailről');
  });
});
