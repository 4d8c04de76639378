import type { DbClient } from './pool';

export type OpportunityEventKind = 'opportunity_created' | 'opportunity_won' | 'opportunity_lost';

const TITLES: Record<OpportunityEventKind, string> = {
  opportunity_created: 'Opportunity opened',
  opportunity_won: 'Opportunity won',
  opportunity_lost: 'Opportunity lost',
};

/**
 * Put an opportunity's milestone on its contact's timeline (with the campaign it came from, so
 * the campaign's history shows it too), in the caller's transaction. An opportunity with only a
 * company has no contact timeline to write to: nothing is written.
 */
export async function recordOpportunityEvent(client: DbClient, opportunityId: string, kind: OpportunityEventKind, body: string | null = null): Promise<void> {
  await client.query(
    `INSERT INTO contact_events (contact_id, kind, title, body, campaign_id, run_id, data)
     SELECT contact_id, $2, $3 || ': ' || title, $4, campaign_id, run_id, jsonb_build_object('opportunityId', id)
     FROM opportunities WHERE id = $1 AND contact_id IS NOT NULL`,
    [opportunityId, kind, TITLES[kind], body],
  );
}
