import type { Static } from '@sinclair/typebox';
import type { Json } from '../../../contracts/common';
import type { ContactListListSchema, ContactListSchema } from '../../../contracts/contact-list';
import type { ProblemItem } from '../../../contracts/problem';
import type { PreviewRequestSchema, PreviewSchema, SegmentInputSchema, SegmentSchema } from '../../../contracts/segment';
import type { TopicListSchema, TopicSchema } from '../../../contracts/topic';
import type { AudienceConfig } from '../../../flow/nodes/audience-config';
import type { SegmentRule } from '../../../flow/segment-rule';
import { ApiError, apiFetch, request, toApiError } from './client';

/** The segment builder's and the audience inspector's calls: segments, preview counts, topics, contact lists. */

/** A saved segment; its `rule` is opened in the builder through `fromSegmentRule`. */
export type Segment = Json<Static<typeof SegmentSchema>>;
export type SegmentInput = Static<typeof SegmentInputSchema>;

/** The count of an audience and its first 20 contacts, oldest first. */
export type AudiencePreview = Json<Static<typeof PreviewSchema>>;
export type PreviewContact = AudiencePreview['sample'][number];

/**
 * Exactly one source: an inline rule tree, a saved segment, a contact list or the audience node's
 * flat `{ match, rules }`. Narrower than the request schema, whose fields are free JSON checked by
 * the server so that it can name the path of each problem.
 */
export type PreviewSource = { rule: SegmentRule } | { segmentId: string } | { listId: string } | AudienceConfig;
type PreviewRequest = Static<typeof PreviewRequestSchema>;

export type Topic = Json<Static<typeof TopicSchema>>;
export type ContactList = Json<Static<typeof ContactListSchema>>;

/** A request field a 422 blamed (`rule.rules.1.field`, `name`). */
export type FieldError = Required<Pick<ProblemItem, 'field' | 'message'>>;

/** A refused call that names the request fields at fault, so the form can show each next to its input. */
export class FieldApiError extends ApiError {
  constructor(
    base: ApiError,
    readonly fieldErrors: FieldError[],
  ) {
    super(base.status, base.title, base.detail, base.problems, base.code);
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
  const response = await apiFetch(path, {
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
  preview: (source: PreviewSource, signal?: AbortSignal) => send<AudiencePreview>('POST', '/api/segments/preview', source satisfies PreviewRequest, signal),
  listTopics: () => request<Json<Static<typeof TopicListSchema>>>('GET', '/api/topics'),
  listContactLists: () => request<Json<Static<typeof ContactListListSchema>>>('GET', '/api/contact-lists'),
};

/** Where the browser downloads a saved segment's contacts as CSV. */
export const segmentExportUrl = (id: string) => `/api/segments/${enc(id)}/export.csv`;
