import { useMemo } from 'react';
import { importReportUrl, type ImportJob } from '../api/crm-client';
import { Link } from '../app/link';
import { REPORT_ROWS_SHOWN, countOf, sortedProblems } from './import-report';

/** What one written row is called, per job kind. */
const ROW_NAMES: Record<string, [one: string, many: string]> = {
  contacts: ['contact', 'contacts'],
  companies: ['company', 'companies'],
  sales: ['sales line', 'sales lines'],
};

/** The end of an import job: the counts when it was written, the full report when it was refused. */
export function ImportResult({ job }: { job: ImportJob }) {
  return job.status === 'completed' ? <ImportSucceeded job={job} /> : <ImportRefused job={job} />;
}

function ImportSucceeded({ job }: { job: ImportJob }) {
  const [one, many] = ROW_NAMES[job.kind] ?? ['row', 'rows'];
  return (
    <section className="import-result import-result--ok" aria-labelledby="import-result-title">
      <h2 id="import-result-title">Import complete</h2>
      {/* A kind that counts in its own words (sales: orders and lines) says so in the report's message. */}
      <p role="status">{job.report.message ? `${job.report.message}.` : `${countOf(job.insertedRows, one, many)} created, ${job.updatedRows.toLocaleString('en')} updated.`}</p>
      <p>
        <Link href="/contacts">Show the contacts</Link>
      </p>
    </section>
  );
}

function ImportRefused({ job }: { job: ImportJob }) {
  const problems = useMemo(() => sortedProblems(job.report.errors), [job.report.errors]);
  const shown = problems.slice(0, REPORT_ROWS_SHOWN);
  return (
    <section className="import-result import-result--refused" aria-labelledby="import-result-title">
      <h2 id="import-result-title">Nothing was imported</h2>
      <p role="alert">{job.report.message ?? 'The import failed.'}</p>
      {problems.length > 0 && (
        <>
          <p className="muted">
            The file is imported whole or not at all. Fix {problems.length === 1 ? 'this line' : 'these lines'}, then pick the fixed file above and start again.
          </p>
          {problems.length > shown.length && (
            <p>
              Showing the first {shown.length.toLocaleString('en')} of {problems.length.toLocaleString('en')} problems. <ReportDownload job={job} />
            </p>
          )}
          <table className="table import-report">
            <caption className="visually-hidden">Lines to fix</caption>
            <thead>
              <tr>
                <th scope="col">Line</th>
                <th scope="col">Column</th>
                <th scope="col">Value</th>
                <th scope="col">Problem</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((problem, index) => (
                <tr key={index}>
                  <td className="import-report__line">{problem.line}</td>
                  <td>{problem.column ?? <span className="muted">whole line</span>}</td>
                  <td className="import-report__value">{problem.value ?? ''}</td>
                  <td>{problem.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {problems.length <= shown.length && problems.length > 20 && (
            <p>
              <ReportDownload job={job} />
            </p>
          )}
        </>
      )}
    </section>
  );
}

/**
 * The whole report as a CSV download. The server writes it: the report quotes the file's own
 * cells, and only its CSV writer neutralises the ones a spreadsheet would run as formulas.
 */
function ReportDownload({ job }: { job: ImportJob }) {
  return (
    <a href={importReportUrl(job.id)} download={`import-problems-${job.id}.csv`}>
      Download all {job.report.errors.length.toLocaleString('en')} problems (CSV)
    </a>
  );
}
