import type { Config } from '../config/config';

type RequiredSettings<K extends keyof Config> = { [P in K]: NonNullable<Config[P]> };

const VARIABLE: Partial<Record<keyof Config, string>> = {
  databaseUrl: 'DATABASE_URL',
  temporalAddress: 'TEMPORAL_ADDRESS',
  smtpUrl: 'SMTP_URL',
};

/**
 * Production processes embed nothing: a missing DATABASE_URL / TEMPORAL_ADDRESS / SMTP_URL is
 * a deployment mistake, reported at once with every missing name (never a silent PGlite).
 */
export function requireSettings<K extends keyof Config>(config: Config, keys: K[]): RequiredSettings<K> {
  const missing = keys.filter((key) => config[key] === undefined).map((key) => VARIABLE[key] ?? key);
  if (missing.length > 0) {
    console.error(`Missing configuration: ${missing.join(', ')} must be set (see README.md, Configuration).`);
    process.exit(1);
  }
  return Object.fromEntries(keys.map((key) => [key, config[key]])) as RequiredSettings<K>;
}
