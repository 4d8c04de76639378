import type { Actor } from '../../db/audit';
import { completeImportJob, failImportJob, recordImportTotal, type ImportJob, type ImportLineError } from '../../db/import-jobs';
import type { Db } from '../../db/pool';
import type { ColumnMapping } from './csv-columns';
import { UnreadableFile } from './csv-records';

/** How an import runs: the file's column → field mapping, and who started it (the system when the CLI does). */
export interface ImportOptions {
  mapping?: ColumnMapping;
  actor?: Actor;
}

/** What parsing a file gave: checked rows, every bad line, or why there is nothing to import. */
export interface ParsedFile<Row> {
  rows: Row[];
  errors: ImportLineError[];
  emptyMessage?: string;
}

/** What writing gave: counts, or lines naming things not on file (nothing was written). */
export type WriteOutcome = { errors: ImportLineError[] } | { inserted: number; updated: number; message?: string };

function notValid(errors: ImportLineError[], verb: [one: string, many: string], what: string): string {
  const lines = new Set(errors.map((error) => error.line)).size;
  return lines === 1 ? `1 line ${verb[0]} ${what}; nothing was imported` : `${lines} lines ${verb[1]} ${what}; nothing was imported`;
}

/**
 * Run an import job to its end, whatever the file holds: `parse` reads and checks the upload
 * (while the request is open); a file with any bad line (or none at all), or one the reader gives
 * up on, fails the job with the full report. Otherwise `write` runs (one transaction) and the
 * returned promise settles once the job is completed or failed — never rejecting, so callers may
 * drop it. Any other error while reading fails the job too, then goes on to the caller. The end
 * of the job is audited as done by `actor`, who started it.
 */
export async function settleImport<Parsed extends ParsedFile<unknown>>(
  db: Db,
  actor: Actor,
  jobId: string,
  parse: () => Promise<Parsed>,
  write: (parsed: Parsed) => Promise<WriteOutcome>,
): Promise<{ written: Promise<void> }> {
  let parsed: Parsed;
  try {
    parsed = await parse();
  } catch (error) {
    const unreadable = error instanceof UnreadableFile;
    await failImportJob(db, actor, jobId, unreadable ? error.report : { message: 'Reading the file failed; nothing was imported', errors: [] }, null);
    if (unreadable) return { written: Promise.resolve() };
    throw error;
  }
  if (parsed.emptyMessage || parsed.errors.length > 0) {
    const message = parsed.emptyMessage ?? notValid(parsed.errors, ['is', 'are'], 'not valid');
    await failImportJob(db, actor, jobId, { message, errors: parsed.errors }, parsed.rows.length);
    return { written: Promise.resolve() };
  }
  const total = parsed.rows.length;
  await recordImportTotal(db, jobId, total);
  const written = write(parsed).then(
    (outcome) =>
      'errors' in outcome
        ? failImportJob(db, actor, jobId, { message: notValid(outcome.errors, ['names', 'name'], 'something not on file'), errors: outcome.errors }, total)
        : completeImportJob(db, actor, jobId, outcome, outcome.message),
    (error: unknown) =>
      failImportJob(db, actor, jobId, { message: `Writing failed, nothing was imported: ${error instanceof Error ? error.message : String(error)}`, errors: [] }, total),
  );
  return { written };
}

/** The job as the API shows it: with progress in percent (100 once finished). */
export function presentJob(job: ImportJob): ImportJob & { progressPercent: number } {
  const progressPercent =
    job.status !== 'running' ? 100 : job.totalRows ? Math.min(99, Math.floor((job.processedRows / job.totalRows) * 100)) : 0;
  return { ...job, progressPercent };
}
