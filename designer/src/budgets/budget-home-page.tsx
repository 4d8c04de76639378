import { useEffect, useState } from 'react';
import { budgetsApi } from '../api/budgets-client';
import { api, errorMessage } from '../api/client';
import { Link } from '../app/link';
import { LoadStatus } from '../app/load-status';
import { navigate } from '../app/router';
import { useLoaded } from '../contacts/use-loaded';
import { IDLE_REFRESH_MS, LIVE_REFRESH_MS } from './analysis-model';
import { eachLimited, homeOrder, statusText, type CampaignFigures } from './campaign-figures';
import { moneyText, percentText } from './figures';
import './budgets.css';

/**
 * The budget owner's home: every campaign with its budget, what it has spent, the revenue
 * attributed to it, ROI and status; a click opens the campaign's analysis. The figures are the
 * post-analysis's own (GET /api/campaigns/:id/analysis), so home and analysis never disagree.
 */
export function BudgetHomePage() {
  // `round` moves on while a campaign runs: the list (its run status) and every figure are read again.
  const [round, setRound] = useState(0);
  const campaigns = useLoaded(() => api.listCampaigns(), [round]);
  const [rows, setRows] = useState<CampaignFigures[]>([]);

  useEffect(() => {
    if (campaigns.status !== 'ready') return;
    let current = true;
    setRows((before) =>
      // The figures read before stay on screen until the new ones come.
      campaigns.value.map((campaign) => ({ campaign, analysis: before.find((row) => row.campaign.id === campaign.id && row.analysis.status === 'ready')?.analysis ?? { status: 'loading' } })),
    );
    const settle = (id: string, analysis: CampaignFigures['analysis']) =>
      current && setRows((before) => before.map((row) => (row.campaign.id === id ? { ...row, analysis } : row)));
    void eachLimited(campaigns.value, 4, async (campaign) => {
      try {
        settle(campaign.id, { status: 'ready', value: await budgetsApi.analysis(campaign.id) });
      } catch (error) {
        settle(campaign.id, { status: 'failed', message: errorMessage(error) });
      }
    });
    return () => {
      current = false;
    };
  }, [campaigns]);

  const anyLive = rows.some((row) => row.analysis.status === 'ready' && row.analysis.value.live);
  const settled = rows.length > 0 && rows.every((row) => row.analysis.status !== 'loading');
  useEffect(() => {
    if (!settled) return;
    const timer = setTimeout(() => setRound((value) => value + 1), anyLive ? LIVE_REFRESH_MS : IDLE_REFRESH_MS);
    return () => clearTimeout(timer);
  }, [anyLive, settled, rows]);

  return (
    <div className="page budget-home">
      <div className="budget-home__head">
        <h1>Budgets</h1>
        <nav className="budget-home__links" aria-label="Budget tools">
          <Link href="/reports">Reports</Link>
          <Link href="/unit-costs">Unit costs</Link>
        </nav>
      </div>
      {rows.length === 0 && <LoadStatus loaded={campaigns} what="the campaigns" />}
      {campaigns.status === 'ready' && campaigns.value.length === 0 && <p className="muted">No campaign yet.</p>}
      {rows.length > 0 && (
        <table className="budget-table">
          <thead>
            <tr>
              <th scope="col">Campaign</th>
              <th scope="col">Status</th>
              <th scope="col" className="num">Budget</th>
              <th scope="col" className="num">Spent</th>
              <th scope="col" className="num">Revenue</th>
              <th scope="col" className="num">ROI</th>
              <th scope="col">
                <span className="visually-hidden">Plan</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {homeOrder(rows).map(({ campaign, analysis }) => {
              const value = analysis.status === 'ready' ? analysis.value : null;
              const href = `/campaigns/${encodeURIComponent(campaign.id)}/analysis`;
              return (
                <tr key={campaign.id} className="budget-table__row" data-campaign={campaign.name} onClick={() => navigate(href)}>
                  <td>
                    <Link href={href} onClick={(event) => event.stopPropagation()}>
                      {campaign.name}
                    </Link>
                  </td>
                  <td>{statusText(campaign, value)}</td>
                  {value ? (
                    <>
                      <td className="num">{moneyText(value.costs.budget, value.currency)}</td>
                      <td className="num">{moneyText(value.costs.actual, value.currency)}</td>
                      <td className="num">{moneyText(value.revenue.attributed, value.currency)}</td>
                      <td className="num" data-figure="roi">
                        {percentText(value.roi)}
                      </td>
                    </>
                  ) : (
                    <td colSpan={4} className="muted">
                      {analysis.status === 'failed' ? `Figures not available: ${analysis.message}` : 'Reading figures…'}
                    </td>
                  )}
                  <td>
                    <Link href={`/campaigns/${encodeURIComponent(campaign.id)}/plan`} onClick={(event) => event.stopPropagation()}>
                      Plan
                    </Link>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}
