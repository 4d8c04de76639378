import { usePrincipal } from '../auth/session';
import { Link } from '../app/link';
import { useLocation } from '../app/router';
import { AgentConsole } from './agent-console';
import { OwnerOverview } from './owner-overview';
import { canSeeOverview, tasksView, TASKS_VIEWS } from './tasks-view';
import './tasks.css';

/**
 * "My tasks": the agent console, and for those who follow campaigns (runs and campaigns to
 * read) the owner's view, a second tab at /tasks?view=overview.
 */
export function TasksPage() {
  const principal = usePrincipal();
  const overview = canSeeOverview(principal.permissions);
  const view = tasksView(useLocation(), overview);
  return (
    <div className="page tasks-page">
      <div className="page__header">
        <h1>My tasks</h1>
      </div>
      {overview && (
        <nav className="tasks-tabs" aria-label="Tasks views">
          {TASKS_VIEWS.map((tab) => (
            <Link key={tab.view} href={tab.href} aria-current={view === tab.view ? 'page' : undefined} className={`tasks-tab${view === tab.view ? ' tasks-tab--current' : ''}`}>
              {tab.label}
            </Link>
          ))}
        </nav>
      )}
      {view === 'overview' ? <OwnerOverview /> : <AgentConsole userId={principal.kind === 'user' ? principal.id : null} />}
    </div>
  );
}
