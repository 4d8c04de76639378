/**
 * The cost ledger on real Postgres: a fixed set of unit costs, sends (e-mail, SMS of one and two
 * segments, a letter), calls, a reward and a manual agency line gives exact costs by channel and
 * node. The expected figures are worked out here from the rows this test writes (in
 * ten-thousandths of a euro), not by the code under test. Booking again (a retried activity)
 * books nothing; a price changed later leaves earlier lines alone; a call closed with no valid
 * unit cost is reported as a gap, then booked once a price is added; the ledger refuses UPDATE
 * and DELETE; the ledger pages and downloads as CSV.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../db/audit';
import { bookCallCosts, bookMessageCosts, bookRewardCosts } from '../../db/cost-ledger';
import type { Db } from '../../db/pool';
import { markObjectiveMet } from '../../db/task-work';
import { apiOnFreshDatabase, type ApiOnFreshDatabase } from '../support/api-app';
import { createSignedInUser, type TestCredentials } from '../support/sign-in';

/** Amounts in ten-thousandths (the ledger's four decimals) → the cent string a report shows, half up. */
function money(tenThousandths: number): string {
  const cents = Math.round(tenThousandths / 100);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

// Unit costs (ten-thousandths of a euro), as this test sets them.
const EMAIL_JANUARY = 12; // 0.0012 from 1 to 31 January
const EMAIL_FEBRUARY = 20; // 0.0020 from 1 February on
const SMS_SEGMENT = 500; // 0.0500
const LETTER_PRINT = 4000; // 0.4000
const LETTER_POSTAGE = 8500; // 0.8500
const CALL_JANUARY = 12_500; // 1.2500, January only: February's calls have no price at first
const CALL_FEBRUARY = 15_000; // 1.5000, added later in the test
const REWARD = 150_000; // a 15.00 gift
const AGENCY = 10_000_000; // 1000.00, booked by hand

describe('the cost ledger', () => {
  let api: ApiOnFreshDatabase;
  let db: Db;
  let owner: TestCredentials;
  let campaignId: string;
  let runId: string;
  let messageIds: string[];
  let callIds: string[];
  let februaryCallId: string;
  let rewardId: string;
  let emailJanuaryCostId: string;

  const as = (who: TestCredentials) => ({ authorization: `Bearer ${who.token}` });

  async function contact(email: string): Promise<string> {
    return (await db.query<{ id: string }>('INSERT INTO contacts (email, phone) VALUES ($1, $2) RETURNING id', [email, '+40700000000'])).rows[0]!.id;
  }

  async function message(contactId: string, nodeId: string, channel: 'email' | 'sms' | 'letter', status: string, sentAt: string | null, body = 'Hello'): Promise<string> {
    const id = randomUUID();
    await db.query(
      `INSERT INTO messages (id, arrival_id, run_id, node_id, contact_id, channel, to_address, body_text, status, sent_at)
       VALUES ($1, $1, $2, $3, $4, $5, 'someone', $6, $7, $8)`,
      [id, runId, nodeId, contactId, channel, body, status, sentAt],
    );
    return id;
  }

  async function call(contactId: string, closedAt: string | null): Promise<string> {
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO tasks (type, run_id, node_id, contact_id, due_at, status, outcome, closed_at)
       VALUES ('callback', $1, 'call', $2, now(), $3, $4, $5) RETURNING id`,
      [runId, contactId, closedAt ? 'closed' : 'open', closedAt ? 'interested' : null, closedAt],
    );
    return rows[0]!.id;
  }

  async function unitCost(body: Record<string, unknown>): Promise<string> {
    const response = await api.app.inject({ method: 'POST', url: '/api/unit-costs', headers: as(owner), payload: body });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<{ id: string }>().id;
  }

  async function costs(): Promise<{
    actual: string;
    planned: string;
    budgetLeft: string;
    byChannel: { channel: string; planned: string | null; actual: string; lines: number }[];
    byNode: { runId: string | null; nodeId: string | null; channel: string; actual: string; lines: number }[];
    missingCosts: { item: string; reason: string; count: number; firstDay: string; lastDay: string }[];
  }> {
    const response = await api.app.inject({ method: 'GET', url: `/api/campaigns/${campaignId}/costs`, headers: as(owner) });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  }

  const ledgerLines = async () => Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM cost_entries')).rows[0]!.n);

  beforeAll(async () => {
    api = await apiOnFreshDatabase('cs_cost_ledger');
    db = api.database.db;
    owner = await createSignedInUser(db, 'budget_owner');
    const flow = (await db.query<{ id: string }>(`INSERT INTO flows (name) VALUES ('Ledger flow') RETURNING id`)).rows[0]!.id;
    await db.query(`INSERT INTO flow_versions (flow_id, version, graph) VALUES ($1, 1, '{}'::jsonb)`, [flow]);
    campaignId = (await db.query<{ id: string }>(`INSERT INTO campaigns (name, flow_id) VALUES ('Spring offer', $1) RETURNING id`, [flow])).rows[0]!.id;
    runId = randomUUID();
    await db.query(`INSERT INTO campaign_runs (id, campaign_id, flow_id, flow_version, workflow_id) VALUES ($1, $2, $3, 1, $4)`, [runId, campaignId, flow, `ledger-${runId}`]);

    emailJanuaryCostId = await unitCost({ item: 'email', amount: '0.0012', validFrom: '2026-01-01', validTo: '2026-01-31' });
    await unitCost({ item: 'email', amount: '0.002', validFrom: '2026-02-01' });
    await unitCost({ item: 'sms_segment', amount: '0.05', validFrom: '2026-01-01' });
    await unitCost({ item: 'letter_print', amount: '0.40', validFrom: '2026-01-01' });
    await unitCost({ item: 'letter_postage', amount: '0.85', validFrom: '2026-01-01' });
    await unitCost({ item: 'call', amount: '1.25', validFrom: '2026-01-01', validTo: '2026-01-31' });

    const people = await Promise.all(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'].map((name) => contact(`${name}@ledger.example.test`)));
    messageIds = [
      // Three e-mails in January, two in February; a failed and a draft one cost nothing.
      await message(people[0]!, 'mail', 'email', 'sent', '2026-01-15T09:00:00Z'),
      await message(people[1]!, 'mail', 'email', 'sent', '2026-01-15T09:00:01Z'),
      await message(people[2]!, 'mail', 'email', 'sent', '2026-01-31T23:59:59Z'),
      await message(people[3]!, 'mail', 'email', 'sent', '2026-02-01T00:00:00Z'),
      await message(people[4]!, 'mail', 'email', 'sent', '2026-02-03T10:00:00Z'),
      await message(people[5]!, 'mail', 'email', 'failed', null),
      await message(people[6]!, 'mail', 'email', 'draft', null),
      // SMS: 160 GSM characters = 1 segment, 161 = 2, 80 euro signs = 160 places = 1, 71 non-GSM = 2 (UCS-2).
      await message(people[0]!, 'text', 'sms', 'sent', '2026-01-20T12:00:00Z', 'a'.repeat(160)),
      await message(people[1]!, 'text', 'sms', 'sent', '2026-01-20T12:00:00Z', 'a'.repeat(161)),
      await message(people[2]!, 'text', 'sms', 'sent', '2026-01-20T12:00:00Z', '€'.repeat(80)),
      await message(people[3]!, 'text', 'sms', 'sent', '2026-01-20T12:00:00Z', 'ż'.repeat(71)),
      // One letter: print and postage.
      await message(people[7]!, 'post', 'letter', 'sent', '2026-01-10T08:00:00Z'),
    ];
    // Two calls closed in January, one in February (no call price then), one still open.
    callIds = [await call(people[0]!, '2026-01-20T10:00:00Z'), await call(people[1]!, '2026-01-21T10:00:00Z'), await call(people[2]!, null)];
    februaryCallId = await call(people[3]!, '2026-02-05T10:00:00Z');
    callIds.push(februaryCallId);
    rewardId = (
      await db.query<{ id: string }>(
        `INSERT INTO rewards (run_id, node_id, contact_id, kind, description, value, currency, granted_at)
         VALUES ($1, 'gift', $2, 'gift', 'Cinema tickets', 15.00, 'EUR', '2026-01-25T10:00:00Z') RETURNING id`,
        [runId, people[8]],
      )
    ).rows[0]!.id;

    const plan = await api.app.inject({
      method: 'PUT',
      url: `/api/campaigns/${campaignId}/plan`,
      headers: as(owner),
      payload: { budget: '1500', plannedCosts: [{ channel: 'email', amount: '5' }, { channel: 'agency', amount: '900' }] },
    });
    expect(plan.statusCode, plan.body).toBe(200);
  });
  afterAll(async () => api?.close());

  it('books each sent message, closed call and reward once at the unit cost of its day, and twice books nothing', async () => {
    // e-mail 5, SMS segments 6, letter print + postage 2, calls 2 (February's has no price), reward 1.
    const expectedLines = 5 + 4 + 2 + 2 + 1;
    const booked = (await bookMessageCosts(db, messageIds)) + (await bookCallCosts(db, callIds)) + (await bookRewardCosts(db, [rewardId]));
    expect(booked).toBe(expectedLines);
    // The retried activity: the same ids again book nothing.
    expect((await bookMessageCosts(db, messageIds)) + (await bookCallCosts(db, callIds)) + (await bookRewardCosts(db, [rewardId]))).toBe(0);
    expect(await ledgerLines()).toBe(expectedLines);

    const sms = await db.query<{ quantity: string; amount: string }>(`SELECT quantity::text, amount::text FROM cost_entries WHERE channel = 'sms' ORDER BY quantity, id`);
    expect(sms.rows).toEqual([
      { quantity: '1.000', amount: '0.0500' },
      { quantity: '1.000', amount: '0.0500' },
      { quantity: '2.000', amount: '0.1000' },
      { quantity: '2.000', amount: '0.1000' },
    ]);
    const email = await db.query<{ day: string; amount: string }>(
      `SELECT to_char(incurred_on, 'YYYY-MM-DD') AS day, amount::text FROM cost_entries WHERE channel = 'email' ORDER BY incurred_on, id`,
    );
    // 23:59:59 on 31 January is January's price; midnight on 1 February is February's.
    expect(email.rows).toEqual([
      { day: '2026-01-15', amount: '0.0012' },
      { day: '2026-01-15', amount: '0.0012' },
      { day: '2026-01-31', amount: '0.0012' },
      { day: '2026-02-01', amount: '0.0020' },
      { day: '2026-02-03', amount: '0.0020' },
    ]);
  });

  it('adds manual lines with their document and gives exact costs by channel and node against the plan', async () => {
    const refused = await api.app.inject({
      method: 'POST',
      url: `/api/campaigns/${campaignId}/cost-entries`,
      headers: as(owner),
      payload: { channel: 'agency', amount: '1000.00', incurredOn: '2026-01-05' },
    });
    expect(refused.statusCode).toBe(422);
    const foreignRun = await api.app.inject({
      method: 'POST',
      url: `/api/campaigns/${campaignId}/cost-entries`,
      headers: as(owner),
      payload: { channel: 'media', amount: '10', documentRef: 'INV-X', incurredOn: '2026-01-05', runId: randomUUID(), nodeId: 'mail' },
    });
    expect(foreignRun.statusCode).toBe(422);
    expect(foreignRun.json().errors).toEqual([{ field: 'runId', message: 'is not a run of this campaign' }]);
    const manual = await api.app.inject({
      method: 'POST',
      url: `/api/campaigns/${campaignId}/cost-entries`,
      headers: as(owner),
      payload: { channel: 'agency', amount: '1000.00', documentRef: 'INV-2026-001', note: 'Creative work', incurredOn: '2026-01-05' },
    });
    expect(manual.statusCode, manual.body).toBe(201);
    expect(manual.json()).toMatchObject({ channel: 'agency', amount: '1000.0000', currency: 'EUR', documentRef: 'INV-2026-001', sourceKey: null, incurredOn: '2026-01-05' });
    const audit = await db.query(`SELECT 1 FROM audit_log WHERE action = 'cost.book' AND entity_id = $1`, [campaignId]);
    expect(audit.rows).toHaveLength(1);

    const email = 3 * EMAIL_JANUARY + 2 * EMAIL_FEBRUARY;
    const sms = (1 + 2 + 1 + 2) * SMS_SEGMENT;
    const letter = LETTER_PRINT + LETTER_POSTAGE;
    const calls = 2 * CALL_JANUARY;
    const total = email + sms + letter + calls + REWARD + AGENCY;
    const result = await costs();
    expect(result.byChannel).toEqual([
      { channel: 'agency', planned: '900.00', actual: money(AGENCY), lines: 1 },
      { channel: 'call', planned: null, actual: money(calls), lines: 2 },
      { channel: 'email', planned: '5.00', actual: money(email), lines: 5 },
      { channel: 'letter', planned: null, actual: money(letter), lines: 2 },
      { channel: 'reward', planned: null, actual: money(REWARD), lines: 1 },
      { channel: 'sms', planned: null, actual: money(sms), lines: 4 },
    ]);
    expect(result.actual).toBe(money(total));
    expect(result.planned).toBe('905.00');
    expect(result.budgetLeft).toBe(money(15_000_000 - total));
    expect(result.byNode).toEqual(
      expect.arrayContaining([
        { runId, nodeId: 'mail', channel: 'email', actual: money(email), lines: 5 },
        { runId, nodeId: 'text', channel: 'sms', actual: money(sms), lines: 4 },
        { runId, nodeId: 'post', channel: 'letter', actual: money(letter), lines: 2 },
        { runId, nodeId: 'call', channel: 'call', actual: money(calls), lines: 2 },
        { runId, nodeId: 'gift', channel: 'reward', actual: money(REWARD), lines: 1 },
        { runId: null, nodeId: null, channel: 'agency', actual: money(AGENCY), lines: 1 },
      ]),
    );
    expect(result.byNode).toHaveLength(6);
  });

  it('reports a call closed on a day without a unit cost as a gap, and books it once a price for that day is added', async () => {
    const before = await costs();
    expect(before.missingCosts).toEqual([{ item: 'call', reason: 'no_unit_cost', count: 1, firstDay: '2026-02-05', lastDay: '2026-02-05' }]);
    await unitCost({ item: 'call', amount: '1.50', validFrom: '2026-02-01' });
    expect((await costs()).missingCosts).toEqual([{ item: 'call', reason: 'not_booked', count: 1, firstDay: '2026-02-05', lastDay: '2026-02-05' }]);
    const booked = await api.app.inject({ method: 'POST', url: `/api/campaigns/${campaignId}/costs/book-missing`, headers: as(owner) });
    expect(booked.json()).toEqual({ booked: 1 });
    const again = await api.app.inject({ method: 'POST', url: `/api/campaigns/${campaignId}/costs/book-missing`, headers: as(owner) });
    expect(again.json()).toEqual({ booked: 0 });
    const after = await costs();
    expect(after.missingCosts).toEqual([]);
    expect(after.byChannel.find((line) => line.channel === 'call')).toEqual({ channel: 'call', planned: null, actual: money(2 * CALL_JANUARY + CALL_FEBRUARY), lines: 3 });
    const line = await db.query<{ amount: string; day: string }>(`SELECT amount::text, to_char(incurred_on, 'YYYY-MM-DD') AS day FROM cost_entries WHERE source_key = $1`, [`call:${februaryCallId}`]);
    expect(line.rows).toEqual([{ amount: '1.5000', day: '2026-02-05' }]);
  });

  it('keeps earlier lines as booked when a unit cost changes later', async () => {
    const response = await api.app.inject({ method: 'PATCH', url: `/api/unit-costs/${emailJanuaryCostId}`, headers: as(owner), payload: { amount: '0.0100' } });
    expect(response.statusCode, response.body).toBe(200);
    const january = await db.query<{ amount: string }>(`SELECT amount::text FROM cost_entries WHERE channel = 'email' AND incurred_on < '2026-02-01'`);
    expect(january.rows.map((row) => row.amount)).toEqual(['0.0012', '0.0012', '0.0012']);
    expect((await costs()).byChannel.find((line) => line.channel === 'email')!.actual).toBe(money(3 * EMAIL_JANUARY + 2 * EMAIL_FEBRUARY));
  });

  it('books the cost of a call in the transaction that closes it', async () => {
    const open = callIds[2]!;
    await db.query(`UPDATE tasks SET due_at = now() WHERE id = $1`, [open]);
    const closed = await markObjectiveMet(db, { userId: null, teamId: null, scope: { kind: 'all' }, mayTakeOver: true, actor: SYSTEM_ACTOR }, open, 'Bought on the phone');
    expect('ok' in closed, JSON.stringify(closed)).toBe(true);
    // Closed today: no call price is open-ended from February on, so today's price is February's.
    const line = await db.query<{ amount: string; day: string; today: string }>(
      `SELECT amount::text, to_char(incurred_on, 'YYYY-MM-DD') AS day, to_char((now() AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD') AS today FROM cost_entries WHERE source_key = $1`,
      [`call:${open}`],
    );
    expect(line.rows).toHaveLength(1);
    expect(line.rows[0]!.amount).toBe('1.5000');
    expect(line.rows[0]!.day).toBe(line.rows[0]!.today);
  });

  it('refuses to change or delete a ledger line', async () => {
    await expect(db.query(`UPDATE cost_entries SET amount = 0`)).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(db.query(`DELETE FROM cost_entries`)).rejects.toThrow(/append-only: DELETE refused/);
    await expect(db.query(`TRUNCATE cost_entries`)).rejects.toThrow(/append-only: TRUNCATE refused/);
  });

  it('pages through the ledger in booking order and downloads it whole as CSV', async () => {
    const total = await ledgerLines();
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const query: string = after === null ? '?limit=4' : `?limit=4&after=${after}`;
      const page = await api.app.inject({ method: 'GET', url: `/api/campaigns/${campaignId}/cost-entries${query}`, headers: as(owner) });
      expect(page.statusCode, page.body).toBe(200);
      const body = page.json<{ items: { id: string }[]; next: string | null }>();
      seen.push(...body.items.map((item) => item.id));
      after = body.next;
    } while (after !== null);
    expect(seen).toHaveLength(total);
    expect(seen.map(Number)).toEqual([...seen.map(Number)].sort((a, b) => a - b));

    const csv = await api.app.inject({ method: 'GET', url: `/api/campaigns/${campaignId}/cost-entries?format=csv`, headers: as(owner) });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.body.trim().split('\n');
    expect(lines[0]).toBe('id,incurredOn,channel,item,quantity,unitAmount,amount,currency,runId,nodeId,contactId,sourceKey,documentRef,note,bookedBy,bookedAt');
    expect(lines).toHaveLength(total + 1);
    expect(lines.some((line) => line.includes(',agency,,1.000,1000.0000,1000.0000,EUR,') && line.includes('INV-2026-001'))).toBe(true);
  });

  it('lists the lines behind one figure of the report: a node of a run, a channel', async () => {
    const node = await api.app.inject({ method: 'GET', url: `/api/campaigns/${campaignId}/cost-entries?runId=${runId}&nodeId=text`, headers: as(owner) });
    const smsLines = node.json<{ items: { channel: string; amount: string }[] }>().items;
    expect(smsLines.map((line) => line.channel)).toEqual(['sms', 'sms', 'sms', 'sms']);
    // 1 + 2 + 1 + 2 segments at 0.0500.
    expect(smsLines.reduce((sum, line) => sum + Math.round(Number(line.amount) * 10_000), 0)).toBe(6 * SMS_SEGMENT);
    const agency = await api.app.inject({ method: 'GET', url: `/api/campaigns/${campaignId}/cost-entries?channel=agency&format=csv`, headers: as(owner) });
    expect(agency.body.trim().split('\n')).toHaveLength(2);
  });

  it('lets budget owners and admins read and book costs, and nobody else', async () => {
    const designer = await createSignedInUser(db, 'designer');
    const agent = await createSignedInUser(db, 'agent');
    for (const who of [designer, agent]) {
      expect((await api.app.inject({ method: 'GET', url: `/api/campaigns/${campaignId}/costs`, headers: as(who) })).statusCode).toBe(403);
      expect((await api.app.inject({ method: 'GET', url: `/api/campaigns/${campaignId}/cost-entries`, headers: as(who) })).statusCode).toBe(403);
      const book = await api.app.inject({
        method: 'POST',
        url: `/api/campaigns/${campaignId}/cost-entries`,
        headers: as(who),
        payload: { channel: 'media', amount: '10', documentRef: 'X', incurredOn: '2026-01-05' },
      });
      expect(book.statusCode).toBe(403);
    }
    expect((await api.app.inject({ method: 'GET', url: `/api/campaigns/${campaignId}/costs`, headers: as(api.admin) })).statusCode).toBe(200);
    expect((await api.app.inject({ method: 'GET', url: `/api/campaigns/${randomUUID()}/costs`, headers: as(owner) })).statusCode).toBe(404);
  });
});
