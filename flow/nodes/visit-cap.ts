import { Type } from '@sinclair/typebox';
import { MAX_VISITS_LIMIT } from './define';

/**
 * The optional `maxVisits` every loopable node's config carries: how many times one member may
 * pass the node in a run. Validation asks for it on one node of every loop.
 */
export const MaxVisitsField = Type.Optional(
  Type.Integer({ minimum: 1, maximum: MAX_VISITS_LIMIT, title: 'Max visits', description: 'Times one contact may pass this node in a run (loops)' }),
);

/** The cap in force for a node: its config's, else its type's default. */
export function visitCap(config: unknown, typeDefault: number): number {
  const own = (config as { maxVisits?: unknown } | null)?.maxVisits;
  return typeof own === 'number' && Number.isInteger(own) && own >= 1 ? own : typeDefault;
}
