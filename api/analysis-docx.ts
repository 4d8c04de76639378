import { AlignmentType, Document, HeadingLevel, ImageRun, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { Analysis, ReportCell, ReportColumn, ReportResult } from '../contracts/report';
import { renderChartPng } from './chart-images';

/**
 * A campaign's post-analysis as a Word document (the `docx` package): the plan, the results
 * against it, the costs by channel, revenue and the holdout comparison, ROI and ROMI, and the
 * charts of the reports that break them down as PNG images with their tables. The figures are
 * the ones GET /api/campaigns/:id/analysis answers with, written the same way.
 */

/** A ratio as a person reads it: 0.2534 → "25.3 %". */
export function percentText(ratio: number | null): string {
  return ratio === null ? '—' : `${(ratio * 100).toFixed(1)} %`;
}

function cellText(value: ReportCell | undefined, type: ReportColumn['type']): string {
  if (value === null || value === undefined) return '—';
  if (type === 'percent' && typeof value === 'number') return percentText(value);
  return String(value);
}

function table(header: string[], rows: string[][]): Table {
  const line = (cells: string[], bold: boolean) =>
    new TableRow({
      tableHeader: bold,
      children: cells.map(
        (text, index) =>
          new TableCell({
            children: [new Paragraph({ alignment: index === 0 ? AlignmentType.LEFT : AlignmentType.RIGHT, children: [new TextRun({ text, bold })] })],
          }),
      ),
    });
  return new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: [line(header, true), ...rows.map((row) => line(row, false))] });
}

function heading(text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel] = HeadingLevel.HEADING_1): Paragraph {
  return new Paragraph({ heading: level, spacing: { before: 240, after: 120 }, children: [new TextRun(text)] });
}

function line(label: string, value: string): Paragraph {
  return new Paragraph({ children: [new TextRun({ text: `${label}: `, bold: true }), new TextRun(value)] });
}

/** A report's chart (when it has rows) and its table. */
function reportSection(report: ReportResult): (Paragraph | Table)[] {
  const parts: (Paragraph | Table)[] = [heading(report.report.title, HeadingLevel.HEADING_2), new Paragraph({ children: [new TextRun({ text: report.report.description, italics: true })] })];
  if (report.rows.length === 0) return [...parts, new Paragraph('Nothing to show yet.')];
  const image = renderChartPng(report.report.title, report.chart, report.columns, report.rows);
  if (image) parts.push(new Paragraph({ children: [new ImageRun({ type: 'png', data: image.png, transformation: { width: image.width, height: image.height } })] }));
  parts.push(table(report.columns.map((column) => column.label), report.rows.map((row) => report.columns.map((column) => cellText(row[column.key], column.type)))));
  return parts;
}

export async function analysisDocx(analysis: Analysis, reports: ReportResult[]): Promise<Buffer> {
  const { campaign, plan, currency } = analysis;
  const money = (amount: string | null) => (amount === null ? '—' : `${amount} ${currency}`);
  const period = [campaign.validFrom, campaign.validTo].filter(Boolean).join(' – ') || 'no period set';
  const body: (Paragraph | Table)[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(`Post-analysis: ${campaign.name}`)] }),
    line('Campaign period', period),
    line('Figures as of', `${analysis.asOf.slice(0, 16).replace('T', ' ')} UTC${analysis.live ? ' (a run is still going: provisional)' : ''}`),
    line('Runs', String(analysis.runs)),

    heading('Plan'),
    line('Budget', money(plan.budget)),
    line('Attribution window', `${plan.attributionDays} days after contact`),
    line('Holdout share', `${plan.holdoutPercent} %`),
    line('Predicted ROI', percentText(plan.predictedRoi)),
    table(['Planned cost by channel', 'Amount'], plan.plannedCosts.map((cost) => [cost.channel, money(cost.amount)])),

    heading('Results against the plan'),
    table(
      ['Figure', 'Planned', 'Actual', 'Achieved'],
      analysis.results.map((result) => [
        result.label,
        result.planned === null ? '—' : result.metric === 'revenue' ? money(result.planned) : result.planned,
        result.metric === 'revenue' ? money(result.actual) : result.actual,
        percentText(result.achieved),
      ]),
    ),

    heading('Costs'),
    table(
      ['Channel', 'Planned', 'Actual', 'Ledger lines'],
      analysis.costs.byChannel.map((row) => [row.channel, money(row.planned), money(row.actual), String(row.lines)]),
    ),
    line('Planned in total', money(analysis.costs.planned)),
    line('Spent', money(analysis.costs.actual)),
    line('Budget left', money(analysis.costs.budgetLeft)),

    heading('Revenue and return'),
    table(
      ['Figure', 'Value'],
      [
        ['Members', String(analysis.revenue.members)],
        ["Members' orders in the window", `${analysis.revenue.orders} · ${money(analysis.revenue.ordersRevenue)}`],
        ['Won opportunities', `${analysis.revenue.wonOpportunities} · ${money(analysis.revenue.wonOpportunitiesRevenue)}`],
        ['Attributed revenue', money(analysis.revenue.attributed)],
        ['Held out', String(analysis.revenue.holdout)],
        ['Holdout revenue', money(analysis.revenue.holdoutRevenue)],
        ['Incremental revenue', analysis.revenue.incremental === null ? '— (no holdout)' : money(analysis.revenue.incremental)],
        ['ROI', percentText(analysis.roi)],
        ['ROMI', percentText(analysis.romi)],
      ],
    ),
    line('ROI', percentText(analysis.roi)),
    line('ROMI', percentText(analysis.romi)),
  ];
  if (analysis.revenue.otherCurrencyOrders > 0) {
    body.push(new Paragraph(`${analysis.revenue.otherCurrencyOrders} order(s) in another currency than ${currency} are not added.`));
  }
  if (analysis.businessResult) {
    const result = analysis.businessResult;
    body.push(heading('Business result (general campaign)'));
    if (result.message) body.push(new Paragraph(result.message));
    else {
      body.push(
        line('Sales in the period', `${result.from} – ${result.to}: ${money(result.revenue)}`),
        line('The previous period', money(result.previousRevenue)),
        line('Change', `${money(result.change)} (${percentText(result.changeRatio)})`),
      );
    }
  }
  body.push(heading('Breakdowns'));
  for (const report of reports) body.push(...reportSection(report));

  const document = new Document({
    creator: 'Campaign Studio',
    title: `Post-analysis: ${campaign.name}`,
    sections: [{ children: body }],
  });
  return Packer.toBuffer(document);
}
