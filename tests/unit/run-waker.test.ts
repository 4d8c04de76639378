import { describe, expect, it } from 'vitest';
import { RunWaker } from '../../api/run-waker';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('waking runs after calls close', () => {
  it('wakes a run at once, then at most once more per gap however often it is asked', async () => {
    const sent: { run: string; at: number }[] = [];
    const started = Date.now();
    const waker = new RunWaker(async (run) => void sent.push({ run, at: Date.now() - started }), 300);
    for (let i = 0; i < 20; i++) waker.wake('run-a');
    waker.wake('run-b');
    expect(sent.map((wake) => wake.run)).toEqual(['run-a', 'run-b']);
    await sleep(450);
    // The 19 later asks for run-a became one wake-up at the end of the gap; run-b was asked once.
    expect(sent.map((wake) => wake.run)).toEqual(['run-a', 'run-b', 'run-a']);
    expect(sent[2]!.at).toBeGreaterThanOrEqual(290);
    await sleep(400);
    expect(sent).toHaveLength(3);
    // Quiet for a gap: the next ask goes at once again.
    waker.wake('run-a');
    expect(sent).toHaveLength(4);
    await waker.close();
  });

  it('sends the wake-ups it still owes when closed', async () => {
    const sent: string[] = [];
    const waker = new RunWaker(async (run) => void sent.push(run), 10_000);
    waker.wake('run-a');
    waker.wake('run-a');
    waker.wake('run-b');
    await waker.close();
    expect(sent).toEqual(['run-a', 'run-b', 'run-a']);
  });
});
