import { useState } from 'react';
import { RESCHEDULE_PRESETS } from '../../../contracts/task';
import type { Reschedule } from '../api/tasks-client';
import { localDateTimeToIso } from './queue-model';

const PRESET_LABELS: Record<(typeof RESCHEDULE_PRESETS)[number], string> = { '+2h': '+2 h', '+1d': '+1 day', '+1w': '+1 week', '+1m': '+1 month' };

/** Call again later: +2 h, +1 day, +1 week, +1 month from now, or at a chosen date and time. */
export function RescheduleButtons({ busy, error, onReschedule }: { busy: boolean; error: string | undefined; onReschedule: (when: Reschedule) => void }) {
  const [at, setAt] = useState('');
  const iso = localDateTimeToIso(at);
  return (
    <fieldset className="task-reschedule" aria-describedby={error ? 'task-reschedule-error' : undefined}>
      <legend>Call again</legend>
      <div className="button-row">
        {RESCHEDULE_PRESETS.map((preset) => (
          <button key={preset} type="button" className="button button--small" disabled={busy} onClick={() => onReschedule({ preset })}>
            {PRESET_LABELS[preset]}
          </button>
        ))}
        <label className="visually-hidden" htmlFor="task-reschedule-at">
          Call again on
        </label>
        <input id="task-reschedule-at" type="datetime-local" value={at} onChange={(event) => setAt(event.target.value)} disabled={busy} />
        <button type="button" className="button button--small" disabled={busy || iso === null} onClick={() => iso && onReschedule({ at: iso })}>
          Set date
        </button>
      </div>
      {error && (
        <p className="field__error" id="task-reschedule-error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
