import { request } from './client';

/** The CRM calls of the contacts and import screens: contacts, their consent and history, imports. */

export type AbcClass = 'A' | 'B' | 'C';

/**
 * A contact as `GET /api/contacts` and `GET /api/contacts/:id` return it, with its company's
 * name. The CRM fields after `attributes` are newer than the first contact API, so they are
 * optional: an older server simply leaves them out.
 */
export interface Contact {
  id: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  gender: 'female' | 'male' | 'other' | null;
  title: string | null;
  language: string;
  phone: string | null;
  addressLine: string | null;
  postalCode: string | null;
  city: string | null;
  country: string | null;
  attributes: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  companyId?: string | null;
  companyName?: string | null;
  customerCode?: string | null;
  position?: string | null;
  timeZone?: string | null;
  ownerId?: string | null;
  /** The owning user's name, sent with the id. */
  ownerName?: string | null;
  storeId?: string | null;
  storeName?: string | null;
  abcClass?: AbcClass | null;
  abcComputedAt?: string | null;
}

export interface ContactPage {
  items: Contact[];
  /** Pass as `after` for the next page; null on the last page. */
  nextCursor: string | null;
}

export type AttributeType = 'string' | 'number' | 'date' | 'boolean' | 'list';

export interface AttributeDefinition {
  key: string;
  label: string;
  type: AttributeType;
  /** For lists: the allowed values; null when any text is allowed. */
  options: string[] | null;
}

export interface Subscription {
  topicId: string;
  topicCode: string;
  topicName: string;
  status: 'pending' | 'subscribed' | 'unsubscribed';
  requestedAt: string;
  confirmedAt: string | null;
  unsubscribedAt: string | null;
  /** Set when this subscription was made while the person was a lead. */
  viaLeadId?: string | null;
}

export interface ConsentRecord {
  id: string;
  topicCode: string | null;
  channel: string;
  action: string;
  source: string;
  textShown: string | null;
  ipAddress: string | null;
  recordedBy: string | null;
  recordedAt: string;
  viaLeadId: string | null;
}

export interface ContactConsent {
  subscriptions: Subscription[];
  /** Every record, oldest first, including those made while the person was a lead. */
  records: ConsentRecord[];
}

/**
 * One thing that happened to a contact. `kind` is one of the history's own kinds
 * (campaign_joined, message, engagement, task_created, ...) or a logged event's kind (note,
 * call, ...); `data` is the kind's structured detail (for a message: channel, subject, ...).
 */
export interface HistoryItem {
  at: string;
  kind: string;
  title: string;
  detail?: string;
  ref?: { type: string; id: string };
  data?: Record<string, unknown>;
}

export interface HistoryPage {
  items: HistoryItem[];
  /** Pass as `before` to read older items; null when there are none. */
  nextCursor: string | null;
}

/** What the server imports from a CSV file as a job (the customer-code file is answered at once). */
export type JobImportKind = 'contacts' | 'companies' | 'sales';

/** One bad cell (or whole line) of an uploaded file; `line` counts the header as line 1. */
export interface ImportLineError {
  line: number;
  column: string | null;
  value: string | null;
  message: string;
}

export interface ImportJob {
  id: string;
  kind: string;
  fileName: string | null;
  status: 'running' | 'completed' | 'failed';
  totalRows: number | null;
  processedRows: number;
  progressPercent: number;
  insertedRows: number;
  updatedRows: number;
  errorCount: number;
  report: { message?: string; errors: ImportLineError[] };
  createdAt: string;
  finishedAt: string | null;
}

export interface CustomerCodeList {
  listId: string;
  /** The new list's name, as the server made it from the file name. */
  name: string;
  matched: number;
  unmatched: { line: number; code: string }[];
}

const enc = encodeURIComponent;

function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(name, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

export const crm = {
  listContacts: (params: { q?: string; limit: number; after?: string }) => request<ContactPage>('GET', `/api/contacts${query(params)}`),
  getContact: (id: string) => request<Contact>('GET', `/api/contacts/${enc(id)}`),
  getConsent: (id: string) => request<ContactConsent>('GET', `/api/contacts/${enc(id)}/consent`),
  getHistory: (id: string, params: { limit: number; before?: string }) =>
    request<HistoryPage>('GET', `/api/contacts/${enc(id)}/history${query({ ...params, order: 'desc' })}`),
  listAttributeDefinitions: () => request<{ items: AttributeDefinition[] }>('GET', '/api/attribute-definitions'),
  getImportJob: (jobId: string) => request<ImportJob>('GET', `/api/imports/${enc(jobId)}`),
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
