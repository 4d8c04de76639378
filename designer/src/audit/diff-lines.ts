/** Longest a value is shown in the audit table before it is cut with "…". */
export const DIFF_VALUE_MAX = 60;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value in a line: strings as they are, the rest as JSON, cut to `max` characters. */
export function formatDiffValue(value: unknown, max = DIFF_VALUE_MAX): string {
  const text = typeof value === 'string' ? value : value === undefined ? '—' : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * An audit entry's diff as short lines for a table cell. The API writes changes as
 * `{ field: [before, after] }` (db/audit.ts `changedFields`): a line `field: old → new` each;
 * a `{ before, after }` object gives the same per field (`field: new` when added, `field: old →
 * (removed)`); any other object one `field: value` line per key (what was done); anything else
 * one line. Null gives none.
 */
export function diffLines(diff: unknown): string[] {
  if (diff === null || diff === undefined) return [];
  if (isRecord(diff) && ('before' in diff || 'after' in diff) && Object.keys(diff).every((key) => key === 'before' || key === 'after')) {
    const before = isRecord(diff.before) ? diff.before : {};
    const after = isRecord(diff.after) ? diff.after : {};
    const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return fields.map((field) => {
      if (!(field in before)) return `${field}: ${formatDiffValue(after[field])}`;
      if (!(field in after)) return `${field}: ${formatDiffValue(before[field])} → (removed)`;
      return `${field}: ${formatDiffValue(before[field])} → ${formatDiffValue(after[field])}`;
    });
  }
  if (isRecord(diff)) {
    return Object.entries(diff).map(([key, value]) =>
      Array.isArray(value) && value.length === 2 ? `${key}: ${formatDiffValue(value[0])} → ${formatDiffValue(value[1])}` : `${key}: ${formatDiffValue(value)}`,
    );
  }
  return [formatDiffValue(diff)];
}
