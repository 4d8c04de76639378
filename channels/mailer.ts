/** An e-mail ready for the wire. `messageId` is our message id: the idempotency key. */
export interface OutgoingEmail {
  messageId: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
}

export interface SentReceipt {
  /** What the provider calls the message (the SMTP Message-ID here). */
  providerId: string;
}

/** The one interface every e-mail provider adapter implements. */
export interface Mailer {
  send(mail: OutgoingEmail): Promise<SentReceipt>;
  close(): Promise<void>;
}

/**
 * Why a send did not go through, told apart as a mail server does: `temporary` (a 4xx reply,
 * a refused or dropped connection: try again later) or `permanent` (a 5xx reply: this address
 * will not take it; the reply is kept). Every adapter rejects with one of these.
 */
export class SendFault extends Error {
  override name = 'SendFault';
  constructor(
    readonly kind: 'temporary' | 'permanent',
    /** The server's reply, or the transport's error, as a person would read it. */
    readonly reply: string,
  ) {
    super(reply);
  }
}
