import type { Static } from '@sinclair/typebox';
import type { AttributeDefinitionListSchema, AttributeDefinitionSchema } from '../../../contracts/attribute-definition';
import type { Json } from '../../../contracts/common';
import type { ConsentRecordSchema, ConsentViewSchema, SubscriptionSchema } from '../../../contracts/consent';
import type { ContactPageSchema, ContactWithCompanySchema } from '../../../contracts/contact';
import type { HistoryItemSchema, HistoryPageSchema } from '../../../contracts/contact-history';
import type { CustomerCodeListSchema, ImportJobSchema, ImportLineErrorSchema } from '../../../contracts/import';
import type { ProductPageSchema } from '../../../contracts/product';
import { queryString, request } from './client';

/** The CRM calls of the contacts and import screens: contacts, their consent and history, imports. */

/** A contact as `GET /api/contacts` and `GET /api/contacts/:id` return it, with the names of its company, owner and store. */
export type Contact = Json<Static<typeof ContactWithCompanySchema>>;
export type AbcClass = NonNullable<Contact['abcClass']>;
export type ContactPage = Json<Static<typeof ContactPageSchema>>;

export type AttributeDefinition = Json<Static<typeof AttributeDefinitionSchema>>;

export type Subscription = Json<Static<typeof SubscriptionSchema>>;
export type ConsentRecord = Json<Static<typeof ConsentRecordSchema>>;
export type ContactConsent = Json<Static<typeof ConsentViewSchema>>;

/**
 * One thing that happened to a contact. `kind` is one of the history's own kinds
 * (campaign_joined, message, engagement, task_created, ...) or a logged event's kind (note,
 * call, ...); `data` is the kind's structured detail (for a message: channel, subject, ...).
 */
export type HistoryItem = Json<Static<typeof HistoryItemSchema>>;
export type HistoryPage = Json<Static<typeof HistoryPageSchema>>;

/** What the server imports from a CSV file as a job (the customer-code file is answered at once). */
export type JobImportKind = 'contacts' | 'companies' | 'sales';

/** One bad cell (or whole line) of an uploaded file; `line` counts the header as line 1. */
export type ImportLineError = Json<Static<typeof ImportLineErrorSchema>>;
export type ImportJob = Json<Static<typeof ImportJobSchema>>;
export type CustomerCodeList = Json<Static<typeof CustomerCodeListSchema>>;

export type ProductPage = Json<Static<typeof ProductPageSchema>>;
export type Product = ProductPage['items'][number];

const enc = encodeURIComponent;

export const crm = {
  listContacts: (params: { q?: string; limit: number; after?: string }) => request<ContactPage>('GET', `/api/contacts${queryString(params)}`),
  getContact: (id: string) => request<Contact>('GET', `/api/contacts/${enc(id)}`),
  getConsent: (id: string) => request<ContactConsent>('GET', `/api/contacts/${enc(id)}/consent`),
  getHistory: (id: string, params: { limit: number; before?: string }) =>
    request<HistoryPage>('GET', `/api/contacts/${enc(id)}/history${queryString({ ...params, order: 'desc' })}`),
  listAttributeDefinitions: () => request<Json<Static<typeof AttributeDefinitionListSchema>>>('GET', '/api/attribute-definitions'),
  getImportJob: (jobId: string) => request<ImportJob>('GET', `/api/imports/${enc(jobId)}`),
  /** Products by code (the convert node's picker): `active` leaves out withdrawn ones. */
  listProducts: (params: { q?: string; active?: boolean; limit: number }) =>
    request<ProductPage>('GET', `/api/products${queryString({ ...params, active: params.active === undefined ? undefined : String(params.active) })}`),
};

/**
 * Where files are uploaded (multipart; see imports/post-file.ts, which sends them with upload
 * progress). A CSV kind answers 202 `{ jobId }` once the server has read and checked the whole
 * file; the customer-code file answers 201 with a `CustomerCodeList`.
 */
export const IMPORT_UPLOAD_URLS = {
  csv: (kind: JobImportKind) => `/api/imports/${kind}`,
  customerCodes: '/api/imports/customer-codes',
} as const;

/** The contacts export, every contact as CSV (the import's column names). */
export const CONTACTS_EXPORT_URL = '/api/contacts/export.csv';

/** A refused import's whole report of bad lines as CSV, written by the server (formula cells neutralised). */
export const importReportUrl = (jobId: string) => `/api/imports/${enc(jobId)}/report.csv`;

/** One contact list's members as CSV. */
export const contactListExportUrl = (listId: string) => `/api/contact-lists/${enc(listId)}/export.csv`;
