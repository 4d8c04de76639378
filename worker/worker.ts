import { fileURLToPath } from 'node:url';
import { type NativeConnection, Worker, type WorkflowBundle } from '@temporalio/worker';
import { createActivities } from '../activities';
import type { Mailer } from '../channels/mailer';
import type { Db } from '../db/pool';

export const WORKFLOWS_PATH = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

export interface CampaignWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  db: Db;
  mailer: Mailer;
  mailFrom: string;
  maxConcurrentActivities?: number;
  sendConcurrency?: number;
  /**
   * PUBLIC_URL and TRACKING_SECRET: where a mail's tracked links, pixel and unsubscribe link
   * point and the key that signs them (the API verifies with the same key). The object is read
   * at each batch, so a launcher that learns its URL after the worker is made may fill it in.
   */
  tracking?: { publicUrl?: string; secret?: string };
  /** UNSUBSCRIBE_MAILTO: the mailto: of List-Unsubscribe; unset = unsubscribe@ the From domain. */
  unsubscribeMailto?: string;
  /** A prebuilt bundle (scripts/bundle-workflows.ts); otherwise workflows are bundled at start. */
  workflowBundle?: WorkflowBundle;
}

/**
 * A worker serving campaign workflows and their activities on one task queue. Scaling out is
 * running more of these on the same queue; the caller runs `worker.run()` and, on SIGTERM,
 * `worker.shutdown()`, which lets running activities finish their page first.
 */
export async function createCampaignWorker(options: CampaignWorkerOptions): Promise<Worker> {
  const activities = createActivities({
    db: options.db,
    mailer: options.mailer,
    mailFrom: options.mailFrom,
    sendConcurrency: options.sendConcurrency ?? 10,
    ...(options.tracking ? { tracking: options.tracking } : {}),
    ...(options.unsubscribeMailto ? { unsubscribeMailto: options.unsubscribeMailto } : {}),
  });
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
    activities,
    maxConcurrentActivityTaskExecutions: options.maxConcurrentActivities ?? 20,
    // Pause and cancel reach an activity through heartbeats: send them promptly.
    maxHeartbeatThrottleInterval: '1 second',
    defaultHeartbeatThrottleInterval: '1 second',
    shutdownGraceTime: '30 seconds',
  });
}
