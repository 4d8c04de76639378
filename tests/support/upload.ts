import type { FastifyInstance } from 'fastify';

/**
 * POST a file as multipart/form-data, the way the import screen does: optional text fields
 * first (e.g. `mapping`), then the `file` part.
 */
export function uploadFile(app: FastifyInstance, url: string, content: string, fields: Record<string, string> = {}, fileName = 'upload.csv') {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', new Blob([content], { type: 'text/csv' }), fileName);
  return app.inject({ method: 'POST', url, payload: form });
}
