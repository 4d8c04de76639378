import { ATTRIBUTE_FIELD_PREFIX, TEMPLATE_FIELDS, TEMPLATE_HELPERS } from '../../../flow/template-fields';

/** One thing the editor may offer after `{{`: a field of the render context or a helper. */
export interface Suggestion {
  kind: 'field' | 'attribute' | 'helper';
  /** What is written into the template (a path or a helper name). */
  name: string;
  /** What it is, shown beside the name. */
  detail: string;
  /** Block helpers (`{{#if}}`) are offered after `{{#` only. */
  block: boolean;
}

/** Handlebars' own block helpers among TEMPLATE_HELPERS: written `{{#if …}}…{{/if}}`. */
const BLOCK_HELPERS: ReadonlySet<string> = new Set(['if', 'unless', 'with', 'each']);

/** Everything a template may name: THE list of flow/template-fields.ts plus the workspace's contact attributes. */
export function suggestionCatalog(attributes: readonly { key: string; label?: string }[]): Suggestion[] {
  return [
    ...TEMPLATE_FIELDS.map((field): Suggestion => ({ kind: 'field', name: field.path, detail: field.description, block: false })),
    ...attributes.map((attribute): Suggestion => ({ kind: 'attribute', name: `${ATTRIBUTE_FIELD_PREFIX}${attribute.key}`, detail: attribute.label ?? 'Contact attribute', block: false })),
    ...TEMPLATE_HELPERS.map((helper): Suggestion => ({ kind: 'helper', name: helper.name, detail: `${helper.description} — ${helper.usage}`, block: BLOCK_HELPERS.has(helper.name) })),
  ];
}

/**
 * The word being typed inside an open `{{ … ` before the caret, or null when the caret is not in
 * a tag. `position` says what may come there: `block` right after `{{#`, `first` as the tag's
 * first word (a field or a helper), `argument` after a helper's name (fields only).
 */
export interface OpenTag {
  start: number;
  query: string;
  position: 'block' | 'first' | 'argument';
}

export function openTag(text: string, caret: number): OpenTag | null {
  const before = text.slice(0, caret);
  const open = before.lastIndexOf('{{');
  if (open < 0) return null;
  const inside = before.slice(open + 2);
  // A closed tag, or a string argument being typed: nothing to offer.
  if (inside.includes('}') || (inside.split('"').length - 1) % 2 === 1) return null;
  const query = /[\w.@-]*$/.exec(inside)?.[0] ?? '';
  const lead = inside.slice(0, inside.length - query.length).replace(/^[~{]/, '');
  const position = lead === '#' ? 'block' : lead.trim() === '' ? 'first' : /^[#/]?[\w.-]+\s/.test(lead.trimStart()) ? 'argument' : null;
  if (position === null || lead.startsWith('/') || lead.startsWith('!')) return null;
  return { start: caret - query.length, query, position };
}

/** At most this many suggestions are listed: the rest come by typing more. */
export const MAX_SUGGESTIONS = 12;

/** The suggestions for an open tag, names starting with the query first, then names containing it. */
export function suggestionsFor(catalog: readonly Suggestion[], tag: OpenTag): Suggestion[] {
  const query = tag.query.toLowerCase();
  const fits = catalog.filter((item) => {
    if (tag.position === 'block') return item.block;
    if (tag.position === 'argument') return item.kind !== 'helper';
    return !item.block;
  });
  const starts = fits.filter((item) => item.name.toLowerCase().startsWith(query));
  const contains = fits.filter((item) => !item.name.toLowerCase().startsWith(query) && (item.name.toLowerCase().includes(query) || item.detail.toLowerCase().includes(query)));
  return [...starts, ...contains].slice(0, MAX_SUGGESTIONS);
}

/**
 * The text with the typed word replaced by the chosen suggestion, and where the caret goes: a
 * field as a tag's first word is closed with `}}` (unless it is already), a helper gets a space
 * for its arguments.
 */
export function applySuggestion(text: string, caret: number, tag: OpenTag, choice: Suggestion): { text: string; caret: number } {
  const after = text.slice(caret).replace(/^[\w.@-]*/, '');
  const closed = after.startsWith('}}');
  let insert = choice.name;
  if (choice.kind === 'helper') insert += ' ';
  else if (tag.position === 'first' && !closed) insert += '}}';
  const head = text.slice(0, tag.start) + insert;
  return { text: head + after, caret: head.length };
}
