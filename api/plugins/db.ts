import fp from 'fastify-plugin';
import type { Db } from '../../db/pool';

declare module 'fastify' {
  interface FastifyInstance {
    /** The Postgres pool, owned by whoever built the app: `app.close()` does not end it. */
    db: Db;
  }
}

export interface DbPluginOptions {
  db: Db;
}

/** Shares the pool with every route as `app.db`. */
export const dbPlugin = fp<DbPluginOptions>(
  (app, options, done) => {
    app.decorate('db', options.db);
    done();
  },
  { name: 'db', fastify: '5.x' },
);
