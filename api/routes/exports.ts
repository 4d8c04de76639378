import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '../type-provider';
import { contactListExists, exportAttributeKeys, exportContacts, type ExportScope } from '../../db/contact-export';
import type { Db } from '../../db/pool';
import { csvOutput } from '../csv-output';
import { CONTACT_IMPORT_FIELDS } from '../imports/contact-csv';
import { notFound } from '../problem';
import { IdParamsSchema } from '../../contracts/common';
import { needs } from '../permissions';

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.join('|');
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/**
 * Contacts as CSV, streamed: the header is the import's field names plus one
 * `attributes.<key>` column per attribute key, so an exported file imports back unchanged — but
 * for a text cell a spreadsheet would run as a formula, which gets a leading `'` (csv-output.ts).
 */
async function contactsCsv(db: Db, scope: ExportScope): Promise<Readable> {
  const keys = await exportAttributeKeys(db, scope);
  const header = [...CONTACT_IMPORT_FIELDS, ...keys.map((key) => `attributes.${key}`)];
  async function* records() {
    yield header;
    for await (const contact of exportContacts(db, scope)) {
      yield [...CONTACT_IMPORT_FIELDS.map((field) => cell(contact[field])), ...keys.map((key) => cell(contact.attributes[key]))];
    }
  }
  return Readable.from(records()).pipe(csvOutput());
}

/** CSV exports of contacts: all of them, or one contact list's members. */
export const exportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/contacts/export.csv',
    { config: needs('contacts:export'), schema: { tags: ['contacts'], summary: 'Export every contact as CSV (streamed)', produces: ['text/csv'] } },
    async (_request, reply) => {
      const csv = await contactsCsv(app.db, {});
      return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="contacts.csv"').send(csv);
    },
  );

  app.get(
    '/contact-lists/:id/export.csv',
    {
      config: needs('contacts:export'),
      schema: { tags: ['contacts'], summary: "Export a contact list's members as CSV (streamed)", params: IdParamsSchema, produces: ['text/csv'] },
    },
    async (request, reply) => {
      if (!(await contactListExists(app.db, request.params.id))) throw notFound('Contact list', request.params.id);
      const csv = await contactsCsv(app.db, { listId: request.params.id });
      return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="contact-list.csv"').send(csv);
    },
  );
};
