import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { requireTemporalCli } from '../../scripts/temporal-cli';

/**
 * A real Temporal dev server (the CLI found or built by scripts/temporal-cli.ts) on free
 * ports. `createTimeSkipping` needs a download that fails offline, so flows in tests wait
 * seconds, not days.
 */
export async function startTemporal(): Promise<TestWorkflowEnvironment> {
  quietWorkerLogs();
  const cli = await requireTemporalCli({ log: (line) => console.log(line) });
  return TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'existing-path', path: cli.path }, extraArgs: ['--log-level', 'error'] },
  });
}

let runtimeInstalled = false;

/** Worker state changes at INFO drown test output; keep warnings and errors. Once per process. */
function quietWorkerLogs(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Already installed by another helper in this process: keep that one.
  }
}
