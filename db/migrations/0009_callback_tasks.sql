-- Up Migration
-- Call-back tasks (issue 10): one task per member per arrival at a callback node, assigned to a
-- person, a team or a store; agents work them from their queue; the node moves each member on
-- by the outcome of its closed task.

-- Who and where, as references rather than free text: the queue and the store scoping compare
-- them with the caller's user, team and store ids. No callback task existed before this
-- migration, and review tasks leave them empty.
ALTER TABLE tasks
  ALTER COLUMN assignee TYPE uuid USING nullif(assignee, '')::uuid,
  ALTER COLUMN team TYPE uuid USING nullif(team, '')::uuid,
  ALTER COLUMN store TYPE uuid USING nullif(store, '')::uuid;
ALTER TABLE tasks
  ADD CONSTRAINT tasks_assignee_fkey FOREIGN KEY (assignee) REFERENCES users (id) ON DELETE SET NULL,
  ADD CONSTRAINT tasks_team_fkey FOREIGN KEY (team) REFERENCES teams (id) ON DELETE SET NULL,
  ADD CONSTRAINT tasks_store_fkey FOREIGN KEY (store) REFERENCES stores (id) ON DELETE SET NULL;

-- The campaign's order of its calls (the queue's second key after the due date), and the turn
-- of a round-robin assignment: a sequence, so tasks created in one page are consecutive.
CREATE SEQUENCE tasks_queue_order_seq;
ALTER TABLE tasks
  -- The arrival (input cohort) that made the task: a member who comes round the loop gets a new
  -- task, and a retried page finds (arrival, contact) taken and creates nothing.
  ADD COLUMN arrival_id  uuid,
  ADD COLUMN queue_order bigint NOT NULL DEFAULT nextval('tasks_queue_order_seq'),
  -- When the node stops waiting for this call (its arrival's deadline): no reschedule past it.
  ADD COLUMN deadline_at timestamptz,
  -- Set when the node has moved the member on by the task's outcome.
  ADD COLUMN routed_at   timestamptz,
  -- The person who closed it (a conversion's owner); null when an API token did.
  ADD COLUMN closed_by   uuid REFERENCES users (id) ON DELETE SET NULL;
ALTER SEQUENCE tasks_queue_order_seq OWNED BY tasks.queue_order;

CREATE UNIQUE INDEX tasks_arrival_contact ON tasks (arrival_id, contact_id) WHERE arrival_id IS NOT NULL;
-- What a wake-up settles (closed, not yet routed) and what the deadline cancels (still open):
-- each read touches only its own rows, however many calls the arrival has.
CREATE INDEX tasks_to_route ON tasks (arrival_id) WHERE arrival_id IS NOT NULL AND status <> 'open' AND routed_at IS NULL;
CREATE INDEX tasks_arrival_open ON tasks (arrival_id) WHERE arrival_id IS NOT NULL AND status = 'open';
-- The agent's queue: their own calls, and the unassigned calls of their store, each in queue order.
CREATE INDEX tasks_assignee_queue ON tasks (assignee, status, due_at, queue_order) WHERE type = 'callback';
CREATE INDEX tasks_store_queue ON tasks (store, status, due_at, queue_order) WHERE type = 'callback' AND assignee IS NULL;

-- Down Migration
DROP INDEX tasks_store_queue, tasks_assignee_queue, tasks_arrival_open, tasks_to_route, tasks_arrival_contact;
ALTER TABLE tasks DROP COLUMN closed_by, DROP COLUMN routed_at, DROP COLUMN deadline_at, DROP COLUMN queue_order, DROP COLUMN arrival_id;
ALTER TABLE tasks DROP CONSTRAINT tasks_store_fkey, DROP CONSTRAINT tasks_team_fkey, DROP CONSTRAINT tasks_assignee_fkey;
ALTER TABLE tasks
  ALTER COLUMN assignee TYPE text USING assignee::text,
  ALTER COLUMN team TYPE text USING team::text,
  ALTER COLUMN store TYPE text USING store::text;
