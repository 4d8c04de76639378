import type { FastifyPluginAsyncTypebox } from '../type-provider';
import { createContact, getContact, insertContacts, listContacts, updateContact } from '../../db/contacts';
import { decodeCursor, encodeCursor } from '../keyset-cursor';
import { notFound, problemResponses } from '../problem';
import { unwrap } from '../refusal-problem';
import { IdParamsSchema } from '../../contracts/common';
import {
  BulkContactsSchema,
  BulkResultSchema,
  ContactInputSchema,
  ContactListQuerySchema,
  ContactPageSchema,
  ContactPatchSchema,
  ContactSchema,
  ContactWithCompanySchema,
} from '../../contracts/contact';
import { needs } from '../permissions';
import { principalOf } from '../plugins/auth';

/** 10,000 contacts of JSON is a few MB: more than Fastify's 1 MB default, far less than this. */
const BULK_BODY_LIMIT = 32 * 1024 * 1024;

/**
 * Contacts: create one, create many at once (all or nothing), change one, page through, read one.
 * Every write checks declared attribute types, the time zone and the linked company, owner and
 * store, naming each bad field (db/contacts.ts). Every read and write is limited to the caller's
 * scope in its SQL: a contact of another store is 404, as if it did not exist.
 */
export const contactRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '',
    {
      config: needs('contacts:create'),
      schema: {
        tags: ['contacts'],
        summary: 'Create a contact',
        body: ContactInputSchema,
        response: { 201: ContactSchema, ...problemResponses(409, 422) },
      },
    },
    async (request, reply) => reply.code(201).send(unwrap(await createContact(app.db, request.body, principalOf(request).scope))),
  );

  app.post(
    '/bulk',
    {
      config: needs('contacts:create'),
      bodyLimit: BULK_BODY_LIMIT,
      schema: {
        tags: ['contacts'],
        summary: 'Create up to 10,000 contacts in one transaction: all are written, or none',
        body: BulkContactsSchema,
        response: { 201: BulkResultSchema, ...problemResponses(409, 413, 422) },
      },
    },
    async (request, reply) => {
      const { inserted } = unwrap(await insertContacts(app.db, request.body.contacts, principalOf(request).scope));
      return reply.code(201).send({ created: inserted });
    },
  );

  app.get(
    '',
    {
      config: needs('contacts:read'),
      schema: {
        tags: ['contacts'],
        summary: 'Page through contacts, oldest first, each with its company name and ABC class',
        querystring: ContactListQuerySchema,
        response: { 200: ContactPageSchema, ...problemResponses(400) },
      },
    },
    async (request) => {
      const { limit, after, q } = request.query;
      const page = await listContacts(app.db, { limit, after: after === undefined ? undefined : decodeCursor(after), search: q }, principalOf(request).scope);
      return { items: page.items, nextCursor: page.next ? encodeCursor(page.next) : null };
    },
  );

  app.get(
    '/:id',
    {
      config: needs('contacts:read'),
      schema: {
        tags: ['contacts'],
        summary: "Read a contact, with its company's name",
        params: IdParamsSchema,
        response: { 200: ContactWithCompanySchema, ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      const contact = await getContact(app.db, request.params.id, principalOf(request).scope);
      if (!contact) throw notFound('Contact', request.params.id);
      return contact;
    },
  );

  app.patch(
    '/:id',
    {
      config: needs('contacts:edit'),
      schema: {
        tags: ['contacts'],
        summary: 'Change some fields of a contact (null empties a field; an attribute set to null is removed)',
        params: IdParamsSchema,
        body: ContactPatchSchema,
        response: { 200: ContactSchema, ...problemResponses(400, 404, 409, 422) },
      },
    },
    async (request) => unwrap(await updateContact(app.db, request.params.id, request.body, principalOf(request).scope)),
  );
};
