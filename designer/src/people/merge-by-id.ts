/**
 * A list as loaded, with the rows this screen has since changed (same id: replaced in place) or
 * added (new id: appended, in the order they were added). Saves reloading after each action.
 */
export function mergeById<T extends { id: string }>(loaded: readonly T[], changed: ReadonlyMap<string, T>): T[] {
  const known = new Set(loaded.map((row) => row.id));
  return [...loaded.map((row) => changed.get(row.id) ?? row), ...[...changed.values()].filter((row) => !known.has(row.id))];
}

/** `changed` with `row` recorded, as a new map (for React state). */
export function withChange<T extends { id: string }>(changed: ReadonlyMap<string, T>, row: T): ReadonlyMap<string, T> {
  return new Map(changed).set(row.id, row);
}
