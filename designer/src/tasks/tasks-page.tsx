import './tasks.css';

/**
 * An agent's own task queue. Empty until campaigns create tasks: the human-steps issue fills it
 * with the call-backs and reviews assigned to the person, their team or their store.
 */
export function TasksPage() {
  return (
    <div className="page">
      <div className="page__header">
        <h1>My tasks</h1>
      </div>
      <div className="tasks-empty">
        <p>
          <strong>No tasks for you yet.</strong>
        </p>
        <p className="muted">Tasks appear here when a campaign’s call-back or review step assigns them to you, your team or your store.</p>
      </div>
    </div>
  );
}
