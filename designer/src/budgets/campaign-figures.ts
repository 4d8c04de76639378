import type { Analysis } from '../api/budgets-client';
import type { Campaign } from '../api/client';

/** One line of the budget owner's home: a campaign and, once read, its money figures. */
export interface CampaignFigures {
  campaign: Campaign;
  /** The post-analysis, or why it could not be read (a row never disappears for it). */
  analysis: { status: 'loading' } | { status: 'failed'; message: string } | { status: 'ready'; value: Analysis };
}

/** What the status column says: a run going makes the figures provisional (live). */
export function statusText(campaign: Campaign, analysis: Analysis | null): string {
  if (analysis?.live) return 'Running (live figures)';
  const run = campaign.latestRun;
  if (!run) return 'Not run yet';
  return { running: 'Running', paused: 'Paused', completed: 'Finished', cancelled: 'Cancelled', failed: 'Failed' }[run.status];
}

/**
 * The home lists the campaigns that matter to a budget first: those running, then those with a
 * budget, then the rest, each group by name.
 */
export function homeOrder(rows: CampaignFigures[]): CampaignFigures[] {
  const rank = (row: CampaignFigures) => {
    if (row.campaign.latestRun?.status === 'running') return 0;
    if (row.analysis.status === 'ready' && Number(row.analysis.value.costs.budget) > 0) return 1;
    return 2;
  };
  return [...rows].sort((a, b) => rank(a) - rank(b) || a.campaign.name.localeCompare(b.campaign.name));
}

/** Run `work` over `items` with at most `limit` at a time (the home reads one analysis per campaign). */
export async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
