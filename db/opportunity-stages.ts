import type { DbClient } from './pool';
import { conflict, notFound, refuse } from './write-refusal';

/** Stages a salesperson moves an opportunity through; `won` and `lost` are reached by closing it. */
export const OPEN_STAGES = ['prospecting', 'qualification', 'proposal', 'negotiation'] as const;
export type OpenStage = (typeof OPEN_STAGES)[number];
export type Stage = OpenStage | 'won' | 'lost';

/** The probability an opportunity starts with when none is given: the usual odds of its stage. */
export const STAGE_PROBABILITY: Record<OpenStage, number> = { prospecting: 10, qualification: 25, proposal: 50, negotiation: 75 };

/**
 * Lock an opportunity for a change, in the caller's transaction. Refused as not found, or as
 * closed (409) once won or lost: a closed opportunity is history and no longer changes.
 */
export async function lockOpenOpportunity(client: DbClient, id: string): Promise<void> {
  // NO KEY: serialises the changes to this opportunity without blocking rows that merely reference it.
  const { rows } = await client.query<{ stage: Stage }>('SELECT stage FROM opportunities WHERE id = $1 FOR NO KEY UPDATE', [id]);
  const current = rows[0];
  if (!current) refuse(notFound('opportunity', id));
  if (current.stage === 'won' || current.stage === 'lost') {
    refuse(conflict('OPPORTUNITY_CLOSED', `The opportunity is ${current.stage} and can no longer change`, [{ field: 'stage', message: `is ${current.stage}` }]));
  }
}
