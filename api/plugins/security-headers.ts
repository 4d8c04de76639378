import helmet from '@fastify/helmet';
import type { FastifyReply } from 'fastify';
import fp from 'fastify-plugin';

/**
 * The Content-Security-Policy of everything the app serves (the designer, the API's JSON): only
 * this origin's own scripts, styles, images and calls, no inline script, no plugin, no framing.
 * The built designer (Vite) is one module script and one stylesheet; React and React Flow set
 * styles through the CSSOM, which CSP does not govern, so no `'unsafe-inline'` is needed.
 * The one `data:` image is the favicon (index.html).
 * Mails are the exception the designer must show as sent: the template preview and the outbox
 * draw a mail's HTML in a sandboxed `srcdoc` frame (no script ever runs there: `sandbox=""`),
 * and such a frame inherits this policy. E-mail HTML is styled inline (CSS inlined by juice)
 * and shows remote https images, so inline style attributes and `<style>` elements and https
 * images are allowed; scripts stay this origin's own files only. helmet's `upgrade-insecure-requests`
 * is left out: the stack is served over plain http (`npm start`, docker-compose on :3000), where
 * it would send every asset request to an https port nobody listens on.
 */
export const CONTENT_SECURITY_POLICY: Record<string, string[]> = {
  'default-src': ["'self'"],
  'base-uri': ["'self'"],
  'connect-src': ["'self'"],
  'font-src': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'img-src': ["'self'", 'data:', 'https:'],
  'object-src': ["'none'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'"],
  'style-src-attr': ["'unsafe-inline'"],
  'style-src-elem': ["'self'", "'unsafe-inline'"],
};

/**
 * Swagger UI's CSP: the same, except that it injects a `<style>` element, which needs
 * `'unsafe-inline'` in style-src. Scripts stay this origin's own files.
 */
export const DOCS_CONTENT_SECURITY_POLICY: Record<string, string[]> = {
  ...CONTENT_SECURITY_POLICY,
  'style-src': ["'self'", "'unsafe-inline'"],
  'style-src-elem': ["'self'", "'unsafe-inline'"],
};

/**
 * Security headers on every response, through helmet: the CSP above, `X-Frame-Options: DENY`
 * (frame-ancestors for old browsers), `X-Content-Type-Options: nosniff`,
 * `Referrer-Policy: same-origin` (links out of the app carry no campaign or contact ids, while the app's own writes keep the Origin header the CSRF check reads; `no-referrer` would make browsers send `Origin: null`), HSTS
 * (browsers heed it over https only) and helmet's cross-origin isolation defaults. The docs at
 * /docs send their own CSP (DOCS_CONTENT_SECURITY_POLICY, through openapi.ts).
 */
export const securityHeadersPlugin = fp(
  async (app) => {
    await app.register(helmet, {
      contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
      frameguard: { action: 'deny' },
      referrerPolicy: { policy: 'same-origin' },
    });
  },
  { name: 'security-headers', fastify: '5.x' },
);

/**
 * For the one response other sites must embed: the open pixel, which webmail (mail.google.com,
 * outlook.live.com) loads as an image from its own origin. helmet's
 * `Cross-Origin-Resource-Policy: same-origin` would have browsers that enforce it drop the image.
 * Everything else stays same-origin.
 */
export function allowCrossOriginEmbedding(reply: FastifyReply): void {
  reply.header('cross-origin-resource-policy', 'cross-origin');
}
