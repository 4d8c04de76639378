import { randomBytes } from 'node:crypto';
import type { Queryable } from './pool';

const SETTINGS_KEY = 'tracking_secret';

/**
 * The key that signs tracking and unsubscribe links. TRACKING_SECRET wins when set (production:
 * the same on every API and worker). Without it, the installation makes its own once and keeps
 * it in `settings`, so the embedded default's links keep working across restarts and API and
 * worker agree without configuration. Concurrent first calls agree: the first insert wins.
 */
export async function trackingSecret(db: Queryable, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  await db.query(`INSERT INTO settings (key, value) VALUES ($1, to_jsonb($2::text)) ON CONFLICT (key) DO NOTHING`, [SETTINGS_KEY, randomBytes(32).toString('base64url')]);
  const { rows } = await db.query<{ value: string }>('SELECT value FROM settings WHERE key = $1', [SETTINGS_KEY]);
  return rows[0]!.value;
}

/** The embedded default's address when PUBLIC_URL is unset. */
export const DEFAULT_PUBLIC_URL = 'http://127.0.0.1:3000';
