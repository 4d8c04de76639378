/** Edits of the ordered lists the inspector builds (outcomes, questions, variants, operations): each returns a new list. */

export function replaceAt<T>(list: readonly T[], index: number, item: T): T[] {
  return list.map((current, i) => (i === index ? item : current));
}

export function removeAt<T>(list: readonly T[], index: number): T[] {
  return list.filter((_, i) => i !== index);
}

/** The item at `index` moved by `delta` places (-1 = up); unchanged when that leaves the list. */
export function moveItem<T>(list: readonly T[], index: number, delta: number): T[] {
  const target = index + delta;
  if (index < 0 || index >= list.length || target < 0 || target >= list.length) return [...list];
  const next = [...list];
  const [item] = next.splice(index, 1);
  next.splice(target, 0, item as T);
  return next;
}

/** `base_1`, `base_2`, ... : the first not in `taken`. */
export function freeName(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  let n = 1;
  while (used.has(`${base}_${n}`)) n++;
  return `${base}_${n}`;
}

/** "Not interested!" → "not_interested": a key written from a label (lower case, digits, _). */
export function keyFromLabel(label: string, maxLength = 40): string {
  const words = label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  const key = /^[a-z]/.test(words) ? words : words === '' ? '' : `q_${words}`;
  return key.slice(0, maxLength).replace(/_+$/, '');
}

/** A value read loosely as a list (a config being edited may not match its schema yet). */
export function asList<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}
