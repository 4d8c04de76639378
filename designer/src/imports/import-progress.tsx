import type { ImportJob } from '../api/crm-client';

/** A size the way people read it: 980 B, 12.3 KB, 4.5 MB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

type ProgressProps = { phase: 'uploading'; sent: number; total: number } | { phase: 'writing'; job: ImportJob | undefined };

/**
 * The live bar of a running import, in its two real steps: the upload, during which the
 * server reads and checks every line (measured in bytes sent), then the write (the job's own
 * row counts and percent, polled). The sentence beside it is announced to screen readers.
 */
export function ImportProgress(props: ProgressProps) {
  const { step, percent, sentence } = describe(props);
  return (
    <section className="import-progress" aria-labelledby="import-progress-title">
      <h2 id="import-progress-title">Importing…</h2>
      <div className="import-progress__bar">
        <progress aria-label="Import progress" max={100} value={percent} />
        <span className="import-progress__percent">{percent}%</span>
      </div>
      <p role="status" aria-live="polite" className="import-progress__status">
        <span className="muted">{step}</span> {sentence}
      </p>
    </section>
  );
}

function describe(props: ProgressProps): { step: string; percent: number; sentence: string } {
  if (props.phase === 'uploading') {
    const percent = props.total > 0 ? Math.min(100, Math.floor((props.sent / props.total) * 100)) : 0;
    const sentence = percent < 100 ? `Sending and checking the file: ${formatBytes(props.sent)} of ${formatBytes(props.total)}.` : 'File sent; checking its last lines…';
    return { step: 'Step 1 of 2.', percent, sentence };
  }
  const { job } = props;
  if (!job) return { step: 'Step 2 of 2.', percent: 0, sentence: 'Starting to write…' };
  const rows = job.totalRows === null ? `${job.processedRows.toLocaleString()} rows processed` : `${job.processedRows.toLocaleString()} of ${job.totalRows.toLocaleString()} rows processed`;
  return { step: 'Step 2 of 2.', percent: job.progressPercent, sentence: `Writing: ${rows}.` };
}
