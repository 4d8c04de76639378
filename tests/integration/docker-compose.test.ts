import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Debian's docker-compose (v1) validates and normalises the file; no Docker engine needed. */
async function compose(...args: string[]): Promise<string> {
  try {
    const { stdout } = await run('docker-compose', ['--file', 'docker-compose.yml', ...args], {
      cwd: ROOT,
      // Defaults in the file must be enough: no variable from the caller's shell leaks in.
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp' },
    });
    return stdout;
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: string };
    if (failure.code === 'ENOENT') throw new Error('docker-compose is not installed (apt-get install docker-compose; .ci/run does it)');
    throw new Error(`docker-compose ${args.join(' ')} failed:\n${failure.stderr ?? failure.message}`);
  }
}

describe('docker-compose.yml', () => {
  it('is valid', async () => {
    await compose('config', '-q');
  });

  it('runs the production stack: Postgres, Temporal + UI, a mail catcher, the API and workers', async () => {
    const services = (await compose('config', '--services')).split('\n').filter(Boolean).sort();
    expect(services).toEqual(['api', 'mailpit', 'postgres', 'temporal', 'temporal-ui', 'worker']);
  });

  it('starts each service only once what it needs is healthy', async () => {
    const normalised = await compose('config');
    const service = (name: string) => {
      const start = normalised.indexOf(`\n  ${name}:\n`);
      const next = normalised.slice(start + 1).search(/\n {2}[a-z-]+:\n/);
      return normalised.slice(start, next === -1 ? undefined : start + 1 + next);
    };
    for (const name of ['postgres', 'temporal', 'mailpit', 'api']) expect(service(name)).toContain('healthcheck:');
    expect(service('temporal')).toMatch(/postgres:\s+condition: service_healthy/);
    expect(service('api')).toMatch(/temporal:\s+condition: service_healthy/);
    expect(service('worker')).toMatch(/api:\s+condition: service_healthy/);
    expect(service('worker')).toContain('SMTP_URL: smtp://mailpit:1025');
    expect(service('worker')).not.toContain('container_name');
    expect(service('temporal')).toContain('DB: postgres12');
  });
});
