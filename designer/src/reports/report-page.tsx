import { budgetsApi, type ReportFilters, type ReportId } from '../api/budgets-client';
import { api } from '../api/client';
import { peopleApi } from '../api/people-client';
import { Link } from '../app/link';
import { LoadStatus } from '../app/load-status';
import { usePrincipal } from '../auth/session';
import { navigate, useLocation } from '../app/router';
import { useLoaded } from '../contacts/use-loaded';
import { ReportFiltersBar } from './report-filters';
import { filtersOf, missingFilter, periodProblem, reportPath } from './report-query';
import { ReportView } from './report-view';
import './reports.css';

/** One report of the catalogue: its filters (in the address), chart, table and CSV. */
export function ReportPage({ reportId }: { reportId: string }) {
  const location = useLocation();
  const catalogue = useLoaded(() => budgetsApi.reportCatalogue(), []);
  const campaigns = useLoaded(() => api.listCampaigns(), []);
  // Listing stores needs crm:read, which reading reports does not give: without it the store filter is not offered (and not asked for).
  const mayListStores = usePrincipal().permissions.includes('crm:read');
  const stores = useLoaded(
    () => (mayListStores ? peopleApi.listStores().then((list) => list.items.map((store) => ({ id: store.id, name: store.name }))) : Promise.resolve(null)),
    [mayListStores],
  );
  const definition = catalogue.status === 'ready' ? catalogue.value.find((report) => report.id === reportId) : undefined;
  const filters = definition ? filtersOf(location.searchParams, definition) : {};
  const blocked = definition ? (missingFilter(definition, filters) ?? periodProblem(filters)) : null;
  const filterKey = JSON.stringify(filters);
  const result = useLoaded(
    () => (definition && !blocked ? budgetsApi.report(definition.id as ReportId, filters) : Promise.resolve(null)),
    [definition?.id, filterKey, blocked],
  );

  const change = (next: ReportFilters) => navigate(reportPath(reportId, next), { replace: true });

  return (
    <div className="page report-page">
      <p>
        <Link href="/reports">← All reports</Link>
      </p>
      <LoadStatus loaded={catalogue} what="the report catalogue" />
      {catalogue.status === 'ready' && !definition && <h1>No report “{reportId}”</h1>}
      {definition && (
        <>
          <h1>{definition.title}</h1>
          <ReportFiltersBar
            definition={definition}
            filters={filters}
            campaigns={campaigns.status === 'ready' ? campaigns.value : []}
            stores={stores.status === 'ready' ? stores.value : null}
            onChange={change}
          />
          {blocked ? (
            <p className="muted" role="status">
              {blocked}
            </p>
          ) : (
            <>
              <LoadStatus loaded={result} what="the report" />
              {result.status === 'ready' && result.value && <ReportView result={result.value} filters={filters} titled={false} />}
            </>
          )}
        </>
      )}
    </div>
  );
}
