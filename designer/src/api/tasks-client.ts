import type { Static } from '@sinclair/typebox';
import type { Json } from '../../../contracts/common';
import type { ContactEventInputSchema, ContactEventListSchema, ContactEventSchema } from '../../../contracts/contact-event';
import type { CompleteTaskSchema, RescheduleTaskSchema, TaskDetailSchema, TaskQueuePageSchema, TaskQueueQuerySchema, TaskSchema } from '../../../contracts/task';
import type { ProblemItemSchema } from '../../../contracts/problem';
import type { TaskSummaryQuerySchema, TaskSummarySchema } from '../../../contracts/task-summary';
import { ApiError, apiFetch, queryString, request, toApiError } from './client';

/** The agent's calls (GET/POST /api/tasks…) and the owner's view of them (GET /api/tasks/summary). */

export type Task = Json<Static<typeof TaskSchema>>;
export type TaskQueuePage = Json<Static<typeof TaskQueuePageSchema>>;
export type TaskTotals = TaskQueuePage['totals'];
export type TaskQueueQuery = Partial<Static<typeof TaskQueueQuerySchema>>;
export type TaskDetail = Json<Static<typeof TaskDetailSchema>>;
export type Completion = Static<typeof CompleteTaskSchema>;
export type Reschedule = Static<typeof RescheduleTaskSchema>;
export type ContactEvent = Json<Static<typeof ContactEventSchema>>;
export type ContactEventInput = Static<typeof ContactEventInputSchema>;
export type TaskSummary = Json<Static<typeof TaskSummarySchema>>;
export type TaskSummaryQuery = Static<typeof TaskSummaryQuerySchema>;

/** A field the API refused (`answers.size`, `outcome`, `at`), with why. */
export type FieldProblem = Required<Pick<Static<typeof ProblemItemSchema>, 'field' | 'message'>>;

/**
 * A refused change with its problems by field: the API's 422 names each answer it refused
 * (`answers.<key>`), and the console shows each message under its question.
 */
export class TaskRefusedError extends ApiError {
  constructor(
    base: ApiError,
    readonly fields: FieldProblem[],
  ) {
    super(base.status, base.title, base.detail, base.problems, base.code);
    this.name = 'TaskRefusedError';
  }
}

function fieldProblems(payload: unknown): FieldProblem[] {
  const errors = (payload as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors)) return [];
  return errors.flatMap((item: unknown) => {
    const { field, message } = (item ?? {}) as { field?: unknown; message?: unknown };
    return typeof field === 'string' && typeof message === 'string' ? [{ field, message }] : [];
  });
}

/** POST a change to a call; a refusal is thrown with its problems by field. */
async function change<T>(path: string, body?: unknown): Promise<T> {
  const response = await apiFetch(path, {
    method: 'POST',
    headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.ok) return (await response.json()) as T;
  const payload: unknown = await response
    .clone()
    .json()
    .catch(() => null);
  throw new TaskRefusedError(await toApiError(response), fieldProblems(payload));
}

const enc = encodeURIComponent;

export const tasksApi = {
  queue: (query: TaskQueueQuery) => request<TaskQueuePage>('GET', `/api/tasks${queryString(query)}`),
  get: (id: string) => request<TaskDetail>('GET', `/api/tasks/${enc(id)}`),
  claim: (id: string) => change<Task>(`/api/tasks/${enc(id)}/claim`),
  complete: (id: string, completion: Completion) => change<Task>(`/api/tasks/${enc(id)}/complete`, completion),
  objectiveMet: (id: string, comment: string) => change<Task>(`/api/tasks/${enc(id)}/objective-met`, { comment }),
  reschedule: (id: string, when: Reschedule) => change<Task>(`/api/tasks/${enc(id)}/reschedule`, when),
  logEvent: (id: string, event: ContactEventInput) => change<ContactEvent>(`/api/tasks/${enc(id)}/events`, event),
  contactEvents: (contactId: string) => request<Json<Static<typeof ContactEventListSchema>>>('GET', `/api/contacts/${enc(contactId)}/events`),
  summary: (query: TaskSummaryQuery) => request<TaskSummary>('GET', `/api/tasks/summary${queryString(query)}`),
};
