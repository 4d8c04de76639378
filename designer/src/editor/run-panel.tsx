import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { ApiError, api, errorMessage } from '../api/client';
import { audienceQuestion, isFinished, latestRun, prepareStart, secondStartQuestion, startConfirmed, type StartConfirmation } from './run-actions';
import { useEditor, useEditorStore } from './store-context';
import { useRunPolling } from './use-run-polling';

type Control = 'pause' | 'resume' | 'cancel';

/** Start a run of the saved flow, watch its counts on the nodes, pause, resume or cancel it. */
export function RunPanel() {
  const store = useEditorStore();
  const { flowId, name, dirty, runId, progress } = useEditor(
    useShallow((s) => ({ flowId: s.flowId, name: s.name, dirty: s.dirty, runId: s.runId, progress: s.progress })),
  );
  const pollError = useRunPolling();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** Set while a start waits for the user's yes, with whom it would reach. */
  const [confirming, setConfirming] = useState<StartConfirmation | null>(null);

  // Reopening a flow shows its latest run, if it has one.
  useEffect(() => {
    if (!flowId || store.getState().runId) return;
    let current = true;
    latestRun(flowId)
      .then((run) => {
        if (current && run && !store.getState().runId) store.getState().watchRun(run.id);
      })
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [flowId, store]);

  const act = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (caught) {
      setError(errorMessage(caught));
      // A version with problems cannot run: the API lists them; show them on their nodes.
      if (caught instanceof ApiError && caught.status === 422 && caught.problems.length > 0) store.getState().showProblems(caught.problems);
    } finally {
      setBusy(false);
    }
  };
  const startNow = () => {
    if (!confirming) return;
    setConfirming(null);
    void act(async () => store.getState().watchRun(await startConfirmed(confirming.campaignId)));
  };
  // Every start asks first (seed 004): whom it reaches, with and without e-mail; a campaign that
  // already ran also says whom it mailed before. A flow with problems is refused here already.
  const start = () => {
    if (flowId) void act(async () => setConfirming(await prepareStart(flowId, name)));
  };
  const control = (what: Control) => {
    if (runId) void act(() => api.controlRun(runId, what).then(() => undefined));
  };

  const finished = isFinished(progress);
  // A run whose progress cannot be read at all must not block starting another.
  const running = runId !== null && !finished && !(pollError && !progress);
  const status = progress?.run.status.toLowerCase() ?? (runId ? 'loading…' : null);

  return (
    <section className="panel run-panel" aria-label="Run">
      <h2 className="panel-title">Run</h2>
      {!flowId && <p className="muted">Save the flow to run it.</p>}
      {flowId && dirty && <p className="muted">A run uses the last saved version of the flow.</p>}
      {confirming ? (
        <div className="run-panel__confirm" role="group" aria-label="Confirm start">
          <p>{confirming.earlier ? secondStartQuestion(confirming.earlier) : 'Start a run of this campaign?'}</p>
          <div className="run-panel__audience" aria-label="Audience">
            {audienceQuestion(confirming.preview)}
          </div>
          {confirming.preview.refusal && (
            <div className="field__error" role="alert">
              {confirming.preview.refusal}
            </div>
          )}
          <div className="button-row">
            <button type="button" className="button button--primary" disabled={busy || confirming.preview.refusal !== null} onClick={startNow}>
              {confirming.earlier ? 'Yes, start another run' : 'Start'}
            </button>
            <button type="button" className="button" onClick={() => setConfirming(null)}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <button type="button" className="button button--primary" disabled={!flowId || busy || running} onClick={start}>
          Start run
        </button>
      )}
      {runId && (
        <>
          <dl className="run-panel__facts">
            <dt>Run</dt>
            <dd title={runId}>{runId.slice(0, 8)}</dd>
            <dt>Status</dt>
            <dd>
              <span className={`run-status run-status--${status}`} role="status" aria-label="Run status">
                {status}
              </span>
            </dd>
            <dt>Contacts</dt>
            <dd>{progress ? `${progress.finished.toLocaleString()} of ${progress.members.toLocaleString()} finished` : '—'}</dd>
            {progress && progress.heldOut > 0 && (
              <>
                <dt>Held out</dt>
                <dd title="Selected by the audience but kept out of the run to measure what the campaign adds; never contacted">
                  {progress.heldOut.toLocaleString()}
                </dd>
              </>
            )}
            {progress?.workflow && (
              <>
                <dt>Workflow</dt>
                <dd>
                  {progress.workflow.status.toLowerCase()}
                  {progress.workflow.arrivals.length > 0 && ` · active at ${[...new Set(progress.workflow.arrivals.map((a) => a.nodeId))].join(', ')}`}
                </dd>
              </>
            )}
          </dl>
          <div className="button-row">
            <button type="button" className="button" disabled={busy || !running || status === 'paused'} onClick={() => control('pause')}>
              Pause
            </button>
            <button type="button" className="button" disabled={busy || status !== 'paused'} onClick={() => control('resume')}>
              Resume
            </button>
            <button type="button" className="button button--danger" disabled={busy || !running} onClick={() => control('cancel')}>
              Cancel
            </button>
          </div>
        </>
      )}
      {(error ?? pollError) && (
        <p className="field__error" role="alert">
          {error ?? pollError}
        </p>
      )}
    </section>
  );
}
