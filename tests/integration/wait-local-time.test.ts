import { WorkflowFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/pool';
import { graphOf, seedContacts, startCampaignRun, taggedAudience, taggedContacts } from '../support/campaign-harness';
import { eventually, startCampaignEnv, type CampaignEnv } from '../support/campaign-env';
import { recordHistory } from '../support/histories';

/** When each contact (by first name) left the wait, as the member's step records it. */
async function releasedAt(db: Db, runId: string): Promise<Map<string, number>> {
  const { rows } = await db.query<{ name: string; at: Date }>(
    `SELECT c.first_name AS name, s.at FROM member_steps s JOIN contacts c ON c.id = s.contact_id WHERE s.run_id = $1 AND s.node_id = 'wait' AND s.outcome = 'out'`,
    [runId],
  );
  return new Map(rows.map((row) => [row.name, row.at.getTime()]));
}

/** A local date-time without a zone ('2026-12-02T02:10:20'): the UTC wall clock of `ms`. */
function utcWallClock(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

describe('a wait until a local time in each contact’s time zone, on the real engine', () => {
  let env: CampaignEnv;
  beforeAll(async () => {
    env = await startCampaignEnv();
  });
  afterAll(() => env?.stop());

  it('releases each contact when the local time arrives where they are; no zone (or an unknown one) uses the node’s zone; history grows with wake-ups', async () => {
    const { db } = env.database;
    await seedContacts(db, taggedContacts(5, 'tz'));
    // The same local time is: long past in Tokyo (+9) and Kolkata (+5:30), ~25 s away in UTC,
    // hours away in New York (−5 or −4).
    const zones: Record<string, string | null> = { F0: 'Asia/Tokyo', F1: 'UTC', F2: 'America/New_York', F3: null, F4: 'Mars/Olympus_Mons' };
    for (const [name, zone] of Object.entries(zones)) {
      await db.query(`UPDATE contacts SET time_zone = $2 WHERE first_name = $1 AND attributes->>'cohort' = 'tz'`, [name, zone]);
    }
    const utcInstant = Math.ceil((Date.now() + 25_000) / 1000) * 1000;
    const at = utcWallClock(utcInstant);
    const flow = graphOf(
      [
        { id: 'audience', type: 'audience', config: taggedAudience('tz') },
        { id: 'wait', type: 'wait', config: { mode: 'until', amount: 1, unit: 'days', at, inContactTimeZone: true, timeZone: 'Asia/Kolkata' } },
        { id: 'end', type: 'end', config: { finalStatus: 'released' } },
      ],
      ['audience:out->wait', 'wait:out->end'],
    );
    const run = await startCampaignRun(db, env.temporal.client, env.taskQueue, flow);
    const handle = env.temporal.client.workflow.getHandle(run.workflowId);

    // Tokyo, and the two without a known zone (Kolkata, the node's), leave at once.
    const first = await eventually(async () => {
      const released = await releasedAt(db, run.runId);
      return released.size >= 3 ? released : undefined;
    }, 20_000, 'the contacts whose local time has passed');
    expect([...first.keys()].sort()).toEqual(['F0', 'F3', 'F4']);
    expect(Date.now()).toBeLessThan(utcInstant);

    // The UTC contact leaves when 'at' arrives in UTC, not before; New York keeps waiting.
    const second = await eventually(async () => {
      const released = await releasedAt(db, run.runId);
      return released.size >= 4 ? released : undefined;
    }, 60_000, 'the UTC contact');
    expect(second.get('F1')).toBeGreaterThanOrEqual(utcInstant);
    expect(second.get('F1')! - utcInstant).toBeLessThan(10_000);
    expect(second.has('F2')).toBe(false);

    // Between releases the workflow sleeps until the next instant (New York's, hours away): no
    // polling. (Counted once the end node has closed the four released.)
    await eventually(
      async () => (await db.query(`SELECT 1 FROM campaign_members WHERE run_id = $1 AND status = 'released'`, [run.runId])).rowCount === 4,
      20_000,
      'the released at the end',
    );
    const activitiesNow = async () => (await handle.fetchHistory()).events?.filter((event) => event.activityTaskScheduledEventAttributes).length ?? 0;
    const before = await activitiesNow();
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    expect(await activitiesNow()).toBe(before);
    const events = (await handle.fetchHistory()).events?.length ?? 0;
    console.log(`history after two releases: ${events} events`);
    expect(events).toBeLessThan(80);
    expect((await releasedAt(db, run.runId)).has('F2')).toBe(false);
    const waiting = await db.query<{ name: string }>(
      `SELECT c.first_name AS name FROM campaign_members m JOIN contacts c ON c.id = m.contact_id WHERE m.run_id = $1 AND m.status NOT IN ('released') AND NOT EXISTS (SELECT 1 FROM member_steps s WHERE s.run_id = m.run_id AND s.contact_id = m.contact_id AND s.node_id = 'wait')`,
      [run.runId],
    );
    expect(waiting.rows.map((row) => row.name)).toEqual(['F2']);

    await handle.cancel();
    await expect(handle.result()).rejects.toBeInstanceOf(WorkflowFailedError);
    await recordHistory('wait-local-time', handle);
  }, 120_000);

  it('refuses a zoned time and an unknown default zone for a wait in each contact’s time zone', () => {
    const wait = (config: Record<string, unknown>) => () =>
      graphOf(
        [
          { id: 'audience', type: 'audience', config: taggedAudience('tz') },
          { id: 'wait', type: 'wait', config: { mode: 'until', amount: 1, unit: 'days', inContactTimeZone: true, ...config } },
        ],
        ['audience:out->wait'],
      );
    expect(wait({ at: '2026-12-24T09:00' })).not.toThrow();
    expect(wait({ at: '2026-12-24T09:00Z' })).toThrow(/without a zone/);
    expect(wait({ at: '2026-12-24T09:00+01:00' })).toThrow(/without a zone/);
    expect(wait({ at: '2026-12-24T09:00', timeZone: 'Europe/Nowhere' })).toThrow(/not a time zone/);
  });
});
