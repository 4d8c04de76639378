/**
 * The send window (issue 11, item 6) on real Postgres, Temporal and an SMTP server: members whose
 * local time is outside the window are held, unclaimed, while the workflow sleeps durably (a
 * timer, no activity held) until the earliest next opening; when the window opens in their zone
 * they are sent. The window here opens 25 s after the run starts, so it is written with seconds
 * (HH:MM:SS, which the node accepts for exactly this kind of precision).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphOf, seedContacts, seedTemplate, startCampaignRun, taggedAudience, taggedContacts } from '../support/campaign-harness';
import { eventually, startCampaignEnv, type CampaignEnv } from '../support/campaign-env';
import { stateQuery } from '../../workflows/definitions';

const recipient = (mail: { to?: unknown }) => ((mail.to as { text?: string } | undefined)?.text ?? '');
const HOUR = 3_600_000;
const two = (n: number) => String(n).padStart(2, '0');
const clock = (at: Date) => `${two(at.getUTCHours())}:${two(at.getUTCMinutes())}:${two(at.getUTCSeconds())}`;

describe('send window: held outside the local hours, released when the window opens', () => {
  let env: CampaignEnv;
  let templateId: string;
  beforeAll(async () => {
    env = await startCampaignEnv();
    templateId = await seedTemplate(env.database.db, { subject: 'Hello {{contact.firstName}}', body: '{{salutation}}' });
  });
  afterAll(() => env?.stop());

  it('a window opening in 25 s holds everyone, then releases those in UTC-like zones; Tokyo waits for its own opening', async () => {
    const { database, temporal, sink, taskQueue } = env;
    const { db } = database;
    // The window must open and close on the same UTC day: keep clear of midnight.
    while (new Date(Date.now() + 25_000 + 10 * 60_000).getUTCDate() !== new Date().getUTCDate()) await new Promise((resolve) => setTimeout(resolve, 5_000));
    const opening = new Date(Math.ceil((Date.now() + 25_000) / 1000) * 1000);
    const window = { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], from: clock(opening), to: clock(new Date(opening.getTime() + 10 * 60_000)), defaultTimeZone: 'Atlantic/Reykjavik' };

    const ids = await seedContacts(db, taggedContacts(4, 'win'));
    // win0 in UTC; win1 without a zone and win2 with one Postgres does not know: the window's
    // default (Reykjavik, UTC+0 all year); win3 in Tokyo (UTC+9, no daylight saving).
    const zones = ['UTC', null, 'Mars/Olympus', 'Asia/Tokyo'];
    for (const [i, zone] of zones.entries()) await db.query('UPDATE contacts SET time_zone = $2 WHERE id = $1', [ids[i], zone]);

    const graph = graphOf(
      [
        { id: 'audience', type: 'audience', config: taggedAudience('win') },
        { id: 'generate', type: 'generate', config: { templateId, channel: 'email' } },
        { id: 'send', type: 'send', config: { channel: 'email', ratePerSecond: 0, sendWindow: window } },
        { id: 'end', type: 'end', config: { finalStatus: 'mailed' } },
      ],
      ['audience:out->generate', 'generate:ready->send', 'send:sent->end'],
    );
    const run = await startCampaignRun(db, temporal.client, taskQueue, graph);
    const handle = temporal.client.workflow.getHandle(run.workflowId);
    const sendArrival = async () => (await handle.query(stateQuery)).arrivals.find((arrival) => arrival.nodeId === 'send');

    // Before the opening: rendered, held (not claimed), and the workflow sleeps until the opening.
    const held = await eventually(async () => {
      const arrival = await sendArrival();
      return arrival?.phase === 'waiting' && arrival.releaseAt !== undefined ? arrival : undefined;
    }, 15_000, 'the send node to wait for its window');
    expect(Date.now()).toBeLessThan(opening.getTime());
    expect(held.releaseAt).toBe(opening.getTime());
    expect(sink.messages.filter((mail) => recipient(mail).startsWith('win'))).toHaveLength(0);
    const statuses = await db.query<{ status: string }>(`SELECT DISTINCT status FROM messages WHERE run_id = $1`, [run.runId]);
    expect(statuses.rows).toEqual([{ status: 'draft' }]);

    // At the opening, the three whose local time is now inside the window are sent.
    const delivered = await eventually(
      async () => {
        const mails = sink.messages.filter((mail) => recipient(mail).startsWith('win'));
        return mails.length >= 3 ? mails : undefined;
      },
      40_000,
      'the window to open',
    );
    expect(delivered.map(recipient).sort()).toEqual(['win0@example.test', 'win1@example.test', 'win2@example.test']);
    const firstSent = await db.query<{ at: Date }>(`SELECT min(sent_at) AS at FROM messages WHERE run_id = $1 AND status = 'sent'`, [run.runId]);
    expect(firstSent.rows[0]!.at.getTime()).toBeGreaterThanOrEqual(opening.getTime());

    // Tokyo's clock reads the window's hours 9 h earlier than UTC: its next opening is that
    // local time on the next Tokyo day it is still ahead, and the workflow sleeps until then.
    const tokyoNow = new Date(Date.now() + 9 * HOUR);
    const tokyoOpenings = [0, 1].map(
      (day) => Date.UTC(tokyoNow.getUTCFullYear(), tokyoNow.getUTCMonth(), tokyoNow.getUTCDate() + day, opening.getUTCHours(), opening.getUTCMinutes(), opening.getUTCSeconds()) - 9 * HOUR,
    );
    const tokyoOpening = tokyoOpenings.find((at) => at > Date.now())!;
    const waiting = await eventually(async () => {
      const arrival = await sendArrival();
      return arrival?.phase === 'waiting' && arrival.releaseAt === tokyoOpening ? arrival : undefined;
    }, 15_000, "the send node to wait for Tokyo's opening");
    expect(waiting.releaseAt! - Date.now()).toBeGreaterThan(HOUR);
    expect(sink.messages.filter((mail) => recipient(mail) === 'win3@example.test')).toHaveLength(0);
    const history = await handle.fetchHistory();
    expect(history.events?.some((event) => event.timerStartedEventAttributes)).toBe(true);
    await handle.cancel();
  });
});
