import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { WORKFLOWS_PATH } from '../../worker/worker';
import { loadHistories } from '../support/histories';

describe('recorded campaign histories replay against the current workflow code', () => {
  it('replays every fixture without a determinism error', async () => {
    const histories = await loadHistories();
    // One per phase handler (activity: email-campaign, batched-release; timer: wait-duration;
    // poll-until: engagement-wait; human-gate: review-approved, callback-loop), and across
    // pause, cancel, a loop (retry-loop; callback-loop: no answer → wait → call again),
    // continueAsNew with concurrent branches (until-date-branches-rollover), and the set-based
    // new nodes: random and rule splits joined into an update, then convert (branch-update-convert);
    // a wait until a local time in each contact's zone, released in two wakes, then cancelled (wait-local-time).
    expect(histories.map((h) => h.workflowId)).toEqual([
      'batched-release',
      'branch-update-convert',
      'callback-loop',
      'cancel-during-wait',
      'email-campaign',
      'engagement-wait',
      'pause-resume',
      'retry-loop',
      'review-approved',
      'until-date-branches-rollover',
      'wait-duration',
      'wait-local-time',
    ]);
    let replayed = 0;
    for await (const result of Worker.runReplayHistories({ workflowsPath: WORKFLOWS_PATH }, histories)) {
      expect(result.error, result.workflowId).toBeUndefined();
      replayed++;
    }
    expect(replayed).toBe(histories.length);
  });
});
