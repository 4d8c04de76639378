import { randomUUID } from 'node:crypto';
import { createSmtpMailer } from '../channels/smtp';
import { startCampaignEnv } from '../tests/support/campaign-env';
import { activityTimeByNode } from './node-costs';
import { emailCampaignFlow, seedContacts, seedTemplate, startCampaignRun, type SeedContact } from '../tests/support/campaign-harness';

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
}

/**
 * A whole audience → generate → send → end campaign against a real SMTP sink, end to end,
 * beside the raw rate of a nodemailer pool sending the same number of pre-rendered mails to
 * the same sink: the ratio is what the interpreter, Postgres and Temporal cost on top of SMTP.
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
      language: 'en',
    }));
    await seedContacts(database.db, people);
    const templateId = await seedTemplate(database.db, {
      subject: 'An offer for {{contact.firstName}}',
      body: '{{salutation}},\n\nThis month only: 20% off the network equipment you asked about.\n',
    });

    const started = performance.now();
    const run = await startCampaignRun(database.db, temporal.client, taskQueue, emailCampaignFlow(templateId));
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
    const { rows } = await database.db.query<{ to_address: string; subject: string; body_text: string }>(
      'SELECT to_address, subject, body_text FROM messages WHERE run_id = $1',
      [run.runId],
    );
    const raw = createSmtpMailer(sink.url);
    const rawStarted = performance.now();
    let next = 0;
    const send = async () => {
      for (let row = rows[next++]; row; row = rows[next++]) {
        await raw.send({ messageId: randomUUID(), from: 'Bench <bench@example.test>', to: row.to_address, subject: row.subject, text: row.body_text });
      }
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
    };
  } finally {
    await env.stop();
  }
}
