import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { isUuid } from '../flow/uuid';
import { verifyLinkSignature, type LinkPurpose } from '../templating/tracking-links';
import { needs } from './permissions';
import { problem, ProblemError } from './problem';

/** Requests per minute per client address on the tracking and unsubscribe routes, unless TRACKING_RATE_LIMIT says otherwise. */
export const DEFAULT_TRACKING_RATE_LIMIT = 600;

/** What the public link routes are registered with (api/app.ts). */
export interface PublicLinkRouteOptions {
  /** The HMAC key the links were signed with (db/tracking-secret.ts). */
  secret: string;
  /** Requests per minute per client address, each route counted on its own. */
  rateLimit: number;
}

/** Route config of every public link: anyone, no session, limited per address. */
export function publicLinkConfig(rateLimit: number) {
  return { ...needs('public'), sessionless: true, rateLimit: { max: rateLimit, timeWindow: '1 minute' } };
}

/**
 * The one answer for every link that is not ours: a bad or foreign signature, a malformed id, a
 * message that is gone or a link index it does not have all read the same, so nothing tells
 * whether a message exists.
 */
export function linkNotFound(): ProblemError {
  return new ProblemError(problem(404, 'LINK_NOT_FOUND', 'This link is not valid'));
}

/** Throws 404 unless `signature` is the one we made for this message (and link index); compared in constant time. */
export function checkSignedLink(secret: string, purpose: LinkPurpose, messageId: string, index: number, signature: string): void {
  if (!isUuid(messageId) || !verifyLinkSignature(secret, purpose, messageId, index, signature)) throw linkNotFound();
}

/**
 * Headers of every public link answer (problems and 429s included, so set at onRequest): never
 * cached (each open and click counts, an unsubscribe page shows the state now), and no Referer
 * leaves with the message id and signature when a redirect or a page link is followed.
 */
export function publicLinkHeaders(_request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
  reply.header('cache-control', 'no-store');
  reply.header('referrer-policy', 'no-referrer');
  done();
}
