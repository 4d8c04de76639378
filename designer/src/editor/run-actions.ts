import { api, type Campaign, type RunProgress, type RunSummary, type StartPreview } from '../api/client';

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

/** What a start asks before it starts (seed 004): whom it reaches, and whom earlier runs already mailed. */
export interface StartConfirmation {
  campaignId: string;
  preview: StartPreview;
  /** Null for a first start. */
  earlier: EarlierRuns | null;
}

/**
 * Everything the start dialog shows, read from the flow's campaign (created, named after the
 * flow, the first time: a run belongs to a campaign): the audience a start would reach today
 * and the campaign's earlier runs.
 */
export async function prepareStart(flowId: string, flowName: string): Promise<StartConfirmation> {
  const campaign = (await campaignFor(flowId)) ?? (await api.createCampaign({ name: flowName, flowId }));
  const [preview, detail] = await Promise.all([api.startPreview(campaign.id), api.getCampaign(campaign.id)]);
  const earlier = detail.runs.length > 0 ? { runs: detail.runs.length, contactsMailed: detail.contactsMailed } : null;
  return { campaignId: campaign.id, preview, earlier };
}

const contacts = (n: number) => `${n.toLocaleString('en')} contact${n === 1 ? '' : 's'}`;

/** The audience line of the start dialog: the total, split into with and without e-mail. */
export function audienceQuestion({ audience, withEmail, withoutEmail }: Pick<StartPreview, 'audience' | 'withEmail' | 'withoutEmail'>): string {
  if (audience === 0) return 'The audience selects no contact today: the run would reach nobody.';
  return `The run will reach ${contacts(audience)}: ${withEmail.toLocaleString('en')} with e-mail, ${withoutEmail.toLocaleString('en')} without.`;
}

/** The question a second start asks: how often the campaign ran, and whom it already mailed. */
export function secondStartQuestion({ runs, contactsMailed }: EarlierRuns): string {
  const times = runs === 1 ? 'once' : `${runs.toLocaleString('en')} times`;
  const mailed = `${contactsMailed.toLocaleString('en')} contact${contactsMailed === 1 ? ' was' : 's were'} already mailed by earlier runs`;
  return `This campaign already ran ${times}: ${mailed}. Start another run?`;
}

/** Start a run of the campaign's flow at its last saved version, once confirmed. */
export async function startConfirmed(campaignId: string): Promise<string> {
  const { runId } = await api.startRun(campaignId);
  return runId;
}

/** The latest run of the flow's campaign, so reopening a flow shows where its run stands. */
export async function latestRun(flowId: string): Promise<RunSummary | undefined> {
  const campaign = await campaignFor(flowId);
  if (!campaign) return undefined;
  const { runs } = await api.getCampaign(campaign.id);
  return [...runs].sort((a, b) => b.startedAt.localeCompare(a.startedAt))[0];
}
