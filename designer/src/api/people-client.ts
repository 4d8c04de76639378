import type { Static } from '@sinclair/typebox';
import type { ApiTokenListSchema, ApiTokenSchema, CreateApiTokenSchema, CreatedApiTokenSchema } from '../../../contracts/api-token';
import type { ResetLinkSchema } from '../../../contracts/auth';
import type { Json } from '../../../contracts/common';
import type { StoreInputSchema, StoreListSchema, StoreSchema } from '../../../contracts/store';
import type { TeamInputSchema, TeamListSchema, TeamSchema } from '../../../contracts/team';
import type { UserInputSchema, UserListSchema, UserSchema, UserUpdateSchema } from '../../../contracts/user';
import { request } from './client';

/** The admin's People screen: users, stores, teams and API tokens. */

export type User = Json<Static<typeof UserSchema>>;
export type UserInput = Static<typeof UserInputSchema>;
export type UserUpdate = Static<typeof UserUpdateSchema>;
/** A one-time link that lets a person set their password: shown to the admin once. */
export type ResetLink = Json<Static<typeof ResetLinkSchema>>;

export type Store = Json<Static<typeof StoreSchema>>;
export type StoreInput = Static<typeof StoreInputSchema>;
export type Team = Json<Static<typeof TeamSchema>>;
export type TeamInput = Static<typeof TeamInputSchema>;

export type ApiToken = Json<Static<typeof ApiTokenSchema>>;
export type ApiTokenInput = Static<typeof CreateApiTokenSchema>;
/** A new token with its secret, which the server never shows again. */
export type CreatedApiToken = Json<Static<typeof CreatedApiTokenSchema>>;

const enc = encodeURIComponent;

export const peopleApi = {
  listUsers: () => request<Json<Static<typeof UserListSchema>>>('GET', '/api/users'),
  createUser: (input: UserInput) => request<User>('POST', '/api/users', input),
  updateUser: (id: string, update: UserUpdate) => request<User>('PATCH', `/api/users/${enc(id)}`, update),
  createResetLink: (id: string) => request<ResetLink>('POST', `/api/users/${enc(id)}/reset-link`),
  listStores: () => request<Json<Static<typeof StoreListSchema>>>('GET', '/api/stores'),
  createStore: (input: StoreInput) => request<Store>('POST', '/api/stores', input),
  listTeams: () => request<Json<Static<typeof TeamListSchema>>>('GET', '/api/teams'),
  createTeam: (input: TeamInput) => request<Team>('POST', '/api/teams', input),
  listTokens: () => request<Json<Static<typeof ApiTokenListSchema>>>('GET', '/api/tokens'),
  createToken: (input: ApiTokenInput) => request<CreatedApiToken>('POST', '/api/tokens', input),
  revokeToken: (id: string) => request<void>('DELETE', `/api/tokens/${enc(id)}`),
};
