import type { Static } from '@sinclair/typebox';
import type { PrincipalSchema } from '../contracts/auth';
import { ROLE_PERMISSIONS, type Role } from '../contracts/permissions';
import type { TokenPrincipalRow } from '../db/api-tokens';
import type { Actor } from '../db/audit';
import type { Scope } from '../db/scope';
import type { SessionUser } from '../db/sessions';

/** Who a request acts for, resolved once per request by the auth plugin. */
export interface Principal {
  kind: 'user' | 'token';
  id: string;
  name: string;
  email: string | null;
  role: Role;
  storeId: string | null;
  teamId: string | null;
  /** Which contacts, tasks and history this caller may read (db/scope.ts). */
  scope: Scope;
  /** How it was authenticated: a cookie needs the CSRF check on writes, a bearer token does not. */
  via: 'cookie' | 'bearer';
  /** The session's hash when via cookie (sign-out and password change need it). */
  sessionHash?: string;
}

/**
 * Where a caller's contact reads are limited to. An admin sees everything. An agent works in
 * their store, or their team's store when they have none of their own, and sees no one when
 * placed in neither. Any other person (or token) bound to a store sees that store only.
 */
export function scopeFor(role: Role, storeId: string | null, teamStoreId: string | null): Scope {
  if (role === 'admin') return { kind: 'all' };
  if (role === 'agent') return { kind: 'store', storeId: storeId ?? teamStoreId };
  return storeId ? { kind: 'store', storeId } : { kind: 'all' };
}

export function sessionPrincipal(session: SessionUser): Principal {
  return {
    kind: 'user',
    id: session.userId,
    name: session.name,
    email: session.email,
    role: session.role,
    storeId: session.storeId,
    teamId: session.teamId,
    scope: scopeFor(session.role, session.storeId, session.teamStoreId),
    via: 'cookie',
    sessionHash: session.tokenHash,
  };
}

export function tokenPrincipal(token: TokenPrincipalRow): Principal {
  return {
    kind: 'token',
    id: token.id,
    name: token.name,
    email: null,
    role: token.role,
    storeId: token.storeId,
    teamId: null,
    scope: scopeFor(token.role, token.storeId, null),
    via: 'bearer',
  };
}

export function actorOf(principal: Principal): Actor {
  return { kind: principal.kind, id: principal.id, label: principal.kind === 'user' ? (principal.email ?? principal.name) : `token ${principal.name}` };
}

/** The principal as `GET /api/auth/me` shows it. */
export function describePrincipal(principal: Principal): Static<typeof PrincipalSchema> {
  return {
    kind: principal.kind,
    id: principal.id,
    name: principal.name,
    email: principal.email,
    role: principal.role,
    storeId: principal.storeId,
    teamId: principal.teamId,
    scoped: principal.scope.kind === 'store',
    scopeStoreId: principal.scope.kind === 'store' ? principal.scope.storeId : null,
    permissions: [...ROLE_PERMISSIONS[principal.role]],
  };
}
