import { useState } from 'react';
import { api, type Campaign } from '../api/client';
import { Link } from '../app/link';
import { LoadStatus } from '../app/load-status';
import { usePrincipal } from '../auth/session';
import { useLoaded } from '../contacts/use-loaded';
import { mailText, validityText } from './campaign-draft';
import { CampaignForm } from './campaign-form';
import './campaigns.css';

const muted = (text: string) => <span className="muted">{text}</span>;

/**
 * The campaign catalogue (seed 004): every campaign, newest first, with its code, type,
 * validity, promoted product, owner and how its latest run stands. Whoever may write campaigns
 * (campaigns:write) creates and edits them here; a budget owner reads.
 */
export function CampaignListPage() {
  const { permissions } = usePrincipal();
  const mayWrite = permissions.includes('campaigns:write');
  // Budget owners (reports:read) reach each campaign's plan and post-analysis from here.
  const mayBudget = permissions.includes('reports:read');
  const [reload, setReload] = useState(0);
  /** The form: a new campaign, one being edited, or none. */
  const [editing, setEditing] = useState<{ campaign?: Campaign } | null>(null);
  const listing = useLoaded(() => api.listCampaigns(), [reload]);

  const saved = () => {
    setEditing(null);
    setReload((n) => n + 1);
  };

  return (
    <div className="page">
      <div className="page__header">
        <h1>Campaigns</h1>
        {mayWrite && !editing && (
          <button type="button" className="button button--primary" onClick={() => setEditing({})}>
            New campaign
          </button>
        )}
      </div>
      {editing && <CampaignForm key={editing.campaign?.id ?? 'new'} campaign={editing.campaign} onSaved={saved} onCancel={() => setEditing(null)} />}
      <LoadStatus loaded={listing} what="the campaigns" />
      {listing.status === 'ready' && listing.value.length === 0 && <p className="muted">No campaigns yet: a campaign is made here, or the first time a flow is run.</p>}
      {listing.status === 'ready' && listing.value.length > 0 && (
        <table className="table" aria-label="Campaigns">
          <thead>
            <tr>
              <th scope="col">Code</th>
              <th scope="col">Name</th>
              <th scope="col">Type</th>
              <th scope="col">Validity</th>
              <th scope="col">Product</th>
              <th scope="col">Mail</th>
              <th scope="col">Owner</th>
              <th scope="col">Latest run</th>
              {(mayWrite || mayBudget) && <th scope="col"><span className="visually-hidden">Actions</span></th>}
            </tr>
          </thead>
          <tbody>
            {listing.value.map((campaign) => (
              <tr key={campaign.id}>
                <td>{campaign.code ? <code>{campaign.code}</code> : muted('—')}</td>
                <td>{campaign.name}</td>
                <td>{campaign.kind}</td>
                <td>{validityText(campaign)}</td>
                <td>{campaign.productName ?? muted('—')}</td>
                <td>{mailText(campaign)}</td>
                <td>{campaign.ownerName ?? muted('—')}</td>
                <td>{campaign.latestRun ? <span className={`run-status run-status--${campaign.latestRun.status}`}>{campaign.latestRun.status}</span> : muted('never run')}</td>
                {(mayWrite || mayBudget) && (
                  <td className="campaign-actions">
                    {mayWrite && (
                      <button type="button" className="button" aria-label={`Edit ${campaign.name}`} onClick={() => setEditing({ campaign })}>
                        Edit
                      </button>
                    )}
                    {mayBudget && (
                      <>
                        <Link href={`/campaigns/${encodeURIComponent(campaign.id)}/plan`} aria-label={`Plan of ${campaign.name}`}>
                          Plan
                        </Link>
                        <Link href={`/campaigns/${encodeURIComponent(campaign.id)}/analysis`} aria-label={`Analysis of ${campaign.name}`}>
                          Analysis
                        </Link>
                      </>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
