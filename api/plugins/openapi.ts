import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';
import { DOCS_CONTENT_SECURITY_POLICY } from './security-headers';
import { SESSION_COOKIE } from '../session-cookie';

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
        components: {
          securitySchemes: {
            session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'Set by POST /api/auth/sign-in; writes must come from the same origin' },
            bearer: { type: 'http', scheme: 'bearer', description: 'An API token made by an admin (People → API tokens), sent as Authorization: Bearer cst_…' },
          },
        },
        tags: [
          { name: 'auth', description: 'Sign-in, sessions, passwords' },
          { name: 'users', description: 'Staff and their roles (admin)' },
          { name: 'tokens', description: 'API tokens for integrations (admin)' },
          { name: 'audit', description: 'Who changed what (admin)' },
          { name: 'health', description: 'Liveness of the API and what it depends on' },
          { name: 'contacts', description: 'People campaigns reach' },
          { name: 'templates', description: 'Handlebars messages rendered per contact' },
          { name: 'flows', description: 'Versioned campaign flow graphs, saved only when valid' },
          { name: 'campaigns', description: 'Campaigns and their runs' },
          { name: 'runs', description: 'Progress and control of a running campaign' },
          { name: 'outbox', description: 'Mail caught by the embedded dev outbox' },
          { name: 'tracking', description: 'Signed click and open links in mails (public, rate-limited, no session)' },
          { name: 'budgets', description: "Campaign plans, unit costs, costs booked and the ledger (budget owners)" },
          { name: 'reports', description: "The report catalogue and a campaign's post-analysis (budget owners)" },
          { name: 'unsubscribe', description: 'One-click unsubscribe (RFC 8058) and the preference page (public, no session)' },
        ],
      },
      // Each operation says what it needs: no security for public routes, else a session or a
      // token, and the permission (x-permission) the caller's role must hold.
      transform: ({ schema, url, route }) => {
        const access = route.config?.access;
        if (!access || schema?.hide) return { schema, url };
        const needsLine = access === 'public' ? 'Public: no sign-in.' : access === 'signed-in' ? 'Needs: any signed-in caller.' : `Needs permission: \`${access}\`.`;
        const description = [schema?.description, needsLine].filter(Boolean).join('\n\n');
        const security: Record<string, string[]>[] = access === 'public' ? [] : [{ session: [] }, { bearer: [] }];
        return { schema: { ...schema, description, security, 'x-permission': access }, url };
      },
    });
    // Swagger UI's pages replace the app's CSP with their own (they need inline styles).
    await app.register(fastifySwaggerUi, { routePrefix: DOCS_PREFIX, staticCSP: DOCS_CONTENT_SECURITY_POLICY });
  },
  { name: 'openapi', fastify: '5.x' },
);
