import type { Salutation } from '../contracts/template';
import type { Queryable } from './pool';

export type { Salutation };

const SALUTATION_COLUMNS = 'id, language, formality, gender, qualifier, wording';

/** The whole salutation matrix (a few hundred rows at most), by language, formality, gender, qualifier. */
export async function listSalutations(db: Queryable): Promise<Salutation[]> {
  const { rows } = await db.query<Salutation>(`SELECT ${SALUTATION_COLUMNS} FROM salutations ORDER BY language, formality, gender, lower(qualifier), id`);
  return rows;
}
