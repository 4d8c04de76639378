import { useId, useMemo, useState, type FormEvent } from 'react';
import { errorMessage } from '../api/client';
import type { Contact } from '../api/crm-client';
import { ProblemsApiError, templatesApi, type Template } from '../api/templates-client';
import { FORMALITIES } from '../../../contracts/template';
import { Link } from '../app/link';
import { loadAttributeDefinitions } from '../editor/pickers';
import { useRemote } from '../editor/use-remote';
import { suggestionCatalog } from './autocomplete';
import { PreviewPanel } from './preview-panel';
import {
  addVariant,
  draftOf,
  draftProblems,
  generalProblems,
  inputOf,
  languageProblem,
  NEW_TEMPLATE,
  problemCountByVariant,
  problemPlace,
  problemText,
  removeVariant,
  sameDraft,
  updateVariant,
  withoutProblemsAt,
  type TemplateDraft,
  type TemplateProblem,
} from './template-draft';
import { TestSend } from './test-send';
import { VariantFields } from './variant-fields';

const FORMALITY_LABELS: Readonly<Record<TemplateDraft['formality'], string>> = {
  formal: 'Formal ("Dear Ms Rossi")',
  informal: 'Informal ("Hello Anna")',
};

/**
 * One template in the studio: name, default language and formality; a tab per language variant
 * (subject, preheader, HTML and text, with field and helper completion after `{{`); the live
 * preview of the unsaved template for a chosen contact and a test send beside it. A refused save
 * shows each problem on the tab and under the field it names.
 */
export function TemplateEditor({ template, onSaved }: { template: Template | null; onSaved: (saved: Template) => void }) {
  const ids = { name: useId(), language: useId(), formality: useId(), add: useId() };
  const [saved, setSaved] = useState<Template | null>(template);
  const [draft, setDraft] = useState<TemplateDraft>(template ? draftOf(template) : NEW_TEMPLATE);
  const [tab, setTab] = useState(0);
  const [newLanguage, setNewLanguage] = useState('');
  const [addProblem, setAddProblem] = useState<string | null>(null);
  const [problems, setProblems] = useState<TemplateProblem[]>([]);
  const [checks, setChecks] = useState<string[]>([]);
  const [status, setStatus] = useState<{ kind: 'ok' | 'error' | 'busy'; text: string } | null>(null);
  const [contact, setContact] = useState<Contact | null>(null);
  const attributes = useRemote(loadAttributeDefinitions);
  const catalog = useMemo(() => suggestionCatalog(attributes.data ?? []), [attributes.data]);

  const baseline = saved ? draftOf(saved) : NEW_TEMPLATE;
  const dirty = !sameDraft(draft, baseline);
  const input = useMemo(() => inputOf(draft), [draft]);
  const openTab = Math.min(tab, draft.variants.length - 1);
  const counts = problemCountByVariant(problems);
  const general = generalProblems(problems);

  const edit = (next: TemplateDraft) => {
    setDraft(next);
    setStatus(null);
  };

  const save = async (): Promise<Template | null> => {
    const found = draftProblems(draft);
    setChecks(found);
    if (found.length > 0) {
      setStatus({ kind: 'error', text: 'Not saved: see the problems above' });
      return null;
    }
    setStatus({ kind: 'busy', text: 'Saving…' });
    try {
      const result = saved ? await templatesApi.update(saved.id, input) : await templatesApi.create(input);
      setSaved(result);
      setDraft(draftOf(result));
      setProblems([]);
      setStatus({ kind: 'ok', text: 'Saved' });
      onSaved(result);
      return result;
    } catch (error) {
      if (error instanceof ProblemsApiError && error.items.length > 0) {
        setProblems(error.items);
        const first = error.items.map((item) => problemPlace(item.field)).find((place) => place !== null && 'variant' in place);
        if (first && 'variant' in first) setTab(first.variant);
        setStatus({ kind: 'error', text: `Not saved: ${error.items.length === 1 ? 'one problem' : `${error.items.length} problems`}, shown where they are` });
      } else setStatus({ kind: 'error', text: `Not saved: ${errorMessage(error)}` });
      return null;
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save();
  };

  const add = () => {
    const language = newLanguage.trim();
    const why = languageProblem(draft, language);
    setAddProblem(why);
    if (why) return;
    edit(addVariant(draft, language));
    setTab(draft.variants.length);
    setNewLanguage('');
  };

  const remove = (index: number) => {
    edit(removeVariant(draft, index));
    // Problems name variants by index: after a removal they no longer point at the right tab.
    setProblems([]);
    setTab(Math.max(0, index - 1));
  };

  const variant = draft.variants[openTab];
  const title = saved ? `Template: ${saved.name}` : 'New template';
  return (
    <div className="page template-studio">
      <div className="page__header">
        <h1>{title}</h1>
        <span className="muted">
          <Link href="/templates">All templates</Link> · <Link href="/salutations">Salutation matrix</Link>
        </span>
      </div>
      <div className="template-studio__body">
        <form className="template-form" aria-label="Template" onSubmit={submit}>
          <div className="template-form__grid">
            <div className="field">
              <label className="field__label" htmlFor={ids.name}>
                Name
              </label>
              <input id={ids.name} value={draft.name} maxLength={200} aria-invalid={general.some((p) => p.field === 'name')} onChange={(event) => edit({ ...draft, name: event.target.value })} />
            </div>
            <div className="field">
              <label className="field__label" htmlFor={ids.language}>
                Default language
              </label>
              <select id={ids.language} value={draft.language} onChange={(event) => edit({ ...draft, language: event.target.value })}>
                {draft.variants.map((item) => (
                  <option key={item.language} value={item.language}>
                    {item.language}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label className="field__label" htmlFor={ids.formality}>
                Formality
              </label>
              <select id={ids.formality} value={draft.formality} onChange={(event) => edit({ ...draft, formality: event.target.value as TemplateDraft['formality'] })}>
                {FORMALITIES.map((formality) => (
                  <option key={formality} value={formality}>
                    {FORMALITY_LABELS[formality]}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <p className="field__hint">
            The variant in the contact's language is sent; without one, the campaign's default language, then this template's default language.
          </p>

          <div className="template-tabs" role="tablist" aria-label="Language variants">
            {draft.variants.map((item, index) => {
              const count = counts.get(index) ?? 0;
              return (
                <span key={item.language} className="template-tabs__item">
                  <button
                    type="button"
                    role="tab"
                    id={`variant-tab-${index}`}
                    aria-selected={index === openTab}
                    aria-controls="variant-panel"
                    className={count > 0 ? 'template-tabs__tab template-tabs__tab--invalid' : 'template-tabs__tab'}
                    onClick={() => setTab(index)}
                  >
                    {item.language}
                    {item.language === draft.language && <span className="muted"> (default)</span>}
                    {count > 0 && (
                      <span className="template-tabs__badge" aria-label={`${count} ${count === 1 ? 'problem' : 'problems'}`}>
                        {count}
                      </span>
                    )}
                  </button>
                  {item.language !== draft.language && (
                    <button type="button" className="button button--icon button--small" aria-label={`Remove the ${item.language} variant`} title={`Remove the ${item.language} variant`} onClick={() => remove(index)}>
                      ×
                    </button>
                  )}
                </span>
              );
            })}
            <span className="template-tabs__add">
              <label className="visually-hidden" htmlFor={ids.add}>
                New language
              </label>
              <input
                id={ids.add}
                placeholder="de, hu, pt-BR"
                size={8}
                value={newLanguage}
                aria-invalid={addProblem !== null}
                onChange={(event) => setNewLanguage(event.target.value)}
                onKeyDown={(event) => {
                  if (event.key === 'Enter') {
                    event.preventDefault();
                    add();
                  }
                }}
              />
              <button type="button" className="button button--small" onClick={add}>
                Add language
              </button>
            </span>
          </div>
          {addProblem && <p className="field__error">{addProblem}</p>}

          {variant && (
            <section id="variant-panel" role="tabpanel" aria-labelledby={`variant-tab-${openTab}`} className="template-variant">
              <VariantFields
                key={variant.language}
                index={openTab}
                variant={variant}
                problems={problems}
                catalog={catalog}
                onChange={(field, value) => {
                  edit(updateVariant(draft, openTab, field, value));
                  // A field being rewritten is no longer what the server refused.
                  setProblems((current) => withoutProblemsAt(current, openTab, field));
                }}
              />
            </section>
          )}
          {attributes.error && <p className="field__hint">Contact attributes are not offered: {attributes.error}</p>}

          {(checks.length > 0 || general.length > 0) && (
            <ul className="template-form__problems" role="alert" aria-label="Problems">
              {checks.map((check) => (
                <li key={check}>{check}</li>
              ))}
              {general.map((problem, index) => (
                <li key={index}>{problem.field ? `${problem.field}: ${problemText(problem)}` : problemText(problem)}</li>
              ))}
            </ul>
          )}
          <div className="button-row">
            <button type="submit" className="button button--primary" disabled={status?.kind === 'busy'}>
              {saved ? 'Save' : 'Create template'}
            </button>
            {status && (
              <span className={`status status--${status.kind === 'busy' ? 'dirty' : status.kind}`} role="status">
                {status.text}
              </span>
            )}
            {!status && dirty && <span className="status status--dirty">Unsaved changes</span>}
          </div>
        </form>
        <aside className="template-studio__side">
          <PreviewPanel template={input} languages={draft.variants.map((item) => item.language)} contact={contact} onContact={setContact} />
          <TestSend templateId={saved?.id ?? null} dirty={dirty} save={save} contactId={contact?.id} />
        </aside>
      </div>
    </div>
  );
}
