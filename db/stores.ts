import type { Static } from '@sinclair/typebox';
import type { StoreSchema } from '../contracts/store';
import { writeAudit, type Actor } from './audit';
import { inTransaction, type Db } from './pool';

export type Store = Static<typeof StoreSchema>;

const STORE_COLUMNS = 'id, code, name, created_at AS "createdAt"';

/** Insert a store (audited); a code already used is reported, not thrown, so the API can answer 409. */
export async function createStore(db: Db, actor: Actor, input: { code: string; name: string }): Promise<{ store: Store } | { duplicateCode: true }> {
  return inTransaction(db, async (client) => {
    const { rows } = await client.query<Store>(
      `INSERT INTO stores (code, name) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING RETURNING ${STORE_COLUMNS}`,
      [input.code, input.name],
    );
    const store = rows[0];
    if (!store) return { duplicateCode: true };
    await writeAudit(client, actor, { action: 'store.create', entity: 'store', entityId: store.id, diff: { code: store.code, name: store.name } });
    return { store };
  });
}

/** All stores by code: a workspace has tens of them, so no paging. */
export async function listStores(db: Db): Promise<Store[]> {
  const { rows } = await db.query<Store>(`SELECT ${STORE_COLUMNS} FROM stores ORDER BY code`);
  return rows;
}
