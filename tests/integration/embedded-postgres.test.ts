import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../db/migrate';
import { createPool, inTransaction, type Db } from '../../db/pool';
import { restoreFlow } from '../../flow/restore';
import { validateFlow } from '../../flow/validate';
import { EMBEDDED_POOL_SIZE, startEmbeddedPostgres, type EmbeddedPostgres } from '../../scripts/embedded-postgres';
import { DEMO_CALLBACK_FLOW_NAME, DEMO_CONTACT_COUNT, DEMO_FLOW_NAME, seedDemo } from '../../scripts/seed-demo';
import { DEMO_BUDGET_FLOW_NAME } from '../../scripts/seed-demo-budget';

/** PGlite through pglite-socket, driven by the app's own `pg` code: migrations, demo seed, restart. */
describe('embedded Postgres (PGlite + pglite-socket)', () => {
  let dir: string;
  let postgres: EmbeddedPostgres;
  let db: Db;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cs-pglite-'));
    postgres = await startEmbeddedPostgres({ dataDir: join(dir, 'pglite') });
    await migrate(postgres.url);
    db = createPool(postgres.url, EMBEDDED_POOL_SIZE);
  });
  afterAll(async () => {
    await db?.end();
    await postgres?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('runs the migrations and seeds the demo once', async () => {
    const first = await seedDemo(db);
    expect(first).toMatchObject({ seeded: true, contacts: DEMO_CONTACT_COUNT });
    expect(await seedDemo(db)).toEqual({ seeded: false, contacts: 0 });

    const { rows: contacts } = await db.query<{ languages: string[]; genders: string[]; count: string }>(
      `SELECT count(*) AS count, array_agg(DISTINCT language) AS languages, array_agg(DISTINCT gender) AS genders FROM contacts`,
    );
    expect(Number(contacts[0]?.count)).toBe(DEMO_CONTACT_COUNT);
    expect(contacts[0]?.languages.sort()).toEqual(['en', 'es', 'hu', 'it', 'ro', 'sl']);
    expect(contacts[0]?.genders.sort()).toEqual(['female', 'male', 'other']);
    const { rows: attributes } = await db.query<{ n: string }>(
      `SELECT count(*) AS n FROM contacts WHERE attributes ? 'favouriteColour' AND (attributes->>'shoeSize')::int BETWEEN 30 AND 50`,
    );
    expect(Number(attributes[0]?.n)).toBe(DEMO_CONTACT_COUNT);

    const { rows: flows } = await db.query<{ name: string; graph: unknown; subject: string }>(
      `SELECT f.name, v.graph, tv.subject FROM flows f JOIN flow_versions v ON v.flow_id = f.id
       JOIN templates t ON t.id::text = v.graph #>> '{nodes,1,config,templateId}'
       JOIN template_variants tv ON tv.template_id = t.id AND tv.language = t.language`,
    );
    // The welcome, call-back and finished budget-demo flows, each naming its template.
    expect(flows.map((flow) => flow.name).sort()).toEqual([DEMO_BUDGET_FLOW_NAME, DEMO_CALLBACK_FLOW_NAME, DEMO_FLOW_NAME].sort());
    const welcome = flows.find((flow) => flow.name === DEMO_FLOW_NAME);
    expect(welcome?.subject).toContain('{{product.name}}');
    const restored = restoreFlow(welcome?.graph);
    expect(restored.ok).toBe(true);
    if (restored.ok) {
      expect(validateFlow(restored.graph)).toEqual([]);
      expect(restored.graph.nodes.map((node) => node.type)).toEqual(['audience', 'generate', 'send', 'end']);
    }
  });

  it('serves many concurrent queries and transactions through its one connection', async () => {
    await db.query('CREATE TABLE IF NOT EXISTS probe (id int PRIMARY KEY, label text NOT NULL)');
    const results = await Promise.all(
      Array.from({ length: 300 }, async (_, i) => {
        if (i % 2 === 0) {
          const { rows } = await db.query<{ n: number; label: string }>('SELECT $1::int + 1 AS n, $2::text AS label', [i, `q${i}`]);
          return rows[0]?.n === i + 1 && rows[0]?.label === `q${i}`;
        }
        return inTransaction(db, async (client) => {
          await client.query('INSERT INTO probe (id, label) VALUES ($1, $2)', [i, `t${i}`]);
          const { rows } = await client.query<{ label: string }>('SELECT label FROM probe WHERE id = $1', [i]);
          return rows[0]?.label === `t${i}`;
        });
      }),
    );
    expect(results.every(Boolean)).toBe(true);
    const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM probe');
    expect(Number(rows[0]?.n)).toBe(150);
  });

  it('keeps its data across a restart', async () => {
    const contacts = async () => Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM contacts')).rows[0]?.n);
    await db.query('CREATE TABLE IF NOT EXISTS restart_marker (note text NOT NULL)');
    await db.query(`INSERT INTO restart_marker (note) VALUES ('written before the restart')`);
    const before = await contacts();
    await db.end();
    await postgres.close();
    postgres = await startEmbeddedPostgres({ dataDir: join(dir, 'pglite') });
    await migrate(postgres.url);
    db = createPool(postgres.url, EMBEDDED_POOL_SIZE);
    expect(await contacts()).toBe(before);
    expect((await db.query('SELECT note FROM restart_marker')).rows).toEqual([{ note: 'written before the restart' }]);
  });

  it('refuses a data directory that another live process holds', async () => {
    const other = join(dir, 'held');
    // pid 1 is always alive: as if another Campaign Studio had this directory open.
    await writeFile(`${other}.lock`, '1\n');
    await expect(startEmbeddedPostgres({ dataDir: other })).rejects.toThrow(/in use by another Campaign Studio process \(pid 1\)/);
  });
});
