import type { ReportCell, ReportColumn } from '../../../contracts/report';
import { countText, percentText } from '../budgets/figures';

/** A report cell as the table shows it: ratios in percent, counts grouped, money and dates as the API wrote them. */
export function cellText(cell: ReportCell | undefined, type: ReportColumn['type']): string {
  if (cell === null || cell === undefined || cell === '') return '—';
  if (type === 'percent') return percentText(typeof cell === 'number' ? cell : Number(cell));
  if (type === 'integer') return countText(cell);
  return String(cell);
}

/** Figures line up on the right, words on the left. */
export function isNumeric(type: ReportColumn['type']): boolean {
  return type === 'integer' || type === 'money' || type === 'percent';
}
