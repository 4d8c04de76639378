import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { WORKFLOWS_PATH } from '../../worker/worker';
import { loadHistories } from '../support/histories';

describe('recorded campaign histories replay against the current workflow code', () => {
  it('replays every fixture without a determinism error', async () => {
    const histories = await loadHistories();
    expect(histories.map((h) => h.workflowId)).toEqual(['cancel-during-wait', 'email-campaign', 'pause-resume', 'wait-duration']);
    let replayed = 0;
    for await (const result of Worker.runReplayHistories({ workflowsPath: WORKFLOWS_PATH }, histories)) {
      expect(result.error, result.workflowId).toBeUndefined();
      replayed++;
    }
    expect(replayed).toBe(histories.length);
  });
});
