import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { simpleParser, type AddressObject, type HeaderValue, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { MESSAGE_ID_DOMAIN } from './smtp';

/** One mail caught by the dev outbox, as the designer's outbox view shows it. */
export interface OutboxMail {
  /** The stored file's name without `.eml`: sortable by arrival. */
  id: string;
  /** The Message-ID header (ours: `<message id@campaign-studio>`), or '' when the sender set none. */
  messageId: string;
  /** Our message id read from the Message-ID (`<id@campaign-studio>`); null for anyone else's mail. */
  messageRef: string | null;
  /**
   * Every header as received, by lower-case name (a repeated header's values joined by ", "):
   * what a mail client's "show original" shows, List-Unsubscribe included.
   */
  headers: Record<string, string>;
  from: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
  receivedAt: string;
}

export interface DevOutbox {
  /** `smtp://127.0.0.1:<port>`: hand it to createSmtpMailer like any real relay. */
  url: string;
  /** Where the `.eml` files live. */
  dir: string;
  /** Mails caught so far, newest first (at most `limit` when given). */
  list(options?: { limit?: number }): Promise<OutboxMail[]>;
  close(): Promise<void>;
}

export interface DevOutboxOptions {
  /** Directory holding one `.eml` file per mail; created if missing, kept across restarts. */
  dir: string;
  host?: string;
  /** 0 (default) = a free port. */
  port?: number;
  /** Largest mail accepted, in bytes (default 25 MB, what common relays allow). */
  maxSize?: number;
}

const EML = '.eml';

/**
 * The embedded default's mail channel: a real SMTP server on a loopback port that keeps every
 * message it receives as an `.eml` file. The campaign code cannot tell it from a production
 * relay (same nodemailer transport, same Message-IDs), and a developer can open the files in
 * any mail client. The directory is the store, so a restart keeps the outbox.
 */
export async function startDevOutbox(options: DevOutboxOptions): Promise<DevOutbox> {
  const { dir } = options;
  const maxSize = options.maxSize ?? 25 * 1024 * 1024;
  await mkdir(dir, { recursive: true });
  let sequence = 0;
  const server = new SMTPServer({
    authOptional: true,
    // Loopback only, no certificates: STARTTLS would only make clients try and fail.
    disabledCommands: ['STARTTLS'],
    disableReverseLookup: true,
    size: maxSize,
    logger: false,
    // A pooled client keeps its connections open: do not wait 30 s for it on close.
    closeTimeout: 1_000,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', (error: Error) => callback(error));
      stream.on('end', () => {
        if (stream.sizeExceeded) {
          callback(Object.assign(new Error('Message exceeds the outbox size limit'), { responseCode: 552 }));
          return;
        }
        // Like a delivering MTA, record the envelope: Bcc recipients appear nowhere else.
        const envelope = [
          `Return-Path: <${session.envelope.mailFrom ? session.envelope.mailFrom.address : ''}>`,
          ...session.envelope.rcptTo.map((rcpt) => `Delivered-To: ${rcpt.address}`),
        ].join('\r\n');
        const name = `${Date.now().toString().padStart(13, '0')}-${(sequence++).toString().padStart(6, '0')}-${randomUUID().slice(0, 8)}`;
        storeMail(dir, name, Buffer.concat([Buffer.from(`${envelope}\r\n`), ...chunks])).then(
          () => callback(),
          (error: Error) => callback(error),
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  // After start-up an SMTP session error (a client hanging up mid-mail) must not crash the process.
  server.on('error', () => undefined);
  const address = server.server.address() as AddressInfo;
  const parsed = new Map<string, OutboxMail>();

  return {
    url: `smtp://${address.address}:${address.port}`,
    dir,
    async list({ limit } = {}) {
      const names = (await readdir(dir))
        .filter((file) => file.endsWith(EML))
        .map((file) => file.slice(0, -EML.length))
        .sort()
        .reverse()
        .slice(0, limit);
      // Parsing is the slow part; stored mails never change, so each is parsed once.
      return Promise.all(
        names.map(async (id) => {
          const known = parsed.get(id);
          if (known) return known;
          const mail = await readMail(dir, id);
          parsed.set(id, mail);
          return mail;
        }),
      );
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Write then rename, so `list()` never sees half a mail. */
async function storeMail(dir: string, name: string, raw: Buffer): Promise<void> {
  const temporary = join(dir, `.${name}.tmp`);
  await writeFile(temporary, raw);
  await rename(temporary, join(dir, `${name}${EML}`));
}

async function readMail(dir: string, id: string): Promise<OutboxMail> {
  const mail = await simpleParser(await readFile(join(dir, `${id}${EML}`)));
  const deliveredTo = mail.headerLines
    .filter((header) => header.key === 'delivered-to')
    .map((header) => header.line.slice(header.line.indexOf(':') + 1).trim())
    .join(', ');
  const timestamp = Number(id.split('-')[0]);
  return {
    id,
    messageId: mail.messageId ?? '',
    messageRef: messageRefOf(mail.messageId),
    headers: headersOf(mail),
    from: mail.from?.text ?? '',
    to: addressText(mail.to) || deliveredTo,
    subject: mail.subject ?? '',
    text: mail.text ?? '',
    ...(typeof mail.html === 'string' ? { html: mail.html } : {}),
    receivedAt: new Date(Number.isFinite(timestamp) ? timestamp : (mail.date?.getTime() ?? 0)).toISOString(),
  };
}

function addressText(address: AddressObject | AddressObject[] | undefined): string {
  if (!address) return '';
  return (Array.isArray(address) ? address : [address]).map((a) => a.text).join(', ');
}

const OUR_MESSAGE_ID = new RegExp(`^<([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})@${MESSAGE_ID_DOMAIN}>$`, 'i');

/** The message id in a Message-ID we made (channels/smtp.ts smtpMessageId); null otherwise. */
export function messageRefOf(messageId: string | undefined): string | null {
  const match = OUR_MESSAGE_ID.exec(messageId?.trim() ?? '');
  return match ? match[1]!.toLowerCase() : null;
}

/**
 * The headers as text. mailparser decodes plain text headers (RFC 2047 words in Subject and
 * the like) into strings: those are kept; headers it turns into structures (addresses, dates,
 * Content-Type, the List-* family) are shown as the sender wrote them, unfolded, so
 * List-Unsubscribe reads exactly as a mailbox provider reads it.
 */
function headersOf(mail: ParsedMail): Record<string, string> {
  const headers: Record<string, string> = {};
  const repeated = new Set(mail.headerLines.map((header) => header.key).filter((key, index, keys) => keys.indexOf(key) !== index));
  for (const { key, line } of mail.headerLines) {
    const raw = line.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim();
    const parsed: HeaderValue | undefined = mail.headers.get(key);
    const value = typeof parsed === 'string' && !repeated.has(key) ? parsed : raw;
    headers[key] = key in headers ? `${headers[key]}, ${value}` : value;
  }
  return headers;
}
