import type { ReportChart, ReportColumn, ReportRow } from '../../../contracts/report';
import type { Analysis } from '../api/budgets-client';

/** How often the budget screens read their figures again while a run goes (live)... */
export const LIVE_REFRESH_MS = 3_000;
/** ...and otherwise: slowly, so a page left open notices a run that starts. */
export const IDLE_REFRESH_MS = 30_000;

/** The analysis's costs by channel as a small report (planned vs actual), drawn and tabled like the catalogue's. */
export function costsByChannelTable(analysis: Analysis): { columns: ReportColumn[]; rows: ReportRow[]; chart: ReportChart } {
  return {
    columns: [
      { key: 'channel', label: 'Channel', type: 'text' },
      { key: 'planned', label: 'Planned', type: 'money' },
      { key: 'actual', label: 'Actual', type: 'money' },
      { key: 'lines', label: 'Ledger lines', type: 'integer' },
    ],
    rows: analysis.costs.byChannel.map((line) => ({ channel: line.channel, planned: line.planned, actual: line.actual, lines: line.lines })),
    chart: { kind: 'bar', category: 'channel', series: [{ key: 'planned', label: 'Planned' }, { key: 'actual', label: 'Actual' }] },
  };
}

/** A metric's planned and actual as words: revenue is money, the rest are counts. */
export function achievedText(achieved: number | null): string {
  return achieved === null ? '—' : `${Math.round(achieved * 100)} % of plan`;
}

/** The budget left is a warning when it is below zero (overspent). */
export function overspent(analysis: Analysis): boolean {
  return analysis.costs.budgetLeft.startsWith('-');
}
