import { useEffect, useRef, useState } from 'react';
import { ApiError, errorMessage } from '../api/client';
import { TaskRefusedError, tasksApi, type Reschedule, type TaskDetail } from '../api/tasks-client';
import { FormError } from '../app/form-error';
import { formatTime } from '../app/format-time';
import { LoadStatus } from '../app/load-status';
import { useLoaded } from '../contacts/use-loaded';
import { answersOf, draftsOf, problemsByField, type ProblemsByField } from './answer-draft';
import { EventLog } from './event-log';
import { QuestionnaireForm } from './questionnaire-form';
import { RescheduleButtons } from './reschedule-buttons';
import { TaskContact } from './task-contact';

/**
 * What a change did to the call: it left the queue (closed, moved later) or stays (claimed);
 * `stale`: the call changed elsewhere (another agent closed or took it), so the queue is read again.
 */
export type TaskChangeKind = 'closed' | 'rescheduled' | 'claimed' | 'stale';

/** Refusals that mean the call is no longer as the agent sees it: closed, taken by someone else, gone. */
const STALE_CODES: ReadonlySet<string | undefined> = new Set(['TASK_CLOSED', 'TASK_ASSIGNED', 'NOT_FOUND']);

interface Props {
  taskId: string;
  userId: string | null;
  onChanged: (taskId: string, kind: TaskChangeKind, why?: string) => void;
}

/** The current call: loads it, and draws the call screen once it has loaded. */
export function TaskPanel({ taskId, userId, onChanged }: Props) {
  const [version, setVersion] = useState(0);
  const detail = useLoaded(() => tasksApi.get(taskId), [taskId, version]);
  if (detail.status !== 'ready') return <LoadStatus loaded={detail} what="this call" />;
  return (
    <CallScreen
      key={detail.value.task.id}
      detail={detail.value}
      userId={userId}
      onChanged={(kind, why) => {
        if (kind === 'claimed') setVersion((before) => before + 1);
        onChanged(taskId, kind, why);
      }}
    />
  );
}

const NO_PROBLEMS: ProblemsByField = { answers: {}, other: {} };

/**
 * One call: the contact, the script, the questionnaire, the outcomes, "call again", "objective
 * met" and the events. Every action is one request; while it runs all actions wait (busy), and a
 * refusal shows its messages by field (an answer under its question).
 */
function CallScreen({ detail, userId, onChanged }: { detail: TaskDetail; userId: string | null; onChanged: (kind: TaskChangeKind, why?: string) => void }) {
  const { task } = detail;
  const [drafts, setDrafts] = useState(() => draftsOf(detail.questions, task.answers));
  const [comment, setComment] = useState('');
  const [objective, setObjective] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [problems, setProblems] = useState<ProblemsByField>(NO_PROBLEMS);
  const [failure, setFailure] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  // A new call takes the focus, so the keyboard carries on from its heading.
  useEffect(() => heading.current?.focus(), []);

  const open = task.status === 'open';
  const othersCall = task.assigneeId !== null && task.assigneeId !== userId;

  async function act(label: string, action: () => Promise<unknown>, kind: TaskChangeKind) {
    setBusy(label);
    setProblems(NO_PROBLEMS);
    setFailure(null);
    try {
      await action();
      onChanged(kind);
    } catch (error) {
      if (error instanceof ApiError && STALE_CODES.has(error.code)) {
        onChanged('stale', error.detail ?? error.message);
        return;
      }
      const byField = error instanceof TaskRefusedError ? problemsByField(error.fields) : NO_PROBLEMS;
      setProblems(byField);
      const pinned = Object.keys(byField.answers).length > 0;
      setFailure(pinned ? 'Some answers need attention (see the questionnaire).' : errorMessage(error));
    } finally {
      setBusy(null);
    }
  }

  const complete = (outcome: string) =>
    act(outcome, () => tasksApi.complete(task.id, { outcome, answers: answersOf(detail.questions, drafts), ...(comment.trim() ? { comment } : {}) }), 'closed');
  const reschedule = (when: Reschedule) => act('reschedule', () => tasksApi.reschedule(task.id, when), 'rescheduled');
  const objectiveMet = (text: string) => act('objective', () => tasksApi.objectiveMet(task.id, text), 'closed');

  return (
    <article className="task-panel" aria-busy={busy !== null} aria-labelledby="task-heading">
      <header className="task-panel__header">
        <h2 id="task-heading" tabIndex={-1} ref={heading}>
          {task.contactName || task.email || 'Unnamed contact'}
        </h2>
        <p className="muted">
          {task.campaignName} · call {task.attempt} of at most {detail.maxAttempts} · due {formatTime(task.dueAt)}
          {task.deadlineAt && <> · deadline {formatTime(task.deadlineAt)}</>}
          {task.assigneeName && <> · assigned to {task.assigneeName}</>}
        </p>
        {!open && (
          <p className="task-panel__closed" role="status">
            This call is {task.status}
            {task.outcome && <> ({task.outcome})</>}
            {task.closedAt && <> on {formatTime(task.closedAt)}</>}
            {task.comment && <>: “{task.comment}”</>}
          </p>
        )}
        {open && task.assigneeId === null && (
          <button type="button" className="button button--small" disabled={busy !== null} onClick={() => void act('claim', () => tasksApi.claim(task.id), 'claimed')}>
            {busy === 'claim' ? 'Claiming…' : 'Claim this call'}
          </button>
        )}
        {open && othersCall && <p className="muted">This call is assigned to {task.assigneeName ?? 'someone else'}.</p>}
      </header>

      <div className="task-panel__columns">
        <div>
          <TaskContact detail={detail} />
          {detail.earlierAttempts.length > 0 && (
            <section className="task-section" aria-labelledby="task-attempts-title">
              <h3 id="task-attempts-title">Earlier calls</h3>
              <ul className="task-attempts">
                {detail.earlierAttempts.map((attempt) => (
                  <li key={attempt.attempt}>
                    Call {attempt.attempt}: {attempt.outcome ?? 'open'}
                    {attempt.comment && <> — “{attempt.comment}”</>}
                    {attempt.closedAt && <span className="muted"> · {formatTime(attempt.closedAt)}</span>}
                  </li>
                ))}
              </ul>
            </section>
          )}
          <EventLog taskId={task.id} contactId={task.contactId} />
        </div>

        <div>
          <section className="task-section" aria-labelledby="task-script-title">
            <h3 id="task-script-title">Script</h3>
            {detail.script ? <p className="task-script">{detail.script}</p> : <p className="muted">No script for this call.</p>}
          </section>

          <section className="task-section" aria-labelledby="task-questions-title">
            <h3 id="task-questions-title">Questionnaire</h3>
            <QuestionnaireForm
              questions={detail.questions}
              drafts={drafts}
              errors={problems.answers}
              disabled={!open || busy !== null}
              onChange={(key, value) => setDrafts((before) => ({ ...before, [key]: value }))}
            />
          </section>

          {open && (
            <section className="task-section" aria-labelledby="task-outcome-title">
              <h3 id="task-outcome-title">Outcome</h3>
              <div className="field">
                <label className="field__label" htmlFor="task-comment">
                  Comment
                </label>
                <textarea id="task-comment" rows={2} value={comment} onChange={(event) => setComment(event.target.value)} disabled={busy !== null} />
              </div>
              <div className="button-row task-outcomes">
                {detail.outcomes.map((outcome) => (
                  <button key={outcome.key} type="button" className={`button${outcome.reached ? ' button--primary' : ''}`} disabled={busy !== null} onClick={() => void complete(outcome.key)}>
                    {busy === outcome.key ? 'Saving…' : outcome.label}
                  </button>
                ))}
              </div>
              {problems.other.outcome && <FormError message={`Outcome: ${problems.other.outcome}`} />}

              <RescheduleButtons busy={busy !== null} error={problems.other.preset ?? problems.other.at} onReschedule={(when) => void reschedule(when)} />

              <div className="task-objective">
                {objective === null ? (
                  <button type="button" className="button" disabled={busy !== null} onClick={() => setObjective('')}>
                    Objective met…
                  </button>
                ) : (
                  <form
                    aria-label="Objective met"
                    onSubmit={(event) => {
                      event.preventDefault();
                      void objectiveMet(objective);
                    }}
                  >
                    <div className="field">
                      <label className="field__label" htmlFor="task-objective-comment">
                        What was achieved
                      </label>
                      <textarea id="task-objective-comment" rows={2} autoFocus value={objective} onChange={(event) => setObjective(event.target.value)} disabled={busy !== null} />
                    </div>
                    <div className="button-row">
                      <button type="submit" className="button button--primary" disabled={busy !== null || objective.trim() === ''}>
                        {busy === 'objective' ? 'Closing…' : 'Close: objective met'}
                      </button>
                      <button type="button" className="button" disabled={busy !== null} onClick={() => setObjective(null)}>
                        Cancel
                      </button>
                    </div>
                  </form>
                )}
              </div>
            </section>
          )}
          <FormError message={failure} />
        </div>
      </div>
    </article>
  );
}
