import { ActivityCancellationType, proxyActivities } from '@temporalio/workflow';
import type { CampaignActivities } from '../activities';

/**
 * Node batches: a few seconds of paged work each, heartbeating every page. A killed worker is
 * noticed within the heartbeat timeout and its batch retried elsewhere; deterministic errors
 * are thrown non-retryable by the activities, and other retries are capped, so a run that
 * cannot go on fails visibly instead of showing `running` for ever.
 */
export const nodeActivities = proxyActivities<CampaignActivities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '5 seconds',
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 12 },
});

export const shortActivities = proxyActivities<CampaignActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: 20 },
});
