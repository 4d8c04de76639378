import type { UNIT_COST_ITEMS } from '../../../contracts/budget';
import type { UnitCost, UnitCostInput, UnitCostPatch } from '../api/budgets-client';

export type UnitCostItem = (typeof UNIT_COST_ITEMS)[number];

export const ITEM_LABELS: Readonly<Record<UnitCostItem, string>> = {
  email: 'E-mail (each sent)',
  sms_segment: 'SMS (per segment)',
  letter_print: 'Letter print',
  letter_postage: 'Letter postage',
  call: 'Call (each closed)',
  agent_minute: 'Agent minute',
};

/** A unit cost row as its inputs hold it. */
export interface UnitCostDraft {
  item: UnitCostItem;
  amount: string;
  currency: string;
  validFrom: string;
  /** '' = until further notice. */
  validTo: string;
}

const UNIT_AMOUNT = /^\d{1,10}(\.\d{1,4})?$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function unitCostDraftOf(cost: UnitCost): UnitCostDraft {
  return { item: cost.item as UnitCostItem, amount: cost.amount, currency: cost.currency, validFrom: cost.validFrom, validTo: cost.validTo ?? '' };
}

export function emptyUnitCostDraft(day: string): UnitCostDraft {
  return { item: 'email', amount: '', currency: 'EUR', validFrom: day, validTo: '' };
}

/** What is wrong before sending (the server also refuses a validity overlapping another row of the item: 409). */
export function unitCostProblem(draft: UnitCostDraft): string | null {
  if (!UNIT_AMOUNT.test(draft.amount.trim())) return 'The price of one unit: a number with up to four decimals, e.g. 0.0012';
  if (!/^[A-Z]{3}$/.test(draft.currency.trim())) return 'A three-letter currency code, e.g. EUR';
  if (!DAY.test(draft.validFrom)) return 'The first valid day';
  if (draft.validTo !== '' && !DAY.test(draft.validTo)) return 'The last valid day, or empty for until further notice';
  if (draft.validTo !== '' && draft.validTo < draft.validFrom) return 'The validity ends before it starts';
  return null;
}

export function unitCostInputOf(draft: UnitCostDraft): UnitCostInput {
  return { item: draft.item, amount: draft.amount.trim(), currency: draft.currency.trim(), validFrom: draft.validFrom, validTo: draft.validTo === '' ? null : draft.validTo };
}

/** Only the fields that changed (a PATCH with nothing in it is refused), or null when nothing did. */
export function unitCostPatchOf(before: UnitCost, draft: UnitCostDraft): UnitCostPatch | null {
  const patch: UnitCostPatch = {};
  if (draft.amount.trim() !== before.amount && Number(draft.amount.trim()) !== Number(before.amount)) patch.amount = draft.amount.trim();
  if (draft.currency.trim() !== before.currency) patch.currency = draft.currency.trim();
  if (draft.validFrom !== before.validFrom) patch.validFrom = draft.validFrom;
  if ((draft.validTo === '' ? null : draft.validTo) !== before.validTo) patch.validTo = draft.validTo === '' ? null : draft.validTo;
  return Object.keys(patch).length > 0 ? patch : null;
}
