import type { Static } from '@sinclair/typebox';
import type { Json } from '../../../contracts/common';
import type { MessageEdit, ReviewMessagesPageSchema, ReviewMessageSchema, ReviewTaskSchema } from '../../../contracts/review';
import { queryString, request } from './client';

/** Reviews: the review tasks the signed-in person may work, their messages, edits, exclusions, approval. */

export type Review = Json<Static<typeof ReviewTaskSchema>>;
export type ReviewMessage = Json<Static<typeof ReviewMessageSchema>>;
export type ReviewMessagesPage = Json<Static<typeof ReviewMessagesPageSchema>>;

const enc = encodeURIComponent;

export const reviewApi = {
  list: () => request<Review[]>('GET', '/api/reviews'),
  get: (id: string) => request<Review>('GET', `/api/reviews/${enc(id)}`),
  messages: (id: string, page: { after?: string; q?: string; limit?: number }) => request<ReviewMessagesPage>('GET', `/api/reviews/${enc(id)}/messages${queryString(page)}`),
  edit: (id: string, messageId: string, edit: MessageEdit) => request<ReviewMessage>('PATCH', `/api/reviews/${enc(id)}/messages/${enc(messageId)}`, edit),
  exclude: (id: string, messageIds: string[], reason: string) => request<{ excluded: string[] }>('POST', `/api/reviews/${enc(id)}/exclusions`, { messageIds, reason }),
  approve: (id: string) => request<Review>('POST', `/api/reviews/${enc(id)}/approve`),
};
