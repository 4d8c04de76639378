import { SendFault } from '../channels/mailer';
import { cohortHasMembers, moveMembers } from '../db/cohorts';
import { bookMessageCosts } from '../db/cost-ledger';
import { claimMessages, markBounced, markDeferred, markFailed, markRefused, markSent, nextDeferredAttempt, sendCandidatesPage, type ClaimedMessage, type SendCandidate } from '../db/messages';
import { inTransaction, type Queryable } from '../db/pool';
import { overFrequencyCap, refusedForMail } from '../db/send-policy';
import { checkSendWindow } from '../db/send-window';
import { cappedReason, SEND_RETRY_DEFAULTS } from '../flow/nodes/send';
import type { ActivityDeps, NodeHandler, NodeRun } from './deps';
import { activitySleep, keepAlive, pageDone } from './progress';

/** Mails claimed at once: the most a worker killed mid-page can leave to be sent again. */
export const SEND_PAGE_SIZE = 100;
/** The whole node backs off this long at first when the relay refuses everything, doubling. */
const RELAY_BACKOFF_MS = { first: 1_000, max: 60_000 };
/** A deferred message is never retried later than this after its last try. */
const MESSAGE_BACKOFF_MAX_MS = 4 * 3_600_000;
/** When members remain but none is deferred (another worker holds their rows), look again after this. */
const LOCKED_RETRY_MS = 1_000;

interface SendState {
  /** Keyset position in this pass over the cohort. */
  after: string | null;
  /** The node's current back-off while the relay refuses everything (0 = relay fine). */
  relayBackoffMs: number;
  /** Epoch ms the send window next opens for a member held in this pass (null: nobody held). */
  nextOpening: number | null;
  /** The earliest retry time of a deferred message seen not yet due in this pass. */
  nextRetry: number | null;
}

type SendHandle = 'sent' | 'bounced' | 'failed' | 'suppressed' | 'capped';

type Outcome = { id: string; providerId: string } | { id: string; fault: SendFault };

/**
 * Dispatch the cohort's messages, exactly once as far as SMTP allows, as a mail server would.
 * Before a page is claimed: members outside the send window (their local time) are held, not
 * claimed; those the consent policy refuses now (db/send-policy.ts: the suppression list, a
 * withdrawal, the topic subscription — so an unsubscribe since generate wins) leave by
 * `suppressed`, and those over the frequency cap by `capped`, their message marked so. The rest
 * are claimed (`sending`), sent with their id as Message-ID and their stored headers, and then
 * `sent`, `bounced` (5xx, the reply kept) or `deferred` (4xx or no connection: retried at their
 * own time, with back-off, until the node's lifetime runs out, then `failed`). When the relay
 * refuses a whole page, the node backs off as a whole and tries the same page again: a burst of
 * 451s fails nobody. Members move on as their message settles; the arrival is done only when
 * no message is left deferred. A crash leaves at most one page in `sending`, re-sent on retry
 * under the same Message-IDs.
 */
export const runSend: NodeHandler<'send'> = async (deps, run) => {
  const { node, inputCohortId } = run;
  if (!inputCohortId) throw new Error(`Send ${node.id} needs an input cohort`);
  const retryAfterMs = (node.config.retryAfterSeconds ?? SEND_RETRY_DEFAULTS.retryAfterSeconds) * 1000;
  const lifetimeMs = (node.config.giveUpAfterHours ?? SEND_RETRY_DEFAULTS.giveUpAfterHours) * 3_600_000;
  const rate = node.config.ratePerSecond;
  const pageSize = rate > 0 ? Math.max(1, Math.min(SEND_PAGE_SIZE, Math.floor(rate))) : SEND_PAGE_SIZE;
  const previous = run.state as SendState | null;
  const state: SendState = { after: previous?.after ?? null, relayBackoffMs: previous?.relayBackoffMs ?? 0, nextOpening: previous?.nextOpening ?? null, nextRetry: previous?.nextRetry ?? null };

  let handled = 0;
  for (;;) {
    if (run.batchOver(handled)) return { done: false, state };
    const started = Date.now();
    const page = await sendCandidatesPage(deps.db, inputCohortId, state.after, pageSize);
    if (page.length === 0) {
      // End of a pass: whoever is left waits for a deferred retry still ahead (one seen not yet
      // due in this pass may be due by now), the send window's next opening (a deferred message
      // held by the window waits for that, not for its past retry time), or a row another worker holds.
      const waitFor = [state.nextOpening, state.nextRetry];
      state.after = null;
      state.nextOpening = null;
      state.nextRetry = null;
      if (!(await cohortHasMembers(deps.db, inputCohortId))) return { done: true };
      const nextAt = earliest(await nextDeferredAttempt(deps.db, inputCohortId), ...waitFor) ?? Date.now() + LOCKED_RETRY_MS;
      if (nextAt >= run.deadline) return { done: false, state, resumeAt: nextAt };
      await activitySleep(nextAt - Date.now());
      continue;
    }
    await routeSettled(deps, run, page, node.config.channel);
    for (const candidate of page) {
      if (candidate.status === 'deferred' && candidate.nextAttemptAt !== null && candidate.nextAttemptAt > Date.now()) state.nextRetry = earliest(state.nextRetry, candidate.nextAttemptAt);
    }
    const due = await inWindow(deps, run, page.filter((candidate) => isDue(candidate, node.config.channel)), state);
    const sendable = await refuseByPolicy(deps, run, due);
    const claimed = await claimMessages(deps.db, sendable.map((candidate) => candidate.messageId!));
    const outcomes = await keepAlive(sendAll(deps, claimed));
    const faults = outcomes.filter((outcome) => 'fault' in outcome);
    if (claimed.length >= 2 && faults.length === claimed.length && faults.every((f) => f.fault.kind === 'temporary')) {
      // The relay refuses everything: back off as a node and try this same page again.
      state.relayBackoffMs = Math.min(RELAY_BACKOFF_MS.max, Math.max(RELAY_BACKOFF_MS.first, state.relayBackoffMs * 2));
      const retryAt = Date.now() + state.relayBackoffMs;
      await record(deps, run, claimed, outcomes, { lifetimeMs, retryAt: () => retryAt });
      if (retryAt >= run.deadline) return { done: false, state, resumeAt: retryAt };
      await activitySleep(retryAt - Date.now());
      continue;
    }
    state.relayBackoffMs = 0;
    await record(deps, run, claimed, outcomes, {
      lifetimeMs,
      retryAt: (message) => Date.now() + Math.min(MESSAGE_BACKOFF_MAX_MS, retryAfterMs * 2 ** Math.max(0, message.attempts - 1)),
    });
    state.after = page[page.length - 1]!.contactId;
    handled += page.length;
    pageDone(state);
    if (rate > 0) await activitySleep((claimed.length / rate) * 1000 - (Date.now() - started));
  }
};

function earliest(...times: (number | null)[]): number | null {
  const known = times.filter((time): time is number => time !== null);
  return known.length === 0 ? null : Math.min(...known);
}

/**
 * The candidates inside the send window now (all of them when the node has none). The others
 * stay in the cohort, unclaimed, and the pass remembers when the window next opens for them.
 */
async function inWindow(deps: ActivityDeps, run: NodeRun<'send'>, candidates: SendCandidate[], state: SendState): Promise<SendCandidate[]> {
  const window = run.node.config.sendWindow;
  if (!window || candidates.length === 0) return candidates;
  const check = await checkSendWindow(deps.db, candidates.map((candidate) => candidate.contactId), window);
  state.nextOpening = earliest(state.nextOpening, check.nextOpening);
  return candidates.filter((candidate) => check.open.has(candidate.contactId));
}

/**
 * Asked just before the claim: who may not be mailed now (consent, suppression list) leaves by
 * `suppressed`, who is over the frequency cap (marketing mail only) by `capped`, each message
 * marked with the reason in the same transaction as its member's move. Returns the rest.
 */
async function refuseByPolicy(deps: ActivityDeps, run: NodeRun<'send'>, candidates: SendCandidate[]): Promise<SendCandidate[]> {
  if (candidates.length === 0) return candidates;
  const refused = await refusedForMail(deps.db, run.runId, candidates.map((candidate) => candidate.contactId));
  const cap = run.node.config.frequencyCap;
  const capped = cap
    ? await overFrequencyCap(
        deps.db,
        candidates.filter((candidate) => candidate.marketing === true && !refused.has(candidate.contactId)).map((candidate) => candidate.contactId),
        cap,
      )
    : new Set<string>();
  const groups = new Map<string, { handle: 'suppressed' | 'capped'; candidates: SendCandidate[] }>();
  for (const candidate of candidates) {
    const reason = refused.get(candidate.contactId);
    const refusal = reason !== undefined ? { key: `suppressed:${reason}`, handle: 'suppressed' as const } : capped.has(candidate.contactId) ? { key: 'capped', handle: 'capped' as const } : null;
    if (refusal) (groups.get(refusal.key) ?? groups.set(refusal.key, { handle: refusal.handle, candidates: [] }).get(refusal.key)!).candidates.push(candidate);
  }
  for (const [key, group] of groups) {
    const reason = group.handle === 'capped' && cap ? cappedReason(cap) : key.slice('suppressed:'.length);
    await inTransaction(deps.db, async (client) => {
      const marked = new Set(await markRefused(client, group.handle, group.candidates.map((candidate) => ({ id: candidate.messageId!, reason }))));
      const contactIds = group.candidates.filter((candidate) => marked.has(candidate.messageId!)).map((candidate) => candidate.contactId);
      await move(client, run, group.handle, contactIds, reason);
    });
  }
  return candidates.filter((candidate) => !refused.has(candidate.contactId) && !capped.has(candidate.contactId));
}

function isDue(candidate: SendCandidate, channel: string): boolean {
  if (!candidate.messageId || candidate.channel !== channel) return false;
  if (candidate.status === 'deferred') return (candidate.nextAttemptAt ?? 0) <= Date.now();
  return candidate.status === 'draft' || candidate.status === 'approved' || candidate.status === 'sending';
}

/**
 * Members whose message is already settled (sent or refused by an earlier, crashed attempt, or
 * never sendable here) move on without a send.
 */
async function routeSettled(deps: ActivityDeps, run: NodeRun<'send'>, page: SendCandidate[], channel: string): Promise<void> {
  const groups = new Map<string, { handle: SendHandle; detail?: string; contactIds: string[] }>();
  const add = (key: string, handle: SendHandle, contactId: string, detail?: string) =>
    (groups.get(key) ?? groups.set(key, { handle, detail, contactIds: [] }).get(key)!).contactIds.push(contactId);
  for (const candidate of page) {
    if (!candidate.messageId || !candidate.status) add('none', 'failed', candidate.contactId, 'no message to send');
    else if (candidate.channel !== channel) add('channel', 'failed', candidate.contactId, `its message is for ${candidate.channel}, not ${channel}`);
    else if (candidate.status === 'sent') add('sent', 'sent', candidate.contactId);
    else if (candidate.status === 'bounced' || candidate.status === 'suppressed' || candidate.status === 'capped') {
      // Settled by an attempt that crashed before moving its member: the same way, the same reason.
      add(`${candidate.status}:${candidate.error ?? ''}`, candidate.status, candidate.contactId, candidate.error ?? undefined);
    }
    else if (candidate.status === 'failed') add('failed', 'failed', candidate.contactId);
    else if (candidate.status === 'excluded') add('excluded', 'failed', candidate.contactId, 'message excluded');
  }
  // A crash between marking a page sent and booking its cost leaves sent messages unbooked:
  // book them now (once only, by message id).
  const sentBefore = page.filter((candidate) => candidate.status === 'sent' && candidate.channel === channel).map((candidate) => candidate.messageId!);
  await bookMessageCosts(deps.db, sentBefore, run.node.id);
  for (const group of groups.values()) await move(deps.db, run, group.handle, group.contactIds, group.detail);
}

async function sendAll(deps: ActivityDeps, page: ClaimedMessage[]): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
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
          headers: message.headers,
        });
        outcomes.push({ id: message.id, providerId: receipt.providerId });
      } catch (error) {
        outcomes.push({ id: message.id, fault: error instanceof SendFault ? error : new SendFault('temporary', (error as Error).message) });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(deps.sendConcurrency, page.length) }, worker));
  return outcomes;
}

/** Write what happened to each claimed message and move the members whose message settled. */
async function record(
  deps: ActivityDeps,
  run: NodeRun<'send'>,
  claimed: ClaimedMessage[],
  outcomes: Outcome[],
  policy: { lifetimeMs: number; retryAt: (message: ClaimedMessage) => number },
): Promise<void> {
  const byId = new Map(claimed.map((message) => [message.id, message]));
  const sent: { id: string; providerId: string }[] = [];
  const bounced: { id: string; error: string }[] = [];
  const failed: { id: string; error: string }[] = [];
  const deferred: { id: string; error: string; retryAt: number }[] = [];
  for (const outcome of outcomes) {
    const message = byId.get(outcome.id)!;
    if (!('fault' in outcome)) sent.push(outcome);
    else if (outcome.fault.kind === 'permanent') bounced.push({ id: outcome.id, error: outcome.fault.reply });
    else if (Date.now() - message.firstAttemptAt >= policy.lifetimeMs) failed.push({ id: outcome.id, error: `Gave up after ${message.attempts} tries: ${outcome.fault.reply}` });
    else deferred.push({ id: outcome.id, error: outcome.fault.reply, retryAt: policy.retryAt(message) });
  }
  await markSent(deps.db, sent);
  // Each sent message books its unit cost in the ledger (issue 12), exactly once by its id.
  await bookMessageCosts(deps.db, sent.map((message) => message.id), run.node.id);
  await markBounced(deps.db, bounced);
  await markFailed(deps.db, failed);
  await markDeferred(deps.db, deferred);
  const contacts = (list: { id: string }[]) => list.map((message) => byId.get(message.id)!.contactId);
  await move(deps.db, run, 'sent', contacts(sent));
  for (const message of bounced) await move(deps.db, run, 'bounced', contacts([message]), message.error);
  for (const message of failed) await move(deps.db, run, 'failed', contacts([message]), message.error);
}

async function move(db: Queryable, run: NodeRun<'send'>, handle: SendHandle, contactIds: string[], detail?: string) {
  const target = run.outputs[handle];
  if (!target || contactIds.length === 0) return;
  await moveMembers(db, { runId: run.runId, nodeId: run.node.id, fromCohortId: run.inputCohortId!, toCohortId: target.cohortId, handle, contactIds, detail });
}
