import type { FieldProblem } from './write-refusal';

/** A period of validity of a price or discount list: from a day, to a day (inclusive) or open-ended. */
export interface ValidityPeriod {
  /** YYYY-MM-DD */
  validFrom: string;
  /** YYYY-MM-DD, inclusive; null = valid until further notice. */
  validTo: string | null;
}

/** The problem with a period whose end comes before its start (ISO dates compare as text). */
export function periodProblem(period: ValidityPeriod): FieldProblem | undefined {
  if (period.validTo !== null && period.validTo < period.validFrom) {
    return { field: 'validTo', message: `must be on or after validFrom (${period.validFrom})` };
  }
  return undefined;
}

/** SQL: the list aliased `alias` is valid on the date parameter `$n`. */
export function validOn(alias: string, parameter: string): string {
  return `(${alias}.valid_from <= ${parameter}::date AND (${alias}.valid_to IS NULL OR ${alias}.valid_to >= ${parameter}::date))`;
}
