import { defaultPayloadConverter } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';

type History = temporal.api.history.v1.IHistory;

const millis = (time: { seconds?: unknown; nanos?: number | null } | null | undefined) =>
  Number(time?.seconds ?? 0) * 1000 + (time?.nanos ?? 0) / 1e6;

/**
 * Time each node's activities ran, summed over its batches, read from the run's history (the
 * scheduled event carries the node; started and completed carry the times). Retries count
 * from their last start. What a node costs, apart from the others it overlaps with.
 */
export function activityTimeByNode(histories: History[]): Map<string, number> {
  const nodeOf = new Map<string, string>();
  const startedAt = new Map<string, number>();
  const total = new Map<string, number>();
  for (const history of histories) {
    for (const event of history.events ?? []) {
      const id = String(event.eventId);
      const scheduled = event.activityTaskScheduledEventAttributes;
      if (scheduled?.activityType?.name === 'runNode') {
        const [input] = (scheduled.input?.payloads ?? []).map((payload) => defaultPayloadConverter.fromPayload<{ node: { id: string } }>(payload));
        if (input) nodeOf.set(id, input.node.id);
      }
      const started = event.activityTaskStartedEventAttributes;
      if (started) startedAt.set(String(started.scheduledEventId), millis(event.eventTime));
      const completed = event.activityTaskCompletedEventAttributes;
      if (completed) {
        const scheduledId = String(completed.scheduledEventId);
        const node = nodeOf.get(scheduledId);
        const begin = startedAt.get(scheduledId);
        if (node && begin !== undefined) total.set(node, (total.get(node) ?? 0) + millis(event.eventTime) - begin);
      }
    }
  }
  return total;
}
