import { api } from '../api/client';
import { formatTime } from '../app/format-time';
import { LoadStatus } from '../app/load-status';
import { useLoaded } from '../contacts/use-loaded';

/**
 * Every campaign, newest first, read-only: what a budget owner starts from. The flow's name
 * comes from the flows list; should that fail, the campaigns still show, without it.
 */
export function CampaignListPage() {
  const listing = useLoaded(async () => {
    const [campaigns, flows] = await Promise.all([api.listCampaigns(), api.listFlows().catch(() => [])]);
    return { campaigns, flowNames: new Map(flows.map((flow) => [flow.id, flow.name])) };
  }, []);

  return (
    <div className="page">
      <div className="page__header">
        <h1>Campaigns</h1>
      </div>
      <LoadStatus loaded={listing} what="the campaigns" />
      {listing.status === 'ready' && listing.value.campaigns.length === 0 && <p className="muted">No campaigns yet: a campaign is made the first time a flow is run.</p>}
      {listing.status === 'ready' && listing.value.campaigns.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Flow</th>
              <th scope="col">Kind</th>
              <th scope="col">Goal</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {listing.value.campaigns.map((campaign) => (
              <tr key={campaign.id}>
                <td>{campaign.name}</td>
                <td>{listing.value.flowNames.get(campaign.flowId) ?? <span className="muted">{campaign.flowId}</span>}</td>
                <td>{campaign.kind}</td>
                <td>{campaign.goal ?? <span className="muted">—</span>}</td>
                <td className="table__time">{formatTime(campaign.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
