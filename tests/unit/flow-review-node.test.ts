import { describe, expect, it } from 'vitest';
import { reviewDeadlineAction, reviewDeadlineMs, reviewersOf, reviewNode, type ReviewConfig } from '../../flow/nodes/review';

const TEAM = '0b8a4f1e-5a8e-4f5e-9a51-1d3c2b4a5e6f';
const USER = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const base: ReviewConfig = { instructions: '' };
const problems = (config: ReviewConfig) => reviewNode.extraProblems!('review', config).map((problem) => problem.field);

describe('the review node: reviewers and its default deadline', () => {
  it('starts a new node with 48 h, then approve; a config without an action approves', () => {
    expect(reviewNode.defaultConfig).toMatchObject({ deadlineHours: 48, onDeadline: 'approve', reviewers: 'role', reviewerRole: 'designer' });
    expect(reviewDeadlineMs(reviewNode.defaultConfig)).toBe(48 * 3_600_000);
    expect(reviewDeadlineMs(base)).toBeNull();
    expect(reviewDeadlineAction(base)).toBe('approve');
    expect(reviewDeadlineAction({ onDeadline: 'expire' })).toBe('expire');
  });

  it('resolves who reviews: the kind chosen when it names someone, else the designers', () => {
    expect(reviewersOf(base)).toEqual({ kind: 'role', role: 'designer' });
    expect(reviewersOf({ reviewers: 'role', reviewerRole: 'admin' })).toEqual({ kind: 'role', role: 'admin' });
    expect(reviewersOf({ reviewers: 'team', teamId: TEAM })).toEqual({ kind: 'team', teamId: TEAM });
    expect(reviewersOf({ reviewers: 'users', userIds: [USER] })).toEqual({ kind: 'users', userIds: [USER] });
  });

  it('refuses a team or named reviewers that name nobody', () => {
    expect(problems({ ...base, reviewers: 'team' })).toEqual(['teamId']);
    expect(problems({ ...base, reviewers: 'users', userIds: [] })).toEqual(['userIds']);
    expect(problems({ ...base, reviewers: 'users', userIds: [USER] })).toEqual([]);
    expect(problems(reviewNode.defaultConfig)).toEqual([]);
  });

  it('says who reviews and what the deadline does in its summary', () => {
    const context = { templateName: () => undefined };
    expect(reviewNode.summary(reviewNode.defaultConfig, context)).toBe('By designers · within 48 h, then approve');
    expect(reviewNode.summary({ ...base, reviewers: 'users', userIds: [USER], deadlineHours: 2, onDeadline: 'expire' }, context)).toBe('By 1 named person · within 2 h, then stop');
    expect(reviewNode.summary({ ...base, reviewers: 'team', teamId: TEAM }, context)).toBe('By a team · until approved');
  });
});
