/**
 * A campaign worker in its own process, so a test can kill it with SIGKILL mid-send the way a
 * crashed machine would. Configured by environment: TEST_DATABASE_URL, TEST_TEMPORAL_ADDRESS,
 * TEST_TASK_QUEUE, TEST_SMTP_URL.
 */
import { NativeConnection } from '@temporalio/worker';
import { createSmtpMailer } from '../../channels/smtp';
import { createPool } from '../../db/pool';
import { createCampaignWorker } from '../../worker/worker';

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const connection = await NativeConnection.connect({ address: env('TEST_TEMPORAL_ADDRESS') });
const worker = await createCampaignWorker({
  connection,
  namespace: 'default',
  taskQueue: env('TEST_TASK_QUEUE'),
  db: createPool(env('TEST_DATABASE_URL')),
  mailer: createSmtpMailer(env('TEST_SMTP_URL')),
  mailFrom: 'Campaign Studio <campaigns@example.test>',
});
console.log('worker ready');
await worker.run();
