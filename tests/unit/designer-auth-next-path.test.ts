import { describe, expect, it } from 'vitest';
import { isSignInFlowPath, safeNextPath, signInHref } from '../../designer/src/auth/next-path';

describe('where sign-in returns to (`next`)', () => {
  it('keeps a path of this site with its query and fragment', () => {
    expect(safeNextPath('/contacts')).toBe('/contacts');
    expect(safeNextPath('/contacts?q=ana%20b&x=1#top')).toBe('/contacts?q=ana%20b&x=1#top');
    expect(safeNextPath('/flows/7b0c/../new')).toBe('/flows/new');
  });

  it('refuses every way of naming another site', () => {
    for (const next of [
      'https://evil.example/',
      'http:/evil.example',
      '//evil.example/path',
      '///evil.example',
      '/\\evil.example',
      '\\\\evil.example',
      '/\t/evil.example',
      '/\n/evil.example',
      'javascript:alert(1)',
      'evil.example',
      ' /contacts',
      '',
    ]) {
      expect(safeNextPath(next), JSON.stringify(next)).toBeNull();
    }
    expect(safeNextPath(null)).toBeNull();
    expect(safeNextPath(undefined)).toBeNull();
  });

  it('refuses the sign-in pages themselves, which would loop', () => {
    expect(safeNextPath('/sign-in')).toBeNull();
    expect(safeNextPath('/sign-in/?next=/x')).toBeNull();
    expect(safeNextPath('/reset-password?token=abc')).toBeNull();
    expect(isSignInFlowPath('/sign-in/')).toBe(true);
    expect(isSignInFlowPath('/signin')).toBe(false);
  });

  it('builds the sign-in address that comes back, encoded, and a bare one for the start page', () => {
    expect(signInHref('/contacts?q=a&b=c')).toBe('/sign-in?next=%2Fcontacts%3Fq%3Da%26b%3Dc');
    expect(new URL(signInHref('/contacts?q=a&b=c'), 'http://x').searchParams.get('next')).toBe('/contacts?q=a&b=c');
    expect(signInHref('/')).toBe('/sign-in');
    expect(signInHref('//evil.example')).toBe('/sign-in');
    expect(signInHref()).toBe('/sign-in');
  });
});
