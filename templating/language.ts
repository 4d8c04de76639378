/**
 * Which language variant a contact receives. The chain is the one a careful ESP uses: the
 * contact's own language exactly (pt-BR), then its primary subtag (pt), then the campaign's
 * default language, then the template's default. Tags compare without case (BCP 47 tags are
 * case-insensitive: pt-br = pt-BR).
 */
export type LanguageFallback = 'contact' | 'campaign' | 'template';

export interface LanguageChoice {
  /** The variant's language as the template spells it. */
  language: string;
  fallback: LanguageFallback;
}

export interface LanguageSources {
  contact: string | null | undefined;
  campaign: string | null | undefined;
  template: string;
}

/** `pt-BR` → `pt`; a tag without a subtag is its own primary. */
export function primarySubtag(tag: string): string {
  return tag.split('-')[0]!;
}

/** The tags one source offers, most specific first: the tag itself, then its primary subtag. */
function tagsOf(tag: string | null | undefined): string[] {
  const clean = tag?.trim().toLowerCase();
  if (!clean) return [];
  const primary = primarySubtag(clean);
  return primary === clean ? [clean] : [clean, primary];
}

/**
 * The chain of languages to try, each with the step that offered it, without repeats: contact
 * (exact, primary), campaign (exact, primary), template (exact, primary).
 */
export function languageChain(sources: LanguageSources): { tag: string; fallback: LanguageFallback }[] {
  const chain: { tag: string; fallback: LanguageFallback }[] = [];
  const seen = new Set<string>();
  for (const [fallback, tag] of [['contact', sources.contact], ['campaign', sources.campaign], ['template', sources.template]] as const) {
    for (const candidate of tagsOf(tag)) {
      if (seen.has(candidate)) continue;
      seen.add(candidate);
      chain.push({ tag: candidate, fallback });
    }
  }
  return chain;
}

/**
 * The first language of the chain that `available` has. A template always has its default
 * language's variant (the API refuses one without); should it not, the first variant serves,
 * counted as the template's choice.
 */
export function chooseLanguage(available: readonly string[], sources: LanguageSources): LanguageChoice | undefined {
  const byTag = new Map(available.map((language) => [language.toLowerCase(), language]));
  for (const step of languageChain(sources)) {
    const language = byTag.get(step.tag);
    if (language !== undefined) return { language, fallback: step.fallback };
  }
  const first = available[0];
  return first === undefined ? undefined : { language: first, fallback: 'template' };
}
