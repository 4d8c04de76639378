import { budgetsApi } from '../api/budgets-client';
import { Link } from '../app/link';
import { LoadStatus } from '../app/load-status';
import { useLoaded } from '../contacts/use-loaded';
import { reportPath } from './report-query';
import './reports.css';

const CHART_NAMES = { bar: 'Bar chart', line: 'Line chart', funnel: 'Funnel', pie: 'Pie chart', table: 'Table' } as const;

/** The report catalogue: every report with what it counts; each opens with its chart, table and CSV. */
export function ReportsPage() {
  const catalogue = useLoaded(() => budgetsApi.reportCatalogue(), []);
  return (
    <div className="page reports-page">
      <h1>Reports</h1>
      <LoadStatus loaded={catalogue} what="the reports" />
      {catalogue.status === 'ready' && (
        <ul className="report-catalogue">
          {catalogue.value.map((report) => (
            <li key={report.id} className="report-catalogue__item">
              <Link href={reportPath(report.id)} className="report-catalogue__title">
                {report.title}
              </Link>
              <span className="report-catalogue__kind">{CHART_NAMES[report.chart]}</span>
              <p className="muted">{report.description}</p>
              {report.requires.includes('campaignId') && <p className="muted report-catalogue__needs">About one campaign: choose it on the report.</p>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
