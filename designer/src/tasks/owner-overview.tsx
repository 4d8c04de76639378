import { useState } from 'react';
import { api } from '../api/client';
import { tasksApi, type TaskSummary } from '../api/tasks-client';
import { formatTime } from '../app/format-time';
import { LoadStatus } from '../app/load-status';
import { useLoaded } from '../contacts/use-loaded';
import { outcomeLabel, outcomeList } from './summary-model';

/**
 * The owner's view (seed 003: the owner follows how the contact campaign goes): for all
 * campaigns, one campaign or one of its runs, the calls open, overdue, done and cancelled per
 * campaign and per agent, and how the closed ones ended.
 */
export function OwnerOverview() {
  const [campaignId, setCampaignId] = useState('');
  const [runId, setRunId] = useState('');
  const campaigns = useLoaded(() => api.listCampaigns(), []);
  const runs = useLoaded(() => (campaignId ? api.getCampaign(campaignId).then((detail) => detail.runs) : Promise.resolve([])), [campaignId]);
  const summary = useLoaded(() => tasksApi.summary({ campaignId: campaignId || undefined, runId: runId || undefined }), [campaignId, runId]);
  const shown = summary.status === 'ready' ? summary.value : summary.status === 'loading' ? summary.previous : undefined;

  return (
    <div className="owner-overview" aria-busy={summary.status === 'loading'}>
      <div className="queue-filters" role="group" aria-label="Which calls">
        <label>
          <span className="visually-hidden">Campaign</span>
          <select
            aria-label="Campaign"
            value={campaignId}
            onChange={(event) => {
              setCampaignId(event.target.value);
              setRunId('');
            }}
          >
            <option value="">All campaigns</option>
            {campaigns.status === 'ready' &&
              campaigns.value.map((campaign) => (
                <option key={campaign.id} value={campaign.id}>
                  {campaign.name}
                </option>
              ))}
          </select>
        </label>
        {campaignId && (
          <label>
            <span className="visually-hidden">Run</span>
            <select aria-label="Run" value={runId} onChange={(event) => setRunId(event.target.value)}>
              <option value="">All runs</option>
              {runs.status === 'ready' &&
                runs.value.map((run) => (
                  <option key={run.id} value={run.id}>
                    Run of {formatTime(run.startedAt)} ({run.status})
                  </option>
                ))}
            </select>
          </label>
        )}
      </div>
      <LoadStatus loaded={campaigns} what="the campaigns" />
      {summary.status !== 'ready' && <LoadStatus loaded={summary} what="the calls" />}
      {shown && <SummaryTables summary={shown} onCampaign={setCampaignId} />}
    </div>
  );
}

const COUNT_HEADERS = ['Open', 'Overdue', 'Done', 'Cancelled'] as const;

/** The head of a table of counts: what each row is, the four counts, and an optional last column. */
function CountsHead({ first, last }: { first: string; last?: string }) {
  return (
    <thead>
      <tr>
        {[first, ...COUNT_HEADERS, ...(last ? [last] : [])].map((header) => (
          <th scope="col" key={header}>
            {header}
          </th>
        ))}
      </tr>
    </thead>
  );
}

function Counts({ counts }: { counts: { open: number; overdue: number; done: number; cancelled: number } }) {
  return (
    <>
      <td>{counts.open}</td>
      <td className={counts.overdue > 0 ? 'count--alert' : undefined}>{counts.overdue}</td>
      <td>{counts.done}</td>
      <td>{counts.cancelled}</td>
    </>
  );
}

function SummaryTables({ summary, onCampaign }: { summary: TaskSummary; onCampaign: (id: string) => void }) {
  if (summary.byCampaign.length === 0) return <p className="muted">No calls yet: they appear when a run reaches a call-back step.</p>;
  return (
    <>
      <table className="table summary-table" aria-label="Calls by campaign">
        <CountsHead first="Campaign" />
        <tbody>
          {summary.byCampaign.map((campaign) => (
            <tr key={campaign.campaignId}>
              <th scope="row">
                <button type="button" className="link-button" onClick={() => onCampaign(campaign.campaignId)}>
                  {campaign.campaignName}
                </button>
              </th>
              <Counts counts={campaign} />
            </tr>
          ))}
        </tbody>
        {summary.byCampaign.length > 1 && (
          <tfoot>
            <tr>
              <th scope="row">All</th>
              <Counts counts={summary.totals} />
            </tr>
          </tfoot>
        )}
      </table>

      <table className="table summary-table" aria-label="Calls by agent">
        <CountsHead first="Agent" last="Outcomes" />
        <tbody>
          {summary.byAgent.map((agent) => (
            <tr key={agent.assigneeId ?? 'unassigned'}>
              <th scope="row">{agent.assigneeName ?? <span className="muted">Not taken yet</span>}</th>
              <Counts counts={agent} />
              <td>{outcomeList(agent.outcomes) || <span className="muted">—</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <table className="table summary-table" aria-label="Closed calls by outcome">
        <thead>
          <tr>
            <th scope="col">Outcome</th>
            <th scope="col">Calls</th>
          </tr>
        </thead>
        <tbody>
          {summary.byOutcome.length === 0 && (
            <tr>
              <td colSpan={2} className="muted">
                No call closed yet.
              </td>
            </tr>
          )}
          {summary.byOutcome.map((row) => (
            <tr key={row.outcome}>
              <th scope="row">{outcomeLabel(row.outcome)}</th>
              <td>{row.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
