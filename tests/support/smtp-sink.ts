import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';

/** A reply the sink gives a recipient instead of accepting it (e.g. 451 greylisting, 550 unknown). */
export interface SmtpFault {
  code: number;
  message: string;
}

export interface SmtpSink {
  url: string;
  /** Refuse recipients as a real server would, from now on (undefined: accept everyone again). */
  setFault(fault: ((recipient: string) => SmtpFault | undefined) | undefined): void;
  /** Every RCPT TO the sink saw, accepted or not, in order. */
  attempts: string[];
  /** Every message received, parsed by mailparser. */
  messages: ParsedMail[];
  /** How many messages arrived (parsed or not). */
  readonly count: number;
  /** Resolves when at least `count` messages have arrived (or rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<ParsedMail[]>;
  close(): Promise<void>;
}

/** A real SMTP server on a free loopback port; what it receives is parsed, not just counted. */
export async function startSmtpSink(options: { parse?: boolean; refuse?: (recipient: string) => boolean } = {}): Promise<SmtpSink> {
  const parse = options.parse ?? true;
  const messages: ParsedMail[] = [];
  const attempts: string[] = [];
  let fault: ((recipient: string) => SmtpFault | undefined) | undefined;
  let received = 0;
  const waiters: { count: number; resolve: () => void }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      attempts.push(address.address);
      const refusal = fault?.(address.address);
      if (refusal) {
        callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
        return;
      }
      if (options.refuse?.(address.address)) {
        const error = Object.assign(new Error(`5.1.1 <${address.address}>: mailbox unavailable`), { responseCode: 550 });
        callback(error);
        return;
      }
      callback();
    },
    onData(stream, _session, callback) {
      const done = (error?: Error) => {
        received++;
        for (const waiter of waiters.filter((w) => received >= w.count)) waiter.resolve();
        callback(error);
      };
      if (!parse) {
        stream.on('end', () => done()).resume();
        return;
      }
      simpleParser(stream)
        .then((mail) => {
          messages.push(mail);
          done();
        })
        .catch((error: Error) => done(error));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    attempts,
    setFault(next) {
      fault = next;
    },
    get count() {
      return received;
    },
    waitFor(count, timeoutMs = 60_000) {
      if (received >= count) return Promise.resolve(messages);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`SMTP sink: ${received} of ${count} messages after ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ count, resolve: () => { clearTimeout(timer); resolve(messages); } });
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  } as SmtpSink;
}
