import Handlebars from 'handlebars';
import type { Salutation, TemplateVariant } from '../contracts/template';
import { TEMPLATE_HELPER_NAMES } from '../flow/template-fields';
import { inlineCss } from './html-pipeline';
import { LOCALE_HELPERS } from './locale-format';
import type { TemplateProblem } from './problems';
import type { RenderContext } from './render-context';
import { compileSalutations, type Formality, type SalutationMatrix } from './salutation';

/** What a template is compiled from: a saved template, or the unsaved edits a preview shows. */
export interface TemplateSource {
  /** The default language: its variant is the last fallback. */
  language: string;
  formality: Formality;
  variants: readonly TemplateVariant[];
}

type Part = (context: RenderContext, options: { data: { locale: string } }) => string;

export interface CompiledVariant {
  language: string;
  subject: Part;
  preheader: Part | null;
  html: Part | null;
  text: Part | null;
}

export interface CompiledTemplate {
  defaultLanguage: string;
  formality: Formality;
  /** The variants' languages as the template spells them, the default first. */
  languages: string[];
  variants: Map<string, CompiledVariant>;
  salutations: SalutationMatrix;
}

export type CompileResult = { compiled: CompiledTemplate } | { problems: TemplateProblem[] };

/**
 * One isolated environment for every template: only our helpers are registered in it, none
 * leaks to or from other Handlebars users in the process, and prototype access is never enabled
 * (the 4.6+ default; no runtime option here turns it on).
 */
const handlebars = Handlebars.create();
for (const [name, helper] of Object.entries(LOCALE_HELPERS)) handlebars.registerHelper(name, helper);

/**
 * The helpers Handlebars knows without being told, switched off unless flow/template-fields.ts
 * lists them: with knownHelpersOnly, `{{#each}}` or `{{lookup}}` in a template is then a
 * compile error instead of a way around the field list.
 */
const BUILT_IN_HELPERS = ['if', 'unless', 'with', 'each', 'lookup', 'log'];
const KNOWN_HELPERS = Object.fromEntries([
  ...BUILT_IN_HELPERS.map((name) => [name, TEMPLATE_HELPER_NAMES.has(name)] as const),
  ...Object.keys(LOCALE_HELPERS).map((name) => [name, TEMPLATE_HELPER_NAMES.has(name)] as const),
]);

/**
 * Subjects, preheaders and text are not HTML: nothing is escaped there. HTML bodies escape every
 * value (`<b>&` arrives as text, not markup). Strict is off at runtime: a contact missing an
 * attribute gets an empty place, not a failed campaign (saving refuses unknown names).
 */
const TEXT_OPTIONS = { noEscape: true, strict: false, knownHelpersOnly: true, knownHelpers: KNOWN_HELPERS } as const;
const HTML_OPTIONS = { noEscape: false, strict: false, knownHelpersOnly: true, knownHelpers: KNOWN_HELPERS } as const;

/** A probe context with every top-level path, to make Handlebars' lazy compile happen now. */
const PROBE = {
  salutation: '',
  contact: { attributes: {} },
  campaign: {},
  product: {},
  unsubscribeUrl: '',
  preferencesUrl: '',
  today: '',
} as unknown as RenderContext;

function lineOf(error: unknown): number | undefined {
  const withLine = error as { lineNumber?: unknown; message?: unknown };
  if (typeof withLine.lineNumber === 'number') return withLine.lineNumber;
  const match = /on line (\d+)/.exec(String(withLine.message ?? ''));
  return match ? Number(match[1]) : undefined;
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.trim();
}

/**
 * Compile every variant of a template once (subject, preheader, HTML, text) and the salutation
 * matrix, so a page of contacts only runs compiled functions. Every part that does not compile
 * is named (`variants[1].html`, with its line) rather than the first one only.
 */
export function compileTemplate(template: TemplateSource, options: { salutations: readonly Salutation[] }): CompileResult {
  const problems: TemplateProblem[] = [];
  const compilePart = (source: string | null | undefined, html: boolean, field: string): Part | null => {
    if (source === null || source === undefined) return null;
    try {
      const part = handlebars.compile<RenderContext>(source, html ? HTML_OPTIONS : TEXT_OPTIONS);
      part(PROBE, { data: { locale: 'en' } });
      return part as Part;
    } catch (error) {
      const line = lineOf(error);
      problems.push({ field, ...(line === undefined ? {} : { line }), message: firstLine((error as Error).message) });
      return null;
    }
  };
  /**
   * The HTML checked as written (problems name its own lines), then compiled with its CSS
   * inlined once here rather than in every mail; should the inliner's output not compile, each
   * mail is rendered from the source as written and inlined on its own (slower, same result).
   */
  const compileHtml = (source: string | null | undefined, field: string): Part | null => {
    const written = compilePart(source, true, field);
    if (!written || !source) return written;
    try {
      const inlined = handlebars.compile<RenderContext>(inlineCss(source), HTML_OPTIONS);
      inlined(PROBE, { data: { locale: 'en' } });
      return inlined as Part;
    } catch {
      return (context, options) => inlineCss(written(context, options));
    }
  };
  const variants = new Map<string, CompiledVariant>();
  template.variants.forEach((variant, index) => {
    const at = `variants[${index}]`;
    const compiled: CompiledVariant = {
      language: variant.language,
      subject: compilePart(variant.subject, false, `${at}.subject`) ?? (() => ''),
      preheader: compilePart(variant.preheader, false, `${at}.preheader`),
      html: compileHtml(variant.html, `${at}.html`),
      text: compilePart(variant.text, false, `${at}.text`),
    };
    if (!compiled.html && !compiled.text && variant.html == null && variant.text == null) {
      problems.push({ field: at, message: 'a variant needs an HTML or a text body' });
    }
    variants.set(variant.language.toLowerCase(), compiled);
  });
  if (variants.size === 0) problems.push({ field: 'variants', message: 'a template needs at least one language variant' });
  // A matrix row that does not compile is left out, not held against this template: the
  // matrix's own editor refuses such rows, and the next row down the chain greets instead.
  const salutations = compileSalutations(options.salutations);
  if (problems.length > 0) return { problems };
  const defaultFirst = [...template.variants].sort((a, b) => Number(b.language === template.language) - Number(a.language === template.language));
  return {
    compiled: {
      defaultLanguage: template.language,
      formality: template.formality,
      languages: defaultFirst.map((variant) => variant.language),
      variants,
      salutations: salutations.matrix,
    },
  };
}

/**
 * One line for a subject or a header value: CR and LF (and the Unicode line breaks) become a
 * space, so a value can never start a new header or end the subject early.
 */
export function oneLine(value: string): string {
  return value.replace(/\s*[\r\n\u0085\u2028\u2029]+\s*/g, ' ').trim();
}
