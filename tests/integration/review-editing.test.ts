/**
 * A reviewer's work on a review node, on the real parts (Temporal dev server, Postgres, SMTP
 * sink): an edited message is what the contact receives while the rendered original stays
 * stored, an excluded contact gets nothing, only the node's reviewers (and admins) see and
 * decide the review, the messages page and search, and a review nobody answers approves at its
 * deadline by default.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app';
import { SYSTEM_ACTOR } from '../../db/audit';
import { runProgress } from '../../db/runs';
import { createTeam } from '../../db/teams';
import { DEFAULT_REVIEW_DEADLINE_HOURS, reviewNode } from '../../flow/nodes/review';
import { graphOf, seedContacts, seedTemplate, startCampaignRun, taggedAudience, taggedContacts } from '../support/campaign-harness';
import { eventually, startCampaignEnv, type CampaignEnv } from '../support/campaign-env';
import { browserHeaders, createSignedInUser, type TestCredentials } from '../support/sign-in';


interface Review {
  id: string;
  runId: string;
  status: string;
  outcome: string | null;
  dueAt: string | null;
  campaignName: string;
  counts: { messages: number; excluded: number; edited: number };
}
interface Message {
  id: string;
  contactId: string;
  contactName: string;
  toAddress: string;
  subject: string | null;
  bodyText: string;
  status: string;
  edited: { at: string; by: string | null } | null;
  original: { subject: string | null; bodyText: string } | null;
}
interface MessagesPage {
  task: Review;
  messages: Message[];
  next: string | null;
}

const recipient = (mail: { to?: unknown }) => ((mail.to as { text?: string } | undefined)?.text ?? '');

/** A person's calls to the API, signed in by their session cookie as the browser is. */
function person(app: FastifyInstance, credentials: TestCredentials) {
  const headers = browserHeaders(credentials);
  return {
    get: (url: string) => app.inject({ method: 'GET', url, headers }),
    post: (url: string, payload?: object) => app.inject({ method: 'POST', url, headers, ...(payload === undefined ? {} : { payload }) }),
    patch: (url: string, payload: object) => app.inject({ method: 'PATCH', url, headers, payload }),
    async reviews(): Promise<Review[]> {
      const response = await app.inject({ method: 'GET', url: '/api/reviews', headers });
      expect(response.statusCode, response.body).toBe(200);
      return response.json<Review[]>();
    },
    async page(reviewId: string, query = ''): Promise<MessagesPage> {
      const response = await app.inject({ method: 'GET', url: `/api/reviews/${reviewId}/messages${query}`, headers });
      expect(response.statusCode, response.body).toBe(200);
      return response.json<MessagesPage>();
    },
  };
}
type Person = ReturnType<typeof person>;

/** audience → generate → review → send → end, the excluded to their own end. */
function reviewedFlow(templateId: string, prefix: string, review: Record<string, unknown>) {
  return graphOf(
    [
      { id: 'audience', type: 'audience', config: taggedAudience(prefix) },
      { id: 'generate', type: 'generate', config: { templateId, channel: 'email' } },
      { id: 'review', type: 'review', config: { instructions: 'Check the greeting', ...review } },
      { id: 'send', type: 'send', config: { channel: 'email', ratePerSecond: 0 } },
      { id: 'end', type: 'end', config: { finalStatus: 'mailed' } },
      { id: 'dropped', type: 'end', config: { finalStatus: 'not mailed' } },
    ],
    ['audience:out->generate', 'generate:ready->review', 'review:approved->send', 'send:sent->end', 'review:excluded->dropped'],
  );
}

describe('review editing: reviewers edit, exclude and approve what is sent', () => {
  let env: CampaignEnv;
  let app: FastifyInstance;
  let templateId: string;
  let admin: Person;
  let reviewer: TestCredentials;
  let otherDesigner: TestCredentials;

  beforeAll(async () => {
    env = await startCampaignEnv();
    app = await buildApp({ db: env.database.db, temporal: env.temporal.client, taskQueue: env.taskQueue });
    templateId = await seedTemplate(env.database.db, { subject: 'For {{contact.firstName}}', body: 'Hello {{contact.firstName}}, our autumn offer is here.' });
    admin = person(app, await createSignedInUser(env.database.db, 'admin'));
    reviewer = await createSignedInUser(env.database.db, 'designer');
    otherDesigner = await createSignedInUser(env.database.db, 'designer');
  });
  afterAll(async () => {
    await app?.close();
    await env?.stop();
  });

  async function openReview(prefix: string, count: number, review: Record<string, unknown>, who: Person = admin) {
    await seedContacts(env.database.db, taggedContacts(count, prefix));
    const run = await startCampaignRun(env.database.db, env.temporal.client, env.taskQueue, reviewedFlow(templateId, prefix, review));
    const task = await eventually(async () => (await admin.reviews()).find((t) => t.runId === run.runId && t.counts.messages === count), 30_000, `review of ${prefix}`);
    expect((await who.reviews()).map((t) => t.id)).toContain(task.id);
    return { run, task };
  }

  it('sends the edited text to the edited contact, nothing to the excluded one, and keeps the original', async () => {
    const { database, temporal, sink } = env;
    const named = person(app, reviewer);
    const { run, task } = await openReview('edit', 4, { reviewers: 'users', userIds: [reviewer.userId] }, named);
    const { messages } = await named.page(task.id);
    const edited = messages.find((m) => m.toAddress === 'edit1@example.test')!;
    const excluded = messages.find((m) => m.toAddress === 'edit2@example.test')!;
    expect(edited).toMatchObject({ contactName: 'F1 L1', subject: 'For F1', bodyText: 'Hello F1, our autumn offer is here.', edited: null, original: null });

    // Refused edits: a message of another review is not in this one, an empty text is no message.
    expect((await named.patch(`/api/reviews/${task.id}/messages/${task.runId}`, { body: 'x' })).statusCode).toBe(404);
    const empty = await named.patch(`/api/reviews/${task.id}/messages/${edited.id}`, { subject: 'For F1', body: '   ' });
    expect(empty.statusCode).toBe(422);
    expect(empty.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toEqual(['body']);

    const response = await named.patch(`/api/reviews/${task.id}/messages/${edited.id}`, { subject: 'A word for F1', body: 'Dear F1, the autumn offer ends on Friday.' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json<Message>()).toMatchObject({
      id: edited.id,
      subject: 'A word for F1',
      bodyText: 'Dear F1, the autumn offer ends on Friday.',
      edited: { by: expect.stringContaining('Test designer') },
      original: { subject: 'For F1', bodyText: 'Hello F1, our autumn offer is here.' },
    });
    // A second edit keeps the first original, not the first edit.
    await named.patch(`/api/reviews/${task.id}/messages/${edited.id}`, { body: 'Dear F1, the autumn offer ends on Friday!' });
    expect((await named.post(`/api/reviews/${task.id}/exclusions`, { messageIds: [excluded.id], reason: 'complained last week' })).json()).toEqual({ excluded: [excluded.id] });
    // An excluded message is no longer edited: it is not going anywhere.
    expect((await named.patch(`/api/reviews/${task.id}/messages/${excluded.id}`, { body: 'Hi' })).statusCode).toBe(409);

    const before = (await named.get(`/api/reviews/${task.id}`)).json<Review>();
    expect(before.counts).toEqual({ messages: 4, excluded: 1, edited: 1 });
    expect((await named.post(`/api/reviews/${task.id}/approve`)).json()).toMatchObject({ status: 'closed', outcome: 'approved' });
    await expect(temporal.client.workflow.getHandle(run.workflowId).result()).resolves.toEqual({ status: 'completed' });

    const mails = sink.messages.filter((mail) => recipient(mail).startsWith('edit'));
    expect(mails.map(recipient).sort()).toEqual(['edit0@example.test', 'edit1@example.test', 'edit3@example.test']);
    const toEdited = mails.find((mail) => recipient(mail) === 'edit1@example.test')!;
    expect(toEdited.subject).toBe('A word for F1');
    expect(toEdited.text?.trim()).toBe('Dear F1, the autumn offer ends on Friday!');
    expect(mails.find((mail) => recipient(mail) === 'edit0@example.test')?.text?.trim()).toBe('Hello F0, our autumn offer is here.');

    const stored = await database.db.query(
      `SELECT status, subject, body_text, original_subject, original_body_text, edited_by FROM messages WHERE id = $1`,
      [edited.id],
    );
    expect(stored.rows).toEqual([
      {
        status: 'sent',
        subject: 'A word for F1',
        body_text: 'Dear F1, the autumn offer ends on Friday!',
        original_subject: 'For F1',
        original_body_text: 'Hello F1, our autumn offer is here.',
        edited_by: reviewer.userId,
      },
    ]);
    expect((await runProgress(database.db, run.runId))?.nodes.review?.outcomes).toEqual({ approved: 3, excluded: 1 });
    const audit = await database.db.query<{ action: string; actor_id: string }>(
      `SELECT action, actor_id FROM audit_log WHERE entity_id IN ($1, $2) ORDER BY id`,
      [task.id, edited.id],
    );
    expect(audit.rows).toEqual([
      { action: 'message.edit', actor_id: reviewer.userId },
      { action: 'message.edit', actor_id: reviewer.userId },
      { action: 'review.exclude', actor_id: reviewer.userId },
      { action: 'review.approve', actor_id: reviewer.userId },
    ]);
  });

  it('lets only the named reviewers, the team or the role (and admins) see and decide a review', async () => {
    const outsider = person(app, otherDesigner);
    const { task } = await openReview('only', 2, { reviewers: 'users', userIds: [reviewer.userId] });
    // Not among the reviewers: the review does not exist for them.
    expect((await outsider.reviews()).map((t) => t.id)).not.toContain(task.id);
    expect((await outsider.get(`/api/reviews/${task.id}`)).statusCode).toBe(404);
    expect((await outsider.get(`/api/reviews/${task.id}/messages`)).statusCode).toBe(404);
    const { messages } = await admin.page(task.id);
    expect((await outsider.patch(`/api/reviews/${task.id}/messages/${messages[0]!.id}`, { body: 'Hijacked' })).statusCode).toBe(404);
    expect((await outsider.post(`/api/reviews/${task.id}/exclusions`, { messageIds: [messages[0]!.id], reason: 'no' })).statusCode).toBe(404);
    expect((await outsider.post(`/api/reviews/${task.id}/approve`)).statusCode).toBe(404);
    // An agent may not review at all.
    const agent = person(app, await createSignedInUser(env.database.db, 'agent'));
    expect((await agent.get('/api/reviews')).statusCode).toBe(403);
    expect((await agent.post(`/api/reviews/${task.id}/approve`)).statusCode).toBe(403);
    // An admin may always.
    expect((await admin.post(`/api/reviews/${task.id}/approve`)).json()).toMatchObject({ status: 'closed', outcome: 'approved' });

    // A team's members review its reviews; another designer does not.
    const created = await createTeam(env.database.db, SYSTEM_ACTOR, { name: `Reviewers ${Date.now()}` });
    if (!('team' in created)) throw new Error('team not created');
    const member = person(app, await createSignedInUser(env.database.db, 'designer', { teamId: created.team.id }));
    const byTeam = await openReview('team', 1, { reviewers: 'team', teamId: created.team.id }, member);
    expect((await outsider.reviews()).map((t) => t.id)).not.toContain(byTeam.task.id);
    // A message of another review is not in this one, even for an admin.
    expect((await admin.patch(`/api/reviews/${byTeam.task.id}/messages/${messages[1]!.id}`, { body: 'Elsewhere' })).statusCode).toBe(404);
    expect((await member.post(`/api/reviews/${byTeam.task.id}/approve`)).statusCode).toBe(200);

    // A review for admins: a designer does not see it.
    const forAdmins = await openReview('adm', 1, { reviewers: 'role', reviewerRole: 'admin' });
    expect((await person(app, reviewer).reviews()).map((t) => t.id)).not.toContain(forAdmins.task.id);
    expect((await admin.post(`/api/reviews/${forAdmins.task.id}/approve`)).statusCode).toBe(200);
  });

  it('pages through the messages and finds them by name, e-mail or text', async () => {
    const { task } = await openReview('page', 7, {});
    const seen: Message[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page: MessagesPage = await admin.page(task.id, `?limit=3${after ? `&after=${after}` : ''}`);
      seen.push(...page.messages);
      after = page.next;
      pages += 1;
    } while (after);
    expect(pages).toBe(3);
    expect(seen.map((m) => m.toAddress).sort()).toEqual(Array.from({ length: 7 }, (_, i) => `page${i}@example.test`));
    expect(new Set(seen.map((m) => m.contactId)).size).toBe(7);

    expect((await admin.page(task.id, '?q=page4@')).messages.map((m) => m.toAddress)).toEqual(['page4@example.test']);
    expect((await admin.page(task.id, `?q=${encodeURIComponent('F5 L5')}`)).messages.map((m) => m.toAddress)).toEqual(['page5@example.test']);
    const f6 = seen.find((m) => m.toAddress === 'page6@example.test')!;
    await admin.patch(`/api/reviews/${task.id}/messages/${f6.id}`, { body: 'A special 100% discount for you' });
    expect((await admin.page(task.id, `?q=${encodeURIComponent('100%')}`)).messages.map((m) => m.toAddress)).toEqual(['page6@example.test']);
    expect((await admin.page(task.id, '?q=autumn')).messages).toHaveLength(6);
    expect((await admin.page(task.id, '?q=nobody-by-this-name')).messages).toEqual([]);
    // The search pages too.
    const first = await admin.page(task.id, '?q=autumn&limit=4');
    const second = await admin.page(task.id, `?q=autumn&limit=4&after=${first.next}`);
    expect([...first.messages, ...second.messages].map((m) => m.toAddress).sort()).toEqual(
      Array.from({ length: 6 }, (_, i) => `page${i}@example.test`),
    );
    expect(second.next).toBeNull();
    await admin.post(`/api/reviews/${task.id}/approve`);
  });

  it('gives a new review node a deadline of 48 h that approves, and approves at any deadline when the node does not say', async () => {
    expect(reviewNode.defaultConfig).toMatchObject({ deadlineHours: DEFAULT_REVIEW_DEADLINE_HOURS, onDeadline: 'approve' });
    expect(DEFAULT_REVIEW_DEADLINE_HOURS).toBe(48);
    const { task } = await openReview('dflt', 1, { ...reviewNode.defaultConfig, instructions: 'Check' });
    const hoursAhead = (Date.parse(task.dueAt!) - Date.now()) / 3_600_000;
    expect(hoursAhead).toBeGreaterThan(47.9);
    expect(hoursAhead).toBeLessThanOrEqual(48);
    await admin.post(`/api/reviews/${task.id}/approve`);

    const { sink, temporal } = env;
    await seedContacts(env.database.db, taggedContacts(2, 'quiet'));
    const run = await startCampaignRun(env.database.db, temporal.client, env.taskQueue, reviewedFlow(templateId, 'quiet', { deadlineHours: 3 / 3600 }));
    await expect(temporal.client.workflow.getHandle(run.workflowId).result()).resolves.toEqual({ status: 'completed' });
    expect(sink.messages.filter((mail) => recipient(mail).startsWith('quiet')).map(recipient).sort()).toEqual(['quiet0@example.test', 'quiet1@example.test']);
    const closed = await env.database.db.query<{ outcome: string }>(`SELECT outcome FROM tasks WHERE run_id = $1`, [run.runId]);
    expect(closed.rows).toEqual([{ outcome: 'approved' }]);
  });
});
