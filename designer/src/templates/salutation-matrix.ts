import type { ProblemItem } from '../../../contracts/problem';
import type { FORMALITIES, SALUTATION_GENDERS } from '../../../contracts/template';
import type { Salutation, SalutationInput } from '../api/templates-client';

/** One row of the matrix editor; `key` tells rows apart on screen (the saved id, or a new one's). */
export interface SalutationRow {
  key: string;
  language: string;
  formality: (typeof FORMALITIES)[number];
  gender: (typeof SALUTATION_GENDERS)[number];
  qualifier: string;
  wording: string;
}

/** The genders as the editor words them: `neutral` and `unnamed` are not obvious. */
export const GENDER_LABELS: Readonly<Record<SalutationRow['gender'], string>> = {
  female: 'Female',
  male: 'Male',
  neutral: 'Neutral (named, gender unknown)',
  unnamed: 'Unnamed (no name)',
};

export const rowsOf = (salutations: readonly Salutation[]): SalutationRow[] =>
  salutations.map(({ id, language, formality, gender, qualifier, wording }) => ({ key: id, language, formality, gender, qualifier, wording }));

/** The PUT body: the rows in their order, so the API's `items[3]` is row 3 of this list. */
export const itemsOf = (rows: readonly SalutationRow[]): SalutationInput[] =>
  rows.map(({ language, formality, gender, qualifier, wording }) => ({ language: language.trim(), formality, gender, qualifier: qualifier.trim(), wording }));

let made = 0;
/** A new row in `language`: formal, neutral, any title, no wording yet. */
export function newRow(language: string): SalutationRow {
  made += 1;
  return { key: `new-${made}`, language, formality: 'formal', gender: 'neutral', qualifier: '', wording: '' };
}

export interface LanguageGroup {
  language: string;
  /** The rows of the language with their place in the whole list (what `items[i]` names). */
  rows: { row: SalutationRow; index: number }[];
}

const ORDER_FORMALITY = { formal: 0, informal: 1 } as const;
const ORDER_GENDER = { female: 0, male: 1, neutral: 2, unnamed: 3 } as const;

/** The table's groups: by language, then formality, gender and qualifier (new rows of a group stay where they sort). */
export function groupByLanguage(rows: readonly SalutationRow[]): LanguageGroup[] {
  const groups = new Map<string, LanguageGroup>();
  rows.forEach((row, index) => {
    const group = groups.get(row.language) ?? { language: row.language, rows: [] };
    group.rows.push({ row, index });
    groups.set(row.language, group);
  });
  for (const group of groups.values()) {
    group.rows.sort(
      (a, b) =>
        ORDER_FORMALITY[a.row.formality] - ORDER_FORMALITY[b.row.formality] ||
        ORDER_GENDER[a.row.gender] - ORDER_GENDER[b.row.gender] ||
        (a.row.qualifier === '' ? -1 : 0) - (b.row.qualifier === '' ? -1 : 0) ||
        a.index - b.index,
    );
  }
  return [...groups.values()].sort((a, b) => a.language.localeCompare(b.language));
}

/** A refusal by row: `items[3].wording` → row 3, its wording; a problem naming no row has index null. */
export function rowOfProblem(problem: Pick<ProblemItem, 'field'>): { index: number; field: string } | null {
  const match = /^\/?items[[/.]?(\d+)]?[./]?(\w*)$/.exec(problem.field ?? '');
  return match ? { index: Number(match[1]), field: match[2] ?? '' } : null;
}

/** What the editor can tell before saving, by row index: an empty wording, a row twice, a missing last fallback. */
export function matrixProblems(rows: readonly SalutationRow[]): { byRow: Map<number, string[]>; general: string[] } {
  const byRow = new Map<number, string[]>();
  const add = (index: number, message: string) => byRow.set(index, [...(byRow.get(index) ?? []), message]);
  const seen = new Map<string, number>();
  rows.forEach((row, index) => {
    if (row.wording.trim() === '') add(index, 'Write the wording');
    if (!/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(row.language.trim())) add(index, 'A language tag such as de, hu or pt-BR');
    const key = [row.language.trim(), row.formality, row.gender, row.qualifier.trim().toLowerCase()].join('|');
    const first = seen.get(key);
    if (first !== undefined) add(index, `Same language, formality, gender and title as row ${first + 1}`);
    else seen.set(key, index);
  });
  const general: string[] = [];
  const pairs = new Set(rows.map((row) => `${row.language.trim()}|${row.formality}`));
  for (const pair of pairs) {
    const [language, formality] = pair.split('|');
    if (!rows.some((row) => `${row.language.trim()}|${row.formality}` === pair && row.gender === 'unnamed' && row.qualifier.trim() === '')) {
      general.push(`${language} ${formality}: keep an "Unnamed (no name)" row for any title: it is the last fallback`);
    }
  }
  return { byRow, general };
}
