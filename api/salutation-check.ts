import type { ProblemItem } from '../contracts/problem';
import type { SalutationInput } from '../contracts/template';
import { normaliseQualifier } from '../templating/salutation';
import { handlebarsProblems, SALUTATION_VOCABULARY } from './template-check';

/**
 * Problems of a whole salutation matrix as the editor sends it, each pinned to its row: a
 * wording naming anything but firstName, lastName, title and position (or on two lines: it may
 * open a subject), a cell given twice, and a language and formality without its `unnamed` row —
 * the wording for a contact with no name, which is the last fallback of every lookup.
 */
export function salutationProblems(items: readonly SalutationInput[]): ProblemItem[] {
  const problems: ProblemItem[] = [];
  const cells = new Map<string, number>();
  const groups = new Map<string, { first: number; unnamed: boolean }>();
  items.forEach((item, index) => {
    // The renderer's notion of one cell: "Dott." and "dott" would shadow each other.
    const cell = [item.language.toLowerCase(), item.formality, item.gender, normaliseQualifier(item.qualifier)].join('/');
    const earlier = cells.get(cell);
    if (earlier === undefined) cells.set(cell, index);
    else problems.push({ field: `items[${index}].qualifier`, message: `the same language, formality, gender and qualifier as items[${earlier}]` });
    if (/[\r\n]/.test(item.wording)) problems.push({ field: `items[${index}].wording`, message: 'a salutation must be one line' });
    problems.push(...handlebarsProblems(`items[${index}].wording`, item.wording, SALUTATION_VOCABULARY));
    const groupKey = `${item.language.toLowerCase()} ${item.formality}`;
    const group = groups.get(groupKey) ?? { first: index, unnamed: false };
    if (item.gender === 'unnamed' && normaliseQualifier(item.qualifier) === '') group.unnamed = true;
    groups.set(groupKey, group);
  });
  for (const [groupKey, group] of groups) {
    if (!group.unnamed) {
      problems.push({ field: `items[${group.first}]`, message: `${groupKey} has no "unnamed" row with an empty qualifier: the wording for a contact without a name, which every lookup falls back to` });
    }
  }
  return problems;
}
