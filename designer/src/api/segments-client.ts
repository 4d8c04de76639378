import type { AudienceConfig } from '../../../flow/nodes/audience-config';
import type { SegmentRule } from '../../../flow/segment-rule';
import { ApiError, request, toApiError } from './client';

/** The segment builder's and the audience inspector's calls: segments, preview counts, topics, contact lists. */

export interface Segment {
  id: string;
  name: string;
  description: string | null;
  /** As saved; the builder opens it through `fromSegmentRule`. */
  rule: SegmentRule;
  createdAt: string;
  updatedAt: string;
}

export interface SegmentInput {
  name: string;
  description?: string;
  rule: SegmentRule;
}

export interface PreviewContact {
  id: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  abcClass: string | null;
}

export interface AudiencePreview {
  count: number;
  /** The first 20 contacts, oldest first. */
  sample: PreviewContact[];
}

/** Exactly one source: an inline rule tree, a saved segment, a contact list or the audience node's flat `{ match, rules }`. */
export type PreviewSource = { rule: SegmentRule } | { segmentId: string } | { listId: string } | AudienceConfig;

export interface Topic {
  id: string;
  code: string;
  name: string;
  description: string | null;
  doubleOptIn: boolean;
  subscriberCount: number;
}

export interface ContactList {
  id: string;
  name: string;
  memberCount: number;
  createdAt: string;
}

/** A request field a 422 blamed (`rule.rules.1.field`, `name`). */
export interface FieldError {
  field: string;
  message: string;
}

/** A refused call that names the request fields at fault, so the form can show each next to its input. */
export class FieldApiError extends ApiError {
  constructor(
    base: ApiError,
    readonly fieldErrors: FieldError[],
  ) {
    super(base.status, base.title, base.detail, base.problems);
    this.name = 'FieldApiError';
  }
}

function isFieldError(value: unknown): value is FieldError {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate.field === 'string' && typeof candidate.message === 'string';
}

/**
 * `request` of client.ts plus what these screens need: an AbortSignal (the live count cancels the
 * stale request) and the field errors of a problem+json, which `ApiError` keeps only for flows.
 */
async function send<T>(method: string, path: string, body: unknown, signal?: AbortSignal): Promise<T> {
  const response = await fetch(path, {
    method,
    headers: { accept: 'application/json', 'content-type': 'application/json' },
    body: JSON.stringify(body),
    ...(signal ? { signal } : {}),
  });
  if (!response.ok) {
    const payload = (await response.clone().json().catch(() => ({}))) as { errors?: unknown };
    const fieldErrors = Array.isArray(payload.errors) ? payload.errors.filter(isFieldError) : [];
    throw new FieldApiError(await toApiError(response), fieldErrors);
  }
  return (await response.json()) as T;
}

const enc = encodeURIComponent;

export const segmentsApi = {
  listSegments: () => request<Segment[]>('GET', '/api/segments'),
  getSegment: (id: string) => request<Segment>('GET', `/api/segments/${enc(id)}`),
  createSegment: (input: SegmentInput) => send<Segment>('POST', '/api/segments', input),
  updateSegment: (id: string, input: SegmentInput) => send<Segment>('PUT', `/api/segments/${enc(id)}`, input),
  deleteSegment: (id: string) => request<void>('DELETE', `/api/segments/${enc(id)}`),
  preview: (source: PreviewSource, signal?: AbortSignal) => send<AudiencePreview>('POST', '/api/segments/preview', source, signal),
  listTopics: () => request<{ items: Topic[] }>('GET', '/api/topics'),
  listContactLists: () => request<{ items: ContactList[] }>('GET', '/api/contact-lists'),
};

/** Where the browser downloads a saved segment's contacts as CSV. */
export const segmentExportUrl = (id: string) => `/api/segments/${enc(id)}/export.csv`;
