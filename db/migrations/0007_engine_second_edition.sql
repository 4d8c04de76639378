-- Up Migration
-- The campaign engine's second edition (issue 7): messages belong to the arrival that made
-- them, members carry their current message, visits per node are counted for loops, send
-- faults are told apart (deferred / bounced), progress is kept as counters by the statements
-- that move members, and a failed run says why.

-- A message belongs to the arrival (the generate node's input cohort) that rendered it, so a
-- member who comes round a loop gets a new message instead of finding the old one. Its id is
-- made from (arrival, contact), so a retried page inserts the same row again.
ALTER TABLE messages DROP CONSTRAINT messages_run_id_node_id_contact_id_key;
ALTER TABLE messages ADD COLUMN arrival_id uuid;
UPDATE messages SET arrival_id = id;
ALTER TABLE messages ALTER COLUMN arrival_id SET NOT NULL;
CREATE UNIQUE INDEX messages_arrival_contact ON messages (arrival_id, contact_id);

-- As a mail server treats faults: 4xx = deferred (retried at next_attempt_at until the node's
-- lifetime, counted from first_attempt_at, runs out), 5xx = bounced (the reply kept in error).
ALTER TABLE messages DROP CONSTRAINT messages_status_check;
ALTER TABLE messages ADD CONSTRAINT messages_status_check
  CHECK (status IN ('draft', 'approved', 'sending', 'deferred', 'sent', 'bounced', 'failed', 'excluded'));
ALTER TABLE messages ADD COLUMN next_attempt_at timestamptz;
ALTER TABLE messages ADD COLUMN first_attempt_at timestamptz;

-- The message a member's next send uses: set by generate (later: replaced by a review edit).
-- No foreign key: it is written for every member of every page, and the generate statement
-- that sets it inserts the message in the same transaction.
ALTER TABLE campaign_members ADD COLUMN message_id uuid;

-- Visits per member per node, counted only at nodes inside a loop (elsewhere a member cannot
-- come back). last_arrival makes the count idempotent: a retried arrival does not count twice.
CREATE TABLE member_visits (
  run_id        uuid NOT NULL REFERENCES campaign_runs (id) ON DELETE CASCADE,
  node_id       text NOT NULL,
  contact_id    uuid NOT NULL,
  visits        integer NOT NULL,
  last_arrival  uuid NOT NULL,
  PRIMARY KEY (run_id, node_id, contact_id)
);

-- Progress as counters per (run, node, outcome), kept by the statements that move members, so
-- reading a run's progress costs O(nodes), not O(members x steps). Outcome '@in' counts the
-- members that arrived at a node; node '@run' holds 'members' (audience size) and 'finished'.
CREATE TABLE run_node_counts (
  run_id   uuid NOT NULL REFERENCES campaign_runs (id) ON DELETE CASCADE,
  node_id  text NOT NULL,
  outcome  text NOT NULL,
  count    bigint NOT NULL,
  PRIMARY KEY (run_id, node_id, outcome)
);
INSERT INTO run_node_counts (run_id, node_id, outcome, count)
SELECT run_id, node_id, outcome, count(*) FROM member_steps GROUP BY run_id, node_id, outcome;
INSERT INTO run_node_counts (run_id, node_id, outcome, count)
SELECT m.run_id, COALESCE(c.node_id, '@run'), CASE WHEN c.node_id IS NULL THEN 'finished' ELSE '@in' END, count(*)
FROM campaign_members m JOIN cohorts c ON c.id = m.cohort_id GROUP BY 1, 2, 3;
-- '@in' so far holds the members sitting at the node; add those that already left it.
UPDATE run_node_counts r SET count = r.count + s.left_count
FROM (SELECT run_id, node_id, count(*) AS left_count FROM member_steps GROUP BY run_id, node_id) s
WHERE r.run_id = s.run_id AND r.node_id = s.node_id AND r.outcome = '@in'
  AND EXISTS (SELECT 1 FROM cohorts c WHERE c.run_id = s.run_id AND c.node_id = s.node_id AND c.source_node_id IS NOT NULL);
INSERT INTO run_node_counts (run_id, node_id, outcome, count)
SELECT run_id, '@run', 'members', count(*) FROM campaign_members GROUP BY run_id;

-- Why a member left the way it did (no address, an empty subject, the server's reply...).
ALTER TABLE member_steps ADD COLUMN detail text;

-- One page of a cohort, in contact order after a keyset position: the read every node's paging
-- starts from. Its plan must be the ordered scan of campaign_members_cohort whatever the
-- statistics say: a cohort is filled and emptied within minutes, long before autovacuum
-- analyses it, and with no statistics the planner estimates a few hundred rows and reads the
-- whole remaining cohort through a bitmap and a sort, every page (an N² node). Switching the
-- bitmap and the sort off inside this function leaves only the plan that reads O(page) rows.
CREATE FUNCTION cohort_page(p_cohort uuid, p_after uuid, p_limit integer)
RETURNS TABLE (contact_id uuid, message_id uuid)
LANGUAGE sql STABLE
SET enable_bitmapscan = off
SET enable_sort = off
AS $$
  SELECT m.contact_id, m.message_id FROM campaign_members m
  WHERE m.cohort_id = p_cohort AND m.contact_id > COALESCE(p_after, '00000000-0000-0000-0000-000000000000'::uuid)
  ORDER BY m.contact_id LIMIT p_limit
$$;

-- A failed run says why, in the database as in Temporal.
ALTER TABLE campaign_runs ADD COLUMN error text;

-- Down Migration
DROP FUNCTION cohort_page(uuid, uuid, integer);
ALTER TABLE campaign_runs DROP COLUMN error;
ALTER TABLE member_steps DROP COLUMN detail;
DROP TABLE run_node_counts, member_visits;
ALTER TABLE campaign_members DROP COLUMN message_id;
ALTER TABLE messages DROP COLUMN first_attempt_at, DROP COLUMN next_attempt_at;
ALTER TABLE messages DROP CONSTRAINT messages_status_check;
ALTER TABLE messages ADD CONSTRAINT messages_status_check
  CHECK (status IN ('draft', 'approved', 'sending', 'sent', 'failed', 'excluded'));
DROP INDEX messages_arrival_contact;
ALTER TABLE messages DROP COLUMN arrival_id;
ALTER TABLE messages ADD CONSTRAINT messages_run_id_node_id_contact_id_key UNIQUE (run_id, node_id, contact_id);
