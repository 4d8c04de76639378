import type { SplitVariant } from '../../../flow/nodes/branch';

/** The variants' percentages added up, counted in hundredths as the node does (33.33 + 33.33 + 33.34 = 100). */
export function splitTotal(variants: readonly SplitVariant[]): number {
  const hundredths = variants.reduce((sum, variant) => sum + (Number.isFinite(variant.percent) ? Math.round(variant.percent * 100) : 0), 0);
  return hundredths / 100;
}

/** What the editor says under the variants: the running total, and what is left to give or take. */
export function splitStatus(variants: readonly SplitVariant[]): { total: number; complete: boolean; text: string } {
  const total = splitTotal(variants);
  if (total === 100) return { total, complete: true, text: 'Adds up to 100%' };
  const gap = Math.round((100 - total) * 100) / 100;
  return { total, complete: false, text: `Adds up to ${total}%: ${gap > 0 ? `${gap}% still to give` : `${-gap}% too much`}; it must be 100%` };
}

/** The next variant name: "a", "b", ... "z", then "variant_27"... — whichever is free. */
export function nextVariantName(variants: readonly SplitVariant[]): string {
  const taken = new Set(variants.map((variant) => variant.name));
  for (let code = 97; code <= 122; code++) {
    const name = String.fromCharCode(code);
    if (!taken.has(name)) return name;
  }
  let n = variants.length + 1;
  while (taken.has(`variant_${n}`)) n++;
  return `variant_${n}`;
}

/** A new variant taking what is still to give (10% when nothing is, to be taken from the others). */
export function addVariant(variants: readonly SplitVariant[]): SplitVariant[] {
  const left = Math.round((100 - splitTotal(variants)) * 100) / 100;
  return [...variants, { name: nextVariantName(variants), percent: left > 0 ? left : 10 }];
}

/** The same variants sharing 100% evenly, to two decimals; the last takes the rounding. */
export function splitEvenly(variants: readonly SplitVariant[]): SplitVariant[] {
  if (variants.length === 0) return [];
  const share = Math.floor(10_000 / variants.length) / 100;
  const last = Math.round((100 - share * (variants.length - 1)) * 100) / 100;
  return variants.map((variant, index) => ({ ...variant, percent: index === variants.length - 1 ? last : share }));
}
