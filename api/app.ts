import type { TypeBoxTypeProvider } from './type-provider';
import type { Client } from '@temporalio/client';
import Fastify, { type FastifyInstance } from 'fastify';
import type { BulkMode } from '../db/imports-contacts';
import type { Db } from '../db/pool';
import { dbPlugin } from './plugins/db';
import { builtDesignerDir, designerPlugin } from './plugins/designer';
import { errorsPlugin } from './plugins/errors';
import { storableInputPlugin } from './plugins/storable-input';
import { openApiPlugin } from './plugins/openapi';
import { securityHeadersPlugin } from './plugins/security-headers';
import { temporalPlugin } from './plugins/temporal';
import { authPlugin } from './plugins/auth';
import { authRoutes } from './routes/auth';
import { apiTokenRoutes } from './routes/api-tokens';
import { auditRoutes } from './routes/audit';
import { campaignRoutes } from './routes/campaigns';
import { contactRoutes } from './routes/contacts';
import { exportRoutes } from './routes/exports';
import { importRoutes } from './routes/imports';
import { flowRoutes } from './routes/flows';
import { healthRoutes } from './routes/health';
import { outboxRoutes, type OutboxSource } from './routes/outbox';
import { runRoutes } from './routes/runs';
import { reviewRoutes } from './routes/reviews';
import { taskRoutes } from './routes/tasks';
import { abcRoutes } from './routes/abc';
import { segmentRoutes } from './routes/segments';
import { contactListRoutes } from './routes/contact-lists';
import { storeRoutes } from './routes/stores';
import { teamRoutes } from './routes/teams';
import { userRoutes } from './routes/users';
import { companyRoutes } from './routes/companies';
import { contactEventRoutes } from './routes/contact-events';
import { templateRoutes } from './routes/templates';
import { salutationRoutes } from './routes/salutations';
import { leadRoutes } from './routes/leads';
import { attributeDefinitionRoutes } from './routes/attribute-definitions';
import { contactHistoryRoutes } from './routes/contact-history';
import { productRoutes } from './routes/products';
import { priceListRoutes } from './routes/price-lists';
import { discountListRoutes } from './routes/discount-lists';
import { salesOrderRoutes } from './routes/sales-orders';
import { opportunityRoutes } from './routes/opportunities';
import { topicRoutes } from './routes/topics';
import { consentRoutes } from './routes/consent';
import { suppressionRoutes } from './routes/suppressions';
import { budgetRoutes } from './routes/budgets';
import { reportRoutes } from './routes/reports';
import { analysisRoutes } from './routes/analysis';
import { trackingRoutes } from './routes/tracking';
import { unsubscribeRoutes } from './routes/unsubscribe';
import { trackingSecret } from '../db/tracking-secret';
import { DEFAULT_TRACKING_RATE_LIMIT } from './public-links';
import { EMAIL_PATTERN } from '../contracts/email';
import { validatorsByPart } from './validator-compilers';

/** What the API needs from the process that hosts it; it owns none of it (closing the app closes none). */
export interface ApiDeps {
  db: Db;
  /** A connected client. */
  temporal: Client;
  /** Task queue the campaign workers poll. */
  taskQueue: string;
  /** The dev outbox, present only in embedded mode. */
  outbox?: OutboxSource;
  /** The built designer (designer/dist), served at `/` when it holds an index.html. */
  designerDir?: string;
  logger?: boolean;
  /** How imports load rows: `COPY` (real Postgres, the default) or batched INSERTs (PGlite, where COPY breaks the socket). */
  bulkMode?: BulkMode;
  /** The URL people reach the product at (PUBLIC_URL): links in reset mails, the accepted Origin, Secure cookies on https. */
  publicUrl?: string;
  /**
   * Sends a template's test mail (POST /api/templates/:id/test-send): the same SMTP the worker
   * mails through. Structural, so the API needs nothing of channels/; absent, test sends are 503.
   */
  mailer?: TestMailer;
  /** The From of test mails (MAIL_FROM). */
  mailFrom?: string;
  /**
   * Where the links of preview and test mails point when PUBLIC_URL is unset (the embedded
   * default: this app's own address); PUBLIC_URL wins.
   */
  linkBaseUrl?: string;
  /** UNSUBSCRIBE_MAILTO: the mailto: of List-Unsubscribe in test mails, as the worker's. */
  unsubscribeMailto?: string;
  /** The key of the signed tracking and unsubscribe links (TRACKING_SECRET); unset = the installation's own (db/tracking-secret.ts). */
  trackingSecret?: string;
  /** Requests per minute per client address on the public tracking and unsubscribe links (TRACKING_RATE_LIMIT). */
  trackingRateLimit?: number;
}

/** What the API needs of a mailer: one send (channels/mailer.ts Mailer fits). */
export interface TestMailer {
  send(mail: { messageId: string; from: string; to: string; subject: string; text: string; html?: string; headers?: Record<string, string> }): Promise<unknown>;
}

/** The largest JSON request body accepted (413 problem+json beyond it), unless a route says otherwise. */
export const JSON_BODY_LIMIT = 1024 * 1024;

/**
 * Build the HTTP API as a Fastify instance, ready for `inject` (tests) or `listen` (see
 * server.ts). Shared services are decorators (`app.db`, `app.temporal`), routes are one plugin
 * per resource, every error is problem+json, and the OpenAPI document is at /docs/json.
 */
export async function buildApp(deps: ApiDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger ?? false,
    // A JSON body is a form's worth of data; the bulk routes set their own larger limit, and the
    // file uploads stream under @fastify/multipart's limits (routes/imports.ts).
    bodyLimit: JSON_BODY_LIMIT,
    ajv: {
      customOptions: {
        // Report every bad field at once (a bulk import names every bad row), and refuse unknown
        // fields instead of silently dropping them: `first_name` is a typo, not something to ignore.
        allErrors: true,
        removeAdditional: false,
      },
      // `format: 'email'` is our one e-mail rule, the same the CSV imports check (contracts/email.ts).
      onCreate: (ajv) => ajv.addFormat('email', EMAIL_PATTERN),
    },
    // Bodies keep their JSON types (no "42" stored for 42); the URL's text is still coerced.
    schemaController: { compilersFactory: { buildValidator: validatorsByPart() } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  // Bodies are JSON (or multipart for uploads): plain text is answered 415, not read as a string.
  app.removeContentTypeParser('text/plain');

  const designerDir = builtDesignerDir(deps.designerDir);
  await app.register(securityHeadersPlugin);
  await app.register(errorsPlugin, { spaFallback: designerDir !== undefined });
  await app.register(storableInputPlugin);
  await app.register(dbPlugin, { db: deps.db });
  // Before every route (the docs' and the designer's too): each must declare its access.
  await app.register(authPlugin, { publicUrl: deps.publicUrl });
  await app.register(temporalPlugin, { client: deps.temporal, taskQueue: deps.taskQueue });
  await app.register(openApiPlugin);

  await app.register(healthRoutes);
  await app.register(contactRoutes, { prefix: '/api/contacts' });
  await app.register(storeRoutes, { prefix: '/api/stores' });
  await app.register(teamRoutes, { prefix: '/api/teams' });
  await app.register(authRoutes, { prefix: '/api/auth', publicUrl: deps.publicUrl });
  await app.register(userRoutes, { prefix: '/api/users', publicUrl: deps.publicUrl });
  await app.register(apiTokenRoutes, { prefix: '/api/tokens' });
  await app.register(auditRoutes, { prefix: '/api/audit' });
  await app.register(companyRoutes, { prefix: '/api/companies' });
  await app.register(contactEventRoutes, { prefix: '/api/contacts' });
  await app.register(contactHistoryRoutes, { prefix: '/api/contacts' });
  await app.register(consentRoutes, { prefix: '/api' });
  await app.register(attributeDefinitionRoutes, { prefix: '/api/attribute-definitions' });
  await app.register(leadRoutes, { prefix: '/api/leads' });
  await app.register(productRoutes, { prefix: '/api/products' });
  await app.register(priceListRoutes, { prefix: '/api/price-lists' });
  await app.register(discountListRoutes, { prefix: '/api/discount-lists' });
  await app.register(salesOrderRoutes, { prefix: '/api/sales-orders' });
  await app.register(opportunityRoutes, { prefix: '/api/opportunities' });
  await app.register(topicRoutes, { prefix: '/api/topics' });
  await app.register(suppressionRoutes, { prefix: '/api/suppressions' });
  await app.register(importRoutes, { prefix: '/api/imports', bulkMode: deps.bulkMode ?? 'copy' });
  await app.register(exportRoutes, { prefix: '/api' });
  await app.register(templateRoutes, {
    prefix: '/api/templates',
    mailer: deps.mailer,
    mailFrom: deps.mailFrom,
    publicUrl: deps.publicUrl ?? deps.linkBaseUrl,
    trackingSecret: deps.trackingSecret,
    unsubscribeMailto: deps.unsubscribeMailto,
  });
  await app.register(salutationRoutes, { prefix: '/api/salutations' });
  await app.register(flowRoutes, { prefix: '/api/flows' });
  await app.register(campaignRoutes, { prefix: '/api/campaigns' });
  await app.register(runRoutes, { prefix: '/api/runs' });
  await app.register(reviewRoutes, { prefix: '/api/reviews' });
  await app.register(taskRoutes, { prefix: '/api/tasks' });
  await app.register(segmentRoutes, { prefix: '/api/segments' });
  await app.register(contactListRoutes, { prefix: '/api/contact-lists' });
  await app.register(abcRoutes, { prefix: '/api/abc' });
  await app.register(budgetRoutes, { prefix: '/api' });
  await app.register(reportRoutes, { prefix: '/api' });
  await app.register(analysisRoutes, { prefix: '/api' });
  // The links in mails: public, sessionless, rate-limited, signed with the key the worker signs with.
  const links = { secret: await trackingSecret(deps.db, deps.trackingSecret), rateLimit: deps.trackingRateLimit ?? DEFAULT_TRACKING_RATE_LIMIT };
  await app.register(trackingRoutes, links);
  await app.register(unsubscribeRoutes, links);
  await app.register(outboxRoutes, { outbox: deps.outbox, designerServed: designerDir !== undefined });
  if (designerDir) await app.register(designerPlugin, { dir: designerDir });
  return app;
}
