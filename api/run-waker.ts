/** How often at most one run is woken: agents closing calls one after another make one wake-up, not hundreds. */
export const RUN_WAKE_GAP_MS = 2_000;

/**
 * Wake-ups for runs (`tasksChanged`), at most one per run per `gapMs`: the first at once, and
 * one more at the end of the gap when anything asked meanwhile, so the last change is never
 * left unannounced. A wake-up carries nothing — the workflow reads what changed from Postgres —
 * so coalescing loses nothing. In-process: each API process has its own, which at worst means
 * one wake per process per gap.
 */
export class RunWaker {
  /** Runs (by workflow id) woken within the last gap, and whether they were asked again meanwhile. */
  private readonly cooling = new Map<string, { again: boolean; timer: NodeJS.Timeout }>();

  /** `send` reports its own failures: it is not awaited (the caller's request does not wait for Temporal). */
  constructor(
    private readonly send: (workflowId: string) => Promise<void>,
    private readonly gapMs = RUN_WAKE_GAP_MS,
  ) {}

  wake(workflowId: string): void {
    const cooling = this.cooling.get(workflowId);
    if (cooling) cooling.again = true;
    else this.fire(workflowId);
  }

  /** On shutdown: send the wake-ups still owed now rather than drop them. */
  async close(): Promise<void> {
    const owed = [...this.cooling.entries()].filter(([, state]) => state.again).map(([workflowId]) => workflowId);
    for (const state of this.cooling.values()) clearTimeout(state.timer);
    this.cooling.clear();
    await Promise.all(owed.map((workflowId) => this.send(workflowId)));
  }

  private fire(workflowId: string): void {
    const state = {
      again: false,
      timer: setTimeout(() => {
        this.cooling.delete(workflowId);
        if (state.again) this.fire(workflowId);
      }, this.gapMs),
    };
    state.timer.unref();
    this.cooling.set(workflowId, state);
    void this.send(workflowId);
  }
}
