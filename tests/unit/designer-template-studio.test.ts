import { describe, expect, it } from 'vitest';
import type { OutboxMail } from '../../designer/src/api/client';
import type { Template } from '../../designer/src/api/templates-client';
import { eventText, shownHeaders } from '../../designer/src/outbox/mail-parts';
import { applySuggestion, openTag, suggestionCatalog, suggestionsFor } from '../../designer/src/templates/autocomplete';
import { fallbackText } from '../../designer/src/templates/preview-words';
import { groupByLanguage, itemsOf, matrixProblems, newRow, rowOfProblem, rowsOf } from '../../designer/src/templates/salutation-matrix';
import {
  addVariant,
  draftOf,
  draftProblems,
  generalProblems,
  inputOf,
  languageProblem,
  NEW_TEMPLATE,
  problemCountByVariant,
  problemPlace,
  problemsAt,
  problemText,
  removeVariant,
  updateVariant,
  withoutProblemsAt,
} from '../../designer/src/templates/template-draft';

const template: Template = {
  id: '6f1c2a4e-0000-4000-8000-000000000010',
  name: 'Spring offer',
  channel: 'email',
  language: 'en',
  formality: 'formal',
  variants: [
    { language: 'en', subject: 'Hello {{contact.firstName}}', preheader: null, html: '<p>{{salutation}}</p>', text: null },
    { language: 'hu', subject: 'Szia', preheader: 'Tavasz', html: null, text: '{{salutation}}' },
  ],
  createdAt: '2026-12-01T10:00:00.000Z',
  updatedAt: '2026-12-01T10:00:00.000Z',
};

describe('the template draft', () => {
  it('sends empty parts as null, so the text part is derived from the HTML', () => {
    const draft = draftOf(template);
    expect(draft.variants[0]).toEqual({ language: 'en', subject: 'Hello {{contact.firstName}}', preheader: '', html: '<p>{{salutation}}</p>', text: '' });
    expect(inputOf(draft)).toEqual({
      name: 'Spring offer',
      channel: 'email',
      language: 'en',
      formality: 'formal',
      variants: [
        { language: 'en', subject: 'Hello {{contact.firstName}}', preheader: null, html: '<p>{{salutation}}</p>', text: null },
        { language: 'hu', subject: 'Szia', preheader: 'Tavasz', html: null, text: '{{salutation}}' },
      ],
    });
  });

  it('adds a language once, and never removes the default language', () => {
    const draft = draftOf(template);
    expect(languageProblem(draft, 'hu')).toBe('There is a hu tab already');
    expect(languageProblem(draft, 'Italian')).toBe('A language tag such as de, hu or pt-BR');
    expect(languageProblem(draft, 'pt-BR')).toBeNull();
    const three = addVariant(draft, 'it');
    expect(three.variants.map((variant) => variant.language)).toEqual(['en', 'hu', 'it']);
    expect(removeVariant(three, 0)).toBe(three);
    expect(removeVariant(three, 1).variants.map((variant) => variant.language)).toEqual(['en', 'it']);
    expect(updateVariant(three, 2, 'subject', 'Ciao').variants[2]?.subject).toBe('Ciao');
  });

  it('checks what it can before saving', () => {
    expect(draftProblems(NEW_TEMPLATE)).toEqual(['Give the template a name', 'en: write a subject', 'en: write an HTML or a text body']);
    expect(draftProblems(draftOf(template))).toEqual([]);
    expect(draftProblems({ ...draftOf(template), language: 'de' })).toEqual(['The default language (de) needs a tab']);
  });

  it("puts each of the API's problems on the tab and field it names", () => {
    expect(problemPlace('variants[1].html')).toEqual({ variant: 1, field: 'html' });
    expect(problemPlace('/variants/0/subject')).toEqual({ variant: 0, field: 'subject' });
    expect(problemPlace('variants[2]')).toEqual({ variant: 2, field: 'subject' });
    expect(problemPlace('name')).toEqual({ field: 'name' });
    expect(problemPlace(undefined)).toBeNull();
    const problems = [
      { field: 'variants[1].html', line: 3, message: 'unknown field "contact.fristName"' },
      { field: 'variants[1].subject', message: 'unknown helper "shout"' },
      { field: 'language', message: 'the default language has no variant' },
    ];
    expect(problemsAt(problems, 1, 'html').map(problemText)).toEqual(['line 3: unknown field "contact.fristName"']);
    expect(problemsAt(problems, 0, 'html')).toEqual([]);
    expect([...problemCountByVariant(problems)]).toEqual([[1, 2]]);
    expect(generalProblems(problems).map((problem) => problem.field)).toEqual(['language']);
    // Rewriting a field clears its problems, and only its own.
    expect(withoutProblemsAt(problems, 1, 'html').map((problem) => problem.field)).toEqual(['variants[1].subject', 'language']);
    expect(withoutProblemsAt(problems, 0, 'html')).toBe(problems);
  });
});

describe('field and helper completion', () => {
  const catalog = suggestionCatalog([{ key: 'loyalty_tier', label: 'Loyalty tier' }]);

  it('opens after {{ and filters as the user types, names that start with the word first', () => {
    const text = 'Hello {{contact.fi';
    const tag = openTag(text, text.length);
    expect(tag).toEqual({ start: 8, query: 'contact.fi', position: 'first' });
    expect(suggestionsFor(catalog, tag!).map((item) => item.name)).toEqual(['contact.firstName']);
    const loyal = openTag('{{loy', 5)!;
    expect(suggestionsFor(catalog, loyal).map((item) => item.name)).toEqual(['contact.attributes.loyalty_tier']);
    // Nothing open: after a closed tag, or outside any tag.
    expect(openTag('{{salutation}} and', 18)).toBeNull();
    expect(openTag('plain text', 5)).toBeNull();
  });

  it('offers block helpers after {{#, and only fields as arguments', () => {
    const block = openTag('{{#', 3)!;
    expect(block.position).toBe('block');
    expect(suggestionsFor(catalog, block).map((item) => item.name)).toEqual(['if', 'unless', 'with']);
    const argument = openTag('{{formatMoney product.ne', 24)!;
    expect(argument.position).toBe('argument');
    expect(suggestionsFor(catalog, argument).map((item) => item.name)).toEqual(['product.netPrice']);
    const first = openTag('{{form', 6)!;
    // Names first; then what only says the word (a field to "format it with formatMoney").
    const names = suggestionsFor(catalog, first).map((item) => item.name);
    expect(names.slice(0, 3)).toEqual(['formatDate', 'formatMoney', 'formatNumber']);
    expect(names).toContain('product.price');
  });

  it('writes the choice in, closing a field and leaving room after a helper', () => {
    const field = catalog.find((item) => item.name === 'contact.firstName')!;
    const text = 'Hello {{contact.fi, welcome';
    const caret = 'Hello {{contact.fi'.length;
    expect(applySuggestion(text, caret, openTag(text, caret)!, field)).toEqual({ text: 'Hello {{contact.firstName}}, welcome', caret: 27 });
    // Already closed: no second }}; the rest of the word being replaced goes too.
    const closed = 'Hi {{contact.fir}}!';
    expect(applySuggestion(closed, 10, openTag(closed, 10)!, field).text).toBe('Hi {{contact.firstName}}!');
    const helper = catalog.find((item) => item.name === 'formatMoney')!;
    expect(applySuggestion('{{formatM', 9, openTag('{{formatM', 9)!, helper)).toEqual({ text: '{{formatMoney ', caret: 14 });
  });
});

describe('the salutation matrix editor', () => {
  const saved = [
    { id: 'a', language: 'hu', formality: 'formal' as const, gender: 'unnamed' as const, qualifier: '', wording: 'Tisztelt Hölgyem / Uram' },
    { id: 'b', language: 'en', formality: 'formal' as const, gender: 'male' as const, qualifier: 'Dr', wording: 'Dear Dr {{lastName}}' },
    { id: 'c', language: 'en', formality: 'formal' as const, gender: 'male' as const, qualifier: '', wording: 'Dear Mr {{lastName}}' },
    { id: 'd', language: 'en', formality: 'formal' as const, gender: 'unnamed' as const, qualifier: '', wording: 'Dear Sir or Madam' },
  ];

  it('groups rows by language, each keeping its place in the list the API names', () => {
    const groups = groupByLanguage(rowsOf(saved));
    expect(groups.map((group) => group.language)).toEqual(['en', 'hu']);
    expect(groups[0]!.rows.map(({ row, index }) => [row.wording, index])).toEqual([
      ['Dear Mr {{lastName}}', 2],
      ['Dear Dr {{lastName}}', 1],
      ['Dear Sir or Madam', 3],
    ]);
    expect(itemsOf(rowsOf(saved))[1]).toEqual({ language: 'en', formality: 'formal', gender: 'male', qualifier: 'Dr', wording: 'Dear Dr {{lastName}}' });
    expect(rowOfProblem({ field: 'items[3].wording' })).toEqual({ index: 3, field: 'wording' });
    expect(rowOfProblem({ field: 'items' })).toBeNull();
  });

  it('refuses an empty wording, a row twice and a language without its unnamed row', () => {
    expect(matrixProblems(rowsOf(saved))).toEqual({ byRow: new Map(), general: [] });
    const rows = [...rowsOf(saved), { ...newRow('en'), gender: 'male' as const, qualifier: 'dr ', wording: 'x' }, newRow('ro')];
    const { byRow, general } = matrixProblems(rows);
    expect(byRow.get(4)).toEqual(['Same language, formality, gender and title as row 2']);
    expect(byRow.get(5)).toEqual(['Write the wording']);
    expect(general).toEqual(['ro formal: keep an "Unnamed (no name)" row for any title: it is the last fallback']);
  });
});

describe('the preview and the outbox in words', () => {
  it('says which variant was used and why', () => {
    expect(fallbackText({ language: 'hu', fallback: 'contact' }, 'hu')).toBe("hu: the contact's language");
    expect(fallbackText({ language: 'en', fallback: 'template' }, 'sl')).toBe("en: the template's default language — no variant in the contact's language (sl)");
    expect(fallbackText({ language: 'it', fallback: 'campaign' }, null)).toBe("it: the campaign's default language — the template has no variant in the contact's language");
    expect(fallbackText({ language: 'hu', fallback: 'template' }, 'it', 'hu')).toBe('hu: the language chosen for this preview');
  });

  it("shows a mail's unsubscribe headers and Message-ID, and its events", () => {
    const headers = { 'list-unsubscribe': '<https://x/u/1/s>, <mailto:u@x?subject=unsubscribe-1>', 'list-unsubscribe-post': 'List-Unsubscribe=One-Click', 'message-id': '<1@campaign-studio>', subject: 'Hi' };
    expect(shownHeaders(headers)).toEqual({
      'List-Unsubscribe': '<https://x/u/1/s>, <mailto:u@x?subject=unsubscribe-1>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'Message-ID': '<1@campaign-studio>',
    });
    expect(shownHeaders({ subject: 'Service' })).toEqual({});
    const at = '2026-12-02T10:00:00.000Z';
    const events: OutboxMail['events'] = [
      { type: 'open', at, data: {} },
      { type: 'click', at, data: { index: 0, url: 'https://shop.example/spring' } },
      { type: 'unsubscribe', at, data: { topic: 'offers', source: 'one-click' } },
      { type: 'bounce', at, data: { reply: '550 no such user' } },
    ];
    expect(events.map(eventText)).toEqual(['Opened', 'Clicked link 1: https://shop.example/spring', 'Unsubscribed from offers (one-click)', 'Bounced: 550 no such user']);
  });
});
