import type { ReportCell, ReportColumn, ReportResult } from './report';

/**
 * How a report's table becomes an ECharts option: pure (the unit tests read it), the chart
 * always drawn from the same rows as the table beside it. Money strings become numbers only
 * here, for drawing; the table and the CSV keep the API's exact strings.
 */

/** A cell as a number to draw: money strings parsed, null (no ratio exists) left a gap. */
export function plotValue(cell: ReportCell | undefined, type: ReportColumn['type'] | undefined): number | null {
  if (cell === null || cell === undefined || cell === '') return null;
  const number = typeof cell === 'number' ? cell : Number(cell);
  if (!Number.isFinite(number)) return null;
  // Ratios are drawn in percent so the axis reads like the table.
  return type === 'percent' ? Math.round(number * 10_000) / 100 : number;
}

function categoryText(cell: ReportCell | undefined): string {
  return cell === null || cell === undefined ? '—' : String(cell);
}

/** The ECharts option for a report, or null when the report is a table only or has no rows. */
export function chartOption(result: Pick<ReportResult, 'chart' | 'columns' | 'rows'>): Record<string, unknown> | null {
  const { chart, columns, rows } = result;
  if (chart.kind === 'table' || rows.length === 0 || chart.series.length === 0) return null;
  const typeOf = (key: string) => columns.find((column) => column.key === key)?.type;
  const categories = rows.map((row) => categoryText(row[chart.category]));
  const percentOnly = chart.series.every((series) => typeOf(series.key) === 'percent');
  const base = { animation: false, tooltip: { trigger: chart.kind === 'pie' || chart.kind === 'funnel' ? 'item' : 'axis' }, legend: { top: 0 } };

  if (chart.kind === 'pie' || chart.kind === 'funnel') {
    // One series: the first; slices named by the category column.
    const [first] = chart.series;
    if (!first) return null;
    const data = rows.map((row, index) => ({ name: categories[index], value: plotValue(row[first.key], typeOf(first.key)) ?? 0 }));
    return {
      ...base,
      series: [
        chart.kind === 'pie'
          ? { type: 'pie', name: first.label, radius: ['30%', '65%'], data }
          : { type: 'funnel', name: first.label, sort: 'none', left: '10%', width: '80%', top: 40, data },
      ],
    };
  }

  return {
    ...base,
    grid: { left: 60, right: 20, top: 40, bottom: 60, containLabel: true },
    xAxis: { type: 'category', data: categories, axisLabel: { interval: 0, rotate: categories.length > 6 ? 30 : 0 } },
    yAxis: { type: 'value', axisLabel: { formatter: percentOnly ? '{value} %' : '{value}' } },
    series: chart.series.map((series) => ({
      type: chart.kind,
      name: series.label,
      data: rows.map((row) => plotValue(row[series.key], typeOf(series.key))),
      ...(chart.kind === 'line' ? { connectNulls: false, showSymbol: true } : {}),
    })),
  };
}
