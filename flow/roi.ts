/**
 * The budget owner's arithmetic, written once: the plan form predicts with it, the reports and
 * the post-analysis compute with it, and its unit tests pin it. Money is handled in cents
 * (integers) so sums are exact; money strings ("12.50") come in and go out.
 */

/** "1234.5" → 123450. Refuses what is not a money string. */
export function toCents(money: string): number {
  if (!/^-?\d+(\.\d{1,2})?$/.test(money)) throw new Error(`Not a money amount: ${money}`);
  const negative = money.startsWith('-');
  const [whole, fraction = ''] = money.replace('-', '').split('.');
  const cents = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return negative ? -cents : cents;
}

/** 123450 → "1234.50" (rounded to the cent first). */
export function fromCents(cents: number): string {
  const rounded = Math.round(cents);
  const sign = rounded < 0 ? '-' : '';
  const abs = Math.abs(rounded);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * Return on investment as a ratio: (revenue − cost) / cost. 0.25 = 25 % earned on top of what
 * was spent; −1 = everything lost. Null when nothing was spent (no ratio exists).
 */
export function roi(revenueCents: number, costCents: number): number | null {
  if (costCents <= 0) return null;
  return (revenueCents - costCents) / costCents;
}

/** The ROI a plan predicts: expected revenue against the planned costs (or the budget when no cost line is planned). */
export function predictedRoi(plan: { expectedRevenue: string | null; plannedCosts: string[]; budget: string }): number | null {
  if (plan.expectedRevenue === null) return null;
  const planned = plan.plannedCosts.reduce((sum, amount) => sum + toCents(amount), 0);
  return roi(toCents(plan.expectedRevenue), planned > 0 ? planned : toCents(plan.budget));
}

export interface HoldoutComparison {
  /** Revenue of the run's members inside the attribution window. */
  membersRevenueCents: number;
  members: number;
  /** Revenue of the holdout (selected but kept out) over the same window. */
  holdoutRevenueCents: number;
  holdout: number;
}

/**
 * What the campaign added: the members' revenue minus what they would have bought anyway,
 * estimated from the holdout's revenue per contact × members. Null without a holdout (nothing
 * to compare with) — the report then shows attributed revenue only and says so.
 */
export function incrementalRevenueCents(comparison: HoldoutComparison): number | null {
  if (comparison.holdout === 0 || comparison.members === 0) return null;
  const baselinePerContact = comparison.holdoutRevenueCents / comparison.holdout;
  return Math.round(comparison.membersRevenueCents - baselinePerContact * comparison.members);
}
