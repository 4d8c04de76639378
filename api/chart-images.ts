import { Resvg } from '@resvg/resvg-js';
import * as echarts from 'echarts';
import type { ReportChart, ReportColumn, ReportRow } from '../contracts/report';

/**
 * A report's chart as a PNG, for documents (the Word export): ECharts renders it on the server
 * as SVG (no DOM, no canvas: `ssr: true`), resvg turns the SVG into pixels with the system's
 * fonts. The same chart description the designer draws (contracts/report.ts ReportChart).
 */
export interface ChartImage {
  png: Buffer;
  width: number;
  height: number;
}

/** A cell as a number on the chart's value axis: money strings are parsed; null stays a gap. */
function valueOf(cell: ReportRow[string] | undefined): number | null {
  if (cell === null || cell === undefined) return null;
  const value = typeof cell === 'number' ? cell : Number(cell);
  return Number.isFinite(value) ? value : null;
}

/** The ECharts option for a report's chart over its rows. */
export function chartOption(title: string, chart: ReportChart, columns: ReportColumn[], rows: ReportRow[]): echarts.EChartsCoreOption {
  const categories = rows.map((row) => String(row[chart.category] ?? ''));
  const percent = (key: string) => columns.find((column) => column.key === key)?.type === 'percent';
  const seriesValues = (key: string) => rows.map((row) => {
    const value = valueOf(row[key]);
    return value === null ? null : percent(key) ? Math.round(value * 10_000) / 100 : value;
  });
  const base = { animation: false, title: { text: title, left: 'center', textStyle: { fontSize: 14 } }, legend: { bottom: 0 } };
  if (chart.kind === 'pie' || chart.kind === 'funnel') {
    const first = chart.series[0];
    const values = first ? seriesValues(first.key) : [];
    return {
      ...base,
      series: [{ type: chart.kind, name: first?.label ?? '', top: 40, bottom: 30, data: categories.map((name, index) => ({ name, value: values[index] ?? 0 })) }],
    };
  }
  return {
    ...base,
    grid: { left: 70, right: 20, top: 50, bottom: 60 },
    xAxis: { type: 'category', data: categories, axisLabel: { interval: 0, hideOverlap: true } },
    yAxis: { type: 'value' },
    series: chart.series.map((series) => ({ type: chart.kind === 'line' ? 'line' : 'bar', name: series.label, data: seriesValues(series.key) })),
  };
}

/**
 * The system's fonts. ECharts asks for `sans-serif`, which resvg maps to Arial unless told: on a
 * Linux server without it the text would fall back to a serif face. DejaVu Sans is what most
 * distributions carry; where it is missing resvg still falls back to any installed font.
 */
const SYSTEM_FONTS = { loadSystemFonts: true, sansSerifFamily: 'DejaVu Sans', defaultFontFamily: 'DejaVu Sans' };

/** Render a report's chart to PNG at the given size (CSS pixels; the image is drawn at 2× for print). */
export function renderChartPng(title: string, chart: ReportChart, columns: ReportColumn[], rows: ReportRow[], width = 640, height = 320): ChartImage {
  const instance = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    instance.setOption(chartOption(title, chart, columns, rows));
    const svg = instance.renderToSVGString();
    const png = new Resvg(svg, { background: 'white', fitTo: { mode: 'zoom', value: 2 }, font: SYSTEM_FONTS }).render().asPng();
    return { png, width, height };
  } finally {
    instance.dispose();
  }
}
