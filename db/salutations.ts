import type { Salutation, SalutationInput } from '../contracts/template';
import { writeAudit, type Actor } from './audit';
import { inTransaction, type Db, type Queryable } from './pool';

export type { Salutation, SalutationInput };

const SALUTATION_COLUMNS = 'id, language, formality, gender, qualifier, wording';

/** The whole salutation matrix (a few hundred rows at most), by language, formality, gender, qualifier. */
export async function listSalutations(db: Queryable): Promise<Salutation[]> {
  const { rows } = await db.query<Salutation>(`SELECT ${SALUTATION_COLUMNS} FROM salutations ORDER BY language, formality, gender, lower(qualifier), id`);
  return rows;
}

/** A row's place in the matrix, as the audit names it: `it/formal/female/Dott.ssa`. */
function cellOf(row: SalutationInput): string {
  return [row.language, row.formality, row.gender, row.qualifier.toLowerCase()].join('/');
}

/**
 * Replace the whole matrix in one transaction (the API checked it first: no duplicate cell, an
 * `unnamed` row per language and formality). The table is locked for the swap so two editors
 * saving at once leave one matrix, not a mix; the audit row lists the cells added, removed and
 * reworded.
 */
export async function replaceSalutations(db: Db, actor: Actor, items: readonly SalutationInput[]): Promise<Salutation[]> {
  return inTransaction(db, async (client) => {
    await client.query('LOCK TABLE salutations IN SHARE ROW EXCLUSIVE MODE');
    const before = await listSalutations(client);
    await client.query('DELETE FROM salutations');
    await client.query(
      `INSERT INTO salutations (language, formality, gender, qualifier, wording)
       SELECT x.language, x.formality, x.gender, x.qualifier, x.wording
       FROM jsonb_to_recordset($1::jsonb) AS x(language text, formality text, gender text, qualifier text, wording text)`,
      [JSON.stringify(items)],
    );
    const after = await listSalutations(client);
    await writeAudit(client, actor, { action: 'salutations.replace', entity: 'salutations', diff: matrixChanges(before, after) });
    return after;
  });
}

function matrixChanges(before: readonly Salutation[], after: readonly Salutation[]): Record<string, [string | null, string | null]> {
  const old = new Map(before.map((row) => [cellOf(row), row.wording]));
  const now = new Map(after.map((row) => [cellOf(row), row.wording]));
  const changes: Record<string, [string | null, string | null]> = {};
  for (const cell of new Set([...old.keys(), ...now.keys()])) {
    const was = old.get(cell) ?? null;
    const is = now.get(cell) ?? null;
    if (was !== is) changes[cell] = [was, is];
  }
  return changes;
}
