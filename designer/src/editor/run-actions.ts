import { api, type Campaign, type RunProgress, type RunSummary } from '../api/client';

/** Run statuses after which nothing moves any more. */
const TERMINAL = new Set(['completed', 'failed', 'cancelled', 'canceled', 'terminated', 'timed_out']);

export function isFinished(progress: RunProgress | null): boolean {
  if (!progress) return false;
  return TERMINAL.has(progress.run.status.toLowerCase()) || Boolean(progress.run.endedAt);
}

/** The newest campaign drawn from this flow, if any. */
async function campaignFor(flowId: string): Promise<Campaign | undefined> {
  const campaigns = await api.listCampaigns();
  return campaigns.filter((campaign) => campaign.flowId === flowId).sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
}

/** What the earlier runs of a flow's campaign did: a new start asks first when there are any. */
export interface EarlierRuns {
  runs: number;
  /** Contacts those runs mailed, each once: whom another run would reach again. */
  contactsMailed: number;
}

/** The earlier runs of the flow's campaign, or null when it has none (a first start asks nothing). */
export async function earlierRuns(flowId: string): Promise<EarlierRuns | null> {
  const campaign = await campaignFor(flowId);
  if (!campaign) return null;
  const { runs, contactsMailed } = await api.getCampaign(campaign.id);
  return runs.length > 0 ? { runs: runs.length, contactsMailed } : null;
}

/** The question a second start asks: how often the campaign ran, and whom it already mailed. */
export function secondStartQuestion({ runs, contactsMailed }: EarlierRuns): string {
  const times = runs === 1 ? 'once' : `${runs.toLocaleString('en')} times`;
  const mailed = `${contactsMailed.toLocaleString('en')} contact${contactsMailed === 1 ? ' was' : 's were'} already mailed by earlier runs`;
  return `This campaign already ran ${times}: ${mailed}. Start another run?`;
}

/**
 * Start a run of the flow's last saved version: through its campaign, created (named after
 * the flow) the first time.
 */
export async function startRun(flowId: string, flowName: string): Promise<string> {
  const campaign = (await campaignFor(flowId)) ?? (await api.createCampaign(flowName, flowId));
  const { runId } = await api.startRun(campaign.id);
  return runId;
}

/** The latest run of the flow's campaign, so reopening a flow shows where its run stands. */
export async function latestRun(flowId: string): Promise<RunSummary | undefined> {
  const campaign = await campaignFor(flowId);
  if (!campaign) return undefined;
  const { runs } = await api.getCampaign(campaign.id);
  return [...runs].sort((a, b) => b.startedAt.localeCompare(a.startedAt))[0];
}
