import { CAMPAIGN_CODE_PATTERN, type CAMPAIGN_KINDS, type MAIL_PURPOSES } from '../../../contracts/campaign';
import { LanguageSchema } from '../../../contracts/common';
import type { Campaign, CampaignInput, CampaignPatch } from '../api/client';

/** The campaign form's state: every field as its input holds it, '' for empty. */
export interface CampaignDraft {
  code: string;
  name: string;
  kind: (typeof CAMPAIGN_KINDS)[number];
  flowId: string;
  goal: string;
  validFrom: string;
  validTo: string;
  productId: string;
  priceListId: string;
  script: string;
  ownerId: string;
  topicId: string;
  mailPurpose: (typeof MAIL_PURPOSES)[number];
  defaultLanguage: string;
}

type Field = keyof CampaignDraft;

/** How each field is named on screen (and in the API's refusals, which name fields by key). */
export const FIELD_LABELS: Readonly<Record<Field, string>> = {
  code: 'Code',
  name: 'Name',
  kind: 'Type',
  flowId: 'Flow',
  goal: 'Goal',
  validFrom: 'Valid from',
  validTo: 'Valid to',
  productId: 'Promoted product',
  priceListId: 'Price list',
  script: 'Call script',
  ownerId: 'Owner',
  topicId: 'Topic',
  mailPurpose: 'Mail purpose',
  defaultLanguage: 'Default language',
};

/** What each mail purpose means for whom the campaign may mail. */
export const MAIL_PURPOSE_LABELS: Readonly<Record<CampaignDraft['mailPurpose'], string>> = {
  marketing: 'Marketing — only subscribers of the topic are mailed',
  service: 'Service — no subscription needed (never past the suppression list or a withdrawn consent)',
};

export const EMPTY_DRAFT: CampaignDraft = { code: '', name: '', kind: 'direct', flowId: '', goal: '', validFrom: '', validTo: '', productId: '', priceListId: '', script: '', ownerId: '', topicId: '', mailPurpose: 'marketing', defaultLanguage: '' };

/** The form's state for an existing campaign. */
export function draftOf(campaign: Campaign): CampaignDraft {
  return {
    code: campaign.code ?? '',
    name: campaign.name,
    kind: campaign.kind,
    flowId: campaign.flowId,
    goal: campaign.goal ?? '',
    validFrom: campaign.validFrom ?? '',
    validTo: campaign.validTo ?? '',
    productId: campaign.productId ?? '',
    priceListId: campaign.priceListId ?? '',
    script: campaign.script ?? '',
    ownerId: campaign.ownerId ?? '',
    topicId: campaign.topicId ?? '',
    mailPurpose: campaign.mailPurpose,
    defaultLanguage: campaign.defaultLanguage ?? '',
  };
}

const CODE = new RegExp(CAMPAIGN_CODE_PATTERN);
const LANGUAGE = new RegExp(LanguageSchema.pattern ?? '');

/** What the form can tell before sending, by field: the server checks the references. */
export function draftProblems(draft: CampaignDraft): Partial<Record<Field, string>> {
  const problems: Partial<Record<Field, string>> = {};
  if (draft.name.trim() === '') problems.name = 'Give the campaign a name';
  if (draft.code.trim() === '') problems.code = 'Give the campaign a short code, e.g. RET045';
  else if (!CODE.test(draft.code.trim())) problems.code = 'Letters, digits, - _ . only (up to 40), no spaces';
  if (draft.flowId === '') problems.flowId = 'Choose the flow the campaign runs';
  if (draft.validFrom && draft.validTo && draft.validTo < draft.validFrom) problems.validTo = 'The last day comes before the first';
  if (draft.priceListId && !draft.productId) problems.priceListId = 'A price list prices the promoted product: choose the product too';
  if (draft.defaultLanguage.trim() && !LANGUAGE.test(draft.defaultLanguage.trim())) problems.defaultLanguage = 'A language tag such as en, hu or pt-BR';
  return problems;
}

const orNull = (value: string) => (value.trim() === '' ? null : value.trim());

/** The body of a create: empty fields left out as null. */
export function inputOf(draft: CampaignDraft): CampaignInput {
  return {
    name: draft.name.trim(),
    flowId: draft.flowId,
    kind: draft.kind,
    code: orNull(draft.code),
    goal: orNull(draft.goal),
    validFrom: orNull(draft.validFrom),
    validTo: orNull(draft.validTo),
    productId: orNull(draft.productId),
    priceListId: orNull(draft.priceListId),
    // The script keeps its own spacing: it is read out as written.
    script: draft.script.trim() === '' ? null : draft.script,
    ownerId: orNull(draft.ownerId),
    topicId: orNull(draft.topicId),
    mailPurpose: draft.mailPurpose,
    defaultLanguage: orNull(draft.defaultLanguage),
  };
}

/** The body of an edit: only what changed since `before` (null clears); null when nothing did. */
export function patchOf(before: CampaignDraft, after: CampaignDraft): CampaignPatch | null {
  const [from, to] = [inputOf(before), inputOf(after)];
  const changed = (Object.keys(to) as (keyof CampaignInput)[]).filter((key) => to[key] !== from[key]);
  if (changed.length === 0) return null;
  return Object.fromEntries(changed.map((key) => [key, to[key]])) as CampaignPatch;
}

/** The API's refusal in the form's words: "productId: names no product" → "Promoted product: names no product". */
export function refusalText(message: string): string {
  const match = /^(?:[^:]*: )?(\w+): (.*)$/.exec(message);
  const field = match?.[1] as Field | undefined;
  return field && field in FIELD_LABELS ? `${FIELD_LABELS[field]}: ${match![2]}` : message;
}

/** The validity period as the list shows it: "2026-12-01 – 2026-12-31", open sides as "…". */
export function validityText(campaign: Pick<Campaign, 'validFrom' | 'validTo'>): string {
  if (!campaign.validFrom && !campaign.validTo) return 'Always';
  return `${campaign.validFrom ?? '…'} – ${campaign.validTo ?? '…'}`;
}

/** What the campaign mails as, in the list: "Marketing · Offers", "Marketing · no topic", "Service". */
export function mailText(campaign: Pick<Campaign, 'mailPurpose' | 'topicName' | 'defaultLanguage'>): string {
  const purpose = campaign.mailPurpose === 'marketing' ? `Marketing · ${campaign.topicName ?? 'no topic'}` : `Service${campaign.topicName ? ` · ${campaign.topicName}` : ''}`;
  return campaign.defaultLanguage ? `${purpose} · ${campaign.defaultLanguage}` : purpose;
}
