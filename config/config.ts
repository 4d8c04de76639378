import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

/**
 * Every setting comes from the environment, validated once at start-up. An unset
 * DATABASE_URL / TEMPORAL_ADDRESS / SMTP_URL means "use the embedded part" (see
 * scripts/start.ts); set them to switch each part to a real server.
 */
const EnvSchema = Type.Object({
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  TEMPORAL_ADDRESS: Type.Optional(Type.String({ minLength: 3 })),
  TEMPORAL_NAMESPACE: Type.String({ default: 'default' }),
  TEMPORAL_TASK_QUEUE: Type.String({ default: 'campaigns' }),
  TEMPORAL_CLI_PATH: Type.Optional(Type.String()),
  TEMPORAL_DEV_PORT: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535 })),
  TEMPORAL_DEV_UI_PORT: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535 })),
  SMTP_URL: Type.Optional(Type.String({ pattern: '^smtps?://' })),
  MAIL_FROM: Type.String({ default: 'Campaign Studio <campaigns@campaign-studio.local>' }),
  HOST: Type.String({ default: '127.0.0.1' }),
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  DATA_DIR: Type.String({ default: '.data' }),
  PUBLIC_URL: Type.Optional(Type.String({ pattern: '^https?://' })),
  TRACKING_SECRET: Type.Optional(Type.String({ minLength: 32 })),
  UNSUBSCRIBE_MAILTO: Type.Optional(Type.String({ pattern: '^[^@\\s]+@[^@\\s]+$' })),
  TRACKING_RATE_LIMIT: Type.Integer({ minimum: 1, default: 600 }),
  WORKER_CONCURRENCY: Type.Integer({ minimum: 1, default: 20 }),
  SEND_CONCURRENCY: Type.Integer({ minimum: 1, default: 10 }),
  LOG_LEVEL: Type.String({ default: 'info' }),
});

export type EnvConfig = Static<typeof EnvSchema>;

export interface Config {
  databaseUrl: string | undefined;
  temporalAddress: string | undefined;
  temporalNamespace: string;
  taskQueue: string;
  temporalCliPath: string | undefined;
  /** Ports of the embedded Temporal dev server when set; unset = its defaults (7233, 8233) or free ports. */
  temporalDevPort: number | undefined;
  temporalDevUiPort: number | undefined;
  smtpUrl: string | undefined;
  mailFrom: string;
  host: string;
  port: number;
  dataDir: string;
  publicUrl: string | undefined;
  /** HMAC key of tracking and unsubscribe links; unset = the installation's own, kept in the database. */
  trackingSecret: string | undefined;
  /** The mailto: address of List-Unsubscribe; unset = unsubscribe@ the domain of MAIL_FROM. */
  unsubscribeMailto: string | undefined;
  /** Requests per minute per client address on the public tracking and unsubscribe routes. */
  trackingRateLimit: number;
  workerConcurrency: number;
  sendConcurrency: number;
  logLevel: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Read and validate the environment; throws one error naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(EnvSchema.properties)) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const converted = Value.Default(EnvSchema, Value.Convert(EnvSchema, raw));
  const errors = [...Value.Errors(EnvSchema, converted)];
  if (errors.length > 0) {
    const lines = errors.map((error) => `  ${error.path.slice(1)}: ${error.message} (got ${JSON.stringify(raw[error.path.slice(1)])})`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = converted as EnvConfig;
  return {
    databaseUrl: e.DATABASE_URL,
    temporalAddress: e.TEMPORAL_ADDRESS,
    temporalNamespace: e.TEMPORAL_NAMESPACE,
    taskQueue: e.TEMPORAL_TASK_QUEUE,
    temporalCliPath: e.TEMPORAL_CLI_PATH,
    temporalDevPort: e.TEMPORAL_DEV_PORT,
    temporalDevUiPort: e.TEMPORAL_DEV_UI_PORT,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    host: e.HOST,
    port: e.PORT,
    dataDir: e.DATA_DIR,
    publicUrl: e.PUBLIC_URL,
    trackingSecret: e.TRACKING_SECRET,
    unsubscribeMailto: e.UNSUBSCRIBE_MAILTO,
    trackingRateLimit: e.TRACKING_RATE_LIMIT,
    workerConcurrency: e.WORKER_CONCURRENCY,
    sendConcurrency: e.SEND_CONCURRENCY,
    logLevel: e.LOG_LEVEL,
  };
}
