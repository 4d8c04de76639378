import type { TemplatePreview } from '../api/templates-client';

/**
 * Why the preview used the variant it did, in words: the contact's language, the campaign's
 * default or the template's default (the fallback chain), or the language chosen in the preview.
 */
export function fallbackText(preview: Pick<TemplatePreview, 'language' | 'fallback'>, contactLanguage: string | null | undefined, chosen = ''): string {
  if (chosen && preview.language === chosen) return `${preview.language}: the language chosen for this preview`;
  const own = contactLanguage ? ` (${contactLanguage})` : '';
  switch (preview.fallback) {
    case 'contact':
      return `${preview.language}: the contact's language`;
    case 'campaign':
      return `${preview.language}: the campaign's default language — the template has no variant in the contact's language${own}`;
    case 'template':
      return `${preview.language}: the template's default language — no variant in the contact's language${own}`;
  }
}
