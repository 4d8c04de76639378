import type { Static } from '@sinclair/typebox';
import type { UnitCostInputSchema, UnitCostPatchSchema } from '../contracts/budget';
import { changedFields, writeAudit, type Actor } from './audit';
import type { DbClient, Db, Queryable } from './pool';
import { periodProblem, validOn, type ValidityPeriod } from './validity-period';
import { conflict, invalid, notFound, refusableTransaction, refuse, type Outcome } from './write-refusal';

export type UnitCostInput = Static<typeof UnitCostInputSchema>;
export type UnitCostPatch = Static<typeof UnitCostPatchSchema>;

export interface UnitCost extends ValidityPeriod {
  id: string;
  item: string;
  amount: string;
  currency: string;
  createdAt: Date;
}

const COLUMNS = `u.id, u.item, u.amount::text AS amount, u.currency, to_char(u.valid_from, 'YYYY-MM-DD') AS "validFrom",
  to_char(u.valid_to, 'YYYY-MM-DD') AS "validTo", u.created_at AS "createdAt"`;

/** Unit costs by item, latest validity first; `validOn` keeps those valid on that day. */
export async function listUnitCosts(db: Queryable, query: { item?: string; validOn?: string }): Promise<UnitCost[]> {
  const { rows } = await db.query<UnitCost>(
    `SELECT ${COLUMNS} FROM unit_costs u
     WHERE ($1::text IS NULL OR u.item = $1) AND ($2::date IS NULL OR ${validOn('u', '$2')})
     ORDER BY u.item, u.valid_from DESC`,
    [query.item ?? null, query.validOn ?? null],
  );
  return rows;
}

async function getUnitCost(db: Queryable, id: string): Promise<UnitCost | undefined> {
  const { rows } = await db.query<UnitCost>(`SELECT ${COLUMNS} FROM unit_costs u WHERE u.id = $1`, [id]);
  return rows[0];
}

/**
 * One item has one price on any day, so its validity periods may not overlap: the cost of a send
 * is never ambiguous. Two writers for the same item queue on an advisory lock, so two
 * overlapping rows cannot both pass this check.
 */
async function refuseOverlap(client: DbClient, item: string, period: ValidityPeriod, exceptId: string | null): Promise<void> {
  await client.query(`SELECT pg_advisory_xact_lock(hashtext('unit_costs:' || $1))`, [item]);
  const { rows } = await client.query<ValidityPeriod>(
    `SELECT to_char(valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(valid_to, 'YYYY-MM-DD') AS "validTo" FROM unit_costs
     WHERE item = $1 AND ($2::uuid IS NULL OR id <> $2)
       AND daterange(valid_from, valid_to, '[]') && daterange($3::date, $4::date, '[]')
     ORDER BY valid_from LIMIT 1`,
    [item, exceptId, period.validFrom, period.validTo],
  );
  const other = rows[0];
  if (other) {
    const until = other.validTo === null ? 'until further notice' : `to ${other.validTo}`;
    refuse(
      conflict('UNIT_COST_OVERLAP', `A unit cost for ${item} is already valid from ${other.validFrom} ${until}: one item has one price on any day (end that one first)`, [
        { field: 'validFrom', message: `overlaps the ${item} unit cost valid from ${other.validFrom} ${until}` },
      ]),
    );
  }
}

/** Add a unit cost, valid from a day (to a day or until further notice); audited. */
export async function createUnitCost(db: Db, actor: Actor, input: UnitCostInput): Promise<Outcome<UnitCost>> {
  return refusableTransaction(db, async (client) => {
    const period = { validFrom: input.validFrom, validTo: input.validTo ?? null };
    const bad = periodProblem(period);
    if (bad) refuse(invalid([bad]));
    await refuseOverlap(client, input.item, period, null);
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO unit_costs (item, amount, currency, valid_from, valid_to) VALUES ($1, $2, coalesce($3, 'EUR'), $4, $5) RETURNING id`,
      [input.item, input.amount, input.currency ?? null, period.validFrom, period.validTo],
    );
    const created = (await getUnitCost(client, rows[0]!.id))!;
    await writeAudit(client, actor, { action: 'unit-cost.create', entity: 'unit_cost', entityId: created.id, diff: { item: created.item, amount: created.amount, currency: created.currency, ...period } });
    return created;
  });
}

/**
 * Change a unit cost; the period is checked as it will be after the change. Lines already
 * booked keep their amounts (the ledger holds amounts, not references to prices).
 */
export async function updateUnitCost(db: Db, actor: Actor, id: string, patch: UnitCostPatch): Promise<Outcome<UnitCost>> {
  return refusableTransaction(db, async (client) => {
    const locked = await client.query('SELECT 1 FROM unit_costs WHERE id = $1 FOR UPDATE', [id]);
    if (locked.rows.length === 0) refuse(notFound('Unit cost', id));
    const before = (await getUnitCost(client, id))!;
    const period = { validFrom: patch.validFrom ?? before.validFrom, validTo: patch.validTo === undefined ? before.validTo : patch.validTo };
    const bad = periodProblem(period);
    if (bad) refuse(invalid([bad]));
    await refuseOverlap(client, before.item, period, id);
    await client.query(`UPDATE unit_costs SET amount = coalesce($2, amount), currency = coalesce($3, currency), valid_from = $4, valid_to = $5 WHERE id = $1`, [
      id,
      patch.amount ?? null,
      patch.currency ?? null,
      period.validFrom,
      period.validTo,
    ]);
    const after = (await getUnitCost(client, id))!;
    const { id: _id, createdAt: _at, ...fields } = after;
    await writeAudit(client, actor, { action: 'unit-cost.update', entity: 'unit_cost', entityId: id, diff: changedFields(before as unknown as Record<string, unknown>, fields) });
    return after;
  });
}
