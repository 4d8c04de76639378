import nodemailer from 'nodemailer';
import { SendFault, type Mailer, type OutgoingEmail, type SentReceipt } from './mailer';

/** The Message-ID domain: our message id becomes `<id@domain>` so receivers can deduplicate. */
export const MESSAGE_ID_DOMAIN = 'campaign-studio';

export function smtpMessageId(messageId: string): string {
  return `<${messageId}@${MESSAGE_ID_DOMAIN}>`;
}

/**
 * E-mail over SMTP with nodemailer. Pooled by default: a campaign sends thousands of mails
 * and a connection per mail would cost a TCP + SMTP handshake each.
 */
export function createSmtpMailer(url: string, options: { pool?: boolean; maxConnections?: number } = {}): Mailer {
  const parsed = new URL(url);
  const transport = nodemailer.createTransport({
    host: parsed.hostname,
    port: Number(parsed.port || (parsed.protocol === 'smtps:' ? 465 : 587)),
    secure: parsed.protocol === 'smtps:',
    auth: parsed.username ? { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) } : undefined,
    // A local catcher (dev outbox, tests) speaks plain SMTP; real relays upgrade with STARTTLS.
    ignoreTLS: parsed.searchParams.get('ignoreTLS') === 'true',
    pool: options.pool ?? true,
    maxConnections: options.maxConnections ?? 5,
    maxMessages: Infinity,
  });
  return {
    async send(mail: OutgoingEmail): Promise<SentReceipt> {
      const messageId = smtpMessageId(mail.messageId);
      try {
        await transport.sendMail({
          messageId,
          from: mail.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          headers: mail.headers,
        });
      } catch (error) {
        throw smtpFault(error);
      }
      return { providerId: messageId };
    },
    async close() {
      transport.close();
    },
  };
}

/** nodemailer's errors carry the SMTP reply code when the server answered. */
interface SmtpError {
  responseCode?: number;
  response?: string;
  code?: string;
  message?: string;
}

/**
 * An SMTP failure as a mail server reads it: 5xx is permanent (the address or the message is
 * refused), 4xx and anything without a reply (connection refused, reset, timed out) is
 * temporary. A message nodemailer refuses to build (no recipient, a bad address) is permanent.
 */
export function smtpFault(error: unknown): SendFault {
  const smtp = (error ?? {}) as SmtpError;
  const reply = (smtp.response ?? smtp.message ?? String(error)).trim();
  if (typeof smtp.responseCode === 'number') return new SendFault(smtp.responseCode >= 500 ? 'permanent' : 'temporary', reply);
  if (smtp.code === 'EENVELOPE' || smtp.code === 'EMESSAGE') return new SendFault('permanent', reply);
  return new SendFault('temporary', reply);
}
