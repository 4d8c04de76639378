import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The one CLI tag that still `go install`s: later tags carry replace directives. */
export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';

/** Cached outside the clone so fresh clones and CI reuse the 250 MB build. */
export const TEMPORAL_CLI_CACHE_DIR = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'campaign-studio', 'bin');

export type TemporalCliSource = 'TEMPORAL_CLI_PATH' | 'PATH' | 'cache' | 'go install';

export interface TemporalCli {
  path: string;
  source: TemporalCliSource;
}

export class TemporalCliNotFound extends Error {
  override name = 'TemporalCliNotFound';
}

/** The full path of `binary` in a PATH directory, if there is one. */
export function onPath(binary: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, binary))) return join(dir, binary);
  }
  return undefined;
}

/**
 * Find the Temporal CLI: TEMPORAL_CLI_PATH, then `temporal` on PATH, then the cache, then a
 * `go install` into the cache where Go is present. Returns undefined when none works, so the
 * caller can fall back to @temporalio/testing's own download on a connected machine.
 */
export async function findTemporalCli(options: { install?: boolean; log?: (line: string) => void } = {}): Promise<TemporalCli | undefined> {
  const log = options.log ?? (() => undefined);
  const explicit = process.env.TEMPORAL_CLI_PATH;
  if (explicit) {
    if (!existsSync(explicit)) throw new TemporalCliNotFound(`TEMPORAL_CLI_PATH points to ${explicit}, which does not exist`);
    return { path: explicit, source: 'TEMPORAL_CLI_PATH' };
  }
  const fromPath = onPath('temporal');
  if (fromPath) return { path: fromPath, source: 'PATH' };
  const cached = join(TEMPORAL_CLI_CACHE_DIR, 'temporal');
  if (existsSync(cached)) return { path: cached, source: 'cache' };
  if (options.install === false || !onPath('go')) return undefined;
  log(`Building the Temporal CLI with go install ${TEMPORAL_CLI_MODULE} (2-3 minutes the first time)...`);
  await mkdir(TEMPORAL_CLI_CACHE_DIR, { recursive: true });
  try {
    await run('go', ['install', TEMPORAL_CLI_MODULE], {
      env: { ...process.env, GOBIN: TEMPORAL_CLI_CACHE_DIR },
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    log(`go install failed: ${(error as Error).message.split('\n').slice(-3).join(' ')}`);
    return undefined;
  }
  return existsSync(cached) ? { path: cached, source: 'go install' } : undefined;
}

export const TEMPORAL_CLI_HELP = [
  'No Temporal CLI could be found or built. Any one of these fixes it:',
  '  - set TEMPORAL_CLI_PATH to a temporal binary,',
  '  - put `temporal` on your PATH (https://docs.temporal.io/cli),',
  `  - install Go and run: GOBIN=${TEMPORAL_CLI_CACHE_DIR} go install ${TEMPORAL_CLI_MODULE}`,
  '  - or set TEMPORAL_ADDRESS to a running Temporal server.',
].join('\n');

/** Like findTemporalCli, but throws one clear message naming every option. */
export async function requireTemporalCli(options: { log?: (line: string) => void } = {}): Promise<TemporalCli> {
  const cli = await findTemporalCli(options);
  if (!cli) throw new TemporalCliNotFound(TEMPORAL_CLI_HELP);
  return cli;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const cli = await findTemporalCli({ log: (line) => console.log(line) });
  if (!cli) {
    console.error(TEMPORAL_CLI_HELP);
    process.exit(1);
  }
  console.log(`Temporal CLI (${cli.source}): ${cli.path}`);
}
