import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '../type-provider';
import { auditExport, contactListExists, countExport, exportAttributeKeys, exportContacts, type ExportRecord, type ExportSelection } from '../../db/contact-export';
import type { Db } from '../../db/pool';
import { describeScope } from '../../db/scope';
import { csvOutput } from '../csv-output';
import { CONTACT_IMPORT_FIELDS } from '../imports/contact-csv';
import { notFound } from '../problem';
import { IdParamsSchema } from '../../contracts/common';
import { needs } from '../permissions';
import { principalOf } from '../plugins/auth';
import { actorOf, type Principal } from '../principal';

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.join('|');
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/**
 * Contacts as CSV, streamed: the header is the import's field names plus one
 * `attributes.<key>` column per attribute key, so an exported file imports back unchanged — but
 * for a text cell a spreadsheet would run as a formula, which gets a leading `'` (csv-output.ts).
 * Only the contacts in the reader's scope are written (the scope is in the export's SQL), and the
 * export is audited, with its row count, before the first row leaves.
 */
async function contactsCsv(db: Db, principal: Principal, selection: ExportSelection, subject: Pick<ExportRecord, 'entity' | 'entityId'>): Promise<Readable> {
  const { scope } = principal;
  const rows = await countExport(db, selection, scope);
  await auditExport(db, actorOf(principal), { ...subject, filters: { ...selection, scope: describeScope(scope) }, rows });
  const keys = await exportAttributeKeys(db, selection, scope);
  const header = [...CONTACT_IMPORT_FIELDS, ...keys.map((key) => `attributes.${key}`)];
  async function* records() {
    yield header;
    for await (const contact of exportContacts(db, selection, scope)) {
      yield [...CONTACT_IMPORT_FIELDS.map((field) => cell(contact[field])), ...keys.map((key) => cell(contact.attributes[key]))];
    }
  }
  return Readable.from(records()).pipe(csvOutput());
}

/** CSV exports of contacts: all of them the reader may see, or one contact list's members among those. */
export const exportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/contacts/export.csv',
    { config: needs('contacts:export'), schema: { tags: ['contacts'], summary: 'Export every contact you may see as CSV (streamed, audited)', produces: ['text/csv'] } },
    async (request, reply) => {
      const csv = await contactsCsv(app.db, principalOf(request), {}, { entity: 'contacts' });
      return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="contacts.csv"').send(csv);
    },
  );

  app.get(
    '/contact-lists/:id/export.csv',
    {
      config: needs('contacts:export'),
      schema: { tags: ['contacts'], summary: "Export a contact list's members you may see as CSV (streamed, audited)", params: IdParamsSchema, produces: ['text/csv'] },
    },
    async (request, reply) => {
      const listId = request.params.id;
      if (!(await contactListExists(app.db, listId))) throw notFound('Contact list', listId);
      const csv = await contactsCsv(app.db, principalOf(request), { listId }, { entity: 'contact_list', entityId: listId });
      return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="contact-list.csv"').send(csv);
    },
  );
};
