import type { FlowGraph } from '../../../flow/graph';
import type { FlowProblem } from '../../../flow/problems';

/** Every call the designer makes to the API, same origin, JSON in and out. */

/** The API's limit on flow names. */
export const FLOW_NAME_MAX = 200;

export interface FlowSummary {
  id: string;
  name: string;
  version: number;
  updatedAt: string;
}

/**
 * A flow as the API returns it; `graph` is untrusted until it has been through `restoreFlow`.
 * `problems`: what this version still lacks before it can run (a draft is saved with them).
 */
export interface FlowRecord {
  id: string;
  name: string;
  version: number;
  graph: unknown;
  problems?: FlowProblem[];
}

export interface Template {
  id: string;
  name: string;
  channel: string;
  language: string;
  subject: string;
  body: string;
}

export interface Campaign {
  id: string;
  name: string;
  flowId: string;
  kind: string;
  createdAt: string;
}

export interface RunSummary {
  id: string;
  status: string;
  startedAt: string | null;
  endedAt: string | null;
}

export interface CampaignDetail extends Campaign {
  runs: RunSummary[];
  /** Contacts its runs have mailed, each counted once. */
  contactsMailed: number;
}

export interface NodeProgress {
  current: number;
  outcomes: Record<string, number>;
}

export interface Arrival {
  nodeId: string;
  cohortId: string;
  phase: string;
}

export interface RunProgress {
  run: RunSummary & Record<string, unknown>;
  members: number;
  finished: number;
  nodes: Record<string, NodeProgress>;
  workflow: { status: string; arrivals: Arrival[] } | null;
}

export interface OutboxMail {
  id: string;
  messageId: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
  receivedAt: string;
}

/** A failed call, carrying the problem+json body; `problems` is set when a flow was refused. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | undefined,
    readonly problems: FlowProblem[],
  ) {
    super(detail ? `${title}: ${detail}` : title);
    this.name = 'ApiError';
  }
}

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw await toApiError(response);
  if (response.status === 204 || response.headers.get('content-length') === '0') return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export async function toApiError(response: Response): Promise<ApiError> {
  let payload: { title?: unknown; detail?: unknown; message?: unknown; errors?: unknown } = {};
  try {
    payload = (await response.json()) as typeof payload;
  } catch {
    // Not JSON (a proxy error page, say): the status line is all we have.
  }
  const title = typeof payload.title === 'string' ? payload.title : response.statusText || `HTTP ${response.status}`;
  const detail = typeof payload.detail === 'string' ? payload.detail : typeof payload.message === 'string' ? payload.message : undefined;
  const problems = Array.isArray(payload.errors) ? payload.errors.filter(isProblem) : [];
  return new ApiError(response.status, title, detail, problems);
}

function isProblem(value: unknown): value is FlowProblem {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate.message === 'string' && typeof candidate.code === 'string';
}

const enc = encodeURIComponent;

export const api = {
  listFlows: () => request<FlowSummary[]>('GET', '/api/flows'),
  getFlow: (id: string) => request<FlowRecord>('GET', `/api/flows/${enc(id)}`),
  createFlow: (name: string, graph: FlowGraph) => request<FlowRecord>('POST', '/api/flows', { name, graph }),
  updateFlow: (id: string, name: string, graph: FlowGraph) => request<FlowRecord>('PUT', `/api/flows/${enc(id)}`, { name, graph }),
  listTemplates: () => request<Template[]>('GET', '/api/templates'),
  listCampaigns: () => request<Campaign[]>('GET', '/api/campaigns'),
  getCampaign: (id: string) => request<CampaignDetail>('GET', `/api/campaigns/${enc(id)}`),
  createCampaign: (name: string, flowId: string) => request<Campaign>('POST', '/api/campaigns', { name, flowId }),
  startRun: (campaignId: string) => request<{ runId: string; workflowId: string }>('POST', `/api/campaigns/${enc(campaignId)}/runs`),
  getRun: (runId: string) => request<RunProgress>('GET', `/api/runs/${enc(runId)}`),
  controlRun: (runId: string, action: 'pause' | 'resume' | 'cancel') => request<unknown>('POST', `/api/runs/${enc(runId)}/${action}`),
  listOutbox: () => request<{ items: OutboxMail[] }>('GET', '/api/outbox'),
};

/** A message for any thrown value, for status lines. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
