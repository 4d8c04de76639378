import type { Static } from '@sinclair/typebox';
import type { Json } from '../../../contracts/common';
import type { ProblemItem } from '../../../contracts/problem';
import type { SalutationInputSchema, SalutationSchema, TemplateInputSchema, TemplatePreviewInput, TemplatePreviewSchema, TemplateTestSendInput, TemplateTestSendSchema } from '../../../contracts/template';
import { ApiError, apiFetch, request, toApiError, type Template } from './client';

/** The template studio's calls: templates, the live preview, test sends and the salutation matrix. */

export type { Template };
export type TemplateInput = Static<typeof TemplateInputSchema>;
/** What generate would make of a template for one contact: the variant used and why, subject, preheader, both parts and the headers. */
export type TemplatePreview = Json<Static<typeof TemplatePreviewSchema>>;
export type TestSendResult = Json<Static<typeof TemplateTestSendSchema>>;
export type Salutation = Json<Static<typeof SalutationSchema>>;
export type SalutationInput = Static<typeof SalutationInputSchema>;

/** A refused call with the request fields it blames (`variants[1].html`, `items[3].wording`), each with its line when the server knows it. */
export class ProblemsApiError extends ApiError {
  constructor(
    base: ApiError,
    readonly items: ProblemItem[],
  ) {
    super(base.status, base.title, base.detail, base.problems, base.code);
    this.name = 'ProblemsApiError';
  }
}

function isProblemItem(value: unknown): value is ProblemItem {
  return typeof value === 'object' && value !== null && typeof (value as Record<string, unknown>).message === 'string';
}

/** `request` of client.ts, keeping every problem item of a refusal (which `ApiError` keeps only for flows) and taking an AbortSignal. */
async function send<T>(method: string, path: string, body: unknown, signal?: AbortSignal): Promise<T> {
  const response = await apiFetch(path, {
    method,
    headers: { accept: 'application/json', 'content-type': 'application/json' },
    body: JSON.stringify(body),
    ...(signal ? { signal } : {}),
  });
  if (!response.ok) {
    const payload = (await response.clone().json().catch(() => ({}))) as { errors?: unknown };
    throw new ProblemsApiError(await toApiError(response), Array.isArray(payload.errors) ? payload.errors.filter(isProblemItem) : []);
  }
  return (await response.json()) as T;
}

const enc = encodeURIComponent;

export const templatesApi = {
  list: () => request<Template[]>('GET', '/api/templates'),
  get: (id: string) => request<Template>('GET', `/api/templates/${enc(id)}`),
  create: (input: TemplateInput) => send<Template>('POST', '/api/templates', input),
  update: (id: string, input: TemplateInput) => send<Template>('PUT', `/api/templates/${enc(id)}`, input),
  /** The template as written (saved or not) rendered for one contact, exactly as generate would. */
  preview: (body: TemplatePreviewInput, signal?: AbortSignal) => send<TemplatePreview>('POST', '/api/templates/preview', body, signal),
  /** The saved template sent to `to` with "[Test] " before its subject. */
  testSend: (id: string, body: TemplateTestSendInput) => send<TestSendResult>('POST', `/api/templates/${enc(id)}/test-send`, body),
  listSalutations: () => request<Salutation[]>('GET', '/api/salutations'),
  /** Replaces the whole matrix; a 422 names rows as `items[3].wording`. */
  saveSalutations: (items: SalutationInput[]) => send<Salutation[]>('PUT', '/api/salutations', { items }),
};
