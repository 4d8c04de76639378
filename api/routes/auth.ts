import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import { ChangePasswordSchema, PrincipalSchema, ResetLinkCheckSchema, ResetPasswordSchema, SignInSchema } from '../../contracts/auth';
import { writeAudit } from '../../db/audit';
import { hashPassword, verifyPassword } from '../../db/passwords';
import { markPasswordResetUsed, readPasswordReset } from '../../db/password-resets';
import { inTransaction } from '../../db/pool';
import { endSession, findSession, openSession, SESSION_MAX_DAYS } from '../../db/sessions';
import { clearSignInFailures, reserveSignInAttempt, SIGN_IN_WINDOW_MINUTES } from '../../db/sign-in-failures';
import { findSignInCandidate, getPasswordHash, setPasswordHash } from '../../db/users';
import { needs } from '../permissions';
import { principalOf } from '../plugins/auth';
import { SESSION_COOKIE } from '../session-cookie';
import { actorOf, describePrincipal, sessionPrincipal } from '../principal';
import { problem, problemResponses, ProblemError } from '../problem';
import type { FastifyPluginAsyncTypebox } from '../type-provider';

/** Sign-in attempts per address per minute, over every e-mail (credential stuffing). */
export const SIGN_IN_RATE_LIMIT = 20;

export interface AuthRouteOptions {
  /** https here makes the session cookie Secure. */
  publicUrl?: string;
}

const INVALID_CREDENTIALS = () => new ProblemError(problem(401, 'INVALID_CREDENTIALS', 'The e-mail or the password is wrong'));

/**
 * Sign-in, sign-out, who am I, change my password, and the one-time reset links. Every answer
 * of sign-in that is not success is the same "e-mail or password is wrong" (or the same lock-out),
 * whether the account exists, is disabled, or has no password yet: nothing tells who has an account.
 */
export const authRoutes: FastifyPluginAsyncTypebox<AuthRouteOptions> = async (app, options) => {
  const secureCookie = options.publicUrl?.startsWith('https://') ?? false;

  function setSessionCookie(reply: FastifyReply, secret: string): void {
    reply.setCookie(SESSION_COOKIE, secret, { path: '/', httpOnly: true, sameSite: 'lax', secure: secureCookie, maxAge: SESSION_MAX_DAYS * 24 * 3600 });
  }

  app.post(
    '/sign-in',
    {
      config: { ...needs('public'), sameOriginOnly: true, rateLimit: { max: SIGN_IN_RATE_LIMIT, timeWindow: '1 minute' } },
      schema: { tags: ['auth'], summary: 'Sign in with e-mail and password; sets the session cookie', body: SignInSchema, response: { 200: PrincipalSchema, ...problemResponses(401, 429) } },
    },
    async (request, reply) => {
      const { email, password } = request.body;
      // Counted as a failure until the password proves right (success clears it).
      if (!(await reserveSignInAttempt(app.db, email, request.ip))) {
        throw new ProblemError(problem(429, 'TOO_MANY_ATTEMPTS', `Too many failed sign-ins for this e-mail; try again in ${SIGN_IN_WINDOW_MINUTES} minutes or ask an admin for a reset link`));
      }
      const candidate = await findSignInCandidate(app.db, email);
      const matches = await verifyPassword(candidate?.passwordHash, password);
      if (!candidate || !matches || candidate.disabled) throw INVALID_CREDENTIALS();
      const secret = await inTransaction(app.db, async (client) => {
        // A browser signing in again (perhaps as someone else) leaves its old session behind, ended.
        const previous = request.principal?.sessionHash;
        if (previous) await endSession(client, previous);
        const opened = await openSession(client, candidate.id, { address: request.ip, userAgent: request.headers['user-agent'] });
        await clearSignInFailures(client, email);
        return opened;
      });
      const session = await findSession(app.db, secret);
      setSessionCookie(reply, secret);
      return describePrincipal(sessionPrincipal(session!));
    },
  );

  app.post(
    '/sign-out',
    { config: needs('public'), schema: { tags: ['auth'], summary: 'End this session (nothing happens without one)', response: { 204: Type.Null() } } },
    async (request, reply) => {
      const hash = request.principal?.sessionHash;
      if (hash) await endSession(app.db, hash);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/me',
    { config: needs('signed-in'), schema: { tags: ['auth'], summary: 'Who is signed in: role, store, permissions', response: { 200: PrincipalSchema, ...problemResponses(401) } } },
    async (request) => describePrincipal(principalOf(request)),
  );

  app.post(
    '/password',
    {
      config: needs('signed-in'),
      schema: { tags: ['auth'], summary: 'Change my password; my other sessions end', body: ChangePasswordSchema, response: { 204: Type.Null(), ...problemResponses(401, 403, 422) } },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      if (principal.kind !== 'user') throw new ProblemError(problem(403, 'NOT_A_PERSON', 'An API token has no password'));
      if (!(await verifyPassword(await getPasswordHash(app.db, principal.id), request.body.currentPassword))) {
        throw new ProblemError(problem(422, 'VALIDATION_FAILED', 'The current password is wrong', [{ field: 'currentPassword', message: 'does not match' }]));
      }
      const hash = await hashPassword(request.body.newPassword);
      await inTransaction(app.db, async (client) => {
        await setPasswordHash(client, principal.id, hash, principal.sessionHash);
        await writeAudit(client, actorOf(principal), { action: 'user.password-change', entity: 'user', entityId: principal.id });
      });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/reset/:token',
    {
      config: { ...needs('public'), rateLimit: { max: SIGN_IN_RATE_LIMIT, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Check a password reset link: whose it is and until when it works',
        params: Type.Object({ token: Type.String({ maxLength: 200 }) }),
        response: { 200: ResetLinkCheckSchema, ...problemResponses(404, 410) },
      },
    },
    async (request) => {
      const link = await readPasswordReset(app.db, request.params.token);
      if (link.state !== 'valid') throw resetLinkProblem(link.state);
      return { email: link.email, name: link.name, expiresAt: link.expiresAt };
    },
  );

  app.post(
    '/reset',
    {
      config: { ...needs('public'), sameOriginOnly: true, rateLimit: { max: SIGN_IN_RATE_LIMIT, timeWindow: '1 minute' } },
      schema: { tags: ['auth'], summary: 'Set a new password with a one-time reset link; every session of that person ends', body: ResetPasswordSchema, response: { 204: Type.Null(), ...problemResponses(404, 410, 422) } },
    },
    async (request, reply) => {
      const hash = await hashPassword(request.body.newPassword);
      await inTransaction(app.db, async (client) => {
        const link = await readPasswordReset(client, request.body.token, true);
        if (link.state !== 'valid') throw resetLinkProblem(link.state);
        await setPasswordHash(client, link.userId, hash);
        await markPasswordResetUsed(client, request.body.token);
        // The lock-out sends people here: with a new password they may sign in at once.
        await clearSignInFailures(client, link.email);
        await writeAudit(client, { kind: 'user', id: link.userId, label: link.email }, { action: 'user.password-reset', entity: 'user', entityId: link.userId });
      });
      return reply.code(204).send(null);
    },
  );
};

function resetLinkProblem(state: 'expired' | 'used' | 'unknown'): ProblemError {
  if (state === 'unknown') return new ProblemError(problem(404, 'RESET_LINK_UNKNOWN', 'This reset link is not valid; ask an admin for a new one'));
  const why = state === 'used' ? 'has already been used' : 'has expired';
  return new ProblemError(problem(410, 'RESET_LINK_GONE', `This reset link ${why}; ask an admin for a new one`));
}

