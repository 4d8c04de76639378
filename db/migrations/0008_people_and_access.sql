-- Up Migration
-- People and access (issue 9): users sign in with a password, sessions are rows (so ending
-- them is a DELETE), integrations use API tokens, password resets are one-time links, and
-- every write that matters leaves an append-only audit row.

-- argon2id PHC string (db/passwords.ts); NULL = the user cannot sign in until an admin sends a
-- reset link. password_changed_at lets "change password" end every other session.
ALTER TABLE users
  ADD COLUMN password_hash       text,
  ADD COLUMN disabled            boolean NOT NULL DEFAULT false,
  ADD COLUMN last_sign_in_at     timestamptz,
  ADD COLUMN password_changed_at timestamptz;

-- A session is known by the SHA-256 of its cookie value: a leaked table holds no usable cookie.
CREATE TABLE sessions (
  token_hash    text PRIMARY KEY,
  user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_seen_at  timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,
  address       text,
  user_agent    text
);
CREATE INDEX sessions_user ON sessions (user_id);

-- A reset link is shown once to the admin who made it; used_at makes it one-time.
CREATE TABLE password_resets (
  token_hash  text PRIMARY KEY,
  user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_by  uuid REFERENCES users (id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz
);
CREATE INDEX password_resets_user ON password_resets (user_id);

-- Integrations act as a role (optionally bound to a store, which scopes what they read).
CREATE TABLE api_tokens (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name          text NOT NULL CHECK (length(trim(name)) > 0),
  role          text NOT NULL CHECK (role IN ('admin', 'designer', 'agent', 'budget_owner')),
  store_id      uuid REFERENCES stores (id),
  token_hash    text NOT NULL UNIQUE,
  -- The first characters of the token, shown in lists so a person can tell tokens apart.
  prefix        text NOT NULL,
  created_by    uuid REFERENCES users (id),
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_used_at  timestamptz,
  revoked_at    timestamptz
);

-- Failed sign-ins per e-mail as typed (lower-cased), whether or not such a user exists, so the
-- lock-out answers the same for both: no user enumeration.
CREATE TABLE sign_in_failures (
  email   text NOT NULL,
  at      timestamptz NOT NULL DEFAULT now(),
  address text
);
CREATE INDEX sign_in_failures_email_at ON sign_in_failures (email, at);

-- Who did what, when: written in the transaction of the write it describes.
CREATE TABLE audit_log (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at          timestamptz NOT NULL DEFAULT now(),
  actor_id    uuid,
  actor_kind  text NOT NULL CHECK (actor_kind IN ('user', 'token', 'system')),
  actor_label text NOT NULL,
  action      text NOT NULL,
  entity      text NOT NULL,
  entity_id   text,
  diff        jsonb
);
CREATE INDEX audit_log_at ON audit_log (at DESC, id DESC);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
CREATE INDEX audit_log_actor ON audit_log (actor_id, at DESC);

-- Append-only: the application never updates or deletes an audit row, and the database holds it to that.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP;
END;
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- Down Migration
DROP TABLE audit_log;
DROP FUNCTION audit_log_append_only();
DROP TABLE sign_in_failures, api_tokens, password_resets, sessions;
ALTER TABLE users
  DROP COLUMN password_hash, DROP COLUMN disabled, DROP COLUMN last_sign_in_at, DROP COLUMN password_changed_at;
