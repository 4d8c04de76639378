import nodemailer from 'nodemailer';
import type { Mailer, OutgoingEmail, SentReceipt } from './mailer';

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
      await transport.sendMail({
        messageId,
        from: mail.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        headers: mail.headers,
      });
      return { providerId: messageId };
    },
    async close() {
      transport.close();
    },
  };
}
