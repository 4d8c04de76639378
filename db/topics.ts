import type { Static } from '@sinclair/typebox';
import type { TopicInputSchema, TopicPatchSchema, TopicSchema } from '../contracts/topic';
import type { Db, Queryable } from './pool';
import { isUuid } from '../flow/uuid';


/** A newsletter / offer topic people subscribe to, one consent per topic. */
export type Topic = Static<typeof TopicSchema>;

export type TopicInput = Static<typeof TopicInputSchema>;

/** The code is left out on purpose: saved segments name topics by code, renaming it would break them. */
export type TopicPatch = Static<typeof TopicPatchSchema>;

const TOPIC_SELECT = `SELECT t.id, t.code, t.name, t.description, t.double_opt_in AS "doubleOptIn", t.created_at AS "createdAt",
    (SELECT count(*)::int FROM subscriptions s WHERE s.topic_id = t.id AND s.status = 'subscribed') AS "subscriberCount"
  FROM topics t`;

/** Insert a topic; a code already used is reported, not thrown, so the API can answer 409. */
export async function createTopic(db: Db, input: TopicInput): Promise<{ topic: Topic } | { duplicateCode: true }> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO topics (code, name, description, double_opt_in) VALUES ($1, $2, $3, $4)
     ON CONFLICT (code) DO NOTHING RETURNING id`,
    [input.code, input.name, input.description ?? null, input.doubleOptIn ?? true],
  );
  const created = rows[0];
  return created ? { topic: (await getTopic(db, created.id))! } : { duplicateCode: true };
}

/** All topics by code: a workspace has a handful, so no paging. */
export async function listTopics(db: Db): Promise<Topic[]> {
  const { rows } = await db.query<Topic>(`${TOPIC_SELECT} ORDER BY t.code`);
  return rows;
}

export async function getTopic(db: Queryable, id: string): Promise<Topic | undefined> {
  const { rows } = await db.query<Topic>(`${TOPIC_SELECT} WHERE t.id = $1`, [id]);
  return rows[0];
}


/** A topic named the way clients do: by its code, or by its id. */
export async function findTopic(db: Queryable, codeOrId: string): Promise<Topic | undefined> {
  const { rows } = await db.query<Topic>(`${TOPIC_SELECT} WHERE t.code = $1 OR t.id = $2::uuid ORDER BY t.code = $1 DESC LIMIT 1`, [
    codeOrId,
    isUuid(codeOrId) ? codeOrId : null,
  ]);
  return rows[0];
}

/** Change only the fields given; undefined when the topic does not exist. */
export async function updateTopic(db: Db, id: string, patch: TopicPatch): Promise<Topic | undefined> {
  const { rowCount } = await db.query(
    `UPDATE topics SET
       name = CASE WHEN $2::boolean THEN $3::text ELSE name END,
       description = CASE WHEN $4::boolean THEN $5::text ELSE description END,
       double_opt_in = CASE WHEN $6::boolean THEN $7::boolean ELSE double_opt_in END
     WHERE id = $1`,
    [id, patch.name !== undefined, patch.name ?? null, patch.description !== undefined, patch.description ?? null, patch.doubleOptIn !== undefined, patch.doubleOptIn ?? null],
  );
  return rowCount ? getTopic(db, id) : undefined;
}
