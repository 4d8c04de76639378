/**
 * The budget owner's arithmetic (flow/roi.ts): money strings to cents and back without binary
 * rounding, ROI, the ROI a plan predicts, and incremental revenue against a holdout. Expected
 * values are worked out by hand in the comments.
 */
import { describe, expect, it } from 'vitest';
import { fromCents, incrementalRevenueCents, predictedRoi, roi, toCents } from '../../flow/roi';

describe('money in cents', () => {
  it('reads money strings exactly', () => {
    expect(toCents('1234.5')).toBe(123_450);
    expect(toCents('1234.50')).toBe(123_450);
    expect(toCents('0.07')).toBe(7);
    expect(toCents('80')).toBe(8000);
    expect(toCents('-12.05')).toBe(-1205);
    expect(toCents('-0.05')).toBe(-5);
    // 0.1 + 0.2 in cents is exactly 30.
    expect(toCents('0.1') + toCents('0.2')).toBe(30);
  });

  it('refuses what is not a money amount', () => {
    for (const text of ['', '1.234', '1,50', 'abc', '1e3', '.5', '--1']) expect(() => toCents(text), text).toThrow(/Not a money amount/);
  });

  it('writes cents as a two-decimal string, rounding to the cent', () => {
    expect(fromCents(123_450)).toBe('1234.50');
    expect(fromCents(7)).toBe('0.07');
    expect(fromCents(0)).toBe('0.00');
    expect(fromCents(-1205)).toBe('-12.05');
    expect(fromCents(-5)).toBe('-0.05');
    expect(fromCents(1234.6)).toBe('12.35');
    expect(fromCents(-0.4)).toBe('0.00');
    for (const text of ['0.01', '19.99', '1000000.00', '-3.10']) expect(fromCents(toCents(text))).toBe(text);
  });
});

describe('ROI', () => {
  it('is (revenue − cost) / cost', () => {
    expect(roi(150_00, 100_00)).toBe(0.5);
    expect(roi(100_00, 100_00)).toBe(0);
    expect(roi(0, 100_00)).toBe(-1);
    expect(roi(50_00, 200_00)).toBe(-0.75);
  });

  it('has no value when nothing was spent', () => {
    expect(roi(100_00, 0)).toBeNull();
  });

  it('is predicted from expected revenue against the planned costs, or the budget when none is planned', () => {
    // Planned 150.50 + 4000 + 3849.50 = 8000; (24000 − 8000) / 8000 = 2.
    expect(predictedRoi({ expectedRevenue: '24000', plannedCosts: ['150.50', '4000', '3849.50'], budget: '12000' })).toBe(2);
    // Nothing planned: against the budget, (24000 − 10000) / 10000 = 1.4.
    expect(predictedRoi({ expectedRevenue: '24000.00', plannedCosts: [], budget: '10000.00' })).toBe(1.4);
    // Planned lines of zero count as nothing planned.
    expect(predictedRoi({ expectedRevenue: '300', plannedCosts: ['0.00'], budget: '200' })).toBe(0.5);
    expect(predictedRoi({ expectedRevenue: null, plannedCosts: ['100'], budget: '200' })).toBeNull();
    expect(predictedRoi({ expectedRevenue: '500', plannedCosts: [], budget: '0' })).toBeNull();
  });
});

describe('incremental revenue against a holdout', () => {
  it("is members' revenue minus the holdout's revenue per contact times the members", () => {
    // 900 members bought 45000.00; 100 held out bought 3000.00 → 30.00 each → 27000.00 expected anyway → 18000.00 added.
    expect(incrementalRevenueCents({ membersRevenueCents: 45_000_00, members: 900, holdoutRevenueCents: 3000_00, holdout: 100 })).toBe(18_000_00);
    // The campaign can add nothing or lose: 10 members bought 50.00; 3 held out bought 30.00 → 10.00 each → 100.00 → −50.00.
    expect(incrementalRevenueCents({ membersRevenueCents: 50_00, members: 10, holdoutRevenueCents: 30_00, holdout: 3 })).toBe(-50_00);
    // A baseline that is not a whole cent per contact is rounded once, at the end: 100.00 / 3 × 7 = 233.333… → 23333 cents.
    expect(incrementalRevenueCents({ membersRevenueCents: 0, members: 7, holdoutRevenueCents: 100_00, holdout: 3 })).toBe(-23_333);
  });

  it('has no value without a holdout or without members', () => {
    expect(incrementalRevenueCents({ membersRevenueCents: 100_00, members: 10, holdoutRevenueCents: 0, holdout: 0 })).toBeNull();
    expect(incrementalRevenueCents({ membersRevenueCents: 0, members: 0, holdoutRevenueCents: 10_00, holdout: 5 })).toBeNull();
  });
});
