import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import fp from 'fastify-plugin';

export interface DesignerPluginOptions {
  /** The designer's build output (designer/dist). */
  dir: string;
}

/** The directory to serve the designer from, or undefined when it has not been built. */
export function builtDesignerDir(dir: string | undefined): string | undefined {
  return dir && existsSync(join(dir, 'index.html')) ? dir : undefined;
}

/**
 * Serves the built designer at `/`. Vite fingerprints everything under assets/, so those may be
 * cached for good; index.html names the current fingerprints, so it must always be revalidated.
 */
export const designerPlugin = fp<DesignerPluginOptions>(
  async (app, options) => {
    await app.register(fastifyStatic, {
      root: options.dir,
      prefix: '/',
      setHeaders(reply, path) {
        reply.header('cache-control', /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  },
  { name: 'designer', fastify: '5.x' },
);
