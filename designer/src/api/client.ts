import type { Static } from '@sinclair/typebox';
import type {
  CampaignDetailSchema,
  CampaignPatchSchema,
  CampaignSchema,
  CreateCampaignSchema,
  RunControlAcceptedSchema,
  RunProgressSchema,
  RunSchema,
  StartedRunSchema,
  StartPreviewSchema,
} from '../../../contracts/campaign';
import type { Json } from '../../../contracts/common';
import type { FlowSchema, FlowSummarySchema, SavedFlowProblem } from '../../../contracts/flow';
import type { OutboxListSchema, OutboxMailSchema } from '../../../contracts/outbox';
import type { TemplateSchema } from '../../../contracts/template';
import type { FlowGraph } from '../../../flow/graph';

/** Every call the designer makes to the API, same origin, JSON in and out. Its types are the API's contracts as JSON. */

export type FlowSummary = Json<Static<typeof FlowSummarySchema>>;

/**
 * A flow as the API returns it; `graph` is untrusted until it has been through `restoreFlow`.
 * `problems`: what this version still lacks before it can run (a draft is saved with them).
 */
export type FlowRecord = Json<Static<typeof FlowSchema>>;

export type Template = Json<Static<typeof TemplateSchema>>;
export type Campaign = Json<Static<typeof CampaignSchema>>;
export type RunSummary = Json<Static<typeof RunSchema>>;
export type CampaignDetail = Json<Static<typeof CampaignDetailSchema>>;
export type CampaignInput = Static<typeof CreateCampaignSchema>;
export type CampaignPatch = Static<typeof CampaignPatchSchema>;
/** Whom a start would reach today, with and without e-mail, and why it may not start (its validity). */
export type StartPreview = Json<Static<typeof StartPreviewSchema>>;
export type RunProgress = Json<Static<typeof RunProgressSchema>>;
export type OutboxMail = Json<Static<typeof OutboxMailSchema>>;

/**
 * A failed call, carrying the problem+json body: `code` is its stable reason (INVALID_CREDENTIALS,
 * FORBIDDEN, ...); `problems` is set when a flow was refused.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | undefined,
    readonly problems: SavedFlowProblem[],
    readonly code?: string,
  ) {
    super(detail ? `${title}: ${detail}` : title);
    this.name = 'ApiError';
  }
}

/**
 * What a 401 means to a call: for almost every call, that the session has ended, so the person
 * is sent to sign in (`'sign-in'`); the sign-in screens' own calls, whose 401 is a wrong
 * password, read it themselves (`'answer'`).
 */
export type OnUnauthorized = 'sign-in' | 'answer';

/** What a 401 does; set once by auth/session.ts (forget the session, go to sign-in and back). */
let unauthorizedReaction: () => void = () => undefined;

export function whenUnauthorized(reaction: () => void): void {
  unauthorizedReaction = reaction;
}

/** The one reaction to a 401 from any call (fetch here, the upload's XMLHttpRequest). */
export function signInWhenUnauthorized(status: number): void {
  if (status === 401) unauthorizedReaction();
}

/** `fetch` for every API call, with the 401 reaction above. */
export async function apiFetch(path: string, init: RequestInit, onUnauthorized: OnUnauthorized = 'sign-in'): Promise<Response> {
  const response = await fetch(path, init);
  if (onUnauthorized === 'sign-in') signInWhenUnauthorized(response.status);
  return response;
}

export async function request<T>(method: string, path: string, body?: unknown, onUnauthorized: OnUnauthorized = 'sign-in'): Promise<T> {
  const response = await apiFetch(
    path,
    {
      method,
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    },
    onUnauthorized,
  );
  if (!response.ok) throw await toApiError(response);
  if (response.status === 204 || response.headers.get('content-length') === '0') return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export async function toApiError(response: Response): Promise<ApiError> {
  let payload: { title?: unknown; detail?: unknown; message?: unknown; errors?: unknown; code?: unknown } = {};
  try {
    payload = (await response.json()) as typeof payload;
  } catch {
    // Not JSON (a proxy error page, say): the status line is all we have.
  }
  const title = typeof payload.title === 'string' ? payload.title : response.statusText || `HTTP ${response.status}`;
  const detail = typeof payload.detail === 'string' ? payload.detail : typeof payload.message === 'string' ? payload.message : undefined;
  const problems = Array.isArray(payload.errors) ? payload.errors.filter(isProblem) : [];
  return new ApiError(response.status, title, detail, problems, typeof payload.code === 'string' ? payload.code : undefined);
}

function isProblem(value: unknown): value is SavedFlowProblem {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate.message === 'string' && typeof candidate.code === 'string';
}

const enc = encodeURIComponent;

/** `?a=1&b=x` of the parameters that have a value (empty strings left out), or '' when none has. */
export function queryString(params: Readonly<Record<string, string | number | undefined>>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(name, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

export const api = {
  listFlows: () => request<FlowSummary[]>('GET', '/api/flows'),
  getFlow: (id: string) => request<FlowRecord>('GET', `/api/flows/${enc(id)}`),
  createFlow: (name: string, graph: FlowGraph) => request<FlowRecord>('POST', '/api/flows', { name, graph }),
  updateFlow: (id: string, name: string, graph: FlowGraph) => request<FlowRecord>('PUT', `/api/flows/${enc(id)}`, { name, graph }),
  listTemplates: () => request<Template[]>('GET', '/api/templates'),
  listCampaigns: () => request<Campaign[]>('GET', '/api/campaigns'),
  getCampaign: (id: string) => request<CampaignDetail>('GET', `/api/campaigns/${enc(id)}`),
  createCampaign: (input: CampaignInput) => request<Campaign>('POST', '/api/campaigns', input),
  updateCampaign: (id: string, patch: CampaignPatch) => request<Campaign>('PATCH', `/api/campaigns/${enc(id)}`, patch),
  startPreview: (campaignId: string) => request<StartPreview>('GET', `/api/campaigns/${enc(campaignId)}/start-preview`),
  startRun: (campaignId: string) => request<Json<Static<typeof StartedRunSchema>>>('POST', `/api/campaigns/${enc(campaignId)}/runs`),
  getRun: (runId: string) => request<RunProgress>('GET', `/api/runs/${enc(runId)}`),
  controlRun: (runId: string, action: 'pause' | 'resume' | 'cancel') => request<Json<Static<typeof RunControlAcceptedSchema>>>('POST', `/api/runs/${enc(runId)}/${action}`),
  listOutbox: () => request<Json<Static<typeof OutboxListSchema>>>('GET', '/api/outbox'),
};

/** A message for any thrown value, for status lines. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
