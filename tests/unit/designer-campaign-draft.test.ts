import { describe, expect, it } from 'vitest';
import type { Campaign } from '../../designer/src/api/client';
import { draftOf, draftProblems, EMPTY_DRAFT, inputOf, mailText, patchOf, refusalText, validityText } from '../../designer/src/campaigns/campaign-draft';
import { audienceQuestion, secondStartQuestion } from '../../designer/src/editor/run-actions';

const FLOW = '6f1c2a4e-0000-4000-8000-000000000001';
const PRODUCT = '6f1c2a4e-0000-4000-8000-000000000002';
const TOPIC = '6f1c2a4e-0000-4000-8000-000000000004';

const campaign: Campaign = {
  id: '6f1c2a4e-0000-4000-8000-000000000003',
  code: 'RET045',
  name: 'Sweater pre-sale',
  flowId: FLOW,
  kind: 'direct',
  goal: null,
  validFrom: '2026-12-01',
  validTo: null,
  productId: PRODUCT,
  productName: 'SW-1 Sweater',
  priceListId: null,
  priceListName: null,
  script: 'Good morning,\n  we have a pre-sale.',
  ownerId: null,
  ownerName: null,
  topicId: null,
  topicName: null,
  mailPurpose: 'marketing',
  defaultLanguage: null,
  latestRun: null,
  createdAt: '2026-11-30T10:00:00.000Z',
  updatedAt: '2026-11-30T10:00:00.000Z',
};

describe('the campaign form', () => {
  it('checks what it can before sending, naming each field', () => {
    expect(draftProblems(EMPTY_DRAFT)).toEqual({ name: 'Give the campaign a name', code: 'Give the campaign a short code, e.g. RET045', flowId: 'Choose the flow the campaign runs' });
    const draft = { ...EMPTY_DRAFT, name: 'X', code: 'has space', flowId: FLOW, validFrom: '2026-12-10', validTo: '2026-12-09', priceListId: PRODUCT };
    expect(draftProblems(draft)).toEqual({
      code: 'Letters, digits, - _ . only (up to 40), no spaces',
      validTo: 'The last day comes before the first',
      priceListId: 'A price list prices the promoted product: choose the product too',
    });
    expect(draftProblems(draftOf(campaign))).toEqual({});
  });

  it('sends empty fields as null on create, and only what changed on edit', () => {
    expect(inputOf({ ...EMPTY_DRAFT, name: ' Spring ', code: ' SPR-1 ', flowId: FLOW })).toEqual({
      name: 'Spring', code: 'SPR-1', flowId: FLOW, kind: 'direct', goal: null, validFrom: null, validTo: null, productId: null, priceListId: null, script: null, ownerId: null,
      topicId: null, mailPurpose: 'marketing', defaultLanguage: null,
    });
    const before = draftOf(campaign);
    expect(patchOf(before, before)).toBeNull();
    expect(patchOf(before, { ...before, validTo: '2026-12-31', productId: '', script: '  ' })).toEqual({ validTo: '2026-12-31', productId: null, script: null });
    // The script is read out as written: its inner spacing is kept.
    expect(inputOf(before).script).toBe('Good morning,\n  we have a pre-sale.');
  });

  it('carries the topic, the mail purpose and the default language', () => {
    const before = draftOf({ ...campaign, topicId: TOPIC, topicName: 'Offers', mailPurpose: 'service', defaultLanguage: 'it' });
    expect(before).toMatchObject({ topicId: TOPIC, mailPurpose: 'service', defaultLanguage: 'it' });
    // A new campaign is marketing mail (the API's default), with no topic chosen yet.
    expect(EMPTY_DRAFT.mailPurpose).toBe('marketing');
    expect(patchOf(before, { ...before, mailPurpose: 'marketing', topicId: '', defaultLanguage: ' hu ' })).toEqual({ mailPurpose: 'marketing', topicId: null, defaultLanguage: 'hu' });
    expect(draftProblems({ ...before, defaultLanguage: 'Italian' })).toEqual({ defaultLanguage: 'A language tag such as en, hu or pt-BR' });
    expect(draftProblems({ ...before, defaultLanguage: 'pt-BR' })).toEqual({});
    // The list says what the campaign mails as, and a marketing campaign without its topic.
    expect(mailText(campaign)).toBe('Marketing · no topic');
    expect(mailText({ mailPurpose: 'marketing', topicName: 'Offers', defaultLanguage: 'it' })).toBe('Marketing · Offers · it');
    expect(mailText({ mailPurpose: 'service', topicName: null, defaultLanguage: null })).toBe('Service');
  });

  it("words the API's refusals with the form's labels", () => {
    expect(refusalText('Unprocessable Entity: productId: names no product')).toBe('Promoted product: names no product');
    expect(refusalText('Unprocessable Entity: topicId: names no topic')).toBe('Topic: names no topic');
    expect(refusalText('Conflict: Another campaign already has the code RET045')).toBe('Conflict: Another campaign already has the code RET045');
  });

  it('shows the validity with its open sides', () => {
    expect(validityText(campaign)).toBe('2026-12-01 – …');
    expect(validityText({ validFrom: null, validTo: null })).toBe('Always');
    expect(validityText({ validFrom: '2026-12-01', validTo: '2026-12-31' })).toBe('2026-12-01 – 2026-12-31');
  });
});

describe('the start confirmation', () => {
  it('says whom a start reaches, with and without e-mail', () => {
    expect(audienceQuestion({ audience: 1250, withEmail: 1000, withoutEmail: 250 })).toBe('The run will reach 1,250 contacts: 1,000 with e-mail, 250 without.');
    expect(audienceQuestion({ audience: 1, withEmail: 0, withoutEmail: 1 })).toBe('The run will reach 1 contact: 0 with e-mail, 1 without.');
    expect(audienceQuestion({ audience: 0, withEmail: 0, withoutEmail: 0 })).toBe('The audience selects no contact today: the run would reach nobody.');
    expect(secondStartQuestion({ runs: 2, contactsMailed: 1 })).toBe('This campaign already ran 2 times: 1 contact was already mailed by earlier runs. Start another run?');
  });
});
