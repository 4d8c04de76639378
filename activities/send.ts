import { moveMembers } from '../db/cohorts';
import { claimMessages, cohortMembersWithMessageStatus, markFailed, markSent, type ClaimedMessage } from '../db/messages';
import type { SendConfig } from '../flow/node-types';
import type { ActivityDeps, NodeHandler, RunNodeInput } from './deps';
import { Context } from '@temporalio/activity';
import { resumePoint, throwIfCancelled } from './progress';

const PAGE_SIZE = 200;

interface PageOutcome {
  sent: { id: string; providerId: string }[];
  failed: { id: string; error: string }[];
}

/**
 * Dispatch the cohort's messages exactly once as far as SMTP allows: claim a page
 * (`sending`), send with our id as Message-ID, mark `sent`/`failed`, move those members on.
 * A crash leaves at most one page in `sending`; the retry re-sends only that page, under the
 * same Message-IDs, and never the whole cohort again.
 */
export const runSend: NodeHandler = async (deps, input) => {
  const { runId, node, inputCohortId, outputs } = input;
  const config = node.config as SendConfig;
  if (!inputCohortId || !outputs.sent || !outputs.failed) throw new Error(`Send ${node.id} needs an input and sent/failed cohorts`);
  const progress = resumePoint();
  const pageSize = config.ratePerSecond > 0 ? Math.max(1, Math.min(PAGE_SIZE, Math.floor(config.ratePerSecond))) : PAGE_SIZE;
  // Recording a page (sent flags, member moves) overlaps with sending the next one. A pause is
  // honoured only before claiming, after every claimed page has been recorded: nothing is
  // ever left in `sending` by a pause.
  let recording: Promise<void> = Promise.resolve();
  const record = async (page: ClaimedMessage[], outcome: PageOutcome) => {
    await markSent(deps.db, outcome.sent);
    await markFailed(deps.db, outcome.failed);
    await movePage(deps, input, page, outcome);
    progress.processed += page.length;
    Context.current().heartbeat(progress);
  };
  for (const reclaim of [true, false]) {
    for (;;) {
      const started = Date.now();
      if (Context.current().cancellationSignal.aborted) await recording;
      throwIfCancelled();
      const page = await claimMessages(deps.db, { runId, cohortId: inputCohortId, channel: config.channel, limit: pageSize, reclaim });
      if (page.length === 0) break;
      const outcome = await sendPage(deps, page);
      await recording;
      recording = record(page, outcome);
      if (config.ratePerSecond > 0) await pace(started, page.length, config.ratePerSecond);
    }
  }
  await recording;
  // Members without any sendable message (or whose send completed before a crash) move on too.
  await routeMembers(deps, input, config.channel);
  await moveMembers(deps.db, { runId, nodeId: node.id, fromCohortId: inputCohortId, toCohortId: outputs.failed.cohortId, handle: 'failed' });
};

async function sendPage(deps: ActivityDeps, page: ClaimedMessage[]): Promise<PageOutcome> {
  const outcome: PageOutcome = { sent: [], failed: [] };
  let next = 0;
  const worker = async () => {
    for (let message = page[next++]; message; message = page[next++]) {
      try {
        const receipt = await deps.mailer.send({
          messageId: message.id,
          from: deps.mailFrom,
          to: message.toAddress,
          subject: message.subject ?? '',
          text: message.bodyText,
          html: message.bodyHtml ?? undefined,
        });
        outcome.sent.push({ id: message.id, providerId: receipt.providerId });
      } catch (error) {
        outcome.failed.push({ id: message.id, error: (error as Error).message });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(deps.sendConcurrency, page.length) }, worker));
  return outcome;
}

/** Move the page's members on by what happened to their message. */
async function movePage(deps: ActivityDeps, { runId, node, inputCohortId, outputs }: RunNodeInput, page: ClaimedMessage[], outcome: PageOutcome) {
  const contactOf = new Map(page.map((message) => [message.id, message.contactId]));
  for (const handle of ['sent', 'failed'] as const) {
    const contactIds = outcome[handle].map((message) => contactOf.get(message.id)!);
    if (contactIds.length === 0) continue;
    await moveMembers(deps.db, { runId, nodeId: node.id, fromCohortId: inputCohortId!, toCohortId: outputs[handle]!.cohortId, handle, contactIds });
  }
}

/** Sweep: members whose message is already `sent` or `failed` (a crashed attempt's work) move on. */
async function routeMembers(deps: ActivityDeps, { runId, node, inputCohortId, outputs }: RunNodeInput, channel: string) {
  for (const handle of ['sent', 'failed'] as const) {
    const target = outputs[handle]!;
    const contactIds = await cohortMembersWithMessageStatus(deps.db, { runId, cohortId: inputCohortId!, channel, status: handle });
    if (contactIds.length === 0) continue;
    await moveMembers(deps.db, { runId, nodeId: node.id, fromCohortId: inputCohortId!, toCohortId: target.cohortId, handle, contactIds });
  }
}

function pace(startedMs: number, sent: number, perSecond: number): Promise<void> {
  const wait = (sent / perSecond) * 1000 - (Date.now() - startedMs);
  return wait > 0 ? new Promise((resolve) => setTimeout(resolve, wait)) : Promise.resolve();
}
