import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

const { History } = temporal.api.history.v1;

export const HISTORIES_DIR = fileURLToPath(new URL('../fixtures/histories', import.meta.url));

/**
 * With RECORD_HISTORIES=1, keep a real run's history as a replay fixture. Committed fixtures
 * are replayed against every later version of the workflow code (campaign-replay.test.ts),
 * so a non-deterministic change fails a test instead of stuck production runs.
 */
export async function recordHistory(name: string, handle: WorkflowHandle): Promise<void> {
  if (!process.env.RECORD_HISTORIES) return;
  await mkdir(HISTORIES_DIR, { recursive: true });
  // Protobuf binary: exactly what the server sent, with no JSON dialect to get wrong.
  await writeFile(join(HISTORIES_DIR, `${name}.binpb`), History.encode(await handle.fetchHistory()).finish());
}

export async function loadHistories() {
  const files = (await readdir(HISTORIES_DIR)).filter((file) => file.endsWith('.binpb')).sort();
  return Promise.all(
    files.map(async (file) => ({
      workflowId: file.replace(/\.binpb$/, ''),
      history: History.decode(await readFile(join(HISTORIES_DIR, file))),
    })),
  );
}
