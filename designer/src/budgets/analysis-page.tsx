import { useEffect, useMemo, useState } from 'react';
import { analysisFileUrl, budgetsApi, type Analysis, type CampaignCosts } from '../api/budgets-client';
import { errorMessage } from '../api/client';
import { FormError } from '../app/form-error';
import { Link } from '../app/link';
import { LoadStatus } from '../app/load-status';
import { useLoaded } from '../contacts/use-loaded';
import { chartOption } from '../../../contracts/report-chart';
import { EChart } from '../reports/echart';
import { reportPath } from '../reports/report-query';
import { ReportTable } from '../reports/report-view';
import { achievedText, costsByChannelTable, IDLE_REFRESH_MS, LIVE_REFRESH_MS, overspent } from './analysis-model';
import { CostDetails } from './cost-details';
import { downloadFile } from './download-file';
import { countText, moneyText, percentText } from './figures';
import { ManualCostForm } from './manual-cost-form';
import './budgets.css';

/**
 * A campaign's post-analysis: result against plan, costs by channel, the budget left, revenue
 * attributed and incremental (against the holdout), ROI and ROMI. While a run goes the figures
 * are read again every few seconds; each figure links to the report that breaks it down.
 */
export function AnalysisPage({ campaignId }: { campaignId: string }) {
  const [round, setRound] = useState(0);
  const loaded = useLoaded(() => budgetsApi.analysis(campaignId), [campaignId, round]);
  const costsLoaded = useLoaded(() => budgetsApi.costs(campaignId), [campaignId, round]);
  const costs = costsLoaded.status === 'ready' ? costsLoaded.value : costsLoaded.status === 'loading' ? costsLoaded.previous : undefined;
  // While the next reading comes, the last one stays on screen.
  const analysis = loaded.status === 'ready' ? loaded.value : loaded.status === 'loading' ? loaded.previous : undefined;

  useEffect(() => {
    if (loaded.status === 'loading') return;
    const live = loaded.status === 'ready' && loaded.value.live;
    const timer = setTimeout(() => setRound((value) => value + 1), live ? LIVE_REFRESH_MS : IDLE_REFRESH_MS);
    return () => clearTimeout(timer);
  }, [loaded]);

  return (
    <div className="page analysis-page">
      <p>
        <Link href="/budget">← Budgets</Link> · <Link href={`/campaigns/${encodeURIComponent(campaignId)}/plan`}>Plan</Link> · <Link href="/reports">Reports</Link>
      </p>
      {!analysis && <LoadStatus loaded={loaded} what="the analysis" />}
      {loaded.status === 'failed' && analysis && <FormError message={`Could not refresh the figures: ${loaded.message}`} />}
      {analysis && <AnalysisBody analysis={analysis} costs={costs} onBooked={() => setRound((value) => value + 1)} />}
    </div>
  );
}

function AnalysisBody({ analysis, costs, onBooked }: { analysis: Analysis; costs: CampaignCosts | undefined; onBooked: () => void }) {
  const { campaign, currency } = analysis;
  const money = (amount: string | null) => moneyText(amount, currency);
  const byChannel = useMemo(() => costsByChannelTable(analysis), [analysis]);
  const option = useMemo(() => chartOption(byChannel), [byChannel]);
  const [pdfError, setPdfError] = useState<string | null>(null);
  const [pdfBusy, setPdfBusy] = useState(false);
  const filters = { campaignId: campaign.id };

  const pdf = async () => {
    setPdfBusy(true);
    setPdfError(null);
    try {
      await downloadFile(analysisFileUrl(campaign.id, 'pdf'), 'analysis.pdf');
    } catch (error) {
      setPdfError(errorMessage(error));
    } finally {
      setPdfBusy(false);
    }
  };

  return (
    <>
      <div className="analysis-page__head">
        <h1>Analysis: {campaign.name}</h1>
        <div className="analysis-page__exports">
          <a className="button" href={analysisFileUrl(campaign.id, 'docx')} download>
            Export to Word
          </a>
          <button type="button" className="button" onClick={() => void pdf()} disabled={pdfBusy}>
            {pdfBusy ? 'Making PDF…' : 'PDF'}
          </button>
        </div>
      </div>
      <FormError message={pdfError} />
      <p className="muted" role="status">
        {analysis.live ? <strong className="live-badge">Live</strong> : null} {analysis.live ? 'A run is going: the figures move as it works. ' : ''}
        {analysis.runs} run{analysis.runs === 1 ? '' : 's'} · figures as of {new Date(analysis.asOf).toLocaleTimeString()}
      </p>

      <section className="analysis-kpis" aria-label="Key figures">
        <Kpi label="Budget" value={money(analysis.costs.budget)} />
        <Kpi label="Spent" value={money(analysis.costs.actual)} figure="spent" />
        <Kpi label="Budget left" value={money(analysis.costs.budgetLeft)} warn={overspent(analysis)} figure="budget-left" />
        <Kpi label="Attributed revenue" value={money(analysis.revenue.attributed)} figure="revenue" />
        <Kpi label="Incremental revenue" value={money(analysis.revenue.incremental)} figure="incremental" />
        <Kpi label="ROI" value={percentText(analysis.roi)} figure="roi" />
        <Kpi label="ROMI" value={percentText(analysis.romi)} figure="romi" />
        <Kpi label="Predicted ROI" value={percentText(analysis.predictedRoi)} />
      </section>

      <section aria-label="Result against plan">
        <h2>Result against plan</h2>
        <table className="budget-table">
          <thead>
            <tr>
              <th scope="col">Figure</th>
              <th scope="col" className="num">Planned</th>
              <th scope="col" className="num">Actual</th>
              <th scope="col" className="num">Achieved</th>
              <th scope="col">Breakdown</th>
            </tr>
          </thead>
          <tbody>
            {analysis.results.map((result) => {
              const show = (value: string | null) => (result.metric === 'revenue' ? money(value) : countText(value));
              return (
                <tr key={result.metric}>
                  <td>{result.label}</td>
                  <td className="num">{show(result.planned)}</td>
                  <td className="num">{show(result.actual)}</td>
                  <td className="num">{achievedText(result.achieved)}</td>
                  <td>
                    <Link href={reportPath(result.report, filters)}>Rows</Link>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>

      <section aria-label="Costs by channel">
        <div className="report-view__head">
          <h2>Costs by channel</h2>
          <a className="button" href={`/api/campaigns/${encodeURIComponent(campaign.id)}/cost-entries?format=csv`} download>
            Ledger CSV
          </a>
        </div>
        <p className="muted">
          Planned {money(analysis.costs.planned)} · spent {money(analysis.costs.actual)} of a budget of {money(analysis.costs.budget)} ·{' '}
          <Link href={reportPath(analysis.costs.report, filters)}>the report</Link>
        </p>
        {byChannel.rows.length === 0 ? (
          <p className="muted">No cost booked yet.</p>
        ) : (
          <>
            {option && <EChart option={option} label="Costs by channel chart" height={260} />}
            <ReportTable columns={byChannel.columns} rows={byChannel.rows} />
          </>
        )}
        {costs && <CostDetails campaignId={campaign.id} costs={costs} onBooked={onBooked} />}
        <h3>Book a cost by hand</h3>
        <ManualCostForm campaignId={campaign.id} currency={currency} onBooked={onBooked} />
      </section>

      <section aria-label="Revenue">
        <h2>Revenue</h2>
        <dl className="analysis-facts">
          <dt>Members</dt>
          <dd>{countText(analysis.revenue.members)}</dd>
          <dt>Their orders in the attribution window</dt>
          <dd>
            {countText(analysis.revenue.orders)} orders, {money(analysis.revenue.ordersRevenue)}
          </dd>
          <dt>Won opportunities</dt>
          <dd>
            {countText(analysis.revenue.wonOpportunities)}, {money(analysis.revenue.wonOpportunitiesRevenue)}
          </dd>
          <dt>Attributed revenue</dt>
          <dd>{money(analysis.revenue.attributed)}</dd>
          <dt>Holdout (kept out)</dt>
          <dd>
            {countText(analysis.revenue.holdout)} contacts, {money(analysis.revenue.holdoutRevenue)}
          </dd>
          <dt>Incremental revenue</dt>
          <dd>{analysis.revenue.incremental === null ? 'No holdout to compare with: attributed revenue only' : money(analysis.revenue.incremental)}</dd>
          {analysis.revenue.otherCurrencyOrders > 0 && (
            <>
              <dt>Orders in another currency</dt>
              <dd>{countText(analysis.revenue.otherCurrencyOrders)} (not counted above)</dd>
            </>
          )}
        </dl>
        <p>
          <Link href={reportPath(analysis.revenue.report, filters)}>Holdout comparison and the rows behind it</Link>
        </p>
      </section>

      {analysis.businessResult && (
        <section aria-label="Business result">
          <h2>Business result</h2>
          {analysis.businessResult.message && <p className="muted">{analysis.businessResult.message}</p>}
          <dl className="analysis-facts">
            <dt>Sales in the period</dt>
            <dd>{money(analysis.businessResult.revenue)}</dd>
            <dt>Previous period</dt>
            <dd>{money(analysis.businessResult.previousRevenue)}</dd>
            <dt>Change</dt>
            <dd>
              {money(analysis.businessResult.change)} ({percentText(analysis.businessResult.changeRatio)})
            </dd>
          </dl>
        </section>
      )}

      {analysis.breakdowns.length > 0 && (
        <section aria-label="Breakdowns">
          <h2>Breakdowns</h2>
          <ul>
            {analysis.breakdowns.map((item) => (
              <li key={`${item.figure}-${item.report}`}>
                <Link href={reportPath(item.report, filters)}>{item.figure}</Link>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

function Kpi({ label, value, warn = false, figure }: { label: string; value: string; warn?: boolean; figure?: string }) {
  return (
    <div className={`kpi${warn ? ' kpi--warn' : ''}`}>
      <span className="kpi__label">{label}</span>
      <span className="kpi__value" data-figure={figure}>
        {value}
      </span>
    </div>
  );
}
