import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

/**
 * The import direction of DESIGN.md §1 is enforced by eslint.config.js: these cases prove each
 * boundary actually fails lint. Type-aware rules are off here (the probes are not files on disk,
 * which the TypeScript project service requires); `npm run lint` runs them on the real tree.
 */
const eslint = new ESLint({
  overrideConfig: [{ files: ['**/*.ts', '**/*.tsx'], ...tseslint.configs.disableTypeChecked }],
});

async function rulesBroken(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return [...new Set((result?.messages ?? []).map((message) => message.ruleId ?? message.message))].sort();
}

describe('import boundaries (eslint.config.js)', () => {
  it('keeps flow/ pure: nothing of the project, no Node built-ins, no I/O packages', async () => {
    expect(await rulesBroken('flow/probe.ts', "import { createPool } from '../db/pool';\nexport const x = createPool;\n")).toEqual(['import-x/no-restricted-paths']);
    expect(await rulesBroken('flow/probe.ts', "import { readFile } from 'node:fs/promises';\nexport const x = readFile;\n")).toEqual(['import-x/no-nodejs-modules']);
    expect(await rulesBroken('flow/probe.ts', "import pg from 'pg';\nexport const x = pg;\n")).toEqual(['@typescript-eslint/no-restricted-imports']);
    expect(await rulesBroken('flow/probe.ts', "import { Type } from '@sinclair/typebox';\nexport const x = Type;\n")).toEqual([]);
  });

  it('lets workflows/ import activities as types only, and no Node APIs or I/O', async () => {
    expect(await rulesBroken('workflows/probe.ts', "import type * as activities from '../activities';\nexport type A = typeof activities;\n")).toEqual([]);
    expect(await rulesBroken('workflows/probe.ts', "import { createActivities } from '../activities';\nexport const x = createActivities;\n")).toEqual([
      '@typescript-eslint/no-restricted-imports',
    ]);
    for (const builtin of ['fs', 'path', 'os', 'child_process', 'net', 'http', 'https', 'crypto', 'node:crypto']) {
      expect(await rulesBroken('workflows/probe.ts', `import * as m from '${builtin}';\nexport const x = m;\n`)).toContain('import-x/no-nodejs-modules');
    }
    for (const io of ['pg', 'nodemailer', 'twilio']) {
      expect(await rulesBroken('workflows/probe.ts', `import m from '${io}';\nexport const x = m;\n`)).toEqual(['@typescript-eslint/no-restricted-imports']);
    }
    expect(await rulesBroken('workflows/probe.ts', "import { createPool } from '../db/pool';\nexport const x = createPool;\n")).toContain('import-x/no-restricted-paths');
  });

  it('keeps contracts/ pure: flow/ and TypeBox, nothing else of the project, no Node built-ins, no I/O', async () => {
    expect(await rulesBroken('contracts/probe.ts', "import { createPool } from '../db/pool';\nexport const x = createPool;\n")).toEqual(['import-x/no-restricted-paths']);
    expect(await rulesBroken('contracts/probe.ts', "import { problem } from '../api/problem';\nexport const x = problem;\n")).toEqual(['import-x/no-restricted-paths']);
    expect(await rulesBroken('contracts/probe.ts', "import { STATUS_CODES } from 'node:http';\nexport const x = STATUS_CODES;\n")).toEqual(['import-x/no-nodejs-modules']);
    expect(await rulesBroken('contracts/probe.ts', "import { Type } from '@fastify/type-provider-typebox';\nexport const x = Type;\n")).toEqual(['@typescript-eslint/no-restricted-imports']);
    expect(
      await rulesBroken('contracts/probe.ts', "import { Type } from '@sinclair/typebox';\nimport { ATTRIBUTE_KEY_PATTERN } from '../flow/audience-fields';\nexport const x = Type.String({ pattern: ATTRIBUTE_KEY_PATTERN.source });\n"),
    ).toEqual([]);
  });

  it('lets the designer import flow/ and contracts/ only', async () => {
    expect(await rulesBroken('designer/src/probe.ts', "import { validateFlow } from '../../flow/validate';\nexport const x = validateFlow;\n")).toEqual([]);
    expect(
      await rulesBroken('designer/src/probe.ts', "import type { Static } from '@sinclair/typebox';\nimport type { ContactSchema } from '../../contracts/contact';\nexport type Contact = Static<typeof ContactSchema>;\n"),
    ).toEqual([]);
    expect(await rulesBroken('designer/src/probe.ts', "import { createPool } from '../../db/pool';\nexport const x = createPool;\n")).toEqual(['import-x/no-restricted-paths']);
  });

  it('lets the API use flow/, contracts/, db/ and the workflow definitions, but not activities/', async () => {
    expect(
      await rulesBroken('api/probe.ts', "import { CAMPAIGN_WORKFLOW_TYPE } from '../workflows/definitions';\nimport { runProgress } from '../db/runs';\nexport const x = [CAMPAIGN_WORKFLOW_TYPE, runProgress];\n"),
    ).toEqual([]);
    expect(await rulesBroken('api/probe.ts', "import { ContactSchema } from '../contracts/contact';\nexport const x = ContactSchema;\n")).toEqual([]);
    expect(await rulesBroken('db/probe.ts', "import type { ContactSchema } from '../contracts/contact';\nexport type C = typeof ContactSchema;\n")).toEqual([]);
    expect(await rulesBroken('api/probe.ts', "import { runAudience } from '../activities/audience';\nexport const x = runAudience;\n")).toEqual(['import-x/no-restricted-paths']);
  });

  it('keeps templating/ pure and shared: the API and the activities render with it, it reads no database', async () => {
    expect(await rulesBroken('templating/probe.ts', "import { createPool } from '../db/pool';\nexport const x = createPool;\n")).toEqual(['import-x/no-restricted-paths']);
    expect(await rulesBroken('templating/probe.ts', "import { TEMPLATE_FIELDS } from '../flow/template-fields';\nexport const x = TEMPLATE_FIELDS;\n")).toEqual([]);
    expect(await rulesBroken('api/probe.ts', "import { compileTemplate } from '../templating/compile';\nexport const x = compileTemplate;\n")).toEqual([]);
    expect(await rulesBroken('activities/probe.ts', "import { renderForContact } from '../templating/render';\nexport const x = renderForContact;\n")).toEqual([]);
    expect(await rulesBroken('designer/src/probe.ts', "import { compileTemplate } from '../../templating/compile';\nexport const x = compileTemplate;\n")).toEqual(['import-x/no-restricted-paths']);
  });

  it('keeps channels/ free of campaign logic and nothing but scripts/ and tests/ importing the designer', async () => {
    expect(await rulesBroken('channels/probe.ts', "import { createPool } from '../db/pool';\nexport const x = createPool;\n")).toEqual(['import-x/no-restricted-paths']);
    expect(await rulesBroken('activities/probe.ts', "import { createSmtpMailer } from '../channels/smtp';\nexport const x = createSmtpMailer;\n")).toEqual([]);
    expect(await rulesBroken('worker/probe.ts', "import { DESIGNER_DIST } from '../scripts/stack';\nexport const x = DESIGNER_DIST;\n")).toEqual(['import-x/no-restricted-paths']);
    expect(await rulesBroken('scripts/probe.ts', "import { createCampaignWorker } from '../worker/worker';\nexport const x = createCampaignWorker;\n")).toEqual([]);
  });

  it('requires type-only imports to say so', async () => {
    expect(await rulesBroken('db/probe.ts', "import { FlowGraph } from '../flow/graph';\nexport type G = FlowGraph;\n")).toEqual(['@typescript-eslint/consistent-type-imports']);
  });
});

describe('one uuid pattern (flow/uuid.ts)', () => {
  it('refuses another copy of the uuid pattern, as a regex or a string, anywhere but flow/uuid.ts', async () => {
    const regex = 'export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;\n';
    const text = "export const UUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';\n";
    expect(await rulesBroken('db/probe.ts', regex)).toEqual(['no-restricted-syntax']);
    expect(await rulesBroken('designer/src/probe.ts', text)).toEqual(['no-restricted-syntax']);
    expect(await rulesBroken('flow/uuid.ts', text)).toEqual([]);
    expect(await rulesBroken('db/probe.ts', "import { isUuid } from '../flow/uuid';\nexport const ok = isUuid('x');\n")).toEqual([]);
  });
});

describe('wire types derived from contracts/ (designer/src/api)', () => {
  it('refuses a hand-written interface or object type there, and takes one derived with Static<>', async () => {
    expect(await rulesBroken('designer/src/api/probe.ts', 'export interface Contact {\n  id: string;\n  email: string | null;\n}\n')).toEqual(['no-restricted-syntax']);
    expect(await rulesBroken('designer/src/api/probe.ts', 'export type Contact = { id: string; email: string | null };\n')).toEqual(['no-restricted-syntax']);
    expect(
      await rulesBroken(
        'designer/src/api/probe.ts',
        "import type { Static } from '@sinclair/typebox';\nimport type { Json } from '../../../contracts/common';\nimport type { ContactSchema } from '../../../contracts/contact';\nexport type Contact = Json<Static<typeof ContactSchema>>;\n",
      ),
    ).toEqual([]);
    // Still the uuid rule there too, and the designer's own (non-wire) interfaces elsewhere are fine.
    expect(await rulesBroken('designer/src/api/probe.ts', "export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;\n")).toEqual(['no-restricted-syntax']);
    expect(await rulesBroken('designer/src/editor/probe.ts', 'export interface XY {\n  x: number;\n  y: number;\n}\n')).toEqual([]);
  });
});
