import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode } from '@temporalio/worker';
import { WORKFLOWS_PATH } from '../worker/worker';

/** Where `npm run build` leaves the prebuilt workflow bundle that production workers load. */
export const WORKFLOW_BUNDLE_PATH = fileURLToPath(new URL('../dist/workflow-bundle.js', import.meta.url));

/**
 * Bundle the workflow code once at build time, so a production worker starts in a second
 * instead of running webpack at every start (and a bundling error fails the build, not a deploy).
 */
export async function bundleWorkflows(): Promise<string> {
  const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH });
  await mkdir(dirname(WORKFLOW_BUNDLE_PATH), { recursive: true });
  await writeFile(WORKFLOW_BUNDLE_PATH, code);
  return WORKFLOW_BUNDLE_PATH;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const path = await bundleWorkflows();
  console.log(`Workflow bundle written to ${path}`);
}
