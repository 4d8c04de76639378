import type { ProblemItem } from '../../../contracts/problem';
import type { FORMALITIES, TemplateInputBody } from '../../../contracts/template';
import type { Template } from '../api/client';

/** One language tab of the editor, every field as its input holds it ('' = empty). */
export interface VariantDraft {
  language: string;
  subject: string;
  preheader: string;
  html: string;
  text: string;
}

/** The template editor's state; `language` is the default language, whose tab cannot be removed. */
export interface TemplateDraft {
  name: string;
  language: string;
  formality: (typeof FORMALITIES)[number];
  variants: VariantDraft[];
}

/** The fields of a variant, in tab order, with the words the editor shows for them. */
export const VARIANT_FIELDS = ['subject', 'preheader', 'html', 'text'] as const;
export type VariantField = (typeof VARIANT_FIELDS)[number];
export const VARIANT_FIELD_LABELS: Readonly<Record<VariantField, string>> = {
  subject: 'Subject',
  preheader: 'Preheader',
  html: 'HTML body',
  text: 'Text body',
};

const LANGUAGE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

export const emptyVariant = (language: string): VariantDraft => ({ language, subject: '', preheader: '', html: '', text: '' });

/** A new template: English, formal, one empty variant. */
export const NEW_TEMPLATE: TemplateDraft = { name: '', language: 'en', formality: 'formal', variants: [emptyVariant('en')] };

export function draftOf(template: Template): TemplateDraft {
  return {
    name: template.name,
    language: template.language,
    formality: template.formality,
    variants: template.variants.map((variant) => ({
      language: variant.language,
      subject: variant.subject,
      preheader: variant.preheader ?? '',
      html: variant.html ?? '',
      text: variant.text ?? '',
    })),
  };
}

const orNull = (value: string) => (value.trim() === '' ? null : value);

/** The body of a save or a preview: empty parts as null (an empty text part is derived from the HTML). */
export function inputOf(draft: TemplateDraft): TemplateInputBody {
  return {
    name: draft.name.trim(),
    channel: 'email',
    language: draft.language,
    formality: draft.formality,
    variants: draft.variants.map((variant) => ({
      language: variant.language,
      subject: variant.subject,
      preheader: orNull(variant.preheader),
      html: orNull(variant.html),
      text: orNull(variant.text),
    })),
  };
}

/** Why `language` cannot be added as a new tab, or null when it can. */
export function languageProblem(draft: TemplateDraft, language: string): string | null {
  if (!LANGUAGE.test(language)) return 'A language tag such as de, hu or pt-BR';
  if (draft.variants.some((variant) => variant.language === language)) return `There is a ${language} tab already`;
  return null;
}

/** The draft with a new, empty tab for `language` at the end. */
export function addVariant(draft: TemplateDraft, language: string): TemplateDraft {
  return { ...draft, variants: [...draft.variants, emptyVariant(language)] };
}

/** The draft without the tab at `index`; the default language's tab stays (it is the last fallback). */
export function removeVariant(draft: TemplateDraft, index: number): TemplateDraft {
  if (draft.variants[index]?.language === draft.language) return draft;
  return { ...draft, variants: draft.variants.filter((_, at) => at !== index) };
}

export function updateVariant(draft: TemplateDraft, index: number, field: VariantField, value: string): TemplateDraft {
  return { ...draft, variants: draft.variants.map((variant, at) => (at === index ? { ...variant, [field]: value } : variant)) };
}

/** What the editor can tell before saving; the server checks fields, helpers and syntax. */
export function draftProblems(draft: TemplateDraft): string[] {
  const problems: string[] = [];
  if (draft.name.trim() === '') problems.push('Give the template a name');
  if (!draft.variants.some((variant) => variant.language === draft.language)) problems.push(`The default language (${draft.language}) needs a tab`);
  for (const variant of draft.variants) {
    if (variant.subject.trim() === '') problems.push(`${variant.language}: write a subject`);
    if (variant.html.trim() === '' && variant.text.trim() === '') problems.push(`${variant.language}: write an HTML or a text body`);
  }
  return problems;
}

/** Where a refusal points: a variant's field (its tab), a template field, or nowhere in particular. */
export type ProblemPlace = { variant: number; field: VariantField } | { field: 'name' | 'language' | 'formality' | 'variants' } | null;

/** `variants[1].html` → tab 2's HTML; `name` → the name; anything else → the top of the form. */
export function problemPlace(field: string | undefined): ProblemPlace {
  if (!field) return null;
  const variant = /^\/?variants[[/.]?(\d+)]?[./]?(\w+)?$/.exec(field);
  if (variant) {
    const name = variant[2] as VariantField | undefined;
    if (name && (VARIANT_FIELDS as readonly string[]).includes(name)) return { variant: Number(variant[1]), field: name };
    return { variant: Number(variant[1]), field: 'subject' };
  }
  const top = field.replace(/^\//, '');
  if (top === 'name' || top === 'language' || top === 'formality' || top === 'variants') return { field: top };
  return null;
}

/** One refusal of a save, as the API's 422 names it (`{ field: 'variants[1].html', line, message }`). */
export type TemplateProblem = Pick<ProblemItem, 'field' | 'line' | 'message'>;

/** A problem's words where it is shown: "line 3: unknown field …". */
export const problemText = (problem: TemplateProblem) => (problem.line ? `line ${problem.line}: ${problem.message}` : problem.message);

/** The problems of one variant field, to show under it. */
export function problemsAt(problems: readonly TemplateProblem[], variant: number, field: VariantField): TemplateProblem[] {
  return problems.filter((problem) => {
    const place = problemPlace(problem.field);
    return place !== null && 'variant' in place && place.variant === variant && place.field === field;
  });
}

/** The problems without those of one variant field (the user is rewriting it). */
export function withoutProblemsAt(problems: readonly TemplateProblem[], variant: number, field: VariantField): TemplateProblem[] {
  const here = new Set(problemsAt(problems, variant, field));
  return here.size === 0 ? (problems as TemplateProblem[]) : problems.filter((problem) => !here.has(problem));
}

/** How many problems each variant tab has, by index (a badge on the tab). */
export function problemCountByVariant(problems: readonly TemplateProblem[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const problem of problems) {
    const place = problemPlace(problem.field);
    if (place && 'variant' in place) counts.set(place.variant, (counts.get(place.variant) ?? 0) + 1);
  }
  return counts;
}

/** Problems that belong to no variant field: shown at the top of the form. */
export function generalProblems(problems: readonly TemplateProblem[]): TemplateProblem[] {
  return problems.filter((problem) => {
    const place = problemPlace(problem.field);
    return place === null || !('variant' in place);
  });
}

export const sameDraft = (a: TemplateDraft, b: TemplateDraft) => JSON.stringify(a) === JSON.stringify(b);
