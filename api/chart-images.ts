import { Resvg } from '@resvg/resvg-js';
import * as echarts from 'echarts';
import type { ReportChart, ReportColumn, ReportRow } from '../contracts/report';
import { chartOption } from '../contracts/report-chart';

/**
 * A report's chart as a PNG, for documents (the Word export): ECharts renders it on the server
 * as SVG (no DOM, no canvas: `ssr: true`), resvg turns the SVG into pixels with the system's
 * fonts. The very option the designer draws (contracts/report-chart.ts), with a title.
 */
export interface ChartImage {
  png: Buffer;
  width: number;
  height: number;
}

/**
 * The system's fonts. ECharts asks for `sans-serif`, which resvg maps to Arial unless told: on a
 * Linux server without it the text would fall back to a serif face. DejaVu Sans is what most
 * distributions carry; where it is missing resvg still falls back to any installed font.
 */
const SYSTEM_FONTS = { loadSystemFonts: true, sansSerifFamily: 'DejaVu Sans', defaultFontFamily: 'DejaVu Sans' };

/** Render a report's chart to PNG at the given size (CSS pixels; the image is drawn at 2× for print); null when it has none (a table only, or no rows). */
export function renderChartPng(title: string, chart: ReportChart, columns: ReportColumn[], rows: ReportRow[], width = 640, height = 320): ChartImage | null {
  const instance = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    const option = chartOption({ chart, columns, rows });
    if (!option) return null;
    instance.setOption({ ...option, title: { text: title, left: 'center', textStyle: { fontSize: 14 } } });
    const svg = instance.renderToSVGString();
    const png = new Resvg(svg, { background: 'white', fitTo: { mode: 'zoom', value: 2 }, font: SYSTEM_FONTS }).render().asPng();
    return { png, width, height };
  } finally {
    instance.dispose();
  }
}
