import { describe, expect, it } from 'vitest';
import { approveQuestion, currentCursor, deadlineText, FIRST_PAGE, nextPage, previousPage } from '../../designer/src/reviews/review-model';

describe("the reviewer's screen: what approving does, and paging back and forth", () => {
  it('says how many messages go on and how many excluded contacts get nothing', () => {
    expect(approveQuestion({ messages: 5, excluded: 1, edited: 2 })).toBe('Approve: 4 messages go on to be sent, 1 excluded contact gets nothing.');
    expect(approveQuestion({ messages: 3, excluded: 2, edited: 0 })).toBe('Approve: 1 message goes on to be sent, 2 excluded contacts get nothing.');
    expect(approveQuestion({ messages: 2, excluded: 0, edited: 0 })).toBe('Approve: 2 messages go on to be sent, none is excluded.');
  });

  it('shows a missing deadline as waiting for approval', () => {
    expect(deadlineText(null, () => 'never')).toBe('none (waits for approval)');
    expect(deadlineText('2026-12-03T10:00:00Z', (iso) => `at ${iso}`)).toBe('at 2026-12-03T10:00:00Z');
  });

  it('goes forward by the server’s cursors and back to the pages seen before', () => {
    const second = nextPage(FIRST_PAGE, 'c1');
    const third = nextPage(second, 'c2');
    expect(currentCursor(FIRST_PAGE)).toBeUndefined();
    expect(currentCursor(third)).toBe('c2');
    expect(currentCursor(previousPage(third))).toBe('c1');
    expect(currentCursor(previousPage(previousPage(third)))).toBeUndefined();
    expect(previousPage(FIRST_PAGE)).toBe(FIRST_PAGE);
  });
});
