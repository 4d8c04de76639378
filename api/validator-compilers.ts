import { AjvCompiler, type BuildCompilerFromPool } from '@fastify/ajv-compiler';

type RouteValidator = ReturnType<BuildCompilerFromPool>;

/**
 * Fastify's Ajv validators, one per kind of request part (for `schemaController.compilersFactory`).
 * A JSON body already carries types, so it keeps them: a number sent for a text field is refused
 * ("must be string"), not stored as "42". The URL (params, query string) and headers are text by
 * nature, so their numbers and booleans are still read from it (Fastify's `coerceTypes`).
 */
export function validatorsByPart(): BuildCompilerFromPool {
  const fromPool = AjvCompiler();
  return (externalSchemas, options) => {
    const customOptions = options?.customOptions ?? {};
    const forUrl = fromPool(externalSchemas, { ...options, customOptions } as typeof options);
    const forBody = fromPool(externalSchemas, { ...options, customOptions: { ...customOptions, coerceTypes: false } } as typeof options);
    // Fastify hands each compiler the route part it validates (its types say only the schema).
    const byPart = (route: { httpPart?: string }) => (route.httpPart === 'body' ? forBody : forUrl)(route as never);
    return byPart as unknown as RouteValidator;
  };
}
