-- Up Migration
-- Reviews (issue 10): a reviewer may edit a message before it goes, and a review names who may
-- work it.

-- The message's own columns hold what will be sent (send, the outbox and the timeline read
-- them, unchanged); the first edit copies what the generate node rendered here, so the
-- original is kept however many times the reviewer edits it again.
ALTER TABLE messages
  ADD COLUMN original_subject   text,
  ADD COLUMN original_body_text text,
  ADD COLUMN original_body_html text,
  ADD COLUMN edited_at          timestamptz,
  ADD COLUMN edited_by          uuid REFERENCES users (id) ON DELETE SET NULL;

-- Who may work a review task, copied from the node when the task opens: everyone of
-- reviewer_role, the members of `team`, or the people in reviewer_ids (admins always may).
-- All empty (tasks opened before this migration): everyone who may review at all.
ALTER TABLE tasks
  ADD COLUMN reviewer_role text,
  ADD COLUMN reviewer_ids  uuid[];

-- Down Migration
ALTER TABLE tasks DROP COLUMN reviewer_ids, DROP COLUMN reviewer_role;
ALTER TABLE messages DROP COLUMN edited_by, DROP COLUMN edited_at, DROP COLUMN original_body_html,
  DROP COLUMN original_body_text, DROP COLUMN original_subject;
