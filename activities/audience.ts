import { compileAudienceSelection } from '../db/segments/audience-where';
import type { AudienceNodeConfig } from '../flow/node-types';
import type { NodeHandler } from './deps';
import { keepAlive } from './progress';

/**
 * Snapshot the audience (flat rules, a saved segment, a contact list or an inline rule tree)
 * into the run: one set-based INSERT ... SELECT, idempotent through the
 * (run, contact) key, so a retry adds nobody twice. Contacts without an e-mail are kept: the
 * generate node decides per channel whether they can be reached.
 */
export const runAudience: NodeHandler = async ({ db }, { runId, node, outputs }) => {
  const out = outputs.out;
  if (!out) throw new Error(`Audience ${node.id} has no output cohort`);
  const params: unknown[] = [runId, out.cohortId, node.id];
  // The same compiler as the API preview: the snapshot's count equals the confirmed count.
  const where = await compileAudienceSelection(db, node.config as AudienceNodeConfig, params);
  await keepAlive(
    db.query(
      `WITH added AS (
         INSERT INTO campaign_members (run_id, contact_id, cohort_id)
         SELECT $1, c.id, $2 FROM contacts c WHERE ${where}
         ON CONFLICT (run_id, contact_id) DO NOTHING
         RETURNING contact_id
       )
       INSERT INTO member_steps (run_id, contact_id, node_id, outcome)
       SELECT $1, contact_id, $3, 'out' FROM added`,
      params,
    ),
  );
};
