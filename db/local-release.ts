import type { Queryable } from './pool';

/**
 * A local release time in each contact's own time zone ("9:00 wherever they are"). A contact's
 * zone that Postgres does not know (a typo in an import) counts as missing: the default zone.
 * `at` is a local date-time without a zone ('2026-12-24T09:00').
 */
export interface LocalRelease {
  cohortId: string;
  at: string;
  defaultZone: string;
}

const RELEASE_INSTANT = `($2::timestamp AT TIME ZONE coalesce(z.name, $3::text))`;
const MEMBERS_WITH_ZONES = `
  WITH zones AS MATERIALIZED (SELECT name FROM pg_timezone_names)
  SELECT %COLUMNS% FROM campaign_members m
  JOIN contacts c ON c.id = m.contact_id
  LEFT JOIN zones z ON z.name = c.time_zone
  WHERE m.cohort_id = $1`;

/** Up to `limit` members of the cohort whose local release instant has passed. */
export async function dueLocalMembers(db: Queryable, release: LocalRelease, limit: number): Promise<string[]> {
  const { rows } = await db.query<{ contactId: string }>(
    `${MEMBERS_WITH_ZONES.replace('%COLUMNS%', 'm.contact_id AS "contactId"')} AND ${RELEASE_INSTANT} <= now() ORDER BY m.contact_id LIMIT $4`,
    [release.cohortId, release.at, release.defaultZone, limit],
  );
  return rows.map((row) => row.contactId);
}

/** Epoch ms of the earliest local release instant still ahead in the cohort; null when nobody waits. */
export async function nextLocalRelease(db: Queryable, release: LocalRelease): Promise<number | null> {
  const { rows } = await db.query<{ next: string | null }>(
    `${MEMBERS_WITH_ZONES.replace('%COLUMNS%', `(extract(epoch FROM min(${RELEASE_INSTANT})) * 1000)::bigint::text AS next`)}`,
    [release.cohortId, release.at, release.defaultZone],
  );
  const next = rows[0]?.next;
  return next === null || next === undefined ? null : Number(next);
}
