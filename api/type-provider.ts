import type { Static, TSchema } from '@sinclair/typebox';
import type { FastifyPluginAsync, FastifyPluginOptions, FastifyTypeProvider, RawServerBase, RawServerDefault } from 'fastify';

/**
 * Request and reply types inferred from the routes' TypeBox schemas. The schemas are the wire
 * contracts (contracts/), written with `@sinclair/typebox` like flow/ so that the designer derives
 * its types from the same definitions; `@fastify/type-provider-typebox` infers only from TypeBox
 * 1.x schemas, so this is its two type declarations over the TypeBox we use.
 */
export interface TypeBoxTypeProvider extends FastifyTypeProvider {
  validator: this['schema'] extends TSchema ? Static<this['schema']> : unknown;
  serializer: this['schema'] extends TSchema ? Static<this['schema']> : unknown;
}

/** A route plugin whose handlers are typed by their schemas. */
export type FastifyPluginAsyncTypebox<Options extends FastifyPluginOptions = Record<never, never>, Server extends RawServerBase = RawServerDefault> = FastifyPluginAsync<
  Options,
  Server,
  TypeBoxTypeProvider
>;
