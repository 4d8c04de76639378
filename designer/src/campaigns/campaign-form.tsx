import { cloneElement, useId, useState, type FormEvent, type ReactElement } from 'react';
import { api, type Campaign } from '../api/client';
import { FormError } from '../app/form-error';
import { LoadStatus } from '../app/load-status';
import { useSubmit } from '../app/use-submit';
import { useLoaded } from '../contacts/use-loaded';
import { draftOf, draftProblems, EMPTY_DRAFT, FIELD_LABELS, inputOf, MAIL_PURPOSE_LABELS, patchOf, refusalText, type CampaignDraft } from './campaign-draft';
import { loadCampaignOptions } from './campaign-options';

/** A labelled control: the label names it by id (a wrapping label would add a select's chosen option to its name). */
function Field({ label, problem, hint, children }: { label: string; problem?: string; hint?: string; children: ReactElement<{ id?: string }> }) {
  const id = useId();
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {cloneElement(children, { id })}
      {hint && <span className="field__hint">{hint}</span>}
      {problem && <span className="field__error">{problem}</span>}
    </div>
  );
}

/**
 * Create a campaign, or edit one (`campaign`): code, name, type, flow, goal, validity, the
 * promoted product and its price list, the call script and the owner; for its mail, the topic
 * it mails about, whether it is marketing (topic subscribers only) or service mail, and the
 * language variant used when a contact's own language has none. What the form can check
 * it checks before sending; the API's refusal (an unknown product, a code already used) shows
 * under the form in the form's words.
 */
export function CampaignForm({ campaign, onSaved, onCancel }: { campaign?: Campaign; onSaved: (saved: Campaign) => void; onCancel: () => void }) {
  const before = campaign ? draftOf(campaign) : EMPTY_DRAFT;
  const [draft, setDraft] = useState<CampaignDraft>(before);
  const [tried, setTried] = useState(false);
  const options = useLoaded(loadCampaignOptions, []);
  const { busy, error, run } = useSubmit((caught) => refusalText(caught instanceof Error ? caught.message : String(caught)));
  const problems = tried ? draftProblems(draft) : {};
  const set = <K extends keyof CampaignDraft>(key: K) => (value: CampaignDraft[K]) => setDraft((current) => ({ ...current, [key]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (Object.keys(draftProblems(draft)).length > 0) return;
    let saved: Campaign | undefined;
    const ok = await run(async () => {
      if (!campaign) saved = await api.createCampaign(inputOf(draft));
      else {
        const patch = patchOf(before, draft);
        saved = patch ? await api.updateCampaign(campaign.id, patch) : campaign;
      }
    });
    if (ok && saved) onSaved(saved);
  };

  const title = campaign ? `Edit campaign ${campaign.code ?? campaign.name}` : 'New campaign';
  const pricedLists = options.status === 'ready' ? options.value.priceLists : [];
  return (
    <form className="campaign-form" aria-label={title} onSubmit={(event) => void submit(event)}>
      <h2>{title}</h2>
      <LoadStatus loaded={options} what="the products, price lists, people and topics to choose from" />
      <div className="campaign-form__grid">
        <Field label={FIELD_LABELS.code} problem={problems.code}>
          <input value={draft.code} maxLength={40} placeholder="RET045" onChange={(event) => set('code')(event.target.value)} />
        </Field>
        <Field label={FIELD_LABELS.name} problem={problems.name}>
          <input value={draft.name} maxLength={200} onChange={(event) => set('name')(event.target.value)} />
        </Field>
        <Field label={FIELD_LABELS.kind}>
          <select value={draft.kind} onChange={(event) => set('kind')(event.target.value as CampaignDraft['kind'])}>
            <option value="direct">Direct (one by one: calls, mail)</option>
            <option value="general">General (broadcast)</option>
          </select>
        </Field>
        <Field label={FIELD_LABELS.flowId} problem={problems.flowId}>
          <select value={draft.flowId} onChange={(event) => set('flowId')(event.target.value)}>
            <option value="">Choose a flow…</option>
            {options.status === 'ready' && options.value.flows.map((flow) => <option key={flow.id} value={flow.id}>{flow.name}</option>)}
          </select>
        </Field>
        <Field label={FIELD_LABELS.validFrom}>
          <input type="date" value={draft.validFrom} onChange={(event) => set('validFrom')(event.target.value)} />
        </Field>
        <Field label={FIELD_LABELS.validTo} problem={problems.validTo}>
          <input type="date" value={draft.validTo} onChange={(event) => set('validTo')(event.target.value)} />
        </Field>
        <Field label={FIELD_LABELS.productId}>
          <select value={draft.productId} onChange={(event) => set('productId')(event.target.value)}>
            <option value="">None</option>
            {options.status === 'ready' && options.value.products.map((product) => <option key={product.id} value={product.id}>{`${product.code} ${product.name}`}</option>)}
          </select>
        </Field>
        <Field label={FIELD_LABELS.priceListId} problem={problems.priceListId}>
          <select value={draft.priceListId} onChange={(event) => set('priceListId')(event.target.value)}>
            <option value="">The list valid that day</option>
            {pricedLists.map((list) => <option key={list.id} value={list.id}>{`${list.name} (${list.validFrom} – ${list.validTo ?? '…'})`}</option>)}
          </select>
        </Field>
        <Field label={FIELD_LABELS.ownerId}>
          <select value={draft.ownerId} onChange={(event) => set('ownerId')(event.target.value)}>
            <option value="">Nobody yet</option>
            {options.status === 'ready' && options.value.owners.map((user) => <option key={user.id} value={user.id}>{user.name}</option>)}
          </select>
        </Field>
        <Field label={FIELD_LABELS.topicId} hint={draft.mailPurpose === 'marketing' && draft.topicId === '' ? 'Marketing mail needs a topic before a run can start' : undefined}>
          <select value={draft.topicId} onChange={(event) => set('topicId')(event.target.value)}>
            <option value="">None</option>
            {options.status === 'ready' && options.value.topics.map((topic) => <option key={topic.id} value={topic.id}>{`${topic.name} (${topic.code})`}</option>)}
          </select>
        </Field>
        <Field label={FIELD_LABELS.mailPurpose}>
          <select value={draft.mailPurpose} onChange={(event) => set('mailPurpose')(event.target.value as CampaignDraft['mailPurpose'])}>
            {(Object.keys(MAIL_PURPOSE_LABELS) as CampaignDraft['mailPurpose'][]).map((purpose) => (
              <option key={purpose} value={purpose}>
                {MAIL_PURPOSE_LABELS[purpose]}
              </option>
            ))}
          </select>
        </Field>
        <Field label={FIELD_LABELS.defaultLanguage} problem={problems.defaultLanguage} hint="The template variant sent when a contact's language has none">
          <input value={draft.defaultLanguage} maxLength={35} placeholder="en" onChange={(event) => set('defaultLanguage')(event.target.value)} />
        </Field>
        <Field label={FIELD_LABELS.goal}>
          <input value={draft.goal} maxLength={2000} onChange={(event) => set('goal')(event.target.value)} />
        </Field>
      </div>
      <Field label={FIELD_LABELS.script}>
        <textarea rows={6} value={draft.script} maxLength={20_000} placeholder="What agents say on the call, where the call step has no script of its own" onChange={(event) => set('script')(event.target.value)} />
      </Field>
      <div className="button-row">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Saving…' : campaign ? 'Save changes' : 'Create campaign'}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
      <FormError message={error} />
    </form>
  );
}
