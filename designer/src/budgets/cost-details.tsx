import { useState } from 'react';
import { budgetsApi, type CampaignCosts } from '../api/budgets-client';
import { FormError } from '../app/form-error';
import { useSubmit } from '../app/use-submit';
import { countText, moneyText } from './figures';
import { ITEM_LABELS, type UnitCostItem } from './unit-cost-draft';

const enc = encodeURIComponent;

/** The ledger lines behind one row of the cost by node table, as CSV (B1's filters: run, node, channel). */
function linesUrl(campaignId: string, row: CampaignCosts['byNode'][number]): string {
  const search = new URLSearchParams({ format: 'csv', channel: row.channel });
  if (row.runId) search.set('runId', row.runId);
  if (row.runId && row.nodeId) search.set('nodeId', row.nodeId);
  return `/api/campaigns/${enc(campaignId)}/cost-entries?${search.toString()}`;
}

const itemLabel = (item: string) => ITEM_LABELS[item as UnitCostItem] ?? item;

/**
 * Where the money went, node by node, each row with the ledger lines behind it; and what
 * happened without a cost line (a gap, not a zero): sends or calls with no unit cost valid on
 * their day, or not booked yet, with the button that books them once a price is set.
 */
export function CostDetails({ campaignId, costs, onBooked }: { campaignId: string; costs: CampaignCosts; onBooked: () => void }) {
  const submit = useSubmit();
  const [booked, setBooked] = useState<number | null>(null);
  const money = (amount: string) => moneyText(amount, costs.currency);
  const bookMissing = () =>
    submit.run(async () => {
      setBooked((await budgetsApi.bookMissingCosts(campaignId)).booked);
      onBooked();
    });

  return (
    <>
      {costs.missingCosts.length > 0 && (
        <div className="missing-costs" role="alert" aria-label="Costs missing">
          <strong>Not in the ledger yet:</strong>
          <ul>
            {costs.missingCosts.map((gap) => (
              <li key={`${gap.item}-${gap.reason}`}>
                {countText(gap.count)} × {itemLabel(gap.item)} ({gap.firstDay}
                {gap.lastDay !== gap.firstDay ? ` – ${gap.lastDay}` : ''}):{' '}
                {gap.reason === 'no_unit_cost' ? 'no unit cost was valid on the day — set one on the Unit costs page' : 'a unit cost is valid, the lines are not booked yet'}
              </li>
            ))}
          </ul>
          {costs.missingCosts.some((gap) => gap.reason === 'not_booked') && (
            <button type="button" className="button" disabled={submit.busy} onClick={() => void bookMissing()}>
              Book them now
            </button>
          )}
          <FormError message={submit.error} />
        </div>
      )}
      {booked !== null && (
        <p role="status" className="muted">
          {countText(booked)} line{booked === 1 ? '' : 's'} booked.
        </p>
      )}
      {costs.otherCurrencies.length > 0 && (
        <p className="muted">
          Also booked in other currencies (not converted, not in the figures above):{' '}
          {costs.otherCurrencies.map((other) => `${moneyText(other.amount, other.currency)} in ${countText(other.lines)} lines`).join('; ')}
        </p>
      )}
      {costs.byNode.length > 0 && (
        <>
          <h3>Cost by node</h3>
          <table className="budget-table" aria-label="Cost by node">
            <thead>
              <tr>
                <th scope="col">Run</th>
                <th scope="col">Node</th>
                <th scope="col">Channel</th>
                <th scope="col" className="num">Actual</th>
                <th scope="col" className="num">Lines</th>
                <th scope="col">
                  <span className="visually-hidden">Ledger lines</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {costs.byNode.map((row) => (
                <tr key={`${row.runId ?? ''}-${row.nodeId ?? ''}-${row.channel}`}>
                  <td>{row.runId ? row.runId.slice(0, 8) : 'by hand'}</td>
                  <td>{row.nodeId ?? '—'}</td>
                  <td>{row.channel}</td>
                  <td className="num">{money(row.actual)}</td>
                  <td className="num">{countText(row.lines)}</td>
                  <td>
                    <a href={linesUrl(campaignId, row)} download>
                      Lines (CSV)
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}
