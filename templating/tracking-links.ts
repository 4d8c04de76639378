import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The signed public links a mail carries: tracked clicks, the open pixel, one-click
 * unsubscribe and the preference page. Each is an HMAC over (purpose, message id, link index),
 * so a link cannot be forged, moved to another message or pointed elsewhere: the click route
 * redirects only to the link stored at that index of that message.
 */
export interface TrackingKeys {
  /** The URL people reach the product at (PUBLIC_URL), without a trailing slash. */
  publicUrl: string;
  /** The HMAC key (TRACKING_SECRET, or the installation's own, see db/tracking-secret.ts). */
  secret: string;
}

export type LinkPurpose = 'click' | 'open' | 'unsubscribe';

/** 128 bits of the SHA-256 HMAC, base64url: short enough for a link, far beyond guessing. */
const SIGNATURE_BYTES = 16;

export function linkSignature(secret: string, purpose: LinkPurpose, messageId: string, index = 0): string {
  return createHmac('sha256', secret).update(`${purpose}:${messageId}:${index}`).digest().subarray(0, SIGNATURE_BYTES).toString('base64url');
}

/** Whether `signature` is this message's (and this link's) own; compared in constant time. */
export function verifyLinkSignature(secret: string, purpose: LinkPurpose, messageId: string, index: number, signature: string): boolean {
  const expected = Buffer.from(linkSignature(secret, purpose, messageId, index));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const base = (keys: TrackingKeys) => keys.publicUrl.replace(/\/+$/, '');

/** `/t/c/:messageId/:index/:signature`: redirects to the message's link number `index`. */
export function clickUrl(keys: TrackingKeys, messageId: string, index: number): string {
  return `${base(keys)}/t/c/${messageId}/${index}/${linkSignature(keys.secret, 'click', messageId, index)}`;
}

/** `/t/o/:messageId/:signature.gif`: a 1×1 GIF that records an open. */
export function openPixelUrl(keys: TrackingKeys, messageId: string): string {
  return `${base(keys)}/t/o/${messageId}/${linkSignature(keys.secret, 'open', messageId)}.gif`;
}

/** `/u/:messageId/:signature`: GET shows a confirmation, POST unsubscribes (RFC 8058 one-click). */
export function unsubscribeUrl(keys: TrackingKeys, messageId: string): string {
  return `${base(keys)}/u/${messageId}/${linkSignature(keys.secret, 'unsubscribe', messageId)}`;
}

/** The per-topic preference page of the contact the message went to. */
export function preferencesUrl(keys: TrackingKeys, messageId: string): string {
  return `${unsubscribeUrl(keys, messageId)}/preferences`;
}

/**
 * A message's id as the database makes it (db/cohorts.ts `messageIdSql`: md5 of arrival and
 * contact, read as a uuid), so links can be signed while the message is rendered, before its
 * row exists.
 */
export function messageIdFor(arrivalId: string, contactId: string): string {
  const hex = createHash('md5').update(`${arrivalId}${contactId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
