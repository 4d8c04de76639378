import { describe, expect, it } from 'vitest';
import { mergeById, withChange } from '../../designer/src/people/merge-by-id';
import { userStatus } from '../../designer/src/people/user-status';

describe('the People screen’s lists', () => {
  it('replaces changed rows in place and appends added ones', () => {
    const loaded = [
      { id: 'a', name: 'Ana' },
      { id: 'b', name: 'Bo' },
    ];
    const changed = withChange(withChange(new Map(), { id: 'c', name: 'Cy' }), { id: 'a', name: 'Ana (disabled)' });
    expect(mergeById(loaded, changed)).toEqual([
      { id: 'a', name: 'Ana (disabled)' },
      { id: 'b', name: 'Bo' },
      { id: 'c', name: 'Cy' },
    ]);
    expect(loaded[0]!.name).toBe('Ana');
  });

  it("names a user's status: disabled first, then whether a password was ever set", () => {
    expect(userStatus({ disabled: true, hasPassword: true })).toBe('Disabled');
    expect(userStatus({ disabled: false, hasPassword: false })).toBe('No password yet');
    expect(userStatus({ disabled: false, hasPassword: true })).toBe('Active');
  });
});
