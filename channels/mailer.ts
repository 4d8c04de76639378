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
