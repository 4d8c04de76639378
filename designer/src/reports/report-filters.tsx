import type { ReportDefinition, ReportFilters } from '../api/budgets-client';
import type { Campaign } from '../api/client';

export interface StoreOption {
  id: string;
  name: string;
}

/**
 * The filters a report honours — period, campaign, store — and nothing it would refuse. Each
 * change is handed up at once (the page keeps them in its address and reloads the rows).
 */
export function ReportFiltersBar({
  definition,
  filters,
  campaigns,
  stores,
  onChange,
}: {
  definition: ReportDefinition;
  filters: ReportFilters;
  campaigns: Campaign[];
  /** null: the person may not list stores, so the store filter is not offered. */
  stores: StoreOption[] | null;
  onChange: (filters: ReportFilters) => void;
}) {
  const honours = (name: keyof ReportFilters) => definition.filters.includes(name);
  const set = (name: keyof ReportFilters, value: string) => onChange({ ...filters, [name]: value === '' ? undefined : value });
  if (!['campaignId', 'from', 'to', 'storeId'].some((name) => honours(name as keyof ReportFilters))) {
    return <p className="muted">This report takes no filter.</p>;
  }
  return (
    <div className="report-filters" role="group" aria-label="Filters">
      {honours('campaignId') && (
        <label className="field">
          <span className="field__label">Campaign</span>
          <select value={filters.campaignId ?? ''} onChange={(event) => set('campaignId', event.target.value)}>
            <option value="">{definition.requires.includes('campaignId') ? 'Choose a campaign…' : 'All campaigns'}</option>
            {campaigns.map((campaign) => (
              <option key={campaign.id} value={campaign.id}>
                {campaign.name}
              </option>
            ))}
          </select>
        </label>
      )}
      {honours('from') && (
        <label className="field">
          <span className="field__label">From</span>
          <input type="date" value={filters.from ?? ''} onChange={(event) => set('from', event.target.value)} />
        </label>
      )}
      {honours('to') && (
        <label className="field">
          <span className="field__label">To (included)</span>
          <input type="date" value={filters.to ?? ''} onChange={(event) => set('to', event.target.value)} />
        </label>
      )}
      {honours('storeId') && stores && (
        <label className="field">
          <span className="field__label">Store</span>
          <select value={filters.storeId ?? ''} onChange={(event) => set('storeId', event.target.value)}>
            <option value="">All stores</option>
            {stores.map((store) => (
              <option key={store.id} value={store.id}>
                {store.name}
              </option>
            ))}
          </select>
        </label>
      )}
    </div>
  );
}
