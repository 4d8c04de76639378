import { lockOpenOpportunity } from './opportunity-stages';
import type { Db, Queryable } from './pool';
import { invalid, refusableTransaction, refuse, type Outcome } from './write-refusal';


/** A competitor bidding for the same deal, with what makes it strong and weak. */
export interface OpportunityCompetitor {
  id: string;
  name: string;
  /** The competitor as a company on file, when it is one. */
  companyId: string | null;
  strengths: string | null;
  weaknesses: string | null;
}

/** One salesperson's remark; several people comment on one opportunity. */
export interface OpportunityComment {
  id: string;
  author: string;
  body: string;
  createdAt: Date;
}

const COMPETITOR_COLUMNS = 'id, name, company_id AS "companyId", strengths, weaknesses';
const COMMENT_COLUMNS = 'id, author, body, created_at AS "createdAt"';

/** Record a competitor on an open opportunity. */
export async function addCompetitor(
  db: Db,
  opportunityId: string,
  input: { name: string; companyId?: string; strengths?: string; weaknesses?: string },
): Promise<Outcome<OpportunityCompetitor>> {
  return refusableTransaction(db, async (client) => {
    await lockOpenOpportunity(client, opportunityId);
    if (input.companyId !== undefined && (await client.query('SELECT 1 FROM companies WHERE id = $1', [input.companyId])).rowCount === 0) {
      refuse(invalid([{ field: 'companyId', message: 'names no company' }]));
    }
    const { rows } = await client.query<OpportunityCompetitor>(
      `INSERT INTO opportunity_competitors (opportunity_id, name, company_id, strengths, weaknesses)
       VALUES ($1, $2, $3, $4, $5) RETURNING ${COMPETITOR_COLUMNS}`,
      [opportunityId, input.name, input.companyId ?? null, input.strengths ?? null, input.weaknesses ?? null],
    );
    return rows[0]!;
  });
}

/** Add a comment to an open opportunity (once closed, its discussion is closed too). */
export async function addComment(db: Db, opportunityId: string, input: { author: string; body: string }): Promise<Outcome<OpportunityComment>> {
  return refusableTransaction(db, async (client) => {
    await lockOpenOpportunity(client, opportunityId);
    const { rows } = await client.query<OpportunityComment>(
      `INSERT INTO opportunity_comments (opportunity_id, author, body) VALUES ($1, $2, $3) RETURNING ${COMMENT_COLUMNS}`,
      [opportunityId, input.author, input.body],
    );
    return rows[0]!;
  });
}

/** An opportunity's competitors by name. */
export async function listCompetitors(db: Queryable, opportunityId: string): Promise<OpportunityCompetitor[]> {
  const { rows } = await db.query<OpportunityCompetitor>(`SELECT ${COMPETITOR_COLUMNS} FROM opportunity_competitors WHERE opportunity_id = $1 ORDER BY lower(name), id`, [
    opportunityId,
  ]);
  return rows;
}

/** An opportunity's comments, oldest first: the conversation reads top to bottom. */
export async function listComments(db: Queryable, opportunityId: string): Promise<OpportunityComment[]> {
  const { rows } = await db.query<OpportunityComment>(`SELECT ${COMMENT_COLUMNS} FROM opportunity_comments WHERE opportunity_id = $1 ORDER BY created_at, id`, [opportunityId]);
  return rows;
}
