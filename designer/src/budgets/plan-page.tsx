import { useEffect, useState } from 'react';
import { COST_CHANNELS } from '../../../contracts/budget';
import { budgetsApi } from '../api/budgets-client';
import { api } from '../api/client';
import { FormError } from '../app/form-error';
import { Link } from '../app/link';
import { LoadStatus } from '../app/load-status';
import { useSubmit } from '../app/use-submit';
import { useLoaded } from '../contacts/use-loaded';
import { moneyText, percentText } from './figures';
import { CHANNEL_LABELS, livePredictedRoi, planDraftOf, planInputOf, plannedTotal, planProblems, type PlanDraft, type PlanField } from './plan-draft';
import './budgets.css';

/**
 * A campaign's plan: budget, planned costs by channel, expected results, attribution window and
 * holdout share, with the ROI they predict worked out as the figures are typed (flow/roi.ts, the
 * server's own arithmetic). Saving replaces the plan (PUT); a run already going keeps its holdout.
 */
export function PlanPage({ campaignId }: { campaignId: string }) {
  const campaign = useLoaded(() => api.getCampaign(campaignId), [campaignId]);
  const plan = useLoaded(() => budgetsApi.getPlan(campaignId), [campaignId]);
  const [draft, setDraft] = useState<PlanDraft | null>(null);
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const [showProblems, setShowProblems] = useState(false);
  const submit = useSubmit();

  useEffect(() => {
    if (plan.status === 'ready') setDraft(planDraftOf(plan.value));
  }, [plan]);

  if (!draft) {
    return (
      <div className="page plan-page">
        <h1>Plan</h1>
        <LoadStatus loaded={plan} what="the plan" />
      </div>
    );
  }

  const problems = planProblems(draft);
  const shown = showProblems ? problems : {};
  const predicted = livePredictedRoi(draft);
  const name = campaign.status === 'ready' ? campaign.value.name : 'Campaign';
  const update = (patch: Partial<PlanDraft>) => {
    setDraft({ ...draft, ...patch });
    setSavedAt(null);
  };

  const save = async () => {
    setShowProblems(true);
    if (Object.keys(problems).length > 0) return;
    await submit.run(async () => {
      const saved = await budgetsApi.savePlan(campaignId, planInputOf(draft));
      setDraft(planDraftOf(saved));
      setSavedAt(saved.updatedAt ?? new Date().toISOString());
      setShowProblems(false);
    });
  };

  const field = (key: Exclude<PlanField, `plannedCosts.${string}`>, label: string, hint?: string) => (
    <label className="field">
      <span className="field__label">{label}</span>
      <input
        name={key}
        inputMode="decimal"
        value={draft[key]}
        aria-invalid={shown[key] ? true : undefined}
        onChange={(event) => update({ [key]: event.target.value })}
      />
      {hint && <span className="field__hint muted">{hint}</span>}
      {shown[key] && <span className="field__error">{shown[key]}</span>}
    </label>
  );

  return (
    <div className="page plan-page">
      <p>
        <Link href="/budget">← Budgets</Link> · <Link href={`/campaigns/${encodeURIComponent(campaignId)}/analysis`}>Analysis</Link>
      </p>
      <h1>Plan: {name}</h1>
      <form
        className="plan-form"
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <fieldset>
          <legend>Budget</legend>
          {field('budget', 'Budget')}
          {field('currency', 'Currency', 'Every figure of the plan and the analysis is in it')}
        </fieldset>
        <fieldset>
          <legend>Planned costs by channel</legend>
          <div className="plan-form__channels">
            {COST_CHANNELS.map((channel) => {
              const key = `plannedCosts.${channel}` as const;
              return (
                <label key={channel} className="field">
                  <span className="field__label">{CHANNEL_LABELS[channel]}</span>
                  <input
                    name={key}
                    inputMode="decimal"
                    value={draft.plannedCosts[channel]}
                    aria-invalid={shown[key] ? true : undefined}
                    onChange={(event) => update({ plannedCosts: { ...draft.plannedCosts, [channel]: event.target.value } })}
                  />
                  {shown[key] && <span className="field__error">{shown[key]}</span>}
                </label>
              );
            })}
          </div>
          <p className="muted">Planned in total: {moneyText(plannedTotal(draft), draft.currency)}</p>
        </fieldset>
        <fieldset>
          <legend>Expected results</legend>
          {field('expectedReached', 'Contacts reached')}
          {field('expectedResponses', 'Responses')}
          {field('expectedConversions', 'Conversions')}
          {field('expectedRevenue', 'Revenue')}
        </fieldset>
        <fieldset>
          <legend>Measurement</legend>
          {field('attributionDays', 'Attribution window (days)', 'A member’s orders count for the campaign this many days after they were contacted')}
          {field('holdoutPercent', 'Holdout share (%)', 'Kept out of each new run, never contacted, to measure what the campaign adds')}
        </fieldset>
        <p className="plan-form__roi" aria-live="polite">
          Predicted ROI: <strong data-figure="predicted-roi">{percentText(predicted)}</strong>
          <span className="muted"> (expected revenue against the planned costs, or the budget when none is planned)</span>
        </p>
        <FormError message={submit.error} />
        <div className="plan-form__actions">
          <button type="submit" className="button button--primary" disabled={submit.busy}>
            {submit.busy ? 'Saving…' : 'Save plan'}
          </button>
          {savedAt && (
            <span role="status" className="muted">
              Plan saved.
            </span>
          )}
        </div>
      </form>
    </div>
  );
}
