/** How the budget screens write figures: the same words on the home, the plan and the analysis. */

/** A ratio as a person reads it: 0.2534 → "25.3 %", null → "—" (no ratio exists, e.g. nothing spent). */
export function percentText(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '—';
  return `${(ratio * 100).toFixed(1)} %`;
}

/** A money string with its currency and thousands grouped: "12500.50" → "12,500.50 EUR". The digits are the API's, never re-rounded. */
export function moneyText(amount: string | null | undefined, currency: string): string {
  if (amount === null || amount === undefined) return '—';
  const negative = amount.startsWith('-');
  const [whole = '0', fraction] = amount.replace('-', '').split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '−' : ''}${grouped}${fraction === undefined ? '' : `.${fraction}`} ${currency}`;
}

/** Whole counts grouped the same way. */
export function countText(value: number | string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  const number = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(number) ? number.toLocaleString('en') : String(value);
}
