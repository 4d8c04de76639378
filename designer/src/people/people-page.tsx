import type { Permission } from '../../../contracts/permissions';
import { LoadStatus } from '../app/load-status';
import { navigate, useLocation } from '../app/router';
import { usePrincipal } from '../auth/session';
import { StoresTab } from './stores-tab';
import { TeamsTab } from './teams-tab';
import { TokensTab } from './tokens-tab';
import { useOrg } from './use-org';
import { UsersTab } from './users-tab';
import './people.css';

/** The tabs, each shown to whoever holds its permission; the open one is `?tab=` (a link can name it). */
const TABS = [
  { id: 'users', label: 'Users', permission: 'users:manage' },
  { id: 'stores', label: 'Stores', permission: 'org:manage' },
  { id: 'teams', label: 'Teams', permission: 'org:manage' },
  { id: 'tokens', label: 'API tokens', permission: 'tokens:manage' },
] as const satisfies readonly { id: string; label: string; permission: Permission }[];

type TabId = (typeof TABS)[number]['id'];

/** The administrator's screen: users and their roles, stores, teams and API tokens. */
export function PeoplePage() {
  const { permissions } = usePrincipal();
  const tabs = TABS.filter((tab) => permissions.includes(tab.permission));
  const asked = useLocation().searchParams.get('tab');
  const open: TabId = tabs.find((tab) => tab.id === asked)?.id ?? tabs[0]?.id ?? 'users';
  const { org, reload } = useOrg();

  return (
    <div className="page people-page">
      <div className="page__header">
        <h1>People</h1>
      </div>
      <div className="people-tabs" role="tablist" aria-label="People">
        {tabs.map((tab) => (
          <button
            key={tab.id}
            type="button"
            role="tab"
            id={`people-tab-${tab.id}`}
            aria-selected={tab.id === open}
            aria-controls="people-panel"
            className="people-tabs__tab"
            onClick={() => navigate(`/people?tab=${tab.id}`, { replace: true })}
          >
            {tab.label}
          </button>
        ))}
      </div>
      <section id="people-panel" role="tabpanel" aria-labelledby={`people-tab-${open}`} className="people-panel">
        <LoadStatus loaded={org} what="the stores and teams" />
        {org.status === 'ready' && open === 'users' && <UsersTab org={org.value} />}
        {org.status === 'ready' && open === 'stores' && <StoresTab org={org.value} onAdded={reload} />}
        {org.status === 'ready' && open === 'teams' && <TeamsTab org={org.value} onAdded={reload} />}
        {org.status === 'ready' && open === 'tokens' && <TokensTab org={org.value} />}
      </section>
    </div>
  );
}
