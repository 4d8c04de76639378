import type { Static } from '@sinclair/typebox';
import type { StoreSchema } from '../contracts/store';
import type { Db } from './pool';

export type Store = Static<typeof StoreSchema>;

const STORE_COLUMNS = 'id, code, name, created_at AS "createdAt"';

/** Insert a store; a code already used is reported, not thrown, so the API can answer 409. */
export async function createStore(db: Db, input: { code: string; name: string }): Promise<{ store: Store } | { duplicateCode: true }> {
  const { rows } = await db.query<Store>(
    `INSERT INTO stores (code, name) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING RETURNING ${STORE_COLUMNS}`,
    [input.code, input.name],
  );
  const store = rows[0];
  return store ? { store } : { duplicateCode: true };
}

/** All stores by code: a workspace has tens of them, so no paging. */
export async function listStores(db: Db): Promise<Store[]> {
  const { rows } = await db.query<Store>(`SELECT ${STORE_COLUMNS} FROM stores ORDER BY code`);
  return rows;
}
