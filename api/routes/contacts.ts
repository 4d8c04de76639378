import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createContact, getContact, insertContacts, listContacts, type ContactKey } from '../../db/contacts';
import { conflict, notFound, problem, problemResponses, ProblemError, unprocessable, type ProblemItem } from '../problem';
import { IdParamsSchema } from '../schemas/common';
import {
  BulkContactsSchema,
  BulkResultSchema,
  ContactInputSchema,
  ContactListQuerySchema,
  ContactPageSchema,
  ContactSchema,
  type ContactInputBody,
} from '../schemas/contact';

/** 10,000 contacts of JSON is a few MB: more than Fastify's 1 MB default, far less than this. */
const BULK_BODY_LIMIT = 32 * 1024 * 1024;

/** Contacts: create one, create many at once (all or nothing), page through, read one. */
export const contactRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '',
    {
      schema: {
        tags: ['contacts'],
        summary: 'Create a contact',
        body: ContactInputSchema,
        response: { 201: ContactSchema, ...problemResponses(409, 422) },
      },
    },
    async (request, reply) => {
      const result = await createContact(app.db, request.body);
      if ('duplicateEmail' in result) {
        throw conflict('DUPLICATE_EMAIL', `A contact with e-mail ${request.body.email} already exists`, [
          { field: 'email', message: 'is already used by another contact' },
        ]);
      }
      return reply.code(201).send(result.contact);
    },
  );

  app.post(
    '/bulk',
    {
      bodyLimit: BULK_BODY_LIMIT,
      schema: {
        tags: ['contacts'],
        summary: 'Create up to 10,000 contacts in one transaction: all are written, or none',
        body: BulkContactsSchema,
        response: { 201: BulkResultSchema, ...problemResponses(409, 413, 422) },
      },
    },
    async (request, reply) => {
      const { contacts } = request.body;
      const repeated = repeatedEmails(contacts);
      if (repeated.length > 0) {
        throw unprocessable('VALIDATION_FAILED', `${repeated.length} contacts repeat an e-mail address of an earlier row; nothing was written`, repeated);
      }
      const result = await insertContacts(app.db, contacts);
      if ('existing' in result) {
        const errors = result.existing.map((index) => ({ field: `contacts[${index}].email`, message: 'is already used by another contact' }));
        const detail = errors.length === 1 ? 'One e-mail address is already on file' : `${errors.length || 'Some'} e-mail addresses are already on file`;
        throw conflict('DUPLICATE_EMAIL', `${detail}; nothing was written`, errors);
      }
      return reply.code(201).send({ created: result.inserted });
    },
  );

  app.get(
    '',
    {
      schema: {
        tags: ['contacts'],
        summary: 'Page through contacts, oldest first',
        querystring: ContactListQuerySchema,
        response: { 200: ContactPageSchema, ...problemResponses(400) },
      },
    },
    async (request) => {
      const { limit, after, q } = request.query;
      const page = await listContacts(app.db, { limit, after: after === undefined ? undefined : decodeCursor(after), search: q });
      return { items: page.items, nextCursor: page.next ? encodeCursor(page.next) : null };
    },
  );

  app.get(
    '/:id',
    {
      schema: {
        tags: ['contacts'],
        summary: 'Read a contact',
        params: IdParamsSchema,
        response: { 200: ContactSchema, ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      const contact = await getContact(app.db, request.params.id);
      if (!contact) throw notFound('Contact', request.params.id);
      return contact;
    },
  );
};

/** Rows whose e-mail (case-insensitively) already appeared earlier in the same request. */
function repeatedEmails(contacts: ContactInputBody[]): ProblemItem[] {
  const firstRow = new Map<string, number>();
  const problems: ProblemItem[] = [];
  contacts.forEach((contact, index) => {
    const email = contact.email.toLowerCase();
    const first = firstRow.get(email);
    if (first === undefined) firstRow.set(email, index);
    else problems.push({ field: `contacts[${index}].email`, message: `repeats the e-mail of contacts[${first}]` });
  });
  return problems;
}

/** Cursors are opaque to clients: base64url of the last key, so the key's form may change. */
function encodeCursor(key: ContactKey): string {
  return Buffer.from(`${key.createdAt}|${key.id}`).toString('base64url');
}

const CURSOR_PATTERN = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)\|([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

function decodeCursor(cursor: string): ContactKey {
  const match = CURSOR_PATTERN.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) {
    throw new ProblemError(problem(400, 'VALIDATION_FAILED', 'The query string is not valid (after: not a cursor)', [{ field: 'after', message: 'is not a cursor returned by this API' }]));
  }
  return { createdAt: match[1]!, id: match[2]! };
}
