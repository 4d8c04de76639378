import { useMemo } from 'react';
import { reportUrl, type ReportFilters, type ReportResult } from '../api/budgets-client';
import { chartOption } from '../../../contracts/report-chart';
import { EChart } from './echart';
import { cellText, isNumeric } from './report-cells';

/**
 * A report as a budget owner reads it: the chart, the table it is drawn from, and that table as
 * CSV. `titled: false` where the page's own heading already names the report.
 */
export function ReportView({ result, filters, titled = true }: { result: ReportResult; filters: ReportFilters; titled?: boolean }) {
  const option = useMemo(() => chartOption(result), [result]);
  return (
    <section className="report-view" aria-label={result.report.title} data-report={result.report.id}>
      <div className="report-view__head">
        {titled ? <h2>{result.report.title}</h2> : <span />}
        <a className="button" href={reportUrl(result.report.id, filters, 'csv')} download={`${result.report.id}.csv`}>
          Download CSV
        </a>
      </div>
      <p className="muted">{result.report.description}</p>
      {result.rows.length === 0 ? (
        <p className="muted report-view__empty">Nothing to show for these filters yet.</p>
      ) : (
        <>
          {option && <EChart option={option} label={`${result.report.title} chart`} />}
          <ReportTable columns={result.columns} rows={result.rows} />
        </>
      )}
    </section>
  );
}

/** A report's rows under its column labels, each cell written as its column's type says. */
export function ReportTable({ columns, rows }: Pick<ReportResult, 'columns' | 'rows'>) {
  return (
    <div className="report-table__wrap">
      <table className="report-table">
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.key} className={isNumeric(column.type) ? 'num' : undefined} scope="col">
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <tr key={index}>
              {columns.map((column) => (
                <td key={column.key} className={isNumeric(column.type) ? 'num' : undefined}>
                  {cellText(row[column.key], column.type)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
