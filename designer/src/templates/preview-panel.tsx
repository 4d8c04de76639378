import { useId, useState } from 'react';
import type { Contact } from '../api/crm-client';
import type { TemplateInput } from '../api/templates-client';
import { HeaderList } from '../outbox/header-list';
import { ContactChooser } from './contact-chooser';
import { fallbackText } from './preview-words';
import { useTemplatePreview } from './use-template-preview';

const PARTS = [
  { id: 'html', label: 'HTML' },
  { id: 'text', label: 'Text' },
  { id: 'headers', label: 'Headers' },
] as const;
type Part = (typeof PARTS)[number]['id'];

/**
 * The unsaved template as one contact will receive it: choose the contact (and a language to
 * force one), see subject, preheader, the variant used and why, and the mail's HTML (in a frame
 * that runs nothing), text part and headers.
 */
export function PreviewPanel({
  template,
  languages,
  contact,
  onContact,
}: {
  template: TemplateInput;
  languages: readonly string[];
  contact: Contact | null;
  onContact: (contact: Contact | null) => void;
}) {
  const languageId = useId();
  const [language, setLanguage] = useState('');
  const [part, setPart] = useState<Part>('html');
  // A template not named yet still previews: the name is not part of the mail.
  const { preview, busy, error } = useTemplatePreview(template.name.trim() ? template : { ...template, name: 'Untitled' }, contact?.id ?? '', language);
  const shownPart: Part = part === 'html' && preview && preview.html === null ? 'text' : part;

  return (
    <section className="template-preview" aria-label="Preview" aria-busy={busy}>
      <h2>Preview</h2>
      <ContactChooser chosen={contact} onChoose={onContact} />
      <div className="field field--inline">
        <label className="field__label" htmlFor={languageId}>
          Language
        </label>
        <select id={languageId} value={language} onChange={(event) => setLanguage(event.target.value)}>
          <option value="">The contact's (with fallbacks)</option>
          {languages.map((tag) => (
            <option key={tag} value={tag}>
              {tag}
            </option>
          ))}
        </select>
      </div>
      {!contact && <p className="muted">Choose a contact to see the mail as they will receive it.</p>}
      {contact && busy && <p className="muted" role="status">Rendering…</p>}
      {contact && error && (
        <p className="field__error" role="alert">
          Cannot render: {error}
        </p>
      )}
      {contact && preview && (
        <div className="template-preview__mail">
          <dl className="template-preview__facts">
            <dt>Subject</dt>
            <dd className="template-preview__subject">{preview.subject}</dd>
            <dt>Preheader</dt>
            <dd>{preview.preheader || <span className="muted">none</span>}</dd>
            <dt>Variant</dt>
            <dd>{fallbackText(preview, contact.language, language)}</dd>
          </dl>
          <div className="template-tabs" role="tablist" aria-label="Mail parts">
            {PARTS.map((item) => (
              <button
                key={item.id}
                type="button"
                role="tab"
                aria-selected={item.id === shownPart}
                className="template-tabs__tab"
                disabled={item.id === 'html' && preview.html === null}
                title={item.id === 'html' && preview.html === null ? 'A text-only mail' : undefined}
                onClick={() => setPart(item.id)}
              >
                {item.label}
              </button>
            ))}
          </div>
          {shownPart === 'html' && preview.html !== null && (
            // sandbox="": the mail's scripts never run and its links never navigate this page.
            <iframe className="template-preview__frame" title="HTML part" sandbox="" srcDoc={preview.html} />
          )}
          {shownPart === 'text' && <pre className="template-preview__text" aria-label="Text part">{preview.text}</pre>}
          {shownPart === 'headers' && <HeaderList headers={preview.headers} empty="No extra headers: service mail carries no unsubscribe headers." />}
        </div>
      )}
    </section>
  );
}
