import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/postgres';

const run = promisify(execFile);
const TSX = join(process.cwd(), 'node_modules/.bin/tsx');

/**
 * `npm run import` as an operator runs it: a subprocess with DATABASE_URL and a file path. Each
 * test starts with no contact, so any one runs alone or in any order.
 */
describe('npm run import (command-line CSV import)', () => {
  let database: TestDatabase;
  let dir: string;

  beforeAll(async () => {
    database = await createTestDatabase('cs_import_cli');
    dir = await mkdtemp(join(tmpdir(), 'cs-import-cli-'));
  });
  afterAll(async () => {
    await database?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function importFile(name: string, csv: string, mapping?: Record<string, string>) {
    const path = join(dir, name);
    await writeFile(path, csv);
    const args = ['scripts/import-csv.ts', 'contacts', path];
    if (mapping) {
      await writeFile(join(dir, `${name}.json`), JSON.stringify(mapping));
      args.push(join(dir, `${name}.json`));
    }
    return run(TSX, args, { env: { ...process.env, DATABASE_URL: database.url } }).then(
      (result) => ({ code: 0, ...result }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );
  }

  beforeEach(async () => {
    await database.db.query('TRUNCATE contacts CASCADE');
  });

  const count = async () => Number((await database.db.query<{ n: string }>('SELECT count(*) AS n FROM contacts')).rows[0]?.n);

  it('refuses a file with a bad line, prints the line and column, and writes nothing', async () => {
    const result = await importFile('bad.csv', 'E-mail,First\nana@example.test,Ana\nnot-an-address,Bob\n', { 'E-mail': 'email', First: 'firstName' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('line 3 (E-mail): is not a valid e-mail address');
    expect(await count()).toBe(0);
  });

  it('imports a good file with a column mapping and reports the counts', async () => {
    const result = await importFile('good.csv', 'E-mail,First\nana@example.test,Ana\nbob@example.test,Bob\n', { 'E-mail': 'email', First: 'firstName' });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('imported 2 lines: 2 new, 0 updated');
    const { rows } = await database.db.query<{ first_name: string }>('SELECT first_name FROM contacts ORDER BY email');
    expect(rows.map((row) => row.first_name)).toEqual(['Ana', 'Bob']);
  });

  it('answers a usage message without a kind or a file', async () => {
    const result = await run(TSX, ['scripts/import-csv.ts'], { env: { ...process.env, DATABASE_URL: database.url } }).catch((error: { code: number; stderr: string }) => error);
    expect(result).toMatchObject({ code: 2 });
    expect((result as { stderr: string }).stderr).toContain('usage: DATABASE_URL=');
  });
});
