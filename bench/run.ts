import { createTestDatabase } from '../tests/support/postgres';
import { benchAudiences } from './audience-speed';
import { benchCallbackTasks, CLOSE_HISTORY_GOAL } from './callback-tasks';
import { benchCampaignSend } from './campaign-send';
import { benchCsvImport } from './csv-import';
import { benchReports } from './reports';
import { generateCrmDataset } from './crm-dataset';
import { benchTracking, TRACKING_GOALS } from './tracking';

/**
 * `npm run bench`: prints figures, asserts nothing. Sizes scale down for a quick look with
 * BENCH_CONTACTS (the campaign; also run at a tenth of it, BENCH_CONTACTS_SMALL, for the
 * per-node ratio), BENCH_IMPORT_ROWS (the CSV import) and BENCH_CRM_CONTACTS (the CRM
 * dataset), BENCH_TASKS and BENCH_CLOSED_TASKS (the call tasks), BENCH_TRACKING_SECONDS,
 * BENCH_TRACKING_CONNECTIONS and BENCH_TRACKING_MESSAGES (the public mail links), BENCH_REPORT_MEMBERS
 * (the report catalogue's large campaign); BENCH_ONLY=campaign,import,crm,tasks,tracking,reports picks sections.
 */
const campaignContacts = Number(process.env.BENCH_CONTACTS ?? 100_000);
const crmContacts = Number(process.env.BENCH_CRM_CONTACTS ?? 1_000_000);
const importRows = Number(process.env.BENCH_IMPORT_ROWS ?? 200_000);
const reportMembers = Number(process.env.BENCH_REPORT_MEMBERS ?? 100_000);
const taskMembers = Number(process.env.BENCH_TASKS ?? 100_000);
const closedTasks = Number(process.env.BENCH_CLOSED_TASKS ?? 10_000);
const tracking = {
  seconds: Number(process.env.BENCH_TRACKING_SECONDS ?? 20),
  connections: Number(process.env.BENCH_TRACKING_CONNECTIONS ?? 50),
  messages: Number(process.env.BENCH_TRACKING_MESSAGES ?? 1_000),
};
const fmt = (n: number, digits = 0) => n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });
/** Node ids end in their position in the bench flow (audience-1, generate-2...). */
const byNodeNumber = (a: string, b: string) => Number(a.split('-').pop()) - Number(b.split('-').pop());
const row = (label: string, value: string) => console.log(`${label.padEnd(40)} ${value}`);

console.log(`Campaign Studio benchmarks — ${new Date().toISOString()}`);

/** BENCH_ONLY picks sections (comma-separated); all by default. */
const only = new Set((process.env.BENCH_ONLY ?? 'campaign,import,crm,tasks,tracking,reports').split(',').map((part) => part.trim()));

async function campaignSection(): Promise<void> {
  const smallCampaign = Number(process.env.BENCH_CONTACTS_SMALL ?? Math.max(1, Math.round(campaignContacts / 10)));
  console.log(`\n# audience → generate → send → end at ${fmt(smallCampaign)} and ${fmt(campaignContacts)} contacts, local SMTP sink`);
  console.log('  marketing mail: the demo offer in six languages, multipart HTML + text, tracked links, footer, List-Unsubscribe');
  const small = await benchCampaignSend(smallCampaign);
  const send = await benchCampaignSend(campaignContacts);
  for (const figures of [small, send]) {
    console.log(`  ${fmt(figures.contacts)} contacts, mails of ${fmt(figures.mailBytes / 1024, 1)} KB on the wire (HTML part ${fmt(figures.htmlBytes / 1024, 1)} KB)`);
    row('    campaign end to end', `${fmt(figures.campaignRate)} messages/s (${fmt(figures.campaignSeconds, 1)} s)`);
    row('    raw nodemailer pool, same mails', `${fmt(figures.rawRate)} messages/s (${fmt(figures.rawSeconds, 1)} s)`);
    row('    campaign / raw', `${fmt((figures.campaignRate / figures.rawRate) * 100)} %`);
    row('    workflow history', `${fmt(figures.historyEvents)} events in ${figures.executions} execution${figures.executions === 1 ? '' : 's'}`);
  }
  console.log(`  cost per node, ms of activity time per 1,000 members (goal: flat, within 1.2×)`);
  for (const node of [...new Set([...Object.keys(small.nodeMsPerThousand), ...Object.keys(send.nodeMsPerThousand)])].sort(byNodeNumber)) {
    const base = small.nodeMsPerThousand[node];
    const large = send.nodeMsPerThousand[node];
    const ratio = base && large ? `${fmt(large / base, 2)}×` : '—';
    row(`    ${node}`, `${base === undefined ? '—' : fmt(base, 1)} → ${large === undefined ? '—' : fmt(large, 1)} ms (${ratio})`);
  }
}

async function importSection(): Promise<void> {
  console.log(`\n# contacts CSV import, ${fmt(importRows)} lines`);
  const importDatabase = await createTestDatabase('cs_bench_import');
  try {
    const figures = await benchCsvImport(importDatabase.db, importRows);
    row('CSV import (parse, check, COPY, merge)', `${fmt(figures.rows / figures.importSeconds)} lines/s (${fmt(figures.importSeconds, 1)} s, ${fmt(figures.megabytes, 1)} MB)`);
    row('raw COPY of the same file', `${fmt(figures.rows / figures.rawCopySeconds)} lines/s (${fmt(figures.rawCopySeconds, 1)} s)`);
    row('import / raw COPY', `${fmt((figures.rawCopySeconds / figures.importSeconds) * 100)} %`);
    row('COPY straight into contacts (indexed)', `${fmt(figures.rows / figures.tableCopySeconds)} lines/s (${fmt(figures.tableCopySeconds, 1)} s)`);
    row('import / COPY into contacts', `${fmt((figures.tableCopySeconds / figures.importSeconds) * 100)} %`);
  } finally {
    await importDatabase.drop();
  }
}

async function crmSection(): Promise<void> {
  console.log(`\n# CRM data: ${fmt(crmContacts)} contacts with attributes and sales`);
  const database = await createTestDatabase('cs_bench');
  try {
    const dataset = await generateCrmDataset(database.db, crmContacts);
    row('generate dataset (in-database)', `${fmt(dataset.seconds, 1)} s — ${fmt(dataset.orders)} orders, ${fmt(dataset.lines)} lines`);
    for (const audience of await benchAudiences(database.db)) {
      console.log(`  ${audience.name}: ${fmt(audience.matched)} contacts`);
      row('    bare count(*), same predicate', `${fmt(audience.bareCountMs)} ms`);
      row('    preview count (compiled rules)', `${fmt(audience.previewMs)} ms (${fmt(audience.previewMs / audience.bareCountMs, 2)}× bare)`);
      row('    audience snapshot (the activity)', `${fmt(audience.snapshotMs)} ms (${fmt(audience.snapshotMs / audience.bareCountMs, 2)}× bare)`);
    }
  } finally {
    await database.drop();
  }
}

async function tasksSection(): Promise<void> {
  console.log(`\n# call tasks: audience → callback at ${fmt(taskMembers)} members; ${fmt(closedTasks)} calls closed one by one through the API`);
  const figures = await benchCallbackTasks(taskMembers, closedTasks);
  row('calls created (callback open)', `${fmt(figures.tasksPerSecond)} tasks/s (${fmt(figures.members)} in ${fmt(figures.openSeconds, 1)} s)`);
  row(`agent queue, ${fmt(figures.members)} open`, `GET /api/tasks p50 ${fmt(figures.queueP50Ms, 1)} ms, p95 ${fmt(figures.queueP95Ms, 1)} ms (${figures.queueSamples} requests)`);
  row('calls closed through the API', `${fmt(figures.closed)} in ${fmt(figures.closeSeconds, 1)} s (${fmt(figures.closed / figures.closeSeconds)}/s)`);
  const ofGoal = `${fmt((figures.historyEvents / CLOSE_HISTORY_GOAL) * 100)} % of the goal, ${fmt(CLOSE_HISTORY_GOAL)}`;
  row('workflow history of that run', `${fmt(figures.historyEvents)} events in ${figures.executions} execution${figures.executions === 1 ? '' : 's'} (${ofGoal})`);
}

async function trackingSection(): Promise<void> {
  console.log(
    `\n# public mail links on loopback: ${tracking.connections} connections for ${tracking.seconds} s per route, over ${fmt(tracking.messages)} sent messages (goal ≥ ${fmt(TRACKING_GOALS.requestsPerSecond)}/s, p99 ≤ ${TRACKING_GOALS.p99Ms} ms)`,
  );
  for (const route of await benchTracking(tracking)) {
    const goals = `${route.requestsPerSecond >= TRACKING_GOALS.requestsPerSecond ? 'meets' : 'below'} the rate goal, ${route.p99Ms <= TRACKING_GOALS.p99Ms ? 'meets' : 'above'} the p99 goal`;
    row(`  ${route.route}`, `${fmt(route.requestsPerSecond)} requests/s, p50 ${fmt(route.p50Ms, 1)} ms, p99 ${fmt(route.p99Ms, 1)} ms (${goals})`);
    row('', `${fmt(route.requests)} requests, ${fmt(route.unexpected)} unexpected answers or errors, ${fmt(route.events)} events recorded`);
  }
}

async function reportsSection(): Promise<void> {
  console.log(`\n# report catalogue: every report on an empty campaign and on one of ${fmt(reportMembers)} members (ms, one call each)`);
  const figures = await benchReports(reportMembers);
  row('generate the campaign (in-database)', `${fmt(figures.generateSeconds, 1)} s`);
  for (const timing of figures.timings) row(`  ${timing.report}`, `${fmt(timing.emptyMs, 1)} ms empty, ${fmt(timing.largeMs, 1)} ms large (${fmt(timing.rows)} rows)`);
}

if (only.has('campaign')) await campaignSection();
if (only.has('import')) await importSection();
if (only.has('crm')) await crmSection();
if (only.has('tasks')) await tasksSection();
if (only.has('tracking')) await trackingSection();
if (only.has('reports')) await reportsSection();
process.exit(0);
