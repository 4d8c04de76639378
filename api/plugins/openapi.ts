import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';
import { DOCS_CONTENT_SECURITY_POLICY } from './security-headers';

/** Where the interactive docs live; the document itself is at `${DOCS_PREFIX}/json`. */
export const DOCS_PREFIX = '/docs';

/**
 * The OpenAPI document, generated from the routes' TypeBox schemas (so it cannot drift from
 * what the server validates), and Swagger UI to try it. Must be registered before the routes:
 * @fastify/swagger collects them as they are added.
 */
export const openApiPlugin = fp(
  async (app) => {
    await app.register(fastifySwagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Campaign Studio API',
          version: '0.1.0',
          description: 'Contacts, templates, flows and campaigns. Errors are RFC 9457 problem+json.',
        },
        tags: [
          { name: 'health', description: 'Liveness of the API and what it depends on' },
          { name: 'contacts', description: 'People campaigns reach' },
          { name: 'templates', description: 'Handlebars messages rendered per contact' },
          { name: 'flows', description: 'Versioned campaign flow graphs, saved only when valid' },
          { name: 'campaigns', description: 'Campaigns and their runs' },
          { name: 'runs', description: 'Progress and control of a running campaign' },
          { name: 'outbox', description: 'Mail caught by the embedded dev outbox' },
        ],
      },
    });
    // Swagger UI's pages replace the app's CSP with their own (they need inline styles).
    await app.register(fastifySwaggerUi, { routePrefix: DOCS_PREFIX, staticCSP: DOCS_CONTENT_SECURITY_POLICY });
  },
  { name: 'openapi', fastify: '5.x' },
);
