import { useRef, type KeyboardEvent } from 'react';
import type { Task } from '../api/tasks-client';
import { formatTime } from '../app/format-time';
import { dueState, type DueState } from './queue-model';
import { outcomeLabel } from './summary-model';

const DUE_LABELS: Record<DueState, string> = { overdue: 'Overdue', today: 'Today', later: 'Later' };

/**
 * The queue in the API's order. Each call is a button; ↑ and ↓ move between them (and open the
 * call), so a whole list can be worked from the keyboard.
 */
export function QueueList({ items, selectedId, onSelect }: { items: readonly Task[]; selectedId: string | null; onSelect: (id: string) => void }) {
  const list = useRef<HTMLOListElement>(null);
  const now = new Date();

  const move = (event: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const step = event.key === 'ArrowDown' ? 1 : event.key === 'ArrowUp' ? -1 : 0;
    const target = items[index + step];
    if (step === 0 || !target) return;
    event.preventDefault();
    onSelect(target.id);
    list.current?.querySelectorAll<HTMLButtonElement>('button.queue-item')[index + step]?.focus();
  };

  return (
    <ol className="queue-list" ref={list} aria-label="Calls">
      {items.map((task, index) => {
        const due = task.status === 'open' ? dueState(task.dueAt, now) : null;
        return (
          <li key={task.id}>
            <button
              type="button"
              className={`queue-item${task.id === selectedId ? ' queue-item--current' : ''}`}
              aria-current={task.id === selectedId ? 'true' : undefined}
              onClick={() => onSelect(task.id)}
              onKeyDown={(event) => move(event, index)}
            >
              <span className="queue-item__name">{task.contactName || task.email || 'Unnamed contact'}</span>
              <span className="queue-item__meta">
                {task.campaignName} · {formatTime(task.dueAt)}
              </span>
              <span className="queue-item__tags">
                {due && <span className={`due-badge due-badge--${due}`}>{DUE_LABELS[due]}</span>}
                {task.status !== 'open' && <span className="due-badge">{task.outcome ? outcomeLabel(task.outcome) : task.status}</span>}
                {task.assigneeId === null && task.status === 'open' && <span className="due-badge due-badge--free">Unassigned</span>}
                {!task.email && <span className="due-badge">No e-mail</span>}
              </span>
            </button>
          </li>
        );
      })}
    </ol>
  );
}
