import type { HelperOptions } from 'handlebars';

/**
 * The format helpers of flow/template-fields.ts, with Intl in the language of the variant being
 * rendered (passed as the render's `@locale` data, so the helpers are registered once per
 * environment and still speak each contact's language). A value that is missing or not a
 * number/date renders empty, as a missing field does.
 */
export const DATE_STYLES = ['short', 'medium', 'long'] as const;
export type DateStyle = (typeof DATE_STYLES)[number];

/** An Intl locale for a language tag; a tag Intl refuses falls back to English. */
export function intlLocale(language: string): string {
  try {
    return Intl.getCanonicalLocales(language)[0] ?? 'en';
  } catch {
    return 'en';
  }
}

/**
 * Formatters are costly to make (a millisecond for a date format) and cheap to use: one per
 * locale and style, made on first use. The styles are few, the locales those of the variants.
 */
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let formatter = formatters.get(key) as T | undefined;
  if (!formatter) {
    formatter = make();
    formatters.set(key, formatter);
  }
  return formatter;
}

/** A calendar day `YYYY-MM-DD` (or a full timestamp) as a date; the day is kept whatever the zone. */
function parseDay(value: unknown): Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  const date = day ? new Date(Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]))) : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function parseNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const number = Number(value.trim());
  return Number.isFinite(number) ? number : undefined;
}

export function formatDate(locale: string, value: unknown, style: unknown = 'medium'): string {
  const date = parseDay(value);
  if (!date) return '';
  const dateStyle = DATE_STYLES.includes(style as DateStyle) ? (style as DateStyle) : 'medium';
  // Days are calendar days: formatted in UTC so 2026-12-31 never reads as the 30th west of Greenwich.
  return cached(`date|${locale}|${dateStyle}`, () => new Intl.DateTimeFormat(intlLocale(locale), { dateStyle, timeZone: 'UTC' })).format(date);
}

export function formatMoney(locale: string, amount: unknown, currency: unknown): string {
  const number = parseNumber(amount);
  if (number === undefined) return '';
  const code = typeof currency === 'string' ? currency.trim().toUpperCase() : '';
  if (/^[A-Z]{3}$/.test(code)) {
    try {
      return cached(`money|${locale}|${code}`, () => new Intl.NumberFormat(intlLocale(locale), { style: 'currency', currency: code })).format(number);
    } catch {
      // An unknown currency code: the amount with the code after it, below.
    }
  }
  const plain = numberFormat(locale, 2).format(number);
  return code ? `${plain} ${code}` : plain;
}

export function formatNumber(locale: string, value: unknown, decimals?: unknown): string {
  const number = parseNumber(value);
  if (number === undefined) return '';
  const digits = parseNumber(decimals);
  return numberFormat(locale, digits === undefined ? undefined : clampDigits(digits)).format(number);
}

function numberFormat(locale: string, digits: number | undefined): Intl.NumberFormat {
  const fixed = digits === undefined ? {} : { minimumFractionDigits: digits, maximumFractionDigits: digits };
  return cached(`number|${locale}|${digits ?? ''}`, () => new Intl.NumberFormat(intlLocale(locale), fixed));
}

const clampDigits = (digits: number) => Math.min(20, Math.max(0, Math.trunc(digits)));

/** The locale a helper call renders in: the `@locale` data of the render, English when absent. */
function localeOf(options: HelperOptions): string {
  const data = options.data as { locale?: string; root?: unknown } | undefined;
  return data?.locale ?? 'en';
}

/**
 * Handlebars passes its options object as the last argument: a helper called with fewer
 * arguments than it takes sees it in place of the missing ones.
 */
const given = (value: unknown) => (isOptions(value) ? undefined : value);
function isOptions(value: unknown): value is HelperOptions {
  return typeof value === 'object' && value !== null && 'hash' in value && 'data' in value;
}

/** The helpers as Handlebars calls them: the values first, the options object last. */
export const LOCALE_HELPERS = {
  formatDate(value: unknown, ...rest: unknown[]) {
    const options = rest[rest.length - 1] as HelperOptions;
    return formatDate(localeOf(options), value, given(rest[0]) ?? 'medium');
  },
  formatMoney(amount: unknown, ...rest: unknown[]) {
    const options = rest[rest.length - 1] as HelperOptions;
    return formatMoney(localeOf(options), amount, given(rest[0]));
  },
  formatNumber(value: unknown, ...rest: unknown[]) {
    const options = rest[rest.length - 1] as HelperOptions;
    return formatNumber(localeOf(options), value, given(rest[0]));
  },
} as const;
