import type { Static } from '@sinclair/typebox';
import type { ImportLineErrorSchema } from '../contracts/import';
import { SYSTEM_ACTOR, writeAudit, type Actor } from './audit';
import { inTransaction, type Db } from './pool';
import { storableText } from './storable-text';

export type ImportKind = 'contacts' | 'companies' | 'sales' | 'customer_codes';
export type ImportStatus = 'running' | 'completed' | 'failed';

/** One bad cell (or whole line) of an uploaded file; `line` counts from 1, the header included. */
export type ImportLineError = Static<typeof ImportLineErrorSchema>;

export interface ImportReport {
  message?: string;
  errors: ImportLineError[];
}

export interface ImportJob {
  id: string;
  kind: ImportKind;
  fileName: string | null;
  status: ImportStatus;
  totalRows: number | null;
  processedRows: number;
  insertedRows: number;
  updatedRows: number;
  errorCount: number;
  report: ImportReport;
  createdAt: Date;
  finishedAt: Date | null;
}

const JOB_COLUMNS = `id, kind, file_name AS "fileName", status, total_rows AS "totalRows",
  processed_rows AS "processedRows", inserted_rows AS "insertedRows", updated_rows AS "updatedRows",
  error_count AS "errorCount", report, created_at AS "createdAt", finished_at AS "finishedAt"`;

/**
 * A report as jsonb Postgres stores: it quotes the file's own cells and column names, which may
 * hold a NUL or a broken surrogate, and failing the job must not fail on them (it would stay
 * `running` for ever).
 */
function storableReport(report: ImportReport): string {
  return JSON.stringify(report, (_key, value: unknown) => (typeof value === 'string' ? storableText(value) : value));
}

/**
 * Open a job in `running` state (audited); its id is what the client polls. The actor is last and
 * optional for the import CLI, which imports as the system.
 */
export async function createImportJob(db: Db, kind: ImportKind, fileName: string | null, actor: Actor = SYSTEM_ACTOR): Promise<string> {
  return inTransaction(db, async (client) => {
    const { rows } = await client.query<{ id: string; fileName: string | null }>(
      `INSERT INTO import_jobs (kind, file_name, report) VALUES ($1, $2, '{"errors": []}') RETURNING id, file_name AS "fileName"`,
      [kind, fileName === null ? null : storableText(fileName)],
    );
    const job = rows[0]!;
    await writeAudit(client, actor, { action: 'import_job.create', entity: 'import_job', entityId: job.id, diff: { kind, fileName: job.fileName } });
    return job.id;
  });
}

/** Record how far parsing got, so the import screen can draw its progress bar. */
export async function recordImportProgress(db: Db, id: string, processedRows: number): Promise<void> {
  await db.query('UPDATE import_jobs SET processed_rows = $2 WHERE id = $1', [id, processedRows]);
}

/** Set the row total once parsing is over (writing still follows). */
export async function recordImportTotal(db: Db, id: string, totalRows: number): Promise<void> {
  await db.query('UPDATE import_jobs SET total_rows = $2, processed_rows = $2 WHERE id = $1', [id, totalRows]);
}

/** The job's closing update and its audit row (the counts it ended with), in one transaction. */
async function finishImportJob(db: Db, actor: Actor, id: string, update: { sql: string; params: unknown[] }): Promise<void> {
  await inTransaction(db, async (client) => {
    const { rows } = await client.query<{ status: ImportStatus; totalRows: number | null; insertedRows: number; updatedRows: number; errorCount: number }>(
      `${update.sql} RETURNING status, total_rows AS "totalRows", inserted_rows AS "insertedRows", updated_rows AS "updatedRows", error_count AS "errorCount"`,
      [id, ...update.params],
    );
    const counts = rows[0];
    if (counts) await writeAudit(client, actor, { action: counts.status === 'completed' ? 'import_job.complete' : 'import_job.fail', entity: 'import_job', entityId: id, diff: counts });
  });
}

/** Close the job as failed with its full report (audited); nothing of the file was written. */
export async function failImportJob(db: Db, actor: Actor, id: string, report: ImportReport, totalRows: number | null): Promise<void> {
  await finishImportJob(db, actor, id, {
    sql: `UPDATE import_jobs SET status = 'failed', report = $2, error_count = $3, total_rows = $4,
            processed_rows = coalesce($4, processed_rows), finished_at = now() WHERE id = $1`,
    params: [storableReport(report), report.errors.length, totalRows],
  });
}

/** Close the job as completed with what was written (audited). */
export async function completeImportJob(db: Db, actor: Actor, id: string, counts: { inserted: number; updated: number }, message?: string): Promise<void> {
  await finishImportJob(db, actor, id, {
    sql: `UPDATE import_jobs SET status = 'completed', inserted_rows = $2, updated_rows = $3, finished_at = now(),
            report = $4 WHERE id = $1`,
    params: [counts.inserted, counts.updated, storableReport({ ...(message === undefined ? {} : { message }), errors: [] })],
  });
}

export async function getImportJob(db: Db, id: string): Promise<ImportJob | undefined> {
  const { rows } = await db.query<ImportJob>(`SELECT ${JOB_COLUMNS} FROM import_jobs WHERE id = $1`, [id]);
  return rows[0];
}
