-- Up Migration
-- E-mail done right (issue 11): templates speak the contact's language (variants), salutations
-- are data (an editable matrix), campaigns name the topic they mail about, messages carry what
-- was really sent (HTML, headers, the links behind the tracked ones), and send may refuse a
-- member by consent, cap or window.

-- A template's language variants. The template keeps its default language (templates.language);
-- the old single subject/body becomes that language's variant (plain text).
CREATE TABLE template_variants (
  template_id  uuid NOT NULL REFERENCES templates (id) ON DELETE CASCADE,
  language     text NOT NULL,
  subject      text NOT NULL DEFAULT '',
  preheader    text,
  html_body    text,
  text_body    text,
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (template_id, language),
  CHECK (html_body IS NOT NULL OR text_body IS NOT NULL)
);
INSERT INTO template_variants (template_id, language, subject, text_body)
  SELECT id, language, subject, body FROM templates;
ALTER TABLE templates
  DROP COLUMN subject,
  DROP COLUMN body,
  -- Which salutation wording the template uses: "Dear Mr Popescu" or "Hello Ion".
  ADD COLUMN formality text NOT NULL DEFAULT 'formal' CHECK (formality IN ('formal', 'informal'));

-- The salutation matrix: language × formality × gender × (title or position) → wording, a
-- small Handlebars text over {{firstName}} {{lastName}} {{title}} {{position}}. `gender`
-- 'neutral' serves a named contact whose gender is unknown; 'unnamed' a contact with no name.
-- `qualifier` '' = any title/position; otherwise matched case-insensitively against the
-- contact's title, then position.
CREATE TABLE salutations (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  language    text NOT NULL,
  formality   text NOT NULL CHECK (formality IN ('formal', 'informal')),
  gender      text NOT NULL CHECK (gender IN ('female', 'male', 'neutral', 'unnamed')),
  qualifier   text NOT NULL DEFAULT '',
  wording     text NOT NULL CHECK (length(wording) BETWEEN 1 AND 500),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX salutations_key ON salutations (language, formality, gender, lower(qualifier));

INSERT INTO salutations (language, formality, gender, qualifier, wording) VALUES
  ('en', 'formal', 'male', '', 'Dear Mr {{lastName}}'),
  ('en', 'formal', 'female', '', 'Dear Ms {{lastName}}'),
  ('en', 'formal', 'neutral', '', 'Dear {{firstName}} {{lastName}}'),
  ('en', 'formal', 'unnamed', '', 'Dear Sir or Madam'),
  ('en', 'formal', 'male', 'Dr', 'Dear Dr {{lastName}}'),
  ('en', 'formal', 'female', 'Dr', 'Dear Dr {{lastName}}'),
  ('en', 'informal', 'neutral', '', 'Hello {{firstName}}'),
  ('en', 'informal', 'unnamed', '', 'Hello'),
  ('ro', 'formal', 'male', '', 'Stimate domnule {{firstName}} {{lastName}}'),
  ('ro', 'formal', 'female', '', 'Stimată doamnă {{firstName}} {{lastName}}'),
  ('ro', 'formal', 'neutral', '', 'Bună ziua, {{firstName}} {{lastName}}'),
  ('ro', 'formal', 'unnamed', '', 'Stimată doamnă / Stimate domn'),
  ('ro', 'formal', 'male', 'Director', 'Stimate domnule director {{lastName}}'),
  ('ro', 'formal', 'female', 'Director', 'Stimată doamnă director {{lastName}}'),
  ('ro', 'informal', 'neutral', '', 'Salut, {{firstName}}'),
  ('ro', 'informal', 'unnamed', '', 'Salut'),
  ('sl', 'formal', 'male', '', 'Spoštovani gospod {{firstName}} {{lastName}}'),
  ('sl', 'formal', 'female', '', 'Spoštovana gospa {{firstName}} {{lastName}}'),
  ('sl', 'formal', 'neutral', '', 'Pozdravljeni, {{firstName}} {{lastName}}'),
  ('sl', 'formal', 'unnamed', '', 'Spoštovani'),
  ('sl', 'informal', 'neutral', '', 'Živjo, {{firstName}}'),
  ('sl', 'informal', 'unnamed', '', 'Živjo'),
  ('hu', 'formal', 'male', '', 'Tisztelt {{lastName}} {{firstName}} úr'),
  ('hu', 'formal', 'female', '', 'Tisztelt {{lastName}} {{firstName}} asszony'),
  ('hu', 'formal', 'neutral', '', 'Tisztelt {{lastName}} {{firstName}}'),
  ('hu', 'formal', 'unnamed', '', 'Tisztelt Hölgyem / Uram'),
  ('hu', 'formal', 'male', 'Dr', 'Tisztelt Dr. {{lastName}} {{firstName}} úr'),
  ('hu', 'formal', 'female', 'Dr', 'Tisztelt Dr. {{lastName}} {{firstName}} asszony'),
  ('hu', 'informal', 'neutral', '', 'Szia {{firstName}}'),
  ('hu', 'informal', 'unnamed', '', 'Szia'),
  ('it', 'formal', 'male', '', 'Gentile Sig. {{firstName}} {{lastName}}'),
  ('it', 'formal', 'female', '', 'Gentile Sig.ra {{firstName}} {{lastName}}'),
  ('it', 'formal', 'neutral', '', 'Gentile {{firstName}} {{lastName}}'),
  ('it', 'formal', 'unnamed', '', 'Gentile Cliente'),
  ('it', 'formal', 'male', 'Dott.', 'Egregio Dott. {{lastName}}'),
  ('it', 'formal', 'female', 'Dott.ssa', 'Gentile Dott.ssa {{lastName}}'),
  ('it', 'informal', 'neutral', '', 'Ciao {{firstName}}'),
  ('it', 'informal', 'unnamed', '', 'Ciao'),
  ('es', 'formal', 'male', '', 'Estimado Sr. {{lastName}}'),
  ('es', 'formal', 'female', '', 'Estimada Sra. {{lastName}}'),
  ('es', 'formal', 'neutral', '', 'Estimado/a {{firstName}} {{lastName}}'),
  ('es', 'formal', 'unnamed', '', 'Estimado/a cliente'),
  ('es', 'informal', 'neutral', '', 'Hola, {{firstName}}'),
  ('es', 'informal', 'unnamed', '', 'Hola'),
  ('de', 'formal', 'male', '', 'Sehr geehrter Herr {{lastName}}'),
  ('de', 'formal', 'female', '', 'Sehr geehrte Frau {{lastName}}'),
  ('de', 'formal', 'neutral', '', 'Guten Tag {{firstName}} {{lastName}}'),
  ('de', 'formal', 'unnamed', '', 'Sehr geehrte Damen und Herren'),
  ('de', 'formal', 'male', 'Dr', 'Sehr geehrter Herr Dr. {{lastName}}'),
  ('de', 'formal', 'female', 'Dr', 'Sehr geehrte Frau Dr. {{lastName}}'),
  ('de', 'informal', 'neutral', '', 'Hallo {{firstName}}'),
  ('de', 'informal', 'unnamed', '', 'Hallo'),
  ('fr', 'formal', 'male', '', 'Cher Monsieur {{lastName}}'),
  ('fr', 'formal', 'female', '', 'Chère Madame {{lastName}}'),
  ('fr', 'formal', 'neutral', '', 'Bonjour {{firstName}} {{lastName}}'),
  ('fr', 'formal', 'unnamed', '', 'Madame, Monsieur'),
  ('fr', 'informal', 'neutral', '', 'Salut {{firstName}}'),
  ('fr', 'informal', 'unnamed', '', 'Bonjour');

-- What a campaign mails about: marketing mail needs a confirmed subscription to the topic;
-- service mail (an order notice) may go without one, but never past the suppression list or a
-- withdrawn channel consent. The default language is the variant chosen when a contact's own
-- language has none.
ALTER TABLE campaigns
  ADD COLUMN topic_id          uuid REFERENCES topics (id),
  ADD COLUMN mail_purpose      text NOT NULL DEFAULT 'marketing' CHECK (mail_purpose IN ('marketing', 'service')),
  ADD COLUMN default_language  text;

-- What was really sent: the language variant used, the headers (List-Unsubscribe, ...), the
-- original URLs behind the tracked links (the click route only ever redirects to one of
-- these), and whether the message counts against a contact's marketing frequency cap.
ALTER TABLE messages
  ADD COLUMN language   text,
  ADD COLUMN headers    jsonb NOT NULL DEFAULT '{}'::jsonb,
  ADD COLUMN links      jsonb NOT NULL DEFAULT '[]'::jsonb,
  ADD COLUMN marketing  boolean NOT NULL DEFAULT true;
ALTER TABLE messages DROP CONSTRAINT messages_status_check;
ALTER TABLE messages ADD CONSTRAINT messages_status_check
  CHECK (status IN ('draft', 'approved', 'sending', 'deferred', 'sent', 'bounced', 'failed', 'excluded', 'suppressed', 'capped'));
-- The frequency cap counts a contact's marketing messages sent in a period.
CREATE INDEX messages_contact_sent ON messages (contact_id, sent_at) WHERE status = 'sent' AND marketing;

-- Tracking events are found by message (the outbox lists a mail's events).
CREATE INDEX events_message ON events (message_id, at) WHERE message_id IS NOT NULL;

-- Channel consent: the latest record per contact and channel decides (withdrawn = no mail).
CREATE INDEX consent_records_contact_channel ON consent_records (contact_id, channel, recorded_at DESC) WHERE contact_id IS NOT NULL;

-- Down Migration
DROP INDEX IF EXISTS consent_records_contact_channel;
DROP INDEX IF EXISTS events_message;
DROP INDEX IF EXISTS messages_contact_sent;
ALTER TABLE messages DROP CONSTRAINT messages_status_check;
UPDATE messages SET status = 'failed' WHERE status IN ('suppressed', 'capped');
ALTER TABLE messages ADD CONSTRAINT messages_status_check
  CHECK (status IN ('draft', 'approved', 'sending', 'deferred', 'sent', 'bounced', 'failed', 'excluded'));
ALTER TABLE messages DROP COLUMN marketing, DROP COLUMN links, DROP COLUMN headers, DROP COLUMN language;
ALTER TABLE campaigns DROP COLUMN default_language, DROP COLUMN mail_purpose, DROP COLUMN topic_id;
DROP TABLE salutations;
ALTER TABLE templates ADD COLUMN subject text NOT NULL DEFAULT '', ADD COLUMN body text NOT NULL DEFAULT '';
UPDATE templates t SET subject = v.subject, body = coalesce(v.text_body, v.html_body)
  FROM template_variants v WHERE v.template_id = t.id AND v.language = t.language;
ALTER TABLE templates DROP COLUMN formality;
DROP TABLE template_variants;
