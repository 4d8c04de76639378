import { useEffect, useRef, useState } from 'react';
import { errorMessage } from '../api/client';
import { tasksApi, type Task, type TaskQueueQuery, type TaskTotals } from '../api/tasks-client';
import { FormError } from '../app/form-error';
import { appendPage, campaignsOf, nextTaskId } from './queue-model';
import { QueueList } from './queue-list';
import { TaskPanel, type TaskChangeKind } from './task-panel';

const PAGE = 50;
/** "Today" is the agent's own day. */
const TIME_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

interface Filters {
  status: 'open' | 'closed';
  campaignId: string;
  due: '' | 'overdue' | 'today';
}

interface Notice {
  text: string;
  warn: boolean;
}

/** What the console says after a change to a call, above the next one. */
function noticeOf(name: string, kind: TaskChangeKind, why: string | undefined): Notice {
  switch (kind) {
    case 'closed':
      return { text: `${name}: call closed.`, warn: false };
    case 'rescheduled':
      return { text: `${name}: call moved later in the queue.`, warn: false };
    case 'claimed':
      return { text: `${name}: the call is yours.`, warn: false };
    case 'stale':
      return { text: `${name}: the call changed elsewhere${why ? ` (${why})` : ''}; the queue is up to date again.`, warn: true };
  }
}

type QueueState = { status: 'loading' } | { status: 'failed'; message: string } | { status: 'ready' };

/**
 * The agent console (seed 004): the queue on the left — the API's order, filters, the totals of
 * the whole queue at the top, "load more" — and the current call on the right. Closing a call or
 * moving it later reloads the queue and opens the next call.
 */
export function AgentConsole({ userId }: { userId: string | null }) {
  const [filters, setFilters] = useState<Filters>({ status: 'open', campaignId: '', due: '' });
  const [items, setItems] = useState<Task[]>([]);
  const [totals, setTotals] = useState<TaskTotals | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [state, setState] = useState<QueueState>({ status: 'loading' });
  const [moreError, setMoreError] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  const [notice, setNotice] = useState<Notice | null>(null);
  /** Set by a change that takes the call off the list: which call, and the list it was in. */
  const leaving = useRef<{ id: string; before: Task[] } | null>(null);
  const campaignNames = useRef(new Map<string, string>());

  const query = (after?: string): TaskQueueQuery => ({
    status: filters.status,
    campaignId: filters.campaignId || undefined,
    due: filters.due || undefined,
    timeZone: TIME_ZONE,
    limit: PAGE,
    after,
  });

  useEffect(() => {
    let current = true;
    setState({ status: 'loading' });
    tasksApi.queue(query()).then(
      (page) => {
        if (!current) return;
        for (const task of page.items) campaignNames.current.set(task.campaignId, task.campaignName);
        setItems(page.items);
        setTotals(page.totals);
        setCursor(page.nextCursor);
        setMoreError(null);
        setState({ status: 'ready' });
        const left = leaving.current;
        leaving.current = null;
        setSelectedId((selected) => {
          if (left) return nextTaskId(left.before, left.id, page.items);
          return selected !== null && page.items.some((task) => task.id === selected) ? selected : (page.items[0]?.id ?? null);
        });
      },
      (error: unknown) => current && setState({ status: 'failed', message: errorMessage(error) }),
    );
    return () => {
      current = false;
    };
    // query() reads only the filters.
  }, [filters, reload]);

  const loadMore = async () => {
    if (!cursor) return;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const page = await tasksApi.queue(query(cursor));
      setItems((before) => appendPage(before, page.items));
      setTotals(page.totals);
      setCursor(page.nextCursor);
    } catch (error) {
      setMoreError(errorMessage(error));
    } finally {
      setLoadingMore(false);
    }
  };

  const changed = (taskId: string, kind: TaskChangeKind, why?: string) => {
    const name = items.find((task) => task.id === taskId)?.contactName ?? 'The call';
    if (kind !== 'claimed') leaving.current = { id: taskId, before: items };
    setNotice(noticeOf(name, kind, why));
    setReload((before) => before + 1);
  };

  const selectedCampaign = filters.campaignId ? { id: filters.campaignId, name: campaignNames.current.get(filters.campaignId) ?? 'This campaign' } : undefined;
  const campaigns = campaignsOf(items, selectedCampaign);
  const setFilter = (patch: Partial<Filters>) => setFilters((before) => ({ ...before, ...patch }));

  return (
    <div className="agent-console">
      <aside className="agent-console__queue" aria-label="My queue" aria-busy={state.status === 'loading'}>
        {totals && <QueueTotals totals={totals} />}
        <div className="queue-filters" role="group" aria-label="Filter the queue">
          <label>
            <span className="visually-hidden">Status</span>
            <select aria-label="Status" value={filters.status} onChange={(event) => setFilter({ status: event.target.value as Filters['status'] })}>
              <option value="open">Open</option>
              <option value="closed">Closed</option>
            </select>
          </label>
          <label>
            <span className="visually-hidden">Campaign</span>
            <select aria-label="Campaign" value={filters.campaignId} onChange={(event) => setFilter({ campaignId: event.target.value })}>
              <option value="">All campaigns</option>
              {campaigns.map((campaign) => (
                <option key={campaign.id} value={campaign.id}>
                  {campaign.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span className="visually-hidden">Due</span>
            <select aria-label="Due" value={filters.due} onChange={(event) => setFilter({ due: event.target.value as Filters['due'] })}>
              <option value="">Any day</option>
              <option value="today">Due today</option>
              <option value="overdue">Overdue</option>
            </select>
          </label>
        </div>
        {state.status === 'loading' && <p className="muted">Loading…</p>}
        {state.status === 'failed' && (
          <>
            <FormError message={`Could not load the queue: ${state.message}`} />
            <button type="button" className="button button--small" onClick={() => setReload((before) => before + 1)}>
              Try again
            </button>
          </>
        )}
        {state.status === 'ready' && items.length === 0 && (
          <div className="tasks-empty">
            <p>
              <strong>{filters.status === 'open' ? 'No calls to make.' : 'No closed calls.'}</strong>
            </p>
            <p className="muted">Calls appear here when a campaign’s call-back step assigns them to you, your team or your store.</p>
          </div>
        )}
        <QueueList items={items} selectedId={selectedId} onSelect={setSelectedId} />
        {cursor && (
          <button type="button" className="button button--small" disabled={loadingMore} onClick={() => void loadMore()}>
            {loadingMore ? 'Loading…' : 'Load more'}
          </button>
        )}
        <FormError message={moreError} />
      </aside>
      <section className="agent-console__call" aria-label="Current call">
        <p className={`agent-console__notice${notice?.warn ? ' agent-console__notice--warn' : ''}`} role="status">
          {notice?.text}
        </p>
        {selectedId ? (
          <TaskPanel key={selectedId} taskId={selectedId} userId={userId} onChanged={changed} />
        ) : (
          state.status === 'ready' && <p className="muted">Choose a call in the queue.</p>
        )}
      </section>
    </div>
  );
}

function QueueTotals({ totals }: { totals: TaskTotals }) {
  const entries: [string, number][] = [
    ['Open', totals.open],
    ['Due today', totals.dueToday],
    ['Overdue', totals.overdue],
    ['With e-mail', totals.withEmail],
    ['Without e-mail', totals.withoutEmail],
  ];
  return (
    <dl className="queue-totals" aria-label="Queue totals">
      {entries.map(([label, value]) => (
        <div key={label} className={`queue-totals__item${label === 'Overdue' && value > 0 ? ' queue-totals__item--alert' : ''}`}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
