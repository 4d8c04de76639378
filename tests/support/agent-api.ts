import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../api/app';
import type { Db } from '../../db/pool';
import type { CampaignEnv } from './campaign-env';
import { createSignedInUser, OWN_ORIGIN, sessionCookie } from './sign-in';


export interface AgentApi {
  app: FastifyInstance;
  userId: string;
  /** A request signed in as the agent by their session cookie, from the designer's own origin. */
  inject(options: Pick<InjectOptions, 'method' | 'url' | 'payload'>): Promise<LightMyRequestResponse>;
}

/** The API over a campaign env (its Temporal client and task queue) and a signed-in agent of `storeId`. */
export async function agentApi(env: Pick<CampaignEnv, 'database' | 'temporal' | 'taskQueue'>, storeId: string): Promise<AgentApi> {
  const db: Db = env.database.db;
  const app = await buildApp({ db, temporal: env.temporal.client, taskQueue: env.taskQueue });
  const agent = await createSignedInUser(db, 'agent', { storeId });
  const headers = { cookie: sessionCookie(agent), origin: OWN_ORIGIN };
  return { app, userId: agent.userId, inject: (options) => app.inject({ ...options, headers }) };
}
