import type { ProblemItem } from '../contracts/problem';
import type { TemplateInputBody, TemplateVariant } from '../contracts/template';
import type { TemplateInput } from '../db/templates';
import type { VariantPart } from './template-check';

/** The language of a template that names none (the same default as a contact's). */
export const DEFAULT_TEMPLATE_LANGUAGE = 'en';

export interface ExpandedTemplate {
  template: TemplateInput;
  /** How the request named a variant's part: `variants[1].html`, or `subject` / `body` for the shorthand. */
  fieldOf(index: number, part: VariantPart): string;
}

/**
 * A template as written → as stored: the `subject` + `body` shorthand becomes one plain-text
 * variant in `language`. The problems are those of its shape (both forms at once, a language
 * twice, no variant in the default language, a variant without a body); what each variant's
 * Handlebars names is api/template-check.ts's.
 */
export function expandTemplateInput(body: TemplateInputBody): { expanded: ExpandedTemplate; problems: ProblemItem[] } {
  const language = body.language ?? DEFAULT_TEMPLATE_LANGUAGE;
  const problems: ProblemItem[] = [];
  const shorthand = body.subject !== undefined || body.body !== undefined;
  let variants: TemplateVariant[];
  let fieldOf: ExpandedTemplate['fieldOf'];
  if (shorthand) {
    if (body.variants !== undefined) problems.push({ field: 'variants', message: 'give either variants or the subject and body shorthand, not both' });
    if (body.subject === undefined) problems.push({ field: 'subject', message: 'is required with body' });
    if (body.body === undefined) problems.push({ field: 'body', message: 'is required with subject' });
    variants = [{ language, subject: body.subject ?? '', preheader: null, html: null, text: body.body ?? '' }];
    fieldOf = (_index, part) => (part === 'text' ? 'body' : part);
  } else {
    if (body.variants === undefined) problems.push({ field: 'variants', message: 'a template needs at least one language variant (or the subject and body shorthand)' });
    variants = (body.variants ?? []).map((variant) => ({
      language: variant.language,
      subject: variant.subject,
      preheader: variant.preheader ?? null,
      html: variant.html ?? null,
      text: variant.text ?? null,
    }));
    fieldOf = (index, part) => `variants[${index}].${part}`;
    problems.push(...variantShapeProblems(variants, language));
  }
  // Tags compare without case (pt-br = pt-BR); the default is stored as its variant spells it, so the variant reads back first.
  const spelled = variants.find((variant) => variant.language.toLowerCase() === language.toLowerCase())?.language ?? language;
  const template: TemplateInput = { name: body.name, channel: body.channel, language: spelled, formality: body.formality ?? 'formal', variants };
  return { expanded: { template, fieldOf }, problems };
}

function variantShapeProblems(variants: readonly TemplateVariant[], language: string): ProblemItem[] {
  const problems: ProblemItem[] = [];
  const firstOf = new Map<string, number>();
  variants.forEach((variant, index) => {
    const key = variant.language.toLowerCase();
    const earlier = firstOf.get(key);
    if (earlier === undefined) firstOf.set(key, index);
    else problems.push({ field: `variants[${index}].language`, message: `"${variant.language}" is given twice (variants[${earlier}] is in it too)` });
    if (!hasContent(variant.html) && !hasContent(variant.text)) problems.push({ field: `variants[${index}]`, message: 'needs an html or a text body' });
  });
  if (variants.length > 0 && !variants.some((variant) => variant.language.toLowerCase() === language.toLowerCase())) {
    const languages = variants.map((variant) => variant.language).join(', ');
    problems.push({ field: 'language', message: `no variant is in the default language "${language}": add one, or make one of ${languages} the default` });
  }
  return problems;
}

function hasContent(value: string | null): boolean {
  return value !== null && value.trim() !== '';
}
