import { DEFAULT_SEND_WINDOW_ZONE, WEEKDAYS, type SendWindow } from '../flow/nodes/send';
import type { Queryable } from './pool';

/** What the window says of a page of members right now. */
export interface WindowCheck {
  /** Contacts whose local time is inside the window: they may be sent now. */
  open: Set<string>;
  /** Epoch ms of the earliest next opening among the others (held); null when nobody is held. */
  nextOpening: number | null;
}

/**
 * The zones Postgres knows, read once per pool: `pg_timezone_names` costs ~100 ms a read (it
 * opens every zone file), too much for every page of mail. A contact's zone that is not among
 * them (a typo in an import) counts as missing, as in db/local-release.ts.
 */
const zonesByDb = new WeakMap<Queryable, Promise<string[]>>();
function knownZones(db: Queryable): Promise<string[]> {
  let zones = zonesByDb.get(db);
  if (!zones) {
    zones = db.query<{ name: string }>('SELECT name FROM pg_timezone_names').then(({ rows }) => rows.map((row) => row.name));
    // A failed read is not remembered: the next page asks again.
    zones.catch(() => zonesByDb.delete(db));
    zonesByDb.set(db, zones);
  }
  return zones;
}

/**
 * Which of these contacts are inside the send window now, in their own time zone (unknown or
 * missing zone = the window's default, else UTC), and when the window next opens for the rest:
 * the first allowed day, today or within a week, whose opening time is still ahead locally.
 * One statement over the page; times compare with second precision (`to` not included).
 */
export async function checkSendWindow(db: Queryable, contactIds: string[], window: SendWindow): Promise<WindowCheck> {
  if (contactIds.length === 0) return { open: new Set(), nextOpening: null };
  const zones = await knownZones(db);
  const wanted = window.defaultTimeZone ?? DEFAULT_SEND_WINDOW_ZONE;
  const defaultZone = zones.includes(wanted) ? wanted : DEFAULT_SEND_WINDOW_ZONE;
  const days = window.days.map((day) => WEEKDAYS.indexOf(day) + 1);
  const { rows } = await db.query<{ contactId: string; open: boolean; nextOpening: number | null }>(
    `WITH members AS (
       SELECT c.id, coalesce(z.name, $2::text) AS zone
       FROM unnest($1::uuid[]) AS wanted(id)
       JOIN contacts c ON c.id = wanted.id
       LEFT JOIN unnest($3::text[]) AS z(name) ON z.name = c.time_zone
     ), local AS (
       SELECT id, zone, now() AT TIME ZONE zone AS local_now FROM members
     )
     SELECT id AS "contactId",
            extract(isodow FROM local_now)::int = ANY($4::int[]) AND local_now::time >= $5::time AND local_now::time < $6::time AS open,
            (SELECT (extract(epoch FROM min((local_now::date + d + $5::time) AT TIME ZONE zone)) * 1000)::float8
             FROM generate_series(0, 7) AS d
             WHERE extract(isodow FROM local_now::date + d)::int = ANY($4::int[]) AND local_now::date + d + $5::time > local_now) AS "nextOpening"
     FROM local`,
    [contactIds, defaultZone, zones, days, window.from, window.to],
  );
  const open = new Set<string>();
  let nextOpening: number | null = null;
  for (const row of rows) {
    if (row.open) open.add(row.contactId);
    else if (row.nextOpening !== null) nextOpening = Math.min(nextOpening ?? Infinity, row.nextOpening);
  }
  return { open, nextOpening };
}
